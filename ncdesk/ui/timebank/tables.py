"""The columns of the timebank's lists: the ledger, accounts, offers and requests, helpers."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date
from typing import Any

from PySide6.QtCore import QObject, Qt
from PySide6.QtGui import QFont, QPalette
from PySide6.QtWidgets import QApplication
from typing_extensions import override

from ncdesk.core.parsing import format_date
from ncdesk.core.search_text import fold
from ncdesk.core.services.ledger import ExchangeRow
from ncdesk.core.services.skills import Candidate, ListingInfo
from ncdesk.core.services.timebank_accounts import AccountInfo
from ncdesk.ui.common.table_model import RIGHT, Column, Index, RecordTableModel
from ncdesk.ui.timebank.words import account_kind_text, hours_text, status_text, tr


def _day(value: date | None) -> str:
    return format_date(value)


# --- the ledger ---------------------------------------------------------------------------

(
    EX_NUMBER,
    EX_DATE,
    EX_EARNED_BY,
    EX_SPENT_BY,
    EX_HOURS,
    EX_CATEGORY,
    EX_WHAT,
    EX_STATUS,
    EX_ENTERED_BY,
) = range(9)


def exchange_status(row: ExchangeRow) -> str:
    """What kind of entry a ledger line is, in words (colour is never the only signal)."""
    if row.voided:
        return tr("Voided: {reason}").format(reason=row.void_reason or "")
    if row.kind == "reversal":
        return tr("Reverses No. {number}").format(number=row.reversal_of_id)
    if row.kind == "donation":
        return tr("Donation to the chest")
    if row.kind == "grant":
        return tr("Grant from the chest")
    if row.group_id is not None:
        return tr("Group entry {number}").format(number=row.group_id)
    return ""


def exchange_sentence(row: ExchangeRow) -> str:
    """One ledger line in words, for questions about it ('Void this exchange?')."""
    when = _day(row.date)
    what = f" ({row.description})" if row.description else ""
    if row.kind == "donation":
        text = tr("{member} gave {hours} hours to the community chest on {day}")
        return text.format(member=row.receiver, hours=row.hours, day=when) + what
    if row.kind == "grant":
        text = tr("The community chest granted {hours} hours to {member} on {day}")
        return text.format(member=row.giver, hours=row.hours, day=when) + what
    text = tr("{giver} helped {receiver} for {hours} hours on {day}")
    return text.format(giver=row.giver, receiver=row.receiver, hours=row.hours, day=when) + what


def exchange_columns() -> list[Column[ExchangeRow]]:
    return [
        Column(tr("No."), lambda r: str(r.id), sort_key=lambda r: r.id, alignment=RIGHT),
        Column(tr("Date"), lambda r: _day(r.date), sort_key=lambda r: r.date, alignment=RIGHT),
        Column(
            tr("Earned by"),
            lambda r: r.giver,
            sort_key=lambda r: fold(r.giver),
            tooltip=lambda r: tr("Gave the help: credited with the hours"),
        ),
        Column(
            tr("Spent by"),
            lambda r: r.receiver,
            sort_key=lambda r: fold(r.receiver),
            tooltip=lambda r: tr("Received the help: the hours come off their balance"),
        ),
        Column(tr("Hours"), lambda r: r.hours, sort_key=lambda r: r.minutes, alignment=RIGHT),
        Column(tr("Category"), lambda r: r.category),
        Column(tr("What was done"), lambda r: r.description, tooltip=lambda r: r.description),
        Column(tr("Status"), exchange_status, tooltip=exchange_status),
        Column(
            tr("Entered by"),
            lambda r: r.entered_by,
            tooltip=lambda r: tr("Entered {when}").format(
                when=r.entered_at.astimezone().strftime("%d/%m/%Y %H:%M")
            ),
        ),
    ]


class ExchangeModel(RecordTableModel[ExchangeRow]):
    """The ledger: voided lines struck through and greyed, reversals greyed, as well as
    being named in the Status column."""

    def __init__(
        self, fetch: Callable[[list[int]], Sequence[ExchangeRow]], parent: QObject | None = None
    ):
        super().__init__(exchange_columns(), fetch, lambda r: r.id, parent=parent)

    @override
    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if role in (Qt.ItemDataRole.FontRole, Qt.ItemDataRole.ForegroundRole):
            row = self.record_at(index.row()) if index.isValid() else None
            if row is None or not (row.voided or row.kind == "reversal"):
                return None
            if role == Qt.ItemDataRole.ForegroundRole:
                return QApplication.palette().brush(
                    QPalette.ColorGroup.Disabled, QPalette.ColorRole.Text
                )
            if row.voided and index.column() != EX_STATUS:
                font = QFont(QApplication.font())
                font.setStrikeOut(True)
                return font
            return None
        return super().data(index, role)


# --- accounts -----------------------------------------------------------------------------

(
    AC_REF,
    AC_NAME,
    AC_KIND,
    AC_STATUS,
    AC_BALANCE,
    AC_JOINED,
    AC_LAST,
    AC_PHONE,
    AC_EMAIL,
    AC_POSTCODE,
) = range(10)


def _balance_tooltip(a: AccountInfo) -> str:
    limits = []
    if a.limit_low is not None:
        limits.append(tr("warn below {hours}").format(hours=hours_text(a.limit_low)))
    if a.limit_high is not None:
        limits.append(tr("warn above {hours}").format(hours=hours_text(a.limit_high)))
    return tr("Limits: {limits}").format(limits=", ".join(limits)) if limits else ""


def account_columns() -> list[Column[AccountInfo]]:
    return [
        Column(tr("Ref"), lambda a: a.ref),
        Column(tr("Name"), lambda a: a.name, sort_key=lambda a: fold(a.name)),
        Column(tr("Kind"), lambda a: account_kind_text(a.kind)),
        Column(tr("Status"), lambda a: status_text(a.status)),
        Column(
            tr("Balance"),
            lambda a: a.balance_text,
            sort_key=lambda a: a.balance,
            alignment=RIGHT,
            tooltip=_balance_tooltip,
        ),
        Column(
            tr("Joined"), lambda a: _day(a.joined), sort_key=lambda a: a.joined, alignment=RIGHT
        ),
        Column(
            tr("Last exchange"),
            lambda a: _day(a.last_exchange),
            sort_key=lambda a: a.last_exchange,
            alignment=RIGHT,
        ),
        Column(tr("Phone"), lambda a: a.phone or ""),
        Column(tr("Email"), lambda a: a.email or ""),
        Column(tr("Postcode"), lambda a: a.postcode or ""),
    ]


def account_model(
    accounts: Callable[[], dict[int, AccountInfo]], parent: QObject | None = None
) -> RecordTableModel[AccountInfo]:
    """Accounts are all in memory already; the model looks them up by id."""

    def fetch(ids: list[int]) -> list[AccountInfo]:
        known = accounts()
        return [known[i] for i in ids if i in known]

    return RecordTableModel(account_columns(), fetch, lambda a: a.id, parent=parent)


# --- offers and requests ------------------------------------------------------------------

LI_KIND, LI_MEMBER, LI_CATEGORY, LI_DESCRIPTION, LI_AVAILABILITY = range(5)


def listing_columns() -> list[Column[ListingInfo]]:
    return [
        Column(tr("Kind"), lambda x: tr("Offer") if x.kind == "offer" else tr("Request")),
        Column(tr("Member"), lambda x: x.member, sort_key=lambda x: fold(x.member)),
        Column(tr("Category"), lambda x: x.category),
        Column(tr("Description"), lambda x: x.description, tooltip=lambda x: x.description),
        Column(tr("Availability"), lambda x: x.availability, tooltip=lambda x: x.availability),
    ]


def listing_model(parent: QObject | None = None) -> RecordTableModel[ListingInfo]:
    """Listings are handed over whole (`set_ids(ids, rows)`), so nothing is fetched later."""
    return RecordTableModel(listing_columns(), lambda _ids: [], lambda x: x.id, parent=parent)


# --- helpers for a request ----------------------------------------------------------------

CA_NAME, CA_PHONE, CA_EMAIL, CA_AREA, CA_LAST, CA_MATCHED, CA_OFFER = range(7)


def _area(c: Candidate) -> str:
    postcode = c.postcode or ""
    if c.same_district:
        return tr("{postcode} (same area)").format(postcode=postcode)
    return postcode


def _offer(c: Candidate) -> str:
    return f"{c.description} — {c.availability}" if c.availability else c.description


def candidate_columns() -> list[Column[Candidate]]:
    return [
        Column(tr("Name"), lambda c: f"{c.name} ({c.person_ref})", sort_key=lambda c: fold(c.name)),
        Column(tr("Phone"), lambda c: c.phone or ""),
        Column(tr("Email"), lambda c: c.email or "", tooltip=lambda c: c.email or ""),
        Column(
            tr("Postcode"),
            _area,
            sort_key=lambda c: (not c.same_district, c.postcode or ""),
            tooltip=lambda c: tr("Lives in the same postcode district") if c.same_district else "",
        ),
        Column(
            tr("Last exchange"),
            lambda c: _day(c.last_exchange),
            sort_key=lambda c: c.last_exchange,
            alignment=RIGHT,
        ),
        Column(
            tr("Matches"),
            lambda c: str(c.matches_made),
            sort_key=lambda c: c.matches_made,
            alignment=RIGHT,
            tooltip=lambda c: tr("Times already put in touch with someone"),
        ),
        Column(tr("Offers"), _offer, tooltip=_offer),
    ]


def candidate_model(parent: QObject | None = None) -> RecordTableModel[Candidate]:
    return RecordTableModel(
        candidate_columns(), lambda _ids: [], lambda c: c.account_id, parent=parent
    )
