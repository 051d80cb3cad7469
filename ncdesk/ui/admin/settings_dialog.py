"""Organisation settings in a dialog (File ▸ Settings, Ctrl+,): the name on the title bar and
reports, and desk preferences."""

from __future__ import annotations

from PySide6.QtWidgets import QDialog, QDialogButtonBox, QVBoxLayout, QWidget

from ncdesk.core.errors import ValidationError
from ncdesk.core.services.settings import OrgSettings, save_settings
from ncdesk.ui.admin.settings_form import SettingsForm
from ncdesk.ui.common.desk_context import DeskContext
from ncdesk.ui.common.messages import show_error
from ncdesk.ui.common.tasks import SETTINGS


class SettingsDialog(QDialog):
    """Edits OrgSettings; problems are written next to the field, and nothing is saved."""

    def __init__(self, ctx: DeskContext, current: OrgSettings, parent: QWidget | None = None):
        super().__init__(parent)
        self._ctx = ctx
        self.setWindowTitle(self.tr("Settings"))
        self.form = SettingsForm(current, self)
        self.errors = self.form.errors
        # The fields, by name, as tests and callers have always reached them.
        self.organisation_name = self.form.organisation_name
        self.suppress_below = self.form.suppress_below
        self.idle_lock_minutes = self.form.idle_lock_minutes
        self.backup_folder = self.form.backup_folder
        self.backups_kept = self.form.backups_kept

        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel, self
        )
        self.buttons.accepted.connect(self.save)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.form)
        layout.addStretch(1)
        layout.addWidget(self.buttons)
        self.resize(560, self.sizeHint().height())

    def values(self) -> OrgSettings:
        return self.form.values()

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
