"""The organisation's settings in the Admin area: the same fields as the Settings dialog,
saved with Ctrl+S or the Save button; what was saved is said underneath."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from ncdesk.core.errors import ValidationError
from ncdesk.core.services.settings import OrgSettings, get_settings, save_settings
from ncdesk.ui.admin.settings_form import SettingsForm
from ncdesk.ui.common.desk_context import DeskContext
from ncdesk.ui.common.messages import show_error
from ncdesk.ui.common.tasks import SETTINGS


class SettingsTab(QWidget):
    def __init__(self, ctx: DeskContext, parent: QWidget | None = None):
        super().__init__(parent)
        self._ctx = ctx
        self._loaded = False
        self._saved_values: OrgSettings | None = None
        self.form = SettingsForm(OrgSettings(), self)
        self.save_button = QPushButton(self.tr("&Save settings"), self)
        self.save_button.setToolTip(self.tr("Save these settings (Ctrl+S)"))
        self.save_button.clicked.connect(self.save)
        self.save_button.setEnabled(False)  # until the settings saved before are read
        self.feedback = QLabel(self)
        self.feedback.setWordWrap(True)
        self.feedback.setAccessibleName(self.tr("What happened"))
        save = QShortcut(QKeySequence.StandardKey.Save, self)
        save.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        save.activated.connect(self.save)
        row = QHBoxLayout()
        row.addWidget(self.save_button)
        row.addWidget(self.feedback, 1)
        layout = QVBoxLayout(self)
        layout.addWidget(self.form)
        layout.addLayout(row)
        layout.addStretch(1)
        ctx.changes.changed.connect(self._data_changed)

    def activate(self) -> None:
        if not self._loaded:
            self._load()
        self.form.focus_first()

    def save(self) -> None:
        if self._saved_values is None:
            return  # not read yet: saving now would put the defaults back
        db, settings = self._ctx.db, self.form.values()
        self.save_button.setEnabled(False)
        self._ctx.tasks.run_operation(
            lambda: save_settings(db, settings), self._saved, self._refused, changes=(SETTINGS,)
        )

    def _load(self) -> None:
        self._loaded = True
        db = self._ctx.db
        self._ctx.tasks.run_query(lambda: get_settings(db), self._show)

    def _show(self, settings: OrgSettings) -> None:
        # Someone typing here keeps their typing; a change made elsewhere shows otherwise.
        if self._saved_values is None or self.form.values() == self._saved_values:
            self.form.load(settings)
            self._saved_values = settings
        self.save_button.setEnabled(True)

    def _saved(self, settings: OrgSettings) -> None:
        self.save_button.setEnabled(True)
        self.form.errors.clear()
        self._saved_values = settings
        self.feedback.setText(self.tr("Settings saved."))

    def _refused(self, error: BaseException) -> None:
        self.save_button.setEnabled(True)
        if isinstance(error, ValidationError):
            self.form.errors.show(error.problems)
            self.feedback.setText(self.tr("Not saved: please fix what is marked above."))
        else:
            show_error(self, error)

    def _data_changed(self, area: str) -> None:
        if area == SETTINGS and self._loaded:
            self._load()
