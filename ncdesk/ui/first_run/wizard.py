"""The wizard itself: six steps, Back and Next, every one reachable from the keyboard
(Alt+N, Alt+B, Enter for Next, Esc to cancel). The pages only collect and check answers;
Finish hands them to `first_setup.set_up` on the background runner, shows its progress,
and on success hands the new database, signed in as the admin, to whoever opened the
wizard. A failure or Cancel while it works leaves no file and the wizard open."""

from __future__ import annotations

import sys
from functools import partial
from pathlib import Path

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QWidget, QWizard
from typing_extensions import override

from ncdesk.core.db import Database
from ncdesk.core.demo import DemoCancelled
from ncdesk.core.errors import NcdeskError, ValidationError
from ncdesk.core.services.first_setup import FirstSetup, SetUpCancelled, new_key, set_up
from ncdesk.ui.common.app_icon import app_icon
from ncdesk.ui.common.messages import show_error
from ncdesk.ui.common.qt_fixes import emit
from ncdesk.ui.common.tasks import Cancelled, Progress, TaskHandle, TaskRunner
from ncdesk.ui.first_run.admin_page import AdminPage
from ncdesk.ui.first_run.backup_page import BackupPage
from ncdesk.ui.first_run.encryption_page import EncryptionPage
from ncdesk.ui.first_run.organisation_page import OrganisationPage
from ncdesk.ui.first_run.start_page import StartPage
from ncdesk.ui.first_run.summary_page import SummaryPage


def _set_up(setup: FirstSetup, progress: Progress, cancelled: Cancelled) -> Database:
    return set_up(setup, progress=progress, cancelled=cancelled)


class FirstRunWizard(QWizard):
    """Asks how to set up the database at `database`; `made(db)` when it is ready."""

    made = Signal(object)  # the new Database, open, signed in as the first admin

    def __init__(
        self,
        database: Path,
        database_label: str,
        tasks: TaskRunner,
        parent: QWidget | None = None,
    ):
        super().__init__(parent)
        self.setWindowTitle(self.tr("Set up ncdesk"))
        if sys.platform != "darwin":
            self.setWizardStyle(QWizard.WizardStyle.ModernStyle)
        self.setPixmap(QWizard.WizardPixmap.LogoPixmap, app_icon().pixmap(48, 48))
        self.setOption(QWizard.WizardOption.NoBackButtonOnStartPage, True)
        self._database = database
        self._tasks = tasks
        self._work: TaskHandle | None = None
        self._finished = False
        self.organisation = OrganisationPage(database_label, self)
        self.admin = AdminPage(self)
        self.encryption = EncryptionPage(new_key(), database, tasks, self.organisation.name, self)
        self.backups = BackupPage(self)
        self.start = StartPage(self)
        self.summary = SummaryPage(self)
        for page in (
            self.organisation,
            self.admin,
            self.encryption,
            self.backups,
            self.start,
            self.summary,
        ):
            self.addPage(page)
        self.currentIdChanged.connect(self._entered)
        self.setMinimumSize(
            self.fontMetrics().averageCharWidth() * 100, self.fontMetrics().height() * 36
        )

    def answers(self) -> FirstSetup:
        """What Finish would make, from the pages as they are now."""
        return FirstSetup(
            database=self._database,
            organisation_name=self.organisation.name(),
            logo_path=self.organisation.logo_path.text().strip(),
            admin_login=self.admin.login.text().strip().lower(),
            admin_name=self.admin.full_name.text().strip(),
            admin_password=self.admin.password.text(),
            key=self.encryption.key,
            backup_folder=self.backups.folder.text().strip(),
            start_with=self.start.choice(),
        )

    def working(self) -> bool:
        return self._work is not None

    @override
    def validateCurrentPage(self) -> bool:
        if self.currentPage() is not self.summary:
            return super().validateCurrentPage()
        if self._finished:
            return True  # the database is made: let the wizard close
        if self._work is None:
            self._make()
        return False  # closes once the work is done (`_made`)

    @override
    def reject(self) -> None:
        """Cancel: before Finish, quit; while the database is being made, stop that (what
        was made is removed) and stay, so the answers can be changed or tried again."""
        if self._work is not None:
            self._work.cancel()
            self.summary.working(self.tr("Stopping…"))
            return
        self.encryption.remove_saved_keys()  # a key to a database that was never made
        super().reject()

    # --- inside -----------------------------------------------------------------------------

    def _entered(self, _page_id: int) -> None:
        if self.currentPage() is self.summary:
            self.summary.show_answers(self.answers())

    def _make(self) -> None:
        self._busy(True)
        self.summary.working(self.tr("Making the database…"))
        self._work = self._tasks.run_long_task(
            partial(_set_up, self.answers()),
            self._made,
            self._failed,
            on_progress=self._progress,
        )

    def _progress(self, step: str, done: int, total: int) -> None:
        if self._work is not None and not self._work.cancelled:
            self.summary.working(
                self.tr("Making demo data: {step}…").format(step=step), done, total
            )

    def _made(self, db: Database) -> None:
        if self.encryption.key is None:
            self.encryption.remove_saved_keys()  # the database was made plain
        self._work = None
        self._finished = True
        emit(self.made, db)
        self.accept()

    def _failed(self, error: BaseException) -> None:
        self._work = None
        self._busy(False)
        if isinstance(error, (DemoCancelled, SetUpCancelled)):
            self.summary.stopped(
                self.tr("Stopped: nothing was made. Finish tries again; Cancel quits.")
            )
            return
        self.summary.stopped(self.tr("Nothing was made. Back changes the answers."))
        if isinstance(error, ValidationError):
            # Something changed since its page (a USB stick pulled out): say what, without
            # the field names the core keys the problems by.
            error = NcdeskError(
                " ".join(f"{p.message[:1].upper()}{p.message[1:]}." for p in error.problems)
            )
        show_error(self, error)

    def _busy(self, busy: bool) -> None:
        for which in (QWizard.WizardButton.BackButton, QWizard.WizardButton.FinishButton):
            self.button(which).setEnabled(not busy)
