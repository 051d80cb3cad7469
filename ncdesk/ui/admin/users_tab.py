"""Who may use ncdesk: every account with its role, whether it can sign in, and when it last
did; add one (Ctrl+N), give someone a new password, change a role, or disable an account.
Everything from the keyboard: the list takes Up/Down, the buttons have underlined letters,
Delete disables."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from ncdesk.core.parsing import format_date, local
from ncdesk.core.security.accounts import UserInfo, disable_user, list_users
from ncdesk.ui.access.account_dialog import AccountDialog
from ncdesk.ui.access.role_words import role_name
from ncdesk.ui.admin.user_dialogs import AddUserDialog, ChangeRoleDialog, ResetPasswordDialog
from ncdesk.ui.common.desk_context import DeskContext
from ncdesk.ui.common.messages import confirm, show_error
from ncdesk.ui.common.table_model import Column, RecordTableModel
from ncdesk.ui.common.tasks import ACCOUNTS

COL_LOGIN, COL_NAME, COL_ROLE, COL_STATUS, COL_LAST = range(5)


class UsersTab(QWidget):
    def __init__(self, ctx: DeskContext, parent: QWidget | None = None):
        super().__init__(parent)
        self._ctx = ctx
        self._loaded = False
        self._select_login = ""
        self.model: RecordTableModel[UserInfo] = RecordTableModel(
            [
                Column(self.tr("Login"), lambda u: u.login),
                Column(self.tr("Name"), lambda u: u.name),
                Column(self.tr("Role"), lambda u: role_name(u.role), sort_key=lambda u: u.role),
                Column(self.tr("Status"), self._status),
                Column(
                    self.tr("Last signed in"),
                    _when,
                    sort_key=lambda u: u.last_login_at,
                ),
            ],
            lambda _ids: [],
            lambda u: u.id,
            parent=self,
        )
        self.view = QTableView(self)
        self.view.setModel(self.model)
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.view.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.view.setTabKeyNavigation(False)
        self.view.setAlternatingRowColors(True)
        self.view.setSortingEnabled(True)
        self.view.horizontalHeader().setSortIndicator(-1, Qt.SortOrder.AscendingOrder)
        self.view.verticalHeader().hide()
        self.view.verticalHeader().setDefaultSectionSize(self.fontMetrics().lineSpacing() + 8)
        self.view.setAccessibleName(self.tr("Users"))
        header = self.view.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(COL_NAME, QHeaderView.ResizeMode.Stretch)
        self.view.selectionModel().currentRowChanged.connect(lambda *_: self._enable())
        heading = QLabel(self.tr("U&sers"), self)
        heading.setBuddy(self.view)

        self.add_button = QPushButton(self.tr("&Add user…"), self)
        self.add_button.setToolTip(self.tr("Add someone who may use ncdesk (Ctrl+N)"))
        self.add_button.clicked.connect(self.add_user)
        self.password_button = QPushButton(self.tr("New &password…"), self)
        self.password_button.setToolTip(
            self.tr("Give the highlighted user a new password (it also lets a disabled one in)")
        )
        self.password_button.clicked.connect(self.reset_password)
        self.role_button = QPushButton(self.tr("Change &role…"), self)
        self.role_button.clicked.connect(self.change_role)
        self.disable_button = QPushButton(self.tr("&Disable…"), self)
        self.disable_button.setToolTip(
            self.tr("Stop the highlighted user signing in; what they did stays (Delete)")
        )
        self.disable_button.clicked.connect(self.disable)
        self.feedback = QLabel(self)
        self.feedback.setWordWrap(True)
        self.feedback.setAccessibleName(self.tr("What happened"))

        for keys, slot, owner in (
            (QKeySequence("Ctrl+N"), self.add_user, self),
            (QKeySequence(Qt.Key.Key_Delete), self.disable, self.view),
        ):
            shortcut = QShortcut(keys, owner)
            shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            shortcut.activated.connect(slot)
        self.view.activated.connect(lambda _index: self.change_role())

        buttons = QHBoxLayout()
        for button in (self.add_button, self.password_button, self.role_button):
            buttons.addWidget(button)
        buttons.addStretch(1)
        buttons.addWidget(self.disable_button)
        layout = QVBoxLayout(self)
        layout.addWidget(heading)
        layout.addWidget(self.view, 1)
        layout.addWidget(self.feedback)
        layout.addLayout(buttons)
        ctx.changes.changed.connect(self._data_changed)
        self._enable()

    def activate(self) -> None:
        if not self._loaded:
            self.refresh()
        self.view.setFocus(Qt.FocusReason.OtherFocusReason)

    def refresh(self) -> None:
        self._loaded = True
        if not self._ctx.db.accounts:
            self._show([])  # nobody yet: list_users would be the first to ask
            return
        db = self._ctx.db
        self._ctx.tasks.run_query(lambda: list_users(db), self._show)

    def current_user(self) -> UserInfo | None:
        index = self.view.currentIndex()
        return self.model.record_at(index.row()) if index.isValid() else None

    def logins(self) -> list[str]:
        """The logins listed, in order (for tests and the screen reader's sake)."""
        return [u.login for row in range(self.model.rowCount()) if (u := self.model.record_at(row))]

    # --- user actions -----------------------------------------------------------------------

    def add_user(self) -> AddUserDialog:
        dialog = AddUserDialog(self._ctx, self)
        dialog.succeeded.connect(self._added)
        dialog.open()
        return dialog

    def reset_password(self) -> AccountDialog | None:
        user = self.current_user()
        if user is None:
            return None
        dialog = ResetPasswordDialog(self._ctx, user, self)
        dialog.succeeded.connect(
            lambda _r: self._done(self.tr("{login} has a new password.").format(login=user.login))
        )
        dialog.open()
        return dialog

    def change_role(self) -> AccountDialog | None:
        user = self.current_user()
        if user is None:
            return None
        dialog = ChangeRoleDialog(self._ctx, user, self)
        dialog.succeeded.connect(
            lambda _r: self._done(self.tr("Changed the role of {login}.").format(login=user.login))
        )
        dialog.open()
        return dialog

    def disable(self) -> None:
        user = self.current_user()
        if user is None or user.disabled:
            return
        db, login = self._ctx.db, user.login

        def disable() -> None:
            self._ctx.tasks.run_operation(
                lambda: disable_user(db, login),
                lambda _r: self._done(
                    self.tr("{login} can no longer sign in.").format(login=login)
                ),
                self._refused,
                changes=(ACCOUNTS,),
            )

        confirm(
            self,
            self.tr("Disable {login}?").format(login=login),
            self.tr("Disable"),
            disable,
            details=self.tr(
                "They will no longer be able to sign in. Everything they recorded stays, and "
                "the audit trail still names them. New password… lets them in again."
            ),
        )

    # --- inside -----------------------------------------------------------------------------

    def _status(self, user: UserInfo) -> str:
        if user.disabled:
            return self.tr("Disabled")
        if not user.can_open:
            return self.tr("Needs a new password")
        return self.tr("Can sign in")

    def _show(self, users: list[UserInfo]) -> None:
        wanted = self._select_login or (u.login if (u := self.current_user()) else "")
        self._select_login = ""
        self.model.set_ids([u.id for u in users], users)
        row = next((r for r, u in enumerate(users) if u.login == wanted), 0 if users else None)
        if row is not None:
            self.view.setCurrentIndex(self.model.index(row, COL_LOGIN))
        self._enable()

    def _added(self, user: UserInfo) -> None:
        self._select_login = user.login
        self._done(
            self.tr("Added {login} as a {role}.").format(
                login=user.login, role=role_name(user.role).lower()
            )
        )

    def _done(self, text: str) -> None:
        self.feedback.setText(text)
        self.view.setFocus(Qt.FocusReason.OtherFocusReason)

    def _refused(self, error: BaseException) -> None:
        self.feedback.setText("\N{WARNING SIGN} " + str(error))
        show_error(self, error)

    def _enable(self) -> None:
        user = self.current_user()
        for button in (self.password_button, self.role_button):
            button.setEnabled(user is not None)
        self.disable_button.setEnabled(user is not None and not user.disabled)

    def _data_changed(self, area: str) -> None:
        if area == ACCOUNTS and self._loaded:
            self.refresh()


def _when(user: UserInfo) -> str:
    if user.last_login_at is None:
        return ""
    at = local(user.last_login_at)
    return f"{format_date(at.date())} {at:%H:%M}"
