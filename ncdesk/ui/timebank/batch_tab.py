"""Batch entry: a stack of paper slips typed into a grid, one slip per row, as fast as typing.

Tab moves from cell to cell (and on to the next slip after the last one), Enter starts the next
slip, member and category cells complete what is typed, and every row says at once what is
wrong with it. Ctrl+S saves all the slips together in one transaction, or none of them.
"""

from __future__ import annotations

from PySide6.QtCore import (
    Qt,
    Signal,
)
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from ncdesk.core.errors import ValidationError
from ncdesk.core.parsing import format_minutes
from ncdesk.core.services.ledger import Recorded, record_batch
from ncdesk.ui.common.desk_context import DeskContext
from ncdesk.ui.common.field_errors import ERROR_TEXT
from ncdesk.ui.common.messages import confirm, show_error
from ncdesk.ui.common.qt_fixes import emit
from ncdesk.ui.common.tasks import TIMEBANK
from ncdesk.ui.timebank.batch_model import (
    COL_DATE,
    BatchModel,
    summary_text,
)
from ncdesk.ui.timebank.member_directory import MemberDirectory
from ncdesk.ui.timebank.slip_grid import SlipDelegate, SlipGrid


class BatchTab(QWidget):
    """The grid, what it adds up to, and Save all."""

    saved = Signal(object)  # the Recorded result

    def __init__(self, ctx: DeskContext, directory: MemberDirectory, parent: QWidget | None = None):
        super().__init__(parent)
        self._ctx = ctx
        self._directory = directory
        self._saving = False
        self._sent_rows: list[int] = []

        hint = QLabel(
            self.tr(
                "Type one paper slip per row. <b>Tab</b> moves on, <b>Enter</b> starts the next "
                "slip, <b>Ctrl+S</b> saves them all together. Dates as DD/MM or DD/MM/YYYY; "
                "hours as 1.5, 1:30 or 90m; names or references, in part."
            ),
            self,
        )
        hint.setWordWrap(True)
        self.model = BatchModel(directory, self)
        self.delegate = SlipDelegate(directory, self)
        self.grid = SlipGrid(self.model, self.delegate, self)
        self.detail = QLabel(self)  # the whole of the slip's Check text, which a column cuts
        self.detail.setWordWrap(True)
        self.detail.setAccessibleName(self.tr("This slip"))
        self.summary = QLabel(summary_text(self.model), self)
        self.feedback = QLabel(self)
        self.feedback.setWordWrap(True)
        self.feedback.setAccessibleName(self.tr("What happened"))
        self.feedback.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.save_button = QPushButton(self.tr("&Save all"), self)
        self.save_button.setToolTip(
            self.tr("Save every slip together, or none if one is wrong (Ctrl+S)")
        )
        self.save_button.clicked.connect(self.save)
        self.remove_button = QPushButton(self.tr("&Remove slip"), self)
        self.remove_button.setToolTip(
            self.tr("Take the slip the cursor is on out of the batch (Ctrl+Delete)")
        )
        self.remove_button.clicked.connect(self.remove_slip)
        self.clear_button = QPushButton(self.tr("&Clear all…"), self)
        self.clear_button.clicked.connect(self.clear_all)

        actions = QHBoxLayout()
        actions.addWidget(self.save_button)
        actions.addWidget(self.remove_button)
        actions.addStretch(1)
        actions.addWidget(self.clear_button)
        layout = QVBoxLayout(self)
        layout.addWidget(hint)
        layout.addWidget(self.grid, 1)
        layout.addWidget(self.detail)
        layout.addWidget(self.summary)
        layout.addWidget(self.feedback)
        layout.addLayout(actions)

        for keys, slot in (
            (QKeySequence.StandardKey.Save, self.save),
            (QKeySequence(Qt.Modifier.CTRL | Qt.Key.Key_Delete), self.remove_slip),
        ):
            shortcut = QShortcut(keys, self)
            shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            shortcut.activated.connect(slot)
        self.model.checked.connect(self._show_checks)
        self.grid.selectionModel().currentChanged.connect(lambda *_: self._show_checks())
        directory.loaded.connect(self.model.check_all)

    def activate(self) -> None:
        """The cursor goes into the grid, ready to type a slip."""
        index = self.grid.currentIndex()
        if not index.isValid():
            self.grid.go_to(self.model.rowCount() - 1, COL_DATE)
        elif self.grid.state() != QAbstractItemView.State.EditingState:
            self.grid.go_to(index.row(), index.column())

    def save(self) -> None:
        """Save every slip in one go; if any is wrong, none is saved and the grid stays as typed."""
        if self._saving:
            return
        self.grid.commit_open_editor()
        rows = self.model.filled_rows()
        if not rows:
            self._say(self.tr("There are no slips to save yet."))
            return
        to_fix = self.model.rows_to_fix()
        if to_fix:
            self._say(self._not_saved(to_fix))
            self.grid.go_to(to_fix[0], self.model.first_problem_column(to_fix[0]))
            return
        items = self.model.items()
        self._saving = True
        self._sent_rows = rows
        self.save_button.setEnabled(False)
        self.model.locked = True  # nothing typed while the batch is on its way is lost
        db = self._ctx.db
        self._ctx.tasks.run_operation(
            lambda: record_batch(db, items), self._saved, self._refused, changes=(TIMEBANK,)
        )

    def remove_slip(self) -> None:
        self.grid.commit_open_editor()
        index = self.grid.currentIndex()
        if index.isValid():
            self.model.remove_row(index.row())
            self.grid.go_to(index.row(), index.column())

    def clear_all(self) -> None:
        count = len(self.model.filled_rows())
        if not count:
            return

        def clear() -> None:
            self.model.clear()
            self._say(self.tr("Cleared."))
            self.grid.go_to(0, COL_DATE)

        confirm(
            self,
            self.tr("Clear all {count} slips without saving them?").format(count=count),
            self.tr("Clear all"),
            clear,
        )

    # --- inside -----------------------------------------------------------------------------

    def _saved(self, result: Recorded) -> None:
        self._end_saving()
        hours = format_minutes(self.model.total_minutes())
        count = len(result.ids)
        self.model.clear()
        saved = (
            self.tr("Saved 1 slip, {hours} hours.")
            if count == 1
            else self.tr("Saved {count} slips, {hours} hours in all.")
        ).format(count=count, hours=hours)
        self._say(saved, result.warnings)
        emit(self.saved, result)
        self.grid.go_to(0, COL_DATE)

    def _refused(self, error: BaseException) -> None:
        self._end_saving()
        if not isinstance(error, ValidationError):
            show_error(self, error)
            return
        marked = self.model.mark_refused(self._sent_rows, error.problems)
        if not marked:
            show_error(self, error)
            return
        self._say(
            self.tr(
                "Nothing was saved: the ledger refused {rows}. The slips are as you typed them; "
                "fix what the Check column says and save again."
            ).format(rows=self._slip_list(marked))
        )
        self.grid.go_to(marked[0], self.model.first_problem_column(marked[0]))

    def _end_saving(self) -> None:
        self._saving = False
        self.save_button.setEnabled(True)
        self.model.locked = False

    def _not_saved(self, rows: list[int]) -> str:
        return self.tr(
            "Not saved: {rows} to fix first (see the Check column). Nothing is saved "
            "until every slip is ready."
        ).format(rows=self._slip_list(rows))

    def _slip_list(self, rows: list[int]) -> str:
        numbers = [str(r + 1) for r in rows]
        if len(numbers) == 1:
            return self.tr("slip {number}").format(number=numbers[0])
        return self.tr("slips {numbers} and {last}").format(
            numbers=", ".join(numbers[:-1]), last=numbers[-1]
        )

    def _show_checks(self) -> None:
        self.summary.setText(summary_text(self.model))
        row = self.grid.currentIndex().row()
        check = self.model.check_text(row) if 0 <= row < self.model.rowCount() else ""
        self.detail.setText(
            self.tr("Slip {number}: {check}").format(number=row + 1, check=check) if check else ""
        )
        palette = self.detail.palette()
        palette.setColor(
            self.detail.foregroundRole(),
            ERROR_TEXT
            if check.startswith("\N{WARNING SIGN}")
            else self.palette().windowText().color(),
        )
        self.detail.setPalette(palette)

    def _say(self, text: str, warnings: list[str] | None = None) -> None:
        lines = [text] + ["\N{WARNING SIGN} " + w for w in warnings or []]
        self.feedback.setText("\n".join(lines))
