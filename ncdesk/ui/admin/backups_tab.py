"""Admin ▸ Backups: where backups go (Change… saves it in the settings), every backup there
newest first with whether it checks out, Back up now, Back up to… a file of one's own, and
Restore… the highlighted one. Everything slow runs in the background; restoring hands the
reopened database up (`reopened`), as encrypting does, for a new window on it."""

from __future__ import annotations

from dataclasses import dataclass, replace
from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from ncdesk.core.db import Database
from ncdesk.core.io.auto_backup import BackupFile, list_backups
from ncdesk.core.services.settings import get_settings, save_settings
from ncdesk.ui.admin.backup_list import BackupList
from ncdesk.ui.admin.backup_to import BackUpTo
from ncdesk.ui.admin.restore_dialog import Restored, RestoreDialog
from ncdesk.ui.backups.making import Backed, back_up, folder_missing
from ncdesk.ui.common.desk_context import DeskContext
from ncdesk.ui.common.messages import show_error
from ncdesk.ui.common.qt_fixes import emit
from ncdesk.ui.common.tasks import BACKUPS, SETTINGS


@dataclass(frozen=True)
class Folder:
    path: Path
    there: bool
    backups: list[BackupFile]


def read_folder(db: Database) -> Folder:
    folder, backups = list_backups(db)
    return Folder(folder, folder.is_dir(), backups)


