"""Lend, return, extend and reserve: the forms, each one action with every refusal shown in
full next to the field it concerns."""

from __future__ import annotations

import html
from collections.abc import Callable
from datetime import date, timedelta
from typing import Any

from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialogButtonBox,
    QLabel,
    QLineEdit,
    QPushButton,
    QWidget,
)
from typing_extensions import override

from ncdesk.core.errors import FieldProblem, NotFound, ValidationError
from ncdesk.core.parsing import format_date, today
from ncdesk.core.services import loan_views as V
from ncdesk.core.services.equipment import item_id_for_ref, record_qualification, requirements
from ncdesk.core.services.lending import (
    LoanInput,
    ReservationInput,
    extend_loan,
    lend_from_reservation,
    lend_item,
    reserve,
    return_item,
)
from ncdesk.ui.common.desk_context import DeskContext
from ncdesk.ui.common.permissions import allowed
from ncdesk.ui.loans.borrower_field import Borrower, BorrowerField
from ncdesk.ui.loans.fields import DateField, MoneyField
from ncdesk.ui.loans.form_dialog import FormDialog
from ncdesk.ui.loans.words import (
    DEFAULT_EXTEND_DAYS,
    DEFAULT_LOAN_DAYS,
    WARNING,
    pounds,
    tr,
)


def item_html(ref: str, name: str) -> str:
    return f"<b>{html.escape(ref)}</b> {html.escape(name)}"


def loan_summary(loan: V.LoanRow) -> str:
    """One paragraph about a loan, for the top of the return and extend forms."""
    parts = [
        tr("{item}, lent to {who} ({ref}) on {start}").format(
            item=item_html(loan.item_ref, loan.item_name),
            who=html.escape(loan.borrower),
            ref=html.escape(loan.person_ref),
            start=format_date(loan.start),
        )
    ]
    if loan.due:
        parts.append(tr("due back {due}").format(due=format_date(loan.due)))
    text = ", ".join(parts) + "."
    if loan.deposit_pence:
        text += " " + tr("Deposit taken: {amount}.").format(amount=pounds(loan.deposit_pence))
    if loan.condition_out:
        text += " " + tr("Condition when it went out: {condition}.").format(
            condition=html.escape(loan.condition_out)
        )
    return text


