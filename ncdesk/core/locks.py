"""Which ncdesk processes have a database file open, through an operating-system lock on
`NAME.lock` beside it (portalocker: flock on Linux and macOS, LockFileEx on Windows).

Every open database holds a shared lock for as long as it is open; an action that must have
the file to itself (restore, encryption) takes the lock exclusively, and is refused plainly
while any other ncdesk, a window or a command, has the file open. The operating system drops
the lock when a process ends, however it ends, so a crash never leaves a stale lock.

A window also holds `NAME.window` exclusively for as long as it is open (`sole_window`), so a
second window on the same database is told so at start-up instead of meeting the first one's
locks later (commands take no such lock: they may run beside a window).
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import IO

import portalocker

from ncdesk.core.errors import DatabaseInUse, OpenInAnotherWindow


def lock_path(db_path: Path) -> Path:
    return db_path.with_name(db_path.name + ".lock")


def window_lock_path(db_path: Path) -> Path:
    return db_path.with_name(db_path.name + ".window")


class OpenLock:
    """The shared lock an open database holds until it is closed."""

    def __init__(self, db_path: Path) -> None:
        self._file: IO[bytes] | None = _lock_file(lock_path(db_path))
        if self._file is None:
            return
        try:
            portalocker.lock(
                self._file, portalocker.LockFlags.SHARED | portalocker.LockFlags.NON_BLOCKING
            )
        except portalocker.LockException:
            self._file.close()
            raise DatabaseInUse(
                f"{db_path} is being restored or encrypted by another ncdesk; "
                "try again when it has finished"
            ) from None

    def release(self) -> None:
        if self._file is not None:
            self._file.close()  # closing drops the lock
            self._file = None


class WindowHold:
    """The exclusive lock one ncdesk window holds on `NAME.window` while it is open."""

    def __init__(self, handle: IO[bytes] | None) -> None:
        self._file = handle

    def release(self) -> None:
        if self._file is not None:
            self._file.close()  # closing drops the lock
            self._file = None


def sole_window(db_path: Path) -> WindowHold:
    """Hold the database for this window, or refuse at once if another window has it. Where
    the lock file cannot be made (a read-only folder) nothing is held, as for `OpenLock`."""
    handle = _lock_file(window_lock_path(db_path))
    if handle is not None:
        try:
            portalocker.lock(
                handle, portalocker.LockFlags.EXCLUSIVE | portalocker.LockFlags.NON_BLOCKING
            )
        except portalocker.LockException:
            handle.close()
            raise OpenInAnotherWindow(
                "This database is already open in another ncdesk window on this PC. Close that "
                "window first, or switch to it."
            ) from None
    return WindowHold(handle)


@contextmanager
def sole_use(db_path: Path, action: str) -> Iterator[None]:
    """Hold the database to ourselves for `action` ('restore', 'encrypt'), or refuse at once
    if any other ncdesk has it open."""
    handle = _lock_file(lock_path(db_path))
    if handle is None:
        yield
        return
    try:
        portalocker.lock(
            handle, portalocker.LockFlags.EXCLUSIVE | portalocker.LockFlags.NON_BLOCKING
        )
    except portalocker.LockException:
        handle.close()
        raise DatabaseInUse(
            f"another ncdesk (a window or a command) has {db_path} open; close it, then "
            f"{action} again: nothing was changed"
        ) from None
    try:
        yield
    finally:
        handle.close()


def _lock_file(path: Path) -> IO[bytes] | None:
    """A lock file, created if needed; None where it cannot be (a read-only folder, where
    nothing can be written anyway)."""
    try:
        return path.open("a+b")
    except OSError:
        return None
