"""The warning shown when someone being added looks like a person already registered.

Opening the existing record is the default, because a second record for the same person
splits their history and double-counts them in grant returns.
"""

from __future__ import annotations

import html

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from ncdesk.core.parsing import format_date
from ncdesk.core.services.people import Match, PersonRecord
from ncdesk.ui.common.qt_fixes import emit


class DuplicateDialog(QDialog):
    """Lists the look-alikes with the reasons; the user opens one or adds the new person."""

    open_existing = Signal(object)  # the PersonRecord chosen
    add_anyway = Signal()

    def __init__(self, matches: list[Match], new_name: str, parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle(self.tr("Already registered?"))
        self._matches = matches
        heading = QLabel(
            self.tr("<b>{name} may already be registered.</b>").format(name=html.escape(new_name)),
            self,
        )
        explain = QLabel(
            self.tr(
                "Check with them before adding a new record: two records for one person split "
                "their history and count them twice."
            ),
            self,
        )
        explain.setWordWrap(True)
        self.match_list = QListWidget(self)
        self.match_list.setAccessibleName(self.tr("Possible matches"))
        self.match_list.setWordWrap(True)
        for match in matches:
            item = QListWidgetItem(self._describe(match), self.match_list)
            item.setData(Qt.ItemDataRole.UserRole, match.person.id)
        self.match_list.setCurrentRow(0)
        list_label = QLabel(self.tr("&Possible matches:"), self)
        list_label.setBuddy(self.match_list)

        buttons = QDialogButtonBox(self)
        self.open_button = QPushButton(self.tr("&Open existing record"), self)
        self.add_button = QPushButton(self.tr("&Add anyway"), self)
        buttons.addButton(self.open_button, QDialogButtonBox.ButtonRole.AcceptRole)
        buttons.addButton(self.add_button, QDialogButtonBox.ButtonRole.DestructiveRole)
        buttons.addButton(QDialogButtonBox.StandardButton.Cancel)
        self.open_button.setDefault(True)
        self.open_button.clicked.connect(self._open)
        self.add_button.clicked.connect(self._add)
        buttons.rejected.connect(self.reject)
        self.match_list.itemActivated.connect(lambda _item: self._open())

        layout = QVBoxLayout(self)
        layout.addWidget(heading)
        layout.addWidget(explain)
        layout.addWidget(list_label)
        layout.addWidget(self.match_list, 1)
        layout.addWidget(buttons)
        self.resize(580, 280)

    def chosen(self) -> PersonRecord:
        return self._matches[max(0, self.match_list.currentRow())].person

    def _describe(self, match: Match) -> str:
        person = match.person
        facts = [f"{person.display_name} ({person.person_ref})"]
        if person.date_of_birth:
            facts.append(self.tr("born {date}").format(date=format_date(person.date_of_birth)))
        facts += [x for x in (person.postcode, person.phone) if x]
        if person.archived:
            facts.append(self.tr("archived"))
        reasons = ", ".join(match.reasons)
        return " · ".join(facts) + "\n    " + reasons[:1].upper() + reasons[1:]

    def _open(self) -> None:
        if self.result() == QDialog.DialogCode.Accepted:
            return  # Enter in the list both activates it and presses the default button
        self.accept()
        emit(self.open_existing, self.chosen())

    def _add(self) -> None:
        self.accept()
        emit(self.add_anyway)
