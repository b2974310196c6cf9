"""Data versions are counted by the database: every kind of write, by any connection, changes the
version of each topic that reads the table the moment it commits; a rolled-back write does not;
reading a version is one query of a few rows; writers of one table never wait for each other on
PostgreSQL."""

import threading
from collections.abc import Callable

import pytest
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from sustain.models import (
    InstallationEstimate,
    Material,
    SolarInstallation,
    Village,
    WeatherDataset,
)
from sustain.services import dataversion
from sustain.services.dataversion import data_version

pytestmark = pytest.mark.django_db


def _raw(sql: str, params: list[str | int]) -> None:
    with connection.cursor() as cursor:
        cursor.execute(sql, params)


def _save() -> None:
    SolarInstallation.objects.order_by("pk")[0].save()


def _delete() -> None:
    SolarInstallation.objects.order_by("pk")[0].delete()


def _upsert() -> None:
    InstallationEstimate.objects.bulk_create(
        [InstallationEstimate.objects.order_by("pk")[0]],
        update_conflicts=True,
        unique_fields=["installation"],
        update_fields=["annual_kwh"],
    )


WRITES: dict[str, Callable[[], object]] = {
    "save": _save,
    "delete": _delete,
    "bulk_create": lambda: Village.objects.bulk_create([Village(moo=77, name_th="หมู่ 77")]),
    "bulk upsert": _upsert,
    "bulk_update": lambda: SolarInstallation.objects.bulk_update(
        list(SolarInstallation.objects.all()), ["name"]
    ),
    "queryset update": lambda: WeatherDataset.objects.update(description="no stamp moves"),
    "queryset delete": lambda: InstallationEstimate.objects.filter(annual_kwh__gte=0).delete(),
    "raw SQL UPDATE": lambda: _raw(
        "UPDATE sustain_solarinstallation SET name = %s WHERE id > %s", ["raw", 0]
    ),
    "rename weather": lambda: WeatherDataset.objects.filter(pk__gt=0).update(name="renamed"),
}
READERS = {  # a topic each write must move, and one it must not (None: every topic reads it)
    "save": ("installations", "waste_points"), "delete": ("sites", "waste_points"),
    "bulk_create": ("home", None), "bulk upsert": ("solar_summary", "sites"),
    "bulk_update": ("sites", "waste_points"), "queryset update": ("installations", "sites"),
    "queryset delete": ("installations", "waste_points"),
    "raw SQL UPDATE": ("home", "waste_points"), "rename weather": ("solar_summary", "sites"),
}  # fmt: skip


@pytest.mark.parametrize("kind", WRITES)
def test_every_kind_of_write_changes_the_version_at_once(estimated, kind):
    before = {topic: data_version(topic=topic) for topic in dataversion.TOPICS}
    WRITES[kind]()
    after = {topic: data_version(topic=topic) for topic in dataversion.TOPICS}
    moved, unmoved = READERS[kind]
    assert after[moved] != before[moved]
    if unmoved is not None:  # no table of it was written
        assert after[unmoved] == before[unmoved]


def test_a_write_to_an_unrelated_table_changes_nothing(estimated, waste_bank):
    before = data_version(topic="waste_points")
    SolarInstallation.objects.update(name="solar only")
    assert data_version(topic="waste_points") == before
    Material.objects.update(name_en="x")
    assert data_version(topic="waste_points") != before


def test_a_rolled_back_write_changes_nothing(estimated):
    before = data_version(topic="installations")
    with transaction.atomic():
        try:
            with transaction.atomic():
                SolarInstallation.objects.update(name="never")
                raise RuntimeError
        except RuntimeError:
            pass
    assert data_version(topic="installations") == before
    assert not SolarInstallation.objects.filter(name="never").exists()


