"""One person's details as a form, checked by the same reader the CSV import uses, so the desk
and a spreadsheet accept exactly the same dates, postcodes and phone numbers.

For a volunteer (DESIGN §9) the form has no date of birth, ethnicity, disability or notes at
all: those fields are never built, so they can be neither seen nor sent; the age band the
core works out from a date of birth is shown instead.
"""

from __future__ import annotations

from itertools import pairwise

from PySide6.QtCore import QEvent, Qt
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)
from typing_extensions import override

from ncdesk.core.errors import FieldProblem
from ncdesk.core.models import AGE_BANDS
from ncdesk.core.parsing import ParseError, age_on, format_date, today
from ncdesk.core.services.people import PersonRecord
from ncdesk.core.services.person_fields import (
    PersonDetails,
    parse_birth_date,
    read_person_details,
)
from ncdesk.core.services.person_view import RESTRICTED
from ncdesk.ui.common.field_errors import InlineErrors, error_label

LINE_FIELDS = ("first_name", "last_name", "known_as", "ethnicity", "postcode", "phone", "email")
# The order fields appear on screen, which Tab follows.
SCREEN_ORDER = (
    "first_name",
    "last_name",
    "known_as",
    "date_of_birth",
    "age_band",
    "gender",
    "ethnicity",
    "disability",
    "postcode",
    "phone",
    "email",
    "consent_contact",
    "referred_by",
    "notes",
)


