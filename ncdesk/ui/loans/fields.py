"""Small typed fields for the Loans forms: dates as DD/MM/YYYY and money in pounds."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QEvent
from PySide6.QtWidgets import QLineEdit, QWidget
from typing_extensions import override

from ncdesk.core.parsing import ParseError, format_date, parse_date, parse_pence
from ncdesk.ui.loans.words import pounds


class DateField(QLineEdit):
    """A date typed as DD/MM/YYYY; `value()` raises ParseError with a plain reason."""

    def __init__(
        self, value: date | None = None, parent: QWidget | None = None, *, optional: bool = False
    ):
        super().__init__(format_date(value), parent)
        self._optional = optional
        self.setPlaceholderText(self.tr("DD/MM/YYYY"))
        self._fit()

    def _fit(self) -> None:
        self.setMaximumWidth(self.fontMetrics().horizontalAdvance("00/00/00000") + 24)

    @override
    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.FontChange:
            self._fit()  # follows Ctrl +/-
        super().changeEvent(event)

    def value(self) -> date | None:
        text = self.text().strip()
        if not text:
            if self._optional:
                return None
            raise ParseError("give a date (DD/MM/YYYY)")
        return parse_date(text)

    def set_value(self, value: date | None) -> None:
        self.setText(format_date(value))


class MoneyField(QLineEdit):
    """An amount in pounds (`20`, `20.50`, `£20.50`); blank is nothing."""

    def __init__(self, pence: int | None = None, parent: QWidget | None = None):
        super().__init__(pounds(pence) if pence else "", parent)
        self.setPlaceholderText(self.tr("£0.00"))
        self._fit()

    def _fit(self) -> None:
        self.setMaximumWidth(self.fontMetrics().horizontalAdvance("£00,000.000") + 24)

    @override
    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.FontChange:
            self._fit()
        super().changeEvent(event)

    def pence(self) -> int:
        text = self.text().strip()
        if not text:
            return 0
        return parse_pence(text)

    def set_pence(self, pence: int) -> None:
        self.setText(pounds(pence))
