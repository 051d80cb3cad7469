"""The small note on top of the window while its closing backup runs. A failure is said here
and never keeps ncdesk open: Close (Enter or Esc) carries on closing."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QVBoxLayout, QWidget
from typing_extensions import override


class ClosingNote(QDialog):
    """'Backing up…'; then either closed by its owner, or showing why nothing was made."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self._waiting = True
        self.setWindowTitle("ncdesk")
        self.setWindowModality(Qt.WindowModality.WindowModal)
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.message = QLabel(self.tr("Backing up…"), self)
        self.message.setWordWrap(True)
        self.message.setAccessibleName(self.tr("Backup"))
        self.buttons = QDialogButtonBox(self)
        self.close_button = self.buttons.addButton(
            self.tr("&Close ncdesk"), QDialogButtonBox.ButtonRole.AcceptRole
        )
        self.buttons.accepted.connect(self.accept)
        self.buttons.hide()
        layout = QVBoxLayout(self)
        layout.addWidget(self.message)
        layout.addWidget(self.buttons)
        self.setMinimumWidth(self.fontMetrics().averageCharWidth() * 48)

    def made(self) -> None:
        """The backup is made: the note goes, and ncdesk closes."""
        self._waiting = False
        self.accept()

    def failed(self, text: str) -> None:
        """Say why no backup was made; the user closes the note, and ncdesk with it."""
        self._waiting = False
        self.message.setText(text)
        self.buttons.show()
        self.close_button.setDefault(True)
        self.close_button.setFocus(Qt.FocusReason.OtherFocusReason)

    def is_waiting(self) -> bool:
        return self._waiting

    @override
    def reject(self) -> None:
        if self._waiting:
            return  # the backup is under way: Esc waits for it rather than leaving it behind
        super().reject()
