"""Every file ncdesk writes goes through here: it is written to a temporary file beside the
target and renamed into place only when complete, so a failure or a full disk leaves no
partial file; and an output path is never the open database, one of its companion files,
another database, or something that is not a regular file.

Database copies use SQLite's online backup API and are verified before they take the
target's name.
"""

from __future__ import annotations

import errno
import os
import sqlite3
import tempfile
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from ncdesk.core.cipher import connect, errors, looks_encrypted
from ncdesk.core.errors import (
    CannotWrite,
    DatabaseBusy,
    DatabaseError,
    DiskFull,
    NcdeskError,
    OutputRefused,
)

SQLITE_HEADER = b"SQLite format 3\x00"
# Files that belong to a database beside its main file.
COMPANION_SUFFIXES = ("-wal", "-shm", "-journal", ".lock", ".window", ".keys")

_open_databases: dict[Path, int] = {}
_guard = threading.Lock()


def companions(db_path: Path) -> tuple[Path, ...]:
    """The database file and the files SQLite and ncdesk keep beside it."""
    return (db_path,) + tuple(db_path.with_name(db_path.name + s) for s in COMPANION_SUFFIXES)


def protect(db_path: Path) -> None:
    """Note that this database is open: no output may be written over it or its companions."""
    with _guard:
        key = _real(db_path)
        _open_databases[key] = _open_databases.get(key, 0) + 1


def unprotect(db_path: Path) -> None:
    with _guard:
        key = _real(db_path)
        if _open_databases.get(key, 0) <= 1:
            _open_databases.pop(key, None)
        else:
            _open_databases[key] -= 1


def _real(path: Path) -> Path:
    return Path(os.path.realpath(path.expanduser()))


def is_sqlite_file(path: Path) -> bool:
    """True when the file starts with SQLite's header (a database, not a report)."""
    try:
        with path.open("rb") as f:
            return f.read(len(SQLITE_HEADER)) == SQLITE_HEADER
    except OSError:
        return False


def check_output_path(path: Path, *, may_replace_database: bool = False) -> Path:
    """The real path an output will be written to, or OutputRefused / CannotWrite saying why
    not. `may_replace_database` allows replacing an existing database file (an older backup,
    when the user said so); the open database and its companions are refused regardless."""
    target = _real(path)
    with _guard:
        open_files = {c for db in _open_databases for c in companions(db)}
    if target in open_files:
        raise OutputRefused(
            f"{path} is the database ncdesk has open (or one of its files); "
            "choose another name: nothing was written"
        )
    if target.exists() or target.is_symlink():
        if not target.is_file():
            raise OutputRefused(
                f"{path} is not a regular file (a folder or a device); choose a file name"
            )
        encrypted = target.with_name(target.name + ".keys").exists() and looks_encrypted(target)
        if (is_sqlite_file(target) or encrypted) and not may_replace_database:
            raise OutputRefused(
                f"{path} is a database, not a report or export; choose another name: "
                "nothing was written"
            )
    if not target.parent.is_dir():
        raise CannotWrite(f"the folder {target.parent} does not exist: nothing was written")
    return target


@contextmanager
def output_file(path: Path, *, may_replace_database: bool = False) -> Iterator[Path]:
    """Yields a temporary path beside `path` to write to; on success it is flushed to disk
    and renamed to `path`, on any failure it is removed and the target left as it was."""
    target = check_output_path(path, may_replace_database=may_replace_database)
    with _replacing(target) as partial:
        yield partial


def write_companion(path: Path, text: str) -> None:
    """A file ncdesk keeps beside a database (its key file), replaced safely. The one write
    allowed onto a companion of an open database: ncdesk's own, never a user's output."""
    with _replacing(Path(os.path.realpath(path))) as partial:
        partial.write_text(text, encoding="utf-8")


@contextmanager
def _replacing(target: Path) -> Iterator[Path]:
    """A temporary file beside `target`, renamed over it once written and flushed."""
    try:
        handle, temporary = tempfile.mkstemp(
            dir=target.parent, prefix=f".{target.name}.", suffix=".partial"
        )
    except OSError as exc:
        raise os_error(exc, target) from exc
    os.close(handle)
    partial = Path(temporary)
    try:
        yield partial
        _flush(partial)
        os.replace(partial, target)
    except OSError as exc:
        partial.unlink(missing_ok=True)
        raise os_error(exc, target) from exc
    except BaseException:
        partial.unlink(missing_ok=True)
        raise


