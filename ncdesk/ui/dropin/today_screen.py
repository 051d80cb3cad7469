"""The Today screen: the drop-in desk during a session.

It opens on today's session (a choice when there are several, 'Start session' when there are
none) with the cursor in the check-in field. Typing shows matches at once, Enter checks in the
top one, Up/Down pick another, Ctrl+Z takes the last check-in back. Someone new is added from
the same field without leaving the screen. The right-hand side lists who is here, counts
people who did not give a name, and records help and signposting; below the check-in field
are the session's volunteers and note.

This module lays the screen out and wires the pieces: the left-hand column is
`CheckInColumn`, every read is `DeskReads`, every write goes through `DeskWrites` (one at a
time and in order), every dialog is opened by `DeskDialogs`.
"""

from __future__ import annotations

from datetime import date, datetime

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import QFrame, QLabel, QSplitter, QStackedWidget, QVBoxLayout, QWidget

from ncdesk.core.parsing import today
from ncdesk.core.services.activities import ActivityInfo, SessionInfo, open_session
from ncdesk.core.services.desk import Attendee
from ncdesk.core.services.people import search_people
from ncdesk.core.services.volunteers import Shift
from ncdesk.ui.common.desk_context import DeskContext
from ncdesk.ui.common.qt_fixes import emit
from ncdesk.ui.common.tasks import BOOKINGS, DROPIN, OUTCOMES, PEOPLE
from ncdesk.ui.dropin.checkin_column import CheckInColumn
from ncdesk.ui.dropin.desk_dialogs import DeskDialogs
from ncdesk.ui.dropin.desk_reads import DeskReads
from ncdesk.ui.dropin.desk_session import DeskSession
from ncdesk.ui.dropin.desk_writes import DeskWrites
from ncdesk.ui.dropin.here_panel import HerePanel
from ncdesk.ui.dropin.outcomes_prompt import OutcomesPrompt
from ncdesk.ui.dropin.person_search import HereMap
from ncdesk.ui.dropin.session_bar import SessionBar, StartPage

PAGE_START, PAGE_DESK = range(2)


