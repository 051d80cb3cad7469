"""Saving files from the Reports area: where to save (a file dialog opened window-modal, with
a sensible name already filled in), and long work behind a progress box that can cancel it.

A file is written under a temporary name next to where it goes and renamed when complete, so
a cancelled or failed export never leaves half a file where the user expects the whole one.
"""

from __future__ import annotations

import contextlib
import os
import re
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QStandardPaths, Qt
from PySide6.QtWidgets import QFileDialog, QWidget

from ncdesk.core.errors import NcdeskError
from ncdesk.ui.common.progress import stop_if
from ncdesk.ui.common.tasks import Cancelled
from ncdesk.ui.reports.words import tr

FILTERS = {
    ".pdf": "PDF documents (*.pdf)",
    ".xlsx": "Excel workbooks (*.xlsx)",
}


class SaveFolder:
    """The folder the last file was saved in (Documents at first), shared by the area."""

    def __init__(self) -> None:
        documents = QStandardPaths.writableLocation(
            QStandardPaths.StandardLocation.DocumentsLocation
        )
        self.path = Path(documents) if documents else Path.home()

    def remember(self, file: Path) -> None:
        self.path = file.parent


def file_name(*parts: str) -> str:
    """A file name from words: characters Windows refuses become '-'."""
    text = " ".join(p.strip() for p in parts if p and p.strip())
    return re.sub(r'[\\/:*?"<>|]+', "-", text)


def ask_where_to_save(
    parent: QWidget,
    title: str,
    folder: SaveFolder,
    name: str,
    on_chosen: Callable[[Path], None],
) -> QFileDialog:
    """Open a save dialog for `name` (its suffix says the type) in the remembered folder;
    `on_chosen(path)` runs once the user picks a file."""
    suffix = Path(name).suffix.lower()
    dialog = QFileDialog(parent, title, str(folder.path / name), tr(FILTERS.get(suffix, "")))
    dialog.setAcceptMode(QFileDialog.AcceptMode.AcceptSave)
    dialog.setFileMode(QFileDialog.FileMode.AnyFile)
    dialog.setDefaultSuffix(suffix.lstrip("."))
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)

    def chosen(selected: str) -> None:
        path = Path(selected)
        folder.remember(path)
        on_chosen(path)

    dialog.fileSelected.connect(chosen)
    dialog.open()
    return dialog


def write_whole(path: Path, write: Callable[[Path], None], cancelled: Cancelled) -> None:
    """`write(temporary path)`, then move the finished file into place, unless cancelled."""
    partial = path.with_name(f".{path.name}.part")
    try:
        write(partial)
        stop_if(cancelled)
        try:
            os.replace(partial, path)
        except OSError as exc:
            raise NcdeskError(
                tr("Could not save {path}: {reason}").format(path=path, reason=exc.strerror)
            ) from exc
    finally:
        with contextlib.suppress(OSError):
            partial.unlink()
