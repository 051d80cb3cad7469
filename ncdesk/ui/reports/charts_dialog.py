"""The charts of the return on screen: the very drawings the PDF prints (the core draws them
once), for the grant and period whose figures are shown. Drawn in the background; the dialog
opens at once and fills in."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from ncdesk.core.reports.charts import return_charts
from ncdesk.core.reports.grant_return import GrantReturn
from ncdesk.ui.common.chart_view import ChartView, DrawnChart, draw
from ncdesk.ui.common.desk_context import DeskContext
from ncdesk.ui.common.messages import show_error
from ncdesk.ui.common.qt_fixes import emit
from ncdesk.ui.reports.words import period_text, tr


class ChartsDialog(QDialog):
    """`drawn` fires once every chart is on screen (tests wait on it); Esc closes."""

    drawn = Signal()

    def __init__(self, ctx: DeskContext, r: GrantReturn, parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle(tr("Charts — {title}").format(title=r.title))
        self.heading = QLabel(
            tr("{title}, {period}: the charts as the printed return shows them.").format(
                title=r.title, period=period_text(r.scope.start, r.scope.end)
            ),
            self,
        )
        self.heading.setWordWrap(True)
        self.status = QLabel(tr("Drawing the charts…"), self)
        self.charts: list[ChartView] = []
        page = QWidget(self)
        self._page_layout = QVBoxLayout(page)
        self._page_layout.addStretch(1)
        scroll = QScrollArea(self)
        scroll.setWidgetResizable(True)
        scroll.setWidget(page)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.heading)
        layout.addWidget(self.status)
        layout.addWidget(scroll, 1)
        layout.addWidget(buttons)
        self.resize(860, 760)
        ctx.tasks.run_query(lambda: draw(return_charts(r)), self._show, self._failed)

    def _show(self, drawn: list[DrawnChart]) -> None:
        self.status.hide()
        for chart in drawn:
            view = ChartView(self)
            view.show_chart(chart)
            self._page_layout.insertWidget(self._page_layout.count() - 1, view)
            self.charts.append(view)
        if self.charts:
            self.charts[0].svg.setFocus(Qt.FocusReason.OtherFocusReason)
        emit(self.drawn)

    def _failed(self, error: BaseException) -> None:
        self.status.setText("")
        show_error(self, error)
