"""Asking where a file from the Admin area goes (the audit trail's CSV, the recovery key's
PDF, a backup): a save dialog opened window-modal, never with a nested event loop, with a
sensible name filled in, in Documents the first time."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QStandardPaths, Qt
from PySide6.QtWidgets import QFileDialog, QWidget


def documents() -> Path:
    found = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
    return Path(found) if found else Path.home()


def ask_where_to_save(
    parent: QWidget,
    title: str,
    suggested: Path,
    file_filter: str,
    on_chosen: Callable[[Path], None],
    *,
    ask_to_replace: bool = True,
) -> QFileDialog:
    """`on_chosen(path)` runs once the user picks a file (with the suggested suffix).
    `ask_to_replace=False` leaves asking about an existing file to the caller, who knows
    whether it may be replaced at all."""
    dialog = QFileDialog(parent, title, str(suggested), file_filter)
    dialog.setOption(QFileDialog.Option.DontConfirmOverwrite, not ask_to_replace)
    dialog.setAcceptMode(QFileDialog.AcceptMode.AcceptSave)
    dialog.setFileMode(QFileDialog.FileMode.AnyFile)
    dialog.setDefaultSuffix(suggested.suffix.lstrip("."))
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    dialog.fileSelected.connect(lambda selected: on_chosen(Path(selected)))
    dialog.open()
    return dialog
