"""The shape of every dialog about accounts (a password, a new user, a role, encryption):
labelled fields with problems written under them, one button named for the action, Enter
to confirm, Esc to cancel, and the service run by the background runner.

Passwords are typed twice where they are new; that the two match is checked here, and every
other rule (length, login spelling, the last admin) comes back from the core as a plain
reason next to its field or above the buttons.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from ncdesk.core.errors import FieldProblem, NcdeskError, ValidationError
from ncdesk.ui.common.desk_context import DeskContext
from ncdesk.ui.common.field_errors import InlineErrors, error_label, field_column
from ncdesk.ui.common.messages import show_error
from ncdesk.ui.common.qt_fixes import emit
from ncdesk.ui.common.tasks import ACCOUNTS


def password_field(parent: QWidget) -> QLineEdit:
    field = QLineEdit(parent)
    field.setEchoMode(QLineEdit.EchoMode.Password)
    return field


class AccountDialog(QDialog):
    """Subclasses add fields with `add_field` and implement `prepare()`."""

    succeeded = Signal(object)  # what the service returned

    def __init__(self, ctx: DeskContext, title: str, action: str, parent: QWidget | None = None):
        super().__init__(parent)
        self._ctx = ctx
        self._busy = False
        self.setWindowTitle(title)
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.errors = InlineErrors()
        self.intro = QLabel(self)
        self.intro.setWordWrap(True)
        self.intro.setTextFormat(Qt.TextFormat.RichText)
        self.intro.hide()
        self.form = QFormLayout()
        self.form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self.notice = error_label(self)  # a refusal not tied to one field
        self.notice.setAccessibleName(self.tr("Problems"))
        self.buttons = QDialogButtonBox(self)
        self.action_button = QPushButton(action, self)
        self.action_button.setDefault(True)
        self.buttons.addButton(self.action_button, QDialogButtonBox.ButtonRole.AcceptRole)
        self.buttons.addButton(QDialogButtonBox.StandardButton.Cancel)
        self.action_button.clicked.connect(self.submit)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.intro)
        layout.addLayout(self.form)
        layout.addStretch(1)
        layout.addWidget(self.notice)
        layout.addWidget(self.buttons)
        self.setMinimumWidth(self.fontMetrics().averageCharWidth() * 64)

    def say_first(self, html: str) -> None:
        self.intro.setText(html)
        self.intro.setVisible(bool(html))

    def add_field(
        self, label_text: str, name: str, widget: QWidget, *, beside: QWidget | None = None
    ) -> QWidget:
        """A labelled field (with a button `beside` it) and its problem written underneath."""
        column = field_column(widget, beside)
        problem = error_label(self)
        problem.setObjectName(f"{name}_problem")
        column.addWidget(problem)
        self.errors.add(name, widget, problem)
        title = QLabel(label_text, self)
        title.setBuddy(widget)
        widget.setAccessibleName(label_text.replace("&", "").rstrip(":"))
        self.form.addRow(title, column)
        return widget

    def problem(self, name: str) -> str:
        """The problem shown for a field, as the user reads it ('' when none)."""
        return self.errors.message(name)

    def notice_text(self) -> str:
        return "" if self.notice.isHidden() else self.notice.text()

    def is_busy(self) -> bool:
        return self._busy

    def prepare(self, problems: list[FieldProblem]) -> Callable[[], Any] | None:
        """Read the fields; return the work to run (holding plain values and the database,
        never a widget), or add problems."""
        raise NotImplementedError

    def same_twice(
        self, problems: list[FieldProblem], first: QLineEdit, again: QLineEdit, name: str
    ) -> str:
        """The new password, with a problem for `name` when the second typing differs."""
        if first.text() != again.text():
            problems.append(FieldProblem(name, self.tr("the two passwords are not the same")))
        return first.text()

    def submit(self) -> None:
        if self._busy:
            return
        problems: list[FieldProblem] = []
        work = self.prepare(problems)
        if problems or work is None:
            self.show_problems(problems)
            return
        self._busy = True
        self.action_button.setEnabled(False)
        self.notice.hide()
        self.run(work)

    def run(self, work: Callable[[], Any]) -> None:
        """Hand the work to the runner (a long one may do it differently)."""
        self._ctx.tasks.run_operation(work, self.finished_work, self.failed, changes=(ACCOUNTS,))

    def show_problems(self, problems: list[FieldProblem]) -> None:
        here = [p for p in problems if self._has_field(p.field)]
        elsewhere = [p for p in problems if not self._has_field(p.field)]
        self.errors.show(here)
        self.notice.setText(
            "\n".join(f"\N{WARNING SIGN} {_sentence(p.message)}" for p in elsewhere)
        )
        self.notice.setVisible(bool(elsewhere))

    def finished_work(self, result: object) -> None:
        self._busy = False
        emit(self.succeeded, result)
        self.accept()

    def failed(self, error: BaseException) -> None:
        self._busy = False
        self.action_button.setEnabled(True)
        if isinstance(error, ValidationError):
            self.show_problems(error.problems)
        elif isinstance(error, NcdeskError):  # a refusal: said in the dialog, in its words
            self.show_problems([FieldProblem("", str(error))])
        else:
            show_error(self, error)

    def _has_field(self, name: str) -> bool:
        try:
            self.errors.message(name)
        except KeyError:
            return False
        return True


def _sentence(message: str) -> str:
    return message[:1].upper() + message[1:]
