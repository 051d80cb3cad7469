"""Step 4: the import itself, in the background, all or nothing, with progress and Stop.

The rows are checked again as they are written (another desk may have changed something
since the check), in one transaction: stopping, or any problem, leaves the data as it was.
Once written, the mapping is remembered for the next file with these columns.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QPushButton, QVBoxLayout, QWidget, QWizardPage
from typing_extensions import override

from ncdesk.core.errors import NcdeskError
from ncdesk.core.io.importing import ImportCancelled, ImportRefused, ImportSummary
from ncdesk.core.io.imports import run_import
from ncdesk.core.services.import_mappings import remember_mapping
from ncdesk.ui.common.desk_context import DeskContext
from ncdesk.ui.common.messages import show_error
from ncdesk.ui.common.tasks import Cancelled, Progress, TaskHandle
from ncdesk.ui.imports.plan import ImportPlan
from ncdesk.ui.imports.progress_row import ProgressRow
from ncdesk.ui.imports.words import CHANGES, tr


class RunPage(QWizardPage):
    """Writes the checked file; moves on to the summary when done."""

    def __init__(self, ctx: DeskContext, plan: ImportPlan, parent: QWidget | None = None):
        super().__init__(parent)
        self._ctx, self._plan = ctx, plan
        self.handle: TaskHandle | None = None
        self.setTitle(tr("Importing"))
        self.setSubTitle(tr("All rows are written together, or none are."))
        self.status = QLabel(self)
        self.status.setWordWrap(True)
        self.status.setTextFormat(Qt.TextFormat.PlainText)  # it quotes the file: never HTML
        self.status.setAccessibleName(tr("Import progress"))
        self.progress = ProgressRow(tr("&Stop import"), self)
        self.again = QPushButton(tr("&Try again"), self)
        self.again.setAutoDefault(False)
        self.again.hide()
        layout = QVBoxLayout(self)
        layout.addWidget(self.status)
        layout.addWidget(self.progress)
        layout.addWidget(self.again)
        layout.addStretch(1)
        self.progress.stop.clicked.connect(self.stop)
        self.again.clicked.connect(self.start)

    @override
    def initializePage(self) -> None:
        self.start()

    def start(self) -> None:
        """Import the file (checking every row again as it is written)."""
        self.again.hide()
        plan = self._plan
        assert plan.path is not None and plan.mapping is not None and plan.preview is not None
        plan.summary = None
        self.status.setText(tr("Importing {file}…").format(file=plan.path.name))
        db, kind, path, how = self._ctx.db, plan.kind, plan.path, plan.how()
        headers, columns = list(plan.preview.headers), plan.mapping.as_saved()

        def work(progress: Progress, cancelled: Cancelled) -> ImportSummary:
            summary = run_import(db, kind, path, how=how, progress=progress, cancelled=cancelled)
            remember_mapping(db, kind, headers, columns)
            return summary

        self.progress.start()
        self.handle = self._ctx.tasks.run_long_task(
            work,
            self._imported,
            self._failed,
            on_progress=self.progress.show_step,
            changes=CHANGES.get(kind, ()),
        )
        self.progress.stop.setFocus()
        self.completeChanged.emit()

    @override
    def isComplete(self) -> bool:
        return self._plan.summary is not None

    def running(self) -> bool:
        return self.handle is not None

    def stop(self) -> None:
        if self.handle is not None:
            self.handle.cancel()
            self.status.setText(tr("Stopping; nothing will be written…"))

    # --- inside -----------------------------------------------------------------------------

    def _imported(self, summary: ImportSummary) -> None:
        self.handle = None
        self.progress.finish()
        self._plan.summary = summary
        self.completeChanged.emit()
        wizard = self.wizard()
        if wizard is not None and wizard.currentPage() is self:
            wizard.next()

    def _failed(self, error: BaseException) -> None:
        self.handle = None
        self.progress.finish()
        if isinstance(error, ImportCancelled):
            self.status.setText(tr("Stopped: nothing was written."))
        elif isinstance(error, ImportRefused):  # changed since the check (another desk)
            self.status.setText(
                tr("The file was refused; nothing was written:") + "\n" + "\n".join(error.lines())
            )
        elif isinstance(error, NcdeskError):
            self.status.setText(str(error))
        else:
            self.status.setText(tr("The import failed; nothing was written."))
            show_error(self, error)
        self.again.show()
        self.again.setFocus()
        self.completeChanged.emit()
