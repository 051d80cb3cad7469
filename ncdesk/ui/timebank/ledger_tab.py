"""The ledger: every exchange, newest first, filtered by member and dates; record hours,
donate to or grant from the chest, void a mistake, export what is listed."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from ncdesk.core.errors import FieldProblem, ValidationError
from ncdesk.core.io.xlsx_export import write_table
from ncdesk.core.parsing import ParseError, today
from ncdesk.core.services.ledger import (
    ExchangeRow,
    Recorded,
    donate_to_chest,
    exchange_ids,
    exchange_rows,
    void_exchange,
)
from ncdesk.ui.common.desk_context import DeskContext
from ncdesk.ui.common.field_errors import ERROR_TEXT
from ncdesk.ui.common.messages import show_error
from ncdesk.ui.common.permissions import allowed, hide_unless, may_export
from ncdesk.ui.common.qt_fixes import emit
from ncdesk.ui.common.table_model import PAGE_SIZE
from ncdesk.ui.common.tasks import PEOPLE, TIMEBANK, Cancelled, Progress
from ncdesk.ui.timebank.chest_dialog import DONATE, GRANT, ChestDialog
from ncdesk.ui.timebank.member_directory import MemberDirectory
from ncdesk.ui.timebank.member_field import MemberField
from ncdesk.ui.timebank.progress import run_with_progress, stop_if
from ncdesk.ui.timebank.record_dialog import RecordHoursDialog
from ncdesk.ui.timebank.tables import (
    EX_CATEGORY,
    EX_DATE,
    EX_EARNED_BY,
    EX_ENTERED_BY,
    EX_HOURS,
    EX_NUMBER,
    EX_SPENT_BY,
    EX_STATUS,
    EX_WHAT,
    ExchangeModel,
    exchange_columns,
)
from ncdesk.ui.timebank.views import (
    DATE_SAMPLE,
    HOURS_SAMPLE,
    DateField,
    ask_save_path,
    list_view,
    set_widths,
)
from ncdesk.ui.timebank.void_dialog import VoidDialog
from ncdesk.ui.timebank.words import count_text

# Sorting by a column means fetching every row on the GUI thread: fine for one member's
# history, not for 200,000 entries (those stay newest first, narrowed by the filters).
SORTABLE_UP_TO = 3000
EXPORT_CHUNK = 1000
_WIDTHS: dict[int, int | str] = {
    EX_NUMBER: "000000",
    EX_DATE: DATE_SAMPLE,
    EX_EARNED_BY: 20,
    EX_SPENT_BY: 20,
    EX_HOURS: HOURS_SAMPLE,
    EX_CATEGORY: 25,
    EX_STATUS: 22,
    EX_ENTERED_BY: 12,
}


class LedgerTab(QWidget):
    """The exchanges list and the actions that add to it."""

    list_shown = Signal()  # a list asked for is on screen

    def __init__(self, ctx: DeskContext, directory: MemberDirectory, parent: QWidget | None = None):
        super().__init__(parent)
        self._ctx = ctx
        self.directory = directory
        self._asked = 0
        self._shown = 0
        self._stale = True
        self._select_after: int | None = None

        self.member = MemberField(directory, self)
        self.member.setPlaceholderText(self.tr("Everyone (or type a name)"))
        self.start = DateField(None, self)
        self.end = DateField(None, self)
        self.filter_problem = QLabel(self)
        self._paint_warning(self.filter_problem)
        member_label = QLabel(self.tr("M&ember:"), self)
        member_label.setBuddy(self.member)
        start_label = QLabel(self.tr("&From:"), self)
        start_label.setBuddy(self.start)
        end_label = QLabel(self.tr("T&o:"), self)
        end_label.setBuddy(self.end)
        for field in (self.member, self.start, self.end):
            field.returnPressed.connect(self.reload)
        self.member.completer().activated.connect(lambda _text: self.reload())

        self.model = ExchangeModel(self._fetch, parent=self)
        self.view = list_view(self, self.model, self.tr("Exchanges"), stretch=EX_WHAT)
        self.view.selectionModel().currentRowChanged.connect(lambda *_: self._update_buttons())
        set_widths(self.view, _WIDTHS)
        self.count_label = QLabel(self)

        self.record_button = QPushButton(self.tr("&Record hours…"), self)
        self.record_button.setToolTip(self.tr("Record hours given and received (Ctrl+N)"))
        self.record_button.clicked.connect(self.record_hours)
        self.donate_button = QPushButton(self.tr("&Donate to chest…"), self)
        self.donate_button.clicked.connect(lambda: self.open_chest(DONATE))
        self.grant_button = QPushButton(self.tr("&Grant from chest…"), self)
        self.grant_button.clicked.connect(lambda: self.open_chest(GRANT))
        self.void_button = QPushButton(self.tr("&Void…"), self)
        self.void_button.setToolTip(
            self.tr("Cancel a mistaken entry with a reversing entry (Delete)")
        )
        self.void_button.clicked.connect(self.void_selected)
        self.export_button = QPushButton(self.tr("Ex&port…"), self)
        self.export_button.setToolTip(self.tr("Save the entries listed as a spreadsheet (XLSX)"))
        self.export_button.clicked.connect(self.export)
        self.feedback = QLabel(self)
        self.feedback.setWordWrap(True)
        self.feedback.setAccessibleName(self.tr("What happened"))
        self.feedback.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)

        filters = QHBoxLayout()
        filters.addWidget(member_label)
        filters.addWidget(self.member, 2)
        filters.addSpacing(12)
        filters.addWidget(start_label)
        filters.addWidget(self.start)
        filters.addWidget(end_label)
        filters.addWidget(self.end)
        filters.addWidget(self.filter_problem, 1)
        actions = QHBoxLayout()
        for button in (self.record_button, self.donate_button, self.grant_button, self.void_button):
            actions.addWidget(button)
        actions.addStretch(1)
        actions.addWidget(self.export_button)
        layout = QVBoxLayout(self)
        layout.addLayout(filters)
        layout.addWidget(self.view, 1)
        layout.addWidget(self.count_label)
        layout.addWidget(self.feedback)
        layout.addLayout(actions)

        for keys, owner, slot in (
            (QKeySequence(Qt.Modifier.CTRL | Qt.Key.Key_N), self, self.record_hours),
            (QKeySequence(Qt.Key.Key_Delete), self.view, self.void_selected),
        ):
            shortcut = QShortcut(keys, owner)
            shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            shortcut.activated.connect(slot)
        # Chest entries and voids are for coordinators and admins, and so are exports.
        self._may_void = allowed(ctx.db, void_exchange)
        hide_unless(allowed(ctx.db, donate_to_chest), self.donate_button, self.grant_button)
        hide_unless(self._may_void, self.void_button)
        hide_unless(may_export(ctx.db), self.export_button)
        ctx.changes.changed.connect(self._data_changed)
        self._update_buttons()

    # --- what the screen and tests use -------------------------------------------------------

    def activate(self) -> None:
        if self._stale:
            self.reload()
        self.view.setFocus()

    def reload(self, select_id: int | None = None) -> None:
        """List the entries for the filters typed, newest first (in the background)."""
        self._stale = False
        self._select_after = select_id
        try:
            account_id, start, end = self._filters()
        except ValidationError as refused:
            self.filter_problem.setText(
                "\N{WARNING SIGN} " + "; ".join(p.message for p in refused.problems)
            )
            return
        self.filter_problem.clear()
        self._asked += 1
        number, db = self._asked, self._ctx.db

        def load() -> tuple[int, list[int], list[ExchangeRow]]:
            ids = exchange_ids(db, account_id=account_id, start=start, end=end)
            return number, ids, exchange_rows(db, ids[:PAGE_SIZE])

        self._ctx.tasks.run_query(load, self._show)

    def is_loading(self) -> bool:
        return self._asked != self._shown

    def current_row(self) -> ExchangeRow | None:
        index = self.view.currentIndex()
        return self.model.record_at(index.row()) if index.isValid() else None

    def select_exchange(self, exchange_id: int) -> bool:
        row = self.model.row_of(exchange_id)
        if row is None:
            return False
        self.view.setCurrentIndex(self.model.index(row, EX_DATE))
        self.view.scrollTo(self.view.currentIndex())
        return True

    def record_hours(self) -> RecordHoursDialog:
        dialog = RecordHoursDialog(self._ctx, self.directory, self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.saved.connect(lambda result: self._recorded(result, dialog.summary))
        dialog.open()
        return dialog

    def open_chest(self, mode: str) -> ChestDialog:
        dialog = ChestDialog(self._ctx, self.directory, mode, self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.saved.connect(lambda result: self._recorded(result, dialog.summary))
        dialog.open()
        return dialog

    def void_selected(self) -> VoidDialog | None:
        row = self.current_row()
        if row is None or not self._can_void(row):
            return None
        dialog = VoidDialog(row, self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.confirmed.connect(lambda reason: self._void(row, reason))
        dialog.open()
        return dialog

    def export(self) -> None:
        if not may_export(self._ctx.db):
            return
        ids = self.model.ids()
        if not ids:
            self.say(self.tr("There is nothing listed to export."))
            return
        ask_save_path(
            self,
            self.tr("Export exchanges"),
            f"exchanges-{today():%Y-%m-%d}.xlsx",
            self.tr("Spreadsheets (*.xlsx)"),
            lambda path: self._export_to(path, ids),
        )

    def say(self, text: str, warnings: list[str] | None = None) -> None:
        lines = [text] + ["\N{WARNING SIGN} " + w for w in warnings or []]
        self.feedback.setText("\n".join(lines))

    # --- inside -----------------------------------------------------------------------------

    def _filters(self) -> tuple[int | None, date | None, date | None]:
        problems = []
        account_id = None
        if self.member.text().strip():
            found = self.directory.find(self.member.text())  # members who left included
            if found.account is None:
                problems.append(FieldProblem("member", found.problem))
            else:
                account_id = found.account.id
                self.member.setText(found.label)
        start = end = None
        for name, field in (("from", self.start), ("to", self.end)):
            if field.text().strip():
                try:
                    value = field.value()
                except ParseError as exc:
                    problems.append(FieldProblem(name, f"{name}: {exc}"))
                    continue
                field.set_value(value)
                if name == "from":
                    start = value
                else:
                    end = value
        if problems:
            raise ValidationError(problems)
        return account_id, start, end

    def _fetch(self, ids: list[int]) -> list[ExchangeRow]:
        return exchange_rows(self._ctx.db, ids)

    def _show(self, answer: tuple[int, list[int], list[ExchangeRow]]) -> None:
        number, ids, first_page = answer
        if number != self._asked:
            return
        self._shown = number
        keep, self._select_after = self._select_after, None
        if keep is None and (current := self.current_row()) is not None:
            keep = current.id
        self.view.setSortingEnabled(False)
        self.model.set_ids(ids, first_page)
        self.view.horizontalHeader().setSortIndicator(-1, Qt.SortOrder.AscendingOrder)
        sortable = len(ids) <= SORTABLE_UP_TO
        self.view.setSortingEnabled(sortable)
        self.view.horizontalHeader().setToolTip(
            ""
            if sortable
            else self.tr("Newest first. Narrow the list by member or dates to sort it.")
        )
        if (keep is None or not self.select_exchange(keep)) and self.model.rowCount():
            self.view.setCurrentIndex(self.model.index(0, EX_DATE))
        self.count_label.setText(count_text(len(ids), "1 entry", "{count} entries"))
        self._update_buttons()
        emit(self.list_shown)

    def _can_void(self, row: ExchangeRow) -> bool:
        return self._may_void and not row.voided and row.kind != "reversal"

    def _update_buttons(self) -> None:
        row = self.current_row()
        self.void_button.setEnabled(row is not None and self._can_void(row))
        if row is not None and row.voided:
            self.void_button.setToolTip(self.tr("This entry is already voided."))
        elif row is not None and row.kind == "reversal":
            self.void_button.setToolTip(self.tr("A reversal cannot itself be voided."))
        else:
            self.void_button.setToolTip(
                self.tr("Cancel a mistaken entry with a reversing entry (Delete)")
            )

    def _recorded(self, result: Recorded, summary: str) -> None:
        self._select_after = result.ids[0] if result.ids else None
        self.say(self.tr("Recorded: {summary}").format(summary=summary), result.warnings)

    def _void(self, row: ExchangeRow, reason: str) -> None:
        def voided(_reversal_id: int) -> None:
            self._select_after = row.id
            self.say(
                self.tr("Voided No. {number}; a reversing entry now cancels it.").format(
                    number=row.id
                )
            )

        def refused(error: BaseException) -> None:
            show_error(self, error)

        db = self._ctx.db
        self._ctx.tasks.run_operation(
            lambda: void_exchange(db, row.id, reason),
            voided,
            refused,
            changes=(TIMEBANK,),
        )

    def _export_to(self, path: Path, ids: list[int]) -> None:
        db = self._ctx.db
        columns = exchange_columns()
        reading, writing = self.tr("Reading entries…"), self.tr("Writing the spreadsheet…")
        title = self.tr("Exchanges")

        def work(progress: Progress, cancelled: Cancelled) -> Path:
            table = []
            for start in range(0, len(ids), EXPORT_CHUNK):
                stop_if(cancelled)
                progress(reading, start, len(ids))
                for row in exchange_rows(db, ids[start : start + EXPORT_CHUNK]):
                    table.append([c.value(row) for c in columns])
            progress(writing, len(ids), len(ids))
            write_table(path, title, [c.header for c in columns], table)
            return path

        run_with_progress(
            self,
            self._ctx,
            self.tr("Exporting exchanges…"),
            work,
            lambda saved: self.say(self.tr("Saved {path}.").format(path=saved)),
            lambda: self.say(self.tr("Export cancelled.")),
        )

    def _paint_warning(self, label: QLabel) -> None:
        palette = label.palette()
        palette.setColor(label.foregroundRole(), ERROR_TEXT)
        label.setPalette(palette)

    def _data_changed(self, area: str) -> None:
        if area not in (TIMEBANK, PEOPLE):  # people: names and phone numbers shown
            return
        if self.isVisible() or self._select_after is not None:
            self.reload(self._select_after)
        else:
            self._stale = True
