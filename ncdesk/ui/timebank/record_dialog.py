"""Record hours: one member helped another, one helped several, or several helped one (a
group activity). Each person helped is one entry; group entries share a group number."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLabel, QLineEdit, QStackedWidget, QWidget
from typing_extensions import override

from ncdesk.core.errors import FieldProblem
from ncdesk.core.parsing import ParseError, format_minutes, today
from ncdesk.core.services.ledger import (
    ExchangeInput,
    Recorded,
    record_exchange,
    record_group_exchange,
)
from ncdesk.ui.common.desk_context import DeskContext
from ncdesk.ui.timebank.entry_dialog import EntryDialog, Problems, hours_hint, read_hours
from ncdesk.ui.timebank.member_directory import MemberDirectory
from ncdesk.ui.timebank.member_field import MemberField, MemberListField
from ncdesk.ui.timebank.views import DateField

ONE_TO_ONE, ONE_TO_MANY, MANY_TO_ONE = range(3)


class _Side(QStackedWidget):
    """One member, or a list of members, for the giving or the receiving side."""

    def __init__(self, directory: MemberDirectory, parent: QWidget):
        super().__init__(parent)
        self.one = MemberField(directory, self)
        self.many = MemberListField(directory, self)
        self.addWidget(self.one)
        self.addWidget(self.many)
        self.setFocusProxy(self.one)

    def show_many(self, many: bool) -> None:
        page = self.many if many else self.one
        self.setCurrentWidget(page)
        self.setFocusProxy(page)
        # The stack takes the height of the page shown, not of its tallest page.
        self.setMaximumHeight(page.sizeHint().height())

    def is_many(self) -> bool:
        return self.currentWidget() is self.many

    def read(self, name: str, problems: list[FieldProblem]) -> list[int]:
        if self.is_many():
            if self.many.field.text().strip() and not self.many.add_typed():
                problems.append(FieldProblem(name, self.many.problem))
                return []
            ids = self.many.account_ids()
            if not ids:
                problems.append(FieldProblem(name, self.tr("add at least one member")))
            return ids
        found = self.one.resolved()
        if found.account is None:
            problems.append(FieldProblem(name, found.problem))
            return []
        self.one.setText(found.label)
        return [found.account.id]


class RecordHoursDialog(EntryDialog):
    """`saved` carries the Recorded result (new ids and any warnings)."""

    def __init__(
        self,
        ctx: DeskContext,
        directory: MemberDirectory,
        parent: QWidget | None = None,
        *,
        day: date | None = None,
    ):
        super().__init__(ctx, directory, self.tr("Record hours"), self.tr("&Record hours"), parent)
        self.mode = QComboBox(self)
        self.mode.addItems(
            [
                self.tr("One member helped another"),
                self.tr("One member helped several people"),
                self.tr("Several members helped one (a group activity)"),
            ]
        )
        self.date = DateField(day or today(), self)
        self.giver = _Side(directory, self)
        self.receiver = _Side(directory, self)
        self.hours = QLineEdit(self)
        self.hours.setMaximumWidth(self.fontMetrics().horizontalAdvance("00000000") + 24)
        self.hours_note = QLabel(hours_hint(""), self)
        self.category = QComboBox(self)
        self.category.addItem(self.tr("(none)"), None)
        for category in directory.categories:
            self.category.addItem(category.name, category.id)
        self.description = QLineEdit(self)
        self.description.setPlaceholderText(self.tr("for example: lift to the GP"))
        self.limit_note = QLabel(self)
        self.limit_note.setWordWrap(True)

        hours_row = QHBoxLayout()
        hours_row.addWidget(self.hours)
        hours_row.addWidget(self.hours_note, 1)
        self.add_row(self.tr("&Who helped whom:"), "mode", self.mode)
        self.add_row(self.tr("&Date:"), "date", self.date)
        self.add_row(self.tr("&Given by:"), "giver", self.giver)
        self.add_row(self.tr("R&eceived by:"), "receiver", self.receiver)
        self.hours_label = self.add_row(self.tr("&Hours:"), "hours", self.hours, hours_row)
        self.add_row(self.tr("&Category:"), "category", self.category)
        self.add_row(self.tr("&What was done:"), "description", self.description)
        self.form.addRow(self.limit_note)

        self.mode.currentIndexChanged.connect(self._mode_changed)
        self.hours.textChanged.connect(self._hours_typed)
        for side in (self.giver, self.receiver):
            side.one.editingFinished.connect(self._check_limits)
            side.many.changed.connect(self._check_limits)
        self._mode_changed(ONE_TO_ONE)
        self.resize(560, self.sizeHint().height())
        self.giver.setFocus()

    @override
    def work(self) -> Callable[[], Recorded]:
        problems: list[FieldProblem] = []
        try:
            day = self.date.value()
            if day > today():
                problems.append(FieldProblem("date", self.tr("cannot be in the future")))
        except ParseError as exc:
            problems.append(FieldProblem("date", str(exc)))
            day = today()
        givers = self.giver.read("giver", problems)
        receivers = self.receiver.read("receiver", problems)
        if set(givers) & set(receivers):
            problems.append(
                FieldProblem("receiver", self.tr("the giver and the receiver are the same"))
            )
        minutes = read_hours(self.hours.text(), problems)
        if problems:
            raise Problems(problems)
        category = self.category.currentData()
        text = self.description.text()
        db = self._ctx.db
        self.summary = self._describe(givers, receivers, minutes)
        if self.mode.currentIndex() == ONE_TO_ONE:
            item = ExchangeInput(day, givers[0], receivers[0], minutes, category, text)
            return lambda: record_exchange(db, item)
        return lambda: record_group_exchange(db, day, givers, receivers, minutes, category, text)

    @override
    def map_problem(self, problem: FieldProblem) -> FieldProblem:
        field = {"receivers": "receiver", "givers": "giver"}.get(problem.field, problem.field)
        return FieldProblem(field, problem.message, problem.value, problem.row)

    # --- inside -----------------------------------------------------------------------------

    def _describe(self, givers: list[int], receivers: list[int], minutes: int) -> str:
        def name(account_id: int) -> str:
            account = self.directory.account(account_id)
            return account.name if account else "?"

        hours = format_minutes(minutes)
        if len(givers) == 1 and len(receivers) == 1:
            return self.tr("{giver} helped {receiver} for {hours} hours.").format(
                giver=name(givers[0]), receiver=name(receivers[0]), hours=hours
            )
        if len(givers) == 1:
            return self.tr("{giver} helped {count} people for {hours} hours each.").format(
                giver=name(givers[0]), count=len(receivers), hours=hours
            )
        return self.tr("{count} members helped {receiver} for {hours} hours each.").format(
            count=len(givers), receiver=name(receivers[0]), hours=hours
        )

    def _mode_changed(self, mode: int) -> None:
        self.giver.show_many(mode == MANY_TO_ONE)
        self.receiver.show_many(mode == ONE_TO_MANY)
        self.hours_label.setText(
            self.tr("&Hours:") if mode == ONE_TO_ONE else self.tr("&Hours each:")
        )
        self._check_limits()

    def _hours_typed(self, text: str) -> None:
        self.hours_note.setText(hours_hint(text))
        self._check_limits()

    def _check_limits(self) -> None:
        """Say before saving if this takes anyone past their balance limit (it still saves)."""
        problems: list[FieldProblem] = []
        minutes = read_hours(self.hours.text(), problems)
        notes = []
        if not problems:
            givers = self._chosen(self.giver)
            receivers = self._chosen(self.receiver)
            changes: dict[int, int] = {}
            for g in givers:
                changes[g] = changes.get(g, 0) + minutes * len(receivers)
            for r in receivers:
                changes[r] = changes.get(r, 0) - minutes * len(givers)
            for account_id, delta in changes.items():
                account = self.directory.account(account_id)
                if account is None:
                    continue
                after = account.balance + delta
                if account.limit_low is not None and after < account.limit_low:
                    notes.append(
                        self.tr("{name} will be at {after}, below their limit of {limit}.").format(
                            name=account.name,
                            after=format_minutes(after),
                            limit=format_minutes(account.limit_low),
                        )
                    )
                if account.limit_high is not None and after > account.limit_high:
                    notes.append(
                        self.tr("{name} will be at {after}, above their limit of {limit}.").format(
                            name=account.name,
                            after=format_minutes(after),
                            limit=format_minutes(account.limit_high),
                        )
                    )
        self.limit_note.setText("\n".join("\N{WARNING SIGN} " + n for n in notes))
        self.limit_note.setVisible(bool(notes))

    def _chosen(self, side: _Side) -> list[int]:
        if side.is_many():
            return side.many.account_ids()
        found = side.one.resolved()
        return [found.account.id] if found.account else []
