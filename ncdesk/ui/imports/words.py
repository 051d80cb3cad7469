"""The import wizard's words in one place: kinds of file, what a column becomes, steps."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication

from ncdesk.ui.common.tasks import DROPIN, LOANS, PEOPLE, REPORTS, TIMEBANK


def tr(text: str) -> str:
    return QCoreApplication.translate("Import", text)


def kind_labels() -> dict[str, str]:
    """Each kind of import as the wizard names it, in the order offered."""
    return {
        "people": tr("People (the register)"),
        "attendance": tr("Drop-in attendance"),
        "members": tr("Timebank members"),
        "exchanges": tr("Timebank exchanges (hours)"),
        "items": tr("Equipment items"),
        "loans": tr("Equipment loans"),
        "outcomes": tr("Outcome scores"),
        "places": tr("Places (postcode lookup)"),
    }


# Which areas' screens read again after an import of each kind.
CHANGES = {
    "people": (PEOPLE,),
    "attendance": (DROPIN, PEOPLE),
    "members": (TIMEBANK,),
    "exchanges": (TIMEBANK,),
    "items": (LOANS,),
    "loans": (LOANS,),
    "outcomes": (PEOPLE, REPORTS),
    "places": (PEOPLE, REPORTS),
}


def leave_out() -> str:
    return tr("(leave this column out)")


def encoding_words(encoding: str) -> str:
    if not encoding:
        return ""
    return tr("Read as {encoding} text.").format(encoding=encoding)
