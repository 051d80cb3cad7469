"""The periods a return is usually asked for: quarters, financial years (April to March) and a
grant's own period. Plain date arithmetic, no Qt, so it is easy to test."""

from __future__ import annotations

from datetime import date, timedelta

THIS_QUARTER = "this_quarter"
LAST_QUARTER = "last_quarter"
THIS_YEAR = "this_financial_year"
LAST_YEAR = "last_financial_year"
GRANT_PERIOD = "grant_period"
CUSTOM = "custom"

Period = tuple[date, date]


def quarter(day: date) -> Period:
    """The calendar quarter holding `day`; the UK financial year's quarters are the same ones."""
    first_month = (day.month - 1) // 3 * 3 + 1
    start = date(day.year, first_month, 1)
    return start, _month_end(day.year, first_month + 2)


def last_quarter(day: date) -> Period:
    start, _ = quarter(day)
    previous = (
        date(start.year - 1, 12, 31) if start.month == 1 else date(start.year, start.month - 1, 1)
    )
    return quarter(previous)


def financial_year(day: date) -> Period:
    """1 April to 31 March, the year charities and most funders report on."""
    year = day.year if day.month >= 4 else day.year - 1
    return date(year, 4, 1), date(year + 1, 3, 31)


def last_financial_year(day: date) -> Period:
    start, _ = financial_year(day)
    return financial_year(date(start.year - 1, 4, 1))


def preset_period(preset: str, today: date, grant_period: Period | None = None) -> Period | None:
    """The dates a preset stands for on `today`; None for custom dates, or for the grant's
    period when no grant is chosen."""
    if preset == THIS_QUARTER:
        return quarter(today)
    if preset == LAST_QUARTER:
        return last_quarter(today)
    if preset == THIS_YEAR:
        return financial_year(today)
    if preset == LAST_YEAR:
        return last_financial_year(today)
    if preset == GRANT_PERIOD:
        return grant_period
    return None


def _month_end(year: int, month: int) -> date:
    if month == 12:
        return date(year, 12, 31)
    return date(year, month + 1, 1) - timedelta(days=1)
