"""The columns of every list of people (the People screen, the merge picker)."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from PySide6.QtCore import QCoreApplication, QObject

from ncdesk.core.parsing import age_on, format_date, today
from ncdesk.core.search_text import fold
from ncdesk.core.services.people_search import PersonSummary
from ncdesk.ui.common.table_model import RIGHT, Column, RecordTableModel

# As a coordinator or an admin sees them; a volunteer's list has no date of birth column,
# so Status is always the last column (`status_column`).
COL_REF, COL_NAME, COL_BORN, COL_POSTCODE, COL_PHONE, COL_STATUS = range(6)


def _tr(text: str) -> str:
    return QCoreApplication.translate("PeopleTable", text)


def _born_tooltip(person: PersonSummary) -> str:
    if person.date_of_birth is None:
        return ""
    return _tr("Aged {age}").format(age=age_on(person.date_of_birth, today()))


def count_of_people(count: int) -> str:
    """'1 person', '150 people' (English plurals without needing a translation file)."""
    return _tr("1 person") if count == 1 else _tr("{count} people").format(count=count)


def people_columns(*, with_birth_date: bool = True) -> list[Column[PersonSummary]]:
    columns = [
        Column(_tr("Ref"), lambda p: p.person_ref),
        Column(_tr("Name"), lambda p: p.name, sort_key=lambda p: fold(p.name)),
        Column(
            _tr("Date of birth"),
            lambda p: format_date(p.date_of_birth),
            sort_key=lambda p: p.date_of_birth,
            alignment=RIGHT,
            tooltip=_born_tooltip,
        ),
        Column(_tr("Postcode"), lambda p: p.postcode or ""),
        Column(_tr("Phone"), lambda p: p.phone or ""),
        Column(_tr("Status"), lambda p: _tr("Archived") if p.archived else ""),
    ]
    if not with_birth_date:
        del columns[COL_BORN]
    return columns


def people_model(
    fetch: Callable[[list[int]], Sequence[PersonSummary]],
    parent: QObject | None = None,
    *,
    with_birth_date: bool = True,
) -> RecordTableModel[PersonSummary]:
    columns = people_columns(with_birth_date=with_birth_date)
    return RecordTableModel(columns, fetch, lambda p: p.id, parent=parent)


def status_column(model: RecordTableModel[PersonSummary]) -> int:
    return model.columnCount() - 1
