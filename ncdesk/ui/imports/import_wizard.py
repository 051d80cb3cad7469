"""File ▸ Import…: a charity's own spreadsheet into ncdesk, in five steps (DESIGN §5).

Choose the file, match its columns (guessed, or as remembered for files of this shape),
check every row, import all or nothing in the background, and read what was done. The steps
share an `ImportPlan`; every read and write goes through the services on the one runner.
"""

from __future__ import annotations

from PySide6.QtWidgets import QWidget, QWizard
from typing_extensions import override

from ncdesk.ui.common.desk_context import DeskContext
from ncdesk.ui.imports.check_page import CheckPage
from ncdesk.ui.imports.file_page import FilePage
from ncdesk.ui.imports.mapping_page import MappingPage
from ncdesk.ui.imports.plan import ImportPlan
from ncdesk.ui.imports.run_page import RunPage
from ncdesk.ui.imports.summary_page import SummaryPage
from ncdesk.ui.imports.words import tr

FILE, MAPPING, CHECK, RUN, SUMMARY = range(5)


class ImportWizard(QWizard):
    """The import, step by step; closing it while it writes stops the import first."""

    def __init__(self, ctx: DeskContext, parent: QWidget | None = None):
        super().__init__(parent)
        self.plan = ImportPlan()
        self.setWindowTitle(tr("Import a file"))
        self.setWizardStyle(QWizard.WizardStyle.ClassicStyle)
        self.setOption(QWizard.WizardOption.NoBackButtonOnLastPage, True)
        self.setOption(QWizard.WizardOption.NoCancelButtonOnLastPage, True)
        self.file_page = FilePage(ctx, self.plan, self)
        self.mapping_page = MappingPage(ctx, self.plan, self)
        self.check_page = CheckPage(ctx, self.plan, self)
        self.run_page = RunPage(ctx, self.plan, self)
        self.summary_page = SummaryPage(self.plan, self)
        for page_id, page in (
            (FILE, self.file_page),
            (MAPPING, self.mapping_page),
            (CHECK, self.check_page),
            (RUN, self.run_page),
            (SUMMARY, self.summary_page),
        ):
            self.setPage(page_id, page)
        self.resize(860, 620)

    @override
    def reject(self) -> None:
        if self.run_page.running():  # stop first; the page says when nothing was written
            self.run_page.stop()
            return
        self.check_page.cleanupPage()
        super().reject()
