"""Forms about an item itself: its details, retiring it, a safety check done, sending it for
service and having it back, and the choices for a sheet of labels."""

from __future__ import annotations

import html
from collections.abc import Callable
from typing import Any

from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)
from typing_extensions import override

from ncdesk.core.errors import FieldProblem
from ncdesk.core.parsing import format_date, today
from ncdesk.core.reports.labels import STOCKS, LabelStock
from ncdesk.core.services import loan_views as V
from ncdesk.core.services.equipment import (
    GENERAL_CHECK,
    ItemInput,
    record_check,
    retire_item,
    save_item,
)
from ncdesk.core.services.servicing import JobInfo, send_for_service, service_done
from ncdesk.ui.common.desk_context import DeskContext
from ncdesk.ui.loans.fields import DateField, MoneyField
from ncdesk.ui.loans.form_dialog import FormDialog
from ncdesk.ui.loans.loan_dialogs import item_html
from ncdesk.ui.loans.words import tr


class ItemDialog(FormDialog):
    """Add an item to the register or change its details. Succeeds with the item's id."""

    def __init__(
        self,
        ctx: DeskContext,
        categories: list[tuple[int, str]],
        item: V.ItemDetail | None = None,
        parent: QWidget | None = None,
    ):
        title = tr("Edit {ref}").format(ref=item.item_ref) if item else tr("New item")
        super().__init__(ctx, title, tr("&Save"), parent)
        self._item_id = item.id if item else None
        data = item.as_input() if item else ItemInput("", "")
        self.ref = QLineEdit(data.item_ref, self)
        self.ref.setPlaceholderText(tr("for example SC07; printed on its label"))
        self.name = QLineEdit(data.name, self)
        self.category = QComboBox(self)
        self.category.setEditable(True)  # a new category is made by typing its name
        self.category.addItems([name for _, name in categories])
        self.category.setCurrentText(data.category)
        self.serial = QLineEdit(data.serial, self)
        self.acquired = DateField(data.acquired, self, optional=True)
        self.location = QLineEdit(data.location, self)
        self.location.setPlaceholderText(tr("for example: store room, or with the borrower"))
        self.own_check = QLineEdit(str(data.check_every_days or ""), self)
        self.own_check.setPlaceholderText(tr("days"))
        self.own_check.setMaximumWidth(self.fontMetrics().horizontalAdvance("00000") + 24)
        self.notes = QLineEdit(data.notes, self)
        self.photo = QLineEdit(data.photo_path, self)
        self.photo.setPlaceholderText(tr("a picture file, if there is one"))
        choose = QPushButton(tr("C&hoose…"), self)
        choose.clicked.connect(self._choose_photo)
        self.add_field(tr("&Reference:"), "item_ref", self.ref)
        self.add_field(tr("&Name:"), "name", self.name)
        self.add_field(tr("&Category:"), "category", self.category)
        self.add_field(tr("S&erial number:"), "serial", self.serial)
        self.add_field(tr("&Acquired:"), "acquired", self.acquired)
        self.add_field(tr("&Location:"), "location", self.location)
        self.add_field(
            tr("Own safety check e&very:"),
            "check_every_days",
            self.own_check,
            beside=QLabel(tr("days, on top of its category's checks (leave blank if none)"), self),
        )
        self.add_field(tr("N&otes:"), "notes", self.notes)
        self.add_field(tr("&Photo:"), "photo_path", self.photo, beside=choose)
        self.ref.setFocus()

    def _choose_photo(self) -> None:
        dialog = QFileDialog(self, tr("Choose a photo"), self.photo.text())
        dialog.setNameFilter(tr("Pictures (*.png *.jpg *.jpeg *.bmp *.gif *.webp)"))
        dialog.setFileMode(QFileDialog.FileMode.ExistingFile)
        dialog.fileSelected.connect(self.photo.setText)
        dialog.open()

    @override
    def prepare(self, problems: list[FieldProblem]) -> Callable[[], Any] | None:
        acquired = self.read(problems, "acquired", self.acquired.value)
        days_text = self.own_check.text().strip()
        days: int | None = None
        if days_text:
            if days_text.isdigit() and int(days_text) > 0:
                days = int(days_text)
            else:
                problems.append(
                    FieldProblem("check_every_days", tr("a whole number of days, or blank"))
                )
        if problems:
            return None
        data = ItemInput(
            self.ref.text(),
            self.name.text(),
            self.category.currentText(),
            self.serial.text(),
            acquired,
            self.location.text(),
            self.notes.text(),
            days,
            self.photo.text(),
        )
        db, item_id = self._ctx.db, self._item_id
        return lambda: save_item(db, data, item_id)


