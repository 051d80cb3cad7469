"""Home: how the organisation is doing, at a glance — this month's and this year's headline
figures against a current grant's targets, and the year's charts (attendances and hours by
month, age bands, outcome changes, progress to targets), drawn by the same code as the
printed return. Counted and drawn in the background when the screen is shown and again after
any change, so start-up never waits for it.
"""

from __future__ import annotations

import html
from dataclasses import dataclass
from functools import partial

from PySide6.QtCore import QEvent, Qt, QTimer
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QComboBox,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)
from typing_extensions import override

from ncdesk.core.db import Database
from ncdesk.core.reports.charts import (
    age_chart,
    attendance_chart,
    hours_chart,
    outcomes_chart,
    targets_chart,
)
from ncdesk.core.reports.home import HeadlineRow, HomeFigures, home_figures
from ncdesk.ui.common.chart_view import ChartView, DrawnChart, draw
from ncdesk.ui.common.desk_context import DeskContext
from ncdesk.ui.common.messages import show_error
from ncdesk.ui.common.table_model import RIGHT, Column
from ncdesk.ui.common.tasks import ACCOUNTS, BACKUPS, SETTINGS
from ncdesk.ui.reports.figures_table import target_columns
from ncdesk.ui.reports.lists import ListModel, ListView
from ncdesk.ui.reports.words import number_text, period_text, tr

# Changes that leave every figure as it was.
QUIET_AREAS = (ACCOUNTS, BACKUPS, SETTINGS)
EVERYTHING = -1  # the grant choice "all activities, no targets"
# Points: drawn narrower than the printed page, as they sit two to a row.
NARROW = 400.0


@dataclass(frozen=True)
class HomeView:
    """The figures and their charts, drawn in the background."""

    figures: HomeFigures
    charts: list[DrawnChart]


def count_home(db: Database, grant_id: int | None) -> HomeView:
    """Count the figures and draw the charts (run in the background: ReportLab loads here)."""
    figures = home_figures(
        db, None if grant_id == EVERYTHING else grant_id, everything=grant_id == EVERYTHING
    )
    year = figures.year
    targets = [c for c in (targets_chart(year),) if c is not None]
    pairs = [attendance_chart(year)]
    if year.scope.timebank:
        pairs.append(hours_chart(year))
    pairs += [age_chart(year), outcomes_chart(year)]
    return HomeView(figures, draw(targets + pairs, NARROW))


def headline_columns() -> list[Column[HeadlineRow]]:
    return [
        Column(tr("Figure"), lambda h: h.label, tooltip=lambda h: h.metric_id),
        Column(
            tr("This month"),
            lambda h: number_text(h.metric_id, h.month),
            sort_key=lambda h: h.month,
            alignment=RIGHT,
        ),
        Column(
            tr("This year"),
            lambda h: number_text(h.metric_id, h.year),
            sort_key=lambda h: h.year,
            alignment=RIGHT,
        ),
        *target_columns(),
    ]


