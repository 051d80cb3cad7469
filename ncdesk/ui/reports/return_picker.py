"""Choosing what a return counts: a grant (or all activities) and a period, from presets
(quarters, financial years, the grant's own dates) or typed as DD/MM/YYYY."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from PySide6.QtCore import QEvent, QObject, Qt, Signal
from PySide6.QtGui import QKeyEvent, QStandardItemModel
from PySide6.QtWidgets import QComboBox, QGridLayout, QLabel, QLineEdit, QPushButton, QWidget
from typing_extensions import override

from ncdesk.core.errors import FieldProblem
from ncdesk.core.parsing import ParseError, format_date, parse_date, today
from ncdesk.core.reports.metrics import Scope
from ncdesk.core.services.grants import GrantInfo
from ncdesk.ui.common.field_errors import InlineErrors, error_label
from ncdesk.ui.common.qt_fixes import emit
from ncdesk.ui.reports.periods import (
    CUSTOM,
    GRANT_PERIOD,
    LAST_QUARTER,
    LAST_YEAR,
    THIS_QUARTER,
    THIS_YEAR,
    preset_period,
)
from ncdesk.ui.reports.words import period_text, tr

_ENTER_KEYS = {Qt.Key.Key_Return, Qt.Key.Key_Enter}


@dataclass(frozen=True)
class Choice:
    """What the pickers say: the period and the grant (None: all activities)."""

    start: date
    end: date
    grant_id: int | None

    def matches(self, scope: Scope) -> bool:
        grant_id = scope.grant.id if scope.grant else None
        return (self.start, self.end, self.grant_id) == (scope.start, scope.end, grant_id)


class ReturnPicker(QWidget):
    """Two rows: the grant; then the period, its dates and Show figures. Enter in any of them
    asks for the figures (`show_requested`)."""

    show_requested = Signal()

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self._grants: dict[int, GrantInfo] = {}

        self.grant = QComboBox(self)
        self.grant.setAccessibleName(tr("Grant"))
        self.grant.setMinimumContentsLength(40)
        self.grant.setSizeAdjustPolicy(
            QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
        )
        grant_label = QLabel(tr("Gra&nt:"), self)
        grant_label.setBuddy(self.grant)
        self.period = QComboBox(self)
        for preset, text in (
            (THIS_QUARTER, tr("This quarter")),
            (LAST_QUARTER, tr("Last quarter")),
            (THIS_YEAR, tr("This financial year (April to March)")),
            (LAST_YEAR, tr("Last financial year")),
            (GRANT_PERIOD, tr("The grant's whole period")),
            (CUSTOM, tr("Dates of my choosing")),
        ):
            self.period.addItem(text, preset)
        self.period.setAccessibleName(tr("Period"))
        period_label = QLabel(tr("Peri&od:"), self)
        period_label.setBuddy(self.period)
        self.start = self._date_edit(tr("From"))
        self.end = self._date_edit(tr("To"))
        start_label = QLabel(tr("&From:"), self)
        start_label.setBuddy(self.start)
        end_label = QLabel(tr("&To:"), self)
        end_label.setBuddy(self.end)
        self.show_button = QPushButton(tr("&Show figures"), self)
        self.show_button.setToolTip(tr("Count the figures for this grant and period (Enter or F5)"))
        self.show_button.clicked.connect(lambda: emit(self.show_requested))
        self.errors = InlineErrors()
        start_error, end_error = error_label(self), error_label(self)
        self.errors.add("start", self.start, start_error)
        self.errors.add("end", self.end, end_error)
        self.hint = QLabel(self)
        self.hint.setWordWrap(True)

        grid = QGridLayout(self)
        grid.setContentsMargins(0, 0, 0, 0)
        grid.addWidget(grant_label, 0, 0)
        grid.addWidget(self.grant, 0, 1, 1, 6)
        grid.addWidget(period_label, 1, 0)
        grid.addWidget(self.period, 1, 1)
        grid.addWidget(start_label, 1, 2)
        grid.addWidget(self.start, 1, 3)
        grid.addWidget(end_label, 1, 4)
        grid.addWidget(self.end, 1, 5)
        grid.addWidget(self.show_button, 1, 6)
        grid.addWidget(start_error, 2, 3)
        grid.addWidget(end_error, 2, 5)
        grid.addWidget(self.hint, 3, 0, 1, 8)
        grid.setColumnStretch(7, 1)
        QWidget.setTabOrder(self.grant, self.period)
        QWidget.setTabOrder(self.period, self.start)
        QWidget.setTabOrder(self.start, self.end)
        QWidget.setTabOrder(self.end, self.show_button)
        for picker in (self.grant, self.period, self.start, self.end):
            picker.installEventFilter(self)

        self.grant.addItem(tr("All activities (no grant)"), None)
        self.grant.currentIndexChanged.connect(self._grant_chosen)
        self.period.currentIndexChanged.connect(self._preset_chosen)
        self.period.setCurrentIndex(self.period.findData(LAST_QUARTER))
        self._preset_chosen()
        self._enable_grant_period(False)

    # --- what the tab uses ------------------------------------------------------------------

    def set_grants(self, grants: list[GrantInfo]) -> None:
        """List these grants, keeping the one chosen if it is still there."""
        chosen = self.grant.currentData()
        self._grants = {g.id: g for g in grants}
        self.grant.blockSignals(True)
        while self.grant.count() > 1:
            self.grant.removeItem(1)
        for g in grants:
            text = f"{g.code} \N{EM DASH} {g.funder}"
            if g.name:
                text += f": {g.name}"
            self.grant.addItem(text, g.id)
        self.grant.setCurrentIndex(max(self.grant.findData(chosen), 0))
        self.grant.blockSignals(False)
        self._grant_chosen()

    def has_grant(self, grant_id: int) -> bool:
        return grant_id in self._grants

    def grant_info(self, grant_id: int | None) -> GrantInfo | None:
        return self._grants.get(grant_id) if grant_id is not None else None

    def choose(self, grant_id: int | None, start: date, end: date) -> None:
        """Set a grant and dates of the user's choosing (from an earlier return)."""
        self.grant.setCurrentIndex(max(self.grant.findData(grant_id), 0))
        self.period.setCurrentIndex(self.period.findData(CUSTOM))
        self.start.setText(format_date(start))
        self.end.setText(format_date(end))
        self._show_hint()

    def read_choice(self) -> Choice | None:
        """The grant and period chosen, or None with the reason shown by the field."""
        problems: list[FieldProblem] = []
        dates: dict[str, date] = {}
        for name, edit in (("start", self.start), ("end", self.end)):
            try:
                dates[name] = parse_date(edit.text())
            except ParseError as exc:
                problems.append(FieldProblem(name, str(exc)))
        if not problems and dates["end"] < dates["start"]:
            problems.append(FieldProblem("end", tr("the period ends before it starts")))
        if problems:
            self.errors.show(problems)
            return None
        self.errors.clear()
        return Choice(dates["start"], dates["end"], self.grant.currentData())

    # --- inside -----------------------------------------------------------------------------

    def _date_edit(self, name: str) -> QLineEdit:
        edit = QLineEdit(self)
        edit.setPlaceholderText(tr("DD/MM/YYYY"))
        edit.setAccessibleName(name)
        edit.setMaximumWidth(edit.fontMetrics().horizontalAdvance("00/00/00000") + 24)
        edit.textEdited.connect(self._dates_typed)
        return edit

    @override
    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        # Enter in any picker asks for the figures (a combo's open list takes it first).
        if event.type() == QEvent.Type.KeyPress:
            assert isinstance(event, QKeyEvent)
            if event.key() in _ENTER_KEYS and not (
                isinstance(watched, QComboBox) and watched.view().isVisible()
            ):
                emit(self.show_requested)
                return True
        return super().eventFilter(watched, event)

    def _chosen_grant(self) -> GrantInfo | None:
        return self.grant_info(self.grant.currentData())

    def _grant_chosen(self) -> None:
        grant = self._chosen_grant()
        self._enable_grant_period(grant is not None)
        if grant is None and self.period.currentData() == GRANT_PERIOD:
            self.period.setCurrentIndex(self.period.findData(THIS_YEAR))
        self._preset_chosen()

    def _enable_grant_period(self, enabled: bool) -> None:
        model = self.period.model()
        assert isinstance(model, QStandardItemModel)
        model.item(self.period.findData(GRANT_PERIOD)).setEnabled(enabled)

    def _preset_chosen(self) -> None:
        grant = self._chosen_grant()
        period = preset_period(
            self.period.currentData(), today(), (grant.start, grant.end) if grant else None
        )
        if period is not None:
            self.start.setText(format_date(period[0]))
            self.end.setText(format_date(period[1]))
            self.errors.clear()
        self._show_hint()

    def _dates_typed(self, _text: str) -> None:
        self.period.blockSignals(True)
        self.period.setCurrentIndex(self.period.findData(CUSTOM))
        self.period.blockSignals(False)
        self._show_hint()

    def _show_hint(self) -> None:
        """Say so when the period runs outside the grant's own dates."""
        grant = self._chosen_grant()
        text = ""
        if grant is not None:
            try:
                start, end = parse_date(self.start.text()), parse_date(self.end.text())
                outside = start < grant.start or end > grant.end
            except ParseError:
                outside = False
            if outside:
                text = tr(
                    "Note: the grant runs from {period}; figures outside it are counted too."
                ).format(period=period_text(grant.start, grant.end))
        self.hint.setText(text)
        self.hint.setVisible(bool(text))
