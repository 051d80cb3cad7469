"""What the desk reads in the background: the day's sessions and activities, one session's
details with who is here and who is volunteering, and who is likely to come. Each answer
that arrives after a newer question was asked is dropped, so a slow read never shows
yesterday's list over today's."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QObject, Signal

from ncdesk.core.parsing import today
from ncdesk.core.services.activities import SessionInfo, get_session, list_activities, sessions_on
from ncdesk.core.services.bookings import bookings_on
from ncdesk.core.services.desk import Attendee, attendees, likely_here
from ncdesk.core.services.volunteers import Shift, volunteers
from ncdesk.ui.common.desk_context import DeskContext
from ncdesk.ui.common.qt_fixes import emit
from ncdesk.ui.dropin.desk_session import DeskSession

SessionAnswer = tuple[int, SessionInfo, list[Attendee], list[Shift]]


class DeskReads(QObject):
    """`day_loaded(date, sessions, activities)`; `session_loaded(session, info, here, shifts,
    new)` for the session last asked about."""

    day_loaded = Signal(object, object, object)
    session_loaded = Signal(object, object, object, object, bool)

    def __init__(self, ctx: DeskContext, parent: QObject | None = None):
        super().__init__(parent)
        self._ctx = ctx
        self.day: date | None = None
        self._asked = 0  # number of the latest session read asked for
        # Who is likely at the session shown (visits): the check-in puts them first.
        self.likely: dict[int, int] = {}
        self.booking_notes: dict[int, str] = {}  # person id -> what they are booked for
        self._likely_for: tuple[int, date] | None = None

    def load_day(self) -> None:
        day = self.day = today()
        db = self._ctx.db
        self._ctx.tasks.run_query(
            lambda: (day, sessions_on(db, day), list_activities(db)), self._day_answered
        )

    def _day_answered(self, loaded: tuple[date, list[SessionInfo], object]) -> None:
        day, sessions, activities = loaded
        if day == self.day:
            emit(self.day_loaded, day, sessions, activities)

    def load_session(self, session: DeskSession, *, new: bool) -> None:
        self._asked += 1
        number, db, session_id = self._asked, self._ctx.db, session.id
        if session_id is None:  # expected by the timetable, nothing recorded yet
            emit(self.session_loaded, session, None, [], [], new)
            return
        self._ctx.tasks.run_query(
            lambda: (
                number,
                get_session(db, session_id),
                attendees(db, session_id),
                volunteers(db, session_id),
            ),
            lambda loaded: self._session_answered(session, loaded, new),
        )

    def _session_answered(self, session: DeskSession, loaded: SessionAnswer, new: bool) -> None:
        number, info, here, shifts = loaded
        if number == self._asked:
            emit(self.session_loaded, session, info, here, shifts, new)

    def load_likely(self, info: SessionInfo) -> None:
        """Who is likely at the session (booked people first), and the notes of bookings."""
        wanted = self._likely_for = (info.activity_id, info.date)
        self.likely = {}
        self.booking_notes = {}
        db = self._ctx.db

        def read() -> tuple[dict[int, int], dict[int, str]]:
            notes = {b.person_id: b.note for b in bookings_on(db, *wanted) if b.note}
            return likely_here(db, *wanted), notes

        self._ctx.tasks.run_query(read, lambda loaded: self._likely_answered(wanted, *loaded))

    def _likely_answered(
        self, wanted: tuple[int, date], likely: dict[int, int], notes: dict[int, str]
    ) -> None:
        if wanted == self._likely_for:
            self.likely, self.booking_notes = likely, notes
