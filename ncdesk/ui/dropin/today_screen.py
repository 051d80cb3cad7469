"""The Today screen: the drop-in desk during a session.

It opens on today's session (a choice when there are several, 'Start session' when there are
none) with the cursor in the check-in field. Typing shows matches at once, Enter checks in the
top one, Up/Down pick another, Ctrl+Z takes the last check-in back. Someone new is added from
the same field without leaving the screen. The right-hand side lists who is here, counts
people who did not give a name, and records help and signposting; below the check-in field
are the session's volunteers and note.

This module lays the screen out, shows the day and the session, and wires the pieces: every
write goes through `DeskWrites` (one at a time and in order), every dialog is opened by
`DeskDialogs`.
"""

from __future__ import annotations

from datetime import date, datetime
from functools import partial

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeySequence, QPalette, QShortcut
from PySide6.QtWidgets import (
    QFrame,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSplitter,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from ncdesk.core.parsing import today
from ncdesk.core.services.activities import (
    ActivityInfo,
    SessionInfo,
    get_session,
    list_activities,
    open_session,
    sessions_on,
)
from ncdesk.core.services.desk import Attendee, attendees, likely_here
from ncdesk.core.services.people import search_people
from ncdesk.core.services.volunteers import Shift, volunteers
from ncdesk.ui.common.desk_context import DeskContext
from ncdesk.ui.common.qt_fixes import emit
from ncdesk.ui.common.tasks import DROPIN, PEOPLE
from ncdesk.ui.dropin.desk_dialogs import DeskDialogs
from ncdesk.ui.dropin.desk_session import DeskSession
from ncdesk.ui.dropin.desk_writes import DeskWrites
from ncdesk.ui.dropin.first_timer_form import FirstTimerForm
from ncdesk.ui.dropin.here_panel import HerePanel
from ncdesk.ui.dropin.person_search import HereMap, PersonSearch
from ncdesk.ui.dropin.session_bar import SessionBar, StartPage
from ncdesk.ui.dropin.volunteers_panel import VolunteersPanel
from ncdesk.ui.dropin.wording import HOW_HEARD

PAGE_START, PAGE_DESK = range(2)

# What comes back from the reads: the day's sessions and activities; one session's details.
DayLoaded = tuple[date, list[SessionInfo], list[ActivityInfo]]
SessionLoaded = tuple[int, DeskSession, SessionInfo | None, list[Attendee], list[Shift]]


class TodayScreen(QWidget):
    """The desk. `checked_in` fires once a check-in is saved; `here_shown` each time the list
    of who is here is redrawn (tests and the benchmark wait on them)."""

    checked_in = Signal(object)  # CheckIn
    here_shown = Signal()

    def __init__(self, ctx: DeskContext, parent: QWidget | None = None):
        super().__init__(parent)
        self._ctx = ctx
        self._day: date | None = None
        self._day_stale = True
        self._wanted: tuple[int, date] | None = None  # (activity id, date) to show next
        self._session: DeskSession | None = None
        self._attendees: list[Attendee] = []
        self._asked = 0  # number of the latest refresh asked for
        self._likely: dict[int, int] = {}  # likely at this session (visits): put first

        self.bar = SessionBar(self)
        self.cancelled_banner = QLabel(self)
        self.cancelled_banner.setWordWrap(True)
        self.cancelled_banner.setFrameShape(QFrame.Shape.StyledPanel)
        self.cancelled_banner.setMargin(8)
        self.cancelled_banner.hide()
        self.start_page = StartPage(self)
        self.desk_page = self._build_desk_page()
        self.pages = QStackedWidget(self)
        self.pages.addWidget(self.start_page)
        self.pages.addWidget(self.desk_page)
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
        )
        self.dialogs = DeskDialogs(ctx, lambda: self._session, self.writes, self)
        self._wire()
        ctx.changes.changed.connect(self._data_changed)

    def _build_desk_page(self) -> QWidget:
        page = QWidget(self)
        left = QWidget(page)
        self.checkin = PersonSearch(
            self._ctx,
            offer_new=True,
            here=self.here_map,
            take_undo=True,
            rows=7,
            prefer=lambda: self._likely,
            parent=left,
        )
        self.checkin.set_placeholder(self.tr("Type a name, reference, postcode or phone"))
        self.checkin.search.setAccessibleName(self.tr("Check in"))
        self.checkin.search.setToolTip(
            self.tr(
                "Enter checks in the highlighted person; Up/Down choose another; Esc clears; "
                "Ctrl+N adds someone new; Ctrl+Z takes the last check-in back"
            )
        )
        checkin_label = QLabel(self.tr("Chec&k in:"), left)
        checkin_label.setBuddy(self.checkin.search)
        keys = QLabel(
            self.tr(
                "Enter: check in · Up/Down: choose · Esc: clear · Ctrl+N: someone new · "
                "Ctrl+Z: undo"
            ),
            left,
        )
        keys.setWordWrap(True)
        keys.setForegroundRole(QPalette.ColorRole.PlaceholderText)
        self.first_timer = FirstTimerForm(HOW_HEARD, left)
        self.first_timer.hide()
        # While someone new is being added the form takes the matches' place.
        self.first_timer.shown.connect(self.checkin.view.hide)
        self.first_timer.hidden.connect(self.checkin.view.show)
        self.first_timer.cancelled.connect(self.checkin.focus)
        self.feedback = QLabel(left)
        self.feedback.setWordWrap(True)
        self.feedback.setAccessibleName(self.tr("What happened"))
        self.undo_button = QPushButton(self.tr("Undo last check-in"), left)
        self.undo_button.setToolTip(self.tr("Take back the last check-in made here (Ctrl+Z)"))
        self.undo_button.setEnabled(False)
        feedback_row = QHBoxLayout()
        feedback_row.addWidget(self.feedback, 1)
        feedback_row.addWidget(self.undo_button, 0, Qt.AlignmentFlag.AlignTop)
        self.volunteers = VolunteersPanel(self._ctx, lambda: self._session, left)
        volunteer_box = QGroupBox(self.tr("Volunteers and session note"), left)
        QVBoxLayout(volunteer_box).addWidget(self.volunteers)
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 6, 0)
        left_layout.addWidget(checkin_label)
        left_layout.addWidget(self.checkin)  # seven matches are plenty; the rest of the
        # height goes to the volunteers
        left_layout.addWidget(keys)
        left_layout.addWidget(self.first_timer)
        left_layout.addLayout(feedback_row)
        left_layout.addWidget(volunteer_box, 1)

        self.here = HerePanel(page)

        splitter = QSplitter(Qt.Orientation.Horizontal, page)
        splitter.setChildrenCollapsible(False)
        splitter.addWidget(left)
        splitter.addWidget(self.here)
        splitter.setStretchFactor(0, 1)
        splitter.setStretchFactor(1, 1)
        layout = QVBoxLayout(page)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(splitter)
        QWidget.setTabOrder(self.checkin.search, self.undo_button)
        QWidget.setTabOrder(self.undo_button, self.volunteers.picker.search)
        QWidget.setTabOrder(self.volunteers.save_note_button, self.here.fewer_button)
        return page

    def _wire(self) -> None:
        """Connect what the user does to the writes and dialogs, and what they say back."""
        writes, dialogs = self.writes, self.dialogs
        self.bar.chosen.connect(self._session_chosen)
        self.bar.print_asked.connect(lambda: dialogs.print_sign_in_sheet())
        self.bar.paper_asked.connect(dialogs.enter_paper_sheet)
        self.bar.start_other_asked.connect(lambda: self.show_start_page(another=True))
        self.bar.cancel_asked.connect(dialogs.ask_to_cancel)
        self.bar.uncancel_asked.connect(lambda: writes.set_cancelled(False, ""))
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
        writes.said.connect(self._say)
        writes.checked_in.connect(self.checked_in)
        writes.undo_changed.connect(self._show_undo_state)
        writes.cancelled_changed.connect(self.load_day)
        writes.duplicate_suspected.connect(dialogs.show_likely_matches)
        dialogs.said.connect(self._say)
        dialogs.linked.connect(self._say_with_link)
        dialogs.help_closed.connect(self.checkin.focus)
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
        if self._day is None:  # first time: get type-ahead ready while the day loads
            db = self._ctx.db
            self._ctx.tasks.run_query(lambda: search_people(db, "a", limit=1))
        if self._day != today() or self._day_stale:
            self.load_day()
        self.focus_check_in()

    def focus_check_in(self) -> None:
        if self.pages.currentIndex() == PAGE_DESK:
            self.checkin.focus()
        else:
            self.start_page.activity.setFocus(Qt.FocusReason.OtherFocusReason)

    def load_day(self) -> None:
        day = today()
        self._day, self._day_stale = day, False
        db = self._ctx.db
        self._ctx.tasks.run_query(
            lambda: (day, sessions_on(db, day), list_activities(db)), self._day_loaded
        )

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
        session = self._session
        if session is None:
            return
        self._asked += 1
        number, db, session_id = self._asked, self._ctx.db, session.id
        if session_id is None:
            self._session_loaded((number, session, None, [], []), new=new)
            return
        self._ctx.tasks.run_query(
            lambda: (
                number,
                session,
                get_session(db, session_id),
                attendees(db, session_id),
                volunteers(db, session_id),
            ),
            partial(self._session_loaded, new=new),
        )

    # --- inside: showing the day and the session --------------------------------------------

    def _session_started(self, info: SessionInfo) -> None:
        self._wanted = (info.activity_id, info.date)
        self.load_day()

    def _day_loaded(self, loaded: DayLoaded) -> None:
        day, sessions, activities = loaded
        if day != self._day:
            return
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
        same = current is not None and (current.info.activity_id, current.info.date) == (
            info.activity_id,
            info.date,
        )
        if same and current is not None:
            current.update(info)
        else:
            self._session = DeskSession(self._ctx.db, info)
            self._attendees = []
            self.writes.forget_pending()
            self.first_timer.hide()
            self.checkin.clear()
            self._say("")
        self._show_page(PAGE_DESK)
        self.refresh_session(new=not same)
        if not same:
            self._likely = {}
            db, activity_id, day = self._ctx.db, info.activity_id, info.date
            self._ctx.tasks.run_query(
                lambda: (activity_id, day, likely_here(db, activity_id, day)), self._likely_loaded
            )

    def _likely_loaded(self, loaded: tuple[int, date, dict[int, int]]) -> None:
        activity_id, day, likely = loaded
        session = self._session
        if session is not None and (session.info.activity_id, session.info.date) == (
            activity_id,
            day,
        ):
            self._likely = likely

    def _session_loaded(self, loaded: SessionLoaded, new: bool) -> None:
        number, session, info, here, shifts = loaded
        if number != self._asked or session is not self._session:
            return
        if info is not None:
            session.update(info)
        self._attendees = here
        self.writes.saved(here)
        self.here.show_attendees(here, self.writes.take_selection())
        self.here.show_counts(session.info.anonymous_count)
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

    def _say(self, text: str) -> None:
        self.feedback.setTextFormat(Qt.TextFormat.PlainText)
        self.feedback.setText(text)

    def _say_with_link(self, text: str) -> None:
        self.feedback.setTextFormat(Qt.TextFormat.RichText)
        self.feedback.setOpenExternalLinks(True)
        self.feedback.setText(text)

    def _data_changed(self, area: str) -> None:
        if area == DROPIN:
            self._day_stale = True
            self.refresh_session()
        elif area == PEOPLE:
            self.refresh_session()  # a name changed, or two people were merged
