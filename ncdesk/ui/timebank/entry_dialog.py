"""What the dialogs that write to the ledger share: a form with problems shown under each
field, a button named for the action, and the write done by the background runner."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLayout,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from ncdesk.core.errors import FieldProblem, ValidationError
from ncdesk.core.parsing import ParseError, format_minutes, parse_hours
from ncdesk.ui.common.desk_context import DeskContext
from ncdesk.ui.common.field_errors import InlineErrors, error_label
from ncdesk.ui.common.messages import show_error
from ncdesk.ui.common.qt_fixes import emit
from ncdesk.ui.common.tasks import TIMEBANK
from ncdesk.ui.timebank.member_directory import MemberDirectory
from ncdesk.ui.timebank.words import tr


class Problems(Exception):
    """What is wrong with the form as typed, found before anything is sent."""

    def __init__(self, problems: list[FieldProblem]):
        super().__init__("; ".join(str(p) for p in problems))
        self.problems = problems


class EntryDialog(QDialog):
    """Subclasses add rows with `add_row`, and implement `work()`: check what was typed
    (raising Problems) and return the function that writes it."""

    saved = Signal(object)  # whatever the write returned

    def __init__(
        self,
        ctx: DeskContext,
        directory: MemberDirectory,
        title: str,
        action: str,
        parent: QWidget | None = None,
    ):
        super().__init__(parent)
        self.setWindowTitle(title)
        self._ctx = ctx
        self.directory = directory
        self.errors = InlineErrors()
        self.summary = ""  # what was written, in words, set by `work()` for the screen to say
        self._busy = False
        self.intro = QLabel(self)
        self.intro.setWordWrap(True)
        self.intro.hide()
        self.form = QFormLayout()
        self.form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self.feedback = QLabel(self)
        self.feedback.setWordWrap(True)
        self.buttons = QDialogButtonBox(self)
        self.action_button = QPushButton(action, self)
        self.action_button.setDefault(True)
        self.buttons.addButton(self.action_button, QDialogButtonBox.ButtonRole.AcceptRole)
        self.buttons.addButton(QDialogButtonBox.StandardButton.Cancel)
        self.buttons.accepted.connect(self.save)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.intro)
        layout.addLayout(self.form)
        layout.addWidget(self.feedback)
        layout.addStretch(1)
        layout.addWidget(self.buttons)

    def add_row(
        self, label: str, name: str, widget: QWidget, field: QWidget | QLayout | None = None
    ) -> QLabel:
        """A labelled field; its problems appear under it. `field` is what to lay out when it
        is more than the input widget itself (a field with a note beside it)."""
        problem = error_label(self)
        holder = QVBoxLayout()
        holder.setSpacing(2)
        if isinstance(field, QLayout):
            holder.addLayout(field)
        else:
            holder.addWidget(field or widget)
        holder.addWidget(problem)
        caption = QLabel(label, self)
        caption.setBuddy(widget)
        self.form.addRow(caption, holder)
        self.errors.add(name, widget, problem)
        return caption

    def say(self, text: str) -> None:
        self.feedback.setText(text)

    def work(self) -> Callable[[], Any]:
        raise NotImplementedError

    def save(self) -> None:
        if self._busy:
            return
        try:
            write = self.work()
        except Problems as found:
            self.errors.show(found.problems)
            self.say(self.tr("Not saved: please fix what is marked."))
            return
        self.errors.clear()
        self._busy = True
        self.action_button.setEnabled(False)
        self._ctx.tasks.run_operation(write, self._saved, self._refused, changes=(TIMEBANK,))

    def _saved(self, result: object) -> None:
        self._busy = False
        emit(self.saved, result)
        self.accept()

    def _refused(self, error: BaseException) -> None:
        self._busy = False
        self.action_button.setEnabled(True)
        if isinstance(error, ValidationError):
            self.errors.show([self.map_problem(p) for p in error.problems])
            self.say(self.tr("Not saved: please fix what is marked."))
        else:
            show_error(self, error)

    def map_problem(self, problem: FieldProblem) -> FieldProblem:
        """Service field names to this form's (subclasses widen it)."""
        return problem


def read_hours(text: str, problems: list[FieldProblem]) -> int:
    try:
        return parse_hours(text)
    except ParseError as exc:
        problems.append(FieldProblem("hours", str(exc) if text.strip() else "how many hours?"))
        return 0


def hours_hint(text: str) -> str:
    """What the hours typed come to, shown beside the field as a check ('= 1:30')."""
    try:
        return tr("= {hours} hours").format(hours=format_minutes(parse_hours(text)))
    except ParseError:
        return tr("1.5, 1:30 or 90m")
