"""The Figures tab: for a period, days on loan and utilisation per category and per item,
idle items, and what servicing cost."""

from __future__ import annotations

from datetime import timedelta

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from ncdesk.core.errors import FieldProblem
from ncdesk.core.parsing import ParseError, format_date, today
from ncdesk.core.services import loan_views as V
from ncdesk.core.services.fleet import FleetFigures, fleet_figures
from ncdesk.ui.common.desk_context import DeskContext
from ncdesk.ui.common.field_errors import InlineErrors, error_label
from ncdesk.ui.common.qt_fixes import emit
from ncdesk.ui.loans import tables as T
from ncdesk.ui.loans.actions import LoanActions
from ncdesk.ui.loans.fields import DateField
from ncdesk.ui.loans.words import percent, pounds, tr


class FiguresTab(QWidget):
    list_shown = Signal()

    def __init__(self, ctx: DeskContext, actions: LoanActions, parent: QWidget | None = None):
        super().__init__(parent)
        self._ctx = ctx
        self._actions = actions
        self._stale = True
        self._figures: list[FleetFigures] = []
        self._asked = 0
        self._answered = 0
        end = today()
        self.start = DateField(end - timedelta(days=364), self)
        self.end = DateField(end, self)
        start_label = QLabel(tr("F&rom:"), self)
        start_label.setBuddy(self.start)
        end_label = QLabel(tr("&To:"), self)
        end_label.setBuddy(self.end)
        self.show_button = QPushButton(tr("&Show figures"), self)
        self.show_button.clicked.connect(self.refresh)
        self.start.returnPressed.connect(self.refresh)
        self.end.returnPressed.connect(self.refresh)
        self.idle_only = QCheckBox(tr("Only id&le items (not lent at all)"), self)
        self.idle_only.toggled.connect(lambda _on: self._show_items())
        self.errors = InlineErrors()
        self.period_problem = error_label(self)
        self.errors.add("start", self.start, self.period_problem)
        end_problem = error_label(self)
        self.errors.add("end", self.end, end_problem)

        self.category_model = T.in_memory_model(
            T.category_figure_columns(), lambda r: hash(r.category), self
        )
        self.categories = T.ListView(
            self.category_model, tr("Figures by category"), self, stretch=0
        )
        self.item_model = T.in_memory_model(T.figure_columns(), lambda r: r.item_id, self)
        self.items = T.ListView(self.item_model, tr("Figures by item"), self, stretch=1)
        self.items.fit_columns({0: "SC0000", 1: 20, 2: "Mobility scooter"})
        self.categories.fit_columns({0: "Mobility scooter"})
        self.summary = QLabel(self)
        self.summary.setWordWrap(True)
        self.export_button = QPushButton(tr("Export list…"), self)
        self.export_button.clicked.connect(self.export)

        bar = QHBoxLayout()
        bar.addWidget(start_label)
        bar.addWidget(self.start)
        bar.addWidget(end_label)
        bar.addWidget(self.end)
        bar.addWidget(self.show_button)
        bar.addStretch(1)
        bar.addWidget(self.idle_only)
        bottom = QHBoxLayout()
        bottom.addWidget(self.export_button)
        bottom.addStretch(1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(bar)
        layout.addWidget(self.period_problem)
        layout.addWidget(end_problem)
        layout.addWidget(self.summary)
        layout.addWidget(self.categories)
        layout.addWidget(self.items, 1)
        layout.addLayout(bottom)
        self._fit_categories()

    def activate(self) -> None:
        if self._stale:
            self.refresh()
        self.start.setFocus(Qt.FocusReason.OtherFocusReason)

    def mark_stale(self) -> None:
        self._stale = True
        if self.isVisible():
            self.refresh()

    def is_loading(self) -> bool:
        return self._asked != self._answered

    def refresh(self) -> None:
        problems = []
        try:
            start = self.start.value()
        except ParseError as exc:
            problems.append(FieldProblem("start", str(exc)))
        try:
            end = self.end.value()
        except ParseError as exc:
            problems.append(FieldProblem("end", str(exc)))
        if not problems and end < start:  # type: ignore[operator]
            problems.append(FieldProblem("end", tr("the end is before the start")))
        if problems:
            self.errors.show(problems)
            return
        self.errors.clear()
        self._stale = False
        self._asked += 1
        number, db = self._asked, self._ctx.db
        assert start is not None and end is not None
        self._ctx.tasks.run_query(
            lambda: (number, start, end, fleet_figures(db, start, end)),
            self._loaded,
            self._actions.show_failure,
        )

    def export(self) -> None:
        rows = self._shown_items()
        self._actions.export(tr("Fleet figures"), T.figure_columns(), lambda: rows)

    # --- inside -----------------------------------------------------------------------------

    def _loaded(self, answer: tuple[int, object, object, list[FleetFigures]]) -> None:
        number, start, end, figures = answer
        if number != self._asked:
            return
        self._answered = number
        self._figures = [f for f in figures if f.days_in_fleet > 0]
        totals = V.category_figures(self._figures)
        self.category_model.set_ids([hash(c.category) for c in totals], totals)
        days_in = sum(c.days_in_fleet for c in totals)
        days_out = sum(c.days_on_loan for c in totals)
        idle = sum(c.idle_items for c in totals)
        self.summary.setText(
            tr(
                "{start} to {end}: {items} items, on loan {days:,} days out of {fleet:,} "
                "({share}); {idle} idle; servicing cost {cost}."
            ).format(
                start=format_date(start),  # type: ignore[arg-type]
                end=format_date(end),  # type: ignore[arg-type]
                items=len(self._figures),
                days=days_out,
                fleet=days_in,
                share=percent(days_out / days_in if days_in else 0.0),
                idle=idle,
                cost=pounds(sum(c.service_cost_pence for c in totals)),
            )
        )
        self._fit_categories()
        self._show_items()
        emit(self.list_shown)

    def _shown_items(self) -> list[FleetFigures]:
        if self.idle_only.isChecked():
            return [f for f in self._figures if f.days_on_loan == 0]
        return list(self._figures)

    def _show_items(self) -> None:
        rows = self._shown_items()
        self.item_model.set_ids([r.item_id for r in rows], rows)

    def _fit_categories(self) -> None:
        rows = max(3, self.category_model.rowCount())
        height = self.categories.verticalHeader().defaultSectionSize()
        header = self.categories.horizontalHeader().sizeHint().height()
        self.categories.setFixedHeight(header + height * rows + 4)
