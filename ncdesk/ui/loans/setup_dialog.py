"""What each kind of item needs: the safety checks every item of a category must have, how
often, and what a borrower must have done first (scooter training). Shown, added to, changed
and stopped, all from one small form."""

from __future__ import annotations

import html
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from PySide6.QtWidgets import QCheckBox, QComboBox, QLabel, QLineEdit, QWidget
from typing_extensions import override

from ncdesk.core.db import Database
from ncdesk.core.errors import FieldProblem
from ncdesk.core.services.equipment import (
    add_check_type,
    add_requirement,
    categories,
    change_check_type,
    change_requirement,
    check_types,
    requirements,
    stop_check_type,
    stop_requirement,
)
from ncdesk.ui.common.desk_context import DeskContext
from ncdesk.ui.loans.form_dialog import FormDialog
from ncdesk.ui.loans.words import tr

CHECK = "check"
REQUIREMENT = "requirement"


@dataclass(frozen=True)
class Need:
    """One check or requirement of a category, as the form lists it."""

    kind: str  # CHECK or REQUIREMENT
    id: int
    name: str
    days: int | None  # a check: every so many days; a requirement: lasts so long (None: for good)


@dataclass(frozen=True)
class CategoryNeeds:
    category_id: int
    name: str
    needs: list[Need]

    def of_kind(self, kind: str) -> list[Need]:
        return [n for n in self.needs if n.kind == kind]


def read_needs(db: Database) -> list[CategoryNeeds]:
    """Every category with its checks and borrower requirements (run off the GUI thread)."""
    types = check_types(db)
    return [
        CategoryNeeds(
            category_id,
            name,
            [Need(CHECK, t[0], t[2], t[3]) for t in types if t[1] == category_id]
            + [Need(REQUIREMENT, r[0], r[1], r[2]) for r in requirements(db, category_id)],
        )
        for category_id, name in categories(db)
    ]


def need_text(need: Need) -> str:
    if need.kind == CHECK:
        return tr("{name} every {days} days").format(name=need.name, days=need.days)
    if need.days:
        return tr("borrowers need {name} (lasts {days} days)").format(
            name=need.name.lower(), days=need.days
        )
    return tr("borrowers need {name}").format(name=need.name.lower())


def _needs_html(needs: list[CategoryNeeds]) -> str:
    lines = []
    for category in needs:
        parts = [need_text(n) for n in category.of_kind(CHECK)] or [tr("no safety checks")]
        parts += [need_text(n) for n in category.of_kind(REQUIREMENT)]
        lines.append(f"<b>{html.escape(category.name)}</b>: {html.escape('; '.join(parts))}")
    return "<br>".join(lines) or html.escape(tr("No categories yet: they come with the items."))


def _saying(done: str, action: Callable[[], object]) -> Callable[[], str]:
    """The work a form hands to the runner: `action`, then the sentence to show."""

    def run() -> str:
        action()
        return done

    return run


class SetupDialog(FormDialog):
    """Lists what each category needs; adds a check or a requirement, or changes or stops one
    already there (picked from the first list). Succeeds with a sentence saying what changed."""

    def __init__(self, ctx: DeskContext, needs: list[CategoryNeeds], parent: QWidget | None = None):
        super().__init__(ctx, tr("Checks and requirements"), tr("&Save"), parent)
        self.say_first(_needs_html(needs))
        self.kind = QComboBox(self)
        self.kind.addItem(tr("Add a safety check every item needs"), (CHECK, None, None))
        self.kind.addItem(
            tr("Add something a borrower must have done first"), (REQUIREMENT, None, None)
        )
        for category in needs:
            for need in category.needs:
                self.kind.addItem(
                    tr("Change {category}: {what}").format(
                        category=category.name, what=need_text(need)
                    ),
                    (need.kind, need, category.category_id),
                )
        self.category = QComboBox(self)
        for category in needs:
            self.category.addItem(category.name, category.category_id)
        self.name = QLineEdit(self)
        self.name.setPlaceholderText(tr("for example: battery and brakes, or scooter training"))
        self.days = QLineEdit(self)
        self.days.setMaximumWidth(self.fontMetrics().horizontalAdvance("000000") + 24)
        self.days_hint = QLabel(self)
        self.stop = QCheckBox(tr("No longer needed: stop asking for it"), self)
        self.add_field(tr("&What:"), "kind", self.kind)
        self.add_field(tr("&Category:"), "category", self.category)
        self.add_field(tr("&Name:"), "name", self.name)
        self.add_field(tr("&Days:"), "days", self.days, beside=self.days_hint)
        self.add_field("", "stop", self.stop)
        self.kind.currentIndexChanged.connect(lambda _i: self._show_choice())
        self.stop.toggled.connect(lambda _on: self._show_choice(keep_text=True))
        self._show_choice()
        self.kind.setFocus()

    def picked(self) -> Need | None:
        """The existing check or requirement being changed, or None when adding one."""
        return self.kind.currentData()[1]

    def _show_choice(self, *, keep_text: bool = False) -> None:
        kind, need, category_id = self.kind.currentData()
        if not keep_text:
            self.stop.setChecked(False)
            self.name.setText(need.name if need else "")
            self.days.setText(str(need.days) if need and need.days else "")
            if category_id is not None:
                self.category.setCurrentIndex(self.category.findData(category_id))
        self.category.setEnabled(need is None)
        self.stop.setVisible(need is not None)
        stopping = self.stop.isChecked()
        self.name.setEnabled(not stopping)
        self.days.setEnabled(not stopping)
        self.action_button.setText(
            tr("&Add") if need is None else tr("S&top it") if stopping else tr("&Save")
        )
        self.days_hint.setText(
            tr("how often it is due, in days")
            if kind == CHECK
            else tr("how long it lasts, in days (blank: for good)")
        )

    @override
    def prepare(self, problems: list[FieldProblem]) -> Callable[[], Any] | None:
        kind, need, _ = self.kind.currentData()
        db, category = self._ctx.db, self.category.currentText()
        if need is not None and self.stop.isChecked():
            return self._stopping(db, need, category)
        category_id = self.category.currentData()
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
        if kind == CHECK:
            assert days is not None
            every = days
            done = tr("Every {category} now needs {name} every {days} days.").format(
                category=category.lower(), name=name.lower(), days=days
            )
            if need is None:
                return _saying(done, lambda: add_check_type(db, category_id, name, every))
            check_id = need.id
            return _saying(done, lambda: change_check_type(db, check_id, name, every))
        done = tr("Borrowers of a {category} now need {name}.").format(
            category=category.lower(), name=name.lower()
        )
        if need is None:
            return _saying(done, lambda: add_requirement(db, category_id, name, days))
        requirement_id = need.id
        return _saying(done, lambda: change_requirement(db, requirement_id, name, days))

    def _stopping(self, db: Database, need: Need, category: str) -> Callable[[], str]:
        if need.kind == CHECK:
            done = tr("{category} items no longer need {name}.").format(
                category=category, name=need.name.lower()
            )
            return _saying(done, lambda: stop_check_type(db, need.id))
        done = tr("Borrowers of a {category} no longer need {name}.").format(
            category=category.lower(), name=need.name.lower()
        )
        return _saying(done, lambda: stop_requirement(db, need.id))
