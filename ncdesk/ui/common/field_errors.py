"""Inline problems on a form: the reason is written under the field, not only shown in red,
and focus goes to the first field that needs fixing.

Colours come from palettes rather than style sheets, because a style sheet on a widget stops
it following the app-wide text size (Ctrl +/-).
"""

from __future__ import annotations

from collections.abc import Iterable

from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import QHBoxLayout, QLabel, QSizePolicy, QVBoxLayout, QWidget

from ncdesk.core.errors import FieldProblem

# Colour is a second signal; the words in the label are the first.
ERROR_TEXT = QColor("#a4001d")
ERROR_FIELD = QColor("#fde7ea")


def field_column(widget: QWidget, beside: QWidget | None = None) -> QVBoxLayout:
    """A field, with a button `beside` it if any, at the top of a tight column that its
    problem line (and any hint) go under."""
    column = QVBoxLayout()
    column.setSpacing(2)
    if beside is None:
        column.addWidget(widget)
    else:
        row = QHBoxLayout()
        row.addWidget(widget, 1)
        row.addWidget(beside)
        column.addLayout(row)
    return column


def error_label(parent: QWidget | None = None) -> QLabel:
    """An empty, hidden label that shows one field's problem when there is one."""
    label = QLabel(parent)
    label.setProperty("role", "field-error")
    label.setWordWrap(True)
    label.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Minimum)
    palette = label.palette()
    palette.setColor(QPalette.ColorRole.WindowText, ERROR_TEXT)
    label.setPalette(palette)
    label.hide()
    return label


class InlineErrors:
    """Links field names to their input widget and error label."""

    def __init__(self) -> None:
        self._fields: dict[str, tuple[QWidget, QLabel]] = {}

    def add(self, name: str, widget: QWidget, label: QLabel) -> None:
        self._fields[name] = (widget, label)
        widget.setProperty("invalid", False)

    def show(self, problems: Iterable[FieldProblem]) -> list[str]:
        """Show each problem by its field; returns the fields that have one, in form order."""
        self.clear()
        by_field: dict[str, list[str]] = {}
        for problem in problems:
            by_field.setdefault(problem.field, []).append(problem.message)
        bad = [name for name in self._fields if name in by_field]
        for name in bad:
            widget, label = self._fields[name]
            label.setText("\N{WARNING SIGN} " + "; ".join(_sentence(m) for m in by_field[name]))
            label.show()
            widget.setAccessibleDescription(label.text())
            _mark(widget, True)
        if bad:
            self._fields[bad[0]][0].setFocus()
        return bad

    def clear(self) -> None:
        for widget, label in self._fields.values():
            label.clear()
            label.hide()
            widget.setAccessibleDescription("")
            _mark(widget, False)

    def message(self, name: str) -> str:
        """The problem shown for a field ('' when none): what the user reads."""
        label = self._fields[name][1]
        return "" if label.isHidden() else label.text()


def _sentence(message: str) -> str:
    return message[:1].upper() + message[1:]


def _mark(widget: QWidget, invalid: bool) -> None:
    if widget.property("invalid") == invalid:
        return
    widget.setProperty("invalid", invalid)
    if invalid:
        palette = widget.palette()
        palette.setColor(QPalette.ColorRole.Base, ERROR_FIELD)
        palette.setColor(QPalette.ColorRole.Button, ERROR_FIELD)
        widget.setPalette(palette)
    else:
        widget.setPalette(QPalette())  # back to the inherited colours