class RetireDialog(FormDialog):
    """Take an item out of the fleet for good (it stays in the history)."""

    def __init__(self, ctx: DeskContext, item: V.ItemDetail, parent: QWidget | None = None):
        super().__init__(ctx, tr("Retire {ref}").format(ref=item.item_ref), tr("Re&tire"), parent)
        self._item_id = item.id
        self.say_first(
            item_html(item.item_ref, item.name)
            + "<br>"
            + html.escape(
                tr(
                    "A retired item cannot be lent or reserved. Its loans and checks stay in "
                    "the records and the figures."
                )
            )
        )
        self.on = DateField(today(), self)
        self.reason = QLineEdit(self)
        self.reason.setPlaceholderText(tr("for example: frame cracked, not worth repairing"))
        self.add_field(tr("Retired &on:"), "on", self.on)
        self.add_field(tr("&Why:"), "reason", self.reason)
        self.reason.setFocus()

    @override
    def prepare(self, problems: list[FieldProblem]) -> Callable[[], Any] | None:
        on = self.read(problems, "on", self.on.value)
        if problems or on is None:
            return None
        db, item_id, reason = self._ctx.db, self._item_id, self.reason.text()
        return lambda: retire_item(db, item_id, on, reason)


class CheckDialog(FormDialog):
    """A safety check done on an item: which, when, by whom, passed or failed."""

    def __init__(
        self,
        ctx: DeskContext,
        item: V.ItemDetail,
        *,
        check_type_id: int | None = None,
        parent: QWidget | None = None,
    ):
        super().__init__(
            ctx,
            tr("Record a check on {ref}").format(ref=item.item_ref),
            tr("&Record check"),
            parent,
        )
        self._item_id = item.id
        self.say_first(item_html(item.item_ref, item.name))
        self.check = QComboBox(self)
        for state in item.checks or []:
            self.check.addItem(
                tr("{name} (every {days} days)").format(name=state.name, days=state.interval_days),
                state.check_type_id,
            )
        if not item.checks:
            self.check.addItem(GENERAL_CHECK, None)
        wanted = _first_needed(item) if check_type_id is None else check_type_id
        self.check.setCurrentIndex(max(0, self.check.findData(wanted)))
        self.done_on = DateField(today(), self)
        self.done_by = QLineEdit(self)
        self.done_by.setPlaceholderText(tr("who did the check"))
        self.result_choice = QComboBox(self)
        self.result_choice.addItem(tr("Passed"), True)
        self.result_choice.addItem(tr("Failed: it must not go out"), False)
        self.notes = QLineEdit(self)
        self.add_field(tr("&Check:"), "check", self.check)
        self.add_field(tr("&Done on:"), "done_on", self.done_on)
        self.add_field(tr("Done &by:"), "done_by", self.done_by)
        self.add_field(tr("Res&ult:"), "passed", self.result_choice)
        self.add_field(tr("&Notes:"), "notes", self.notes)
        self.check.setFocus()

    @override
    def prepare(self, problems: list[FieldProblem]) -> Callable[[], Any] | None:
        done_on = self.read(problems, "done_on", self.done_on.value)
        if problems or done_on is None:
            return None
        db, item_id = self._ctx.db, self._item_id
        type_id, passed = self.check.currentData(), bool(self.result_choice.currentData())
        by, notes = self.done_by.text(), self.notes.text()
        return lambda: record_check(db, item_id, type_id, done_on, passed, by, notes)


def _first_needed(item: V.ItemDetail) -> int | None:
    """The check most in need of doing: failed, never done, or falling due first."""
    if not item.checks:
        return None
    worst = sorted(
        item.checks,
        key=lambda c: (c.last_passed is not False, c.due is not None, c.due or today()),
    )
    return worst[0].check_type_id


