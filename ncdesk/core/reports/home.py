"""What the Home screen shows a coordinator: this month's and this year's headline figures,
the year's against a current grant's targets, and the year's charts — the same figures and
charts the grant return prints, counted for two periods that end today.

"This year" is the grant's own year when a grant is chosen (its start to today, as its
targets are for its period), else the financial year to date (from 1 April, the year charities
and the Reports area's "this financial year" use). "This month" starts on the
first of the month, or on the grant's start if that is later.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from ncdesk.core.db import Database
from ncdesk.core.parsing import today
from ncdesk.core.reports.grant_return import GrantReturn, build_return
from ncdesk.core.reports.metrics import Scope
from ncdesk.core.security.roles import COORDINATOR, needs
from ncdesk.core.services.grants import GrantInfo, list_grants


@dataclass(frozen=True)
class HeadlineRow:
    metric_id: str
    label: str
    month: float
    year: float
    target: float | None

    @property
    def progress(self) -> float | None:
        """This year's share of the target (1.0 = met), or None without a target."""
        return self.year / self.target if self.target else None


@dataclass(frozen=True)
class HomeFigures:
    on: date
    grant: GrantInfo | None
    current_grants: list[GrantInfo]  # grants whose period includes today, to choose from
    month: GrantReturn
    year: GrantReturn

    def headlines(self) -> list[HeadlineRow]:
        """The return's summary lines with this month's value beside this year's."""
        month = self.month.figures
        return [
            HeadlineRow(
                line.metric_id, line.label, month.get(line.metric_id, 0), line.value, line.target
            )
            for line in self.year.summary()
        ]


def current_grants(grants: list[GrantInfo], on: date) -> list[GrantInfo]:
    return [g for g in grants if g.start <= on <= g.end]


def periods(on: date, grant: GrantInfo | None) -> tuple[Scope, Scope]:
    """(this month, this year) ending on `on`, both inside the grant's period if any."""
    month_start = date(on.year, on.month, 1)
    year_start = date(on.year if on.month >= 4 else on.year - 1, 4, 1)
    if grant is not None:
        year_start = grant.start
        month_start = max(month_start, grant.start)
    return Scope(month_start, on, grant), Scope(year_start, on, grant)


@needs(COORDINATOR, "run reports")
def home_figures(
    db: Database, grant_id: int | None = None, *, everything: bool = False, on: date | None = None
) -> HomeFigures:
    """Count the Home screen's figures. Without `grant_id` the first current grant is used (so
    its targets show at once), unless `everything` asks for all activities, no targets."""
    on = on or today()
    current = current_grants(list_grants(db), on)
    grant = None
    if not everything:
        grant = next((g for g in current if g.id == grant_id), None) if grant_id else None
        grant = grant or (current[0] if current else None)
    month, year = periods(on, grant)
    return HomeFigures(on, grant, current, build_return(db, month), build_return(db, year))