class BackupsTab(QWidget):
    reopened = Signal(object, str)  # the database opened again after a restore (or None)

    def __init__(self, ctx: DeskContext, parent: QWidget | None = None):
        super().__init__(parent)
        self._ctx = ctx
        self._loaded = False
        self._folder: Path | None = None
        intro = QLabel(
            self.tr(
                "ncdesk backs up the database when it closes and every few hours while it "
                "runs (Admin ▸ Settings), checking every copy as it is made. Keep the backup "
                "folder off this PC's own disk: a USB stick, or a network folder."
            ),
            self,
        )
        intro.setWordWrap(True)
        self.folder = QLabel(self)
        self.folder.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.folder.setAccessibleName(self.tr("Backup folder"))
        self.change_button = QPushButton(self.tr("C&hange…"), self)
        self.change_button.setToolTip(self.tr("Choose the folder backups go to"))
        self.change_button.clicked.connect(self.choose_folder)
        self.folder_note = QLabel(self)
        self.folder_note.setWordWrap(True)
        self.folder_note.hide()
        self.list = BackupList(ctx, self)
        self.list.selectionModel().currentRowChanged.connect(lambda *_: self._enable())
        heading = QLabel(self.tr("&Backups in the folder, newest first"), self)
        heading.setBuddy(self.list)

        self.now_button = QPushButton(self.tr("Back up &now"), self)
        self.now_button.clicked.connect(self.back_up_now)
        self.to_button = QPushButton(self.tr("Back up &to…"), self)
        self.to_button.setToolTip(self.tr("Make a backup in a file you choose"))
        self.backup_to = BackUpTo(ctx, self)
        self.backup_to.said.connect(self._say)
        self.to_button.clicked.connect(lambda: self.backup_to.ask())
        self.restore_button = QPushButton(self.tr("&Restore…"), self)
        self.restore_button.setToolTip(
            self.tr("Put the highlighted backup in place of the database in use")
        )
        self.restore_button.clicked.connect(self.restore)
        self.feedback = QLabel(self)
        self.feedback.setWordWrap(True)
        self.feedback.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.feedback.setAccessibleName(self.tr("What happened"))

        where = QHBoxLayout()
        where.addWidget(QLabel(self.tr("Backup folder:"), self))
        where.addWidget(self.folder, 1)
        where.addWidget(self.change_button)
        buttons = QHBoxLayout()
        buttons.addWidget(self.now_button)
        buttons.addWidget(self.to_button)
        buttons.addStretch(1)
        buttons.addWidget(self.restore_button)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(where)
        layout.addWidget(self.folder_note)
        layout.addWidget(heading)
        layout.addWidget(self.list, 1)
        layout.addWidget(self.feedback)
        layout.addLayout(buttons)
        QWidget.setTabOrder(self.change_button, self.list)
        QWidget.setTabOrder(self.list, self.now_button)
        QWidget.setTabOrder(self.now_button, self.to_button)
        QWidget.setTabOrder(self.to_button, self.restore_button)
        ctx.changes.changed.connect(self._data_changed)
        self._enable()

    def activate(self) -> None:
        if not self._loaded:
            self.refresh()
        self.list.setFocus(Qt.FocusReason.OtherFocusReason)

    def refresh(self) -> None:
        self._loaded = True
        db = self._ctx.db
        self._ctx.tasks.run_query(lambda: read_folder(db), self._show)

    def is_listed(self) -> bool:
        return self._folder is not None

    # --- user actions -----------------------------------------------------------------------

    def choose_folder(self) -> QFileDialog:
        dialog = QFileDialog(self, self.tr("Backup folder"), str(self._folder or ""))
        dialog.setFileMode(QFileDialog.FileMode.Directory)
        dialog.setOption(QFileDialog.Option.ShowDirsOnly, True)
        dialog.fileSelected.connect(lambda chosen: self.use_folder(Path(chosen)))
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()
        return dialog

    def use_folder(self, folder: Path) -> None:
        """Save `folder` as where backups go (read with the other settings, so nothing else
        changes), then list what is there."""
        db, chosen = self._ctx.db, str(folder)
        self._ctx.tasks.run_operation(
            lambda: save_settings(db, replace(get_settings(db), backup_folder=chosen)),
            lambda _s: self._say(
                self.tr("Backups go to {folder} from now on.").format(folder=chosen)
            ),
            lambda error: show_error(self, error),
            changes=(SETTINGS,),
        )

    def back_up_now(self) -> None:
        db = self._ctx.db
        self.now_button.setEnabled(False)
        self._say(self.tr("Backing up…"))
        self._ctx.tasks.run_query(lambda: back_up(db), self._made, self._not_made)

    def restore(self) -> RestoreDialog | None:
        backup = self.list.current()
        if backup is None:
            return None
        dialog = RestoreDialog(self._ctx, backup, self)
        dialog.succeeded.connect(self._restored)
        dialog.open()
        return dialog

    # --- inside -----------------------------------------------------------------------------

    def _show(self, folder: Folder) -> None:
        self._folder = folder.path
        self.folder.setText(str(folder.path))
        self.folder_note.setText(
            "\N{WARNING SIGN} "
            + self.tr(
                "The folder is not there (is the USB stick plugged in?): no backups can be "
                "made or listed until it is."
            )
        )
        self.folder_note.setVisible(not folder.there)
        self.list.show_backups(folder.backups)
        self._enable()

    def _made(self, backed: Backed) -> None:
        self.now_button.setEnabled(True)
        if backed.made is None:
            self._say("\N{WARNING SIGN} " + folder_missing(backed.missing or Path()))
            return
        self._say(self.tr("Backed up to {path}.").format(path=backed.made))
        self._ctx.changes.notify(BACKUPS)

    def _not_made(self, error: BaseException) -> None:
        self.now_button.setEnabled(True)
        self._say("")
        show_error(self, error)

    def _restored(self, restored: Restored) -> None:
        if restored.refused:
            note = self.tr("Nothing was restored: {reason}").format(reason=restored.refused)
        else:
            note = self.tr("The backup is restored.")
            if restored.kept is not None:
                note += " " + self.tr("The database as it was before is kept as {file}.").format(
                    file=restored.kept
                )
        emit(self.reopened, restored.db, note)

    def _say(self, text: str) -> None:
        self.feedback.setText(text)

    def _enable(self) -> None:
        self.restore_button.setEnabled(self.list.current() is not None)

    def _data_changed(self, area: str) -> None:
        if area in (BACKUPS, SETTINGS) and self._loaded:
            self.refresh()
