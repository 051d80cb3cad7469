"""Matching: pick an open request, see the members offering that kind of help (nearest and
most recently active first, with how to reach them), and record who was put in touch."""

from __future__ import annotations

import html
from dataclasses import dataclass

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from ncdesk.core.services.skills import (
    Candidate,
    ListingInfo,
    close_listing,
    find_helpers,
    listings,
    matches_for,
    record_match,
)
from ncdesk.ui.common.desk_context import DeskContext
from ncdesk.ui.common.messages import confirm
from ncdesk.ui.common.tasks import PEOPLE, TIMEBANK
from ncdesk.ui.timebank.member_directory import MemberDirectory
from ncdesk.ui.timebank.tables import (
    CA_AREA,
    CA_EMAIL,
    CA_LAST,
    CA_MATCHED,
    CA_NAME,
    CA_OFFER,
    CA_PHONE,
    LI_AVAILABILITY,
    LI_CATEGORY,
    LI_DESCRIPTION,
    LI_KIND,
    LI_MEMBER,
    candidate_model,
    listing_model,
)
from ncdesk.ui.timebank.views import DATE_SAMPLE, list_view, set_widths
from ncdesk.ui.timebank.words import count_text

_ENTER_KEYS = (Qt.Key.Key_Return, Qt.Key.Key_Enter)


@dataclass(frozen=True)
class _Helpers:
    request_id: int
    candidates: list[Candidate]
    matches: list[tuple[str, str]]


