"""Which ncdesk processes have a database file open, through an operating-system lock on
`NAME.lock` beside it (portalocker: flock on Linux and macOS, LockFileEx on Windows).

Every open database holds a shared lock for as long as it is open; an action that must have
the file to itself (restore, encryption) takes the lock exclusively, and is refused plainly
while any other ncdesk, a window or a command, has the file open. The operating system drops
the lock when a process ends, however it ends, so a crash never leaves a stale lock.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import IO

import portalocker

from ncdesk.core.errors import DatabaseInUse


def lock_path(db_path: Path) -> Path:
    return db_path.with_name(db_path.name + ".lock")


class OpenLock:
    """The shared lock an open database holds until it is closed."""

    def __init__(self, db_path: Path) -> None:
        self._file: IO[bytes] | None = _lock_file(db_path)
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


@contextmanager
def sole_use(db_path: Path, action: str) -> Iterator[None]:
    """Hold the database to ourselves for `action` ('restore', 'encrypt'), or refuse at once
    if any other ncdesk has it open."""
    handle = _lock_file(db_path)
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


def _lock_file(db_path: Path) -> IO[bytes] | None:
    """The lock file, created if needed; None where it cannot be (a read-only folder, where
    nothing can be written anyway)."""
    try:
        return lock_path(db_path).open("a+b")
    except OSError:
        return None
