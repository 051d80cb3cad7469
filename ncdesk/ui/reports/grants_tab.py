"""The grants the organisation reports on: a list, and the form to add or change one."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from ncdesk.core.db import Database
from ncdesk.core.services.activities import list_activities
from ncdesk.core.services.grants import GrantInfo, list_grants
from ncdesk.core.services.referrals import referral_types
from ncdesk.ui.common.desk_context import DeskContext
from ncdesk.ui.common.qt_fixes import emit
from ncdesk.ui.common.table_model import RIGHT, Column
from ncdesk.ui.common.tasks import DROPIN, GRANTS
from ncdesk.ui.reports.grant_dialog import GrantChoices, GrantDialog
from ncdesk.ui.reports.lists import ListModel, ListView
from ncdesk.ui.reports.words import count_text, money_text, period_text, tr

COL_CODE, COL_FUNDER, COL_NAME, COL_PERIOD, COL_AMOUNT, COL_COUNTS, COL_TARGETS = range(7)


def covers_text(g: GrantInfo) -> str:
    parts = [count_text(len(g.activity_ids), "1 activity", "{count} activities")]
    if g.covers_timebank:
        parts.append(tr("timebank"))
    if g.covers_loans:
        parts.append(tr("loans"))
    return ", ".join(parts)


def grant_columns() -> list[Column[GrantInfo]]:
    return [
        Column(tr("Code"), lambda g: g.code),
        Column(tr("Funder"), lambda g: g.funder),
        Column(tr("Name"), lambda g: g.name),
        Column(
            tr("Period"),
            lambda g: period_text(g.start, g.end),
            sort_key=lambda g: (g.start, g.end),
            alignment=RIGHT,
        ),
        Column(
            tr("Amount"),
            lambda g: money_text(g.amount_pence),
            sort_key=lambda g: g.amount_pence,
            alignment=RIGHT,
        ),
        Column(
            tr("Counts"),
            covers_text,
            tooltip=lambda g: ", ".join(g.activity_names),
        ),
        Column(
            tr("Targets"),
            lambda g: f"{len(g.targets):,}",
            sort_key=lambda g: len(g.targets),
            alignment=RIGHT,
        ),
    ]


def grant_choices(db: Database) -> GrantChoices:
    """What the grant form offers (read in the background before it opens)."""
    return GrantChoices(
        list_activities(db, include_archived=True),
        [t.name for t in referral_types(db)],
        sorted({g.funder for g in list_grants(db)}, key=str.casefold),
    )


class GrantsTab(QWidget):
    """Enter or double-click on a grant opens it; Ctrl+N adds one."""

    dialog_opened = Signal(object)  # the GrantDialog, for tests

    def __init__(self, ctx: DeskContext, parent: QWidget | None = None):
        super().__init__(parent)
        self._ctx = ctx
        self._loaded = False
        self._select_next: int | None = None
        self.model: ListModel[GrantInfo] = ListModel(grant_columns(), lambda g: g.id, self)
        self.view = ListView(self.model, tr("Grants"), self)
        self.view.stretch(COL_NAME)
        self.view.activated.connect(lambda _index: self.edit_grant())
        self.new_button = QPushButton(tr("&New grant…"), self)
        self.new_button.setToolTip(tr("Add a grant and its targets (Ctrl+N)"))
        self.new_button.setShortcut("Ctrl+N")
        self.new_button.clicked.connect(self.new_grant)
        self.edit_button = QPushButton(tr("&Change grant…"), self)
        self.edit_button.setToolTip(tr("Change the highlighted grant (Enter)"))
        self.edit_button.clicked.connect(self.edit_grant)
        self.count_label = QLabel(self)

        actions = QHBoxLayout()
        actions.addWidget(self.new_button)
        actions.addWidget(self.edit_button)
        actions.addStretch(1)
        actions.addWidget(self.count_label)
        layout = QVBoxLayout(self)
        layout.addWidget(self.view, 1)
        layout.addLayout(actions)
        ctx.changes.changed.connect(self._data_changed)

    def activate(self) -> None:
        if not self._loaded:
            self._loaded = True
            self.refresh()
        self.view.setFocus(Qt.FocusReason.OtherFocusReason)

    def refresh(self) -> None:
        db, select = self._ctx.db, self._select_next
        self._select_next = None
        self._ctx.tasks.run_query(lambda: list_grants(db), lambda g: self._show(g, select))

    def current_grant(self) -> GrantInfo | None:
        row = self.view.current_row()
        return self.model.record_at(row) if row is not None else None

    def new_grant(self) -> None:
        self._open(None)

    def edit_grant(self) -> None:
        grant = self.current_grant()
        if grant is not None:
            self._open(grant)

    # --- inside -----------------------------------------------------------------------------

    def _open(self, grant: GrantInfo | None) -> None:
        db = self._ctx.db
        self._ctx.tasks.run_query(lambda: grant_choices(db), lambda c: self._open_with(grant, c))

    def _open_with(self, grant: GrantInfo | None, choices: GrantChoices) -> None:
        dialog = GrantDialog(self._ctx, grant, choices, self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.saved.connect(self._saved)
        dialog.open()
        emit(self.dialog_opened, dialog)

    def _saved(self, info: GrantInfo) -> None:
        self._select_next = info.id  # highlighted when the list comes back after the change

    def _show(self, grants: list[GrantInfo], select: int | None) -> None:
        keep = select
        if keep is None and (current := self.current_grant()) is not None:
            keep = current.id
        self.model.set_rows(grants)
        self.view.reset_sort()
        row = self.model.row_of(keep) if keep is not None else None
        if row is not None:
            self.view.setCurrentIndex(self.model.index(row, 0))
        else:
            self.view.select_first()
        self.edit_button.setEnabled(bool(grants))
        self.count_label.setText(
            count_text(len(grants), "1 grant", "{count} grants")
            if grants
            else tr("No grants yet: add one with New grant.")
        )

    def _data_changed(self, area: str) -> None:
        if self._loaded and area in (GRANTS, DROPIN):
            self.refresh()
