"""What a database on a PostgreSQL server needs that a SQLite file gets for free.

- **One writer at a time.** On a file, `BEGIN IMMEDIATE` takes SQLite's write lock before a
  transaction reads anything, so what it reads (the tip of the audit chain, the next
  reference, whether a scooter is out) stays true until it commits. On a server the same
  guarantee comes from one transaction-level advisory lock that every write transaction
  takes first and PostgreSQL releases at commit or rollback: desks still read in parallel,
  and writes, each a few milliseconds, queue as they do on a file.
- **Sequences in step.** A row inserted with an explicit id (a list seeded by a migration, a
  demo, a copy) does not move PostgreSQL's sequence, so the next ordinary insert would
  collide with it; after such inserts every sequence is set past the largest id.
- **Plain faults.** A lost network, a server that went away, a wait too long for the write
  lock: each becomes a plain sentence, never a driver's traceback.
"""

from __future__ import annotations

from sqlalchemy import Connection, inspect, text
from sqlalchemy.orm import Session

from ncdesk.core.errors import (
    CannotWrite,
    DatabaseBusy,
    DatabaseError,
    DiskFull,
    NcdeskError,
    ServerUnreachable,
)

# The advisory lock's number: any constant no other program on the server uses ("ncdesk").
WRITE_LOCK = 0x6E636465736B
# How long a desk waits for another's write before saying so (SQLite's busy timeout is 5 s;
# a server over a network gets longer).
LOCK_WAIT = "15s"


def take_write_lock(session: Session) -> None:
    """Queue behind any other desk's write transaction (PostgreSQL only; SQLite's
    `BEGIN IMMEDIATE` does this for a file). Taking it twice in one transaction is harmless."""
    if session.get_bind().dialect.name != "postgresql":
        return
    session.execute(text(f"SET LOCAL lock_timeout = '{LOCK_WAIT}'"))
    session.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": WRITE_LOCK})


def sequences_in_step(connection: Connection) -> None:
    """Set every table's id sequence past its largest id, after rows were inserted with
    explicit ids (PostgreSQL only: SQLite's next id is always the largest plus one)."""
    if connection.dialect.name != "postgresql":
        return
    inspector = inspect(connection)
    for table in inspector.get_table_names():
        for column in inspector.get_columns(table):
            sequence = connection.scalar(
                text("SELECT pg_get_serial_sequence(:table, :column)"),
                {"table": f'"{table}"', "column": column["name"]},
            )
            if sequence is None:
                continue
            connection.execute(
                text(
                    f'SELECT setval(:sequence, coalesce(max("{column["name"]}"), 0) + 1, false) '
                    f'FROM "{table}"'
                ),
                {"sequence": sequence},
            )


def server_fault(original: BaseException, where: str) -> NcdeskError | None:
    """The plain error for a PostgreSQL fault the user can act on, or None. Only the kind of
    fault is looked at (its SQLSTATE), never the driver's text, which may quote values."""
    if not type(original).__module__.startswith("psycopg"):
        return None
    state = getattr(original, "sqlstate", None) or ""
    if state in ("55P03", "40001", "40P01"):  # lock wait too long, serialisation, deadlock
        return DatabaseBusy(
            "another desk was saving at the same moment and ncdesk waited too long; "
            "nothing was changed: try again"
        )
    if state == "53100":
        return DiskFull(f"the database server {where} is out of disk space: nothing was changed")
    if state == "25006":
        return CannotWrite(f"the database server {where} is read-only now: nothing was changed")
    if state in ("28000", "28P01"):
        return DatabaseError(
            f"the database server {where} refused the user name or password in the connection URL"
        )
    if state == "3D000":
        return DatabaseError(f"there is no such database on the server {where}")
    lost = state.startswith("08") or state in ("57P01", "57P02", "57P03")
    if lost or (not state and type(original).__name__ == "OperationalError"):
        return ServerUnreachable(
            f"ncdesk cannot reach the database server {where}: check this PC's network "
            "connection and try again. A change being saved when the connection went is "
            "either saved whole or not at all."
        )
    return None
