"""Helpers for driving `ncdesk` commands in-process and reading what they printed."""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from pathlib import Path

import pytest

from ncdesk.cli import main
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
        code = main([str(a) for a in args])
        captured = capsys.readouterr()
        assert "Traceback" not in captured.err
        return Result(code, captured.out, captured.err)

    return run


def content(db: Path) -> str:
    """The database's whole content as SQL text, to prove a refused import changed nothing."""
    conn = sqlite3.connect(db)
    try:
        return "\n".join(conn.iterdump())
    finally:
        conn.close()


def write_csv(path: Path, text: str, *, bom: bool = False) -> Path:
    path.write_bytes((b"\xef\xbb\xbf" if bom else b"") + text.encode("utf-8"))
    return path
