"""Choosing the borrower from People by typing: matches follow each keystroke, Up/Down move
among them and Enter takes the highlighted person (then the cursor moves on), so a form is
filled without the mouse. A second Enter, once someone is chosen, confirms the form."""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QLineEdit, QListWidget, QListWidgetItem, QVBoxLayout, QWidget
from typing_extensions import override

from ncdesk.core.parsing import format_date
from ncdesk.core.services.people import search_people
from ncdesk.core.services.people_search import PersonSummary
from ncdesk.ui.common.desk_context import DeskContext
from ncdesk.ui.common.qt_fixes import emit

TYPING_PAUSE_MS = 120
MATCH_LIMIT = 20
VISIBLE_MATCHES = 4
_ENTER = {Qt.Key.Key_Return, Qt.Key.Key_Enter}


@dataclass(frozen=True)
class Borrower:
    id: int
    name: str
    person_ref: str


def describe(person: PersonSummary) -> str:
    """Enough to tell two people of the same name apart."""
    facts = [person.name, person.person_ref]
    if person.date_of_birth:
        facts.append(format_date(person.date_of_birth))
    facts += [x for x in (person.postcode, person.phone) if x]
    return " · ".join(facts)


class BorrowerField(QWidget):
    """A search field with the people found listed underneath."""

    chosen_changed = Signal()

    def __init__(self, ctx: DeskContext, parent: QWidget | None = None):
        super().__init__(parent)
        self._ctx = ctx
        self._chosen: Borrower | None = None
        self._asked = 0
        self._answered = 0
        self._take_when_ready = False
        self._setting = False
        self.edit = QLineEdit(self)
        self.edit.setPlaceholderText(self.tr("Type a name, reference or phone number"))
        self.edit.setClearButtonEnabled(True)
        self.edit.installEventFilter(self)
        self.matches = QListWidget(self)
        self.matches.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # Up/Down in the field move it
        self.matches.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.matches.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.matches.setAccessibleName(self.tr("People found"))
        self.matches.itemClicked.connect(lambda _item: self._take_current())
        self._fit()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(2)
        layout.addWidget(self.edit)
        layout.addWidget(self.matches)
        self.setFocusProxy(self.edit)
        self._pause = QTimer(self)
        self._pause.setSingleShot(True)
        self._pause.setInterval(TYPING_PAUSE_MS)
        self._pause.timeout.connect(self._search)
        self.edit.textEdited.connect(self._typed)

    # --- what forms use ---------------------------------------------------------------------

    def chosen(self) -> Borrower | None:
        return self._chosen

    def set_chosen(self, borrower: Borrower | None, *, fixed: bool = False) -> None:
        """Show `borrower` as chosen; `fixed` when it cannot be changed (a reservation's)."""
        self._chosen = borrower
        self._setting = True
        self.edit.setText(f"{borrower.name} ({borrower.person_ref})" if borrower else "")
        self._setting = False
        self.matches.clear()
        if fixed:
            self.edit.setReadOnly(True)
            self.edit.setClearButtonEnabled(False)
            self.matches.hide()
        emit(self.chosen_changed)

    def is_searching(self) -> bool:
        return self._pause.isActive() or self._answered != self._asked

    # --- inside -----------------------------------------------------------------------------

    @override
    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.edit and event.type() == QEvent.Type.KeyPress:
            assert isinstance(event, QKeyEvent)
            key = event.key()
            if key in (Qt.Key.Key_Up, Qt.Key.Key_Down) and self.matches.count():
                step = 1 if key == Qt.Key.Key_Down else -1
                row = max(0, min(self.matches.count() - 1, self.matches.currentRow() + step))
                self.matches.setCurrentRow(row)
                return True
            if key in _ENTER and self._chosen is None and self.edit.text().strip():
                if self.is_searching():
                    self._take_when_ready = True
                else:
                    self._take_current()
                return True  # Enter picks a person; the form is confirmed by the next Enter
        return super().eventFilter(watched, event)

    def _fit(self) -> None:
        rows = self.matches.fontMetrics().lineSpacing() + 6
        self.matches.setFixedHeight(rows * VISIBLE_MATCHES + 6)

    @override
    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.FontChange:
            self._fit()
        super().changeEvent(event)

    def _typed(self, _text: str) -> None:
        if self._setting:
            return
        if self._chosen is not None:
            self._chosen = None
            emit(self.chosen_changed)
        self._take_when_ready = False
        self._pause.start()

    def _search(self) -> None:
        self._asked += 1
        number, query, db = self._asked, self.edit.text().strip(), self._ctx.db
        if not query:
            self._answered = number
            self.matches.clear()
            return
        self._ctx.tasks.run_query(
            lambda: (number, search_people(db, query, limit=MATCH_LIMIT)), self._show
        )

    def _show(self, answer: tuple[int, list[PersonSummary]]) -> None:
        number, people = answer
        if number != self._asked:
            return  # an answer to something typed earlier
        self._answered = number
        self.matches.clear()
        for person in people:
            item = QListWidgetItem(describe(person), self.matches)
            item.setData(
                Qt.ItemDataRole.UserRole, Borrower(person.id, person.name, person.person_ref)
            )
        if people:
            self.matches.setCurrentRow(0)
        if self._take_when_ready:
            self._take_when_ready = False
            self._take_current()

    def _take_current(self) -> None:
        item = self.matches.currentItem()
        if item is None:
            return
        borrower, text = item.data(Qt.ItemDataRole.UserRole), item.text()
        self.set_chosen(borrower)
        self.matches.addItem(text)  # the chosen person stays in view
        self.matches.setCurrentRow(0)
        self.focusNextChild()  # on to the next field
