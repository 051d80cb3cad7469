"""Typing in a filled paper sign-in sheet after the session: tick the printed names that were
ticked, pick anyone else who came, type the names written on the blank rows, and the tally of
people who did not give a name. Everything is recorded in one go.

The printed names come from the same list, in the same order, as the sheet that was printed
for this session, so row numbers match: typing a row's number in the list jumps to it.
"""

from __future__ import annotations

import html
from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject, Qt, Signal
from PySide6.QtGui import QKeyEvent, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QGridLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)
from typing_extensions import override

from ncdesk.core.errors import NcdeskError, ValidationError
from ncdesk.core.services.activities import SessionInfo
from ncdesk.core.services.desk import PaperSheetResult, record_paper_sheet, regulars
from ncdesk.core.services.people import Match, find_similar
from ncdesk.core.services.people_search import PersonSummary
from ncdesk.core.services.person_fields import PersonDetails, read_person_details
from ncdesk.ui.common.desk_context import DeskContext
from ncdesk.ui.common.messages import confirm, show_error
from ncdesk.ui.common.qt_fixes import emit
from ncdesk.ui.common.tasks import DROPIN, PEOPLE
from ncdesk.ui.dropin.first_timer_form import split_typed_name
from ncdesk.ui.dropin.person_search import PersonSearch
from ncdesk.ui.dropin.wording import plain_problem, session_label

_ENTER = (Qt.Key.Key_Return, Qt.Key.Key_Enter)


def details_from_line(line: str) -> PersonDetails:
    first, last = split_typed_name(line)
    details, _problems = read_person_details({"first_name": first, "last_name": last})
    return details


