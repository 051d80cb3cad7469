"""What the user is told once everything held about someone is written: where the two files
are, what to check before sending them, and a button that opens the folder."""

from __future__ import annotations

import html
from pathlib import Path

from PySide6.QtCore import Qt, QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QVBoxLayout, QWidget


class ExportDone(QDialog):
    def __init__(self, ref: str, json_path: Path, pdf_path: Path, parent: QWidget | None = None):
        super().__init__(parent)
        self.folder = pdf_path.parent
        self.setWindowTitle(self.tr("Everything we hold about {ref}").format(ref=ref))
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.message = QLabel(self)
        self.message.setWordWrap(True)
        self.message.setTextFormat(Qt.TextFormat.RichText)
        self.message.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.message.setText(
            self.tr(
                "<h3>Everything we hold about {ref} is written</h3>"
                "<p>In <b>{folder}</b>:</p>"
                "<ul><li>{pdf}: the readable report</li>"
                "<li>{json}: the same, as data</li></ul>"
                "<p><b>Read the PDF before you send it:</b> free-text notes may mention "
                "someone else, and those mentions should be blacked out.</p>"
                "<p>The export is recorded in the audit trail.</p>"
            ).format(
                ref=html.escape(ref),
                folder=html.escape(str(self.folder)),
                pdf=html.escape(pdf_path.name),
                json=html.escape(json_path.name),
            )
        )
        buttons = QDialogButtonBox(self)
        self.open_button = buttons.addButton(
            self.tr("&Open the folder"), QDialogButtonBox.ButtonRole.ActionRole
        )
        self.open_button.clicked.connect(self.open_folder)
        close = buttons.addButton(QDialogButtonBox.StandardButton.Close)
        close.setDefault(True)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.message)
        layout.addWidget(buttons)
        self.setMinimumWidth(self.fontMetrics().averageCharWidth() * 70)
        close.setFocus()

    def open_folder(self) -> None:
        QDesktopServices.openUrl(QUrl.fromLocalFile(str(self.folder)))
        self.accept()