class PersonForm(QWidget):
    """Editable text for every detail the user may see; `read()` turns it into PersonDetails
    or shows problems. `everything=False` leaves out the fields kept from volunteers."""

    def __init__(self, parent: QWidget | None = None, *, everything: bool = True):
        super().__init__(parent)
        self.everything = everything
        self.errors = InlineErrors()
        self.reference = QLabel(self)
        self.reference.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.reference.setAccessibleName(self.tr("Reference"))
        self.inputs: dict[str, QWidget] = {}
        self._loaded: dict[str, str] = {}

        shown = [n for n in LINE_FIELDS if everything or n not in RESTRICTED]
        line = {name: self._line(name) for name in shown}
        if everything:
            line["date_of_birth"] = self._line("date_of_birth")
            line["date_of_birth"].setPlaceholderText(self.tr("DD/MM/YYYY"))
            line["date_of_birth"].textChanged.connect(self._show_age)
        line["postcode"].setPlaceholderText(self.tr("for example CB7 5AB"))
        not_known = self.tr("Not known")
        self._choice("age_band", [("", not_known)] + [(b, b) for b in AGE_BANDS])
        self._choice(
            "gender",
            [
                ("", self.tr("Not recorded")),
                ("female", self.tr("Female")),
                ("male", self.tr("Male")),
                ("non-binary", self.tr("Non-binary")),
                ("other", self.tr("Other")),
                ("prefer not to say", self.tr("Prefer not to say")),
            ],
        )
        yes, no = self.tr("Yes"), self.tr("No")
        if everything:
            self._choice("disability", [("", not_known), ("yes", yes), ("no", no)])
        self._choice("consent_contact", [("", self.tr("Not asked")), ("yes", yes), ("no", no)])
        # Who referred them in: the organisation's list (set_referral_sources fills it).
        self._choice("referred_by", [("", not_known)])
        if everything:
            notes = QPlainTextEdit(self)
            notes.setTabChangesFocus(True)  # Tab moves on; notes rarely need a tab character
            self.inputs["notes"] = notes
        self.consent_note = QLabel(self)
        self.age_note = QLabel(self)
        self.age_note.setVisible(everything)  # beside the date of birth, when there is one

        outer = QVBoxLayout(self)
        form = QFormLayout()
        outer.addLayout(form)
        outer.addStretch(1)  # spare height goes below the form, not between its rows
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.DontWrapRows)
        form.addRow(self.tr("Reference:"), self.reference)
        self._row(form, self.tr("&First name:"), "first_name")
        self._row(form, self.tr("&Last name:"), "last_name")
        self._row(form, self.tr("&Known as:"), "known_as")
        band = QHBoxLayout()
        band.addWidget(self.inputs["age_band"])
        if everything:
            born = QHBoxLayout()
            born.addWidget(self.inputs["date_of_birth"])
            born.addWidget(self.age_note, 1)
            self._row(form, self.tr("&Date of birth:"), "date_of_birth", born)
            band.addWidget(QLabel(self.tr("(if no date of birth)"), self), 1)
        else:
            band.addStretch(1)
        self._row(form, self.tr("Age &band:"), "age_band", band)
        self._row(form, self.tr("&Gender:"), "gender")
        if everything:
            self._row(form, self.tr("&Ethnicity:"), "ethnicity")
            self._row(form, self.tr("D&isability:"), "disability")
        self._row(form, self.tr("&Postcode:"), "postcode")
        self._row(form, self.tr("P&hone:"), "phone")
        self._row(form, self.tr("E&mail:"), "email")
        consent = QHBoxLayout()
        consent.addWidget(self.inputs["consent_contact"])
        consent.addWidget(self.consent_note, 1)
        self._row(form, self.tr("Happy to be &contacted:"), "consent_contact", consent)
        self._row(form, self.tr("Referred b&y:"), "referred_by")
        if everything:
            self._row(form, self.tr("&Notes:"), "notes")
        self.order = [name for name in SCREEN_ORDER if name in self.inputs]
        for before, after in pairwise(self.order):
            QWidget.setTabOrder(self.inputs[before], self.inputs[after])
        self._fit_to_font()
        self.load(None)

    # --- what the screen uses ---------------------------------------------------------------

    def load(self, person: PersonRecord | None) -> None:
        """Show `person`, or a blank form for someone new."""
        self.errors.clear()
        values = _raw_from_record(person) if person else {}
        for name in self.inputs:
            self._set(name, values.get(name, ""))
        self.reference.setText(person.person_ref if person else self.tr("Given when saved"))
        consent_date = person.consent_date if person else None
        self.consent_note.setText(
            self.tr("recorded {date}").format(date=format_date(consent_date))
            if consent_date
            else ""
        )
        self._loaded = self.raw_values()

    def set_referral_sources(self, names: list[str], *, may_add: bool) -> None:
        """The organisation's list of who refers people; a role that may add to the list
        (the core's rule) may also type a new name, which is added when the person is saved."""
        combo = self.inputs["referred_by"]
        assert isinstance(combo, QComboBox)
        current = self.raw_values()["referred_by"]
        combo.blockSignals(True)
        while combo.count() > 1:
            combo.removeItem(1)
        for name in names:
            combo.addItem(name, name)
        combo.setEditable(may_add)
        if may_add and (typed := combo.lineEdit()) is not None:
            typed.setPlaceholderText(self.tr("Choose, or type a new one"))
            combo.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        self._set("referred_by", current)
        combo.blockSignals(False)

    def raw_values(self) -> dict[str, str]:
        """What is typed, field by field, as text (choices as the words the importer reads)."""
        raw = {}
        for name, widget in self.inputs.items():
            if isinstance(widget, QComboBox) and widget.isEditable():
                typed = " ".join(widget.currentText().split())
                raw[name] = "" if typed == widget.itemText(0) else typed
            elif isinstance(widget, QComboBox):
                raw[name] = str(widget.currentData() or "")
            elif isinstance(widget, QPlainTextEdit):
                raw[name] = widget.toPlainText()
            else:
                assert isinstance(widget, QLineEdit)
                raw[name] = widget.text()
        return raw

    def last_input(self) -> QWidget:
        """The field Tab leaves the form from."""
        return self.inputs[self.order[-1]]

    def read(self) -> PersonDetails | None:
        """The details typed, or None after showing what needs fixing next to each field."""
        raw = self.raw_values()
        if not self.everything and raw["age_band"] == self._loaded.get("age_band"):
            # The band shown may be the core's reckoning from a date of birth the volunteer
            # cannot see; sent back unchanged it would be stored as if typed.
            del raw["age_band"]
        details, problems = read_person_details(raw)
        if problems:
            self.show_problems(problems)
            return None
        self.errors.clear()
        return details

    def show_problems(self, problems: list[FieldProblem]) -> None:
        self.errors.show(problems)

    def problem(self, name: str) -> str:
        """The problem shown next to a field, as the user reads it ('' when none)."""
        return self.errors.message(name)

    def is_changed(self) -> bool:
        return self.raw_values() != self._loaded

    def revert(self) -> None:
        for name, value in self._loaded.items():
            self._set(name, value)
        self.errors.clear()

    def focus_first(self) -> None:
        self.inputs["first_name"].setFocus(Qt.FocusReason.OtherFocusReason)

    # --- inside -----------------------------------------------------------------------------

    @override
    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.FontChange:
            self._fit_to_font()
        super().changeEvent(event)

    def _fit_to_font(self) -> None:
        """Sizes measured in text, so they follow Ctrl +/-."""
        if not self.everything:
            return
        born = self.inputs["date_of_birth"]
        born.setFixedWidth(born.fontMetrics().horizontalAdvance("00/00/00000") + 24)
        notes = self.inputs["notes"]
        notes.setFixedHeight(notes.fontMetrics().lineSpacing() * 4 + 12)

    def _show_age(self, text: str) -> None:
        """'aged 74' beside a date of birth, a quick check that it was typed right."""
        try:
            born = parse_birth_date(text)
        except ParseError:
            self.age_note.clear()
            return
        self.age_note.setText(self.tr("aged {age}").format(age=age_on(born, today())))

    def _line(self, name: str) -> QLineEdit:
        edit = QLineEdit(self)
        self.inputs[name] = edit
        return edit

    def _choice(self, name: str, options: list[tuple[str, str]]) -> QComboBox:
        combo = QComboBox(self)
        combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)  # follows Ctrl +/-
        for value, text in options:
            combo.addItem(text, value)
        self.inputs[name] = combo
        return combo

    def _set(self, name: str, value: str) -> None:
        widget = self.inputs[name]
        if isinstance(widget, QComboBox):
            if value and widget.findData(value) < 0:
                widget.addItem(value, value)  # a name taken off the list since
            widget.setCurrentIndex(max(0, widget.findData(value)))
        elif isinstance(widget, QPlainTextEdit):
            widget.setPlainText(value)
        else:
            assert isinstance(widget, QLineEdit)
            widget.setText(value)

    def _row(
        self,
        form: QFormLayout,
        label_text: str,
        name: str,
        field: QHBoxLayout | None = None,
    ) -> None:
        """A labelled row: the input (or a small group of inputs) with its error text below."""
        column = QVBoxLayout()
        column.setSpacing(2)
        if field is None:
            column.addWidget(self.inputs[name])
        else:
            column.addLayout(field)
        label = error_label(self)
        label.setObjectName(f"{name}_problem")
        column.addWidget(label)
        self.errors.add(name, self.inputs[name], label)
        title = QLabel(label_text, self)
        title.setBuddy(self.inputs[name])
        self.inputs[name].setAccessibleName(label_text.replace("&", "").rstrip(":"))
        form.addRow(title, column)


def _raw_from_record(person: PersonRecord) -> dict[str, str]:
    def yes_no(value: bool | None) -> str:
        return "" if value is None else ("yes" if value else "no")

    return {
        "first_name": person.first_name,
        "last_name": person.last_name,
        "known_as": person.known_as,
        "date_of_birth": format_date(person.date_of_birth),
        "age_band": person.age_band or "",
        "gender": person.gender or "",
        "ethnicity": person.ethnicity or "",
        "disability": yes_no(person.disability),
        "postcode": person.postcode or "",
        "phone": person.phone or "",
        "email": person.email or "",
        "consent_contact": yes_no(person.consent_contact),
        "referred_by": person.referred_by,
        "notes": person.notes,
    }
