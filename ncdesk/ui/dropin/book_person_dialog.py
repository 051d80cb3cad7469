"""Booking one person from their page (a phone call: "can I come to the adviser next
Monday?"): choose one of the coming sessions of every activity, add a note, Book."""

from __future__ import annotations

import html

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from ncdesk.core.parsing import today
from ncdesk.core.services.activities import SessionInfo, upcoming_sessions
from ncdesk.core.services.bookings import book
from ncdesk.ui.common.desk_context import DeskContext
from ncdesk.ui.common.tasks import BOOKINGS
from ncdesk.ui.dropin.wording import plain_problem, session_label

WEEKS_AHEAD = 8


class BookPersonDialog(QDialog):
    """Closes once the booking is saved (the person's page then lists it)."""

    def __init__(self, ctx: DeskContext, person_id: int, name: str, parent: QWidget | None = None):
        super().__init__(parent)
        self._ctx = ctx
        self._person_id = person_id
        self._sessions: list[SessionInfo] = []
        self.setWindowTitle(self.tr("Book for a session"))
        heading = QLabel(f"<b>{html.escape(name)}</b>", self)
        self.session = QComboBox(self)
        self.session.setAccessibleName(self.tr("Session"))
        # Room for "Touchpoint drop-in, Soham library — Monday 14/12/2026, 10:00–12:00".
        self.session.setSizeAdjustPolicy(
            QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
        )
        self.session.setMinimumContentsLength(72)
        self.note = QLineEdit(self)
        self.note.setPlaceholderText(self.tr("optional, e.g. benefits appointment, 10:30"))
        self.note.returnPressed.connect(self.book_it)
        self.feedback = QLabel(self)
        self.feedback.setWordWrap(True)
        form = QFormLayout()
        form.addRow(self.tr("&Session:"), self.session)
        form.addRow(self.tr("&Note:"), self.note)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel, self)
        self.book_button = QPushButton(self.tr("&Book"), self)
        self.book_button.setDefault(True)
        buttons.addButton(self.book_button, QDialogButtonBox.ButtonRole.AcceptRole)
        self.book_button.clicked.connect(self.book_it)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(heading)
        layout.addLayout(form)
        layout.addWidget(self.feedback)
        layout.addWidget(buttons)
        self.book_button.setEnabled(False)
        self.resize(self.sizeHint())
        db = ctx.db
        ctx.tasks.run_query(lambda: upcoming_sessions(db, today(), WEEKS_AHEAD * 7), self._show)

    def book_it(self) -> None:
        index = self.session.currentIndex()
        if not 0 <= index < len(self._sessions):
            return
        chosen, db, person_id = self._sessions[index], self._ctx.db, self._person_id
        note = self.note.text()
        self.book_button.setEnabled(False)
        self._ctx.tasks.run_operation(
            lambda: book(db, chosen.activity_id, chosen.date, person_id, note),
            lambda _done: self.accept(),
            self._refused,
            changes=(BOOKINGS,),
        )

    def _show(self, sessions: list[SessionInfo]) -> None:
        self._sessions = [s for s in sessions if not s.cancelled]
        for info in self._sessions:
            self.session.addItem(session_label(info))
        self.book_button.setEnabled(bool(self._sessions))
        if not self._sessions:
            self.feedback.setText(
                self.tr("No sessions are expected in the next {weeks} weeks.").format(
                    weeks=WEEKS_AHEAD
                )
            )

    def _refused(self, error: BaseException) -> None:
        self.book_button.setEnabled(True)
        self.feedback.setText(plain_problem(error))
