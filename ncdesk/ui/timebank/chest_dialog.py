"""The community chest: a member donates some of their hours to it, or the broker grants hours
from it to a member who needs help and has none to spend."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import QHBoxLayout, QLabel, QLineEdit, QWidget
from typing_extensions import override

from ncdesk.core.errors import FieldProblem
from ncdesk.core.parsing import ParseError, format_minutes, today
from ncdesk.core.services.ledger import Recorded, donate_to_chest, grant_from_chest
from ncdesk.ui.common.desk_context import DeskContext
from ncdesk.ui.timebank.entry_dialog import EntryDialog, Problems, hours_hint, read_hours
from ncdesk.ui.timebank.member_directory import MemberDirectory
from ncdesk.ui.timebank.member_field import MemberField
from ncdesk.ui.timebank.views import DateField

DONATE, GRANT = "donate", "grant"


class ChestDialog(EntryDialog):
    """`saved` carries the Recorded result."""

    def __init__(
        self,
        ctx: DeskContext,
        directory: MemberDirectory,
        mode: str,
        parent: QWidget | None = None,
    ):
        donating = mode == DONATE
        super().__init__(
            ctx,
            directory,
            self.tr("Donate to the community chest")
            if donating
            else self.tr("Grant from the community chest"),
            self.tr("&Donate") if donating else self.tr("&Grant"),
            parent,
        )
        self.mode = mode
        chest = directory.chest()
        held = format_minutes(chest.balance if chest else 0)
        self.intro.setText(
            self.tr("A member gives some of their hours to the chest, for others who need help.")
            if donating
            else self.tr("The chest gives hours to a member who needs help and has none to spend.")
        )
        self.intro.show()
        self.member = MemberField(directory, self)
        self.hours = QLineEdit(self)
        self.hours.setMaximumWidth(self.fontMetrics().horizontalAdvance("00000000") + 24)
        self.hours_note = QLabel(hours_hint(""), self)
        self.hours.textChanged.connect(lambda text: self.hours_note.setText(hours_hint(text)))
        self.date = DateField(today(), self)
        self.note = QLineEdit(self)
        hours_row = QHBoxLayout()
        hours_row.addWidget(self.hours)
        hours_row.addWidget(self.hours_note, 1)
        self.add_row(self.tr("&Member:"), "member", self.member)
        self.add_row(self.tr("&Hours:"), "hours", self.hours, hours_row)
        self.add_row(self.tr("D&ate:"), "date", self.date)
        self.add_row(self.tr("&Note:"), "note", self.note)
        self.form.addRow(QLabel(self.tr("The chest holds {hours} hours.").format(hours=held), self))
        self.resize(520, self.sizeHint().height())
        self.member.setFocus()

    @override
    def work(self) -> Callable[[], Recorded]:
        problems: list[FieldProblem] = []
        found = self.member.resolved()
        if found.account is None:
            problems.append(FieldProblem("member", found.problem))
        else:
            self.member.setText(found.label)
        minutes = read_hours(self.hours.text(), problems)
        try:
            day = self.date.value()
            if day > today():
                problems.append(FieldProblem("date", self.tr("cannot be in the future")))
        except ParseError as exc:
            problems.append(FieldProblem("date", str(exc)))
        if problems:
            raise Problems(problems)
        assert found.account is not None
        account_id, note, db = found.account.id, self.note.text().strip(), self._ctx.db
        hours = format_minutes(minutes)
        if self.mode == DONATE:
            self.summary = self.tr("{member} gave {hours} hours to the community chest.").format(
                member=found.account.name, hours=hours
            )
        else:
            self.summary = self.tr("The community chest granted {hours} hours to {member}.").format(
                member=found.account.name, hours=hours
            )
        write = donate_to_chest if self.mode == DONATE else grant_from_chest
        return lambda: write(db, account_id, minutes, day, note)

    @override
    def map_problem(self, problem: FieldProblem) -> FieldProblem:
        field = "member" if problem.field in ("giver", "receiver") else problem.field
        return FieldProblem(field, problem.message, problem.value, problem.row)
