"""Type-ahead fields for picking timebank members: one member, or a list of them."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, QStringListModel, Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QCompleter,
    QHBoxLayout,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)
from typing_extensions import override

from ncdesk.ui.common.qt_fixes import emit
from ncdesk.ui.timebank.member_directory import MemberDirectory, Resolved, account_label

_ENTER_KEYS = (Qt.Key.Key_Return, Qt.Key.Key_Enter)


def name_completer(model: QStringListModel, parent: QObject) -> QCompleter:
    """Completion on any part of a name or reference, ignoring case."""
    completer = QCompleter(model, parent)
    completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
    completer.setFilterMode(Qt.MatchFlag.MatchContains)
    completer.setCompletionMode(QCompleter.CompletionMode.PopupCompletion)
    completer.setMaxVisibleItems(12)
    return completer


class MemberField(QLineEdit):
    """Type part of a name or a reference; leaving the field fills in the full name when only
    one member matches."""

    def __init__(self, directory: MemberDirectory, parent: QWidget | None = None):
        super().__init__(parent)
        self._directory = directory
        self.setPlaceholderText(self.tr("Name or reference"))
        self.setCompleter(name_completer(directory.member_names, self))
        self.editingFinished.connect(self.complete_name)

    def resolved(self) -> Resolved:
        return self._directory.resolve(self.text())

    def account_id(self) -> int | None:
        found = self.resolved()
        return found.account.id if found.account else None

    def set_account(self, account_id: int | None) -> None:
        account = self._directory.account(account_id) if account_id is not None else None
        self.setText(account_label(account) if account else "")

    def complete_name(self) -> None:
        if self.text().strip():
            found = self.resolved()
            if found.account is not None and self.text() != found.label:
                self.setText(found.label)


class MemberListField(QWidget):
    """Several members: type a name and press Enter (or Add) to put them on the list;
    Delete takes the highlighted one off."""

    changed = Signal()

    def __init__(self, directory: MemberDirectory, parent: QWidget | None = None):
        super().__init__(parent)
        self._directory = directory
        self.field = MemberField(directory, self)
        self.add_button = QPushButton(self.tr("Add"), self)
        self.add_button.setAutoDefault(False)
        self.add_button.clicked.connect(self.add_typed)
        self.list = QListWidget(self)
        self.list.setAccessibleName(self.tr("Members chosen"))
        self.list.setMaximumHeight(self.fontMetrics().lineSpacing() * 6)
        self.field.installEventFilter(self)
        self.list.installEventFilter(self)
        self.problem = ""

        row = QHBoxLayout()
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.field, 1)
        row.addWidget(self.add_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(row)
        layout.addWidget(self.list)
        self.setFocusProxy(self.field)

    def account_ids(self) -> list[int]:
        return [self.list.item(i).data(Qt.ItemDataRole.UserRole) for i in range(self.list.count())]

    def add_typed(self) -> bool:
        """Put the member typed on the list; False (with `problem` set) if that cannot be."""
        if not self.field.text().strip():
            return False
        found = self.field.resolved()
        if found.account is None:
            self.problem = found.problem
            emit(self.changed)
            return False
        self.problem = ""
        if found.account.id not in self.account_ids():
            item = QListWidgetItem(found.label, self.list)
            item.setData(Qt.ItemDataRole.UserRole, found.account.id)
        self.field.clear()
        emit(self.changed)
        return True

    @override
    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.KeyPress:
            assert isinstance(event, QKeyEvent)
            if watched is self.field and event.key() in _ENTER_KEYS and self.field.text().strip():
                self.add_typed()
                return True  # Enter with a name typed adds it; with nothing typed it saves
            if watched is self.list and event.key() in (Qt.Key.Key_Delete, Qt.Key.Key_Backspace):
                row = self.list.currentRow()
                if row >= 0:
                    self.list.takeItem(row)
                    emit(self.changed)
                return True
        return super().eventFilter(watched, event)
