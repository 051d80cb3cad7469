"""The timebank area's words in one place: statuses, kinds of entry, and reading the signed
hours and short dates a broker types."""

from __future__ import annotations

import re
from datetime import date

from PySide6.QtCore import QCoreApplication

from ncdesk.core.parsing import ParseError, format_minutes, parse_date, parse_hours, today

_SHORT_DATE = re.compile(r"^\s*(\d{1,2})/(\d{1,2})\s*$")


def tr(text: str, disambiguation: str | None = None, n: int = -1) -> str:
    return QCoreApplication.translate("Timebank", text, disambiguation, n)


def status_text(status: str) -> str:
    return {"active": tr("Active"), "paused": tr("Paused"), "left": tr("Left")}.get(status, status)


def account_kind_text(kind: str) -> str:
    return {
        "member": tr("Member"),
        "organisation": tr("Organisation"),
        "chest": tr("Community chest"),
    }.get(kind, kind)


def hours_text(minutes: int | None) -> str:
    return "" if minutes is None else format_minutes(minutes)


def count_text(count: int, one: str, many: str) -> str:
    """'1 entry' / '400 entries' without needing a translation file for English plurals."""
    return tr(one) if count == 1 else tr(many).format(count=f"{count:,}")


def read_signed_hours(text: str) -> int | None:
    """A balance limit such as `-10`, `-10:00` or `5h`; blank means no limit; `0` is allowed."""
    s = text.strip()
    if not s:
        return None
    negative = s.startswith("-")
    body = s.lstrip("-").strip()
    if body in ("0", "0:00", "0.0"):
        return 0
    minutes = parse_hours(body)
    return -minutes if negative else minutes


def read_slip_date(text: str, *, on: date | None = None) -> date:
    """A date from a paper slip: DD/MM/YYYY, or just DD/MM meaning the most recent such day
    (this year, or last year if that day has not come yet) — fewer keystrokes per slip."""
    short = _SHORT_DATE.match(text)
    if not short:
        return parse_date(text)
    on = on or today()
    day, month = int(short[1]), int(short[2])
    for year in (on.year, on.year - 1):
        try:
            found = date(year, month, day)
        except ValueError:
            continue  # 29/02 outside a leap year
        if found <= on:
            return found
    raise ParseError("this date does not exist")