class PaperSheetDialog(QDialog):
    """`recorded` carries a sentence saying what was recorded."""

    recorded = Signal(str)

    def __init__(
        self,
        ctx: DeskContext,
        session: SessionInfo,
        open_session: Callable[[], int],
        parent: QWidget | None = None,
    ):
        super().__init__(parent)
        self._ctx = ctx
        self._session = session
        self._open_session = open_session
        self._extra: dict[int, PersonSummary] = {}
        self._saving = False
        self.setWindowTitle(self.tr("Enter a paper sign-in sheet"))

        heading = QLabel(f"<b>{html.escape(session_label(session))}</b>", self)
        heading.setWordWrap(True)
        self.printed = QListWidget(self)
        self.printed.setAccessibleName(self.tr("Names printed on the sheet"))
        self.printed.installEventFilter(self)
        printed_label = QLabel(self.tr("&Ticked on the sheet (Space ticks; Enter too):"), self)
        printed_label.setBuddy(self.printed)

        self.others = PersonSearch(ctx, rows=3, collapse=True, parent=self)
        self.others.set_placeholder(self.tr("Someone not printed on the sheet: type their name"))
        self.others.search.setAccessibleName(self.tr("Also came"))
        self.others.person_chosen.connect(self._add_other)
        others_label = QLabel(self.tr("&Also came:"), self)
        others_label.setBuddy(self.others.search)
        self.others_list = QListWidget(self)
        self.others_list.setAccessibleName(self.tr("Also came, picked"))
        self.others_list.setMaximumHeight(self.fontMetrics().lineSpacing() * 4 + 12)
        picked_label = QLabel(self.tr("Picked (Delete takes one off):"), self)
        picked_label.setBuddy(self.others_list)
        remove = QShortcut(QKeySequence(Qt.Key.Key_Delete), self.others_list)
        remove.setContext(Qt.ShortcutContext.WidgetShortcut)
        remove.activated.connect(self._remove_other)

        self.new_names = QPlainTextEdit(self)
        self.new_names.setTabChangesFocus(True)
        self.new_names.setAccessibleName(self.tr("New names written on the sheet"))
        self.new_names.setPlaceholderText(self.tr("One name per line, as written"))
        self.new_names.setFixedHeight(self.new_names.fontMetrics().lineSpacing() * 4 + 14)
        new_label = QLabel(self.tr("&New names written on the blank rows:"), self)
        new_label.setBuddy(self.new_names)

        self.anonymous = QSpinBox(self)
        self.anonymous.setRange(0, 999)
        self.anonymous.setValue(session.anonymous_count)
        self.anonymous.setAccessibleName(self.tr("Came but did not give a name"))
        anonymous_label = QLabel(self.tr("Came but did not give a na&me:"), self)
        anonymous_label.setBuddy(self.anonymous)

        self.buttons = QDialogButtonBox(self)
        self.record_button = QPushButton(self.tr("&Record sheet"), self)
        self.record_button.setToolTip(self.tr("Record everything on the sheet (Ctrl+Enter)"))
        self.buttons.addButton(self.record_button, QDialogButtonBox.ButtonRole.AcceptRole)
        self.buttons.addButton(QDialogButtonBox.StandardButton.Cancel)
        for button in self.buttons.buttons():
            if isinstance(button, QPushButton):  # Enter ticks names; recording is deliberate
                button.setAutoDefault(False)
        self.record_button.clicked.connect(self.record)
        self.buttons.rejected.connect(self.reject)
        QShortcut(QKeySequence("Ctrl+Return"), self).activated.connect(self.record)

        grid = QGridLayout()
        grid.addWidget(printed_label, 0, 0)
        grid.addWidget(self.printed, 1, 0, 6, 1)
        grid.addWidget(others_label, 0, 1)
        grid.addWidget(self.others, 1, 1)
        grid.addWidget(picked_label, 2, 1)
        grid.addWidget(self.others_list, 3, 1)
        grid.addWidget(new_label, 4, 1)
        grid.addWidget(self.new_names, 5, 1)
        grid.setRowStretch(6, 1)
        grid.setColumnStretch(0, 1)
        grid.setColumnStretch(1, 1)
        bottom = QGridLayout()
        bottom.addWidget(anonymous_label, 0, 0)
        bottom.addWidget(self.anonymous, 0, 1)
        bottom.setColumnStretch(2, 1)
        layout = QVBoxLayout(self)
        layout.addWidget(heading)
        layout.addLayout(grid, 1)
        layout.addLayout(bottom)
        layout.addWidget(self.buttons)
        QWidget.setTabOrder(self.printed, self.others.search)
        QWidget.setTabOrder(self.others.search, self.others_list)
        QWidget.setTabOrder(self.others_list, self.new_names)
        QWidget.setTabOrder(self.new_names, self.anonymous)
        QWidget.setTabOrder(self.anonymous, self.record_button)
        self.resize(860, 560)

        db = ctx.db
        ctx.tasks.run_query(
            lambda: regulars(db, session.activity_id, session.date), self._show_regulars
        )

    # --- what tests and the screen use ------------------------------------------------------

    def ticked_ids(self) -> list[int]:
        ids = []
        for row in range(self.printed.count()):
            item = self.printed.item(row)
            if item.checkState() == Qt.CheckState.Checked:
                ids.append(int(item.data(Qt.ItemDataRole.UserRole)))
        return ids

    def record(self) -> None:
        if self._saving:
            return
        names = [line.strip() for line in self.new_names.toPlainText().splitlines()]
        new_people = [details_from_line(n) for n in names if n]
        person_ids = self.ticked_ids() + list(self._extra)
        anonymous = self.anonymous.value()
        db = self._ctx.db
        self._saving = True
        self.record_button.setEnabled(False)
        self._ctx.tasks.run_query(
            lambda: [(d, find_similar(db, d)) for d in new_people],
            lambda checked: self._checked_new(checked, person_ids, anonymous),
            self._failed,
        )

    # --- inside -----------------------------------------------------------------------------

    def _show_regulars(self, people: list[tuple[int, str, str]]) -> None:
        for n, (person_id, ref, name) in enumerate(people, 1):
            item = QListWidgetItem(f"{n}. {name} ({ref})", self.printed)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Unchecked)
            item.setData(Qt.ItemDataRole.UserRole, person_id)
        if people:
            self.printed.setCurrentRow(0)
        else:
            QListWidgetItem(
                self.tr("(No names were printed: nobody came twice lately.)"), self.printed
            )

    def _add_other(self, person: PersonSummary) -> None:
        self.others.clear()
        if person.id in self._extra or person.id in self.ticked_ids():
            return
        self._extra[person.id] = person
        item = QListWidgetItem(f"{person.name} ({person.person_ref})", self.others_list)
        item.setData(Qt.ItemDataRole.UserRole, person.id)

    def _remove_other(self) -> None:
        item = self.others_list.currentItem()
        if item is not None:
            self._extra.pop(int(item.data(Qt.ItemDataRole.UserRole)), None)
            self.others_list.takeItem(self.others_list.row(item))

    def _checked_new(
        self,
        checked: list[tuple[PersonDetails, list[Match]]],
        person_ids: list[int],
        anonymous: int,
    ) -> None:
        new_people = [d for d, _ in checked]
        doubtful = [(d, m) for d, m in checked if m]
        if not doubtful:
            self._save(person_ids, new_people, anonymous)
            return
        lines = []
        for details, matches in doubtful:
            name = " ".join(x for x in (details.first_name, details.last_name) if x)
            who = "; ".join(
                f"{m.person.display_name} ({m.person.person_ref}, {', '.join(m.reasons)})"
                for m in matches
            )
            lines.append(f"• {name} \N{EM DASH} {who}")

        confirmed: list[bool] = []

        def add_anyway() -> None:
            confirmed.append(True)
            self._save(person_ids, new_people, anonymous)

        def unless_confirmed(_result: int) -> None:
            if not confirmed:  # Cancel: back to the sheet to pick them under 'Also came'
                self._saving = False
                self.record_button.setEnabled(True)

        box = confirm(
            self,
            self.tr("Some new names may already be registered. Add them as new people anyway?"),
            self.tr("Add as new anyway"),
            add_anyway,
            details="\n".join(lines)
            + "\n\n"
            + self.tr(
                "If they are the same people, choose Cancel and pick them under 'Also came'."
            ),
        )
        box.finished.connect(unless_confirmed)
        self.duplicate_box = box

    def _save(self, person_ids: list[int], new_people: list[PersonDetails], anonymous: int) -> None:
        db, open_session = self._ctx.db, self._open_session
        self._ctx.tasks.run_operation(
            lambda: record_paper_sheet(db, open_session(), person_ids, new_people, anonymous),
            self._saved,
            self._failed,
            changes=(DROPIN, PEOPLE),
        )

    def _saved(self, result: PaperSheetResult) -> None:
        text = self.tr("Recorded the paper sheet: {count} checked in").format(
            count=result.checked_in
        )
        if result.already:
            text += self.tr(" ({already} were already checked in)").format(already=result.already)
        if result.new_people:
            text += self.tr(", new: {names}").format(names=", ".join(result.new_people))
        emit(self.recorded, text + ".")
        self.accept()

    def _failed(self, error: BaseException) -> None:
        self._saving = False
        self.record_button.setEnabled(True)
        if isinstance(error, ValidationError):
            error = NcdeskError(plain_problem(error))
        show_error(self, error)

    @override
    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        # Enter ticks (or unticks) the highlighted name, like Space.
        if watched is self.printed and event.type() == QEvent.Type.KeyPress:
            assert isinstance(event, QKeyEvent)
            item = self.printed.currentItem()
            if event.key() in _ENTER and item is not None:
                if item.flags() & Qt.ItemFlag.ItemIsUserCheckable:
                    checked = item.checkState() == Qt.CheckState.Checked
                    item.setCheckState(
                        Qt.CheckState.Unchecked if checked else Qt.CheckState.Checked
                    )
                return True
        return super().eventFilter(watched, event)
