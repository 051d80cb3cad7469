"""Returns already produced: when, for which grant and period, by whom, and the figures as
they were sent, so a question from a funder months later is answered from the same numbers.
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from ncdesk.core.db import Database
from ncdesk.core.models.people import GENDERS
from ncdesk.core.parsing import LOCAL_ZONE
from ncdesk.core.reports.grant_return import GrantReturn
from ncdesk.core.reports.metrics import Scope, key
from ncdesk.core.services.grants import GrantInfo, SavedRun, list_grants, saved_runs
from ncdesk.core.services.referrals import referral_types
from ncdesk.core.services.settings import get_settings
from ncdesk.ui.common.desk_context import DeskContext
from ncdesk.ui.common.qt_fixes import emit
from ncdesk.ui.common.table_model import RIGHT, Column
from ncdesk.ui.common.tasks import GRANTS, REPORTS, SETTINGS
from ncdesk.ui.reports.figures_table import (
    FiguresView,
    figure_lines,
    figures_model,
)
from ncdesk.ui.reports.lists import ListModel, ListView
from ncdesk.ui.reports.words import count_text, period_text, tr

# Instants are stored in UTC and shown in the organisation's local time (DESIGN §3).
LOCAL = LOCAL_ZONE
COL_WHEN, COL_GRANT, COL_PERIOD, COL_BY = range(4)


@dataclass(frozen=True)
class Runs:
    runs: list[SavedRun]
    grants: dict[str, GrantInfo]  # by code: what each grant covers, its targets, its id
    suppress_below: int
    names: dict[str, str]  # how referral types and genders are written

    def as_return(self, run: SavedRun) -> GrantReturn:
        """The saved figures in the shape the screen shows a return in (nothing recounted)."""
        grant = self.grants.get(run.grant_code) if run.grant_code else None
        scope = Scope(run.period_from, run.period_to, grant)
        return GrantReturn("", None, scope, run.metrics, [], self.suppress_below, self.names, [])


def load_runs(db: Database) -> Runs:
    names = {key(t.name): t.name for t in referral_types(db, include_archived=True)}
    names |= {key(g): g for g in GENDERS}
    return Runs(
        saved_runs(db),
        {g.code: g for g in list_grants(db)},
        get_settings(db).suppress_below,
        names,
    )


def run_columns() -> list[Column[SavedRun]]:
    return [
        Column(
            tr("Produced"),
            lambda r: r.created_at.astimezone(LOCAL).strftime("%d/%m/%Y %H:%M"),
            sort_key=lambda r: r.created_at,
            alignment=RIGHT,
        ),
        Column(tr("Grant"), lambda r: r.grant_code or tr("All activities")),
        Column(
            tr("Period"),
            lambda r: period_text(r.period_from, r.period_to),
            sort_key=lambda r: (r.period_from, r.period_to),
            alignment=RIGHT,
        ),
        Column(tr("By"), lambda r: r.created_by),
    ]


class RunsTab(QWidget):
    """The newest return first; its figures beside it. 'Open again' counts the same grant and
    period afresh on the Grant return tab."""

    open_again = Signal(object, object, object)  # grant id or None, start, end

    def __init__(self, ctx: DeskContext, parent: QWidget | None = None):
        super().__init__(parent)
        self._ctx = ctx
        self._loaded = False
        self._runs = Runs([], {}, 0, {})
        self.model: ListModel[SavedRun] = ListModel(run_columns(), lambda r: r.id, self)
        self.view = ListView(self.model, tr("Earlier returns"), self)
        self.view.selectionModel().currentRowChanged.connect(lambda *_: self._show_figures())
        self.view.activated.connect(lambda _index: self.open_run())
        self.figures_model = figures_model(self)
        self.figures = FiguresView(self.figures_model, tr("Figures of the earlier return"), self)
        self.figures_heading = QLabel(self)
        self.figures_heading.setWordWrap(True)
        self.open_button = QPushButton(tr("&Open again"), self)
        self.open_button.setToolTip(
            tr("Count this grant and period again on the Grant return tab (Enter)")
        )
        self.open_button.clicked.connect(self.open_run)
        self.count_label = QLabel(self)

        left = QWidget(self)
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        left_layout.addWidget(self.view, 1)
        actions = QHBoxLayout()
        actions.addWidget(self.open_button)
        actions.addStretch(1)
        actions.addWidget(self.count_label)
        left_layout.addLayout(actions)
        right = QWidget(self)
        right_layout = QVBoxLayout(right)
        right_layout.setContentsMargins(0, 0, 0, 0)
        right_layout.addWidget(self.figures_heading)
        right_layout.addWidget(self.figures, 1)
        splitter = QSplitter(Qt.Orientation.Horizontal, self)
        splitter.setChildrenCollapsible(False)
        splitter.addWidget(left)
        splitter.addWidget(right)
        splitter.setSizes([480, 560])
        layout = QVBoxLayout(self)
        layout.addWidget(splitter)
        ctx.changes.changed.connect(self._data_changed)
        self._show_figures()

    def activate(self) -> None:
        if not self._loaded:
            self._loaded = True
            self.refresh()
        self.view.setFocus(Qt.FocusReason.OtherFocusReason)

    def refresh(self) -> None:
        db = self._ctx.db
        self._ctx.tasks.run_query(lambda: load_runs(db), self._show)

    def current_run(self) -> SavedRun | None:
        row = self.view.current_row()
        return self.model.record_at(row) if row is not None else None

    def open_run(self) -> None:
        run = self.current_run()
        if run is None:
            return
        grant = self._runs.grants.get(run.grant_code) if run.grant_code else None
        grant_id = grant.id if grant else None
        emit(self.open_again, grant_id, run.period_from, run.period_to)

    # --- inside -----------------------------------------------------------------------------

    def _show(self, runs: Runs) -> None:
        current = self.current_run()
        self._runs = runs
        self.model.set_rows(runs.runs)
        self.view.reset_sort()
        row = self.model.row_of(current.id) if current else None
        if row is not None:
            self.view.setCurrentIndex(self.model.index(row, 0))
        else:
            self.view.select_first()
        self.open_button.setEnabled(bool(runs.runs))
        self.count_label.setText(
            count_text(len(runs.runs), "1 return", "{count} returns")
            if runs.runs
            else tr("None yet: each PDF or XLSX export is kept here with its figures.")
        )
        self._show_figures()

    def _show_figures(self) -> None:
        run = self.current_run()
        if run is None:
            self.figures_model.set_rows([])
            self.figures_heading.setText("")
            return
        self.figures_model.set_rows(figure_lines(self._runs.as_return(run)))
        self.figures_heading.setText(
            tr("{grant}, {period}: the figures as produced, against today's targets.").format(
                grant=run.grant_code or tr("All activities"),
                period=period_text(run.period_from, run.period_to),
            )
        )

    def _data_changed(self, area: str) -> None:
        if self._loaded and area in (REPORTS, GRANTS, SETTINGS):
            self.refresh()