class SendDialog(FormDialog):
    """Send an item to a servicing partner. Succeeds with (job id, save the job sheet?)."""

    def __init__(
        self,
        ctx: DeskContext,
        item: V.ItemDetail,
        partners: list[str],
        parent: QWidget | None = None,
    ):
        super().__init__(
            ctx,
            tr("Send {ref} for service").format(ref=item.item_ref),
            tr("&Send for service"),
            parent,
        )
        self._item_id = item.id
        self.say_first(
            item_html(item.item_ref, item.name)
            + "<br>"
            + html.escape(tr("It cannot be lent or reserved until it is back."))
        )
        self.partner = QComboBox(self)
        self.partner.setEditable(True)
        self.partner.addItems(partners)
        partner_line = self.partner.lineEdit()
        assert partner_line is not None  # an editable combo box has one
        partner_line.setPlaceholderText(tr("who is servicing it"))
        self.work = QLineEdit(self)
        self.work.setPlaceholderText(tr("for example: annual service, new battery"))
        self.sent_on = DateField(today(), self)
        self.add_field(tr("&Partner:"), "partner", self.partner)
        self.add_field(tr("&Work:"), "work", self.work)
        self.add_field(tr("Sent &on:"), "sent_on", self.sent_on)
        self.print_sheet = QCheckBox(tr("Save the &job sheet to print"), self)
        self.print_sheet.setChecked(True)
        self.form.addRow("", self.print_sheet)
        self.partner.setFocus()

    @override
    def prepare(self, problems: list[FieldProblem]) -> Callable[[], Any] | None:
        sent_on = self.read(problems, "sent_on", self.sent_on.value)
        if problems or sent_on is None:
            return None
        db, item_id = self._ctx.db, self._item_id
        partner, work = self.partner.currentText(), self.work.text()
        wants_sheet = self.print_sheet.isChecked()
        return lambda: (send_for_service(db, item_id, partner, work, sent_on), wants_sheet)


class BackDialog(FormDialog):
    """An item back from servicing, with what it cost."""

    def __init__(self, ctx: DeskContext, job: JobInfo, parent: QWidget | None = None):
        super().__init__(
            ctx,
            tr("{ref} back from service").format(ref=job.item_ref),
            tr("&Mark as back"),
            parent,
        )
        self._job_id = job.id
        self.say_first(
            item_html(job.item_ref, job.item_name)
            + "<br>"
            + html.escape(
                tr("Sent to {partner} on {sent}{work}.").format(
                    partner=job.partner,
                    sent=format_date(job.sent_on),
                    work=f" ({job.work})" if job.work else "",
                )
            )
        )
        self.back_on = DateField(today(), self)
        self.cost = MoneyField(None, self)
        self.notes = QLineEdit(self)
        self.add_field(tr("&Back on:"), "back_on", self.back_on)
        self.add_field(tr("&Cost:"), "cost", self.cost)
        self.add_field(tr("&Notes:"), "notes", self.notes)
        self.cost.setFocus()

    @override
    def prepare(self, problems: list[FieldProblem]) -> Callable[[], Any] | None:
        back_on = self.read(problems, "back_on", self.back_on.value)
        cost = self.read(problems, "cost", self.cost.pence)
        if problems or back_on is None or cost is None:
            return None
        db, job_id, notes = self._ctx.db, self._job_id, self.notes.text()

        def back() -> int:
            service_done(db, job_id, back_on, cost, notes)
            return cost

        return back


class LabelsDialog(QDialog):
    """Which label stock, and how many labels on the first sheet are already used."""

    def __init__(self, count: int, parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle(tr("Print labels"))
        intro = QLabel(
            tr(
                "{count}, each with a QR code of the item's reference and its name. "
                "Scanning the code opens the item."
            ).format(count=tr("1 label") if count == 1 else tr("{n} labels").format(n=count)),
            self,
        )
        intro.setWordWrap(True)
        self.stock = QComboBox(self)
        for stock in STOCKS:
            self.stock.addItem(stock.name)
        self.skip = QSpinBox(self)
        self.skip.setRange(0, max(s.columns * s.rows for s in STOCKS) - 1)
        self.skip.setSuffix(tr(" used"))
        form = QFormLayout()
        stock_label = QLabel(tr("Label s&tock:"), self)
        stock_label.setBuddy(self.stock)
        skip_label = QLabel(tr("Labels already &used on the first sheet:"), self)
        skip_label.setBuddy(self.skip)
        form.addRow(stock_label, self.stock)
        form.addRow(skip_label, self.skip)
        buttons = QDialogButtonBox(self)
        save = QPushButton(tr("&Save labels…"), self)
        save.setDefault(True)
        buttons.addButton(save, QDialogButtonBox.ButtonRole.AcceptRole)
        buttons.addButton(QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(form)
        layout.addWidget(buttons)
        self.stock.setFocus()

    def chosen_stock(self) -> LabelStock:
        return STOCKS[self.stock.currentIndex()]
