"""A chart from the core shown on screen: the SVG the core drew with ReportLab (the same
drawing the PDF prints), scaled to the width it is given without stretching."""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QByteArray, QSize, Qt
from PySide6.QtSvgWidgets import QSvgWidget
from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget
from typing_extensions import override

from ncdesk.core.reports.charts import Chart, height_for, to_svg


@dataclass(frozen=True)
class DrawnChart:
    """A chart and its SVG, made in the background so the GUI thread only shows it."""

    chart: Chart
    svg: bytes
    width: float
    height: float

    def description(self) -> str:
        """The chart's values as words, for screen readers and anyone who cannot read bars."""
        parts = []
        for name, values in zip(self.chart.series_names or ("",), self.chart.series, strict=False):
            pairs = ", ".join(
                f"{label}: {_value_text(self.chart, value)}"
                for label, value in zip(self.chart.labels, values, strict=True)
            )
            parts.append(f"{name} \N{EM DASH} {pairs}" if name else pairs)
        return "; ".join(parts)


def _value_text(chart: Chart, value: float) -> str:
    if chart.percent:
        return f"{value:.0%}"
    return f"{value:,.2f}" if chart.decimals else f"{value:,.0f}"


def draw(charts: list[Chart], width: float = 510.0) -> list[DrawnChart]:
    """Draw charts as SVG (call from the background runner: ReportLab is imported here)."""
    out = []
    for chart in charts:
        height = height_for(chart)
        out.append(DrawnChart(chart, to_svg(chart, width, height), width, height))
    return out


class ChartView(QWidget):
    """A chart's title above its drawing; keeps the drawing's proportions at any width."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.title = QLabel(self)
        self.title.setWordWrap(True)
        font = self.title.font()
        font.setBold(True)
        self.title.setFont(font)
        self.svg = _Drawing(self)
        self.svg.setFocusPolicy(Qt.FocusPolicy.StrongFocus)  # reachable by Tab, read aloud
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.title)
        layout.addWidget(self.svg)
        self.drawn: DrawnChart | None = None

    def show_chart(self, drawn: DrawnChart) -> None:
        self.drawn = drawn
        self.title.setText(drawn.chart.title)
        self.svg.show_svg(drawn)
        self.svg.setAccessibleName(drawn.chart.title)
        self.svg.setAccessibleDescription(drawn.description())
        self.svg.setToolTip(drawn.description())


class _Drawing(QSvgWidget):
    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self._ratio = 0.35
        self.setMinimumHeight(120)

    def show_svg(self, drawn: DrawnChart) -> None:
        self._ratio = drawn.height / drawn.width
        self.load(QByteArray(drawn.svg))
        self.renderer().setAspectRatioMode(Qt.AspectRatioMode.KeepAspectRatio)
        self.setMinimumHeight(int(300 * self._ratio))
        self.updateGeometry()

    @override
    def hasHeightForWidth(self) -> bool:
        return True

    @override
    def heightForWidth(self, width: int) -> int:
        return int(width * self._ratio)

    @override
    def sizeHint(self) -> QSize:
        return QSize(560, int(560 * self._ratio))
