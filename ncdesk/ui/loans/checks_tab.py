"""The Safety checks tab: checks failed, never done, overdue or falling due soon. An item on
this list with a failed or overdue check cannot go out until a passing check is recorded."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import QLabel, QSpinBox, QWidget
from typing_extensions import override

from ncdesk.core.services import loan_views as V
from ncdesk.core.services.equipment import add_check_type, record_check
from ncdesk.ui.common.desk_context import DeskContext
from ncdesk.ui.common.permissions import allowed, hide_unless
from ncdesk.ui.loans import tables as T
from ncdesk.ui.loans.actions import LoanActions
from ncdesk.ui.loans.list_tab import ListTab
from ncdesk.ui.loans.words import tr


class ChecksTab(ListTab[V.DueCheckRow]):
    def __init__(self, ctx: DeskContext, actions: LoanActions, parent: QWidget | None = None):
        super().__init__(
            ctx,
            actions,
            T.due_check_columns(),
            lambda r: r.item_id * 1_000_000 + (r.check_type_id or 0),
            tr("Safety checks due"),
            parent,
        )
        self.within = QSpinBox(self)
        self.within.setRange(0, 365)
        self.within.setValue(V.DUE_SOON_DAYS)
        self.within.setSuffix(tr(" days"))
        self.within.setAccessibleName(tr("Falling due within"))
        label = QLabel(tr("Checks failed, never done, overdue or falling due &within"), self)
        label.setBuddy(self.within)
        self.bar.addWidget(label)
        self.bar.addWidget(self.within)
        self.bar.addStretch(1)
        self.within.valueChanged.connect(lambda _v: self.refresh())
        self.check_button = self.add_button(
            tr("Record chec&k…"), self.row_activated, tr("Record this check done")
        )
        self.open_button = self.add_button(tr("Open item"), self.open_selected)
        self.add_export(tr("Safety checks due"))
        self.setup_button = self.add_button(
            tr("Checks and re&quirements…"),
            actions.set_up_checks,
            tr("The checks each kind of item needs, and what borrowers must have done first"),
            needs_row=False,
        )
        self.view.fit_columns({0: "SC0000", 1: 18, 2: 18, 3: "00/00/0000", 4: "00/00/0000"})
        # Anyone sees what is due; recording checks and setting them up is a coordinator's.
        self._may_check = allowed(ctx.db, record_check)
        hide_unless(self._may_check, self.check_button)
        hide_unless(allowed(ctx.db, add_check_type), self.setup_button)

    @override
    def read_rows(self) -> Callable[[], list[V.DueCheckRow]]:
        db, within = self._ctx.db, self.within.value()
        return lambda: V.due_checks(db, within)

    @override
    def count_text(self, rows: list[V.DueCheckRow]) -> str:
        if not rows:
            return tr("No checks due")
        return tr("1 check") if len(rows) == 1 else tr("{n} checks").format(n=len(rows))

    @override
    def row_activated(self) -> None:
        row = self.view.current_record()
        if row is not None and self._may_check:
            self._actions.with_item(
                row.item_id,
                lambda item: self._actions.record_check(item, row.check_type_id),
            )

    def open_selected(self) -> None:
        row = self.view.current_record()
        if row is not None:
            self._actions.open_item(row.item_ref)