def test_many_writes_in_one_transaction_and_many_transactions(estimated):
    """PostgreSQL merges a table's rows past 32; the version keeps moving and stays a few rows."""
    seen = {data_version(topic="installations")}
    for i in range(40):
        with transaction.atomic():
            SolarInstallation.objects.update(name=f"n{i}")
            SolarInstallation.objects.update(name=f"m{i}")
        seen.add(data_version(topic="installations"))
    assert len(seen) == 41
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT COUNT(*) FROM sustain_datachange WHERE table_name = %s",
            ["sustain_solarinstallation"],
        )
        assert cursor.fetchone()[0] <= 33


def test_a_version_is_one_query_of_the_changes_table(estimated):
    with CaptureQueriesContext(connection) as queries:
        data_version(topic="home")
    assert len(queries) == 1
    sql = queries.captured_queries[0]["sql"]
    assert "sustain_datachange" in sql and "COUNT(" not in sql.upper()


def test_every_topic_table_has_its_triggers():
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                "SELECT event_object_table, event_manipulation, action_orientation "
                "FROM information_schema.triggers WHERE trigger_name LIKE %s",
                ["%_changed"],
            )
            found = {(t, e) for t, e, level in cursor.fetchall() if level == "STATEMENT"}
            cursor.execute(  # TRUNCATE triggers are not in information_schema
                "SELECT c.relname FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid "
                "WHERE t.tgname LIKE %s AND (t.tgtype & 32) <> 0",
                ["%_changed"],
            )
            found |= {(name, "TRUNCATE") for (name,) in cursor.fetchall()}
            events: tuple[str, ...] = ("INSERT", "UPDATE", "DELETE", "TRUNCATE")
        else:
            cursor.execute("SELECT tbl_name, name FROM sqlite_master WHERE type = 'trigger'")
            found = {(t, name.split("_")[-2].upper()) for t, name in cursor.fetchall()}
            events = ("INSERT", "UPDATE", "DELETE")
    needed = {t for topic in dataversion.TOPICS for t in dataversion.tables(topic=topic)}
    assert {(t, e) for t in needed for e in events} <= found


@pytest.mark.django_db(transaction=True)
def test_another_connections_commit_changes_the_version_and_writers_do_not_wait(village_rows):
    """A write committed by another connection (another process) moves the version; two writers
    of one table hold no lock against each other until they commit (PostgreSQL); SQLite runs one
    writer at a time whatever the triggers."""
    before = data_version(topic="sites")
    started, release, errors = threading.Event(), threading.Event(), []

    def first_writer() -> None:
        try:
            with transaction.atomic():
                Village.objects.filter(moo=1).update(name_th="ก")
                started.set()
                release.wait(10)
        except Exception as exc:  # pragma: no cover - reported below
            errors.append(exc)
        finally:
            started.set()
            connection.close()

    thread = threading.Thread(target=first_writer)
    thread.start()
    started.wait(10)
    try:
        if connection.vendor == "postgresql":
            with transaction.atomic():
                _raw("SET LOCAL lock_timeout = '2s'", [])
                Village.objects.filter(moo=2).update(name_th="ข")  # would time out if it waited
            assert data_version(topic="sites") != before  # ours committed, theirs not yet
        else:
            assert connection.settings_dict["OPTIONS"]["transaction_mode"] == "IMMEDIATE"
    finally:
        release.set()
        thread.join(15)
    assert not errors
    assert data_version(topic="sites") != before
    names = set(Village.objects.values_list("name_th", flat=True))
    assert names == ({"ก", "ข"} if connection.vendor == "postgresql" else {"ก", "สอง"})


@pytest.fixture
def village_rows(db) -> None:
    Village.objects.bulk_create([Village(moo=1, name_th="หนึ่ง"), Village(moo=2, name_th="สอง")])


def test_estimates_upserted_later_move_the_version_again(estimated):
    first = data_version(topic="installations")
    InstallationEstimate.objects.update(computed_at=timezone.now())
    second = data_version(topic="installations")
    InstallationEstimate.objects.update(annual_kwh=1.0)
    assert len({first, second, data_version(topic="installations")}) == 3
