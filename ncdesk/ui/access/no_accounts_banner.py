"""The line across the top of the window while the database has no user accounts: until an
admin is added, anyone at this PC can see and change everything, and nobody is asked who
they are."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QPushButton, QWidget

from ncdesk.ui.common.qt_fixes import emit

# A pale amber, with the words and the warning sign carrying the message (colour is second).
_BACKGROUND = "#fff3cd"


class NoAccountsBanner(QFrame):
    add_admin_asked = Signal()

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.setAutoFillBackground(True)
        palette = self.palette()
        palette.setColor(QPalette.ColorRole.Window, _BACKGROUND)
        palette.setColor(QPalette.ColorRole.WindowText, "#3d2e00")
        self.setPalette(palette)
        self.message = QLabel(
            "\N{WARNING SIGN} "
            + self.tr("Anyone at this PC can see everything: add an admin")
            + " "
            + self.tr(
                "(after that, ncdesk asks everyone to sign in and hides what their role "
                "may not see)."
            ),  # fmt: skip
            self,
        )
        self.message.setWordWrap(True)
        self.add_button = QPushButton(self.tr("Add an admin…"), self)
        self.add_button.setToolTip(self.tr("Admin ▸ Users: the first account is an admin"))
        self.add_button.clicked.connect(lambda: emit(self.add_admin_asked))
        layout = QHBoxLayout(self)
        layout.setContentsMargins(10, 6, 10, 6)
        layout.addWidget(self.message, 1)
        layout.addWidget(self.add_button)
