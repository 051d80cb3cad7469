"""What each kind of item needs: the safety checks every item of a category must have, how
often, and what a borrower must have done first (scooter training). Shown, and added to."""

from __future__ import annotations

import html
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from PySide6.QtWidgets import QComboBox, QLabel, QLineEdit, QWidget

from ncdesk.core.db import Database
from ncdesk.core.errors import FieldProblem
from ncdesk.core.services.equipment import (
    add_check_type,
    add_requirement,
    categories,
    check_types,
    requirements,
)
from ncdesk.ui.common.desk_context import DeskContext
from ncdesk.ui.loans.form_dialog import FormDialog
from ncdesk.ui.loans.words import tr

CHECK = "check"
REQUIREMENT = "requirement"


@dataclass(frozen=True)
class CategoryNeeds:
    category_id: int
    name: str
    checks: list[tuple[str, int]]  # (name, every so many days)
    requirements: list[tuple[str, int | None]]  # (name, lasts so many days, or for good)


def read_needs(db: Database) -> list[CategoryNeeds]:
    """Every category with its checks and borrower requirements (run off the GUI thread)."""
    types = check_types(db)
    return [
        CategoryNeeds(
            category_id,
            name,
            [(t[2], t[3]) for t in types if t[1] == category_id],
            [(r[1], r[2]) for r in requirements(db, category_id)],
        )
        for category_id, name in categories(db)
    ]


def _needs_html(needs: list[CategoryNeeds]) -> str:
    lines = []
    for category in needs:
        parts = [
            tr("{name} every {days} days").format(name=name, days=days)
            for name, days in category.checks
        ] or [tr("no safety checks")]
        for name, days in category.requirements:
            parts.append(
                tr("borrowers need {name} (lasts {days} days)").format(name=name.lower(), days=days)
                if days
                else tr("borrowers need {name}").format(name=name.lower())
            )
        lines.append(f"<b>{html.escape(category.name)}</b>: {html.escape('; '.join(parts))}")
    return "<br>".join(lines) or html.escape(tr("No categories yet: they come with the items."))


class SetupDialog(FormDialog):
    """Lists what each category needs and adds a check or a requirement. Succeeds with a
    sentence saying what was added."""

    def __init__(self, ctx: DeskContext, needs: list[CategoryNeeds], parent: QWidget | None = None):
        super().__init__(ctx, tr("Checks and requirements"), tr("&Add"), parent)
        self.say_first(_needs_html(needs))
        self.kind = QComboBox(self)
        self.kind.addItem(tr("A safety check every item needs"), CHECK)
        self.kind.addItem(tr("Something a borrower must have done first"), REQUIREMENT)
        self.category = QComboBox(self)
        for category in needs:
            self.category.addItem(category.name, category.category_id)
        self.name = QLineEdit(self)
        self.name.setPlaceholderText(tr("for example: battery and brakes, or scooter training"))
        self.days = QLineEdit(self)
        self.days.setMaximumWidth(self.fontMetrics().horizontalAdvance("000000") + 24)
        self.days_hint = QLabel(self)
        self.add_field(tr("&Kind:"), "kind", self.kind)
        self.add_field(tr("&Category:"), "category", self.category)
        self.add_field(tr("&Name:"), "name", self.name)
        self.add_field(tr("&Days:"), "days", self.days, beside=self.days_hint)
        self.kind.currentIndexChanged.connect(lambda _i: self._explain_days())
        self._explain_days()
        self.kind.setFocus()

    def _explain_days(self) -> None:
        self.days_hint.setText(
            tr("how often it is due, in days")
            if self.kind.currentData() == CHECK
            else tr("how long it lasts, in days (blank: for good)")
        )

    def prepare(self, problems: list[FieldProblem]) -> Callable[[], Any] | None:
        kind, category_id = self.kind.currentData(), self.category.currentData()
        name, days_text = self.name.text().strip(), self.days.text().strip()
        if category_id is None:
            problems.append(FieldProblem("category", tr("add an item of this kind first")))
        if not name:
            problems.append(FieldProblem("name", tr("give it a name")))
        days: int | None = None
        if days_text:
            if days_text.isdigit() and int(days_text) > 0:
                days = int(days_text)
            else:
                problems.append(FieldProblem("days", tr("a whole number of days above zero")))
        elif kind == CHECK:
            problems.append(FieldProblem("days", tr("say how often it is due, in days")))
        if problems:
            return None
        db, category = self._ctx.db, self.category.currentText()
        if kind == CHECK:
            assert days is not None
            done = tr("Every {category} now needs {name} every {days} days.").format(
                category=category.lower(), name=name.lower(), days=days
            )

            def add_check() -> str:
                add_check_type(db, category_id, name, days)
                return done

            return add_check
        done = tr("Borrowers of a {category} now need {name}.").format(
            category=category.lower(), name=name.lower()
        )

        def add_needed() -> str:
            add_requirement(db, category_id, name, days)
            return done

        return add_needed
