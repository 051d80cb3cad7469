"""The Loans tab: loans out now, overdue, returned or all of them (50,000 on a big scheme),
found by item or borrower; filtered and sorted in SQL, rows fetched a page at a time."""

from __future__ import annotations

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from ncdesk.core.services import loan_views as V
from ncdesk.ui.common.desk_context import DeskContext
from ncdesk.ui.common.permissions import hide_unless, may_export
from ncdesk.ui.common.qt_fixes import emit
from ncdesk.ui.common.table_model import PAGE_SIZE
from ncdesk.ui.loans import tables as T
from ncdesk.ui.loans.actions import LoanActions
from ncdesk.ui.loans.words import tr

TYPING_PAUSE_MS = 200
SHOWS = (
    (V.LOAN_OUT, "Out now"),
    (V.LOAN_OVERDUE, "Overdue"),
    (V.LOAN_RETURNED, "Returned"),
    (V.LOAN_ALL, "All loans"),
)


class LoansTab(QWidget):
    list_shown = Signal()

    def __init__(self, ctx: DeskContext, actions: LoanActions, parent: QWidget | None = None):
        super().__init__(parent)
        self._ctx = ctx
        self._actions = actions
        self._stale = True
        self._asked = 0
        self._answered = 0
        self._order, self._descending = "start", True

        self.show_choice = QComboBox(self)
        for key, words in SHOWS:
            self.show_choice.addItem(tr(words), key)
        show_label = QLabel(tr("Sho&w:"), self)
        show_label.setBuddy(self.show_choice)
        self.find_loan = QLineEdit(self)
        self.find_loan.setPlaceholderText(tr("Item reference or name, or the borrower"))
        self.find_loan.setClearButtonEnabled(True)
        find_label = QLabel(tr("Fin&d:"), self)
        find_label.setBuddy(self.find_loan)

        db = ctx.db
        self.model = T.LoansModel(lambda ids: V.loan_rows(db, ids), self)
        self.view = T.ListView(self.model, tr("Loans"), self)
        header = self.view.horizontalHeader()
        header.setSortIndicator(T.L_START, Qt.SortOrder.DescendingOrder)  # newest first
        self.model.sort_wanted = self._sort
        self.view.fit_columns(
            {
                T.L_ITEM: "SC0000",
                T.L_NAME: 18,
                T.L_BORROWER: 26,
                T.L_START: "00/00/0000",
                T.L_DUE: "00/00/0000",
                T.L_RETURNED: "00/00/0000",
                T.L_DEPOSIT: "£000.00",
            }
        )
        self.view.activated.connect(lambda _index: self.open_selected())
        self.count = QLabel(self)

        self.return_button = self._button(tr("&Return…"), self.return_selected)
        self.extend_button = self._button(tr("E&xtend…"), self.extend_selected)
        self.agreement_button = self._button(tr("Agree&ment…"), self.agreement_selected)
        self.open_button = self._button(tr("Open item"), self.open_selected)
        self.export_button = self._button(tr("Export list…"), self.export)

        bar = QHBoxLayout()
        bar.addWidget(show_label)
        bar.addWidget(self.show_choice)
        bar.addWidget(find_label)
        bar.addWidget(self.find_loan, 1)
        bottom = QHBoxLayout()
        for button in (
            self.return_button,
            self.extend_button,
            self.agreement_button,
            self.open_button,
            self.export_button,
        ):
            bottom.addWidget(button)
        bottom.addStretch(1)
        bottom.addWidget(self.count)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(bar)
        layout.addWidget(self.view, 1)
        layout.addLayout(bottom)

        hide_unless(may_export(ctx.db), self.export_button)
        self.view.selectionModel().currentRowChanged.connect(lambda _now, _was: self._enable())
        self.model.modelReset.connect(self._enable)
        self._enable()

        self._pause = QTimer(self)
        self._pause.setSingleShot(True)
        self._pause.setInterval(TYPING_PAUSE_MS)
        self._pause.timeout.connect(self.refresh)
        self.find_loan.textChanged.connect(lambda _t: self._pause.start())
        self.show_choice.currentIndexChanged.connect(lambda _i: self.refresh())

    # --- what the screen uses ---------------------------------------------------------------

    def activate(self) -> None:
        if self._stale:
            self.refresh()
        self.view.setFocus(Qt.FocusReason.OtherFocusReason)

    def mark_stale(self) -> None:
        self._stale = True
        if self.isVisible():
            self.refresh()

    def show_loans(self, show: str) -> None:
        self.show_choice.setCurrentIndex(max(0, self.show_choice.findData(show)))

    def refresh(self) -> None:
        self._pause.stop()
        self._stale = False
        self._asked += 1
        number = self._asked
        db, show, text = self._ctx.db, self.show_choice.currentData(), self.find_loan.text()
        order, descending = self._order, self._descending

        def read() -> tuple[int, list[int], list[V.LoanRow]]:
            ids = V.loan_ids(db, show=show, text=text, order=order, descending=descending)
            return number, ids, V.loan_rows(db, ids[:PAGE_SIZE])

        self._ctx.tasks.run_query(read, self._show, self._actions.show_failure)

    def is_loading(self) -> bool:
        return self._pause.isActive() or self._asked != self._answered

    def current_loan(self) -> V.LoanRow | None:
        return self.view.current_record()

    # --- the buttons ------------------------------------------------------------------------

    def return_selected(self) -> None:
        loan = self.current_loan()
        if loan is not None and loan.returned is None:
            self._actions.return_loan(loan)

    def extend_selected(self) -> None:
        loan = self.current_loan()
        if loan is not None and loan.returned is None:
            self._actions.extend(loan)

    def agreement_selected(self) -> None:
        loan = self.current_loan()
        if loan is not None:
            self._actions.save_agreement(loan)

    def open_selected(self) -> None:
        loan = self.current_loan()
        if loan is not None:
            self._actions.open_item(loan.item_ref)

    def export(self) -> None:
        db, ids = self._ctx.db, self.model.ids()
        title = self.show_choice.currentText()
        self._actions.export(
            tr("Loans ({which})").format(which=title.lower()),
            T.loan_columns(),
            lambda: V.loan_rows(db, ids),
        )

    # --- inside -----------------------------------------------------------------------------

    def _button(self, text: str, slot: object) -> QPushButton:
        button = QPushButton(text, self)
        button.clicked.connect(lambda _checked=False: slot())  # type: ignore[operator]
        return button

    def _enable(self) -> None:
        loan = self.current_loan()
        out = loan is not None and loan.returned is None
        self.return_button.setEnabled(out)
        self.extend_button.setEnabled(out)
        self.agreement_button.setEnabled(loan is not None)
        self.open_button.setEnabled(loan is not None)

    def _sort(self, order: str, descending: bool) -> None:
        self._order, self._descending = order, descending
        self.refresh()

    def _show(self, answer: tuple[int, list[int], list[V.LoanRow]]) -> None:
        number, ids, first_page = answer
        if number != self._asked:
            return
        self._answered = number
        keep = self.view.current_id()
        self.model.set_ids(ids, first_page)
        # Keep the highlighted loan only if it is on the first page: finding it further down
        # would fetch page after page of a long list.
        self.view.select_id(keep if keep in ids[:PAGE_SIZE] else None)
        self.count.setText(tr("1 loan") if len(ids) == 1 else tr("{n:,} loans").format(n=len(ids)))
        emit(self.list_shown)
