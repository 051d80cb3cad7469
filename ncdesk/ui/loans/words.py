"""The Loans area's words in one place: statuses, safety states, money and a few defaults."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QCoreApplication

from ncdesk.core.parsing import format_date
from ncdesk.core.services import loan_views as V

DEFAULT_LOAN_DAYS = 28  # a loan's due date starts four weeks on; the coordinator changes it
DEFAULT_EXTEND_DAYS = 14
WARNING = "\N{WARNING SIGN}"


def tr(text: str) -> str:
    return QCoreApplication.translate("Loans", text)


def status_word(status: str) -> str:
    """An item's derived status as the screen says it (overdue and retired carry a sign, so
    colour is never the only signal)."""
    words = {
        "available": tr("Available"),
        "on loan": tr("On loan"),
        "back today": tr("Back today (out again from tomorrow)"),
        "overdue": f"{WARNING} " + tr("Overdue"),
        "reserved": tr("Reserved"),
        "in service": tr("In service"),
        "retired": tr("Retired"),
    }
    return words.get(status, status)


def safety_word(summary: V.SafetySummary) -> str:
    state = summary.state
    if state == V.SAFETY_FAILED:
        return f"{WARNING} " + tr("Failed")
    if state == V.SAFETY_NEVER:
        return f"{WARNING} " + tr("Never checked")
    if state == V.SAFETY_OVERDUE:
        return f"{WARNING} " + tr("Was due {date}").format(date=format_date(summary.next_due))
    if state == V.SAFETY_DUE_SOON:
        return tr("Due {date}").format(date=format_date(summary.next_due))
    if state == V.SAFETY_OK:
        return tr("OK until {date}").format(date=format_date(summary.next_due))
    return tr("No checks set")


def check_state_word(row: V.DueCheckRow, on: date) -> str:
    state = row.state(on)
    return {
        V.SAFETY_FAILED: f"{WARNING} " + tr("Failed"),
        V.SAFETY_NEVER: f"{WARNING} " + tr("Never done"),
        V.SAFETY_OVERDUE: f"{WARNING} " + tr("Overdue"),
        V.SAFETY_DUE_SOON: tr("Due soon"),
    }.get(state, state)


def loan_state_word(state: str) -> str:
    return {
        V.LOAN_OUT: tr("Out"),
        V.LOAN_OVERDUE: f"{WARNING} " + tr("Overdue"),
        V.LOAN_RETURNED: tr("Returned"),
    }.get(state, state)


def pounds(pence: int | None) -> str:
    """Pence as pounds: 2050 → '£20.50'."""
    if pence is None:
        return ""
    return f"£{pence // 100:,}.{pence % 100:02d}"


def percent(share: float) -> str:
    return f"{share * 100:.0f}%"


def sentence(text: str) -> str:
    """A service's reason as a sentence: capital first letter, full stop at the end."""
    text = text.strip()
    if not text:
        return text
    text = text[:1].upper() + text[1:]
    return text if text.endswith((".", "?", "!", ")")) else text + "."
