"""Step 5: what the new database holds at first: made-up people to look around with, or
nothing, or nothing yet and the group's own spreadsheets brought in by the import wizard as
soon as the window opens."""

from __future__ import annotations

from PySide6.QtWidgets import QButtonGroup, QRadioButton, QWidget
from typing_extensions import override

from ncdesk.core.services.first_setup import StartWith
from ncdesk.ui.first_run.step import WizardStep


class StartPage(WizardStep):
    def __init__(self, parent: QWidget | None = None):
        super().__init__(
            self.tr("How to start"),
            self.tr("What the database holds when the window opens."),
            parent,
        )
        self.empty = QRadioButton(self.tr("&Empty: start your group's own records"), self)
        self.spreadsheets = QRadioButton(
            self.tr("&Import: bring in your own spreadsheets now"), self
        )
        self.demo = QRadioButton(self.tr("&Demo data: about 150 made-up people to try"), self)
        self.empty.setChecked(True)
        group = QButtonGroup(self)
        for button in (self.empty, self.spreadsheets, self.demo):
            group.addButton(button)
        self.body.addWidget(self.empty)
        self.say(
            self.tr(
                "Your own people, sessions and loans start from nothing. Records kept in "
                "spreadsheets can be brought in later with File ▸ Import."
            )
        ).setIndent(24)
        self.body.addWidget(self.spreadsheets)
        self.say(
            self.tr(
                "The database starts empty and the import wizard opens with the window: "
                "choose a register, attendance sheet or timebank file (CSV or Excel), check "
                "how its columns are read and every problem, then import. People first, then "
                "their attendance, hours and loans."
            )
        ).setIndent(24)
        self.body.addWidget(self.demo)
        self.say(
            self.tr(
                "A year of made-up drop-ins, timebank hours and loans, for training and "
                "trying things out. They stay in this database: for real records later, "
                "start a new one. Making them takes a little while."
            )
        ).setIndent(24)
        self.body.addStretch(1)

    @override
    def initializePage(self) -> None:
        chosen = next(b for b in (self.empty, self.spreadsheets, self.demo) if b.isChecked())
        chosen.setFocus()

    def choice(self) -> StartWith:
        if self.demo.isChecked():
            return StartWith.DEMO
        return StartWith.IMPORT if self.spreadsheets.isChecked() else StartWith.EMPTY
