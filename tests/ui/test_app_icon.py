"""The window's icon comes from the PNGs inside the package (scripts/make_icons.py)."""

from __future__ import annotations

from PySide6.QtCore import QSize

from ncdesk.ui.common.app_icon import SIZES, app_icon


def test_the_app_icon_comes_in_every_size_from_16_to_512_px():
    icon = app_icon()
    assert not icon.isNull()
    assert {QSize(s, s) for s in SIZES} <= set(icon.availableSizes())
