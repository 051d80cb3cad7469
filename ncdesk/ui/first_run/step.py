"""What every page of the first-run wizard shares: a short introduction, labelled fields
with their problem written under them, and Next refused while a problem stands."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QFormLayout,
    QLabel,
    QVBoxLayout,
    QWidget,
    QWizardPage,
)

from ncdesk.core.errors import FieldProblem
from ncdesk.ui.common.field_errors import InlineErrors, error_label, field_column


class WizardStep(QWizardPage):
    """A page: `say()` adds a paragraph, `add_field()` a labelled field; `refuse()` shows
    the core's problems by their fields and says whether Next may go on."""

    def __init__(self, title: str, subtitle: str, parent: QWidget | None = None):
        super().__init__(parent)
        self.setTitle(title)
        self.setSubTitle(subtitle)
        self.errors = InlineErrors()
        self.body = QVBoxLayout(self)
        self.body.setSpacing(8)
        self.form = QFormLayout()
        self.form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)

    def say(self, text: str) -> QLabel:
        label = QLabel(text, self)
        label.setWordWrap(True)
        label.setTextFormat(Qt.TextFormat.RichText)
        self.body.addWidget(label)
        return label

    def add_field(
        self,
        text: str,
        name: str,
        widget: QWidget,
        *,
        beside: QWidget | None = None,
        hint: str = "",
    ) -> QLabel:
        """A labelled row; `text` carries the &-key that moves the focus to `widget`."""
        column = field_column(widget, beside)
        note = QLabel(hint, self)
        note.setWordWrap(True)
        note.setVisible(bool(hint))
        column.addWidget(note)
        problem = error_label(self)
        column.addWidget(problem)
        self.errors.add(name, widget, problem)
        label = QLabel(text, self)
        label.setBuddy(widget)
        self.form.addRow(label, column)
        return note

    def refuse(self, problems: list[FieldProblem]) -> bool:
        """Show `problems` by their fields (focus on the first); True when there are none."""
        self.errors.show(problems)
        return not problems
