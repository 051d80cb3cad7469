"""What the coordinator does, in one place for every Loans tab: open the right form, and once
it succeeds say what happened and offer the paperwork. Tabs only decide which record."""

from __future__ import annotations

import html
from collections.abc import Callable, Sequence
from datetime import date
from functools import partial
from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtWidgets import QDialog, QWidget

from ncdesk.core.parsing import format_date, today
from ncdesk.core.reports.labels import LabelStock, write_label_sheet, write_single_label
from ncdesk.core.services import loan_views as V
from ncdesk.core.services.equipment import add_check_type, bring_back_into_use, categories
from ncdesk.core.services.lending import cancel_reservation
from ncdesk.core.services.servicing import JobInfo
from ncdesk.core.services.settings import get_settings
from ncdesk.ui.common.desk_context import DeskContext
from ncdesk.ui.common.messages import confirm, show_error
from ncdesk.ui.common.permissions import allowed, may_export
from ncdesk.ui.common.qt_fixes import emit
from ncdesk.ui.common.table_model import Column
from ncdesk.ui.common.tasks import LOANS
from ncdesk.ui.loans.files import (
    ask_save_path,
    export_rows,
    pdf_filter,
    saved_message,
    write_in_background,
    xlsx_filter,
)
from ncdesk.ui.loans.item_dialogs import (
    BackDialog,
    CheckDialog,
    ItemDialog,
    LabelsDialog,
    RetireDialog,
    SendDialog,
)
from ncdesk.ui.loans.loan_dialogs import ExtendDialog, LendDialog, ReserveDialog, ReturnDialog
from ncdesk.ui.loans.setup_dialog import CategoryNeeds, SetupDialog, read_needs
from ncdesk.ui.loans.words import pounds, tr


def _safe_name(text: str) -> str:
    return "".join(c for c in text if c.isalnum() or c in " -_").strip() or "item"


