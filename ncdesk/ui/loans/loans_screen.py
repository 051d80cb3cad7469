"""The Loans area: items, loans, overdue, reservations, safety checks, servicing and figures,
one tab each, with a line at the bottom saying what just happened.

Nothing is read until the area is first opened; each tab reads when first shown, and again
when loans data (or people's names) change.
"""

from __future__ import annotations

from functools import partial

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import QLabel, QTabWidget, QVBoxLayout, QWidget

from ncdesk.core.services.fleet import fleet_figures
from ncdesk.ui.common.desk_context import DeskContext
from ncdesk.ui.common.permissions import allowed
from ncdesk.ui.common.tasks import LOANS, PEOPLE
from ncdesk.ui.loans.actions import LoanActions
from ncdesk.ui.loans.checks_tab import ChecksTab
from ncdesk.ui.loans.figures_tab import FiguresTab
from ncdesk.ui.loans.items_tab import ItemsTab
from ncdesk.ui.loans.loans_tab import LoansTab
from ncdesk.ui.loans.overdue_tab import OverdueTab
from ncdesk.ui.loans.reservations_tab import ReservationsTab
from ncdesk.ui.loans.servicing_tab import ServicingTab
from ncdesk.ui.loans.words import tr


class LoansScreen(QWidget):
    """Opens on the Items tab with the cursor in the item field, ready for a scan."""

    def __init__(self, ctx: DeskContext, parent: QWidget | None = None):
        super().__init__(parent)
        self._ctx = ctx
        self.loan_actions = LoanActions(ctx, self)
        self.items = ItemsTab(ctx, self.loan_actions, self)
        self.loans = LoansTab(ctx, self.loan_actions, self)
        self.overdue = OverdueTab(ctx, self.loan_actions, self)
        self.reservations = ReservationsTab(ctx, self.loan_actions, self)
        self.checks = ChecksTab(ctx, self.loan_actions, self)
        self.servicing = ServicingTab(ctx, self.loan_actions, self)
        self.figures = FiguresTab(ctx, self.loan_actions, self)
        self.tabs = QTabWidget(self)
        self.tabs.setDocumentMode(True)
        # Alt+1 to Alt+7 open the tabs (as do Ctrl+Tab and Ctrl+PgDn): there are too many
        # buttons on the Items tab to give the tabs underlined letters as well.
        pages = [
            (self.items, tr("Items")),
            (self.loans, tr("Loans")),
            (self.overdue, tr("Overdue")),
            (self.reservations, tr("Reservations")),
            (self.checks, tr("Safety checks")),
            (self.servicing, tr("Servicing")),
            (self.figures, tr("Figures")),
        ]
        # The fleet's figures are for coordinators and admins: a volunteer has no such tab.
        if not allowed(ctx.db, fleet_figures):
            pages.pop()
            self.figures.setEnabled(False)
            self.figures.hide()
        for number, (tab, name) in enumerate(pages, start=1):
            self.tabs.addTab(tab, name)
            self.tabs.setTabToolTip(number - 1, tr("Alt+{n}").format(n=number))
            shortcut = QShortcut(QKeySequence(f"Alt+{number}"), self)
            shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            shortcut.activated.connect(partial(self.tabs.setCurrentWidget, tab))
        self.tabs.currentChanged.connect(lambda _index: self._activate_tab())
        self.feedback = QLabel(self)
        self.feedback.setWordWrap(True)
        self.feedback.setTextFormat(Qt.TextFormat.RichText)
        self.feedback.setOpenExternalLinks(True)  # "Open it" after saving a PDF
        self.feedback.setTextInteractionFlags(Qt.TextInteractionFlag.TextBrowserInteraction)
        self.feedback.setAccessibleName(tr("What happened"))
        layout = QVBoxLayout(self)
        layout.addWidget(self.tabs, 1)
        layout.addWidget(self.feedback)

        find = QShortcut(QKeySequence.StandardKey.Find, self)
        find.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        find.activated.connect(self.find_item)
        self.loan_actions.said.connect(self.feedback.setText)
        self.loan_actions.item_wanted.connect(self.open_ref)
        ctx.changes.changed.connect(self._data_changed)

    @property
    def title(self) -> str:
        return tr("Loans")

    def activate(self) -> None:
        """Called when the area comes into view."""
        self._activate_tab()

    def find_item(self) -> None:
        """Ctrl+F: to the item field, from any tab."""
        self.tabs.setCurrentWidget(self.items)
        self.items.focus_find()

    def open_ref(self, item_ref: str) -> None:
        self.tabs.setCurrentWidget(self.items)
        self.items.find_item.setText(item_ref)
        self.items.open_ref(item_ref)

    def _activate_tab(self) -> None:
        current = self.tabs.currentWidget()
        activate = getattr(current, "activate", None)
        if activate is not None:
            activate()

    def _data_changed(self, area: str) -> None:
        if area not in (LOANS, PEOPLE):
            return
        for tab in (
            self.items,
            self.loans,
            self.overdue,
            self.reservations,
            self.checks,
            self.servicing,
            self.figures,
        ):
            tab.mark_stale()
