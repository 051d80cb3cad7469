"""A search field with its matches below, for picking a person with the keyboard: the desk's
check-in field, the volunteer picker and the paper-sheet entry all use it.

Matches follow every keystroke with no pause: one search runs at a time, and when it comes
back the newest text is searched next, so fast typing never queues up stale searches. Up/Down
move through the matches without leaving the field, Enter picks the highlighted one (if the
results for what was typed are not in yet, as soon as they are), Esc clears the field.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import datetime
from functools import partial

from PySide6.QtCore import QEvent, QObject, Qt, Signal
from PySide6.QtGui import QKeyEvent, QKeySequence
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QHeaderView,
    QLineEdit,
    QTableView,
    QVBoxLayout,
    QWidget,
)
from typing_extensions import override

from ncdesk.core.parsing import age_on, today
from ncdesk.core.services.bookings import BOOKED
from ncdesk.core.services.people import search_people
from ncdesk.core.services.people_search import PersonSummary
from ncdesk.core.services.person_view import sees_everything
from ncdesk.ui.common.desk_context import DeskContext
from ncdesk.ui.common.messages import show_error
from ncdesk.ui.common.qt_fixes import emit
from ncdesk.ui.common.table_model import RIGHT, Column, RecordTableModel
from ncdesk.ui.dropin.desk_order import desk_order
from ncdesk.ui.dropin.wording import local_time

SEARCH_LIMIT = 12
NEW_ROW = 0  # the id of the 'Add … as new' row; people's ids start at 1
COL_NAME, COL_REF, COL_AGE, COL_POSTCODE, COL_HERE = range(5)
_MOVE_KEYS = {Qt.Key.Key_Up, Qt.Key.Key_Down, Qt.Key.Key_PageUp, Qt.Key.Key_PageDown}
_ENTER_KEYS = {Qt.Key.Key_Return, Qt.Key.Key_Enter}

# Who is already here: person id -> when they were checked in (None while it is being saved).
HereMap = Mapping[int, datetime | None]


@dataclass(frozen=True)
class Choice:
    """One row of the matches: a person, or the offer to add what was typed as someone new."""

    id: int
    person: PersonSummary | None
    here: bool = False
    here_at: datetime | None = None
    typed: str = ""


class PersonSearch(QWidget):
    """The field and its matches. Emits `person_chosen` or `new_person_asked`; the owner
    decides what that means and calls `clear()` when done."""

    person_chosen = Signal(object)  # PersonSummary
    new_person_asked = Signal(str)  # the text typed
    undo_asked = Signal()  # Ctrl+Z in the field (the desk undoes the last check-in)
    results_shown = Signal()

    def __init__(
        self,
        ctx: DeskContext,
        *,
        offer_new: bool = False,
        here: Callable[[], HereMap] | None = None,
        take_undo: bool = False,
        collapse: bool = False,
        rows: int = 8,
        prefer: Callable[[], Mapping[int, int]] | None = None,
        parent: QWidget | None = None,
    ):
        super().__init__(parent)
        self._ctx = ctx
        self._prefer = prefer  # who the owner expects (the desk: likely at this session)
        self._offer_new = offer_new
        self._here = here
        self._take_undo = take_undo
        self._rows = rows
        self._collapse = collapse  # hide the matches while nothing is typed
        self._in_flight: str | None = None  # the query being searched now
        self._shown_query = ""  # the query whose matches are on screen
        self._found: list[PersonSummary] = []
        self._choose_when_ready = False
        self._moved_to: int | None = None  # the row picked with the arrows, kept across answers

        self.search = QLineEdit(self)
        self.search.setClearButtonEnabled(True)
        self.search.installEventFilter(self)
        self.model: RecordTableModel[Choice] = RecordTableModel(
            self._columns(), lambda _ids: [], lambda c: c.id, parent=self
        )
        self.view = QTableView(self)
        self.view.setModel(self.model)
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.view.setTabKeyNavigation(False)
        self.view.setFocusPolicy(Qt.FocusPolicy.ClickFocus)  # the keyboard stays in the field
        self.view.setWordWrap(False)
        self.view.verticalHeader().hide()
        self.view.verticalHeader().setMinimumSectionSize(1)
        header = self.view.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(COL_NAME, QHeaderView.ResizeMode.Stretch)
        header.setHighlightSections(False)
        self.view.setColumnHidden(COL_HERE, here is None)
        # A volunteer is not shown dates of birth, so there is no age to show (DESIGN §9).
        self.view.setColumnHidden(COL_AGE, not sees_everything(ctx.db))
        self.view.activated.connect(lambda _index: self.choose())
        self.view.clicked.connect(lambda _index: self.choose())
        self._fit_rows()

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.search)
        layout.addWidget(self.view, 1)
        self.search.textChanged.connect(self._typed)
        self.view.setHidden(collapse)

    # --- what owners use --------------------------------------------------------------------

    def text(self) -> str:
        return self.search.text().strip()

    def clear(self) -> None:
        self.search.clear()

    def focus(self) -> None:
        self.search.setFocus(Qt.FocusReason.OtherFocusReason)
        self.search.selectAll()

    def is_searching(self) -> bool:
        return self._in_flight is not None or self._shown_query != self.text()

    def current(self) -> Choice | None:
        index = self.view.currentIndex()
        return self.model.record_at(index.row()) if index.isValid() else None

    def shown(self) -> list[Choice]:
        return [c for row in range(self.model.rowCount()) if (c := self.model.record_at(row))]

    def shown_names(self) -> list[str]:
        """The people listed, in order (without the 'add as new' row)."""
        return [c.person.name for c in self.shown() if c.person]

    def top_person(self) -> PersonSummary | None:
        shown = self.shown()
        return shown[0].person if shown else None

    def choose(self) -> None:
        """Pick the highlighted row (Enter), or the top one once the matches are in."""
        if not self.text():
            return
        if self.is_searching():
            self._choose_when_ready = True
            return
        choice = self.current()
        if choice is None:
            return
        if choice.person is None:
            emit(self.new_person_asked, self.text())
        else:
            emit(self.person_chosen, choice.person)

    def cancel_choice(self) -> bool:
        """Forget an Enter still waiting for its matches; True if there was one."""
        waiting, self._choose_when_ready = self._choose_when_ready, False
        return waiting

    def ask_new(self) -> None:
        """Ctrl+N: add what is typed as a new person, whatever the matches."""
        if self._offer_new:
            emit(self.new_person_asked, self.text())

    def refresh_marks(self) -> None:
        """Redraw the 'here' marks and order after someone was checked in or taken back."""
        if self.text() == self._shown_query:
            self._show_rows(keep=self._moved_to)  # the top again, unless the arrows chose

    def set_placeholder(self, text: str) -> None:
        self.search.setPlaceholderText(text)

    # --- inside -----------------------------------------------------------------------------

    def _columns(self) -> list[Column[Choice]]:
        def name(c: Choice) -> str:
            if c.person is None:
                return self.tr("Add “{typed}” as new…").format(typed=c.typed)
            return c.person.name

        def age(c: Choice) -> str:
            born = c.person.date_of_birth if c.person else None
            return str(age_on(born, today())) if born else ""

        def here(c: Choice) -> str:
            if not c.here:
                booked = c.person is not None and self._expected(c.person.id) >= BOOKED
                return self.tr("Booked") if booked else ""
            if c.here_at is None:
                return self.tr("\N{CHECK MARK} Checking in…")
            return self.tr("\N{CHECK MARK} Here since {time}").format(time=local_time(c.here_at))

        return [
            Column(self.tr("Name"), name),
            Column(self.tr("Ref"), lambda c: c.person.person_ref if c.person else ""),
            Column(self.tr("Age"), age, alignment=RIGHT),
            Column(self.tr("Postcode"), lambda c: (c.person.postcode or "") if c.person else ""),
            Column(self.tr("Already here?"), here),
        ]

    def _expected(self, person_id: int) -> int:
        """How likely the owner expects this person (`desk.likely_here`), 0 when not."""
        return self._prefer().get(person_id, 0) if self._prefer is not None else 0

    def _fit_rows(self) -> None:
        line = self.fontMetrics().lineSpacing() + 8
        self.view.verticalHeader().setDefaultSectionSize(line)
        header = self.view.horizontalHeader().sizeHint().height()
        self.view.setMinimumHeight(header + line * self._rows + 4)

    @override
    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.FontChange:
            self._fit_rows()
        super().changeEvent(event)

    def _typed(self, _text: str) -> None:
        self._choose_when_ready = False
        self._moved_to = None
        query = self.text()
        if self._collapse:
            self.view.setVisible(bool(query))
        if not query:
            self._found, self._shown_query = [], ""
            self._show_rows()
            return
        if self._in_flight is None:
            self._search(query)

    def _search(self, query: str) -> None:
        self._in_flight = query
        db = self._ctx.db
        prefer = self._prefer() if self._prefer is not None else None
        self._ctx.tasks.run_query(
            lambda: search_people(db, query, limit=SEARCH_LIMIT, prefer=prefer),
            partial(self._arrived, query=query),
            self._failed,
        )

    def _arrived(self, found: list[PersonSummary], query: str) -> None:
        self._in_flight = None
        now = self.text()
        if not now:
            return  # cleared while searching; the empty list is already shown
        if now != query:
            self._search(now)  # typed on meanwhile: search the newest text next
        self._found, self._shown_query = found, query
        self._show_rows(keep=self._moved_to)
        if now == query and self._choose_when_ready:
            self._choose_when_ready = False
            self.choose()

    def _failed(self, error: BaseException) -> None:
        self._in_flight = None
        self._shown_query = self.text()
        show_error(self, error)

    def _show_rows(self, *, keep: int | None = None) -> None:
        """Show the matches in desk order, highlighting `keep` if it is among them (else the
        top one)."""
        here: HereMap = self._here() if self._here else {}
        people = desk_order(self._shown_query, self._found, here) if here else self._found
        rows = [Choice(p.id, p, p.id in here, here.get(p.id)) for p in people]
        if self._offer_new and self._shown_query:
            rows.append(Choice(NEW_ROW, None, typed=self._shown_query))
        self.model.set_ids([c.id for c in rows], rows)
        row = self.model.row_of(keep) if keep is not None else None
        if rows:
            self.view.setCurrentIndex(self.model.index(row or 0, COL_NAME))
            self.view.scrollTo(self.view.currentIndex())
        emit(self.results_shown)

    @override
    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.search and event.type() in (
            QEvent.Type.KeyPress,
            QEvent.Type.ShortcutOverride,
        ):
            assert isinstance(event, QKeyEvent)
            if self._take_undo and event.matches(QKeySequence.StandardKey.Undo):
                # The field's own undo would only undo typing; here Ctrl+Z means the check-in.
                if event.type() == QEvent.Type.ShortcutOverride:
                    event.accept()
                else:
                    emit(self.undo_asked)
                return True
            if event.type() == QEvent.Type.ShortcutOverride:
                return False
            if event.key() in _MOVE_KEYS and not event.modifiers():
                QApplication.sendEvent(self.view, QKeyEvent(event))
                moved = self.current()
                self._moved_to = moved.id if moved else None
                return True
            if event.key() in _ENTER_KEYS:
                self.choose()
                return True
            if event.key() == Qt.Key.Key_Escape and self.search.text():
                self.clear()
                return True
        return super().eventFilter(watched, event)
