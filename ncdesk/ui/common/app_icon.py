"""The application's icon: the PNGs inside the package (scripts/make_icons.py draws them from
resources/ncdesk.svg), so a pip install and the bundle both have it without Qt's SVG plugin."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QSize
from PySide6.QtGui import QIcon

RESOURCES = Path(__file__).resolve().parents[2] / "resources"
SIZES = (16, 24, 32, 48, 64, 128, 256, 512)


def app_icon() -> QIcon:
    icon = QIcon()
    for size in SIZES:
        path = RESOURCES / f"ncdesk-{size}.png"
        if path.is_file():  # a missing size is a plainer icon, never a failed start
            icon.addFile(str(path), QSize(size, size))  # the size given: no file read now
    return icon
