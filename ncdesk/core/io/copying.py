"""Copying every record to another, empty database (`ncdesk copy`): how a group moves from
one PC's file to a shared PostgreSQL server (or back), checked before it is called done.

Every table is copied whole, ids and all, parents before children, in one transaction on
the target, from one consistent read of the source; the sequences are set past the copied
ids afterwards. Then the copy is checked: the same number of rows in every table, an audit
chain that still holds, and the same grant figures for the last year on both sides. The
target's data is not encrypted by ncdesk (SQLCipher encrypts files only): a server is
protected by TLS on the wire and its own disk encryption (docs/multi-pc.md).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from sqlalchemy import Table, delete, func, insert, select, update
from sqlalchemy import exc as sa_exc
from sqlalchemy.orm import Session

from ncdesk.core.db import Database, describe, open_database, resolve_url
from ncdesk.core.errors import NcdeskError
from ncdesk.core.models import AuditEvent, Base, Person, UserAccount
from ncdesk.core.reports.metrics import compute, scope_for
from ncdesk.core.security import audit
from ncdesk.core.security.roles import ADMIN, needs
from ncdesk.core.server import sequences_in_step

CHUNK = 2_000
Progress = Callable[[str, int], None]  # table name, rows copied so far


@dataclass(frozen=True)
class CopyReport:
    """What was copied where, and what was checked."""

    target: str
    rows: dict[str, int]  # table name -> rows, the same on both sides
    period: tuple[date, date]  # the year whose grant figures were compared
    figures: int  # how many figures matched

    @property
    def total(self) -> int:
        return sum(self.rows.values())


def tables() -> list[Table]:
    """Every table of the schema, each after the tables it points at."""
    return list(Base.metadata.sorted_tables)


def _self_links(table: Table) -> list[str]:
    """Columns pointing at their own table (a merged person's survivor, a void's reversal):
    copied as empty first and filled in once every row of the table is there."""
    return [fk.parent.name for fk in table.foreign_keys if fk.column.table is table]


def _refuse_unless_empty(target: Session, where: str) -> None:
    """Anything done through ncdesk leaves a person, an account or an audit entry; a
    database without any holds nothing but the lists a new database starts with."""
    for model in (Person, UserAccount, AuditEvent):
        if target.scalar(select(func.count()).select_from(model)):
            raise NcdeskError(
                f"{where} already holds ncdesk records; copy only into an empty database "
                "(nothing was changed)"
            )


def _rows(source: Session, table: Table) -> Iterator[list[dict[str, Any]]]:
    order = list(table.primary_key.columns) or list(table.columns)
    result = source.execute(select(table).order_by(*order).execution_options(yield_per=CHUNK))
    for chunk in result.partitions(CHUNK):
        yield [dict(row._mapping) for row in chunk]


def _copy_table(source: Session, target: Session, table: Table, progress: Progress) -> None:
    links = _self_links(table)
    pending: list[dict[str, Any]] = []
    done = 0
    for rows in _rows(source, table):
        if links:
            pending += [
                {"pk": r["id"], **{c: r[c] for c in links}}
                for r in rows
                if any(r[c] is not None for c in links)
            ]
            rows = [{**r, **dict.fromkeys(links)} for r in rows]
        target.execute(insert(table), rows)
        done += len(rows)
        progress(table.name, done)
    for link in pending:
        values = {c: link[c] for c in links}
        target.execute(update(table).where(table.c.id == link["pk"]).values(**values))


def _counts(session: Session) -> dict[str, int]:
    return {t.name: session.scalar(select(func.count()).select_from(t)) or 0 for t in tables()}


def _consistent_read(session: Session) -> Session:
    """The source is read as of one moment (SQLite's read transaction gives that anyway)."""
    if session.get_bind().dialect.name == "postgresql":
        session.connection(execution_options={"isolation_level": "REPEATABLE READ"})
    return session


@needs(ADMIN, "copy the database")
def copy_database(
    db: Database, target_value: str, *, progress: Progress | None = None
) -> CopyReport:
    """Copy every record of `db` into the empty database `target_value` (a file path or a
    URL, made and brought to the current schema if new), then check the copy."""
    tick = progress or (lambda _table, _done: None)
    target_url = resolve_url(target_value)
    where = describe(target_url)
    if target_url == db.url:
        raise NcdeskError("the copy must go to another database, not onto itself")
    target = open_database(target_url)
    try:
        with db.session() as source, target.transaction() as into:
            _refuse_unless_empty(into, where)
            _consistent_read(source)
            for table in reversed(tables()):  # the lists a new database starts with
                into.execute(delete(table))
            try:
                for table in tables():
                    _copy_table(source, into, table, tick)
            except sa_exc.DBAPIError as exc:  # never the values: they may be personal data
                raise NcdeskError(
                    f"copying to {where} failed at table {table.name} "
                    f"({type(exc.orig).__name__}); nothing was written there"
                ) from None
            sequences_in_step(into.connection())
            rows = _counts(source)
        report = _check(db, target, rows, where)
        with db.transaction() as s:
            audit.record(s, db.actor, "copy", "database", None, f"copied to {where}")
        with target.transaction() as s:
            audit.record(s, db.actor, "copy", "database", None, f"copied from {describe(db.url)}")
        return report
    finally:
        target.close()


def _check(db: Database, target: Database, rows: dict[str, int], where: str) -> CopyReport:
    """The same rows, an unbroken audit chain and the same year of figures on both sides."""
    with target.session() as s:
        copied = _counts(s)
        broken = audit.first_break(s)
    wrong = [name for name in rows if rows[name] != copied[name]]
    if wrong:
        raise NcdeskError(
            f"the copy at {where} does not match: different numbers of rows in " + ", ".join(wrong)
        )
    if broken is not None:
        raise NcdeskError(f"the copy at {where} does not match: {broken}")
    end = date.today()
    start = end - timedelta(days=364)
    mine = compute(db, scope_for(db, start, end))
    theirs = compute(target, scope_for(target, start, end))
    differ = sorted(k for k in mine.keys() | theirs.keys() if mine.get(k) != theirs.get(k))
    if differ:
        raise NcdeskError(
            f"the copy at {where} gives different grant figures for {', '.join(differ[:5])}"
        )
    return CopyReport(where, rows, (start, end), len(mine))