class MatchingTab(QWidget):
    """Requests on the left; helpers for the highlighted one on the right."""

    def __init__(self, ctx: DeskContext, directory: MemberDirectory, parent: QWidget | None = None):
        super().__init__(parent)
        self._ctx = ctx
        self._directory = directory
        self._stale = True
        self._requests: list[ListingInfo] = []
        self._asked = 0
        self._shown_request: int | None = None

        self.category = QComboBox(self)
        category_label = QLabel(self.tr("Cate&gory:"), self)
        category_label.setBuddy(self.category)
        self.request_model = listing_model(self)
        self.requests = list_view(
            self, self.request_model, self.tr("Open requests"), stretch=LI_DESCRIPTION
        )
        self.requests.setColumnHidden(LI_KIND, True)
        self.requests.selectionModel().currentRowChanged.connect(lambda *_: self.look_for_helpers())
        self.requests.activated.connect(lambda _index: self.focus_helpers())
        self.request_count = QLabel(self)
        self.find_button = QPushButton(self.tr("&Find helpers"), self)
        self.find_button.setToolTip(self.tr("Members offering this kind of help (Enter)"))
        self.find_button.clicked.connect(self.focus_helpers)

        self.heading = QLabel(self)
        self.heading.setWordWrap(True)
        self.heading.setTextFormat(Qt.TextFormat.RichText)
        self.helper_model = candidate_model(self)
        self.helpers = list_view(self, self.helper_model, self.tr("Helpers"), stretch=CA_OFFER)
        self.helpers.selectionModel().currentRowChanged.connect(lambda *_: self._update())
        self.ranking = QLabel(
            self.tr(
                "Ranked: same postcode district first, then the most recently active, then "
                "those matched least often."
            ),
            self,
        )
        self.ranking.setWordWrap(True)
        self.matches = QLabel(self)
        self.matches.setWordWrap(True)
        self.note = QLineEdit(self)
        self.note.setPlaceholderText(self.tr("optional, e.g. rang Tuesday, will call back"))
        self.note.returnPressed.connect(self.record)
        self.helpers.activated.connect(lambda _index: self.note.setFocus())
        note_label = QLabel(self.tr("&Note:"), self)
        note_label.setBuddy(self.note)
        self.record_button = QPushButton(self.tr("&Record match"), self)
        self.record_button.setToolTip(
            self.tr("Note that this helper was put in touch (Enter in Note)")
        )
        self.record_button.clicked.connect(self.record)
        self.close_button = QPushButton(self.tr("&Close request…"), self)
        self.close_button.setToolTip(self.tr("The request was met or is no longer needed"))
        self.close_button.clicked.connect(self.close_request)
        self.feedback = QLabel(self)
        self.feedback.setWordWrap(True)
        self.feedback.setAccessibleName(self.tr("What happened"))
        self.feedback.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)

        heading = QHBoxLayout()
        heading.addWidget(QLabel("<b>{}</b>".format(self.tr("Open requests")), self))
        heading.addStretch(1)
        heading.addWidget(category_label)
        heading.addWidget(self.category)
        upper = QWidget(self)
        upper_layout = QVBoxLayout(upper)
        upper_layout.setContentsMargins(0, 0, 0, 0)
        upper_layout.addLayout(heading)
        upper_layout.addWidget(self.requests, 1)
        under_requests = QHBoxLayout()
        under_requests.addWidget(self.request_count, 1)
        under_requests.addWidget(self.close_button)
        under_requests.addWidget(self.find_button)
        upper_layout.addLayout(under_requests)

        lower = QWidget(self)
        lower_layout = QVBoxLayout(lower)
        lower_layout.setContentsMargins(0, 8, 0, 0)
        lower_layout.addWidget(self.heading)
        lower_layout.addWidget(self.helpers, 1)
        lower_layout.addWidget(self.ranking)
        lower_layout.addWidget(self.matches)
        record_row = QHBoxLayout()
        record_row.addWidget(note_label)
        record_row.addWidget(self.note, 1)
        record_row.addWidget(self.record_button)
        lower_layout.addLayout(record_row)

        # Requests above, helpers below: both lists get the full width for their columns.
        splitter = QSplitter(Qt.Orientation.Vertical, self)
        splitter.setChildrenCollapsible(False)
        splitter.addWidget(upper)
        splitter.addWidget(lower)
        splitter.setStretchFactor(0, 2)
        splitter.setStretchFactor(1, 3)
        splitter.setSizes([280, 420])
        layout = QVBoxLayout(self)
        layout.addWidget(splitter, 1)
        layout.addWidget(self.feedback)
        set_widths(self.requests, {LI_MEMBER: 24, LI_CATEGORY: 26, LI_AVAILABILITY: 24})
        set_widths(
            self.helpers,
            {
                CA_NAME: 26,
                CA_PHONE: 14,
                CA_EMAIL: 26,
                CA_AREA: 20,
                CA_LAST: DATE_SAMPLE,
                CA_MATCHED: 6,
            },
        )

        self.category.currentIndexChanged.connect(lambda _i: self._show_requests())
        directory.loaded.connect(self._fill_categories)
        ctx.changes.changed.connect(self._data_changed)
        QWidget.setTabOrder(self.category, self.requests)
        QWidget.setTabOrder(self.requests, self.find_button)
        QWidget.setTabOrder(self.find_button, self.helpers)
        QWidget.setTabOrder(self.helpers, self.note)
        QWidget.setTabOrder(self.note, self.record_button)
        self._show_helpers(None)

    # --- what the screen and tests use -------------------------------------------------------

    def activate(self) -> None:
        if self._stale:
            self.reload()
        self.requests.setFocus()

    def reload(self) -> None:
        self._stale = False
        db = self._ctx.db
        self._ctx.tasks.run_query(
            lambda: listings(db, kind="request", active_only=True), self._loaded
        )

    def current_request(self) -> ListingInfo | None:
        index = self.requests.currentIndex()
        return self.request_model.record_at(index.row()) if index.isValid() else None

    def current_helper(self) -> Candidate | None:
        index = self.helpers.currentIndex()
        return self.helper_model.record_at(index.row()) if index.isValid() else None

    def select_request(self, request_id: int) -> bool:
        row = self.request_model.row_of(request_id)
        if row is None:
            return False
        self.requests.setCurrentIndex(self.request_model.index(row, LI_MEMBER))
        return True

    def is_finding(self) -> bool:
        request = self.current_request()
        return request is not None and request.id != self._shown_request

    def look_for_helpers(self) -> None:
        """Find helpers for the highlighted request (in the background)."""
        request = self.current_request()
        if request is None:
            self._show_helpers(None)
            return
        self._asked += 1
        number, db = self._asked, self._ctx.db

        def look() -> tuple[int, _Helpers]:
            return number, _Helpers(
                request.id, find_helpers(db, request.id), matches_for(db, request.id)
            )

        self._ctx.tasks.run_query(look, self._found)

    def focus_helpers(self) -> None:
        self.helpers.setFocus()

    def record(self) -> None:
        request, helper = self.current_request(), self.current_helper()
        if request is None or helper is None:
            return
        db, note = self._ctx.db, self.note.text()
        contact = " · ".join(x for x in (helper.phone, helper.email) if x) or self.tr(
            "no phone or email"
        )

        def recorded(_match_id: int) -> None:
            self.note.clear()
            self._say(
                self.tr(
                    "Match recorded: {helper} ({contact}) for {member}'s request ({category})."
                ).format(
                    helper=helper.name,
                    contact=contact,
                    member=request.member,
                    category=request.category,
                )
            )

        self._ctx.tasks.run_operation(
            lambda: record_match(db, request.id, helper.account_id, note),
            recorded,
            changes=(TIMEBANK,),
        )

    def close_request(self) -> None:
        request = self.current_request()
        if request is None:
            return

        db = self._ctx.db

        def close() -> None:
            self._ctx.tasks.run_operation(
                lambda: close_listing(db, request.id),
                lambda _none: self._say(
                    self.tr("Closed {member}'s request.").format(member=request.member)
                ),
                changes=(TIMEBANK,),
            )

        confirm(
            self,
            self.tr("Close {member}'s request for {category}?").format(
                member=request.member, category=request.category
            ),
            self.tr("Close it"),
            close,
            details=self.tr("It stays in the history but is no longer listed for matching."),
        )

    # --- inside -----------------------------------------------------------------------------

    def _fill_categories(self) -> None:
        chosen = self.category.currentData()
        self.category.blockSignals(True)
        self.category.clear()
        self.category.addItem(self.tr("All categories"), None)
        for category in self._directory.categories:
            self.category.addItem(category.name, category.id)
        index = self.category.findData(chosen)
        self.category.setCurrentIndex(max(index, 0))
        self.category.blockSignals(False)

    def _loaded(self, requests: list[ListingInfo]) -> None:
        self._requests = requests
        self._show_requests()

    def _show_requests(self) -> None:
        current = self.current_request()
        category = self.category.currentData()
        shown = [r for r in self._requests if category is None or r.category_id == category]
        self.request_model.set_ids([r.id for r in shown], shown)
        row = self.request_model.row_of(current.id) if current else None
        if row is None and shown:
            row = 0
        if row is not None:
            self.requests.setCurrentIndex(self.request_model.index(row, LI_MEMBER))
            if current is not None and shown[row].id == current.id:
                self.look_for_helpers()  # same request: its helpers or matches may have changed
        else:
            self._show_helpers(None)
        self.request_count.setText(
            count_text(len(shown), "1 open request", "{count} open requests")
        )

    def _found(self, answer: tuple[int, _Helpers]) -> None:
        number, found = answer
        if number != self._asked:
            return
        self._show_helpers(found)

    def _show_helpers(self, found: _Helpers | None) -> None:
        request = self.current_request()
        if found is None or request is None:
            self._shown_request = None
            self.heading.setText(
                "<b>{}</b>".format(self.tr("Choose a request to see who could help"))
            )
            self.helper_model.set_ids([])
            self.matches.clear()
            self._update()
            return
        self._shown_request = found.request_id
        what = f" — {html.escape(request.description)}" if request.description else ""
        self.heading.setText(
            self.tr("<b>Helpers for {member}</b>: {category}{what}").format(
                member=html.escape(request.member),
                category=html.escape(request.category),
                what=what,
            )
            + "<br>"
            + html.escape(
                count_text(
                    len(found.candidates), "1 member offers this", "{count} members offer this"
                )
            )
        )
        current = self.current_helper()
        self.helper_model.set_ids([c.account_id for c in found.candidates], found.candidates)
        self.helpers.horizontalHeader().setSortIndicator(-1, Qt.SortOrder.AscendingOrder)
        row = self.helper_model.row_of(current.account_id) if current else None
        if row is None and found.candidates:
            row = 0
        if row is not None:
            self.helpers.setCurrentIndex(self.helper_model.index(row, CA_NAME))
        if found.matches:
            made = ", ".join(f"{name} ({when})" for name, when in found.matches)
            self.matches.setText(self.tr("Already put in touch with: {made}").format(made=made))
        else:
            self.matches.setText(self.tr("No match recorded for this request yet."))
        self._update()

    def _update(self) -> None:
        has_request = self.current_request() is not None
        self.record_button.setEnabled(has_request and self.current_helper() is not None)
        self.close_button.setEnabled(has_request)
        self.find_button.setEnabled(has_request)

    def _say(self, text: str) -> None:
        self.feedback.setText(text)

    def _data_changed(self, area: str) -> None:
        if area not in (TIMEBANK, PEOPLE):  # people: names and phone numbers shown
            return
        if self.isVisible():
            self.reload()
        else:
            self._stale = True
