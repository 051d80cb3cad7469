"""The Timebank area: the ledger, batch entry of paper slips, members with their offers and
requests, matching requests to helpers, and members who have gone quiet — one tab each.
Matching and the inactive members are for coordinators and admins: a volunteer's area has
no such tabs."""

from __future__ import annotations

from PySide6.QtWidgets import QTabWidget, QVBoxLayout, QWidget

from ncdesk.core.services.skills import find_helpers
from ncdesk.core.services.timebank_accounts import inactive_members
from ncdesk.ui.common.desk_context import DeskContext
from ncdesk.ui.common.permissions import allowed, drop_tab_unless
from ncdesk.ui.timebank.batch_tab import BatchTab
from ncdesk.ui.timebank.inactive_tab import InactiveTab
from ncdesk.ui.timebank.ledger_tab import LedgerTab
from ncdesk.ui.timebank.matching_tab import MatchingTab
from ncdesk.ui.timebank.member_directory import MemberDirectory
from ncdesk.ui.timebank.members_tab import MembersTab


class TimebankScreen(QWidget):
    """Nothing is read until the area is first opened; each tab loads when first shown."""

    def __init__(self, ctx: DeskContext, parent: QWidget | None = None):
        super().__init__(parent)
        self._ctx = ctx
        self.directory = MemberDirectory(ctx, self)
        self.ledger = LedgerTab(ctx, self.directory, self)
        self.batch = BatchTab(ctx, self.directory, self)
        self.members = MembersTab(ctx, self.directory, self)
        self.matching = MatchingTab(ctx, self.directory, self)
        self.inactive = InactiveTab(ctx, self.directory, self)
        self.tabs = QTabWidget(self)
        self.tabs.setDocumentMode(True)
        # Alt+letter opens a tab; no button inside a tab uses these letters.
        self.tabs.addTab(self.ledger, self.tr("E&xchanges"))
        self.tabs.addTab(self.batch, self.tr("&Batch entry"))
        self.tabs.addTab(self.members, self.tr("&Members"))
        self.tabs.addTab(self.matching, self.tr("Ma&tching"))
        self.tabs.addTab(self.inactive, self.tr("&Inactive members"))
        drop_tab_unless(allowed(ctx.db, find_helpers), self.tabs, self.matching)
        drop_tab_unless(allowed(ctx.db, inactive_members), self.tabs, self.inactive)
        self.tabs.currentChanged.connect(lambda _index: self._activate_tab())
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.tabs)

    @property
    def title(self) -> str:
        return self.tr("Timebank")

    def activate(self) -> None:
        """Called when the area comes into view: load what is needed, focus the tab's list."""
        if not self.directory.is_loaded:
            self.directory.refresh()
        self._activate_tab()

    def show_tab(self, tab: QWidget) -> None:
        self.tabs.setCurrentWidget(tab)

    def _activate_tab(self) -> None:
        tabs = (self.ledger, self.batch, self.members, self.matching, self.inactive)
        current = self.tabs.currentWidget()
        for tab in tabs:
            if tab is current:
                tab.activate()
