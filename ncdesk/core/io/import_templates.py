"""Blank import templates: a workbook per kind with our headers, a sheet explaining each
column, and drop-down lists where a column takes one of a few values.

Filled in and saved, a template imports as it is (its first sheet, our headers). The lists
are the organisation's own (referral types, referral sources) when a database is at hand.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from ncdesk.core.db import Database
from ncdesk.core.files import output_file
from ncdesk.core.io.importing import IMPORTERS
from ncdesk.core.models import AGE_BANDS, DEFAULT_REFERRAL_SOURCES, DEFAULT_REFERRAL_TYPES, GENDERS
from ncdesk.core.outcomes import MEASURES
from ncdesk.core.security.roles import COORDINATOR, needs
from ncdesk.core.services.referrals import referral_sources, referral_types

DATE = "a date: DD/MM/YYYY (or YYYY-MM-DD)"
YES_NO = "yes or no"
PERSON = "the person's reference in ncdesk, e.g. P00042 (import people first)"
ROWS = 2_000  # rows below the header that get the drop-down lists

HELP: dict[str, dict[str, tuple[str, str]]] = {
    "people": {
        "person_ref": (
            "Your reference for the person; a reference already in ncdesk updates that person",
            "P00042",
        ),
        "first_name": ("First name (a first or last name is needed)", "Ada"),
        "last_name": ("Last name", "Lovelace"),
        "date_of_birth": (DATE, "10/12/1935"),
        "gender": ("one of the list", "female"),
        "postcode": ("a UK postcode, any spacing or case; or the district alone", "CB7 5AB"),
        "phone": ("a UK or international number", "07700 900123"),
        "email": ("an email address", "ada@example.org"),
        "disability": (YES_NO, "no"),
        "ethnicity": ("as the person describes it", "White British"),
        "consent_contact": (YES_NO + ": happy to be contacted (today is the consent date)", "yes"),
        "notes": ("anything else; may run over several lines", "Likes tea"),
        "known_as": ("the name they go by, when no first and last name are given", "Ada"),
        "age_band": ("when the date of birth is not known: one of the list", "65-74"),
        "referred_by": ("who referred them: one of the list, or a new name to add", "GP"),
    },
    "attendance": {
        "date": ("the session's " + DATE, "05/03/2024"),
        "activity": ("the activity's name; a new one is added", "Touchpoint drop-in"),
        "person_ref": (PERSON + "; leave blank for an anonymous count", "P00042"),
        "anonymous_count": ("people who gave no name at that session (instead of person_ref)", "3"),
        "signposted_to": (
            "referral types separated by ; (a new one is added)",
            "Food bank voucher",
        ),
    },
    "members": {
        "person_ref": (PERSON, "P00042"),
        "joined": ("the " + DATE + " they joined", "01/01/2024"),
        "offers": ("skill categories they offer, separated by ;", "Gardening; Lifts"),
        "requests": ("skill categories they ask for, separated by ;", "Shopping"),
    },
    "exchanges": {
        "date": (DATE, "02/02/2024"),
        "giver_ref": ("the member who gave the help (their person_ref), or CHEST", "P00042"),
        "receiver_ref": ("the member who received it", "P00043"),
        "hours": ("1.5, 1:30 or 90m", "1:30"),
        "category": ("a skill category (a new one is added)", "Gardening"),
        "description": ("what was done", "Weeded the front garden"),
        "exchange_ref": ("your reference, to tell two identical exchanges apart", "X0001"),
    },
    "items": {
        "item_ref": ("your reference for the item", "SC-01"),
        "name": ("what it is", "Blue mobility scooter"),
        "category": ("its kind (a new one is added)", "Scooter"),
        "serial": ("the maker's serial number", "AB123456"),
        "acquired": ("the " + DATE + " it was acquired", "01/04/2023"),
        "check_every_days": ("a general safety check every so many days", "90"),
    },
    "loans": {
        "item_ref": ("the item's reference (import items first)", "SC-01"),
        "person_ref": ("the borrower: " + PERSON, "P00042"),
        "start": ("the " + DATE + " it went out", "01/03/2024"),
        "due": ("the " + DATE + " it is due back", "29/03/2024"),
        "returned": ("the " + DATE + " it came back; blank while out", "28/03/2024"),
        "deposit": ("the deposit in pounds; £ allowed", "£20"),
    },
    "outcomes": {
        "person_ref": (PERSON, "P00042"),
        "date": ("the " + DATE + " the score was given", "01/02/2024"),
        "measure": ("one of the list", "wellbeing_happy"),
        "score": ("a whole number within the measure's scale", "7"),
    },
    "places": {
        "postcode": ("a whole postcode", "CB7 5AB"),
        "ward": ("the electoral ward's name", "Soham North"),
        "lsoa": ("the LSOA code", "E01018300"),
        "imd_decile": ("1 (most deprived) to 10", "6"),
    },
}
DATE_COLUMNS = {"date_of_birth", "date", "joined", "acquired", "start", "due", "returned"}


@dataclass(frozen=True)
class TemplateLists:
    """The choices offered in drop-down lists (the organisation's own where it has them)."""

    referral_types: Sequence[str] = DEFAULT_REFERRAL_TYPES
    referral_sources: Sequence[str] = DEFAULT_REFERRAL_SOURCES
    extra: Mapping[str, Sequence[str]] = field(default_factory=dict)

    def for_column(self, kind: str, column: str) -> tuple[Sequence[str], bool] | None:
        """The list for a column and whether other values are allowed too (a warning, not a
        stop: new referral types are added on import)."""
        fixed: dict[str, Sequence[str]] = {
            "gender": GENDERS,
            "disability": ("yes", "no"),
            "consent_contact": ("yes", "no"),
            "age_band": AGE_BANDS,
            "measure": tuple(m.id for m in MEASURES),
        }
        if column in fixed:
            return fixed[column], False
        if column == "signposted_to":
            return self.referral_types, True
        if column == "referred_by":
            return self.referral_sources, True
        return None


def template_name(kind: str) -> str:
    return f"ncdesk {kind} template.xlsx"


def write_template(path: Path, kind: str, lists: TemplateLists = TemplateLists()) -> None:
    """A blank workbook for `kind`: headers, an explanation sheet and drop-down lists."""
    from openpyxl import Workbook  # slow to import: loaded when a template is asked for
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.utils import get_column_letter, quote_sheetname
    from openpyxl.worksheet.datavalidation import DataValidation

    importer = IMPORTERS[kind]
    help_of = HELP.get(kind, {})
    book = Workbook()
    sheet = book.active
    sheet.title = kind
    about = book.create_sheet("About the columns")
    choices = book.create_sheet("Lists")
    bold, shade = Font(bold=True), PatternFill("solid", fgColor="E4E7EB")
    sheet.append(list(importer.columns))
    about.append(["Column", "Needed?", "What to put in it", "Example", "Choices"])
    for cell in (*sheet[1], *about[1]):
        cell.font, cell.fill = bold, shade
    list_column = 0
    for index, column in enumerate(importer.columns, start=1):
        letter = get_column_letter(index)
        what, example = help_of.get(column, ("", ""))
        sheet.column_dimensions[letter].width = max(14, len(column) + 4)
        offered = lists.for_column(kind, column)
        if column in DATE_COLUMNS:  # the whole column's style: dates typed show as dates
            sheet.column_dimensions[letter].number_format = "DD/MM/YYYY"
        if offered is not None:
            values, open_list = offered
            list_column += 1
            list_letter = get_column_letter(list_column)
            choices.cell(1, list_column, column).font = bold
            for row, value in enumerate(values, start=2):
                choices.cell(row, list_column, value)
            where = f"{quote_sheetname('Lists')}!${list_letter}$2:${list_letter}${len(values) + 1}"
            check = DataValidation(type="list", formula1=where, allow_blank=True)
            check.errorStyle = "warning" if open_list else "stop"
            check.error = (
                "Not in the list: a new one is added when the file is imported."
                if open_list
                else "Choose one of the list."
            )
            check.errorTitle = column
            check.promptTitle = column
            check.prompt = what[:255]
            sheet.add_data_validation(check)
            check.add(f"{letter}2:{letter}{ROWS + 1}")
        needed = "required" if column in importer.required else "optional"
        shown = ", ".join(offered[0]) if offered else ""
        about.append([column, needed, what, example, shown])
    for letter, width in zip("ABCDE", (20, 10, 70, 24, 50), strict=True):
        about.column_dimensions[letter].width = width
    for row in about.iter_rows(min_row=2):
        for cell in row:
            cell.alignment = Alignment(wrap_text=True, vertical="top")
    sheet.freeze_panes = "A2"
    about.freeze_panes = "A2"
    choices.sheet_state = "hidden"
    with output_file(path) as partial:
        book.save(partial)


@needs(COORDINATOR, "import files")
def template_lists(db: Database) -> TemplateLists:
    """The organisation's own referral types and sources, for the templates' lists."""
    return TemplateLists(
        [e.name for e in referral_types(db)], [e.name for e in referral_sources(db)]
    )
