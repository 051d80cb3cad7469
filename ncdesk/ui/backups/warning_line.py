"""The line across the window when an automatic backup could not be made: on screen until a
backup next succeeds, never a box that stops the work at the desk."""

from __future__ import annotations

from PySide6.QtGui import QPalette
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QWidget

# The same pale amber as the no-accounts line; the words and the sign carry the message.
_BACKGROUND = "#fff3cd"


class BackupWarning(QFrame):
    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.setAutoFillBackground(True)
        palette = self.palette()
        palette.setColor(QPalette.ColorRole.Window, _BACKGROUND)
        palette.setColor(QPalette.ColorRole.WindowText, "#3d2e00")
        self.setPalette(palette)
        self.message = QLabel(self)
        self.message.setWordWrap(True)
        self.message.setAccessibleName(self.tr("Backup warning"))
        layout = QHBoxLayout(self)
        layout.setContentsMargins(10, 6, 10, 6)
        layout.addWidget(self.message, 1)
        self.hide()

    def say(self, text: str) -> None:
        """Show `text` (with a warning sign), or hide the line when it is empty."""
        self.message.setText(f"\N{WARNING SIGN} {text}" if text else "")
        self.setVisible(bool(text))

    def text(self) -> str:
        return self.message.text() if self.isVisible() else ""
