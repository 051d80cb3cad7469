"""Saving paperwork and lists: ask where (window-modal, with a sensible name), write in the
background, then say where it went with a link that opens it."""

from __future__ import annotations

import html
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from PySide6.QtCore import QStandardPaths, Qt, QUrl
from PySide6.QtWidgets import QFileDialog, QWidget

from ncdesk.core.io.xlsx_export import write_table
from ncdesk.ui.common.desk_context import DeskContext
from ncdesk.ui.common.messages import show_error
from ncdesk.ui.common.table_model import Column
from ncdesk.ui.loans.words import tr


def pdf_filter() -> str:
    return tr("PDF files (*.pdf)")


def xlsx_filter() -> str:
    return tr("Excel workbooks (*.xlsx)")


def ask_save_path(
    parent: QWidget,
    caption: str,
    suggested_name: str,
    file_filter: str,
    on_chosen: Callable[[Path], None],
) -> QFileDialog:
    """Ask where to save, in the Documents folder by default; `on_chosen(path)` runs after."""
    folder = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
    dialog = QFileDialog(parent, caption, str(Path(folder) / suggested_name), file_filter)
    dialog.setAcceptMode(QFileDialog.AcceptMode.AcceptSave)
    dialog.setFileMode(QFileDialog.FileMode.AnyFile)
    dialog.setDefaultSuffix(Path(suggested_name).suffix.lstrip("."))
    dialog.selectFile(suggested_name)
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    dialog.fileSelected.connect(lambda chosen: on_chosen(Path(chosen)))
    dialog.open()
    return dialog


def saved_message(what: str, path: Path) -> str:
    """'Agreement saved to …. Open it' as rich text, the link opening the file."""
    link = QUrl.fromLocalFile(str(path)).toString()
    return '{what} <a href="{link}">{open}</a>'.format(
        what=html.escape(what.format(path=path)),
        link=html.escape(link, quote=True),
        open=html.escape(tr("Open it")),
    )


def write_in_background(
    ctx: DeskContext,
    parent: QWidget,
    path: Path,
    write: Callable[[Path], Any],
    on_written: Callable[[Path], None],
) -> None:
    """Run `write(path)` off the GUI thread (PDFs of many pages take a moment)."""

    def failed(error: BaseException) -> None:
        show_error(parent, error)

    ctx.tasks.run_query(lambda: write(path), lambda _result: on_written(path), failed)


def table_rows(columns: Sequence[Column[Any]], rows: Sequence[Any]) -> list[list[str]]:
    """What a list shows, as text, for a spreadsheet."""
    return [[column.value(row) for column in columns] for row in rows]


def export_rows(
    ctx: DeskContext,
    parent: QWidget,
    path: Path,
    title: str,
    columns: Sequence[Column[Any]],
    rows: Callable[[], Sequence[Any]],
    on_written: Callable[[Path], None],
) -> None:
    """Write a list to an XLSX workbook in the background; `rows()` runs there too, so a long
    list (every loan) is read and written off the GUI thread."""
    headers = [column.header for column in columns]

    def write(target: Path) -> None:
        write_table(target, title, headers, table_rows(columns, rows()))

    write_in_background(ctx, parent, path, write, on_written)
