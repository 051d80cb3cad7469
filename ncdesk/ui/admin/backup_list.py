"""The backups in the backup folder as a list, newest first: when each was made, its size,
whether it is encrypted, and whether it checks out. Checking reads the whole file, so it runs
in the background one backup at a time ("Checking…", then "✓ Checks out" or "⚠ Damaged"),
and a file already checked is not checked again while it is unchanged."""

from __future__ import annotations

from dataclasses import dataclass
from functools import partial
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTableView, QWidget

from ncdesk.core.io.auto_backup import BackupFile, backup_checks_out
from ncdesk.core.parsing import format_date
from ncdesk.ui.common.desk_context import DeskContext
from ncdesk.ui.common.qt_fixes import emit
from ncdesk.ui.common.table_model import RIGHT, Column, RecordTableModel

COL_MADE, COL_SIZE, COL_ENCRYPTED, COL_CHECK = range(4)


@dataclass(frozen=True)
class Listed:
    """One row: the backup and its place in the folder's list (its id in the model)."""

    id: int
    backup: BackupFile


def file_size(size: int) -> str:
    """A size as people read it: 820 KB, 1.4 MB."""
    if size < 1024 * 1024:
        return f"{max(size // 1024, 1)} KB"
    return f"{size / (1024 * 1024):.1f} MB"


class BackupList(QTableView):
    def __init__(self, ctx: DeskContext, parent: QWidget | None = None):
        super().__init__(parent)
        self._ctx = ctx
        self._rows: list[Listed] = []
        self._checks: dict[tuple[Path, int, float], bool] = {}  # (file, size, made) → sound
        self._checking: Path | None = None
        self.rows_model: RecordTableModel[Listed] = RecordTableModel(
            [
                Column(
                    self.tr("Made"), lambda r: when_made(r.backup), sort_key=lambda r: r.backup.made
                ),
                Column(
                    self.tr("Size"),
                    lambda r: file_size(r.backup.size),
                    sort_key=lambda r: r.backup.size,
                    alignment=RIGHT,
                ),
                Column(
                    self.tr("Encrypted"),
                    lambda r: self.tr("Yes") if r.backup.encrypted else self.tr("No"),
                ),
                Column(self.tr("Checks out"), self._check_text),
            ],
            lambda _ids: [],
            lambda r: r.id,
            parent=self,
        )
        self.setModel(self.rows_model)
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.setTabKeyNavigation(False)
        self.setAlternatingRowColors(True)
        self.setSortingEnabled(True)
        self.horizontalHeader().setSortIndicator(-1, Qt.SortOrder.AscendingOrder)
        self.verticalHeader().hide()
        self.verticalHeader().setDefaultSectionSize(self.fontMetrics().lineSpacing() + 8)
        self.setAccessibleName(self.tr("Backups"))
        header = self.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(COL_CHECK, QHeaderView.ResizeMode.Stretch)

    def show_backups(self, backups: list[BackupFile]) -> None:
        """List these (newest first, as the core gives them), keep the highlighted one if it
        is still there, and check the ones not checked yet."""
        current = self.current()
        self._rows = [Listed(n, b) for n, b in enumerate(backups)]
        self.rows_model.set_ids([r.id for r in self._rows], self._rows)
        wanted = next(
            (r.id for r in self._rows if current and r.backup.path == current.path),
            0 if self._rows else None,
        )
        if wanted is not None:
            row = self.rows_model.row_of(wanted)
            self.setCurrentIndex(self.rows_model.index(row or 0, COL_MADE))
        self._check_next()

    def current(self) -> BackupFile | None:
        index = self.currentIndex()
        row = self.rows_model.record_at(index.row()) if index.isValid() else None
        return row.backup if row is not None else None

    def backups(self) -> list[BackupFile]:
        """What is listed, in the order shown."""
        model = self.rows_model
        return [r.backup for n in range(model.rowCount()) if (r := model.record_at(n))]

    def check_text(self, backup: BackupFile) -> str:
        return self._check_text(Listed(-1, backup))

    def all_checked(self) -> bool:
        return all(_key(r.backup) in self._checks for r in self._rows)

    # --- inside -----------------------------------------------------------------------------

    def _check_text(self, row: Listed) -> str:
        sound = self._checks.get(_key(row.backup))
        if sound is None:
            return self.tr("Checking…")
        return (
            "\N{CHECK MARK} " + self.tr("Checks out")
            if sound
            else "\N{WARNING SIGN} " + self.tr("Damaged")
        )

    def _check_next(self) -> None:
        if self._checking is not None:
            return  # one at a time; the one running asks for the next when it is done
        waiting = next((r.backup for r in self._rows if _key(r.backup) not in self._checks), None)
        if waiting is None:
            return
        db, path = self._ctx.db, waiting.path
        self._checking = path
        self._ctx.tasks.run_query(
            lambda: backup_checks_out(db, path),
            partial(self._checked, waiting),
            partial(self._check_failed, waiting),
        )

    def _checked(self, backup: BackupFile, sound: bool) -> None:
        self._checking = None
        self._checks[_key(backup)] = bool(sound)
        self._refresh_row(backup)
        self._check_next()

    def _check_failed(self, backup: BackupFile, _error: BaseException) -> None:
        self._checked(backup, False)  # a file that cannot even be read does not check out

    def _refresh_row(self, backup: BackupFile) -> None:
        for row in self._rows:
            if row.backup.path == backup.path:
                position = self.rows_model.row_of(row.id)
                if position is not None:
                    index = self.rows_model.index(position, COL_CHECK)
                    emit(self.rows_model.dataChanged, index, index)


def _key(backup: BackupFile) -> tuple[Path, int, float]:
    return (backup.path, backup.size, backup.made.timestamp())


def when_made(backup: BackupFile) -> str:
    """When a backup was made, as people in the UK write it."""
    return f"{format_date(backup.made.date())} {backup.made:%H:%M}"