def write_text(path: Path, text: str) -> None:
    """A whole text file (UTF-8), written safely."""
    with output_file(path) as partial:
        partial.write_text(text, encoding="utf-8")


def _flush(path: Path) -> None:
    """Make sure the bytes are on disk before the rename makes them the real file."""
    with path.open("rb+") as f:
        os.fsync(f.fileno())


def os_error(exc: OSError, path: Path) -> NcdeskError:
    """A plain sentence for a failed file operation (never the file's content)."""
    folder = path.parent
    if exc.errno in (errno.ENOSPC, getattr(errno, "EDQUOT", -1)):
        return DiskFull(f"the disk is full: nothing was changed ({path} was not written)")
    if exc.errno in (errno.EACCES, errno.EPERM, errno.EROFS):
        return CannotWrite(f"ncdesk cannot write to {folder}: nothing was changed")
    if exc.errno == errno.ENOENT:
        return CannotWrite(f"the folder {folder} does not exist: nothing was written")
    return NcdeskError(f"Could not write {path}: {exc.strerror or exc}")


def sqlite_error(exc: Exception, where: Path) -> NcdeskError:
    """A plain sentence for SQLite's own error (its message names no data)."""
    text = str(exc).lower()
    if "locked" in text or "busy" in text:
        return DatabaseBusy(
            f"another program is writing to {where}; try again when it has finished"
        )
    if "disk is full" in text:
        return DiskFull("the disk is full: nothing was changed")
    if "readonly" in text or "unable to open" in text:
        return CannotWrite(f"ncdesk cannot write to {where.parent}: nothing was changed")
    return DatabaseError(f"Could not copy the database {where}: {exc}")


class _GaveUp(Exception):
    """The backup API waited its time for another program's lock."""


def give_up_after(seconds: float) -> Callable[[int, int, int], None]:
    """A backup progress hook that stops a copy kept waiting on a lock for `seconds`
    (Python's backup() would otherwise retry for ever)."""
    deadline = time.monotonic() + seconds

    def progress(status: int, _remaining: int, _total: int) -> None:
        if status in (sqlite3.SQLITE_BUSY, sqlite3.SQLITE_LOCKED) and time.monotonic() > deadline:
            raise _GaveUp

    return progress


def backup_pages(source: Any, target: Any, where: Path) -> None:
    """SQLite's online backup from one connection to another, giving up with a plain
    DatabaseBusy after five seconds of waiting on another program."""
    try:
        source.backup(target, progress=give_up_after(5.0))
    except _GaveUp:
        raise DatabaseBusy(
            f"another program is writing to {where}; try again when it has finished: "
            "nothing was changed"
        ) from None


def copy_sqlite(
    source: Path, target: Path, *, key: bytes | None = None, may_replace_database: bool = False
) -> None:
    """Copy `source` to `target` while others may be using it, then check the copy is sound;
    only a sound, complete copy takes the target's name. An encrypted database (`key`) is
    copied page by page under the same key, so the copy is encrypted too."""
    with output_file(target, may_replace_database=may_replace_database) as partial:
        ok = copy_pages(source, partial, key, check="integrity_check", delete_journal=True)
        if ok != "ok":
            raise DatabaseError(f"The copy of {source} failed its integrity check: {ok}")


def copy_pages(
    source: Path, target: Path, key: bytes | None, *, check: str, delete_journal: bool = False
) -> str:
    """SQLite's online backup of `source` into `target` (a new file, or a live database,
    which then changes in one transaction), then SQLite's `check` pragma on the result;
    returns what the check said ('ok' when sound)."""
    where = target if not delete_journal else source
    try:
        src = connect(source, key, read_only=True)
        try:
            dst = connect(target, key)
            try:
                backup_pages(src, dst, where)
                if delete_journal:  # a file on its own, not a database in use
                    dst.execute("PRAGMA journal_mode=DELETE")
                return str(dst.execute(f"PRAGMA {check}").fetchone()[0])
            finally:
                dst.close()
        finally:
            src.close()
    except errors() as exc:
        raise sqlite_error(exc, where) from exc
