"""The organisation's settings as fields, shared by the Settings dialog (Ctrl+,) and the
Admin area's Settings tab: problems are written next to the field. The logo is chosen from a
file and kept in the database with the other settings when they are saved."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QPixmap
from PySide6.QtWidgets import (
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

from ncdesk.core.errors import FieldProblem
from ncdesk.core.services.logo import encoded_logo, logo_bytes, logo_file_problem
from ncdesk.core.services.settings import OrgSettings
from ncdesk.ui.common.field_errors import InlineErrors, error_label
from ncdesk.ui.common.logo_picture import PREVIEW_HEIGHT, choose_picture, show_picture


class SettingsForm(QWidget):
    def __init__(self, current: OrgSettings, parent: QWidget | None = None):
        super().__init__(parent)
        self._current = current
        self.errors = InlineErrors()
        self.organisation_name = QLineEdit(current.organisation_name, self)
        # The logo: the stored picture, or the one chosen and not yet saved ("" removed).
        self._new_logo: str | None = None
        self.logo_preview = QLabel(self)
        self.logo_preview.setAccessibleName(self.tr("Logo"))
        self.logo_preview.setFixedHeight(PREVIEW_HEIGHT)
        self.choose_logo = QPushButton(self.tr("Choose a &picture…"), self)
        self.choose_logo.setAutoDefault(False)
        self.choose_logo.clicked.connect(self.ask_for_logo)
        self.remove_logo = QPushButton(self.tr("&Remove"), self)
        self.remove_logo.setAutoDefault(False)
        self.remove_logo.clicked.connect(self._remove_logo)
        self.suppress_below = _number(current.suppress_below, 0, 100, self)
        self.suppress_below.setSpecialValueText(self.tr("Off"))
        self.idle_lock_minutes = _number(current.idle_lock_minutes, 0, 24 * 60, self)
        self.idle_lock_minutes.setSpecialValueText(self.tr("Never"))
        self.idle_lock_minutes.setSuffix(self.tr(" minutes"))
        self.backup_folder = QLineEdit(current.backup_folder, self)
        self.backup_folder.setPlaceholderText(
            self.tr("Not chosen: a folder in ncdesk's data on this PC")
        )
        browse = QPushButton(self.tr("C&hoose…"), self)
        browse.setAutoDefault(False)
        browse.clicked.connect(self._choose_folder)
        self.backup_every_hours = _number(current.backup_every_hours, 0, 24 * 7, self)
        self.backup_every_hours.setSpecialValueText(self.tr("Only when ncdesk closes"))
        self.backup_every_hours.setSuffix(self.tr(" hours"))
        self.backups_kept = _number(current.backups_kept, 0, 1000, self)
        self.backups_weekly = _number(current.backups_weekly, 0, 1000, self)
        self.backups_monthly = _number(current.backups_monthly, 0, 1000, self)
        self.outcomes_every_months = _number(current.outcomes_every_months, 0, 60, self)
        self.outcomes_every_months.setSpecialValueText(self.tr("Only on a first visit"))
        self.outcomes_every_months.setSuffix(self.tr(" months"))

        form = QFormLayout()
        self._row(form, self.tr("&Organisation name:"), "organisation_name")
        self._logo_row(form)
        self._row(
            form,
            self.tr("&Hide counts below:"),
            "suppress_below",
            hint=self.tr(
                "In printed grant returns, small counts that could identify someone are shown "
                "as “<N”."
            ),
        )
        self._row(
            form,
            self.tr("&Lock the screen after:"),
            "idle_lock_minutes",
            hint=self.tr(
                "Without a key press or a mouse move for this long, ncdesk hides everything "
                "until the password is typed again (when the database has user accounts)."
            ),
        )
        folder = QHBoxLayout()
        folder.addWidget(self.backup_folder, 1)
        folder.addWidget(browse)
        self._row(form, self.tr("&Backup folder:"), "backup_folder", folder)
        self._row(
            form,
            self.tr("Back up &every:"),
            "backup_every_hours",
            hint=self.tr("While ncdesk runs; it also backs up each time it closes."),
        )
        self._row(
            form,
            self.tr("&Daily backups kept:"),
            "backups_kept",
            hint=self.tr(
                "Every backup from today and yesterday is kept; then the newest of each of "
                "this many days, and of the weeks and months below."
            ),
        )
        self._row(form, self.tr("&Weekly backups kept:"), "backups_weekly")
        self._row(form, self.tr("&Monthly backups kept:"), "backups_monthly")
        self._row(
            form,
            self.tr("Ask wellbeing &questions again after:"),
            "outcomes_every_months",
            hint=self.tr(
                "The desk reminds you to ask someone the wellbeing and loneliness questions "
                "on their first visit, and again once this long has passed."
            ),
        )
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(form)

    def load(self, settings: OrgSettings) -> None:
        self._current = settings
        self._new_logo = None
        self._show_logo()
        self.errors.clear()
        self.organisation_name.setText(settings.organisation_name)
        self.suppress_below.setValue(settings.suppress_below)
        self.idle_lock_minutes.setValue(settings.idle_lock_minutes)
        self.backup_folder.setText(settings.backup_folder)
        self.backup_every_hours.setValue(settings.backup_every_hours)
        self.backups_kept.setValue(settings.backups_kept)
        self.backups_weekly.setValue(settings.backups_weekly)
        self.backups_monthly.setValue(settings.backups_monthly)
        self.outcomes_every_months.setValue(settings.outcomes_every_months)

    def values(self) -> OrgSettings:
        current = self._current
        if self._new_logo is not None:  # a logo chosen or removed replaces an older file's
            current = replace(current, logo_image=self._new_logo, logo_path="")
        return replace(
            current,
            organisation_name=self.organisation_name.text().strip(),
            suppress_below=self.suppress_below.value(),
            idle_lock_minutes=self.idle_lock_minutes.value(),
            backup_folder=self.backup_folder.text().strip(),
            backup_every_hours=self.backup_every_hours.value(),
            backups_kept=self.backups_kept.value(),
            backups_weekly=self.backups_weekly.value(),
            backups_monthly=self.backups_monthly.value(),
            outcomes_every_months=self.outcomes_every_months.value(),
        )

    def focus_first(self) -> None:
        self.organisation_name.setFocus(Qt.FocusReason.OtherFocusReason)

    def ask_for_logo(self) -> None:
        choose_picture(self, "", self.use_logo_file)

    def use_logo_file(self, path: str) -> None:
        """Show the chosen picture, to be kept when the settings are saved; or say why not."""
        problem = logo_file_problem(Path(path))
        if problem:
            self.errors.show([FieldProblem("logo_image", problem, path)])
            return
        self.errors.clear()
        self._new_logo = encoded_logo(Path(path))
        self._show_logo()

    def _remove_logo(self) -> None:
        self._new_logo = ""
        self._show_logo()

    def _show_logo(self) -> None:
        settings = self.values()
        data = logo_bytes(settings)
        picture = QPixmap()
        if data is not None:
            picture.loadFromData(data)
        show_picture(self.logo_preview, picture, self.tr("No logo: returns print without one"))
        self.remove_logo.setEnabled(data is not None)

    def _logo_row(self, form: QFormLayout) -> None:
        """The picture on a row of its own (a fixed height, never squeezed by the form), then
        the buttons, a note and any problem."""
        label = QLabel(self.tr("Lo&go:"), self)
        label.setBuddy(self.choose_logo)
        form.addRow(label, self.logo_preview)
        buttons = QHBoxLayout()
        buttons.addWidget(self.choose_logo)
        buttons.addWidget(self.remove_logo)
        buttons.addStretch(1)
        column = QVBoxLayout()
        column.setSpacing(2)
        column.addLayout(buttons)
        note = QLabel(self.tr("Printed on the cover of grant returns (PNG or JPEG)."), self)
        note.setWordWrap(True)
        column.addWidget(note)
        problem = error_label(self)
        column.addWidget(problem)
        self.errors.add("logo_image", self.choose_logo, problem)
        form.addRow("", column)
        self._show_logo()

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
