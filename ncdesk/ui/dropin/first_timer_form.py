"""Adding a first-timer at the desk, inline under the check-in field: only a name is needed;
age band, postcode and how they heard about the drop-in are there if they are happy to say.

The details are read by the same reader as the People form and the import, so a postcode is
accepted or refused the same way everywhere.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QHideEvent, QKeyEvent, QKeySequence, QShortcut, QShowEvent
from PySide6.QtWidgets import (
    QAbstractButton,
    QApplication,
    QComboBox,
    QFormLayout,
    QFrame,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)
from typing_extensions import override

from ncdesk.core.errors import FieldProblem
from ncdesk.core.models import AGE_BANDS
from ncdesk.core.services.person_fields import PersonDetails, read_person_details
from ncdesk.ui.common.field_errors import InlineErrors, error_label
from ncdesk.ui.common.messages import confirm
from ncdesk.ui.common.qt_fixes import emit

FIELDS = ("first_name", "last_name", "age_band", "postcode", "how_heard")


def split_typed_name(typed: str) -> tuple[str, str]:
    """'mary smith' → ('Mary', 'Smith'): first word, then the rest; capitals added only when
    everything was typed in lower case (so 'McDonald' and 'de Souza' are kept as typed)."""
    words = typed.split()
    if typed == typed.lower():
        words = [w[:1].upper() + w[1:] for w in words]
    if not words:
        return "", ""
    return words[0], " ".join(words[1:])


class FirstTimerForm(QFrame):
    """Emits `add_asked` with the details when they read correctly; `cancelled` on Esc."""

    add_asked = Signal(object)  # PersonDetails
    cancelled = Signal()
    shown = Signal()
    hidden = Signal()

    def __init__(self, how_heard_choices: list[str], parent: QWidget | None = None):
        super().__init__(parent)
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.errors = InlineErrors()
        self.heading = QLabel(self)
        self.heading.setTextFormat(Qt.TextFormat.RichText)
        self.inputs: dict[str, QLineEdit | QComboBox] = {}
        for name in ("first_name", "last_name", "postcode"):
            self.inputs[name] = QLineEdit(self)
        self.inputs["postcode"].setPlaceholderText(self.tr("optional"))
        band = QComboBox(self)
        band.addItem(self.tr("Not asked"), "")
        for value in AGE_BANDS:
            band.addItem(value, value)
        self.inputs["age_band"] = band
        heard = QComboBox(self)
        heard.setEditable(True)
        heard.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        heard.addItems(["", *how_heard_choices])
        heard_line = heard.lineEdit()
        assert heard_line is not None  # an editable combo box has one
        heard_line.setPlaceholderText(self.tr("optional"))
        self.inputs["how_heard"] = heard

        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        labels = {
            "first_name": self.tr("&First name:"),
            "last_name": self.tr("&Last name:"),
            "age_band": self.tr("Age &band:"),
            "postcode": self.tr("&Postcode:"),
            "how_heard": self.tr("&How they heard:"),
        }
        for name in FIELDS:
            column = QVBoxLayout()
            column.setSpacing(2)
            column.addWidget(self.inputs[name])
            problem = error_label(self)
            problem.setObjectName(f"{name}_problem")
            column.addWidget(problem)
            self.errors.add(name, self.inputs[name], problem)
            title = QLabel(labels[name], self)
            title.setBuddy(self.inputs[name])
            self.inputs[name].setAccessibleName(labels[name].replace("&", "").rstrip(":"))
            form.addRow(title, column)

        self.add_button = QPushButton(self.tr("&Add and check in"), self)
        self.add_button.setDefault(True)
        self.add_button.clicked.connect(self.submit)
        self.cancel_button = QPushButton(self.tr("Cancel"), self)
        self.cancel_button.setToolTip(self.tr("Back to the check-in field (Esc)"))
        self.cancel_button.clicked.connect(self.cancel)
        buttons = QHBoxLayout()
        buttons.addWidget(self.add_button)
        buttons.addWidget(self.cancel_button)
        buttons.addStretch(1)

        layout = QVBoxLayout(self)
        layout.addWidget(self.heading)
        layout.addLayout(form)
        layout.addLayout(buttons)
        for before, after in zip(FIELDS, FIELDS[1:], strict=False):
            QWidget.setTabOrder(self.inputs[before], self.inputs[after])
        QWidget.setTabOrder(self.inputs["how_heard"], self.add_button)
        QWidget.setTabOrder(self.add_button, self.cancel_button)
        escape = QShortcut(QKeySequence(Qt.Key.Key_Escape), self)
        escape.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        escape.activated.connect(self.cancel_asking)
        self._started_with: dict[str, str] = {}

    def start(self, typed: str) -> None:
        """Show the form with the typed name split into first and last name, cursor in it."""
        first, last = split_typed_name(typed)
        self.errors.clear()
        self._set("first_name", first)
        self._set("last_name", last)
        self._set("postcode", "")
        self._set("how_heard", "")
        self.inputs["age_band"].setCurrentIndex(0)  # type: ignore[union-attr]
        self.heading.setText("<b>{}</b>".format(self.tr("New to the drop-in")))
        self.show()
        # The cursor goes after what was typed, to finish the name; Tab goes on to the rest.
        target = self.inputs["last_name"] if first else self.inputs["first_name"]
        target.setFocus(Qt.FocusReason.OtherFocusReason)
        self._started_with = self.raw_values()

    def is_changed(self) -> bool:
        """True once anything was typed or chosen in the form itself."""
        return self.isVisible() and self.raw_values() != self._started_with

    def resume(self) -> None:
        """Back to the form as it was left (after the likely matches were put aside)."""
        self.inputs["first_name"].setFocus(Qt.FocusReason.OtherFocusReason)

    def raw_values(self) -> dict[str, str]:
        raw = {}
        for name, widget in self.inputs.items():
            if isinstance(widget, QComboBox):
                raw[name] = (
                    widget.currentText() if widget.isEditable() else str(widget.currentData())
                )
            else:
                raw[name] = widget.text()
        return raw

    def read(self) -> PersonDetails | None:
        details, problems = read_person_details(self.raw_values())
        if problems:
            self.show_problems(problems)
            return None
        self.errors.clear()
        return details

    def show_problems(self, problems: list[FieldProblem]) -> None:
        self.errors.show(problems)

    def problem(self, name: str) -> str:
        return self.errors.message(name)

    def submit(self) -> None:
        details = self.read()
        if details is not None:
            emit(self.add_asked, details)

    def cancel(self) -> None:
        self.hide()
        emit(self.cancelled)

    def cancel_asking(self) -> None:
        """Esc: close the form, asking first when something typed in it would be lost."""
        if QApplication.activeModalWidget() is not None:
            return  # Esc meant for a question on top
        if not self.is_changed():
            self.cancel()
            return
        confirm(
            self,
            self.tr("Discard what you typed for this new person?"),
            self.tr("Discard"),
            self.cancel,
            details=self.tr("They have not been added or checked in."),
        )

    @override
    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        emit(self.shown)

    @override
    def hideEvent(self, event: QHideEvent) -> None:
        super().hideEvent(event)
        emit(self.hidden)

    @override
    def keyPressEvent(self, event: QKeyEvent) -> None:
        # Enter in any field adds; on a button it presses that button.
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            focused = QApplication.focusWidget()
            if isinstance(focused, QAbstractButton):
                focused.animateClick()
            else:
                self.submit()
            return
        super().keyPressEvent(event)

    def _set(self, name: str, value: str) -> None:
        widget = self.inputs[name]
        if isinstance(widget, QComboBox):
            widget.setEditText(value)
        else:
            widget.setText(value)
