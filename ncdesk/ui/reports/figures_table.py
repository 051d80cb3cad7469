"""The figures of a return as a list: each figure's name, its value as printed (small counts
suppressed as the organisation's setting says), the grant's target and progress towards it.

The headline figures come first, in the order of the printed return, then each breakdown
(ages, gender, disability, referral types), so every number on the PDF has a line here that
can be opened to show the records behind it.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Protocol, TypeVar

from PySide6.QtCore import QEvent, QModelIndex, QObject, QPersistentModelIndex, QRect
from PySide6.QtGui import QColor, QPainter
from PySide6.QtWidgets import (
    QHeaderView,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QWidget,
)
from typing_extensions import override

from ncdesk.core.reports.grant_return import GrantReturn
from ncdesk.ui.common.table_model import RIGHT, SORT_ROLE, Column
from ncdesk.ui.reports.lists import ListModel, ListView
from ncdesk.ui.reports.words import figure_label, progress_text, target_text, tr

COL_FIGURE, COL_VALUE, COL_TARGET, COL_PROGRESS = range(4)
BREAKDOWNS = ("reach.age.", "reach.gender.", "reach.disability.", "referrals.by_type.")


@dataclass(frozen=True)
class FigureLine:
    row: int  # position in the return, the line's id in the list
    metric_id: str
    label: str
    value: float
    shown: str  # as printed: '<5' when suppressed
    target: float | None

    @property
    def progress(self) -> float | None:
        if self.target is None or self.target == 0:
            return None
        return self.value / self.target


def figure_lines(r: GrantReturn) -> list[FigureLine]:
    """Every figure the printed return shows, in its order, with targets."""
    targets = r.scope.grant.targets if r.scope.grant else {}
    ids = [line.metric_id for line in r.summary()]
    for prefix in BREAKDOWNS:
        ids += [metric_id for metric_id in r.figures if metric_id.startswith(prefix)]
    ids = [metric_id for metric_id in dict.fromkeys(ids) if r.covers(metric_id)]
    return [
        FigureLine(
            row,
            metric_id,
            figure_label(metric_id, r.names),
            r.figures.get(metric_id, 0),
            r.shown(metric_id),
            targets.get(metric_id),
        )
        for row, metric_id in enumerate(ids)
    ]


def figure_columns() -> list[Column[FigureLine]]:
    return [
        Column(tr("Figure"), lambda f: f.label, tooltip=lambda f: f.metric_id),
        Column(tr("Value"), lambda f: f.shown, sort_key=lambda f: f.value, alignment=RIGHT),
        *target_columns(_progress_tooltip),
    ]


class AgainstTarget(Protocol):
    """A figure shown beside a grant's target: a return's line, a Home headline."""

    @property
    def metric_id(self) -> str: ...
    @property
    def target(self) -> float | None: ...
    @property
    def progress(self) -> float | None: ...


Line = TypeVar("Line", bound=AgainstTarget)


def target_columns(tooltip: Callable[[Line], str] | None = None) -> list[Column[Line]]:
    """The Target and Progress columns of every list of figures against a grant's targets."""
    return [
        Column(
            tr("Target"),
            lambda f: target_text(f.metric_id, f.target),
            sort_key=lambda f: f.target,
            alignment=RIGHT,
        ),
        Column(
            tr("Progress"),
            lambda f: progress_text(f.progress),
            sort_key=lambda f: f.progress,
            alignment=RIGHT,
            tooltip=tooltip,
        ),
    ]


def _progress_tooltip(f: FigureLine) -> str:
    if f.progress is None or f.target is None:
        return ""
    return tr("{value} of a target of {target}").format(
        value=f.shown, target=target_text(f.metric_id, f.target)
    )


def figures_model(parent: QObject | None = None) -> ListModel[FigureLine]:
    return ListModel(figure_columns(), lambda line: line.row, parent=parent)


BAR = QColor("#b9d7e8")  # a quiet blue; the percentage in words is the first signal
BAR_MET = QColor("#b8dfc0")


class ProgressDelegate(QStyledItemDelegate):
    """Draws a bar under the progress text, full width when the target is met."""

    @override
    def paint(
        self,
        painter: QPainter,
        option: QStyleOptionViewItem,
        index: QModelIndex | QPersistentModelIndex,
    ) -> None:
        progress = index.data(SORT_ROLE)
        selected = bool(option.state & QStyle.StateFlag.State_Selected)  # type: ignore[attr-defined]
        if isinstance(progress, float) and not selected:
            rect: QRect = option.rect  # type: ignore[attr-defined]
            text_room = option.fontMetrics.horizontalAdvance(tr("Met (100%)")) + 8  # type: ignore[attr-defined]
            inner = rect.adjusted(4, 5, -text_room, -5)
            inner.setWidth(max(1, round(inner.width() * min(progress, 1.0))))
            painter.save()
            painter.fillRect(inner, BAR_MET if progress >= 1 else BAR)
            painter.restore()
        super().paint(painter, option, index)


class FiguresView(ListView):
    """The list of figures: the name takes the spare width, progress shows as a bar too."""

    def __init__(self, model: ListModel[FigureLine], accessible_name: str, parent: QWidget):
        super().__init__(model, accessible_name, parent)
        self.stretch(COL_FIGURE)
        self.setItemDelegateForColumn(COL_PROGRESS, ProgressDelegate(self))
        self.horizontalHeader().setSectionResizeMode(COL_PROGRESS, QHeaderView.ResizeMode.Fixed)
        self._fit_progress()

    @override
    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.FontChange:
            self._fit_progress()
        super().changeEvent(event)

    def _fit_progress(self) -> None:
        width = self.fontMetrics().horizontalAdvance(tr("Met (100%)")) * 2 + 16
        self.setColumnWidth(COL_PROGRESS, width)