class LoanActions(QObject):
    """Opens the forms and writes the paperwork; `said` carries what happened (rich text)."""

    said = Signal(str)
    item_changed = Signal(int)  # an item's details or status changed: show it
    item_wanted = Signal(str)  # open this item (by reference) on the Items tab

    def __init__(self, ctx: DeskContext, window: QWidget):
        super().__init__(window)
        self._ctx = ctx
        self._window = window

    def open_item(self, item_ref: str) -> None:
        emit(self.item_wanted, item_ref)

    # --- lending ----------------------------------------------------------------------------

    def lend(self, item: V.ItemDetail) -> LendDialog:
        dialog = LendDialog(self._ctx, item=item, parent=self._window)
        dialog.succeeded.connect(self._lent)
        return self._open(dialog)

    def lend_reservation(self, reservation: V.ReservationRow) -> LendDialog:
        dialog = LendDialog(self._ctx, reservation=reservation, parent=self._window)
        dialog.succeeded.connect(self._lent)
        return self._open(dialog)

    def return_loan(self, loan: V.LoanRow) -> ReturnDialog:
        dialog = ReturnDialog(self._ctx, loan, self._window)
        dialog.succeeded.connect(partial(self._returned, loan=loan, dialog=dialog))
        return self._open(dialog)

    def extend(self, loan: V.LoanRow) -> ExtendDialog:
        dialog = ExtendDialog(self._ctx, loan, self._window)
        dialog.succeeded.connect(partial(self._extended, loan=loan))
        return self._open(dialog)

    def with_loan(self, loan_id: int, then: Callable[[V.LoanRow], object]) -> None:
        """Fetch a loan, then act on it (lists that hold only a row of text)."""
        db = self._ctx.db

        def found(loan: V.LoanRow) -> None:
            then(loan)

        self._ctx.tasks.run_query(lambda: V.loan_row(db, loan_id), found, self.show_failure)

    def with_item(self, item_id: int, then: Callable[[V.ItemDetail], object]) -> None:
        db = self._ctx.db

        def found(item: V.ItemDetail) -> None:
            then(item)

        self._ctx.tasks.run_query(lambda: V.item_detail(db, item_id), found, self.show_failure)

    # --- reservations -----------------------------------------------------------------------

    def reserve(self, item: V.ItemDetail | None = None) -> None:
        def show(found: list[tuple[int, str]]) -> None:
            dialog = ReserveDialog(self._ctx, found, item=item, parent=self._window)
            dialog.succeeded.connect(lambda _id: self._say(tr("Reserved.")))
            self._open(dialog)

        db = self._ctx.db
        self._ctx.tasks.run_query(lambda: categories(db), show, self.show_failure)

    def cancel_reservation(self, row: V.ReservationRow) -> None:
        what = f"{row.item_ref} {row.item_name}" if row.item_id else row.category.lower()
        question = tr("Cancel the reservation of {what} for {who}?").format(
            what=what, who=row.borrower
        )
        details = tr("{start} to {end}. The dates become free for others.").format(
            start=format_date(row.start), end=format_date(row.end)
        )

        def cancel() -> None:
            db = self._ctx.db
            self._ctx.tasks.run_operation(
                lambda: cancel_reservation(db, row.id),
                lambda _r: self._say(tr("Reservation cancelled.")),
                self.show_failure,
                changes=(LOANS,),
            )

        confirm(self._window, question, tr("Cancel reservation"), cancel, details=details)

    # --- the item itself --------------------------------------------------------------------

    def record_check(self, item: V.ItemDetail, check_type_id: int | None = None) -> CheckDialog:
        dialog = CheckDialog(self._ctx, item, check_type_id=check_type_id, parent=self._window)
        dialog.succeeded.connect(
            lambda _id: self._item_done(
                item.id, tr("Check recorded on {ref}.").format(ref=item.item_ref)
            )
        )
        return self._open(dialog)

    def send_for_service(self, item: V.ItemDetail) -> None:
        def show(partners: list[str]) -> None:
            dialog = SendDialog(self._ctx, item, partners, self._window)
            dialog.succeeded.connect(partial(self._sent, item=item))
            self._open(dialog)

        db = self._ctx.db
        self._ctx.tasks.run_query(lambda: V.service_partners(db), show, self.show_failure)

    def service_back(self, job: JobInfo) -> BackDialog:
        dialog = BackDialog(self._ctx, job, self._window)
        dialog.succeeded.connect(
            lambda cost: self._item_done(
                job.item_id,
                tr("{ref} is back from {partner} ({cost}).").format(
                    ref=job.item_ref,
                    partner=job.partner,
                    cost=pounds(cost) if cost else tr("no charge"),
                ),
            )
        )
        return self._open(dialog)

    def edit_item(self, item: V.ItemDetail | None = None) -> None:
        def show(found: list[tuple[int, str]]) -> None:
            dialog = ItemDialog(self._ctx, found, item, self._window)
            dialog.succeeded.connect(
                lambda item_id: self._item_done(
                    item_id, tr("Saved {ref}.").format(ref=dialog.ref.text().strip())
                )
            )
            self._open(dialog)

        db = self._ctx.db
        self._ctx.tasks.run_query(lambda: categories(db), show, self.show_failure)

    def retire(self, item: V.ItemDetail) -> RetireDialog:
        dialog = RetireDialog(self._ctx, item, self._window)
        dialog.succeeded.connect(
            lambda _r: self._item_done(item.id, tr("{ref} is retired.").format(ref=item.item_ref))
        )
        return self._open(dialog)

    def bring_back_into_use(self, item: V.ItemDetail) -> None:
        """Undo a retirement at once: it is as easily redone, so nothing to confirm."""
        db = self._ctx.db
        self._ctx.tasks.run_operation(
            lambda: bring_back_into_use(db, item.id),
            lambda _r: self._item_done(
                item.id, tr("{ref} is back in use.").format(ref=item.item_ref)
            ),
            self.show_failure,
            changes=(LOANS,),
        )

    def set_up_checks(self) -> None:
        if not allowed(self._ctx.db, add_check_type):
            return
        """What each kind of item needs: safety checks and borrower requirements."""

        def show(needs: list[CategoryNeeds]) -> None:
            dialog = SetupDialog(self._ctx, needs, self._window)
            dialog.succeeded.connect(self._say)
            self._open(dialog)

        db = self._ctx.db
        self._ctx.tasks.run_query(lambda: read_needs(db), show, self.show_failure)

    # --- paperwork --------------------------------------------------------------------------

    def save_agreement(self, loan: V.LoanRow, path: Path | None = None) -> None:
        """The loan agreement as a PDF (two copies with signature lines)."""
        # ReportLab: loaded on first use, not at start-up
        from ncdesk.core.reports.loan_documents import write_agreement

        name = (
            f"loan agreement {loan.item_ref} {_safe_name(loan.borrower)} {loan.start:%Y-%m-%d}.pdf"
        )
        db = self._ctx.db
        self._save_pdf(
            tr("Save the loan agreement"),
            name,
            lambda target: write_agreement(db, loan.id, target),
            tr("Agreement saved to {path}."),
            path,
        )

    def save_job_sheet(self, job_id: int, item_ref: str, path: Path | None = None) -> None:
        # ReportLab: loaded on first use, not at start-up
        from ncdesk.core.reports.loan_documents import write_job_sheet

        db = self._ctx.db
        self._save_pdf(
            tr("Save the job sheet"),
            f"job sheet {item_ref} {today():%Y-%m-%d}.pdf",
            lambda target: write_job_sheet(db, job_id, target),
            tr("Job sheet saved to {path}."),
            path,
        )

    def save_label(self, item_ref: str, name: str, path: Path | None = None) -> None:
        db = self._ctx.db
        self._save_pdf(
            tr("Save the label"),
            f"label {item_ref}.pdf",
            lambda target: write_single_label(
                target, item_ref, name, get_settings(db).organisation_name
            ),
            tr("Label saved to {path}."),
            path,
        )

    def save_labels(
        self,
        items: Sequence[tuple[str, str]],
        path: Path | None = None,
        *,
        stock: LabelStock | None = None,
        skip: int = 0,
    ) -> LabelsDialog | None:
        """A sheet of labels; asks which stock (and part-used sheet) unless told."""
        chosen = list(items)
        if not chosen:
            self._say(tr("There are no items listed to print labels for."))
            return None
        if stock is None:
            dialog = LabelsDialog(len(chosen), self._window)
            dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
            dialog.accepted.connect(
                lambda: self.save_labels(
                    chosen, path, stock=dialog.chosen_stock(), skip=dialog.skip.value()
                )
            )
            dialog.open()
            return dialog
        db = self._ctx.db
        self._save_pdf(
            tr("Save the labels"),
            f"labels {today():%Y-%m-%d}.pdf",
            lambda target: write_label_sheet(
                target, chosen, get_settings(db).organisation_name, stock, skip=skip
            ),
            tr("Labels saved to {path}."),
            path,
        )
        return None

    def export(
        self,
        title: str,
        columns: Sequence[Column[Any]],
        rows: Callable[[], Sequence[Any]],
        path: Path | None = None,
    ) -> None:
        """A list as an XLSX workbook, with the columns the screen shows (not for a
        volunteer, who makes no exports)."""
        if not may_export(self._ctx.db):
            return
        if path is None:
            ask_save_path(
                self._window,
                tr("Export the list"),
                f"{title.lower()} {today():%Y-%m-%d}.xlsx",
                xlsx_filter(),
                lambda chosen: self.export(title, columns, rows, chosen),
            )
            return
        export_rows(
            self._ctx,
            self._window,
            path,
            title,
            columns,
            rows,
            lambda written: self.said_rich(saved_message(tr("List saved to {path}."), written)),
        )

    # --- inside -----------------------------------------------------------------------------

    def said_rich(self, text: str) -> None:
        emit(self.said, text)

    def _say(self, text: str) -> None:
        emit(self.said, html.escape(text))

    def _open(self, dialog: QDialog) -> Any:
        dialog.open()
        return dialog

    def show_failure(self, error: BaseException) -> None:
        show_error(self._window, error)

    def _item_done(self, item_id: int, text: str) -> None:
        self._say(text)
        emit(self.item_changed, item_id)

    def _lent(self, result: tuple[V.LoanRow, bool]) -> None:
        loan, wants_print = result
        if loan.returned is not None:
            text = tr("Recorded the loan of {ref} to {who}, {start} to {back}.").format(
                ref=loan.item_ref,
                who=loan.borrower,
                start=format_date(loan.start),
                back=format_date(loan.returned),
            )
        elif loan.due is not None:
            text = tr("Lent {ref} to {who}, due back {due}.").format(
                ref=loan.item_ref, who=loan.borrower, due=format_date(loan.due)
            )
        else:
            text = tr("Lent {ref} to {who}.").format(ref=loan.item_ref, who=loan.borrower)
        self._item_done(loan.item_id, text)
        if wants_print:
            self.save_agreement(loan)

    def _returned(self, _result: object, loan: V.LoanRow, dialog: ReturnDialog) -> None:
        kept = loan.deposit_pence - (dialog.refund.pence() if loan.deposit_pence else 0)
        text = tr("{ref} is back from {who}.").format(ref=loan.item_ref, who=loan.borrower)
        if loan.deposit_pence:
            text += " " + (
                tr("{kept} of the deposit kept.").format(kept=pounds(kept))
                if kept
                else tr("Deposit of {amount} refunded.").format(amount=pounds(loan.deposit_pence))
            )
        self._item_done(loan.item_id, text)

    def _extended(self, due: date, loan: V.LoanRow) -> None:
        self._item_done(
            loan.item_id,
            tr("{ref} is now due back {due}.").format(ref=loan.item_ref, due=format_date(due)),
        )

    def _sent(self, result: tuple[int, bool], item: V.ItemDetail) -> None:
        job_id, wants_sheet = result
        self._item_done(item.id, tr("{ref} is away for service.").format(ref=item.item_ref))
        if wants_sheet:
            self.save_job_sheet(job_id, item.item_ref)

    def _save_pdf(
        self,
        caption: str,
        suggested: str,
        write: Callable[[Path], object],
        done_text: str,
        path: Path | None,
    ) -> None:
        if path is None:
            ask_save_path(
                self._window,
                caption,
                suggested,
                pdf_filter(),
                lambda chosen: self._save_pdf(caption, suggested, write, done_text, chosen),
            )
            return
        self._say(tr("Writing {name}…").format(name=path.name))
        write_in_background(
            self._ctx,
            self._window,
            path,
            write,
            lambda written: self.said_rich(saved_message(done_text, written)),
        )
