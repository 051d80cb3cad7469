"""Asking once, clearly, before erasing someone (a data-protection request): what goes, what
stays, and that it cannot be undone; the Erase button works only once their reference is
typed. Cancel is the default and Esc cancels; Enter in the reference field erases only when
what is typed is their reference, and does nothing otherwise."""

from __future__ import annotations

import html

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)
from typing_extensions import override

from ncdesk.core.services.people import PersonRecord


class EraseDialog(QDialog):
    """Accepted only with the person's reference typed; the caller erases on `accepted`."""

    def __init__(self, person: PersonRecord, parent: QWidget | None = None):
        super().__init__(parent)
        self.person = person
        who = f"{person.display_name} ({person.person_ref})"
        self.setWindowTitle(self.tr("Erase {who}").format(who=who))
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        ref = html.escape(person.person_ref)
        self.explanation = QLabel(self)
        self.explanation.setWordWrap(True)
        self.explanation.setTextFormat(Qt.TextFormat.RichText)
        self.explanation.setText(
            self.tr(
                "<h3>Erase everything that identifies {who}?</h3>"
                "<p><b>What goes:</b> their name, phone, email, the full postcode (the district, "
                "such as CB7, stays), notes, how they heard about you, consent, and every "
                "free-text note about them: help given at visits, signposting notes, exchange "
                "descriptions, offers and requests, loan conditions, reservation and training "
                "notes. Records merged into theirs are erased too. {ref} is replaced by a new "
                "reference (E0001…), so {ref} written on paper no longer leads to them.</p>"
                "<p><b>What stays:</b> date of birth, gender, disability, ethnicity and all "
                "their activity, with nothing that says who they were, so every grant return "
                "gives the same figures afterwards.</p>"
                "<p><b>This cannot be undone.</b> If they have equipment out, take it back "
                "first; export what we hold (Everything we hold…) first if you need to show "
                "what was erased. Backups made before now still hold them until they age out: "
                "if you restore one, erase them again.</p>"
            ).format(who=html.escape(who), ref=ref)
        )
        self.reference = QLineEdit(self)
        self.reference.setAccessibleName(self.tr("Their reference"))
        self.reference.setPlaceholderText(person.person_ref)
        self.reference.textChanged.connect(lambda _text: self._enable())
        self.reference.installEventFilter(self)
        prompt = QLabel(
            self.tr("&Type their reference, {ref}, to confirm:").format(ref=person.person_ref),
            self,
        )
        prompt.setBuddy(self.reference)
        self.buttons = QDialogButtonBox(self)
        self.erase_button = QPushButton(self.tr("&Erase"), self)
        self.erase_button.setAutoDefault(False)
        self.buttons.addButton(self.erase_button, QDialogButtonBox.ButtonRole.AcceptRole)
        cancel = self.buttons.addButton(QDialogButtonBox.StandardButton.Cancel)
        cancel.setDefault(True)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.explanation)
        layout.addWidget(prompt)
        layout.addWidget(self.reference)
        layout.addWidget(self.buttons)
        self.setMinimumWidth(self.fontMetrics().averageCharWidth() * 72)
        self.reference.setFocus()
        self._enable()

    def typed_right(self) -> bool:
        return self.reference.text().strip().upper() == self.person.person_ref.upper()

    @override
    def accept(self) -> None:
        if self.typed_right():
            super().accept()

    @override
    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if (
            watched is self.reference
            and isinstance(event, QKeyEvent)
            and event.type() == QEvent.Type.KeyPress
            and event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter)
        ):
            self.accept()  # erases only when the reference is right; never cancels
            return True
        return super().eventFilter(watched, event)

    def _enable(self) -> None:
        self.erase_button.setEnabled(self.typed_right())
