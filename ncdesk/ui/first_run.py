"""The welcome shown when there is no database yet: try ncdesk on made-up people, or start
the organisation's own (empty) database."""

from __future__ import annotations

from enum import Enum

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from ncdesk.ui.common.qt_fixes import emit


class FirstRunChoice(Enum):
    DEMO = "demo"
    EMPTY = "empty"


class FirstRunDialog(QDialog):
    """Asks once how to start; Cancel (or Esc) means 'not now' and quits."""

    chosen = Signal(object)  # a FirstRunChoice

    def __init__(self, database_label: str, parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle(self.tr("Welcome to ncdesk"))
        heading = QLabel("<h2>{}</h2>".format(self.tr("Welcome to ncdesk")), self)
        intro = QLabel(
            self.tr(
                "There is no ncdesk database on this computer yet. You can look around first "
                "with made-up people, or start your group's own records straight away."
            ),
            self,
        )
        intro.setWordWrap(True)
        demo_note = QLabel(
            self.tr(
                "<b>Try with demo data</b> opens a practice database of about 150 made-up "
                "people, kept in a separate file. Your own database is not touched, and this "
                "welcome will show again next time."
            ),
            self,
        )
        demo_note.setWordWrap(True)
        empty_note = QLabel(
            self.tr("<b>Start with an empty database</b> creates your own database at:"), self
        )
        empty_note.setWordWrap(True)
        where = QLabel(database_label, self)
        where.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        where.setWordWrap(True)
        where.setIndent(16)

        self.demo_button = QPushButton(self.tr("&Try with demo data"), self)
        self.empty_button = QPushButton(self.tr("&Start with an empty database"), self)
        self.demo_button.setDefault(True)
        buttons = QDialogButtonBox(self)
        buttons.addButton(self.demo_button, QDialogButtonBox.ButtonRole.AcceptRole)
        buttons.addButton(self.empty_button, QDialogButtonBox.ButtonRole.AcceptRole)
        buttons.addButton(QDialogButtonBox.StandardButton.Cancel)
        buttons.rejected.connect(self.reject)
        self.demo_button.clicked.connect(lambda: self._choose(FirstRunChoice.DEMO))
        self.empty_button.clicked.connect(lambda: self._choose(FirstRunChoice.EMPTY))

        layout = QVBoxLayout(self)
        layout.setSpacing(10)
        layout.addWidget(heading)
        layout.addWidget(intro)
        layout.addWidget(demo_note)
        layout.addWidget(empty_note)
        layout.addWidget(where)
        layout.addStretch(1)
        layout.addWidget(buttons)
        self.setMinimumWidth(620)

    def _choose(self, choice: FirstRunChoice) -> None:
        self.accept()
        emit(self.chosen, choice)
