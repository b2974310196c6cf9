"""Named locks that serialise writers which must not interleave (commits, fleet switches, batches).

On PostgreSQL a transaction-scoped advisory lock: held until the transaction ends, released by the
server even if the process is killed. SQLite needs none: every transaction takes the database's
write lock when it begins (``transaction_mode`` IMMEDIATE in settings), which serialises writers.
"""

import hashlib

from django.db import connection, transaction

# Writers of estimates, per-kWp profiles and readings' expectations: they must all use one weather.
SOLAR = "solar-estimates"


def lock_key(name: str) -> int:
    """A stable signed 64-bit key for ``name`` (PostgreSQL advisory locks take a bigint)."""
    digest = hashlib.blake2b(f"sustain:{name}".encode(), digest_size=8).digest()
    return int.from_bytes(digest, "big", signed=True)


def named_lock(name: str) -> None:
    """Wait for, then hold, the lock ``name`` until the current transaction ends."""
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("named_lock needs a transaction (transaction.atomic)")
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [lock_key(name)])
