"""Likely matches, shown before someone new is saved when they look like someone already
registered: one dialog for the desk (where "This is them" checks that person in instead) and
the People screen (where it opens their record).

"This is them" is the default, because a second record for one person splits their history
and counts them twice in grant returns. "Someone new" (Alt+N) saves; Esc goes back to the
form with nothing saved.
"""

from __future__ import annotations

import html

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QLabel,
    QPushButton,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from ncdesk.core.contact import postcode_district
from ncdesk.core.parsing import format_date
from ncdesk.core.services.people import Match, PersonRecord
from ncdesk.ui.common.qt_fixes import emit
from ncdesk.ui.dropin.wording import LOCAL

COL_NAME, COL_REF, COL_AGE, COL_AREA, COL_SEEN, COL_WHY = range(6)


def said_plainly(reasons: tuple[str, ...]) -> str:
    """('same phone', 'one letter different') -> 'Same phone; one letter different'."""
    text = "; ".join(reasons)
    return text[:1].upper() + text[1:]


class LikelyMatchesDialog(QDialog):
    """The likely matches, best first (Up/Down to pick one). `this_is_them` carries the
    PersonRecord chosen; `someone_new` asks for the new person to be saved after all."""

    this_is_them = Signal(object)
    someone_new = Signal()

    def __init__(
        self,
        matches: list[Match],
        new_name: str,
        parent: QWidget | None = None,
        *,
        them_means: str = "",
    ):
        super().__init__(parent)
        self.setWindowTitle(self.tr("Already registered?"))
        self._matches = matches
        heading = QLabel(
            self.tr("<b>{name} may already be registered.</b>").format(name=html.escape(new_name)),
            self,
        )
        explain = QLabel(
            self.tr(
                "Ask them whether one of these is them before adding a new record: two records "
                "for one person split their history and count them twice."
            ),
            self,
        )
        explain.setWordWrap(True)

        self.match_list = QTreeWidget(self)
        self.match_list.setAccessibleName(self.tr("Likely matches"))
        self.match_list.setRootIsDecorated(False)
        self.match_list.setUniformRowHeights(True)
        self.match_list.setAlternatingRowColors(True)
        self.match_list.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.match_list.setHeaderLabels(
            [
                self.tr("Name"),
                self.tr("Reference"),
                self.tr("Born / age"),
                self.tr("Area"),
                self.tr("Last seen"),
                self.tr("Why they may be the same"),
            ]
        )
        items = [QTreeWidgetItem(self.match_list, self._row(match)) for match in matches]
        header = self.match_list.header()
        header.setStretchLastSection(True)
        for column in range(COL_WHY):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        if items:
            self.match_list.setCurrentItem(items[0])
        self.match_list.itemDoubleClicked.connect(lambda _item, _column: self._choose_them())
        list_label = QLabel(self.tr("&Likely matches, most likely first:"), self)
        list_label.setBuddy(self.match_list)
        hint = QLabel(them_means, self)
        hint.setWordWrap(True)
        hint.setVisible(bool(them_means))

        buttons = QDialogButtonBox(self)
        self.them_button = QPushButton(self.tr("This is &them"), self)
        self.them_button.setToolTip(self.tr("The highlighted person is the one in front of you"))
        self.new_button = QPushButton(self.tr("Someone &new"), self)
        self.new_button.setToolTip(self.tr("None of these: save the new person (Alt+N)"))
        self.back_button = QPushButton(self.tr("Back"), self)
        self.back_button.setToolTip(self.tr("Back to the form; nothing is saved (Esc)"))
        buttons.addButton(self.them_button, QDialogButtonBox.ButtonRole.AcceptRole)
        buttons.addButton(self.new_button, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.addButton(self.back_button, QDialogButtonBox.ButtonRole.RejectRole)
        self.them_button.setDefault(True)  # Enter, wherever the focus is in the dialog
        self.them_button.clicked.connect(self._choose_them)
        self.new_button.clicked.connect(self._choose_new)
        self.back_button.clicked.connect(self.reject)

        layout = QVBoxLayout(self)
        layout.addWidget(heading)
        layout.addWidget(explain)
        layout.addWidget(list_label)
        layout.addWidget(self.match_list, 1)
        layout.addWidget(hint)
        layout.addWidget(buttons)
        self.resize(820, 320)
        self.match_list.setFocus(Qt.FocusReason.OtherFocusReason)

    def chosen(self) -> PersonRecord:
        """The highlighted match (the first when nothing else was picked)."""
        item = self.match_list.currentItem()
        row = self.match_list.indexOfTopLevelItem(item) if item is not None else 0
        return self._matches[max(0, row)].person

    def shown_rows(self) -> list[list[str]]:
        """The cells as shown, row by row (tests and screenshots read them)."""
        rows = []
        for r in range(self.match_list.topLevelItemCount()):
            item = self.match_list.topLevelItem(r)
            assert item is not None  # r is in range
            rows.append([item.text(c) for c in range(COL_WHY + 1)])
        return rows

    def _row(self, match: Match) -> list[str]:
        person = match.person
        name = person.display_name
        if person.archived:
            name += " " + self.tr("(archived)")
        if person.date_of_birth:  # the year is enough to ask about; the date stays private
            age = self.tr("born {year}").format(year=person.date_of_birth.year)
        else:
            age = person.age_band or "—"
        seen = person.last_seen_at
        seen_text = format_date(seen.astimezone(LOCAL).date()) if seen else self.tr("never")
        return [
            name,
            person.person_ref,
            age,
            postcode_district(person.postcode) or "—",
            seen_text,
            said_plainly(match.reasons),
        ]

    def _choose_them(self) -> None:
        if self.result() == QDialog.DialogCode.Accepted:
            return  # a double click and Enter arrive together
        self.accept()
        emit(self.this_is_them, self.chosen())

    def _choose_new(self) -> None:
        self.accept()
        emit(self.someone_new)
