"""Organisation settings: the name on the title bar and reports, and desk preferences."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from ncdesk.core.errors import ValidationError
from ncdesk.core.services.settings import OrgSettings, save_settings
from ncdesk.ui.common.desk_context import DeskContext
from ncdesk.ui.common.field_errors import InlineErrors, error_label
from ncdesk.ui.common.messages import show_error
from ncdesk.ui.common.tasks import SETTINGS


class SettingsDialog(QDialog):
    """Edits OrgSettings; problems are written next to the field, and nothing is saved."""

    def __init__(self, ctx: DeskContext, current: OrgSettings, parent: QWidget | None = None):
        super().__init__(parent)
        self._ctx = ctx
        self.setWindowTitle(self.tr("Settings"))
        self.errors = InlineErrors()

        self.organisation_name = QLineEdit(current.organisation_name, self)
        self.suppress_below = _number(current.suppress_below, 0, 100, self)
        self.suppress_below.setSpecialValueText(self.tr("Off"))
        self.idle_lock_minutes = _number(current.idle_lock_minutes, 0, 24 * 60, self)
        self.idle_lock_minutes.setSpecialValueText(self.tr("Never"))
        self.idle_lock_minutes.setSuffix(self.tr(" minutes"))
        self.backup_folder = QLineEdit(current.backup_folder, self)
        self.backup_folder.setPlaceholderText(self.tr("Not chosen yet"))
        browse = QPushButton(self.tr("C&hoose…"), self)
        browse.clicked.connect(self._choose_folder)
        self.backups_kept = _number(current.backups_kept, 0, 1000, self)

        form = QFormLayout()
        self._row(form, self.tr("&Organisation name:"), "organisation_name")
        self._row(
            form,
            self.tr("&Hide counts below:"),
            "suppress_below",
            hint=self.tr(
                "In printed grant returns, small counts that could identify someone are shown "
                "as “<N”."
            ),
        )
        self._row(form, self.tr("&Lock the screen after:"), "idle_lock_minutes")
        folder = QHBoxLayout()
        folder.addWidget(self.backup_folder, 1)
        folder.addWidget(browse)
        self._row(form, self.tr("&Backup folder:"), "backup_folder", folder)
        self._row(form, self.tr("Backups &kept:"), "backups_kept")

        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel, self
        )
        self.buttons.accepted.connect(self.save)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addStretch(1)
        layout.addWidget(self.buttons)
        self.resize(560, self.sizeHint().height())

    def values(self) -> OrgSettings:
        return OrgSettings(
            organisation_name=self.organisation_name.text().strip(),
            suppress_below=self.suppress_below.value(),
            idle_lock_minutes=self.idle_lock_minutes.value(),
            backup_folder=self.backup_folder.text().strip(),
            backups_kept=self.backups_kept.value(),
        )

    def save(self) -> None:
        db, settings = self._ctx.db, self.values()
        self.buttons.setEnabled(False)
        self._ctx.tasks.run_operation(
            lambda: save_settings(db, settings),
            self._saved,
            self._refused,
            changes=(SETTINGS,),
        )

    def _saved(self, _settings: OrgSettings) -> None:
        self.buttons.setEnabled(True)
        self.accept()

    def _refused(self, error: BaseException) -> None:
        self.buttons.setEnabled(True)
        if isinstance(error, ValidationError):
            self.errors.show(error.problems)
        else:
            show_error(self, error)

    def _choose_folder(self) -> None:
        folder = QFileDialog.getExistingDirectory(
            self, self.tr("Backup folder"), self.backup_folder.text()
        )
        if folder:
            self.backup_folder.setText(folder)

    def _row(
        self,
        form: QFormLayout,
        text: str,
        name: str,
        field: QHBoxLayout | None = None,
        hint: str = "",
    ) -> None:
        widget = getattr(self, name)
        column = QVBoxLayout()
        column.setSpacing(2)
        if isinstance(widget, QSpinBox):  # a number needs no more width than its digits
            widget.setMinimumWidth(widget.fontMetrics().averageCharWidth() * 16)
            column.addWidget(widget, 0, Qt.AlignmentFlag.AlignLeft)
        elif field is None:
            column.addWidget(widget)
        else:
            column.addLayout(field)
        if hint:
            note = QLabel(hint, self)
            note.setWordWrap(True)
            column.addWidget(note)
        problem = error_label(self)
        column.addWidget(problem)
        self.errors.add(name, widget, problem)
        label = QLabel(text, self)
        label.setBuddy(widget)
        form.addRow(label, column)


def _number(value: int, low: int, high: int, parent: QWidget) -> QSpinBox:
    box = QSpinBox(parent)
    box.setRange(low, high)
    box.setValue(value)
    return box
