"""Activities and their sessions: set up when each activity meets, see the sessions its
schedule brings over the coming weeks (and the last few), cancel one, or add one ad hoc.

Setting activities up and changing the referral types is for coordinators and admins; a
volunteer sees the activities and works with their sessions (cancel, add, paper sheets)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta
from functools import partial

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QHBoxLayout,
    QHeaderView,
    QInputDialog,
    QLabel,
    QPushButton,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from ncdesk.core.errors import NcdeskError
from ncdesk.core.parsing import ParseError, format_date, parse_date, today
from ncdesk.core.services.activities import (
    ActivityInfo,
    SessionInfo,
    list_activities,
    open_session,
    open_session_id,
    save_activity,
    sessions_between,
    set_activity_archived,
    set_session_cancelled,
)
from ncdesk.core.services.referrals import add_referral_type
from ncdesk.ui.common.desk_context import DeskContext
from ncdesk.ui.common.messages import confirm, show_error
from ncdesk.ui.common.permissions import allowed, hide_unless
from ncdesk.ui.common.table_model import Column, RecordTableModel
from ncdesk.ui.common.tasks import BOOKINGS, DROPIN
from ncdesk.ui.dropin.activity_dialog import ActivityDialog
from ncdesk.ui.dropin.bookings_dialog import BookingsDialog
from ncdesk.ui.dropin.paper_sheet_dialog import PaperSheetDialog
from ncdesk.ui.dropin.referral_types_dialog import ReferralTypesDialog
from ncdesk.ui.dropin.wording import bookings_to_tell, plain_problem

WEEKS_BACK = 4
WEEKS_AHEAD = 12
COL_A_NAME, COL_A_VENUE, COL_A_SCHEDULE, COL_A_STATUS = range(4)
COL_S_DATE, COL_S_TIME, COL_S_STATUS, COL_S_NOTE = range(4)


@dataclass(frozen=True)
class _SessionRow:
    key: int  # the date's ordinal: unique within one activity, and there even before opening
    info: SessionInfo


class ActivitiesPanel(QWidget):
    def __init__(self, ctx: DeskContext, parent: QWidget | None = None):
        super().__init__(parent)
        self._ctx = ctx
        self._loaded = False
        self._wanted: int | None = None

        self.activities: RecordTableModel[ActivityInfo] = RecordTableModel(
            [
                Column(self.tr("Activity"), lambda a: a.name),
                Column(self.tr("Venue"), lambda a: a.venue),
                Column(self.tr("When"), lambda a: a.schedule_text),
                Column(self.tr("Status"), lambda a: self.tr("Archived") if a.archived else ""),
            ],
            lambda _ids: [],
            lambda a: a.id,
            parent=self,
        )
        self.activity_view = self._table(self.activities, COL_A_NAME)
        self.activity_view.setAccessibleName(self.tr("Activities"))
        self.activity_view.selectionModel().currentRowChanged.connect(
            lambda *_: self._activity_changed()
        )
        self._may_set_up = allowed(ctx.db, save_activity)
        if self._may_set_up:
            self.activity_view.activated.connect(lambda _i: self.edit_activity())
        activities_label = QLabel(self.tr("Ac&tivities"), self)
        activities_label.setBuddy(self.activity_view)
        self.show_archived = QCheckBox(self.tr("Show arc&hived"), self)
        self.show_archived.toggled.connect(lambda _on: self.refresh())
        self.new_button = QPushButton(self.tr("&New activity…"), self)
        self.new_button.setToolTip(self.tr("Set up a new activity (Ctrl+N)"))
        self.new_button.clicked.connect(self.new_activity)
        self.edit_button = QPushButton(self.tr("&Change…"), self)
        self.edit_button.clicked.connect(self.edit_activity)
        self.archive_button = QPushButton(self.tr("A&rchive…"), self)
        self.archive_button.clicked.connect(self.toggle_archived)
        self.types_button = QPushButton(self.tr("Referral t&ypes…"), self)
        self.types_button.setToolTip(self.tr("The list of places people are signposted to"))
        self.types_button.clicked.connect(self.edit_referral_types)

        self.sessions: RecordTableModel[_SessionRow] = RecordTableModel(
            [
                Column(
                    self.tr("Date"),
                    lambda r: f"{r.info.date:%a} {format_date(r.info.date)}",
                    sort_key=lambda r: r.info.date,
                ),
                Column(self.tr("Time"), self._session_time),
                Column(self.tr("Status"), self._session_status),
                Column(self.tr("Note"), lambda r: r.info.note, tooltip=lambda r: r.info.note),
            ],
            lambda _ids: [],
            lambda r: r.key,
            parent=self,
        )
        self.session_view = self._table(self.sessions, COL_S_NOTE)
        self.session_view.setAccessibleName(self.tr("Sessions"))
        self.session_view.selectionModel().currentRowChanged.connect(
            lambda *_: self._show_session_buttons()
        )
        self.sessions_label = QLabel(self.tr("&Sessions"), self)
        self.sessions_label.setBuddy(self.session_view)
        self.cancel_button = QPushButton(self.tr("Cance&l session…"), self)
        self.cancel_button.clicked.connect(self.cancel_session)
        self.uncancel_button = QPushButton(self.tr("Take back cancellation"), self)
        self.uncancel_button.clicked.connect(self.take_back_cancellation)
        self.add_session_button = QPushButton(self.tr("&Add a session…"), self)
        self.add_session_button.setToolTip(
            self.tr("A session on a date the schedule does not have")
        )
        self.add_session_button.clicked.connect(self.add_session)
        self.paper_button = QPushButton(self.tr("&Enter paper sheet…"), self)
        self.paper_button.clicked.connect(self.enter_paper_sheet)
        self.bookings_button = QPushButton(self.tr("&Bookings…"), self)
        self.bookings_button.setToolTip(self.tr("Who is booked for this session; book someone"))
        self.bookings_button.clicked.connect(self.open_bookings)
        self.bookings_dialog: BookingsDialog | None = None
        self.feedback = QLabel(self)
        self.feedback.setWordWrap(True)

        left = QWidget(self)
        top = QHBoxLayout()
        top.addWidget(activities_label)
        top.addStretch(1)
        top.addWidget(self.show_archived)
        buttons = QHBoxLayout()
        for button in (self.new_button, self.edit_button, self.archive_button):
            buttons.addWidget(button)
        buttons.addStretch(1)
        buttons.addWidget(self.types_button)
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 6, 0)
        left_layout.addLayout(top)
        left_layout.addWidget(self.activity_view, 1)
        left_layout.addLayout(buttons)
        right = QWidget(self)
        session_buttons = QHBoxLayout()
        for button in (
            self.cancel_button,
            self.uncancel_button,
            self.add_session_button,
            self.paper_button,
            self.bookings_button,
        ):
            session_buttons.addWidget(button)
        session_buttons.addStretch(1)
        right_layout = QVBoxLayout(right)
        right_layout.setContentsMargins(6, 0, 0, 0)
        right_layout.addWidget(self.sessions_label)
        right_layout.addWidget(self.session_view, 1)
        right_layout.addLayout(session_buttons)
        splitter = QSplitter(Qt.Orientation.Horizontal, self)
        splitter.setChildrenCollapsible(False)
        splitter.addWidget(left)
        splitter.addWidget(right)
        splitter.setSizes([560, 500])
        layout = QVBoxLayout(self)
        layout.addWidget(splitter, 1)
        layout.addWidget(self.feedback)
        new = QShortcut(QKeySequence("Ctrl+N"), self)
        new.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        new.activated.connect(self.new_activity)
        new.setEnabled(self._may_set_up)
        hide_unless(self._may_set_up, self.new_button, self.edit_button)
        self._may_archive = allowed(ctx.db, set_activity_archived)
        hide_unless(self._may_archive, self.archive_button)
        hide_unless(allowed(ctx.db, add_referral_type), self.types_button)
        ctx.changes.changed.connect(self._data_changed)
        self._show_session_buttons()

    @property
    def title(self) -> str:
        return self.tr("Activities")

    def activate(self) -> None:
        if not self._loaded:
            self.refresh()
        self.activity_view.setFocus(Qt.FocusReason.OtherFocusReason)

    def refresh(self) -> None:
        self._loaded = True
        db, everything = self._ctx.db, self.show_archived.isChecked()
        self._ctx.tasks.run_query(
            lambda: list_activities(db, include_archived=everything), self._show_activities
        )

    def current_activity(self) -> ActivityInfo | None:
        index = self.activity_view.currentIndex()
        return self.activities.record_at(index.row()) if index.isValid() else None

    def current_session(self) -> SessionInfo | None:
        index = self.session_view.currentIndex()
        row = self.sessions.record_at(index.row()) if index.isValid() else None
        return row.info if row else None

    # --- user actions -----------------------------------------------------------------------

    def new_activity(self) -> ActivityDialog | None:
        return self._open_dialog(None) if self._may_set_up else None

    def edit_activity(self) -> ActivityDialog | None:
        activity = self.current_activity()
        return self._open_dialog(activity) if activity and self._may_set_up else None

    def toggle_archived(self) -> None:
        activity = self.current_activity()
        if activity is None or not self._may_archive:
            return
        db = self._ctx.db

        def archive() -> None:
            self._ctx.tasks.run_operation(
                lambda: set_activity_archived(db, activity.id, not activity.archived),
                changes=(DROPIN,),
            )

        if activity.archived:
            archive()
            return
        confirm(
            self,
            self.tr("Archive {name}?").format(name=activity.name),
            self.tr("Archive"),
            archive,
            details=self.tr(
                "Its sessions so far are kept and still count in reports; no new sessions are "
                "expected from its schedule."
            ),
        )

    def edit_referral_types(self) -> ReferralTypesDialog | None:
        if not allowed(self._ctx.db, add_referral_type):
            return None
        dialog = ReferralTypesDialog(self._ctx, self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()
        return dialog

    def cancel_session(self) -> None:
        session = self.current_session()
        if session is None or session.cancelled:
            return
        dialog = QInputDialog(self)
        dialog.setWindowTitle(self.tr("Cancel a session"))
        dialog.setLabelText(
            self.tr("Why is the session on {date} cancelled? (optional)").format(
                date=format_date(session.date)
            )
            + bookings_to_tell(session)
        )
        dialog.setOkButtonText(self.tr("Cancel the session"))
        dialog.setCancelButtonText(self.tr("Keep it"))
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.textValueSelected.connect(lambda reason: self._set_cancelled(session, True, reason))
        self.input_dialog = dialog
        dialog.open()

    def take_back_cancellation(self) -> None:
        session = self.current_session()
        if session is not None and session.cancelled:
            self._set_cancelled(session, False, "")

    def add_session(self) -> None:
        activity = self.current_activity()
        if activity is None:
            return
        dialog = QInputDialog(self)
        dialog.setWindowTitle(self.tr("Add a session"))
        dialog.setLabelText(
            self.tr("Date of the extra session of {name} (DD/MM/YYYY):").format(name=activity.name)
        )
        dialog.setTextValue(format_date(today()))
        dialog.setOkButtonText(self.tr("Add session"))
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.textValueSelected.connect(lambda text: self._add_session_on(activity, text))
        self.input_dialog = dialog
        dialog.open()

    def enter_paper_sheet(self) -> None:
        session = self.current_session()
        if session is None:
            return
        if session.date > today():
            self.feedback.setText(self.tr("That session has not happened yet."))
            return
        db = self._ctx.db
        dialog = PaperSheetDialog(
            self._ctx,
            session,
            lambda: open_session_id(db, session.activity_id, session.date),
            self,
        )
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.recorded.connect(self.feedback.setText)
        dialog.open()

    def open_bookings(self) -> BookingsDialog | None:
        """The bookings of the chosen session, today's or a coming one."""
        session = self.current_session()
        if session is None or not self._bookable(session):
            return None
        dialog = BookingsDialog(self._ctx, session, self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.bookings_dialog = dialog
        dialog.open()
        return dialog

    # --- inside -----------------------------------------------------------------------------

    @staticmethod
    def _bookable(session: SessionInfo) -> bool:
        """Today's and coming sessions; a cancelled one too, to see who to tell."""
        return session.date >= today()

    def _table(self, model: RecordTableModel, stretch: int) -> QTableView:  # type: ignore[type-arg]
        view = QTableView(self)
        view.setModel(model)
        view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        view.setTabKeyNavigation(False)
        view.setAlternatingRowColors(True)
        view.setWordWrap(False)
        view.verticalHeader().hide()
        view.verticalHeader().setDefaultSectionSize(self.fontMetrics().lineSpacing() + 8)
        header = view.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(stretch, QHeaderView.ResizeMode.Stretch)
        return view

    def _open_dialog(self, activity: ActivityInfo | None) -> ActivityDialog:
        dialog = ActivityDialog(self._ctx, activity, self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.saved.connect(self._saved)
        self.activity_dialog = dialog
        dialog.open()
        return dialog

    def _saved(self, info: ActivityInfo) -> None:
        self._wanted = info.id
        self.feedback.setText(self.tr("Saved {name}.").format(name=info.name))

    def _show_activities(self, activities: list[ActivityInfo]) -> None:
        current = self.current_activity()
        keep = self._wanted or (current.id if current else None)
        self._wanted = None
        self.activities.set_ids([a.id for a in activities], activities)
        self.activity_view.setColumnHidden(COL_A_STATUS, not self.show_archived.isChecked())
        row = self.activities.row_of(keep) if keep is not None else None
        if activities:
            self.activity_view.setCurrentIndex(self.activities.index(row or 0, COL_A_NAME))
        else:
            self._activity_changed()

    def _activity_changed(self) -> None:
        activity = self.current_activity()
        self.edit_button.setEnabled(activity is not None)
        self.archive_button.setEnabled(activity is not None)
        self.add_session_button.setEnabled(activity is not None)
        self.archive_button.setText(
            self.tr("Bring bac&k") if activity and activity.archived else self.tr("A&rchive…")
        )
        if activity is None:
            self.sessions.set_ids([])
            self.sessions_label.setText(self.tr("&Sessions"))
            self._show_session_buttons()
            return
        self.sessions_label.setText(
            self.tr("&Sessions of {name}: the last {back} weeks and the next {ahead}").format(
                name=activity.name, back=WEEKS_BACK, ahead=WEEKS_AHEAD
            )
        )
        db, day = self._ctx.db, today()
        start, end = day - timedelta(weeks=WEEKS_BACK), day + timedelta(weeks=WEEKS_AHEAD)
        self._ctx.tasks.run_query(
            lambda: [s for s in sessions_between(db, start, end) if s.activity_id == activity.id],
            partial(self._show_sessions, activity_id=activity.id),
        )

    def _show_sessions(self, sessions: list[SessionInfo], activity_id: int) -> None:
        current = self.current_activity()
        if current is None or current.id != activity_id:
            return
        kept = self.current_session()
        rows = [_SessionRow(s.date.toordinal(), s) for s in sessions]
        self.sessions.set_ids([r.key for r in rows], rows)
        day = today()
        wanted = kept.date.toordinal() if kept else None
        row = self.sessions.row_of(wanted) if wanted else None
        if row is None:  # start at today's session or the next one
            row = next((i for i, r in enumerate(rows) if r.info.date >= day), 0)
        if rows:
            self.session_view.setCurrentIndex(self.sessions.index(row, COL_S_DATE))
            self.session_view.scrollTo(self.session_view.currentIndex())
        self._show_session_buttons()

    def _show_session_buttons(self) -> None:
        session = self.current_session()
        self.cancel_button.setEnabled(session is not None and not session.cancelled)
        self.uncancel_button.setEnabled(session is not None and session.cancelled)
        self.paper_button.setEnabled(
            session is not None and not session.cancelled and session.date <= today()
        )
        self.bookings_button.setEnabled(session is not None and self._bookable(session))

    def _session_time(self, row: _SessionRow) -> str:
        s = row.info
        if s.start_time and s.end_time:
            return f"{s.start_time:%H:%M}\N{EN DASH}{s.end_time:%H:%M}"
        return f"{s.start_time:%H:%M}" if s.start_time else ""

    def _session_status(self, row: _SessionRow) -> str:
        s = row.info
        coming = s.date >= today()
        booked = self.tr(", {n} booked").format(n=s.booked) if s.booked and coming else ""
        if s.cancelled:
            reason = f": {s.cancel_reason}" if s.cancel_reason else ""
            return self.tr("Cancelled{reason}").format(reason=reason) + booked
        nobody_yet = not (s.attendances or s.anonymous_count or s.volunteers)
        if s.id is None or (coming and nobody_yet):
            # Not yet held: a coming session is recorded early when it is cancelled and the
            # cancellation taken back, or given a note.
            status = self.tr("Expected") if coming else self.tr("Not recorded")
            return status + booked
        here = s.attendances + s.anonymous_count
        return (
            self.tr("Held: {here} here, {volunteers} volunteers").format(
                here=here, volunteers=s.volunteers
            )
            + booked
        )

    def _set_cancelled(self, session: SessionInfo, cancelled: bool, reason: str) -> None:
        db = self._ctx.db

        def work() -> None:
            session_id = session.id or open_session_id(db, session.activity_id, session.date)
            set_session_cancelled(db, session_id, cancelled, reason)

        self._ctx.tasks.run_operation(
            work,
            lambda _r: self.feedback.setText(
                self.tr("Cancelled the session on {date}.").format(date=format_date(session.date))
                if cancelled
                else self.tr("The session on {date} is on again.").format(
                    date=format_date(session.date)
                )
            ),
            lambda error: show_error(self, NcdeskError(plain_problem(error))),
            changes=(DROPIN,),
        )

    def _add_session_on(self, activity: ActivityInfo, text: str) -> None:
        try:
            day = parse_date(text)
        except ParseError as exc:
            show_error(self, NcdeskError(plain_problem(exc)))
            return
        db = self._ctx.db
        self._ctx.tasks.run_operation(
            lambda: open_session(db, activity.id, day),
            lambda info: self.feedback.setText(
                self.tr("Added a session of {name} on {date}.").format(
                    name=info.activity, date=format_date(info.date)
                )
            ),
            changes=(DROPIN,),
        )

    def _data_changed(self, area: str) -> None:
        if area in (DROPIN, BOOKINGS) and self._loaded:
            if self.isVisible():
                self.refresh()
            else:
                self._loaded = False  # refreshed when next shown, not on every check-in
