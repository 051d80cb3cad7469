"""A person's drop-in history, for the People screen: every visit, newest first, with the help
given and where they were signposted, and the sessions they are booked for. `show_person(id)`
whenever the form shows someone."""

from __future__ import annotations

from functools import partial

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from ncdesk.core.parsing import format_date
from ncdesk.core.services.bookings import PersonBooking, book, bookings_of
from ncdesk.core.services.desk import VisitRecord, attendance_history
from ncdesk.ui.common.desk_context import DeskContext
from ncdesk.ui.common.permissions import allowed
from ncdesk.ui.common.table_model import Column, RecordTableModel
from ncdesk.ui.common.tasks import BOOKINGS, DROPIN, PEOPLE
from ncdesk.ui.dropin.book_person_dialog import BookPersonDialog

COL_DATE, COL_ACTIVITY, COL_REFERRALS, COL_HELP = range(4)


class HistoryPanel(QWidget):
    def __init__(self, ctx: DeskContext, parent: QWidget | None = None):
        super().__init__(parent)
        self._ctx = ctx
        self._person_id: int | None = None
        self._asked = 0
        self.summary = QLabel(self)
        self.summary.setWordWrap(True)
        self.booked = QLabel(self)
        self.booked.setWordWrap(True)
        self.booked.setTextFormat(Qt.TextFormat.PlainText)  # notes are the user's own words
        self._name = ""
        self.book_button = QPushButton(self.tr("Book for a session…"), self)
        self.book_button.setToolTip(self.tr("Book them for one of the coming drop-in sessions"))
        self.book_button.clicked.connect(self.ask_to_book)
        self._may_book = allowed(ctx.db, book)
        self.book_dialog: BookPersonDialog | None = None
        self.model: RecordTableModel[VisitRecord] = RecordTableModel(
            [
                Column(self.tr("Date"), lambda v: format_date(v.date), sort_key=lambda v: v.date),
                Column(self.tr("Activity"), lambda v: v.activity),
                Column(self.tr("Signposted to"), lambda v: ", ".join(v.referrals)),
                Column(
                    self.tr("Help given"),
                    lambda v: " ".join(v.help_given.split()),
                    tooltip=lambda v: v.help_given,
                ),
            ],
            lambda _ids: [],
            lambda v: v.attendance_id,
            parent=self,
        )
        self.view = QTableView(self)
        self.view.setModel(self.model)
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.view.setTabKeyNavigation(False)
        self.view.setAlternatingRowColors(True)
        self.view.setWordWrap(False)
        self.view.setSortingEnabled(True)
        self.view.horizontalHeader().setSortIndicator(-1, Qt.SortOrder.AscendingOrder)
        self.view.verticalHeader().hide()
        self.view.verticalHeader().setDefaultSectionSize(self.fontMetrics().lineSpacing() + 8)
        self.view.setAccessibleName(self.tr("Drop-in visits"))
        header = self.view.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(COL_HELP, QHeaderView.ResizeMode.Stretch)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.summary)
        booked_row = QHBoxLayout()
        booked_row.addWidget(self.booked, 1)
        booked_row.addWidget(self.book_button, 0, Qt.AlignmentFlag.AlignTop)
        layout.addLayout(booked_row)
        layout.addWidget(self.view, 1)
        ctx.changes.changed.connect(self._data_changed)
        self.show_person(None)

    def show_person(self, person_id: int | None, name: str = "", *, archived: bool = False) -> None:
        """Show this person's visits (None: a new person, who has none yet)."""
        self._person_id, self._name = person_id, name
        self.book_button.setVisible(self._may_book and person_id is not None and not archived)
        self._asked += 1
        if person_id is None:
            self._show(([], []), number=self._asked)
            return
        number, db = self._asked, self._ctx.db
        self._ctx.tasks.run_query(
            lambda: (attendance_history(db, person_id), bookings_of(db, person_id)),
            partial(self._show, number=number),
        )

    def _show(self, loaded: tuple[list[VisitRecord], list[PersonBooking]], number: int) -> None:
        if number != self._asked:
            return
        visits, bookings = loaded
        self._show_bookings(bookings)
        self.model.set_ids([v.attendance_id for v in visits], visits)
        self.view.horizontalHeader().setSortIndicator(-1, Qt.SortOrder.AscendingOrder)
        if not visits:
            self.summary.setText(self.tr("No drop-in visits recorded."))
            return
        signposted = sum(len(v.referrals) for v in visits)
        visited = (
            self.tr("{visits} drop-in visits from {first} to {last}").format(
                visits=len(visits),
                first=format_date(visits[-1].date),
                last=format_date(visits[0].date),
            )
            if len(visits) > 1
            else self.tr("One drop-in visit, on {date}").format(date=format_date(visits[0].date))
        )
        if signposted == 0:
            referred = self.tr("never signposted")
        elif signposted == 1:
            referred = self.tr("signposted once")
        else:
            referred = self.tr("signposted {count} times").format(count=signposted)
        self.summary.setText(f"{visited}; {referred}.")

    def ask_to_book(self) -> BookPersonDialog | None:
        """Book the person shown for a coming session; their bookings above then list it."""
        if self._person_id is None:
            return None
        dialog = BookPersonDialog(self._ctx, self._person_id, self._name, self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.book_dialog = dialog
        dialog.open()
        return dialog

    def _show_bookings(self, bookings: list[PersonBooking]) -> None:
        """'Booked for: Mon 14/12/2026, Touchpoint drop-in (pension form); …', or nothing."""
        self.booked.setText(
            self.tr("Booked for: {sessions}.").format(
                sessions="; ".join(
                    f"{b.date:%a} {format_date(b.date)}, {b.activity}"
                    + (f" ({b.note})" if b.note else "")
                    for b in bookings
                )
            )
            if bookings
            else ""
        )
        self.booked.setVisible(bool(bookings))

    def _data_changed(self, area: str) -> None:
        if area in (DROPIN, PEOPLE, BOOKINGS) and self._person_id is not None:
            self.show_person(self._person_id)
