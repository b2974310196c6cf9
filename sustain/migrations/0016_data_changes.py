"""Per-table change counts kept by the database itself (``sustain.services.dataversion``).

Every write to a table the public answers read (by any process, any statement: saves, bulk
writes, ``UPDATE``/``DELETE`` of a queryset, raw SQL, ``TRUNCATE``) moves its count in the same
transaction, so the data version changes exactly when the write commits.

* PostgreSQL: a statement-level trigger inserts one row ``(table, 1)`` per writing statement;
  inserts never wait for each other, so concurrent writers of one table do not queue behind a
  counter row until they commit. When a table has more than 32 rows they are merged into one
  holding their sum (rows another transaction is merging are skipped, never waited for), so a
  version reads a few rows. Every statement moves the version, so an answer built inside a
  writing transaction is never taken for the state after its next write.
* SQLite: no statement-level triggers; row-level ones add one to the table's single row (SQLite
  runs one writer at a time anyway).
"""

import time

from django.db import migrations

TABLES = (
    "sustain_communityenterprise",
    "sustain_emissionfactor",
    "sustain_installationestimate",
    "sustain_material",
    "sustain_municipality",
    "sustain_solarinstallation",
    "sustain_village",
    "sustain_wastepoint",
    "sustain_weatherdataset",
)

POSTGRESQL_FUNCTION = """
CREATE FUNCTION sustain_data_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO sustain_datachange (table_name, changes) VALUES (TG_TABLE_NAME, 1);
    IF (SELECT count(*) FROM sustain_datachange WHERE table_name = TG_TABLE_NAME) > 32 THEN
        WITH merged AS (
            DELETE FROM sustain_datachange WHERE id IN (
                SELECT id FROM sustain_datachange WHERE table_name = TG_TABLE_NAME
                FOR UPDATE SKIP LOCKED
            ) RETURNING changes
        )
        INSERT INTO sustain_datachange (table_name, changes)
        SELECT TG_TABLE_NAME, sum(changes) FROM merged HAVING count(*) > 0;
    END IF;
    RETURN NULL;
END
$$;
"""


def _forward(apps: object, schema_editor: object) -> None:
    vendor = schema_editor.connection.vendor  # type: ignore[attr-defined]
    run = schema_editor.execute  # type: ignore[attr-defined]
    # Counts start at this microsecond: created again (migrated back and forth), the table never
    # gives a version it gave before, which an old cache entry could still be kept under.
    start = time.time_ns() // 1000
    if vendor == "postgresql":
        run(
            "CREATE TABLE sustain_datachange (id bigserial PRIMARY KEY, "
            "table_name text NOT NULL, changes bigint NOT NULL)"
        )
        run("CREATE INDEX sustain_datachange_table ON sustain_datachange (table_name)")
        run(POSTGRESQL_FUNCTION)
        for table in TABLES:
            run(
                f"CREATE TRIGGER {table}_changed AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE "
                f"ON {table} FOR EACH STATEMENT EXECUTE FUNCTION sustain_data_changed()"
            )
            run("INSERT INTO sustain_datachange (table_name, changes) VALUES (%s, %s)", [table, start])
    elif vendor == "sqlite":
        run(
            "CREATE TABLE sustain_datachange (id integer PRIMARY KEY AUTOINCREMENT, "
            "table_name text NOT NULL UNIQUE, changes integer NOT NULL)"
        )
        for table in TABLES:
            run("INSERT INTO sustain_datachange (table_name, changes) VALUES (%s, %s)", [table, start])
            for event in ("INSERT", "UPDATE", "DELETE"):
                # The INSERT brings the row back if something deleted it (a test's flush): a
                # new id, so no earlier version ever comes back.
                run(
                    f"CREATE TRIGGER {table}_{event.lower()}_changed AFTER {event} ON {table} "
                    f"BEGIN INSERT INTO sustain_datachange (table_name, changes) "
                    f"SELECT '{table}', 0 WHERE NOT EXISTS (SELECT 1 FROM sustain_datachange "
                    f"WHERE table_name = '{table}'); UPDATE sustain_datachange "
                    f"SET changes = changes + 1 WHERE table_name = '{table}'; END"
                )
    else:
        raise NotImplementedError(f"data versions need triggers written for {vendor}")


def _backward(apps: object, schema_editor: object) -> None:
    vendor = schema_editor.connection.vendor  # type: ignore[attr-defined]
    run = schema_editor.execute  # type: ignore[attr-defined]
    if vendor == "postgresql":
        for table in TABLES:
            run(f"DROP TRIGGER IF EXISTS {table}_changed ON {table}")
        run("DROP FUNCTION IF EXISTS sustain_data_changed()")
    else:
        for table in TABLES:
            for event in ("insert", "update", "delete"):
                run(f"DROP TRIGGER IF EXISTS {table}_{event}_changed")
    run("DROP TABLE IF EXISTS sustain_datachange")


class Migration(migrations.Migration):
    dependencies = [
        ("sustain", "0015_verbose_names"),
    ]

    operations = [migrations.RunPython(_forward, _backward)]
