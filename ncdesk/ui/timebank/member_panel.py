"""One timebank account beside the members list: balance, status and limits, offers and
requests, and a statement PDF for a period."""

from __future__ import annotations

import html
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from ncdesk.core.errors import FieldProblem, ValidationError
from ncdesk.core.parsing import ParseError, format_date, today
from ncdesk.core.services.skills import ListingInfo, add_listing, close_listing, listings
from ncdesk.core.services.timebank_accounts import AccountInfo, update_member
from ncdesk.ui.common.desk_context import DeskContext
from ncdesk.ui.common.field_errors import InlineErrors, error_label
from ncdesk.ui.common.messages import confirm, show_error
from ncdesk.ui.common.permissions import allowed, hide_unless, may_export
from ncdesk.ui.common.qt_fixes import emit
from ncdesk.ui.common.tasks import TIMEBANK, Cancelled, Progress
from ncdesk.ui.timebank.member_dialogs import ListingDialog, limit_fields, read_limits
from ncdesk.ui.timebank.member_directory import MemberDirectory
from ncdesk.ui.timebank.progress import run_with_progress
from ncdesk.ui.timebank.tables import (
    LI_AVAILABILITY,
    LI_CATEGORY,
    LI_DESCRIPTION,
    LI_KIND,
    LI_MEMBER,
    listing_model,
)
from ncdesk.ui.timebank.views import DateField, ask_save_path, list_view, set_widths
from ncdesk.ui.timebank.words import account_kind_text, hours_text, status_text

if TYPE_CHECKING:
    from ncdesk.core.reports.statement import Statement

STATUSES = ("active", "paused", "left")


def statement_start(on: date) -> date:
    """The first day of the month three months back: a quarter's statement by default."""
    year, month = divmod(on.month - 1 - 3, 12)
    return date(on.year + year, month + 1, 1)


