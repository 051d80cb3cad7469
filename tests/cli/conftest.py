"""Helpers for driving `ncdesk` commands in-process and reading what they printed."""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from pathlib import Path

import pytest

from ncdesk.cli import main
from tests import databases
from tests.disks import read_only_folder, small_disk  # noqa: F401  (fixtures)


@dataclass
class Result:
    code: int
    out: str
    err: str


@pytest.fixture
def ncdesk(capsys: pytest.CaptureFixture[str]):
    """Run `ncdesk ARGS...` as a user would and return its exit code and output."""

    def run(*args: object) -> Result:
        words = [str(a) for a in args]
        if databases.POSTGRES is not None:  # each database path stands for a server database
            words = [
                databases.url_of(w) if before == "--db" and w.strip() and "://" not in w else w
                for before, w in zip(["", *words], words, strict=False)
            ]
        code = main(words)
        captured = capsys.readouterr()
        assert "Traceback" not in captured.err
        return Result(code, captured.out, captured.err)

    return run


def content(db: Path) -> str:
    """The database's whole content as text, to prove a refused import changed nothing (in a
    --postgres run, the content of the server database standing for `db`)."""
    if databases.POSTGRES is not None:
        return server_content(databases.url_of(db))
    conn = sqlite3.connect(db)
    try:
        return "\n".join(conn.iterdump())
    finally:
        conn.close()


def server_content(url: str) -> str:
    """Every row of every table, in a fixed order, as text (the tables the models declare,
    which a test checks are exactly those the migrations make)."""
    from sqlalchemy import create_engine, select

    from ncdesk.core.models import Base

    engine = create_engine(url)
    try:
        lines = []
        with engine.connect() as conn:
            for table in Base.metadata.sorted_tables:
                rows = conn.execute(select(table).order_by(*table.primary_key.columns or table.c))
                lines += [f"{table.name}: {tuple(row)!r}" for row in rows]
        return "\n".join(lines)
    finally:
        engine.dispose()


def write_csv(path: Path, text: str, *, bom: bool = False) -> Path:
    path.write_bytes((b"\xef\xbb\xbf" if bom else b"") + text.encode("utf-8"))
    return path
