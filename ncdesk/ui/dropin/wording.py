"""How the drop-in screens write times, counts and sessions, in one place."""

from __future__ import annotations

from datetime import datetime

from PySide6.QtCore import QCoreApplication

from ncdesk.core.parsing import LOCAL_ZONE, format_date
from ncdesk.core.services.activities import SessionInfo

# Instants are stored in UTC and shown in the organisation's local time (DESIGN §3).
LOCAL = LOCAL_ZONE


def _tr(text: str) -> str:
    return QCoreApplication.translate("DropIn", text)


def bookings_to_tell(session: SessionInfo) -> str:
    """What a cancel box adds when people are booked for the session (or nothing)."""
    if not session.booked:
        return ""
    return "\n" + _tr(
        "{n} booked for it: their bookings stay, so you can tell them (Bookings… lists them)."
    ).format(n=session.booked)


def local_time(instant: datetime) -> str:
    """'10:42' in local time."""
    return instant.astimezone(LOCAL).strftime("%H:%M")


def session_label(session: SessionInfo) -> str:
    """'Touchpoint drop-in, Soham library — Monday 23/11/2026, 10:00–12:00 (cancelled)'."""
    text = f"{session.activity} \N{EM DASH} {session.date:%A} {format_date(session.date)}"
    if session.start_time and session.end_time:
        text += f", {session.start_time:%H:%M}\N{EN DASH}{session.end_time:%H:%M}"
    elif session.start_time:
        text += f", {session.start_time:%H:%M}"
    if session.cancelled:
        text += " " + _tr("(cancelled)")
    return text


def people_count(count: int) -> str:
    return _tr("1 person") if count == 1 else _tr("{count} people").format(count=count)


def here_summary(named: int, anonymous: int) -> str:
    """'10 here: 8 named, 2 without a name'."""
    total = named + anonymous
    head = _tr("Nobody here yet") if total == 0 else _tr("{count} here").format(count=total)
    if anonymous == 0:
        return head
    return _tr("{head}: {named} named, {anonymous} without a name").format(
        head=head, named=named, anonymous=anonymous
    )


# Offered in the first-timer form's 'How they heard' box; anything else can be typed.
HOW_HEARD = [
    "Library staff",
    "Word of mouth",
    "Poster or leaflet",
    "GP or health service",
    "Social worker",
    "Food bank",
    "Social media",
    "Parish newsletter",
]


def plain_problem(error: BaseException) -> str:
    """A refused action in one sentence, without the field names a ValidationError carries."""
    problems = getattr(error, "problems", None)
    text = "; ".join(p.message for p in problems) if problems else str(error)
    text = text[:1].upper() + text[1:]
    return text if text.endswith((".", "!", "?")) else text + "."