class MemberPanel(QWidget):
    """Shows the account chosen in the list; says what happened in `said`."""

    said = Signal(str)

    def __init__(self, ctx: DeskContext, directory: MemberDirectory, parent: QWidget | None = None):
        super().__init__(parent)
        self._ctx = ctx
        self._directory = directory
        self.account: AccountInfo | None = None
        self._asked = 0
        self.errors = InlineErrors()

        self.heading = QLabel(self)
        self.heading.setTextFormat(Qt.TextFormat.RichText)
        self.details = QLabel(self)
        self.details.setWordWrap(True)
        self.details.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)

        self.status = QComboBox(self)
        for status in STATUSES:
            self.status.addItem(status_text(status), status)
        self.limit_low, self.limit_high = limit_fields(self)
        self.save_button = QPushButton(self.tr("Save c&hanges"), self)
        self.save_button.setToolTip(self.tr("Save the status and limits (Ctrl+S)"))
        self.save_button.clicked.connect(self.save)
        settings = QGroupBox(self.tr("Status and balance limits"), self)
        form = QFormLayout(settings)
        for label, name, widget in (
            (self.tr("&Status:"), "status", self.status),
            (self.tr("Warn belo&w:"), "limit_low", self.limit_low),
            (self.tr("Warn abo&ve:"), "limit_high", self.limit_high),
        ):
            problem = error_label(settings)
            holder = QVBoxLayout()
            holder.setSpacing(2)
            holder.addWidget(widget)
            holder.addWidget(problem)
            caption = QLabel(label, settings)
            caption.setBuddy(widget)
            form.addRow(caption, holder)
            self.errors.add(name, widget, problem)
        form.addRow("", self.save_button)
        self.settings = settings

        self.listing_model = listing_model(self)
        self.listings = list_view(
            self, self.listing_model, self.tr("Offers and requests"), stretch=LI_DESCRIPTION
        )
        self.listings.setColumnHidden(LI_MEMBER, True)  # always this member
        set_widths(self.listings, {LI_KIND: 8, LI_CATEGORY: 20, LI_AVAILABILITY: 14})
        self.listings.selectionModel().currentRowChanged.connect(lambda *_: self._update())
        self.offer_button = QPushButton(self.tr("&Add offer…"), self)
        self.offer_button.clicked.connect(lambda: self.add_listing("offer"))
        self.request_button = QPushButton(self.tr("Add re&quest…"), self)
        self.request_button.clicked.connect(lambda: self.add_listing("request"))
        self.close_button = QPushButton(self.tr("&Close…"), self)
        self.close_button.setToolTip(self.tr("The offer was withdrawn, or the request was met"))
        self.close_button.clicked.connect(self.close_listing)
        offers = QGroupBox(self.tr("Offers and requests"), self)
        offer_buttons = QHBoxLayout()
        offer_buttons.addWidget(self.offer_button)
        offer_buttons.addWidget(self.request_button)
        offer_buttons.addStretch(1)
        offer_buttons.addWidget(self.close_button)
        offers_layout = QVBoxLayout(offers)
        offers_layout.addWidget(self.listings, 1)
        offers_layout.addLayout(offer_buttons)
        self.offers = offers

        self.statement_from = DateField(statement_start(today()), self)
        self.statement_to = DateField(today(), self)
        self.statement_button = QPushButton(self.tr("Stat&ement PDF…"), self)
        self.statement_button.clicked.connect(self.statement)
        self.statement_problem = error_label(self)
        statement = QGroupBox(self.tr("Statement"), self)
        statement_row = QHBoxLayout()
        for label, field in (
            (self.tr("Fr&om:"), self.statement_from),
            (self.tr("&Until:"), self.statement_to),
        ):
            caption = QLabel(label, statement)
            caption.setBuddy(field)
            statement_row.addWidget(caption)
            statement_row.addWidget(field)
        statement_row.addStretch(1)
        statement_row.addWidget(self.statement_button)
        statement_layout = QVBoxLayout(statement)
        statement_layout.addLayout(statement_row)
        statement_layout.addWidget(self.statement_problem)
        self.statement_box = statement

        layout = QVBoxLayout(self)
        layout.setContentsMargins(12, 0, 0, 0)
        layout.addWidget(self.heading)
        layout.addWidget(self.details)
        layout.addWidget(settings)
        layout.addWidget(offers, 1)
        layout.addWidget(statement)

        save = QShortcut(QKeySequence.StandardKey.Save, self)
        save.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        save.activated.connect(self.save)
        # A volunteer sees a member's offers and requests; changing a member, their offers
        # and requests, and making statements are for coordinators and admins.
        save.setEnabled(allowed(ctx.db, update_member))
        hide_unless(allowed(ctx.db, update_member), settings)
        hide_unless(allowed(ctx.db, add_listing), self.offer_button, self.request_button)
        hide_unless(allowed(ctx.db, close_listing), self.close_button)
        hide_unless(may_export(ctx.db), statement)  # a report: DESIGN §9
        self.show_account(None)

    # --- what the tab uses ------------------------------------------------------------------

    def show_account(self, account: AccountInfo | None) -> None:
        same = account is not None and self.account is not None and account.id == self.account.id
        self.account = account
        self.errors.clear()
        has_account = account is not None
        for box in (self.settings, self.offers, self.statement_box):
            box.setEnabled(has_account)
        if account is None:
            self.heading.setText("<b>{}</b>".format(self.tr("Choose a member from the list")))
            self.details.clear()
            self.listing_model.set_ids([])
            return
        ref = f" ({html.escape(account.ref)})" if account.ref else ""
        self.heading.setText(f"<b style='font-size: large'>{html.escape(account.name)}{ref}</b>")
        self.details.setText(self._describe(account))
        is_chest = account.kind == "chest"
        self.settings.setEnabled(not is_chest)
        self.offers.setEnabled(not is_chest)
        if not same or not self.is_changed():
            self._load_fields(account)
        if not same:
            self.listing_model.set_ids([])
        self._load_listings()

    def _load_fields(self, account: AccountInfo) -> None:
        self.status.setCurrentIndex(max(0, STATUSES.index(account.status)))
        self.limit_low.setText(hours_text(account.limit_low))
        self.limit_high.setText(hours_text(account.limit_high))

    def is_changed(self) -> bool:
        account = self.account
        if account is None:
            return False
        return (
            self.status.currentData() != account.status
            or self.limit_low.text().strip() != hours_text(account.limit_low)
            or self.limit_high.text().strip() != hours_text(account.limit_high)
        )

    def save(self) -> None:
        account = self.account
        if account is None or account.kind == "chest":
            return
        problems: list[FieldProblem] = []
        low, high = read_limits(self.limit_low.text(), self.limit_high.text(), problems)
        if problems:
            self.errors.show(problems)
            return
        db, status = self._ctx.db, self.status.currentData()

        def saved(updated: AccountInfo) -> None:
            self.errors.clear()
            if self.account is not None and self.account.id == updated.id:
                self.account = updated
                self._load_fields(updated)  # as stored: '-10' reads back as '-10:00'
                self.details.setText(self._describe(updated))
            emit(
                self.said,
                self.tr("Saved {name}: {status}.").format(
                    name=updated.name, status=status_text(updated.status).lower()
                ),
            )

        def refused(error: BaseException) -> None:
            if isinstance(error, ValidationError):
                self.errors.show(error.problems)
            else:
                show_error(self, error)

        self._ctx.tasks.run_operation(
            lambda: update_member(
                db,
                account.id,
                status=status,
                limit_low=low,
                limit_high=high,
                clear_limits=True,
            ),
            saved,
            refused,
            changes=(TIMEBANK,),
        )

    def add_listing(self, kind: str) -> ListingDialog | None:
        if self.account is None:
            return None
        dialog = ListingDialog(self._ctx, self._directory, self.account, kind, self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.saved.connect(lambda _listing: emit(self.said, dialog.summary))
        dialog.open()
        return dialog

    def close_listing(self) -> None:
        listing = self.current_listing()
        if listing is None:
            return
        what = self.tr("offer") if listing.kind == "offer" else self.tr("request")
        question = self.tr("Close this {what}: {category}, “{description}”?").format(
            what=what, category=listing.category, description=listing.description
        )

        db = self._ctx.db

        def close() -> None:
            self._ctx.tasks.run_operation(
                lambda: close_listing(db, listing.id),
                lambda _none: emit(self.said, self.tr("Closed the {what}.").format(what=what)),
                changes=(TIMEBANK,),
            )

        confirm(
            self,
            question,
            self.tr("Close it"),
            close,
            details=self.tr("It stays in the history but is no longer matched."),
        )

    def current_listing(self) -> ListingInfo | None:
        index = self.listings.currentIndex()
        return self.listing_model.record_at(index.row()) if index.isValid() else None

    def statement(self) -> None:
        account = self.account
        if account is None:
            return
        try:
            start, end = self.statement_from.value(), self.statement_to.value()
        except ParseError as exc:
            self._statement_problem(str(exc))
            return
        if end < start:
            self._statement_problem(self.tr("the period ends before it starts"))
            return
        self.statement_problem.hide()
        name = f"statement-{account.ref or account.id}-{start:%Y-%m-%d}-to-{end:%Y-%m-%d}.pdf"
        ask_save_path(
            self,
            self.tr("Save statement"),
            name,
            self.tr("PDF files (*.pdf)"),
            lambda path: self._write_statement(account, start, end, path),
        )

    # --- inside -----------------------------------------------------------------------------

    def _describe(self, account: AccountInfo) -> str:
        lines = [
            self.tr("{kind} · {status} · balance {balance} hours").format(
                kind=account_kind_text(account.kind),
                status=status_text(account.status),
                balance=account.balance_text,
            ),
            self.tr("Joined {joined} · last exchange {last}").format(
                joined=format_date(account.joined),
                last=format_date(account.last_exchange) or self.tr("none yet"),
            ),
        ]
        contact = " · ".join(x for x in (account.phone, account.email, account.postcode) if x)
        if contact:
            lines.append(contact)
        return "\n".join(lines)

    def _load_listings(self) -> None:
        account = self.account
        if account is None:
            return
        self._asked += 1
        number, db = self._asked, self._ctx.db

        def show(found: tuple[int, list[ListingInfo]]) -> None:
            answer, rows = found
            if answer != self._asked:
                return
            current = self.current_listing()
            self.listing_model.set_ids([r.id for r in rows], rows)
            if current is not None and (row := self.listing_model.row_of(current.id)) is not None:
                self.listings.setCurrentIndex(self.listing_model.index(row, 0))
            self._update()

        self._ctx.tasks.run_query(
            lambda: (number, listings(db, account_id=account.id, active_only=True)), show
        )

    def _update(self) -> None:
        self.close_button.setEnabled(self.current_listing() is not None)

    def _statement_problem(self, text: str) -> None:
        self.statement_problem.setText("\N{WARNING SIGN} " + text[:1].upper() + text[1:])
        self.statement_problem.show()

    def _write_statement(self, account: AccountInfo, start: date, end: date, path: Path) -> None:
        db = self._ctx.db
        writing = self.tr("Writing the statement…")

        def work(progress: Progress, _cancelled: Cancelled) -> tuple[Path, Statement]:
            # ReportLab: loaded on first use, not at start-up
            from ncdesk.core.reports.statement import write_statement

            progress(writing, 0, 0)
            return path, write_statement(db, account.id, start, end, path)

        def written(result: tuple[Path, Statement]) -> None:
            saved, statement = result
            emit(
                self.said,
                self.tr(
                    "Statement for {name} saved to {path} ({count} entries, closing "
                    "balance {balance})."
                ).format(
                    name=account.name,
                    path=saved,
                    count=len(statement.lines),
                    balance=hours_text(statement.closing),
                ),
            )

        run_with_progress(self, self._ctx, writing, work, written)
