"""The desk's left-hand column: the check-in field and its matches, the first-timer form that
takes the matches' place while someone new is added, what just happened (with Undo), and the
session's volunteers and note."""

from __future__ import annotations

from collections.abc import Callable, Mapping

from PySide6.QtCore import Qt
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import QGroupBox, QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from ncdesk.ui.common.desk_context import DeskContext
from ncdesk.ui.dropin.desk_session import DeskSession
from ncdesk.ui.dropin.first_timer_form import FirstTimerForm
from ncdesk.ui.dropin.person_search import HereMap, PersonSearch
from ncdesk.ui.dropin.volunteers_panel import VolunteersPanel
from ncdesk.ui.dropin.wording import HOW_HEARD


class CheckInColumn(QWidget):
    def __init__(
        self,
        ctx: DeskContext,
        *,
        here: Callable[[], HereMap],
        likely: Callable[[], Mapping[int, int]],
        session: Callable[[], DeskSession | None],
        parent: QWidget | None = None,
    ):
        super().__init__(parent)
        self.checkin = PersonSearch(
            ctx, offer_new=True, here=here, take_undo=True, rows=7, prefer=likely, parent=self
        )
        self.checkin.set_placeholder(self.tr("Type a name, reference, postcode or phone"))
        self.checkin.search.setAccessibleName(self.tr("Check in"))
        self.checkin.search.setToolTip(
            self.tr(
                "Enter checks in the highlighted person; Up/Down choose another; Esc clears; "
                "Ctrl+N adds someone new; Ctrl+Z takes the last check-in back"
            )
        )
        label = QLabel(self.tr("Chec&k in:"), self)
        label.setBuddy(self.checkin.search)
        keys = QLabel(
            self.tr(
                "Enter: check in · Up/Down: choose · Esc: clear · Ctrl+N: someone new · "
                "Ctrl+Z: undo"
            ),
            self,
        )
        keys.setWordWrap(True)
        keys.setForegroundRole(QPalette.ColorRole.PlaceholderText)
        self.first_timer = FirstTimerForm(HOW_HEARD, self)
        self.first_timer.hide()
        self.first_timer.shown.connect(self.checkin.view.hide)
        self.first_timer.hidden.connect(self.checkin.view.show)
        self.first_timer.cancelled.connect(self.checkin.focus)
        self.feedback = QLabel(self)
        self.feedback.setWordWrap(True)
        self.feedback.setAccessibleName(self.tr("What happened"))
        self.undo_button = QPushButton(self.tr("Undo last check-in"), self)
        self.undo_button.setToolTip(self.tr("Take back the last check-in made here (Ctrl+Z)"))
        self.undo_button.setEnabled(False)
        feedback_row = QHBoxLayout()
        feedback_row.addWidget(self.feedback, 1)
        feedback_row.addWidget(self.undo_button, 0, Qt.AlignmentFlag.AlignTop)
        self.volunteers = VolunteersPanel(ctx, session, self)
        volunteer_box = QGroupBox(self.tr("Volunteers and session note"), self)
        QVBoxLayout(volunteer_box).addWidget(self.volunteers)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 6, 0)
        layout.addWidget(label)
        layout.addWidget(self.checkin)  # seven matches are plenty; the rest goes to volunteers
        layout.addWidget(keys)
        layout.addWidget(self.first_timer)
        layout.addLayout(feedback_row)
        layout.addWidget(volunteer_box, 1)
        QWidget.setTabOrder(self.checkin.search, self.undo_button)
        QWidget.setTabOrder(self.undo_button, self.volunteers.picker.search)

    def say(self, text: str) -> None:
        self.feedback.setTextFormat(Qt.TextFormat.PlainText)
        self.feedback.setText(text)

    def say_with_link(self, text: str) -> None:
        self.feedback.setTextFormat(Qt.TextFormat.RichText)
        self.feedback.setOpenExternalLinks(True)
        self.feedback.setText(text)
