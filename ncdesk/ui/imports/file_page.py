"""Step 1: what the file holds, which file, and (for a workbook) which sheet and header row.

The file is read in the background as soon as it is named, so the step says at once what was
found (its encoding, its headers) or why it cannot be read.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QWidget,
    QWizardPage,
)
from typing_extensions import override

from ncdesk.core.io.import_preview import FilePreview, preview_file
from ncdesk.core.io.tabular import Source
from ncdesk.core.services.import_mappings import list_presets, remembered_mapping
from ncdesk.ui.common.desk_context import DeskContext
from ncdesk.ui.imports.plan import ImportPlan
from ncdesk.ui.imports.words import encoding_words, kind_labels, tr


class FilePage(QWizardPage):
    """Choose the kind of import and the file; the file is previewed as soon as it is named."""

    def __init__(self, ctx: DeskContext, plan: ImportPlan, parent: QWidget | None = None):
        super().__init__(parent)
        self._ctx, self._plan = ctx, plan
        self._asked = 0  # the newest preview asked for; older answers are dropped
        self._last_asked: tuple[str, Path, Source] | None = None
        self._reading = False
        self.setTitle(tr("Choose the file"))
        self.setSubTitle(
            tr("A CSV file (any common encoding) or an Excel workbook, with a row of headers.")
        )
        self.kind = QComboBox(self)
        for kind, label in kind_labels().items():
            self.kind.addItem(label, kind)
        self.path = QLineEdit(self)
        self.path.setPlaceholderText(tr("Type the file's path, or choose it"))
        self.path.setClearButtonEnabled(True)
        self.choose = QPushButton(tr("C&hoose…"), self)
        self.choose.setAutoDefault(False)
        self.sheet = QComboBox(self)
        self.header_row = QSpinBox(self)
        self.header_row.setRange(0, 1000)
        self.header_row.setSpecialValueText(tr("the first row with anything in it"))
        self.found = QLabel(self)
        self.found.setWordWrap(True)
        self.found.setTextFormat(Qt.TextFormat.PlainText)  # it quotes the file: never HTML
        self.found.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.found.setAccessibleName(tr("What was found in the file"))

        file_row = QHBoxLayout()
        file_row.addWidget(self.path, 1)
        file_row.addWidget(self.choose)
        form = QFormLayout(self)
        form.addRow(tr("&What it holds:"), self.kind)
        file_label = QLabel(tr("&File:"), self)
        file_label.setBuddy(self.path)
        form.addRow(file_label, file_row)
        self.sheet_label = QLabel(tr("&Sheet:"), self)
        self.sheet_label.setBuddy(self.sheet)
        form.addRow(self.sheet_label, self.sheet)
        self.header_label = QLabel(tr("Header &row:"), self)
        self.header_label.setBuddy(self.header_row)
        form.addRow(self.header_label, self.header_row)
        form.addRow(self.found)
        self._show_workbook_fields(False)

        self.kind.currentIndexChanged.connect(lambda _i: self.read_file())
        self.path.editingFinished.connect(self.read_file)
        self.path.textEdited.connect(lambda _t: self._forget())
        self.choose.clicked.connect(self.choose_file)
        self.sheet.activated.connect(lambda _i: self.read_file())
        self.header_row.editingFinished.connect(self.read_file)

    def choose_file(self) -> QFileDialog:
        dialog = QFileDialog(
            self,
            tr("Import which file?"),
            self.path.text(),
            tr("Spreadsheets (*.csv *.xlsx *.xlsm *.txt);;All files (*)"),
        )
        dialog.setFileMode(QFileDialog.FileMode.ExistingFile)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.fileSelected.connect(self._chosen)
        dialog.open()
        return dialog

    def read_file(self) -> None:
        """Preview the named file in the background (its headers, a few values, its sheets)."""
        text = self.path.text().strip()
        self._plan.kind = str(self.kind.currentData())
        if not text:
            self._forget()
            return
        path = Path(text).expanduser()
        sheet = self.sheet.currentText() if self.sheet.count() else None
        if self._plan.path != path:
            sheet = None
        source = Source(sheet, self.header_row.value() or None)
        asking = (self._plan.kind, path, source)
        if asking == self._last_asked and (self._plan.preview is not None or self._reading):
            return  # asked already: e.g. the header row losing focus as the step ends
        self._last_asked = asking
        self._forget()  # Next waits for this reading (Enter here must not go on with the last)
        self._asked += 1
        self._reading = True
        asked, kind, db = self._asked, self._plan.kind, self._ctx.db
        self.found.setText(tr("Reading the file…"))

        def load() -> tuple[FilePreview, object, object]:
            preview = preview_file(path, source)
            return preview, remembered_mapping(db, kind, preview.headers), list_presets(db, kind)

        self._ctx.tasks.run_query(
            load,
            lambda result: self._read(asked, path, source, result),
            lambda error: self._unreadable(asked, error),
        )

    @override
    def isComplete(self) -> bool:
        return self._plan.preview is not None

    @override
    def initializePage(self) -> None:
        self.kind.setFocus()

    # --- inside -----------------------------------------------------------------------------

    def _chosen(self, chosen: str) -> None:
        self.path.setText(chosen)
        self.read_file()

    def _forget(self) -> None:
        if self._plan.preview is not None:
            self._plan.preview = None
            self.completeChanged.emit()

    def _read(self, asked: int, path: Path, source: Source, result: tuple) -> None:  # type: ignore[type-arg]
        if asked != self._asked:
            return
        self._reading = False
        preview, remembered, presets = result
        plan = self._plan
        plan.path, plan.preview, plan.remembered, plan.presets = path, preview, remembered, presets
        plan.source = Source(preview.sheet if preview.sheets else None, source.header_row)
        plan.mapping = None  # worked out afresh on the next step
        self._show_workbook_fields(bool(preview.sheets))
        if preview.sheets:
            self.sheet.blockSignals(True)
            self.sheet.clear()
            self.sheet.addItems(preview.sheets)
            self.sheet.setCurrentText(preview.sheet or preview.sheets[0])
            self.sheet.blockSignals(False)
        lines = [encoding_words(preview.encoding)] if preview.encoding else []
        lines.append(
            tr("{count} columns, headers on row {row}: {headers}").format(
                count=len(preview.headers),
                row=preview.header_row,
                headers=", ".join(preview.headers),
            )
        )
        if remembered is not None:
            lines.append(tr("ncdesk remembers how files with these columns were read."))
        self.found.setText("\n".join(lines))
        self.completeChanged.emit()

    def _unreadable(self, asked: int, error: BaseException) -> None:
        if asked != self._asked:
            return
        self._reading = False
        self._last_asked = None  # reading the same file again may work (once it is saved)
        self._plan.preview = None
        self.found.setText(str(error) if str(error) else type(error).__name__)
        self.completeChanged.emit()

    def _show_workbook_fields(self, shown: bool) -> None:
        for widget in (self.sheet_label, self.sheet):
            widget.setVisible(shown)
        if not shown:
            self.sheet.clear()