class LendDialog(FormDialog):
    """Lend an item (or record a past loan), or turn a reservation into a loan.

    Succeeds with (the loan made, whether to save the agreement for printing).
    """

    def __init__(
        self,
        ctx: DeskContext,
        *,
        item: V.ItemDetail | None = None,
        reservation: V.ReservationRow | None = None,
        parent: QWidget | None = None,
    ):
        super().__init__(ctx, tr("Lend"), tr("&Lend"), parent)
        self._item = item
        self._reservation = reservation
        starts = today()
        if reservation is not None:
            self.setWindowTitle(tr("Lend from a reservation"))
        elif item is not None:
            self.setWindowTitle(tr("Lend {ref}").format(ref=item.item_ref))

        self.item_ref: QLineEdit | None = None
        if item is not None:
            shown = QLabel(item_html(item.item_ref, item.name), self)
            self.add_field(tr("Item:"), "item", shown)
            if item.safety.reason:
                self.say_first(
                    f"{WARNING} "
                    + html.escape(
                        tr("{ref} cannot go out now: {reason}.").format(
                            ref=item.item_ref, reason=item.safety.reason
                        )
                    )
                    + "<br>"
                    + html.escape(
                        tr(
                            "Record a passing check first. A past loan that has already "
                            "come back can still be recorded, with its return date."
                        )
                    )
                )
        elif reservation is not None and reservation.item_id is not None:
            shown = QLabel(item_html(reservation.item_ref, reservation.item_name), self)
            self.add_field(tr("Item:"), "item", shown)
        else:
            self.item_ref = QLineEdit(self)
            category = reservation.category.lower() if reservation else tr("item")
            self.item_ref.setPlaceholderText(
                tr("Type or scan the reference of the {category} to lend").format(category=category)
            )
            self.add_field(tr("&Item:"), "item", self.item_ref)

        self.borrower = BorrowerField(ctx, self)
        self._category_id = (
            item.category_id if item else (reservation.category_id if reservation else None)
        )
        self.training_button = QPushButton(tr("Record &training…"), self)
        self.training_button.setAutoDefault(False)
        self.training_button.setToolTip(
            tr("Record that the borrower has done what this kind of item needs first")
        )
        self.training_button.clicked.connect(self._record_training)
        self.training_button.hide()  # shown once we know this kind of item needs training
        self.buttons.addButton(self.training_button, QDialogButtonBox.ButtonRole.ActionRole)
        self._needed: list[tuple[int, str, int | None]] = []
        self.add_field(tr("&Borrower:"), "borrower", self.borrower)
        self.start = DateField(starts, self)
        self.due = DateField(
            reservation.end if reservation else starts + timedelta(days=DEFAULT_LOAN_DAYS), self
        )
        self.returned = DateField(None, self, optional=True)
        if reservation is not None:
            self.borrower.set_chosen(
                Borrower(reservation.person_id, reservation.borrower, reservation.person_ref),
                fixed=True,
            )
            self.start.setReadOnly(True)  # a reservation turns into a loan starting today
        self.add_field(
            tr("&Start:"),
            "start",
            self.start,
            beside=QLabel(tr("an earlier date records a loan already made"), self),
        )
        self.add_field(tr("&Due back:"), "due", self.due)
        if reservation is None:
            self.add_field(
                tr("Retur&ned:"),
                "returned",
                self.returned,
                beside=QLabel(tr("only for a past loan that has already come back"), self),
            )
        self.condition = QLineEdit(self)
        self.condition.setPlaceholderText(tr("for example: good, small scuff on the left arm"))
        self.add_field(tr("&Condition out:"), "condition_out", self.condition)
        self.deposit = MoneyField(None, self)
        self.add_field(tr("De&posit:"), "deposit", self.deposit)
        self.signed = QCheckBox(tr("The borrower has si&gned the agreement"), self)
        self.form.addRow("", self.signed)
        self.print_agreement = QCheckBox(tr("Save the &agreement to print (two copies)"), self)
        self.print_agreement.setChecked(True)
        self.form.addRow("", self.print_agreement)
        if self._category_id is not None:
            db, category_id = ctx.db, self._category_id
            ctx.tasks.run_query(lambda: requirements(db, category_id), self._requirements_known)
        if reservation is not None and self.item_ref is None:
            self.condition.setFocus()
        elif self.item_ref is not None:
            self.item_ref.setFocus()
        else:
            self.borrower.setFocus()

    def _requirements_known(self, needed: list[tuple[int, str, int | None]]) -> None:
        self._needed = needed
        # Recording training is a coordinator's; a volunteer is told what is missing instead.
        self.training_button.setVisible(
            bool(needed) and allowed(self._ctx.db, record_qualification)
        )

    def _record_training(self) -> None:
        """Scooter training and the like: recorded here, where its absence is found."""
        borrower = self.borrower.chosen()
        if borrower is None or not self._needed:
            self.show_problems([FieldProblem("borrower", tr("choose the borrower first"))])
            self.borrower.setFocus()
            return
        dialog = TrainingDialog(self._ctx, borrower, self._needed, self)
        dialog.succeeded.connect(lambda name: self._trained(borrower, name))
        self.training = dialog
        dialog.open()

    def _trained(self, borrower: Borrower, name: str) -> None:
        self.errors.clear()
        self.say_done(tr("Recorded {what} for {who}.").format(what=name.lower(), who=borrower.name))
        self.action_button.setFocus()

    @override
    def prepare(self, problems: list[FieldProblem]) -> Callable[[], Any] | None:
        ref = self.item_ref.text().strip() if self.item_ref is not None else ""
        if self.item_ref is not None and not ref:
            problems.append(FieldProblem("item", tr("type or scan the item's reference")))
        borrower = self.borrower.chosen()
        if borrower is None:
            problems.append(
                FieldProblem(
                    "borrower",
                    tr("choose who is borrowing it: type part of their name, then Enter"),
                )
            )
        start = self.read(problems, "start", self.start.value)
        due = self.read(problems, "due", self.due.value)
        returned = self.read(problems, "returned", self.returned.value)
        deposit = self.read(problems, "deposit", self.deposit.pence)
        if problems or borrower is None or start is None or deposit is None:
            return None
        db = self._ctx.db
        wants_print = self.print_agreement.isChecked()
        fixed_item = self._item.id if self._item else None
        reservation = self._reservation
        condition, signed = self.condition.text(), self.signed.isChecked()

        def lend() -> tuple[V.LoanRow, bool]:
            item_id = fixed_item
            if item_id is None and ref:
                try:
                    item_id = item_id_for_ref(db, ref)
                except NotFound as exc:
                    raise ValidationError([FieldProblem("item", str(exc))]) from None
            if reservation is not None:
                loan_id = lend_from_reservation(
                    db,
                    reservation.id,
                    item_id,
                    due=due,
                    condition_out=condition,
                    deposit_pence=deposit,
                    agreement_signed=signed,
                )
            else:
                assert item_id is not None
                loan_id = lend_item(
                    db,
                    LoanInput(
                        item_id,
                        borrower.id,
                        start,
                        due,
                        condition,
                        deposit,
                        signed,
                        returned=returned,
                    ),
                )
            return V.loan_row(db, loan_id), wants_print

        return lend


