"""The Servicing tab: items sent to partners, out now or all, with dates and costs."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import QComboBox, QLabel, QWidget
from typing_extensions import override

from ncdesk.core.services.servicing import JobInfo, send_for_service, service_done, service_jobs
from ncdesk.ui.common.desk_context import DeskContext
from ncdesk.ui.common.permissions import allowed, hide_unless
from ncdesk.ui.loans import tables as T
from ncdesk.ui.loans.actions import LoanActions
from ncdesk.ui.loans.list_tab import ListTab
from ncdesk.ui.loans.words import pounds, tr


class ServicingTab(ListTab[JobInfo]):
    def __init__(self, ctx: DeskContext, actions: LoanActions, parent: QWidget | None = None):
        super().__init__(
            ctx, actions, T.job_columns(), lambda r: r.id, tr("Service jobs"), parent, stretch=3
        )
        self.show_choice = QComboBox(self)
        self.show_choice.addItem(tr("Away now"), True)
        self.show_choice.addItem(tr("All jobs"), False)
        label = QLabel(tr("Sho&w:"), self)
        label.setBuddy(self.show_choice)
        self.bar.addWidget(label)
        self.bar.addWidget(self.show_choice)
        self.bar.addStretch(1)
        self.show_choice.currentIndexChanged.connect(lambda _i: self.refresh())
        self.back_button = self.add_button(
            tr("&Back from service…"), self.row_activated, tr("Record it back, with the cost")
        )
        self.sheet_button = self.add_button(
            tr("&Job sheet…"), self.save_sheet, tr("Save the job sheet to print")
        )
        self.open_button = self.add_button(tr("Open item"), self.open_selected)
        self.add_export(tr("Service jobs"))
        self.view.fit_columns({0: "SC0000", 1: 18, 2: 24, 3: 18, 4: "00/00/0000"})
        # Anyone sees the jobs; recording them and their job sheets is a coordinator's.
        self._may_record = allowed(ctx.db, service_done)
        hide_unless(self._may_record, self.back_button)
        # Who may send an item for service may print its job sheet (both coordinators); the
        # sheet's own module loads ReportLab, so it is not imported before it is used.
        hide_unless(allowed(ctx.db, send_for_service), self.sheet_button)

    @override
    def read_rows(self) -> Callable[[], list[JobInfo]]:
        db, open_only = self._ctx.db, bool(self.show_choice.currentData())
        return lambda: service_jobs(db, open_only=open_only)

    @override
    def count_text(self, rows: list[JobInfo]) -> str:
        cost = sum(r.cost_pence for r in rows)
        if not rows:
            return tr("Nothing is away for service")
        jobs = tr("1 job") if len(rows) == 1 else tr("{n} jobs").format(n=len(rows))
        return tr("{jobs}, costing {cost}").format(jobs=jobs, cost=pounds(cost))

    @override
    def enable(self) -> None:
        super().enable()
        job = self.view.current_record()
        self.back_button.setEnabled(job is not None and job.back_on is None)

    @override
    def row_activated(self) -> None:
        row = self.view.current_record()
        if row is not None and row.back_on is None and self._may_record:
            self._actions.service_back(row)

    def save_sheet(self) -> None:
        row = self.view.current_record()
        if row is not None:
            self._actions.save_job_sheet(row.id, row.item_ref)

    def open_selected(self) -> None:
        row = self.view.current_record()
        if row is not None:
            self._actions.open_item(row.item_ref)
