"""Choosing the organisation's logo and showing it as it will be printed: shared by the
first-run wizard (a file named) and the Settings form (the picture stored in the database)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtGui import QPixmap
from PySide6.QtWidgets import QFileDialog, QLabel, QWidget

PREVIEW_HEIGHT = 72


def choose_picture(parent: QWidget, near: str, chosen: Callable[[str], None]) -> QFileDialog:
    """Open a file dialog for a PNG or JPEG (starting beside `near`, else in the home
    folder); `chosen` gets the file's path."""
    start = Path(near).expanduser().parent if near else Path.home()
    dialog = QFileDialog(
        parent,
        QCoreApplication.translate("LogoPicture", "Choose the logo"),
        str(start),
        QCoreApplication.translate("LogoPicture", "Pictures (*.png *.jpg *.jpeg)"),
    )
    dialog.setFileMode(QFileDialog.FileMode.ExistingFile)
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    dialog.fileSelected.connect(chosen)
    dialog.open()
    return dialog


def show_picture(preview: QLabel, picture: QPixmap, otherwise: str) -> bool:
    """The picture, no taller than the preview's height, or the text `otherwise` when it
    cannot be shown; True when it was shown."""
    if picture.isNull():
        preview.clear()
        preview.setText(otherwise)
        return False
    preview.setPixmap(
        picture.scaledToHeight(
            min(PREVIEW_HEIGHT, picture.height()), Qt.TransformationMode.SmoothTransformation
        )
    )
    return True
