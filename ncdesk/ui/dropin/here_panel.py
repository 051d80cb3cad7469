"""The right-hand side of the Today screen: who is here (latest first), how many, the +/−
counter for people who did not give a name, and the buttons for help and signposting."""

from __future__ import annotations

import html

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from ncdesk.core.services.desk import Attendee
from ncdesk.ui.common.qt_fixes import emit
from ncdesk.ui.dropin.here_list import COL_HELP, COL_NAME, here_model
from ncdesk.ui.dropin.wording import here_summary

MINUS = "\N{MINUS SIGN}"


class HerePanel(QWidget):
    help_asked = Signal()
    take_back_asked = Signal()
    undo_asked = Signal()
    anonymous_changed = Signal(int)  # +1 or -1

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self._attendees: list[Attendee] = []
        self.model = here_model(lambda _ids: [], parent=self)
        self.view = QTableView(self)
        self.view.setModel(self.model)
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.view.setTabKeyNavigation(False)
        self.view.setAlternatingRowColors(True)
        self.view.setWordWrap(False)
        self.view.verticalHeader().hide()
        self.view.setAccessibleName(self.tr("Who is here"))
        self.view.verticalHeader().setDefaultSectionSize(self.fontMetrics().lineSpacing() + 8)
        header = self.view.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(COL_HELP, QHeaderView.ResizeMode.Stretch)
        self.view.activated.connect(lambda _index: emit(self.help_asked))
        here_label = QLabel(self.tr("&Who is here"), self)
        here_label.setBuddy(self.view)
        self.count = QLabel(self)
        self.count.setTextFormat(Qt.TextFormat.RichText)
        self.count.setAccessibleName(self.tr("How many are here"))

        self.anonymous = QLabel("0", self)
        self.anonymous.setAccessibleName(self.tr("People here without a name"))
        self.anonymous.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.anonymous.setMinimumWidth(self.fontMetrics().horizontalAdvance("0000") + 8)
        self.fewer_button = QPushButton(MINUS, self)
        self.fewer_button.setAccessibleName(self.tr("One fewer without a name"))
        self.fewer_button.setToolTip(
            self.tr("One fewer without a name (Alt+{minus})").format(minus=MINUS)
        )
        self.fewer_button.clicked.connect(lambda: emit(self.anonymous_changed, -1))
        self.more_button = QPushButton("+", self)
        self.more_button.setAccessibleName(self.tr("One more without a name"))
        self.more_button.setToolTip(self.tr("One more without a name (Alt++)"))
        self.more_button.clicked.connect(lambda: emit(self.anonymous_changed, 1))
        for button in (self.fewer_button, self.more_button):
            button.setFixedWidth(button.fontMetrics().horizontalAdvance("+") + 36)
        anonymous_row = QHBoxLayout()
        anonymous_row.addWidget(QLabel(self.tr("Came but did not give a name:"), self))
        anonymous_row.addWidget(self.fewer_button)
        anonymous_row.addWidget(self.anonymous)
        anonymous_row.addWidget(self.more_button)
        anonymous_row.addWidget(QLabel(self.tr("(Alt+{minus} / Alt++)").format(minus=MINUS), self))
        anonymous_row.addStretch(1)

        self.help_button = QPushButton(self.tr("Help and s&ignposting…"), self)
        self.help_button.setToolTip(
            self.tr("Note help given and where the highlighted person was signposted (Ctrl+H)")
        )
        self.help_button.clicked.connect(lambda: emit(self.help_asked))
        self.take_back_button = QPushButton(self.tr("Take back check-in…"), self)
        self.take_back_button.setToolTip(
            self.tr("Remove the highlighted person's check-in (Delete in the list)")
        )
        self.take_back_button.clicked.connect(lambda: emit(self.take_back_asked))
        buttons = QHBoxLayout()
        buttons.addWidget(self.help_button)
        buttons.addWidget(self.take_back_button)
        buttons.addStretch(1)
        top = QHBoxLayout()
        top.addWidget(here_label)
        top.addStretch(1)
        top.addWidget(self.count)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 0, 0, 0)
        layout.addLayout(top)
        layout.addLayout(anonymous_row)
        layout.addWidget(self.view, 1)
        layout.addLayout(buttons)
        QWidget.setTabOrder(self.fewer_button, self.more_button)
        QWidget.setTabOrder(self.more_button, self.view)
        QWidget.setTabOrder(self.view, self.help_button)
        QWidget.setTabOrder(self.help_button, self.take_back_button)
        for keys, signal in (
            (QKeySequence.StandardKey.Undo, self.undo_asked),
            (QKeySequence(Qt.Key.Key_Delete), self.take_back_asked),
        ):
            shortcut = QShortcut(keys, self.view)
            shortcut.setContext(Qt.ShortcutContext.WidgetShortcut)
            shortcut.activated.connect(lambda signal=signal: emit(signal))
        self.show_counts(0)

    def add_below_list(self, widget: QWidget) -> None:
        """A line about the highlighted person, between the list and its buttons."""
        layout = self.layout()
        assert isinstance(layout, QVBoxLayout)
        layout.insertWidget(layout.indexOf(self.view) + 1, widget)

    def show_attendees(self, attendees: list[Attendee], select: int | None = None) -> None:
        """Show the list, keeping the highlighted person (or highlighting `select`)."""
        current = self.selected()
        keep = select or (current.attendance_id if current else None)
        self._attendees = attendees
        self.model.set_ids([a.attendance_id for a in attendees], attendees)
        row = self.model.row_of(keep) if keep is not None else None
        if row is not None:
            self.view.setCurrentIndex(self.model.index(row, COL_NAME))

    def show_counts(self, anonymous: int) -> None:
        self.anonymous.setText(str(anonymous))
        summary = html.escape(here_summary(len(self._attendees), anonymous))
        self.count.setText(f"<b>{summary}</b>")

    def selected(self) -> Attendee | None:
        index = self.view.currentIndex()
        return self.model.record_at(index.row()) if index.isValid() else None

    def highlight_person(self, person_id: int) -> None:
        for row, a in enumerate(self._attendees):
            if a.person_id == person_id:
                self.view.setCurrentIndex(self.model.index(row, COL_NAME))
                return

    def set_counting_allowed(self, allowed: bool) -> None:
        self.fewer_button.setEnabled(allowed)
        self.more_button.setEnabled(allowed)

    def names(self) -> list[str]:
        return [a.name for a in self._attendees]
