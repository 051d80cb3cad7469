"""Step 3: every row checked, in the background, before anything is written.

The check is the import itself run to the end and rolled back (a dry run), so it finds every
problem the import would, worded as the command line words them. Problems are listed by row
and column, and can be saved as a workbook to work through.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
    QWizard,
    QWizardPage,
)
from typing_extensions import override

from ncdesk.core.errors import FieldProblem, NcdeskError
from ncdesk.core.io.import_preview import write_problems
from ncdesk.core.io.importing import ImportCancelled, ImportRefused, ImportSummary
from ncdesk.core.io.imports import run_import
from ncdesk.ui.common.desk_context import DeskContext
from ncdesk.ui.common.messages import show_error
from ncdesk.ui.common.tasks import Cancelled, Progress, TaskHandle
from ncdesk.ui.imports.plan import ImportPlan
from ncdesk.ui.imports.progress_row import ProgressRow
from ncdesk.ui.imports.words import tr
from ncdesk.ui.loans.files import ask_save_path, xlsx_filter


class CheckPage(QWizardPage):
    """Checks the whole file as it will be imported and lists every problem."""

    def __init__(self, ctx: DeskContext, plan: ImportPlan, parent: QWidget | None = None):
        super().__init__(parent)
        self._ctx, self._plan = ctx, plan
        self._handle: TaskHandle | None = None
        self.setTitle(tr("Check every row"))
        self.setSubTitle(tr("Nothing is written until every row is right."))
        # Past this step there is no going back: the import runs, or is stopped and tried again.
        self.setCommitPage(True)
        self.setButtonText(QWizard.WizardButton.CommitButton, tr("&Import"))
        self.status = QLabel(self)
        self.status.setWordWrap(True)
        self.status.setTextFormat(Qt.TextFormat.PlainText)  # it quotes the file: never HTML
        self.status.setAccessibleName(tr("Result of the check"))
        self.progress = ProgressRow(tr("&Stop checking"), self)
        self.problems = QTableWidget(0, 4, self)
        self.problems.setHorizontalHeaderLabels(
            [tr("Row"), tr("Column"), tr("Value"), tr("Problem")]
        )
        self.problems.setAccessibleName(tr("Problems found"))
        self.problems.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.problems.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.problems.verticalHeader().hide()
        self.problems.horizontalHeader().setSectionResizeMode(3, QHeaderView.ResizeMode.Stretch)
        self.problems.setWordWrap(True)
        self.export = QPushButton(tr("&Export problems…"), self)
        self.again = QPushButton(tr("Check a&gain"), self)
        for button in (self.export, self.again):
            button.setAutoDefault(False)
        buttons = QHBoxLayout()
        buttons.addWidget(self.export)
        buttons.addWidget(self.again)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addWidget(self.status)
        layout.addWidget(self.progress)
        layout.addWidget(self.problems, 1)
        layout.addStretch(0)  # takes the table's room while there is no table
        layout.addLayout(buttons)
        self._layout = layout
        self.export.clicked.connect(self.ask_where_to_export)
        self.again.clicked.connect(self.check)
        self.progress.stop.clicked.connect(self._stop)

    @override
    def initializePage(self) -> None:
        self.check()

    @override
    def cleanupPage(self) -> None:
        self._stop()

    @override
    def isComplete(self) -> bool:
        return self._plan.checked is not None and self._handle is None

    def check(self) -> None:
        """Run the import as a dry run in the background, listing whatever it finds."""
        plan = self._plan
        assert plan.path is not None
        plan.checked, plan.problems = None, []
        self._show_problems([])
        self.export.setEnabled(False)
        self.again.setEnabled(False)
        self.status.setText(tr("Checking {file}…").format(file=plan.path.name))
        db, kind, path, how = self._ctx.db, plan.kind, plan.path, plan.how()

        def work(progress: Progress, cancelled: Cancelled) -> ImportSummary:
            return run_import(
                db, kind, path, dry_run=True, how=how, progress=progress, cancelled=cancelled
            )

        self.progress.start()
        # On the writer thread, as the import will be: the dry run is the import rolled back,
        # and the import that follows reuses the memory it had (a large file's rows).
        self._handle = self._ctx.tasks.run_long_task(
            work, self._checked, self._refused, on_progress=self.progress.show_step
        )
        self.completeChanged.emit()

    def ask_where_to_export(self) -> None:
        plan = self._plan
        assert plan.path is not None
        ask_save_path(
            self,
            tr("Save the problems as"),
            f"{plan.path.stem} - problems.xlsx",
            xlsx_filter(),
            self.export_problems,
        )

    def export_problems(self, target: Path) -> None:
        """Write the listed problems to a workbook, in the background."""
        plan = self._plan
        problems, name = list(plan.problems), plan.path.name if plan.path else ""
        self._ctx.tasks.run_query(
            lambda: write_problems(target, problems, name),
            lambda _r: self.status.setText(
                self.status.text() + "\n" + tr("Problems saved to {path}.").format(path=target)
            ),
            lambda error: show_error(self, error),
        )

    # --- inside -----------------------------------------------------------------------------

    def _checked(self, summary: ImportSummary) -> None:
        self._done()
        self._plan.checked = summary
        text = tr(
            "No problems found in {rows} rows: {added} {noun} will be added, {updated} "
            "updated, {unchanged} already up to date.\nPress Import to write them."
        ).format(
            rows=f"{summary.rows:,}",
            added=f"{summary.created:,}",
            noun=summary.noun,
            updated=f"{summary.updated:,}",
            unchanged=f"{summary.unchanged:,}",
        )
        if summary.warnings:
            text += "\n" + "\n".join(tr("Warning: {w}").format(w=w) for w in summary.warnings)
        self.status.setText(text)
        self.completeChanged.emit()

    def _refused(self, error: BaseException) -> None:
        self._done()
        if isinstance(error, ImportCancelled):
            self.status.setText(tr("Checking stopped. Press Check again to start over."))
        elif isinstance(error, ImportRefused):
            self._plan.problems = error.sorted()
            count = len(error.problems)
            found = (tr("1 problem found") if count == 1 else tr("{count} problems found")).format(
                count=f"{count:,}"
            )
            self.status.setText(
                found
                + tr(
                    ": nothing will be written. Fix them in your file (Export problems… lists "
                    "them in a workbook) and press Check again."
                )
            )
            self._show_problems(self._plan.problems)
            self.export.setEnabled(True)
        elif isinstance(error, NcdeskError):  # the file cannot be read now, say
            self.status.setText(str(error))
        else:  # a bug: apologise, with the details behind a button
            self.status.setText(tr("The file could not be checked."))
            show_error(self, error)
        self.completeChanged.emit()

    def _done(self) -> None:
        self._handle = None
        self.progress.finish()
        self.again.setEnabled(True)

    def _stop(self) -> None:
        if self._handle is not None:
            self._handle.cancel()

    def _show_problems(self, problems: list[FieldProblem]) -> None:
        self.problems.setRowCount(len(problems))
        for row, p in enumerate(problems):
            cells = (str(p.row or ""), p.field, p.value, p.message)
            for column, text in enumerate(cells):
                item = QTableWidgetItem(text)
                item.setToolTip(text)
                self.problems.setItem(row, column, item)
        self.problems.setVisible(bool(problems))
        self._layout.setStretch(3, 0 if problems else 1)
        if problems:
            self.problems.resizeColumnsToContents()
            self.problems.horizontalHeader().setSectionResizeMode(3, QHeaderView.ResizeMode.Stretch)
