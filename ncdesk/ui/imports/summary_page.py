"""Step 5: what the import did, in counts, with any warnings and lists added to."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFormLayout, QLabel, QWidget, QWizardPage
from typing_extensions import override

from ncdesk.ui.imports.plan import ImportPlan
from ncdesk.ui.imports.words import tr


class SummaryPage(QWizardPage):
    def __init__(self, plan: ImportPlan, parent: QWidget | None = None):
        super().__init__(parent)
        self._plan = plan
        self.setTitle(tr("Imported"))
        self.setSubTitle(tr("The mapping is remembered for the next file with these columns."))
        self.counts = {key: QLabel(self) for key in ("rows", "created", "updated", "unchanged")}
        self.details = QLabel(self)
        self.details.setWordWrap(True)
        self.details.setTextFormat(Qt.TextFormat.PlainText)  # it quotes the file: never HTML
        self.details.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.details.setAccessibleName(tr("What the import did"))
        form = QFormLayout(self)
        form.addRow(tr("Rows read:"), self.counts["rows"])
        form.addRow(tr("Added:"), self.counts["created"])
        form.addRow(tr("Updated:"), self.counts["updated"])
        form.addRow(tr("Already up to date:"), self.counts["unchanged"])
        form.addRow(self.details)
        self.setFinalPage(True)

    @override
    def initializePage(self) -> None:
        summary = self._plan.summary
        if summary is None:
            return
        for key, label in self.counts.items():
            label.setText(f"{getattr(summary, key):,}")
        self.details.setText("\n".join(summary.lines()[1:]))  # the counts are shown above
