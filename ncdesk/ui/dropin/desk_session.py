"""The session the desk is working on, as its writes see it on the writer thread.

A session the schedule expects is recorded ('opened') by the first thing done in it — a
check-in, a count, a volunteer — not by merely looking at the Today screen, so a week when
nobody came leaves no empty session behind to be counted in a grant return.

Writes run one at a time, in the order asked, on the runner's writer thread. The check-ins
made here are stacked there too, so Ctrl+Z pressed straight after Enter undoes the right one
even if the check-in has not reported back to the screen yet.
"""

from __future__ import annotations

import threading

from ncdesk.core.db import Database
from ncdesk.core.services.activities import SessionInfo, open_session_id
from ncdesk.core.services.desk import CheckIn


class DeskSession:
    def __init__(self, db: Database, info: SessionInfo):
        self._db = db
        self.info = info
        self._id = info.id
        self._lock = threading.Lock()
        self._made: list[CheckIn] = []  # check-ins made at this desk, newest last

    @property
    def id(self) -> int | None:
        """The recorded session's id; None until something is done in an expected session."""
        with self._lock:
            return self._id

    def update(self, info: SessionInfo) -> None:
        """Newer details of the same session (an expected one reloaded after it was opened
        here keeps the id this desk already has)."""
        with self._lock:
            if info.id is not None:
                self._id = info.id
                self.info = info
            elif self._id is None:
                self.info = info

    def open(self) -> int:
        """The session's id, recording the session first if need be (writer thread)."""
        with self._lock:
            if self._id is None:
                self._id = open_session_id(self._db, self.info.activity_id, self.info.date)
            return self._id

    def made(self, check_in: CheckIn) -> None:
        if not check_in.already:
            with self._lock:
                self._made.append(check_in)

    def take_last(self) -> CheckIn | None:
        """The newest check-in made here, removed from the stack (None when there is none)."""
        with self._lock:
            return self._made.pop() if self._made else None

    def put_back(self, check_in: CheckIn) -> None:
        """A check-in taken for undoing that was not undone after all (newest again)."""
        with self._lock:
            self._made.append(check_in)

    def forget(self, attendance_id: int) -> None:
        """A check-in taken back some other way can no longer be undone."""
        with self._lock:
            self._made = [c for c in self._made if c.attendance_id != attendance_id]

    def can_undo(self) -> bool:
        with self._lock:
            return bool(self._made)
