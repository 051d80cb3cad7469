"""Text size for the whole app: starts at the system's size and scales with Ctrl +/-.

Widgets never set their own point size (headings use rich text), so changing the application
font reaches every label, table and form at once.
"""

from __future__ import annotations

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QApplication

from ncdesk.ui.common.qt_fixes import emit

MIN_POINTS = 7.0
MAX_POINTS = 32.0
STEP = 1.1  # each press is about 10% larger or smaller


class FontScaler(QObject):
    """Grows, shrinks and resets the application font, relative to the size it started at."""

    scaled = Signal(float)

    def __init__(self, parent: QObject | None = None):
        super().__init__(parent)
        self._base = QApplication.font()
        self._points = self._base.pointSizeF()

    @property
    def point_size(self) -> float:
        return self._points

    def grow(self) -> None:
        self._apply(min(MAX_POINTS, self._points * STEP))

    def shrink(self) -> None:
        self._apply(max(MIN_POINTS, self._points / STEP))

    def reset(self) -> None:
        self._apply(self._base.pointSizeF())

    def _apply(self, points: float) -> None:
        self._points = round(points, 1)
        font = QApplication.font()
        font.setPointSizeF(self._points)
        QApplication.setFont(font)
        emit(self.scaled, self._points)
