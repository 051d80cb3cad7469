"""The organisation's own list of places people are signposted to: add, rename, take off the
list (archive) or put back. Referrals already recorded keep their type whatever happens."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from ncdesk.core.errors import NcdeskError
from ncdesk.core.services.referrals import (
    ReferralTypeInfo,
    add_referral_type,
    referral_types,
    rename_referral_type,
    set_referral_type_archived,
)
from ncdesk.ui.common.desk_context import DeskContext
from ncdesk.ui.common.messages import show_error
from ncdesk.ui.common.tasks import DROPIN, OnDone
from ncdesk.ui.dropin.wording import plain_problem


class ReferralTypesDialog(QDialog):
    def __init__(self, ctx: DeskContext, parent: QWidget | None = None):
        super().__init__(parent)
        self._ctx = ctx
        self._wanted: int | None = None
        self.setWindowTitle(self.tr("Referral types"))
        explain = QLabel(
            self.tr(
                "The places people are signposted to, as the desk offers them. Taking a type "
                "off the list keeps it on the referrals already recorded."
            ),
            self,
        )
        explain.setWordWrap(True)
        self.list = QListWidget(self)
        self.list.setAccessibleName(self.tr("Referral types"))
        self.list.currentRowChanged.connect(lambda _row: self._show_buttons())
        self.new_name = QLineEdit(self)
        self.new_name.setPlaceholderText(self.tr("for example Citizens Advice"))
        self.new_name.setAccessibleName(self.tr("New type"))
        self.new_name.returnPressed.connect(self.add_type)
        new_label = QLabel(self.tr("&New type:"), self)
        new_label.setBuddy(self.new_name)
        self.add_button = QPushButton(self.tr("&Add"), self)
        self.add_button.setAutoDefault(False)
        self.add_button.clicked.connect(self.add_type)
        self.rename_button = QPushButton(self.tr("&Rename…"), self)
        self.rename_button.setAutoDefault(False)
        self.rename_button.clicked.connect(self.rename_type)
        self.archive_button = QPushButton(self.tr("&Take off the list"), self)
        self.archive_button.setAutoDefault(False)
        self.archive_button.clicked.connect(self.toggle_archived)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        self.buttons.rejected.connect(self.reject)
        # Enter in 'New type' adds it; it must not press Close as well.
        self.buttons.button(QDialogButtonBox.StandardButton.Close).setAutoDefault(False)
        self.feedback = QLabel(self)
        self.feedback.setWordWrap(True)

        add_row = QHBoxLayout()
        add_row.addWidget(new_label)
        add_row.addWidget(self.new_name, 1)
        add_row.addWidget(self.add_button)
        list_buttons = QHBoxLayout()
        list_buttons.addWidget(self.rename_button)
        list_buttons.addWidget(self.archive_button)
        list_buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addWidget(explain)
        layout.addWidget(self.list, 1)
        layout.addLayout(list_buttons)
        layout.addLayout(add_row)
        layout.addWidget(self.feedback)
        layout.addWidget(self.buttons)
        self.resize(460, 420)
        self.refresh()

    def refresh(self) -> None:
        db = self._ctx.db
        self._ctx.tasks.run_query(lambda: referral_types(db, include_archived=True), self._show)

    def current(self) -> ReferralTypeInfo | None:
        item = self.list.currentItem()
        return item.data(Qt.ItemDataRole.UserRole) if item else None

    def add_type(self) -> None:
        name = self.new_name.text()
        if not name.strip():
            return
        db = self._ctx.db
        self._run(lambda: add_referral_type(db, name), self._added)

    def rename_type(self) -> None:
        current = self.current()
        if current is None:
            return
        dialog = QInputDialog(self)
        dialog.setWindowTitle(self.tr("Rename a referral type"))
        dialog.setLabelText(self.tr("New name for {name}:").format(name=current.name))
        dialog.setTextValue(current.name)
        dialog.setOkButtonText(self.tr("Rename"))
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        db = self._ctx.db
        dialog.textValueSelected.connect(
            lambda name: self._run(
                lambda: rename_referral_type(db, current.id, name),
                lambda _r: self._done(current.id, self.tr("Renamed to {name}.").format(name=name)),
            )
        )
        self.input_dialog = dialog
        dialog.open()

    def toggle_archived(self) -> None:
        current = self.current()
        if current is None:
            return
        db, archived = self._ctx.db, not current.archived
        message = (
            self.tr("{name} is off the list.")
            if archived
            else self.tr("{name} is back on the list.")
        ).format(name=current.name)
        self._run(
            lambda: set_referral_type_archived(db, current.id, archived),
            lambda _r: self._done(current.id, message),
        )

    # --- inside -----------------------------------------------------------------------------

    def _run(self, work: Callable[[], object], on_done: OnDone) -> None:
        self._ctx.tasks.run_operation(
            work,
            on_done,
            lambda error: show_error(self, NcdeskError(plain_problem(error))),
            changes=(DROPIN,),
        )

    def _added(self, info: ReferralTypeInfo) -> None:
        self.new_name.clear()
        self._done(info.id, self.tr("Added {name}.").format(name=info.name))

    def _done(self, type_id: int, message: str) -> None:
        self._wanted = type_id
        self.feedback.setText(message)
        self.refresh()

    def _show(self, types: list[ReferralTypeInfo]) -> None:
        current = self.current()
        keep = self._wanted or (current.id if current else None)
        self._wanted = None
        self.list.clear()
        for info in types:
            text = info.name + (" " + self.tr("(off the list)") if info.archived else "")
            item = QListWidgetItem(text, self.list)
            item.setData(Qt.ItemDataRole.UserRole, info)
            if info.id == keep:
                self.list.setCurrentItem(item)
        if self.list.currentRow() < 0 and self.list.count():
            self.list.setCurrentRow(0)
        self._show_buttons()

    def _show_buttons(self) -> None:
        current = self.current()
        self.rename_button.setEnabled(current is not None)
        self.archive_button.setEnabled(current is not None)
        self.archive_button.setText(
            self.tr("&Put back on the list")
            if current and current.archived
            else self.tr("&Take off the list")
        )
