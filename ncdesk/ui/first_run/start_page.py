"""Step 5: what the new database holds at first: made-up people to look around with, or
nothing. (Spreadsheets are imported with `ncdesk import`; there is no import screen yet.)"""

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
        self.demo = QRadioButton(self.tr("&Demo data: about 150 made-up people to try"), self)
        self.empty.setChecked(True)
        group = QButtonGroup(self)
        group.addButton(self.empty)
        group.addButton(self.demo)
        self.body.addWidget(self.empty)
        self.say(
            self.tr(
                "Your own people, sessions and loans start from nothing. Records kept in "
                "spreadsheets can be brought in afterwards with <tt>ncdesk import</tt> "
                "(see docs/import.md)."
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
        (self.demo if self.demo.isChecked() else self.empty).setFocus()

    def choice(self) -> StartWith:
        return StartWith.DEMO if self.demo.isChecked() else StartWith.EMPTY
