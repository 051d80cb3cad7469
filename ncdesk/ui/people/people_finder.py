"""Type-ahead search over people with a results list, used wherever someone is picked.

Results follow each keystroke (after a short pause, so fast typing costs one search, not
ten). Up/Down move in the list without leaving the search field and Enter opens the
highlighted person, so a returning person is found without touching the mouse.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from PySide6.QtCore import QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QCheckBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QTableView,
    QVBoxLayout,
    QWidget,
)
from typing_extensions import override

from ncdesk.core.services.people import list_people, search_people, summaries
from ncdesk.core.services.people_search import PersonSummary
from ncdesk.core.services.person_view import sees_everything
from ncdesk.ui.common.desk_context import DeskContext
from ncdesk.ui.common.qt_fixes import emit
from ncdesk.ui.people.people_table import COL_NAME, count_of_people, people_model, status_column

TYPING_PAUSE_MS = 120
SEARCH_LIMIT = 50
_MOVE_KEYS = {Qt.Key.Key_Up, Qt.Key.Key_Down, Qt.Key.Key_PageUp, Qt.Key.Key_PageDown}
_ENTER_KEYS = {Qt.Key.Key_Return, Qt.Key.Key_Enter}


@dataclass(frozen=True)
class _Found:
    """What one search handed back, tagged so a late answer to an old query is ignored."""

    number: int
    query: str
    people: list[PersonSummary] | None  # a search: the matches, already fetched
    ids: list[int]  # every id to show, in order


class PeopleFinder(QWidget):
    """A search field, a 'Show archived' switch and the list of people found."""

    person_activated = Signal(int)
    results_shown = Signal()

    def __init__(
        self,
        ctx: DeskContext,
        *,
        exclude: Callable[[], set[int]] = set,
        open_on_click: bool = False,
        parent: QWidget | None = None,
    ):
        super().__init__(parent)
        self._ctx = ctx
        self._exclude = exclude
        self._asked = 0  # number of the latest search asked for
        self._shown = 0  # number of the search whose results are on screen
        self._shown_query: str | None = None
        self._open_when_ready = False
        self._wanted: int | None = None  # who to highlight when the next results come

        self.search = QLineEdit(self)
        self.search.setPlaceholderText(self.tr("Name, reference, postcode or phone"))
        self.search.setClearButtonEnabled(True)
        self.search.setAccessibleName(self.tr("Find a person"))
        self.search.setToolTip(self.tr("Find a person (Ctrl+F)"))
        self.search.installEventFilter(self)
        find_label = QLabel(self.tr("&Find:"), self)
        find_label.setBuddy(self.search)
        self.show_archived = QCheckBox(self.tr("Show &archived"), self)

        # A volunteer's list has no date of birth column (DESIGN §9).
        self.model = people_model(self._fetch, parent=self, with_birth_date=sees_everything(ctx.db))
        self.view = QTableView(self)
        self.view.setModel(self.model)
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.view.setTabKeyNavigation(False)  # Tab leaves the list, as elsewhere on the screen
        self.view.setAlternatingRowColors(True)
        self.view.setWordWrap(False)
        self.view.verticalHeader().hide()
        self.view.verticalHeader().setMinimumSectionSize(1)
        self._fit_rows()
        self.view.setAccessibleName(self.tr("People found"))
        header = self.view.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(COL_NAME, QHeaderView.ResizeMode.Stretch)
        header.setSortIndicator(-1, Qt.SortOrder.AscendingOrder)  # search rank until asked
        self.view.setSortingEnabled(True)
        self.count_label = QLabel(self)

        top = QHBoxLayout()
        top.addWidget(find_label)
        top.addWidget(self.search, 1)
        top.addWidget(self.show_archived)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(top)
        layout.addWidget(self.view, 1)
        layout.addWidget(self.count_label)

        self._pause = QTimer(self)
        self._pause.setSingleShot(True)
        self._pause.setInterval(TYPING_PAUSE_MS)
        self._pause.timeout.connect(self.refresh)
        self.search.textChanged.connect(self._typed)
        self.show_archived.toggled.connect(self.refresh)
        self.show_archived.toggled.connect(self._show_status_column)
        self._show_status_column(False)
        self.view.activated.connect(self._activated)
        if open_on_click:
            self.view.clicked.connect(self._activated)

    # --- what screens use -------------------------------------------------------------------

    def refresh(self) -> None:
        """Search again now for what is typed (after typing, a data change or the toggle)."""
        self._pause.stop()
        self._asked += 1
        number, query = self._asked, self.search.text().strip()
        archived = self.show_archived.isChecked()
        excluded = self._exclude()
        db = self._ctx.db

        def find() -> _Found:
            if query:
                found = search_people(db, query, limit=SEARCH_LIMIT, include_archived=archived)
                found = [p for p in found if p.id not in excluded]
                return _Found(number, query, found, [p.id for p in found])
            ids = [i for i in list_people(db, include_archived=archived) if i not in excluded]
            return _Found(number, query, None, ids)

        self._ctx.tasks.run_query(find, self._show)

    def focus_search(self) -> None:
        self.search.setFocus(Qt.FocusReason.OtherFocusReason)
        self.search.selectAll()

    def current_person(self) -> PersonSummary | None:
        index = self.view.currentIndex()
        return self.model.record_at(index.row()) if index.isValid() else None

    def select_person(self, person_id: int) -> bool:
        """Highlight `person_id` now if the list holds them, and again after the next
        refresh (a person just added appears only then). False when not in the list now."""
        self._wanted = person_id
        row = self.model.row_of(person_id)
        if row is None:
            return False
        self.view.setCurrentIndex(self.model.index(row, COL_NAME))
        self.view.scrollTo(self.view.currentIndex())
        return True

    def is_searching(self) -> bool:
        return self._pause.isActive() or self._shown != self._asked

    # --- inside -----------------------------------------------------------------------------

    @override
    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.FontChange:
            self._fit_rows()
        super().changeEvent(event)

    def _fit_rows(self) -> None:
        """Rows a little taller than the text, at any text size."""
        self.view.verticalHeader().setDefaultSectionSize(self.fontMetrics().lineSpacing() + 10)

    def _show_status_column(self, archived_shown: bool) -> None:
        # Only archived people have a status, so the column shows only when they can be listed.
        self.view.setColumnHidden(status_column(self.model), not archived_shown)

    def _fetch(self, ids: list[int]) -> list[PersonSummary]:
        return summaries(self._ctx.db, ids)

    def _typed(self, _text: str) -> None:
        self._open_when_ready = False
        self._wanted = None
        self._pause.start()

    def _show(self, found: _Found) -> None:
        if found.number != self._asked:
            return  # an answer to something typed earlier
        current = self.current_person() if found.query == self._shown_query else None
        keep = self._wanted or (current.id if current else None)
        self._wanted = None
        self._shown, self._shown_query = found.number, found.query
        self.model.set_ids(found.ids, found.people or ())
        self.view.horizontalHeader().setSortIndicator(-1, Qt.SortOrder.AscendingOrder)
        row = self.model.row_of(keep) if keep is not None else None
        if row is None and self.model.rowCount() and found.query:
            row = 0  # the top match, for Enter; the whole list stays unmarked (nobody chosen)
        if row is not None:
            self.view.setCurrentIndex(self.model.index(row, COL_NAME))
            self.view.scrollTo(self.view.currentIndex())
        self.count_label.setText(self._count_text(found))
        if self._open_when_ready:
            self._open_when_ready = False
            self._activate_current()
        emit(self.results_shown)

    def _count_text(self, found: _Found) -> str:
        total = self.model.total()
        if not found.query:
            return count_of_people(total)
        if total >= SEARCH_LIMIT:
            return self.tr("The first %n matches — type more to narrow them down", "", total)
        if total == 0:
            return self.tr("Nobody found. Check the spelling, or try a postcode or phone number.")
        return self.tr("%n found", "", total)

    def _activated(self, index: object) -> None:
        self._activate_current()

    def _activate_current(self) -> None:
        person = self.current_person()
        if person is not None:
            emit(self.person_activated, person.id)

    @override
    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.search and event.type() == QEvent.Type.KeyPress:
            assert isinstance(event, QKeyEvent)
            if event.key() in _MOVE_KEYS and not event.modifiers():
                QApplication.sendEvent(self.view, QKeyEvent(event))
                return True
            if event.key() in _ENTER_KEYS:
                if self.is_searching():
                    self._open_when_ready = True  # Enter typed before the results came
                else:
                    self._activate_current()
                return True
        return super().eventFilter(watched, event)
