"""Who is booked for one session: book someone (type their name, Enter, a note if wanted,
Enter), see who has arrived, take a booking back. Opened from the Activities tab for any
coming session and from the Today screen (More › Bookings) for the one at the desk."""

from __future__ import annotations

import html

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QGridLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from ncdesk.core.services.activities import SessionInfo
from ncdesk.core.services.bookings import BookingInfo, book, bookings_on, cancel_booking
from ncdesk.core.services.people_search import PersonSummary
from ncdesk.ui.common.desk_context import DeskContext
from ncdesk.ui.common.messages import confirm
from ncdesk.ui.common.table_model import Column, RecordTableModel
from ncdesk.ui.common.tasks import BOOKINGS, DROPIN
from ncdesk.ui.dropin.person_search import PersonSearch
from ncdesk.ui.dropin.wording import plain_problem, session_label
from ncdesk.ui.reports.lists import ListView

COL_NAME, COL_REF, COL_NOTE, COL_BY, COL_ARRIVED = range(5)


class BookingsDialog(QDialog):
    """The bookings of `activity` on `day`; every change is saved at once."""

    def __init__(self, ctx: DeskContext, session: SessionInfo, parent: QWidget | None = None):
        super().__init__(parent)
        self._ctx = ctx
        self._activity_id, self._day = session.activity_id, session.date
        self._chosen: PersonSummary | None = None
        self._on_list: set[int] = set()  # who is on the list now
        self.setWindowTitle(self.tr("Bookings"))
        heading = QLabel(f"<b>{html.escape(session_label(session))}</b>", self)
        heading.setWordWrap(True)
        # A cancelled session's list is still shown, so the people on it can be told.
        self.cancelled_note = QLabel(
            self.tr(
                "This session is cancelled: nobody more can be booked. Tell the people below, "
                "then take their bookings back."
            ),
            self,
        )
        self.cancelled_note.setWordWrap(True)
        self.cancelled_note.setVisible(session.cancelled)

        self.picker = PersonSearch(ctx, rows=4, collapse=True, parent=self)
        self.picker.set_placeholder(self.tr("Type a name, then Enter"))
        self.picker.search.setAccessibleName(self.tr("Book someone"))
        self.picker.person_chosen.connect(self._picked)
        picker_label = QLabel(self.tr("&Book:"), self)
        picker_label.setBuddy(self.picker.search)
        self.chosen_label = QLabel(self)
        self.note = QLineEdit(self)
        self.note.setPlaceholderText(self.tr("optional, e.g. benefits appointment, 10:30"))
        self.note.setAccessibleName(self.tr("Note"))
        self.note.returnPressed.connect(self.book_chosen)
        note_label = QLabel(self.tr("&Note:"), self)
        note_label.setBuddy(self.note)
        self.book_button = QPushButton(self.tr("Book them"), self)
        self.book_button.setAutoDefault(False)
        self.book_button.clicked.connect(self.book_chosen)

        self.model: RecordTableModel[BookingInfo] = RecordTableModel(
            [
                Column(self.tr("Name"), lambda b: b.name),
                Column(self.tr("Ref"), lambda b: b.person_ref),
                Column(self.tr("Note"), lambda b: b.note, tooltip=lambda b: b.note),
                Column(self.tr("Booked by"), lambda b: b.booked_by),
                Column(self.tr("Arrived?"), self._arrived),
            ],
            lambda _ids: [],
            lambda b: b.id,
            parent=self,
        )
        self.view = ListView(self.model, self.tr("Booked for this session"), self)
        self.view.stretch(COL_NOTE)
        list_label = QLabel(self.tr("Booked &for this session"), self)
        list_label.setBuddy(self.view)
        take_back = QShortcut(QKeySequence(Qt.Key.Key_Delete), self.view)
        take_back.setContext(Qt.ShortcutContext.WidgetShortcut)
        take_back.activated.connect(self.take_back_selected)
        self.take_back_button = QPushButton(self.tr("&Take booking back…"), self)
        self.take_back_button.setAutoDefault(False)
        self.take_back_button.setToolTip(self.tr("Take the chosen booking back (Delete)"))
        self.take_back_button.clicked.connect(self.take_back_selected)
        self.count = QLabel(self)
        self.feedback = QLabel(self)
        self.feedback.setWordWrap(True)
        close = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        close.rejected.connect(self.reject)
        close.button(QDialogButtonBox.StandardButton.Close).setAutoDefault(False)

        entry = QGridLayout()
        entry.addWidget(picker_label, 0, 0, Qt.AlignmentFlag.AlignTop)
        entry.addWidget(self.picker, 0, 1, 1, 3)
        entry.addWidget(self.chosen_label, 1, 1)
        entry.addWidget(note_label, 2, 0)
        entry.addWidget(self.note, 2, 1, 1, 2)
        entry.addWidget(self.book_button, 2, 3)
        entry.setColumnStretch(2, 1)
        layout = QVBoxLayout(self)
        layout.addWidget(heading)
        layout.addWidget(self.cancelled_note)
        layout.addLayout(entry)
        layout.addWidget(list_label)
        layout.addWidget(self.view, 1)
        layout.addWidget(self.count)
        layout.addWidget(self.take_back_button, 0, Qt.AlignmentFlag.AlignLeft)
        layout.addWidget(self.feedback)
        layout.addWidget(close)
        QWidget.setTabOrder(self.picker.search, self.note)
        QWidget.setTabOrder(self.note, self.book_button)
        QWidget.setTabOrder(self.book_button, self.view)
        QWidget.setTabOrder(self.view, self.take_back_button)
        self.view.setMinimumHeight(self.fontMetrics().lineSpacing() * 5 + 40)  # five rows
        self.resize(self.fontMetrics().averageCharWidth() * 95, self.fontMetrics().height() * 36)
        for widget in (self.picker, self.note, self.book_button):
            widget.setEnabled(not session.cancelled)
        self._show_chosen()
        ctx.changes.changed.connect(self._data_changed)
        self.refresh()

    def refresh(self) -> None:
        db, activity_id, day = self._ctx.db, self._activity_id, self._day
        self._ctx.tasks.run_query(lambda: bookings_on(db, activity_id, day), self._show)

    # --- user actions -----------------------------------------------------------------------

    def book_chosen(self) -> None:
        person = self._chosen
        if person is None:
            self.feedback.setText(self.tr("Choose who to book first: type their name above."))
            self.picker.focus()
            return
        db, activity_id, day, note = self._ctx.db, self._activity_id, self._day, self.note.text()
        self.book_button.setEnabled(False)
        self._ctx.tasks.run_operation(
            lambda: book(db, activity_id, day, person.id, note),
            self._booked,
            self._refused,
            changes=(BOOKINGS,),
        )

    def take_back_selected(self) -> None:
        index = self.view.currentIndex()
        booking = self.model.record_at(index.row()) if index.isValid() else None
        if booking is None:
            self.feedback.setText(self.tr("Choose a booking in the list first."))
            return
        db = self._ctx.db

        def take_back() -> None:
            self._ctx.tasks.run_operation(
                lambda: cancel_booking(db, booking.id),
                lambda name: self.feedback.setText(
                    self.tr("Took back the booking of {name}.").format(name=name)
                ),
                self._refused,
                changes=(BOOKINGS,),
            )

        confirm(
            self,
            self.tr("Take back the booking of {name}?").format(name=booking.name),
            self.tr("Take back"),
            take_back,
        )

    # --- inside -----------------------------------------------------------------------------

    def _picked(self, person: PersonSummary) -> None:
        if person.id in self._on_list:  # said at once, before a note is typed for nothing
            self.picker.clear()
            self.feedback.setText(
                self.tr("{name} is already booked for this session.").format(name=person.name)
            )
            return
        self._chosen = person
        self._show_chosen()
        self.note.setFocus(Qt.FocusReason.OtherFocusReason)

    def _show_chosen(self) -> None:
        person = self._chosen
        self.chosen_label.setText(
            self.tr("Booking {name} ({ref}): a note if wanted, then Enter").format(
                name=person.name, ref=person.person_ref
            )
            if person
            else ""
        )
        self.chosen_label.setVisible(person is not None)
        self.book_button.setEnabled(person is not None)

    def _booked(self, booking: BookingInfo) -> None:
        self._chosen = None
        self.picker.clear()
        self.note.clear()
        self._show_chosen()
        self.feedback.setText(self.tr("Booked {name}.").format(name=booking.name))
        self.picker.focus()

    def _refused(self, error: BaseException) -> None:
        """Said in the dialog; the name field is ready for someone else."""
        self._chosen = None
        self.picker.clear()
        self.note.clear()
        self._show_chosen()
        self.feedback.setText(plain_problem(error))
        if self.picker.isEnabled():
            self.picker.focus()

    def _data_changed(self, area: str) -> None:
        if area in (BOOKINGS, DROPIN):  # a booking, or someone checked in at the desk
            self.refresh()

    def _show(self, bookings: list[BookingInfo]) -> None:
        self._on_list = {b.person_id for b in bookings}
        self.model.set_ids([b.id for b in bookings], bookings)
        arrived = sum(1 for b in bookings if b.here)
        self.count.setText(
            self.tr("{booked} booked, {arrived} arrived").format(
                booked=len(bookings), arrived=arrived
            )
        )
        self.take_back_button.setEnabled(bool(bookings))

    def _arrived(self, booking: BookingInfo) -> str:
        return self.tr("\N{CHECK MARK} Here") if booking.here else ""
