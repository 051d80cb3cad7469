"""The Admin area, for admins only: who may use ncdesk, the organisation's settings, the
audit trail, encryption, backups and the retention review, one tab each (Alt+1 to Alt+6,
or Ctrl+Tab)."""

from __future__ import annotations

from functools import partial

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import QTabWidget, QVBoxLayout, QWidget

from ncdesk.ui.admin.audit_tab import AuditTab
from ncdesk.ui.admin.backups_tab import BackupsTab
from ncdesk.ui.admin.encryption_tab import EncryptionTab
from ncdesk.ui.admin.retention_tab import RetentionTab
from ncdesk.ui.admin.settings_tab import SettingsTab
from ncdesk.ui.admin.users_tab import UsersTab
from ncdesk.ui.common.desk_context import DeskContext
from ncdesk.ui.common.qt_fixes import emit


class AdminScreen(QWidget):
    """Nothing is read until a tab is first shown."""

    # The database opened again (after encrypting it, or restoring a backup: None when
    # whoever restored must sign in again).
    reopened = Signal(object, str)

    def __init__(self, ctx: DeskContext, parent: QWidget | None = None):
        super().__init__(parent)
        self.users = UsersTab(ctx, self)
        self.settings = SettingsTab(ctx, self)
        self.audit = AuditTab(ctx, self)
        self.encryption = EncryptionTab(ctx, self)
        self.encryption.reopened.connect(lambda db, note: emit(self.reopened, db, note))
        self.backups = BackupsTab(ctx, self)
        self.backups.reopened.connect(lambda db, note: emit(self.reopened, db, note))
        self.retention = RetentionTab(ctx, self)
        self.tabs = QTabWidget(self)
        self.tabs.setDocumentMode(True)
        for number, (tab, name) in enumerate(
            (
                (self.users, self.tr("Users")),
                (self.settings, self.tr("Settings")),
                (self.audit, self.tr("Audit trail")),
                (self.encryption, self.tr("Encryption")),
                (self.backups, self.tr("Backups")),
                (self.retention, self.tr("Retention review")),
            ),
            start=1,
        ):
            self.tabs.addTab(tab, name)
            self.tabs.setTabToolTip(number - 1, self.tr("Alt+{n}").format(n=number))
            jump = QShortcut(QKeySequence(f"Alt+{number}"), self)
            jump.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            jump.activated.connect(partial(self.tabs.setCurrentWidget, tab))
        self.tabs.currentChanged.connect(lambda _index: self._activate_tab())
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.tabs)

    @property
    def title(self) -> str:
        return self.tr("Admin")

    def activate(self) -> None:
        self._activate_tab()

    def show_tab(self, tab: QWidget) -> None:
        self.tabs.setCurrentWidget(tab)
        self._activate_tab()

    def _activate_tab(self) -> None:
        activate = getattr(self.tabs.currentWidget(), "activate", None)
        if activate is not None:
            activate()
