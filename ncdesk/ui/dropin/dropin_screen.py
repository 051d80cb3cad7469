"""The Drop-in area: the Today desk, the follow-ups list and the activities with their
sessions, as tabs (Ctrl+Tab and Ctrl+Shift+Tab move between them; Alt+1/2/3 jump)."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import QTabWidget, QVBoxLayout, QWidget

from ncdesk.ui.common.desk_context import DeskContext
from ncdesk.ui.dropin.activities_panel import ActivitiesPanel
from ncdesk.ui.dropin.follow_ups_panel import FollowUpsPanel
from ncdesk.ui.dropin.today_screen import TodayScreen


class DropInScreen(QWidget):
    def __init__(self, ctx: DeskContext, parent: QWidget | None = None):
        super().__init__(parent)
        self.today = TodayScreen(ctx, self)
        self.follow_ups = FollowUpsPanel(ctx, self)
        self.activities = ActivitiesPanel(ctx, self)
        self.tabs = QTabWidget(self)
        self.tabs.setDocumentMode(True)
        pages = (
            (self.today, self.today.title),
            (self.follow_ups, self.follow_ups.title),
            (self.activities, self.activities.title),
        )
        for n, (page, title) in enumerate(pages, 1):
            self.tabs.addTab(page, title)
            self.tabs.setTabToolTip(n - 1, self.tr("Alt+{n}").format(n=n))
            jump = QShortcut(QKeySequence(f"Alt+{n}"), self)
            jump.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            jump.activated.connect(lambda index=n - 1: self.tabs.setCurrentIndex(index))
        self.tabs.currentChanged.connect(lambda _index: self._activate_tab())
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.tabs)

    @property
    def title(self) -> str:
        return self.tr("Drop-in")

    def activate(self) -> None:
        self._activate_tab()

    def show_tab(self, page: QWidget) -> None:
        self.tabs.setCurrentWidget(page)
        self._activate_tab()

    def _activate_tab(self) -> None:
        activate = getattr(self.tabs.currentWidget(), "activate", None)
        if activate is not None:
            activate()
