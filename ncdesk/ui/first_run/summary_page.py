"""Step 6: what Finish will make, in words, and then how far the making has got (demo
people take a little while; Cancel stops them and nothing is kept)."""

from __future__ import annotations

from html import escape

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QProgressBar, QWidget

from ncdesk.core.services.first_setup import FirstSetup, StartWith, default_backup_folder
from ncdesk.ui.first_run.step import WizardStep


class SummaryPage(WizardStep):
    def __init__(self, parent: QWidget | None = None):
        super().__init__(
            self.tr("Ready to set up"),
            self.tr("Check the answers; Back changes any of them. Finish makes the database."),
            parent,
        )
        self.summary = QLabel(self)
        self.summary.setTextFormat(Qt.TextFormat.RichText)
        self.summary.setWordWrap(True)
        self.summary.setAccessibleName(self.tr("Summary"))
        self.body.addWidget(self.summary)
        self.body.addStretch(1)
        self.status = QLabel(self)
        self.status.setWordWrap(True)
        self.progress = QProgressBar(self)
        self.progress.setTextVisible(False)
        self.progress.hide()
        self.body.addWidget(self.status)
        self.body.addWidget(self.progress)

    def show_answers(self, setup: FirstSetup) -> None:
        if setup.encrypted:
            encryption = self.tr("Encrypted; you have kept the recovery key")
        else:
            encryption = self.tr("<b>Not encrypted</b>")
        folder = setup.backup_folder.strip() or str(default_backup_folder())
        start = {
            StartWith.DEMO: self.tr("Demo data: about 150 made-up people"),
            StartWith.IMPORT: self.tr("Empty, then the import wizard for your spreadsheets"),
        }.get(setup.start_with, self.tr("Empty"))
        admin = escape(setup.admin_login.strip().lower())
        if setup.admin_name.strip():
            admin += f" ({escape(setup.admin_name.strip())})"
        rows = [
            (self.tr("Organisation"), escape(setup.organisation_name.strip())),
            (self.tr("Logo"), escape(setup.logo_path.strip()) or self.tr("none")),
            (self.tr("First admin"), admin),
            (self.tr("Database"), escape(str(setup.database))),
            (self.tr("Encryption"), encryption),
            (self.tr("Backups to"), escape(folder)),
            (self.tr("Start with"), start),
        ]
        self.summary.setText(
            "<table cellspacing='6'>"
            + "".join(f"<tr><td><b>{k}:</b></td><td>{v}</td></tr>" for k, v in rows)
            + "</table>"
        )
        self.status.clear()

    def working(self, text: str, done: int = 0, total: int = 0) -> None:
        self.status.setText(text)
        self.progress.setMaximum(total)
        self.progress.setValue(done)
        self.progress.show()

    def stopped(self, text: str) -> None:
        self.status.setText(text)
        self.progress.hide()
