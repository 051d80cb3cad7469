"""Possible duplicates: pairs of records across the register that may be one person, for a
coordinator to merge or to mark as different people, one key each.

The scan runs in the background with progress (it takes about a second at 20,000 people) and
can be stopped. The record kept is the older one unless swapped, and the panel under the list
says exactly what a merge will do before M is pressed: that is the one question asked.
"""

from __future__ import annotations

import html
from collections.abc import Callable
from dataclasses import dataclass

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QProgressBar,
    QPushButton,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from ncdesk.core.parsing import format_date
from ncdesk.core.services.duplicates import (
    DuplicatePair,
    ScanCancelled,
    mark_different,
    possible_duplicates,
)
from ncdesk.core.services.merge import merge_people
from ncdesk.core.services.people import PersonRecord
from ncdesk.ui.common.desk_context import DeskContext
from ncdesk.ui.common.messages import show_error
from ncdesk.ui.common.tasks import PEOPLE, Cancelled, Progress, TaskHandle
from ncdesk.ui.dropin.wording import LOCAL
from ncdesk.ui.people.likely_matches_dialog import said_plainly

COL_KEEP, COL_OTHER, COL_WHY = range(3)


@dataclass
class _Pair:
    """One row: the pair, and whether the user swapped which record is kept."""

    pair: DuplicatePair
    swapped: bool = False

    @property
    def keep(self) -> PersonRecord:
        return self.pair.other if self.swapped else self.pair.keep

    @property
    def other(self) -> PersonRecord:
        return self.pair.keep if self.swapped else self.pair.other


def _who(person: PersonRecord) -> str:
    return f"{person.display_name} ({person.person_ref})"