class HomeScreen(QWidget):
    """Shown first to coordinators and admins; F5 counts again."""

    def __init__(self, ctx: DeskContext, parent: QWidget | None = None):
        super().__init__(parent)
        self._ctx = ctx
        self._asked = 0
        self._stale = True  # nothing counted yet, or records changed since
        self.shown: HomeView | None = None

        self.grant = QComboBox(self)
        self.grant.setAccessibleName(tr("Targets from"))
        self.grant.activated.connect(lambda _i: self.refresh())
        grant_label = QLabel(tr("&Targets from:"), self)
        grant_label.setBuddy(self.grant)
        self.refresh_button = QPushButton(tr("Count &again"), self)
        self.refresh_button.setToolTip(tr("Count the figures again (F5)"))
        self.refresh_button.clicked.connect(self.refresh)
        self.heading = QLabel(self)
        self.heading.setTextFormat(Qt.TextFormat.RichText)
        self.heading.setWordWrap(True)
        self.feedback = QLabel(self)
        self.feedback.setAccessibleName(tr("What happened"))

        self._row_ids: dict[str, int] = {}
        self.model: ListModel[HeadlineRow] = ListModel(
            headline_columns(), lambda h: self._row_ids[h.metric_id], parent=self
        )
        self.table = ListView(self.model, tr("Headline figures"), self)
        self.table.stretch(0)
        self.charts: list[ChartView] = []
        self._chart_grid = QGridLayout()
        charts_page = QWidget(self)
        page_layout = QVBoxLayout(charts_page)
        # The figures, and the progress to targets beside them; the other charts below.
        self._chart_grid.addWidget(self.table, 0, 0, Qt.AlignmentFlag.AlignTop)
        self._chart_grid.setColumnStretch(0, 1)
        self._chart_grid.setColumnStretch(1, 1)
        page_layout.addLayout(self._chart_grid)
        page_layout.addStretch(1)
        scroll = QScrollArea(self)
        scroll.setWidgetResizable(True)
        scroll.setWidget(charts_page)
        scroll.setFrameShape(QScrollArea.Shape.NoFrame)

        top = QHBoxLayout()
        top.addWidget(grant_label)
        top.addWidget(self.grant, 1)
        top.addWidget(self.refresh_button)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.heading)
        layout.addWidget(self.feedback)
        layout.addWidget(scroll, 1)
        refresh = QShortcut(QKeySequence(Qt.Key.Key_F5), self)
        refresh.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        refresh.activated.connect(self.refresh)
        ctx.changes.changed.connect(self._data_changed)

    @property
    def title(self) -> str:
        return tr("Home")

    def activate(self) -> None:
        """Shown: count again if anything changed since the figures on screen. The first
        count waits for the event loop, so a window opening on Home shows before the count
        (and ReportLab, for the charts) starts in the background."""
        if self._stale:
            QTimer.singleShot(0, self, self._refresh_if_stale)
        self.grant.setFocus(Qt.FocusReason.OtherFocusReason)

    def _refresh_if_stale(self) -> None:
        if self._stale:
            self.refresh()

    def refresh(self) -> None:
        self._stale = False
        self._asked += 1
        number, db = self._asked, self._ctx.db
        grant_id = self.grant.currentData() if self.grant.count() else None
        self.feedback.setText(tr("Counting the figures…"))
        self._ctx.tasks.run_query(
            lambda: count_home(db, grant_id),
            partial(self._counted, number=number),
            partial(self._failed, number=number),
        )

    # --- inside -----------------------------------------------------------------------------

    def _counted(self, view: HomeView, number: int) -> None:
        if number != self._asked:
            return  # an answer to an earlier choice
        self.shown = view
        figures = view.figures
        self.feedback.setText("")
        self._fill_grants(figures)
        month, year = figures.month.scope, figures.year.scope
        what = (
            html.escape(f"{figures.grant.funder}: {figures.grant.code}")
            if figures.grant
            else tr("All activities (no grant chosen, so no targets)")
        )
        self.heading.setText(
            f"<b>{what}</b><br>"
            + tr("This month: {month}. This year: {year}.").format(
                month=period_text(month.start, month.end), year=period_text(year.start, year.end)
            )
        )
        headlines = figures.headlines()
        self._row_ids = {h.metric_id: i for i, h in enumerate(headlines)}
        self.model.set_rows(headlines)
        self._fit_table()
        self._show_charts(view.charts)

    def _fit_table(self) -> None:
        """Tall enough for every figure, so only the page scrolls (again after Ctrl +/-)."""
        self.table.setFixedHeight(
            self.table.horizontalHeader().sizeHint().height()
            + sum(self.table.rowHeight(r) for r in range(self.model.rowCount()))
            + 2 * self.table.frameWidth()
        )

    @override
    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        if event.type() == QEvent.Type.FontChange and self.shown is not None:
            QTimer.singleShot(0, self._fit_table)  # once the rows have their new height

    def _fill_grants(self, figures: HomeFigures) -> None:
        self.grant.blockSignals(True)
        self.grant.clear()
        for g in figures.current_grants:
            self.grant.addItem(f"{g.funder}: {g.code}" + (f" — {g.name}" if g.name else ""), g.id)
        self.grant.addItem(tr("All activities (no targets)"), EVERYTHING)
        chosen = figures.grant.id if figures.grant else EVERYTHING
        self.grant.setCurrentIndex(max(0, self.grant.findData(chosen)))
        self.grant.blockSignals(False)

    def _show_charts(self, drawn: list[DrawnChart]) -> None:
        while len(self.charts) < len(drawn):
            view = ChartView(self)
            self.charts.append(view)
        # Progress to targets beside the figures, when the grant has targets; the others
        # two to a row below.
        first = 1 if drawn and drawn[0].chart.percent else 2
        self._chart_grid.removeWidget(self.table)
        self._chart_grid.addWidget(self.table, 0, 0, 1, first, Qt.AlignmentFlag.AlignTop)
        for i, view in enumerate(self.charts):
            self._chart_grid.removeWidget(view)
            if i < len(drawn):
                view.show_chart(drawn[i])
                row, col = divmod(i + first, 2)
                self._chart_grid.addWidget(view, row, col, Qt.AlignmentFlag.AlignTop)
                view.show()
            else:
                view.hide()

    def _failed(self, error: BaseException, number: int) -> None:
        if number == self._asked:
            self.feedback.setText("")
            show_error(self, error)

    def _data_changed(self, area: str) -> None:
        if area in QUIET_AREAS:
            return
        self._stale = True
        if self.isVisible():
            self.refresh()