class ReturnDialog(FormDialog):
    """Record an item coming back: the day, its condition, and the deposit refunded or kept."""

    def __init__(self, ctx: DeskContext, loan: V.LoanRow, parent: QWidget | None = None):
        super().__init__(ctx, tr("Return {ref}").format(ref=loan.item_ref), tr("&Return"), parent)
        self._loan = loan
        self.say_first(loan_summary(loan))
        self.returned = DateField(today(), self)
        self.add_field(tr("Returned &on:"), "returned", self.returned)
        self.condition = QLineEdit(self)
        self.condition.setPlaceholderText(tr("for example: good, needs a clean"))
        self.add_field(tr("&Condition in:"), "condition_in", self.condition)
        self.refund = MoneyField(loan.deposit_pence, self)
        self.kept_reason = QLineEdit(self)
        self.kept_reason.setPlaceholderText(tr("only if some of the deposit is kept"))
        if loan.deposit_pence:
            self.add_field(
                tr("Deposit re&funded:"),
                "refund",
                self.refund,
                beside=QLabel(
                    tr("of {amount} taken").format(amount=pounds(loan.deposit_pence)), self
                ),
            )
            self.add_field(tr("Why &kept:"), "kept_reason", self.kept_reason)
        self.condition.setFocus()

    @override
    def prepare(self, problems: list[FieldProblem]) -> Callable[[], Any] | None:
        returned = self.read(problems, "returned", self.returned.value)
        refund = self.read(problems, "refund", self.refund.pence) if self._loan.deposit_pence else 0
        if problems or returned is None or refund is None:
            return None
        db, loan_id = self._ctx.db, self._loan.id
        condition, reason = self.condition.text(), self.kept_reason.text()
        return lambda: return_item(db, loan_id, returned, condition, refund, reason)


class ExtendDialog(FormDialog):
    """Give the borrower longer; the same rules as lending apply to the extra days."""

    def __init__(self, ctx: DeskContext, loan: V.LoanRow, parent: QWidget | None = None):
        super().__init__(ctx, tr("Extend {ref}").format(ref=loan.item_ref), tr("E&xtend"), parent)
        self._loan = loan
        self.say_first(loan_summary(loan))
        base = max(loan.due or today(), today())
        self.due = DateField(base + timedelta(days=DEFAULT_EXTEND_DAYS), self)
        self.add_field(tr("New &due date:"), "due", self.due)
        self.due.setFocus()
        self.due.selectAll()

    @override
    def prepare(self, problems: list[FieldProblem]) -> Callable[[], Any] | None:
        due = self.read(problems, "due", self.due.value)
        if problems or due is None:
            return None
        db, loan_id = self._ctx.db, self._loan.id

        def extend() -> date:
            extend_loan(db, loan_id, due)
            return due

        return extend


