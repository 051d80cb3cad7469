"""Members who have gone quiet: no exchange for N months (counting from joining if they never
traded), with how to reach them, exportable for a ring-round."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QSpinBox, QVBoxLayout, QWidget

from ncdesk.core.io.xlsx_export import write_table
from ncdesk.core.parsing import today
from ncdesk.core.services.timebank_accounts import (
    INACTIVE_HEADERS,
    AccountInfo,
    inactive_members,
    inactive_members_table,
)
from ncdesk.ui.common.desk_context import DeskContext
from ncdesk.ui.common.tasks import PEOPLE, TIMEBANK, Cancelled, Progress
from ncdesk.ui.timebank.member_directory import MemberDirectory
from ncdesk.ui.timebank.progress import run_with_progress
from ncdesk.ui.timebank.tables import AC_KIND, AC_NAME, account_model
from ncdesk.ui.timebank.views import ask_save_path, fit_columns, keep_sorted, list_view
from ncdesk.ui.timebank.words import count_text, tr

DEFAULT_MONTHS = 3


class InactiveTab(QWidget):
    """The months box, the list of quiet members, and Export."""

    def __init__(self, ctx: DeskContext, directory: MemberDirectory, parent: QWidget | None = None):
        super().__init__(parent)
        self._ctx = ctx
        self._stale = True
        self._asked = 0
        self._shown = 0
        self._accounts: dict[int, AccountInfo] = {}

        self.months = QSpinBox(self)
        self.months.setRange(1, 60)
        self.months.setValue(DEFAULT_MONTHS)
        self._name_months(DEFAULT_MONTHS)
        self.months.valueChanged.connect(self._name_months)
        self.months.setAccessibleName(self.tr("Months without an exchange"))
        months_label = QLabel(self.tr("No exchange for at &least:"), self)
        months_label.setBuddy(self.months)
        self.model = account_model(lambda: self._accounts, self)
        self.view = list_view(self, self.model, self.tr("Inactive members"), stretch=AC_NAME)
        self.view.setColumnHidden(AC_KIND, True)
        self.count_label = QLabel(self)
        self.export_button = QPushButton(self.tr("Ex&port…"), self)
        self.export_button.setToolTip(
            self.tr("Save this list as a spreadsheet (XLSX) for a ring-round")
        )
        self.export_button.clicked.connect(self.export)
        self.feedback = QLabel(self)
        self.feedback.setWordWrap(True)
        self.feedback.setAccessibleName(self.tr("What happened"))

        top = QHBoxLayout()
        top.addWidget(months_label)
        top.addWidget(self.months)
        top.addWidget(
            QLabel(
                self.tr("Active and paused members; those who never traded count from joining."),
                self,
            ),
            1,
        )
        bottom = QHBoxLayout()
        bottom.addWidget(self.count_label, 1)
        bottom.addWidget(self.export_button)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addWidget(self.view, 1)
        layout.addLayout(bottom)
        layout.addWidget(self.feedback)

        self.months.valueChanged.connect(lambda _value: self.reload())
        ctx.changes.changed.connect(self._data_changed)

    def activate(self) -> None:
        if self._stale:
            self.reload()
        self.months.setFocus()
        self.months.selectAll()

    def reload(self) -> None:
        self._stale = False
        self._asked += 1
        number, months, db = self._asked, self.months.value(), self._ctx.db
        self._ctx.tasks.run_query(lambda: (number, inactive_members(db, months)), self._show)

    def is_loading(self) -> bool:
        return self._shown != self._asked

    def listed(self) -> list[AccountInfo]:
        return [self._accounts[i] for i in self.model.ids()]

    def export(self) -> None:
        months = self.months.value()
        db = self._ctx.db

        # Words are looked up here, on the GUI thread; the work below only uses them.
        writing = self.tr("Writing the spreadsheet…")
        title = self.tr("No exchange for {months} months").format(months=months)
        headers = [tr(h) for h in INACTIVE_HEADERS]  # the same words as the list's columns

        def chosen(path: Path) -> None:
            def work(progress: Progress, _cancelled: Cancelled) -> Path:
                progress(writing, 0, 0)
                write_table(path, title, headers, inactive_members_table(db, months))
                return path

            run_with_progress(
                self,
                self._ctx,
                self.tr("Exporting…"),
                work,
                lambda saved: self.feedback.setText(self.tr("Saved {path}.").format(path=saved)),
            )

        ask_save_path(
            self,
            self.tr("Export inactive members"),
            f"inactive-members-{months}-months-{today():%Y-%m-%d}.xlsx",
            self.tr("Spreadsheets (*.xlsx)"),
            chosen,
        )

    # --- inside -----------------------------------------------------------------------------

    def _show(self, answer: tuple[int, list[AccountInfo]]) -> None:
        number, quiet = answer
        if number != self._asked:
            return
        self._shown = number
        self._accounts = {a.id: a for a in quiet}
        self.model.set_ids([a.id for a in quiet], quiet)
        keep_sorted(self.view, self.model)
        fit_columns(self.view, widest=240)
        self.count_label.setText(
            count_text(len(quiet), "1 member has gone quiet", "{count} members have gone quiet")
        )
        self.export_button.setEnabled(bool(quiet))

    def _name_months(self, months: int) -> None:
        self.months.setSuffix(self.tr(" month") if months == 1 else self.tr(" months"))

    def _data_changed(self, area: str) -> None:
        if area not in (TIMEBANK, PEOPLE):  # people: names and phone numbers shown
            return
        if self.isVisible():
            self.reload()
        else:
            self._stale = True