class DuplicatesReview(QDialog):
    """The review: Up/Down picks a pair; M merges it, D marks it as different people, S swaps
    which record is kept, F5 scans again, Esc closes."""

    def __init__(self, ctx: DeskContext, parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle(self.tr("Possible duplicates"))
        self._ctx = ctx
        self._rows: list[_Pair] = []
        self._scan: TaskHandle | None = None
        self._busy = False  # a merge or mark not yet answered

        explain = QLabel(
            self.tr(
                "Records that may belong to one person, most likely first. Two records for "
                "one person split their history and count them twice in grant returns."
            ),
            self,
        )
        explain.setWordWrap(True)
        self.progress = QProgressBar(self)
        self.progress.setAccessibleName(self.tr("Scan progress"))
        self.stop_button = QPushButton(self.tr("S&top"), self)
        self.stop_button.clicked.connect(self.stop)
        scanning = QHBoxLayout()
        scanning.addWidget(self.progress, 1)
        scanning.addWidget(self.stop_button)

        self.pair_list = QTreeWidget(self)
        self.pair_list.setAccessibleName(self.tr("Possible duplicates"))
        self.pair_list.setRootIsDecorated(False)
        self.pair_list.setUniformRowHeights(True)
        self.pair_list.setAlternatingRowColors(True)
        self.pair_list.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.pair_list.setHeaderLabels(
            [self.tr("Keep"), self.tr("Merge into it"), self.tr("Why they may be one person")]
        )
        header = self.pair_list.header()
        header.setStretchLastSection(True)
        header.setSectionResizeMode(COL_KEEP, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(COL_OTHER, QHeaderView.ResizeMode.ResizeToContents)
        self.pair_list.currentItemChanged.connect(lambda *_: self._show_details())
        list_label = QLabel(self.tr("&Pairs:"), self)
        list_label.setBuddy(self.pair_list)

        self.keep_panel = QLabel(self)
        self.other_panel = QLabel(self)
        for panel in (self.keep_panel, self.other_panel):
            panel.setTextFormat(Qt.TextFormat.RichText)
            panel.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
            panel.setWordWrap(True)
            panel.setFrameShape(QLabel.Shape.StyledPanel)
            panel.setMargin(6)
        side_by_side = QHBoxLayout()
        side_by_side.addWidget(self.keep_panel, 1)
        side_by_side.addWidget(self.other_panel, 1)
        self.what_merge_does = QLabel(self)
        self.what_merge_does.setWordWrap(True)

        self.merge_button = QPushButton(self.tr("&Merge (M)"), self)
        self.different_button = QPushButton(self.tr("&Different people (D)"), self)
        self.swap_button = QPushButton(self.tr("&Swap which is kept (S)"), self)
        self.rescan_button = QPushButton(self.tr("Scan a&gain (F5)"), self)
        self.close_button = QPushButton(self.tr("Close"), self)
        self.merge_button.clicked.connect(self.merge_selected)
        self.different_button.clicked.connect(self.mark_selected_different)
        self.swap_button.clicked.connect(self.swap_selected)
        self.rescan_button.clicked.connect(self.scan)
        self.close_button.clicked.connect(self.reject)
        for button in (self.merge_button, self.different_button, self.swap_button):
            button.setAutoDefault(False)
        buttons = QHBoxLayout()
        for button in (self.merge_button, self.different_button, self.swap_button):
            buttons.addWidget(button)
        buttons.addStretch(1)
        buttons.addWidget(self.rescan_button)
        buttons.addWidget(self.close_button)
        self.feedback = QLabel(self)
        self.feedback.setWordWrap(True)
        self.feedback.setAccessibleName(self.tr("What happened"))

        layout = QVBoxLayout(self)
        layout.addWidget(explain)
        layout.addLayout(scanning)
        layout.addWidget(list_label)
        layout.addWidget(self.pair_list, 3)
        layout.addLayout(side_by_side, 2)
        layout.addWidget(self.what_merge_does)
        layout.addWidget(self.feedback)
        layout.addLayout(buttons)
        for key, slot in (
            (Qt.Key.Key_M, self.merge_selected),
            (Qt.Key.Key_D, self.mark_selected_different),
            (Qt.Key.Key_S, self.swap_selected),
            (Qt.Key.Key_F5, self.scan),
        ):
            shortcut = QShortcut(QKeySequence(key), self)
            shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            shortcut.activated.connect(slot)
        self.resize(980, 620)
        self.finished.connect(lambda _result: self.stop())
        self._show_details()

    # --- what the People screen and tests use ------------------------------------------------

    def scan(self) -> None:
        """Look for pairs across the register, in the background."""
        if self._scan is not None:
            return
        self.pair_list.clear()
        self._rows = []
        self._show_details()
        self.progress.setRange(0, 0)
        self.progress.show()
        self.stop_button.show()
        self.rescan_button.setEnabled(False)
        self._say(self.tr("Looking for possible duplicates…"))
        db = self._ctx.db

        def work(progress: Progress, cancelled: Cancelled) -> list[DuplicatePair]:
            return possible_duplicates(db, progress, cancelled)

        self._scan = self._ctx.tasks.run_long_task(
            work, self._found, self._scan_failed, on_progress=self._progressed, writes=False
        )

    def stop(self) -> None:
        if self._scan is not None:
            self._scan.cancel()

    def is_scanning(self) -> bool:
        return self._scan is not None

    def pairs(self) -> list[tuple[str, str, str]]:
        """(kept, merged in, why) for each row shown: what the user sees, for tests."""
        return [(_who(r.keep), _who(r.other), said_plainly(r.pair.reasons)) for r in self._rows]

    def merge_selected(self) -> None:
        """Merge the highlighted pair into the record marked Keep (the panel says what)."""
        row = self._selected()
        if row is None or self._busy:
            return
        db, keep, other = self._ctx.db, row.keep, row.other
        self._busy = True
        merging = self.tr("Merging {other} into {keep}…")
        self._say(merging.format(other=_who(other), keep=_who(keep)))
        self._ctx.tasks.run_operation(
            lambda: merge_people(db, keep.id, other.id),
            lambda _survivor: self._merged(keep, other),
            self._failed,
            changes=(PEOPLE,),
        )

    def mark_selected_different(self) -> None:
        """The highlighted pair are two people: never offer them again."""
        row = self._selected()
        if row is None or self._busy:
            return
        db, first, second = self._ctx.db, row.keep, row.other
        self._busy = True
        self._ctx.tasks.run_operation(
            lambda: mark_different(db, first.id, second.id),
            lambda _none: self._marked(first, second),
            self._failed,
        )

    def swap_selected(self) -> None:
        row = self._selected()
        if row is None or self._busy:
            return
        row.swapped = not row.swapped
        item = self.pair_list.currentItem()
        if item is not None:
            item.setText(COL_KEEP, _who(row.keep))
            item.setText(COL_OTHER, _who(row.other))
        self._show_details()
        self._say(self.tr("{keep} will be kept.").format(keep=_who(row.keep)))

    # --- inside -----------------------------------------------------------------------------

    def _progressed(self, step: str, done: int, total: int) -> None:
        self.progress.setRange(0, total)
        self.progress.setValue(done)
        self._say(step)  # the core's own words: "Comparing names…"

    def _found(self, pairs: list[DuplicatePair]) -> None:
        self._end_scan()
        self._rows = [_Pair(p) for p in pairs]
        for row in self._rows:
            QTreeWidgetItem(
                self.pair_list,
                [_who(row.keep), _who(row.other), said_plainly(row.pair.reasons)],
            )
        first = self.pair_list.topLevelItem(0)
        if first is not None:
            self.pair_list.setCurrentItem(first)
            found = self.tr("{count} possible duplicates, most likely first.")
            self._say(found.format(count=len(pairs)))
        else:
            self._say(self.tr("No possible duplicates found."))
        self.pair_list.setFocus(Qt.FocusReason.OtherFocusReason)
        self._show_details()

    def _scan_failed(self, error: BaseException) -> None:
        self._end_scan()
        if isinstance(error, ScanCancelled):
            self._say(self.tr("Stopped. Scan again (F5) to look for possible duplicates."))
        else:
            self._say("")
            show_error(self, error)

    def _end_scan(self) -> None:
        self._scan = None
        self.progress.hide()
        self.stop_button.hide()
        self.rescan_button.setEnabled(True)

    def _selected(self) -> _Pair | None:
        item = self.pair_list.currentItem()
        if item is None:
            return None
        index = self.pair_list.indexOfTopLevelItem(item)
        return self._rows[index] if 0 <= index < len(self._rows) else None

    def _merged(self, keep: PersonRecord, other: PersonRecord) -> None:
        self._busy = False
        # Pairs with the merged-away record are gone with it; scan again to see the survivor's.
        self._drop_rows(lambda r: other.id in (r.keep.id, r.other.id))
        self._say(
            self.tr("{other} was merged into {keep} and archived.").format(
                other=_who(other), keep=_who(keep)
            )
        )

    def _marked(self, first: PersonRecord, second: PersonRecord) -> None:
        self._busy = False
        ids = {first.id, second.id}
        self._drop_rows(lambda r: {r.keep.id, r.other.id} == ids)
        self._say(
            self.tr("{first} and {second} are different people: not offered again.").format(
                first=_who(first), second=_who(second)
            )
        )

    def _failed(self, error: BaseException) -> None:
        self._busy = False
        show_error(self, error)

    def _drop_rows(self, gone: Callable[[_Pair], bool]) -> None:
        item = self.pair_list.currentItem()
        current = self.pair_list.indexOfTopLevelItem(item) if item is not None else 0
        for index in reversed(range(len(self._rows))):
            if gone(self._rows[index]):
                del self._rows[index]
                self.pair_list.takeTopLevelItem(index)
        count = self.pair_list.topLevelItemCount()
        if count:
            after = self.pair_list.topLevelItem(min(max(current, 0), count - 1))
            if after is not None:
                self.pair_list.setCurrentItem(after)
        self._show_details()

    def _show_details(self) -> None:
        row = self._selected()
        for button in (self.merge_button, self.different_button, self.swap_button):
            button.setEnabled(row is not None)
        if row is None:
            self.keep_panel.setText("")
            self.other_panel.setText("")
            self.what_merge_does.setText("")
            return
        self.keep_panel.setText(self._card(row.keep, self.tr("Keep")))
        self.other_panel.setText(self._card(row.other, self.tr("Merge into it, then archive")))
        older = self.tr(" (the older record)") if not row.swapped else ""
        self.what_merge_does.setText(
            self.tr(
                "M merges {other} into {keep}{older}: its visits, loans and timebank history "
                "move to {keep_ref}, details {keep_ref} lacks are filled in from it, and it is "
                "archived. A merge cannot be undone. S swaps which record is kept; D says they "
                "are different people."
            ).format(
                other=html.escape(_who(row.other)),
                keep=html.escape(_who(row.keep)),
                keep_ref=row.keep.person_ref,
                older=older,
            )
        )

    def _card(self, person: PersonRecord, title: str) -> str:
        """One record's details, as a coordinator needs them to decide."""
        facts = [
            (self.tr("Reference"), person.person_ref),
            (
                self.tr("Born"),
                format_date(person.date_of_birth) if person.date_of_birth else person.age_band,
            ),
            (self.tr("Postcode"), person.postcode),
            (self.tr("Phone"), person.phone),
            (self.tr("Email"), person.email),
            (self.tr("Added"), format_date(person.created_at.astimezone(LOCAL).date())),
            (
                self.tr("Last seen"),
                format_date(person.last_seen_at.astimezone(LOCAL).date())
                if person.last_seen_at
                else self.tr("never"),
            ),
        ]
        lines = "".join(
            f"<tr><td>{html.escape(label)}:&nbsp;</td><td>{html.escape(value or '—')}</td></tr>"
            for label, value in facts
        )
        return (
            f"<b>{html.escape(title)}: {html.escape(person.display_name)}</b><table>{lines}</table>"
        )

    def _say(self, text: str) -> None:
        self.feedback.setText(text)