class TodayScreen(QWidget):
    """The desk. `checked_in` fires once a check-in is saved; `here_shown` each time the list
    of who is here is redrawn (tests and the benchmark wait on them)."""

    checked_in = Signal(object)  # CheckIn
    here_shown = Signal()

    def __init__(self, ctx: DeskContext, parent: QWidget | None = None):
        super().__init__(parent)
        self._ctx = ctx
        self._day_stale = True
        self._wanted: tuple[int, date] | None = None  # (activity id, date) to show next
        self._session: DeskSession | None = None
        self._attendees: list[Attendee] = []
        self.reads = DeskReads(ctx, self)

        self.bar = SessionBar(self)
        self.cancelled_banner = QLabel(self)
        self.cancelled_banner.setWordWrap(True)
        self.cancelled_banner.setFrameShape(QFrame.Shape.StyledPanel)
        self.cancelled_banner.setMargin(8)
        self.cancelled_banner.hide()
        self.start_page = StartPage(self)
        self.column = CheckInColumn(
            ctx, here=self.here_map, likely=lambda: self.reads.likely, session=lambda: self._session
        )
        self.checkin, self.first_timer = self.column.checkin, self.column.first_timer
        self.feedback, self.undo_button = self.column.feedback, self.column.undo_button
        self.volunteers = self.column.volunteers
        self.here = HerePanel(self)
        self.outcomes = OutcomesPrompt(ctx, self.here)
        self.here.add_below_list(self.outcomes)
        QWidget.setTabOrder(self.here.view, self.outcomes.button)
        QWidget.setTabOrder(self.outcomes.button, self.here.help_button)
        desk = QSplitter(Qt.Orientation.Horizontal, self)
        desk.setChildrenCollapsible(False)
        desk.addWidget(self.column)
        desk.addWidget(self.here)
        desk.setStretchFactor(0, 1)
        desk.setStretchFactor(1, 1)
        QWidget.setTabOrder(self.volunteers.save_note_button, self.here.fewer_button)
        self.pages = QStackedWidget(self)
        self.pages.addWidget(self.start_page)
        self.pages.addWidget(desk)
        layout = QVBoxLayout(self)
        layout.addWidget(self.bar)
        layout.addWidget(self.cancelled_banner)
        layout.addWidget(self.pages, 1)
        self.bar.hide()

        self.writes = DeskWrites(
            ctx,
            session=lambda: self._session,
            here=self.here_map,
            checkin=self.checkin,
            first_timer=self.first_timer,
            here_panel=self.here,
            screen=self,
            booking_note=lambda person_id: self.reads.booking_notes.get(person_id, ""),
        )
        self.dialogs = DeskDialogs(ctx, lambda: self._session, self.writes, self)
        self._wire()
        ctx.changes.changed.connect(self._data_changed)

    def _wire(self) -> None:
        """Connect what the user does to the writes and dialogs, and what they say back."""
        writes, dialogs, column = self.writes, self.dialogs, self.column
        self.reads.day_loaded.connect(self._day_loaded)
        self.reads.session_loaded.connect(self._session_loaded)
        self.bar.chosen.connect(self._session_chosen)
        self.bar.print_asked.connect(lambda: dialogs.print_sign_in_sheet())
        self.bar.paper_asked.connect(dialogs.enter_paper_sheet)
        self.bar.start_other_asked.connect(lambda: self.show_start_page(another=True))
        self.bar.cancel_asked.connect(dialogs.ask_to_cancel)
        self.bar.uncancel_asked.connect(lambda: writes.set_cancelled(False, ""))
        self.bar.bookings_asked.connect(lambda: dialogs.open_bookings())
        self.start_page.start_asked.connect(self.start_session)
        self.start_page.back_asked.connect(lambda: self._show_page(PAGE_DESK))
        self.checkin.person_chosen.connect(writes.check_in_person)
        self.checkin.new_person_asked.connect(writes.start_first_timer)
        self.checkin.undo_asked.connect(writes.undo_last)
        self.first_timer.add_asked.connect(writes.add_first_timer)
        self.undo_button.clicked.connect(writes.undo_last)
        self.here.help_asked.connect(self.open_help)
        self.here.take_back_asked.connect(writes.take_back_selected)
        self.here.undo_asked.connect(writes.undo_last)
        self.here.anonymous_changed.connect(self.change_anonymous)
        writes.said.connect(column.say)
        writes.checked_in.connect(self.checked_in)
        writes.undo_changed.connect(self._show_undo_state)
        writes.cancelled_changed.connect(self.load_day)
        writes.duplicate_suspected.connect(dialogs.show_likely_matches)
        dialogs.said.connect(column.say)
        dialogs.linked.connect(column.say_with_link)
        dialogs.dialog_closed.connect(self.checkin.focus)
        self.outcomes.said.connect(column.say)
        self.outcomes.form_closed.connect(self.checkin.focus)
        self.here.view.selectionModel().currentChanged.connect(
            lambda _now, _before: self.outcomes.select(self.here.selected())
        )
        for keys, slot in (
            (["Alt+=", "Alt++", "Alt+Shift+="], lambda: self.change_anonymous(+1)),
            (["Alt+-"], lambda: self.change_anonymous(-1)),
            (["Ctrl+H"], self.open_help),
            (["Ctrl+N"], self.checkin.ask_new),
        ):
            for key in keys:
                shortcut = QShortcut(QKeySequence(key), self)
                shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
                shortcut.activated.connect(slot)

    # --- what the Drop-in area and tests use ------------------------------------------------

    @property
    def title(self) -> str:
        return self.tr("Today")

    @property
    def session(self) -> DeskSession | None:
        return self._session

    def activate(self) -> None:
        """Coming into view: today's sessions are (re)loaded if the day changed or something
        was changed elsewhere, and the cursor goes to the check-in field."""
        if self.reads.day is None:  # first time: get type-ahead ready while the day loads
            db = self._ctx.db
            self._ctx.tasks.run_query(lambda: search_people(db, "a", limit=1))
        if self.reads.day != today() or self._day_stale:
            self.load_day()
        self.focus_check_in()

    def focus_check_in(self) -> None:
        if self.pages.currentIndex() == PAGE_DESK:
            self.checkin.focus()
        else:
            self.start_page.activity.setFocus(Qt.FocusReason.OtherFocusReason)

    def load_day(self) -> None:
        self._day_stale = False
        self.reads.load_day()

    def here_map(self) -> HereMap:
        """Who is here or being checked in: the check-in matches mark them."""
        here: dict[int, datetime | None] = {a.person_id: a.checked_in_at for a in self._attendees}
        for person_id in self.writes.pending():
            here.setdefault(person_id, None)
        return here

    def is_busy(self) -> bool:
        """True while a write or a read has not come back (tests wait for quiet)."""
        return self.writes.busy() or self._ctx.tasks.busy() or self.checkin.is_searching()

    def change_anonymous(self, delta: int) -> None:
        if self.pages.currentIndex() == PAGE_DESK:
            self.writes.change_anonymous(delta)

    def open_help(self) -> None:
        """Help and signposting for the highlighted person (the latest arrival if none)."""
        attendee = self.here.selected() or (self._attendees[0] if self._attendees else None)
        self.dialogs.open_help(attendee)

    def start_session(self, activity: ActivityInfo) -> None:
        day, db = today(), self._ctx.db
        self._ctx.tasks.run_operation(
            lambda: open_session(db, activity.id, day), self._session_started, changes=(DROPIN,)
        )

    def show_start_page(self, *, another: bool = False) -> None:
        self._show_page(PAGE_START)
        self.start_page.prepare(another=another)

    def refresh_session(self, *, new: bool = False) -> None:
        if self._session is not None:
            self.reads.load_session(self._session, new=new)

    # --- inside: showing the day and the session --------------------------------------------

    def _session_started(self, info: SessionInfo) -> None:
        self._wanted = (info.activity_id, info.date)
        self.load_day()

    def _day_loaded(
        self, _day: date, sessions: list[SessionInfo], activities: list[ActivityInfo]
    ) -> None:
        wanted, self._wanted = self._wanted, None
        if wanted is None and self._session is not None:
            wanted = (self._session.info.activity_id, self._session.info.date)
        self.start_page.show_activities(activities)
        index = self.bar.show_sessions(sessions, wanted)
        self.bar.setVisible(bool(sessions))
        if not sessions:
            self._session = None
            self.show_start_page()
            return
        self._session_chosen(sessions[index])

    def _session_chosen(self, info: SessionInfo) -> None:
        current = self._session
        same = current is not None and current.info.activity_id == info.activity_id
        same = same and current is not None and current.info.date == info.date
        if same and current is not None:
            current.update(info)
        else:
            self._session = DeskSession(self._ctx.db, info)
            self._attendees = []
            self.writes.forget_pending()
            self.first_timer.hide()
            self.checkin.clear()
            self.column.say("")
            self.reads.load_likely(info)
        self._show_page(PAGE_DESK)
        self.refresh_session(new=not same)

    def _session_loaded(
        self,
        session: DeskSession,
        info: SessionInfo | None,
        here: list[Attendee],
        shifts: list[Shift],
        new: bool,
    ) -> None:
        if session is not self._session:
            return
        if info is not None:
            session.update(info)
        self._attendees = here
        self.writes.saved(here)
        self.here.show_attendees(here, self.writes.take_selection())
        self.here.show_counts(session.info.anonymous_count)
        self.outcomes.show_for(here, self.here.selected())
        self.volunteers.show_session(session, shifts, new=new)
        self._show_session_state()
        self.checkin.refresh_marks()
        emit(self.here_shown)

    def _show_session_state(self) -> None:
        session = self._session
        cancelled = bool(session and session.info.cancelled)
        if session is not None and cancelled:
            reason = session.info.cancel_reason
            self.cancelled_banner.setText(
                self.tr(
                    "\N{WARNING SIGN} This session was cancelled{reason}. Nobody can be checked "
                    "in unless the cancellation is taken back (More › Take back the "
                    "cancellation)."
                ).format(reason=f" ({reason})" if reason else "")
            )
        self.cancelled_banner.setVisible(cancelled and self.pages.currentIndex() == PAGE_DESK)
        self.bar.show_cancelled(cancelled)
        self.here.set_counting_allowed(not cancelled)
        self._show_undo_state()

    def _show_undo_state(self) -> None:
        session = self._session
        self.undo_button.setEnabled(bool(session and (session.can_undo() or self.writes.busy())))

    def _show_page(self, page: int) -> None:
        self.pages.setCurrentIndex(page)
        self._show_session_state()
        if page == PAGE_DESK and self.isVisible():
            self.checkin.focus()

    def _data_changed(self, area: str) -> None:
        if area == DROPIN:
            self._day_stale = True
            self.refresh_session()
        elif area == PEOPLE:
            self.refresh_session()  # a name changed, or two people were merged
        elif area == OUTCOMES:
            self.outcomes.show_for(self._attendees, self.here.selected())
        elif area == BOOKINGS and self._session is not None:
            self.load_day()  # the count of bookings beside the session's name
            self.reads.load_likely(self._session.info)  # booked people come first, marked
