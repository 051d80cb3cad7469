"""File ▸ Import ▸ Blank template…: a workbook for one kind of import, with our headers, a
sheet explaining each column and drop-down lists, to fill in and import."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QWidget,
)

from ncdesk.core.io.import_templates import template_lists, template_name, write_template
from ncdesk.ui.common.desk_context import DeskContext
from ncdesk.ui.common.messages import show_error
from ncdesk.ui.imports.words import kind_labels, tr
from ncdesk.ui.loans.files import ask_save_path, saved_message, xlsx_filter


class TemplateDialog(QDialog):
    """Choose the kind, then where to save its blank template."""

    def __init__(self, ctx: DeskContext, parent: QWidget | None = None):
        super().__init__(parent)
        self._ctx = ctx
        self.setWindowTitle(tr("Blank import template"))
        self.setMinimumWidth(480)
        self.kind = QComboBox(self)
        for kind, label in kind_labels().items():
            self.kind.addItem(label, kind)
        self.note = QLabel(
            tr(
                "A workbook with ncdesk's headers, a sheet saying what goes in each column, "
                "and drop-down lists for gender, yes/no answers and referral types."
            ),
            self,
        )
        self.note.setWordWrap(True)
        self.done_note = QLabel(self)
        self.done_note.setOpenExternalLinks(True)
        self.done_note.setTextFormat(Qt.TextFormat.RichText)
        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Close, self
        )
        save = self.buttons.button(QDialogButtonBox.StandardButton.Save)
        save.setText(tr("&Save…"))  # Alt+S; Enter too, as the default button
        save.setDefault(True)
        form = QFormLayout(self)
        form.addRow(self.note)
        form.addRow(tr("&Template for:"), self.kind)
        form.addRow(self.done_note)
        form.addRow(self.buttons)
        self.buttons.accepted.connect(self.ask_where)
        self.buttons.rejected.connect(self.reject)

    def ask_where(self) -> None:
        kind = str(self.kind.currentData())
        ask_save_path(
            self, tr("Save the template as"), template_name(kind), xlsx_filter(), self.save_to
        )

    def save_to(self, path: Path) -> None:
        """Write the template in the background (the organisation's lists read first)."""
        db, kind = self._ctx.db, str(self.kind.currentData())

        def work() -> Path:
            write_template(path, kind, template_lists(db))
            return path

        self._ctx.tasks.run_query(work, self._saved, lambda error: show_error(self, error))

    def _saved(self, path: Path) -> None:
        self.done_note.setText(saved_message(tr("Template saved to {path}."), path))