class ReserveDialog(FormDialog):
    """Promise an item, or any item of a category, to someone for some days."""

    def __init__(
        self,
        ctx: DeskContext,
        categories: list[tuple[int, str]],
        *,
        item: V.ItemDetail | None = None,
        parent: QWidget | None = None,
    ):
        super().__init__(ctx, tr("Reserve"), tr("Re&serve"), parent)
        self.what = QComboBox(self)
        if item is not None:
            self.what.addItem(f"{item.item_ref} {item.name}", ("item", item.id))
        for category_id, name in categories:
            self.what.addItem(
                tr("Any {category}").format(category=name.lower()), ("category", category_id)
            )
        self.add_field(tr("&What:"), "item", self.what)
        self.borrower = BorrowerField(ctx, self)
        self.add_field(tr("&For:"), "borrower", self.borrower)
        starts = today() + timedelta(days=1)
        self.start = DateField(starts, self)
        self.end = DateField(starts + timedelta(days=DEFAULT_EXTEND_DAYS - 1), self)
        self.add_field(tr("F&rom:"), "start", self.start)
        self.add_field(tr("&To:"), "end", self.end)
        self.note = QLineEdit(self)
        self.note.setPlaceholderText(tr("for example: after a hip operation"))
        self.add_field(tr("&Note:"), "note", self.note)
        self.borrower.setFocus()

    @override
    def prepare(self, problems: list[FieldProblem]) -> Callable[[], Any] | None:
        borrower = self.borrower.chosen()
        if borrower is None:
            problems.append(
                FieldProblem(
                    "borrower", tr("choose who it is for: type part of their name, then Enter")
                )
            )
        start = self.read(problems, "start", self.start.value)
        end = self.read(problems, "end", self.end.value)
        if problems or borrower is None or start is None or end is None:
            return None
        kind, target = self.what.currentData()
        data = ReservationInput(
            borrower.id,
            start,
            end,
            item_id=target if kind == "item" else None,
            category_id=target if kind == "category" else None,
            note=self.note.text(),
        )
        db = self._ctx.db
        return lambda: reserve(db, data)


class TrainingDialog(FormDialog):
    """A borrower has done what a kind of item needs (scooter training); its expiry follows
    from the requirement. Succeeds with the requirement's name."""

    def __init__(
        self,
        ctx: DeskContext,
        borrower: Borrower,
        needed: list[tuple[int, str, int | None]],
        parent: QWidget | None = None,
    ):
        super().__init__(ctx, tr("Record training"), tr("&Record"), parent)
        self._person_id = borrower.id
        self.say_first(
            tr("For {who} ({ref}).").format(
                who=html.escape(borrower.name), ref=html.escape(borrower.person_ref)
            )
        )
        self.what = QComboBox(self)
        for requirement_id, name, valid_days in needed:
            shown = (
                tr("{name} (lasts {days} days)").format(name=name, days=valid_days)
                if valid_days
                else name
            )
            self.what.addItem(shown, (requirement_id, name))
        self.achieved = DateField(today(), self)
        self.notes = QLineEdit(self)
        self.add_field(tr("&What:"), "requirement", self.what)
        self.add_field(tr("&Done on:"), "achieved", self.achieved)
        self.add_field(tr("&Notes:"), "notes", self.notes)
        self.what.setFocus()

    @override
    def prepare(self, problems: list[FieldProblem]) -> Callable[[], Any] | None:
        achieved = self.read(problems, "achieved", self.achieved.value)
        if problems or achieved is None:
            return None
        if achieved > today():
            problems.append(FieldProblem("achieved", tr("cannot be in the future")))
            return None
        requirement_id, name = self.what.currentData()
        db, person_id, notes = self._ctx.db, self._person_id, self.notes.text()

        def record() -> str:
            record_qualification(db, person_id, requirement_id, achieved, notes)
            return name

        return record
