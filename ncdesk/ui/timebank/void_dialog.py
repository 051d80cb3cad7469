"""Voiding an exchange: asked once, with the reason typed in the same box. The entry stays in
the ledger marked void and a reversing entry cancels it on both balances."""

from __future__ import annotations

import html

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from ncdesk.core.services.ledger import ExchangeRow
from ncdesk.ui.common.qt_fixes import emit
from ncdesk.ui.timebank.tables import exchange_sentence


class VoidDialog(QDialog):
    """`confirmed` carries the reason; the Void button works only once a reason is typed."""

    confirmed = Signal(str)

    def __init__(self, row: ExchangeRow, parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle(self.tr("Void exchange No. {number}").format(number=row.id))
        question = QLabel(
            self.tr("Void this exchange?") + "<br>" + html.escape(exchange_sentence(row)), self
        )
        question.setWordWrap(True)
        details = QLabel(
            self.tr(
                "It stays in the ledger marked void, and a reversing entry takes the hours back "
                "off both balances. This cannot be undone."
            ),
            self,
        )
        details.setWordWrap(True)
        self.reason = QLineEdit(self)
        self.reason.setPlaceholderText(self.tr("for example: entered twice, wrong member"))
        self.reason.setAccessibleName(self.tr("Reason"))
        reason_label = QLabel(self.tr("&Reason:"), self)
        reason_label.setBuddy(self.reason)
        buttons = QDialogButtonBox(self)
        self.void_button = QPushButton(self.tr("&Void"), self)
        self.void_button.setEnabled(False)
        buttons.addButton(self.void_button, QDialogButtonBox.ButtonRole.AcceptRole)
        self.cancel_button = buttons.addButton(QDialogButtonBox.StandardButton.Cancel)
        # Enter voids only once a reason is typed; before that it is Cancel's.
        self.cancel_button.setDefault(True)
        buttons.accepted.connect(self._void)
        buttons.rejected.connect(self.reject)
        self.reason.textChanged.connect(self._typed)

        layout = QVBoxLayout(self)
        layout.addWidget(question)
        layout.addWidget(details)
        layout.addWidget(reason_label)
        layout.addWidget(self.reason)
        layout.addWidget(buttons)
        self.resize(460, self.sizeHint().height())
        self.reason.setFocus()

    def _typed(self, text: str) -> None:
        ready = bool(text.strip())
        self.void_button.setEnabled(ready)
        (self.void_button if ready else self.cancel_button).setDefault(True)

    def _void(self) -> None:
        reason = self.reason.text().strip()
        if not reason or self.result() == QDialog.DialogCode.Accepted:
            return
        self.accept()
        emit(self.confirmed, reason)
