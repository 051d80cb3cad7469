"""The columns of the desk's 'who is here' list: latest arrival first."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QCoreApplication, QObject

from ncdesk.core.services.desk import Attendee
from ncdesk.ui.common.table_model import Column, RecordTableModel
from ncdesk.ui.dropin.wording import local_time

COL_TIME, COL_NAME, COL_REF, COL_VISIT, COL_HELP = range(5)


def _tr(text: str) -> str:
    return QCoreApplication.translate("HereList", text)


def help_text(attendee: Attendee) -> str:
    """'Food bank voucher, Housing — filled in PIP form'."""
    parts = [", ".join(attendee.referrals)] if attendee.referrals else []
    if attendee.help_given:
        parts.append(" ".join(attendee.help_given.split()))
    return " \N{EM DASH} ".join(parts)


def here_columns() -> list[Column[Attendee]]:
    return [
        Column(
            _tr("Arrived"),
            lambda a: local_time(a.checked_in_at),
            sort_key=lambda a: a.checked_in_at,
        ),
        Column(_tr("Name"), lambda a: a.name),
        Column(_tr("Ref"), lambda a: a.person_ref),
        Column(_tr("Visit"), lambda a: _tr("First visit") if a.first_visit else ""),
        Column(_tr("Help and signposting"), help_text, tooltip=help_text),
    ]


def here_model(
    fetch: Callable[[list[int]], list[Attendee]], parent: QObject | None = None
) -> RecordTableModel[Attendee]:
    return RecordTableModel(here_columns(), fetch, lambda a: a.attendance_id, parent=parent)
