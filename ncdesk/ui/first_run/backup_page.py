"""Step 4: where the automatic backups go (when ncdesk closes and every few hours). The
standard folder is suggested; a USB stick or a shared drive is better, since a copy on the
same disk is lost with it. A folder that is not there or cannot be written is said now."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFileDialog, QLineEdit, QPushButton, QWidget
from typing_extensions import override

from ncdesk.core.services.first_setup import check_backup_folder, default_backup_folder
from ncdesk.ui.first_run.step import WizardStep


class BackupPage(WizardStep):
    def __init__(self, parent: QWidget | None = None):
        super().__init__(
            self.tr("Backups"),
            self.tr("ncdesk copies the database when it closes and every three hours."),
            parent,
        )
        self.say(
            self.tr(
                "Choose where the copies go. The folder suggested is on this PC, which does "
                "not help if the PC is lost or breaks: a USB stick or a shared drive is "
                "better. You can change it later in File ▸ Settings."
            )
        )
        self.folder = QLineEdit(str(default_backup_folder()), self)
        choose = QPushButton(self.tr("C&hoose…"), self)
        choose.setAutoDefault(False)
        choose.clicked.connect(self._choose)
        self.add_field(
            self.tr("Backup &folder:"),
            "backup_folder",
            self.folder,
            beside=choose,
            hint=self.tr(
                "The suggested folder is made when the first backup needs it; any other "
                "folder must be there now."
            ),
        )
        self.body.addLayout(self.form)
        self.body.addStretch(1)

    @override
    def initializePage(self) -> None:
        self.folder.setFocus()
        self.folder.selectAll()

    @override
    def validatePage(self) -> bool:
        return self.refuse(check_backup_folder(self.folder.text()))

    def _choose(self) -> None:
        dialog = QFileDialog(self, self.tr("Backup folder"), self.folder.text())
        dialog.setFileMode(QFileDialog.FileMode.Directory)
        dialog.setOption(QFileDialog.Option.ShowDirsOnly, True)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.fileSelected.connect(self.folder.setText)
        dialog.open()
