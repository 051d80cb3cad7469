"""Members: every timebank account with its balance, found by typing; the chosen one's details
beside the list. People join here, organisations are added, skill categories kept."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from ncdesk.core.io.xlsx_export import write_table
from ncdesk.core.parsing import today
from ncdesk.core.search_text import fold
from ncdesk.core.services.skills import add_category
from ncdesk.core.services.timebank_accounts import AccountInfo, add_organisation, join_member
from ncdesk.ui.common.desk_context import DeskContext
from ncdesk.ui.common.permissions import allowed, hide_unless, may_export
from ncdesk.ui.common.tasks import Cancelled, Progress
from ncdesk.ui.timebank.member_dialogs import CategoriesDialog, JoinDialog, OrganisationDialog
from ncdesk.ui.timebank.member_directory import MemberDirectory
from ncdesk.ui.timebank.member_panel import MemberPanel
from ncdesk.ui.timebank.progress import run_with_progress
from ncdesk.ui.timebank.tables import (
    AC_BALANCE,
    AC_EMAIL,
    AC_JOINED,
    AC_KIND,
    AC_LAST,
    AC_NAME,
    AC_PHONE,
    AC_POSTCODE,
    AC_REF,
    AC_STATUS,
    account_columns,
    account_model,
)
from ncdesk.ui.timebank.views import (
    DATE_SAMPLE,
    HOURS_SAMPLE,
    REF_SAMPLE,
    ask_save_path,
    keep_sorted,
    list_view,
    set_widths,
)
from ncdesk.ui.timebank.words import count_text


def _search_text(account: AccountInfo) -> str:
    parts = (account.name, account.ref, account.postcode or "", account.phone or "")
    return fold(" ".join(parts)) + " " + " ".join(parts).casefold()


class MembersTab(QWidget):
    """The list on the left, the chosen account on the right."""

    def __init__(self, ctx: DeskContext, directory: MemberDirectory, parent: QWidget | None = None):
        super().__init__(parent)
        self._ctx = ctx
        self.directory = directory
        self._wanted: int | None = None

        self.search = QLineEdit(self)
        self.search.setPlaceholderText(self.tr("Name, reference, postcode or phone"))
        self.search.setClearButtonEnabled(True)
        self.search.setAccessibleName(self.tr("Find a member"))
        search_label = QLabel(self.tr("&Find:"), self)
        search_label.setBuddy(self.search)
        self.show_left = QCheckBox(self.tr("Show members who &left"), self)
        self.model = account_model(lambda: {a.id: a for a in directory.accounts}, self)
        self.view = list_view(self, self.model, self.tr("Timebank members"), stretch=AC_NAME)
        for column in (AC_PHONE, AC_EMAIL, AC_POSTCODE):
            self.view.setColumnHidden(column, True)  # on the panel; kept for the export
        set_widths(
            self.view,
            {
                AC_REF: REF_SAMPLE,
                AC_KIND: 12,
                AC_STATUS: 7,
                AC_BALANCE: HOURS_SAMPLE,
                AC_JOINED: DATE_SAMPLE,
                AC_LAST: DATE_SAMPLE,
            },
        )
        self.view.selectionModel().currentRowChanged.connect(self._chosen)
        self.count_label = QLabel(self)
        self.join_button = QPushButton(self.tr("&Join a member…"), self)
        self.join_button.clicked.connect(self.join)
        self.organisation_button = QPushButton(self.tr("Add o&rganisation…"), self)
        self.organisation_button.clicked.connect(self.add_organisation)
        self.categories_button = QPushButton(self.tr("Skill cate&gories…"), self)
        self.categories_button.clicked.connect(self.edit_categories)
        self.export_button = QPushButton(self.tr("Ex&port…"), self)
        self.export_button.setToolTip(self.tr("Save the members listed as a spreadsheet (XLSX)"))
        self.export_button.clicked.connect(self.export)
        self.feedback = QLabel(self)
        self.feedback.setWordWrap(True)
        self.feedback.setAccessibleName(self.tr("What happened"))
        self.panel = MemberPanel(ctx, directory, self)
        self.panel.said.connect(self.say)

        top = QHBoxLayout()
        top.addWidget(search_label)
        top.addWidget(self.search, 1)
        top.addWidget(self.show_left)
        buttons = QHBoxLayout()
        buttons.addWidget(self.join_button)
        buttons.addWidget(self.organisation_button)
        buttons.addWidget(self.categories_button)
        buttons.addStretch(1)
        buttons.addWidget(self.export_button)
        left = QWidget(self)
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        left_layout.addLayout(top)
        left_layout.addWidget(self.view, 1)
        left_layout.addWidget(self.count_label)
        left_layout.addLayout(buttons)
        splitter = QSplitter(Qt.Orientation.Horizontal, self)
        splitter.setChildrenCollapsible(False)
        splitter.addWidget(left)
        splitter.addWidget(self.panel)
        splitter.setStretchFactor(0, 3)
        splitter.setStretchFactor(1, 2)
        splitter.setSizes([680, 480])
        layout = QVBoxLayout(self)
        layout.addWidget(splitter, 1)
        layout.addWidget(self.feedback)

        self.search.textChanged.connect(lambda _text: self.refresh())
        self.search.returnPressed.connect(self.view.setFocus)
        self.show_left.toggled.connect(lambda _on: self.refresh())
        directory.loaded.connect(self.refresh)
        hide_unless(allowed(ctx.db, join_member), self.join_button)
        hide_unless(allowed(ctx.db, add_organisation), self.organisation_button)
        hide_unless(allowed(ctx.db, add_category), self.categories_button)
        hide_unless(may_export(ctx.db), self.export_button)
        QWidget.setTabOrder(self.search, self.show_left)
        QWidget.setTabOrder(self.show_left, self.view)

    def activate(self) -> None:
        self.refresh()
        self.search.setFocus()
        self.search.selectAll()

    def refresh(self) -> None:
        """List the accounts that match what is typed (the directory is already in memory)."""
        current = self.current_account()
        keep = self._wanted or (current.id if current else None)
        key = self.search.text().strip().casefold()
        folded = fold(key)
        left = self.show_left.isChecked()
        listed = [
            a
            for a in self.directory.accounts
            if (left or a.status != "left")
            and (not key or key in (text := _search_text(a)) or folded in text)
        ]
        self.model.set_ids([a.id for a in listed], listed)
        keep_sorted(self.view, self.model)
        row = self.model.row_of(keep) if keep is not None else None
        if row is not None and keep == self._wanted:
            self._wanted = None  # found at last (an account just added)
        if row is None and self.model.rowCount():
            row = 0
        if row is not None:
            self.view.setCurrentIndex(self.model.index(row, AC_NAME))
            self.view.scrollTo(self.view.currentIndex())
        # The same row chosen again sends no signal, but its balance may have changed.
        self.panel.show_account(self.current_account())
        self.count_label.setText(count_text(len(listed), "1 account", "{count} accounts"))

    def current_account(self) -> AccountInfo | None:
        index = self.view.currentIndex()
        return self.model.record_at(index.row()) if index.isValid() else None

    def select_account(self, account_id: int) -> None:
        """Show this account now, or once the list has it (just added)."""
        self._wanted = account_id
        row = self.model.row_of(account_id)
        if row is not None:
            self.view.setCurrentIndex(self.model.index(row, AC_NAME))
            self.view.scrollTo(self.view.currentIndex())

    def join(self) -> JoinDialog:
        dialog = JoinDialog(self._ctx, self.directory, self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.saved.connect(lambda account: self._added(account, dialog.summary))
        dialog.open()
        return dialog

    def add_organisation(self) -> OrganisationDialog:
        dialog = OrganisationDialog(self._ctx, self.directory, self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.saved.connect(lambda account: self._added(account, dialog.summary))
        dialog.open()
        return dialog

    def edit_categories(self) -> CategoriesDialog:
        dialog = CategoriesDialog(self._ctx, self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()
        return dialog

    def export(self) -> None:
        if not may_export(self._ctx.db):
            return
        ids = self.model.ids()
        accounts = [a for a in (self.directory.account(i) for i in ids) if a is not None]
        if not accounts:
            self.say(self.tr("There is nothing listed to export."))
            return
        columns = account_columns()
        writing, title = self.tr("Writing the spreadsheet…"), self.tr("Timebank members")
        rows = [[c.value(a) for c in columns] for a in accounts]  # as listed now

        def chosen(path: Path) -> None:
            def work(progress: Progress, _cancelled: Cancelled) -> Path:
                progress(writing, 0, 0)
                write_table(path, title, [c.header for c in columns], rows)
                return path

            run_with_progress(
                self,
                self._ctx,
                self.tr("Exporting members…"),
                work,
                lambda saved: self.say(self.tr("Saved {path}.").format(path=saved)),
            )

        ask_save_path(
            self,
            self.tr("Export members"),
            f"timebank-members-{today():%Y-%m-%d}.xlsx",
            self.tr("Spreadsheets (*.xlsx)"),
            chosen,
        )

    def say(self, text: str) -> None:
        self.feedback.setText(text)

    # --- inside -----------------------------------------------------------------------------

    def _chosen(self, current: QModelIndex | QPersistentModelIndex, _previous: object) -> None:
        account = self.model.record_at(current.row()) if current.isValid() else None
        self.panel.show_account(account)

    def _added(self, account: AccountInfo, summary: str) -> None:
        self.search.clear()
        self._wanted = account.id
        self.say(summary)
