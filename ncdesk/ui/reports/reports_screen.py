"""The Reports area: the grant return on screen (figures, the records behind them, PDF and XLSX),
the returns already produced, and the grants with their targets — one tab each."""

from __future__ import annotations

from datetime import date

from PySide6.QtWidgets import QTabWidget, QVBoxLayout, QWidget

from ncdesk.ui.common.desk_context import DeskContext
from ncdesk.ui.reports.exporting import SaveFolder
from ncdesk.ui.reports.grants_tab import GrantsTab
from ncdesk.ui.reports.return_tab import ReturnTab
from ncdesk.ui.reports.runs_tab import RunsTab
from ncdesk.ui.reports.words import tr


class ReportsScreen(QWidget):
    """Nothing is read until the area is first opened; each tab loads when first shown."""

    def __init__(self, ctx: DeskContext, parent: QWidget | None = None):
        super().__init__(parent)
        self._ctx = ctx
        self.folder = SaveFolder()
        self.grant_return = ReturnTab(ctx, self.folder, self)
        self.runs = RunsTab(ctx, self)
        self.grants = GrantsTab(ctx, self)
        self.tabs = QTabWidget(self)
        self.tabs.setDocumentMode(True)
        # Alt+letter opens a tab; no button inside a tab uses these letters.
        self.tabs.addTab(self.grant_return, tr("Grant &return"))
        self.tabs.addTab(self.runs, tr("&Earlier returns"))
        self.tabs.addTab(self.grants, tr("&Grants"))
        self.tabs.currentChanged.connect(lambda _index: self._activate_tab())
        self.runs.open_again.connect(self._open_again)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.tabs)

    @property
    def title(self) -> str:
        return tr("Reports")

    def activate(self) -> None:
        self._activate_tab()

    def show_tab(self, tab: QWidget) -> None:
        self.tabs.setCurrentWidget(tab)

    def _activate_tab(self) -> None:
        current = self.tabs.currentWidget()
        activate = getattr(current, "activate", None)
        if activate is not None:
            activate()

    def _open_again(self, grant_id: int | None, start: date, end: date) -> None:
        self.show_tab(self.grant_return)
        self.grant_return.show_again(grant_id, start, end)
