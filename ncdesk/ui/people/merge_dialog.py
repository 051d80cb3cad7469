"""Choosing the duplicate record to fold into the person on screen."""

from __future__ import annotations

import html

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QPushButton, QVBoxLayout, QWidget

from ncdesk.core.services.people import PersonRecord
from ncdesk.ui.common.desk_context import DeskContext
from ncdesk.ui.common.qt_fixes import emit
from ncdesk.ui.people.people_finder import PeopleFinder


class MergeDialog(QDialog):
    """Find the other record of `keep`; `chosen` carries the PersonSummary picked."""

    chosen = Signal(object)

    def __init__(self, ctx: DeskContext, keep: PersonRecord, parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle(self.tr("Merge with…"))
        self.keep = keep
        intro = QLabel(
            self.tr(
                "Find the other record of <b>{name} ({ref})</b>. Its history moves to "
                "{ref}, and it is archived."
            ).format(name=html.escape(keep.display_name), ref=keep.person_ref),
            self,
        )
        intro.setWordWrap(True)
        self.finder = PeopleFinder(ctx, exclude=lambda: {keep.id}, parent=self)
        self.finder.show_archived.setChecked(False)
        buttons = QDialogButtonBox(self)
        self.merge_button = QPushButton(self.tr("&Merge…"), self)
        buttons.addButton(self.merge_button, QDialogButtonBox.ButtonRole.AcceptRole)
        buttons.addButton(QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self._choose)
        buttons.rejected.connect(self.reject)
        self.finder.person_activated.connect(lambda _id: self._choose())

        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.finder, 1)
        layout.addWidget(buttons)
        self.resize(720, 460)
        self.finder.search.setText(keep.last_name or keep.known_as or keep.first_name)
        self.finder.refresh()
        self.finder.focus_search()

    def _choose(self) -> None:
        other = self.finder.current_person()
        if other is None or self.result() == QDialog.DialogCode.Accepted:
            return  # Enter in the list both activates it and presses the default button
        self.accept()
        emit(self.chosen, other)
