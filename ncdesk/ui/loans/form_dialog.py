"""The shape every Loans form shares: labelled fields with their problems written underneath,
one action button named for what it does ("Lend", "Return"), Enter to confirm, Esc to cancel.

The action runs as one background operation. A refusal from the service (a ValidationError)
comes back as plain reasons shown next to the field they concern, in full; anything that is
not tied to a field on the form is written above the buttons.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLayout,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from ncdesk.core.errors import FieldProblem, ValidationError
from ncdesk.core.parsing import ParseError
from ncdesk.ui.common.desk_context import DeskContext
from ncdesk.ui.common.field_errors import ERROR_TEXT, InlineErrors, error_label
from ncdesk.ui.common.messages import show_error
from ncdesk.ui.common.qt_fixes import emit
from ncdesk.ui.common.tasks import LOANS
from ncdesk.ui.loans.words import WARNING, sentence

T = TypeVar("T")


class FormDialog(QDialog):
    """Subclasses add fields in `__init__` and implement `prepare()`."""

    succeeded = Signal(object)  # what the service returned

    def __init__(self, ctx: DeskContext, title: str, action: str, parent: QWidget | None = None):
        super().__init__(parent)
        self._ctx = ctx
        self._busy = False
        self.setWindowTitle(title)
        self.errors = InlineErrors()
        self.intro = QLabel(self)
        self.intro.setWordWrap(True)
        self.intro.setTextFormat(Qt.TextFormat.RichText)
        self.intro.hide()
        self.form = QFormLayout()
        self.form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self.notice = QLabel(self)  # problems not tied to a field on this form
        self.notice.setWordWrap(True)
        self.notice.setAccessibleName(self.tr("Problems"))
        palette = self.notice.palette()
        palette.setColor(QPalette.ColorRole.WindowText, ERROR_TEXT)
        self.notice.setPalette(palette)
        self.notice.hide()
        self.done_note = QLabel(self)  # something done on the way (not a problem)
        self.done_note.setWordWrap(True)
        self.done_note.hide()
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
        layout.addWidget(self.done_note)
        layout.addWidget(self.buttons)
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.setMinimumWidth(self.fontMetrics().averageCharWidth() * 90)

    # --- building ---------------------------------------------------------------------------

    def say_first(self, html: str) -> None:
        """A line or two at the top: what the form is about."""
        self.intro.setText(html)
        self.intro.setVisible(bool(html))

    def add_field(
        self,
        label_text: str,
        name: str,
        widget: QWidget,
        *,
        beside: QWidget | QLayout | None = None,
    ) -> QWidget:
        """A labelled field with its problem written underneath."""
        column = QVBoxLayout()
        column.setSpacing(2)
        if beside is None:
            column.addWidget(widget)
        else:
            row = QHBoxLayout()
            # A hint beside the field takes the spare width; beside a button, the field does.
            hint = isinstance(beside, QLabel)
            if isinstance(beside, QLabel):
                _soften(beside)
            row.addWidget(widget, 0 if hint else 1)
            if isinstance(beside, QLayout):
                row.addLayout(beside)
            elif hint:
                row.addWidget(beside, 1)
            else:
                row.addWidget(beside, 0, Qt.AlignmentFlag.AlignTop)
            column.addLayout(row)
        problem = error_label(self)
        problem.setObjectName(f"{name}_problem")
        column.addWidget(problem)
        self.errors.add(name, widget, problem)
        title = QLabel(label_text, self)
        title.setBuddy(widget)
        widget.setAccessibleName(label_text.replace("&", "").rstrip(":"))
        self.form.addRow(title, column)
        return widget

    def say_done(self, text: str) -> None:
        self.done_note.setText(text)
        self.done_note.setVisible(bool(text))

    # --- what tests and screens use ---------------------------------------------------------

    def problem(self, name: str) -> str:
        """The problem shown for a field, as the user reads it ('' when none)."""
        return self.errors.message(name)

    def notice_text(self) -> str:
        return "" if self.notice.isHidden() else self.notice.text()

    def is_busy(self) -> bool:
        return self._busy

    # --- to implement -----------------------------------------------------------------------

    def prepare(self, problems: list[FieldProblem]) -> Callable[[], Any] | None:
        """Read the fields; return the work to run, or add problems (and return None)."""
        raise NotImplementedError

    # --- inside -----------------------------------------------------------------------------

    def read(self, problems: list[FieldProblem], name: str, reader: Callable[[], T]) -> T | None:
        """`reader()`, with an unreadable value turned into a problem for field `name`."""
        try:
            return reader()
        except ParseError as exc:
            problems.append(FieldProblem(name, str(exc)))
            return None

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
        self._ctx.tasks.run_operation(work, self._done, self._failed, changes=(LOANS,))

    def show_problems(self, problems: list[FieldProblem]) -> None:
        here = [p for p in problems if self._has_field(p.field)]
        elsewhere = [p for p in problems if not self._has_field(p.field)]
        shown = self.errors.show(here)
        self.notice.setText("\n".join(f"{WARNING} {sentence(p.message)}" for p in elsewhere))
        self.notice.setVisible(bool(elsewhere))
        if not shown and not elsewhere:
            self.notice.clear()

    def _has_field(self, name: str) -> bool:
        try:
            self.errors.message(name)
        except KeyError:
            return False
        return True

    def _done(self, result: object) -> None:
        self._busy = False
        emit(self.succeeded, result)
        self.accept()

    def _failed(self, error: BaseException) -> None:
        self._busy = False
        self.action_button.setEnabled(True)
        if isinstance(error, ValidationError):
            self.show_problems(error.problems)
        else:
            show_error(self, error)


def _soften(hint: QLabel) -> None:
    """A hint beside a field, in the quieter colour of placeholder text."""
    palette = hint.palette()
    palette.setColor(
        QPalette.ColorRole.WindowText, palette.color(QPalette.ColorRole.PlaceholderText)
    )
    hint.setPalette(palette)
    hint.setWordWrap(True)
