"""Everything a grant return shows, gathered once so the PDF, the XLSX and the screen agree:
the figures, the grant's targets and progress, monthly series for the charts, and the
small-number suppression rule (counts from 1 to N−1 shown as '<N'; JSON keeps exact values)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import func, select

from ncdesk.core.db import Database
from ncdesk.core.figures import (
    OUTCOME_METHODS,
    OUTCOME_STATS,
    families,
    figure,
    headline,
    is_decimal,
    key,
    label,
    outcome_figures,
)
from ncdesk.core.models import Attendance, DropInSession, Exchange, Person
from ncdesk.core.outcomes import MEASURES, Measure
from ncdesk.core.reports.metrics import (
    Scope,
    compute,
    reach_query,
    sessions_query,
    standing_exchanges,
)
from ncdesk.core.security.roles import COORDINATOR, needs
from ncdesk.core.services.logo import logo_bytes
from ncdesk.core.services.referrals import referral_sources, referral_types
from ncdesk.core.services.settings import get_settings


@dataclass(frozen=True)
class SummaryLine:
    metric_id: str
    label: str
    value: float
    target: float | None

    @property
    def progress(self) -> float | None:
        """Share of the target reached (1.0 = met), or None without a target."""
        if self.target is None or self.target == 0:
            return None
        return self.value / self.target


@dataclass(frozen=True)
class GrantReturn:
    organisation: str
    logo: bytes | None  # a PNG or JPEG for the cover
    scope: Scope
    figures: dict[str, float]
    months: list[tuple[str, int, float]]  # (Jan 2026, attendances, timebank hours)
    suppress_below: int
    # How a value inside a metric id was recorded, for display: 'gp' → 'GP'.
    names: dict[str, str]
    # People reached by the ward their postcode is in (from the place lookup), most first.
    wards: list[tuple[str, int]]

    @property
    def title(self) -> str:
        if self.scope.grant:
            g = self.scope.grant
            return f"{g.funder}: {g.code}" + (f" — {g.name}" if g.name else "")
        return "All activities"

    @property
    def period_text(self) -> str:
        return f"{self.scope.start:%d/%m/%Y} to {self.scope.end:%d/%m/%Y}"

    def summary(self) -> list[SummaryLine]:
        """The headline figures in the order of DESIGN §6, with the grant's targets; any
        targeted breakdown figure (e.g. a referral type) follows them."""
        targets = self.scope.grant.targets if self.scope.grant else {}
        ids = [f.id for f in headline() if self.covers(f.id)]
        ids += [t for t in targets if t not in ids and self.covers(t)]
        return [SummaryLine(i, label(i), self.figures.get(i, 0), targets.get(i)) for i in ids]

    def covers(self, metric_id: str) -> bool:
        """False for timebank or loan figures a grant does not cover (left out of the
        printed return; the JSON still carries them as 0)."""
        entry = figure(metric_id)
        area = entry.area if entry else ""
        if area == "timebank":
            return self.scope.timebank
        if area == "loans":
            return self.scope.loans
        return True

    def name(self, value_key: str) -> str:
        return self.names.get(value_key, value_key.replace("_", " ").capitalize())

    def family(self, prefix: str) -> list[tuple[str, float]]:
        """(value name, figure) for a breakdown family such as 'reach.age.'."""
        return [(k[len(prefix) :], v) for k, v in self.figures.items() if k.startswith(prefix)]

    def shown(self, metric_id: str, value: float | None = None) -> str:
        """A figure as printed: hours with two decimals, small counts suppressed."""
        value = self.figures.get(metric_id, 0) if value is None else value
        if is_decimal(metric_id):
            return f"{value:,.2f}"
        return suppressed(int(value), self.suppress_below)

    def target_text(self, line: SummaryLine) -> str:
        """A target as printed: never suppressed (it is a goal, not a count of people)."""
        if line.target is None:
            return ""
        return f"{line.target:,.2f}" if is_decimal(line.metric_id) else f"{int(line.target):,}"

    def methods(self) -> list[tuple[str, str, str]]:
        """(id, label, how it was counted) for every figure in the return."""
        out = [(f.id, f.label, f.method) for f in headline() if self.covers(f.id)]
        for family in families():  # one line for each family the return shows
            if any(metric_id.startswith(family.id) for metric_id in self.figures):
                out.append((family.id + "*", family.label.format("…"), family.method))
        lower = ", ".join(m.label for m in MEASURES if not m.higher_is_better)
        direction = f" Higher is better, except for {lower}, where lower is better."
        for stat in OUTCOME_STATS:  # one line for each kind of outcome figure
            first = next(f for f in outcome_figures() if f.id.endswith(f".{stat}"))
            measure_label = first.label.split(":", 1)[1].strip()
            method = OUTCOME_METHODS[stat] + (direction if stat != "people" else "")
            out.append((f"outcomes.*.{stat}", f"Outcomes: {measure_label}", method))
        return out

    def outcomes(self) -> list[tuple[Measure, float, float, float]]:
        """(measure, people, improved, mean change) for each measure, in the form's order."""
        return [
            (
                m,
                self.figures.get(f"outcomes.{m.id}.people", 0),
                self.figures.get(f"outcomes.{m.id}.improved", 0),
                self.figures.get(f"outcomes.{m.id}.mean_change", 0.0),
            )
            for m in MEASURES
        ]


def suppressed(count: int, below: int) -> str:
    """'<N' for counts from 1 to N−1 (zero is shown: it discloses no one)."""
    if below > 1 and 0 < count < below:
        return f"<{below}"
    return f"{count:,}"


def _month_starts(start: date, end: date) -> list[date]:
    months, day = [], date(start.year, start.month, 1)
    while day <= end:
        months.append(day)
        if day.year == date.max.year and day.month == 12:
            break  # the calendar ends here
        day = date(day.year + (day.month == 12), day.month % 12 + 1, 1)
    return months


@needs(COORDINATOR, "run reports")
def monthly(db: Database, scope: Scope) -> list[tuple[str, int, float]]:
    """Attendances (registered + anonymous) and timebank hours per calendar month."""
    month_of = func.strftime("%Y-%m", DropInSession.date)
    exchange_month = func.strftime("%Y-%m", Exchange.date)
    with db.session() as s:
        if s.get_bind().dialect.name != "sqlite":
            month_of = func.to_char(DropInSession.date, "YYYY-MM")
            exchange_month = func.to_char(Exchange.date, "YYYY-MM")
        sessions = sessions_query(scope)
        registered: dict[str, int] = {
            month: count
            for month, count in s.execute(
                select(month_of, func.count(Attendance.id))
                .join(Attendance, Attendance.session_id == DropInSession.id)
                .where(DropInSession.id.in_(sessions))
                .group_by(month_of)
            )
        }
        anonymous: dict[str, int | None] = {
            month: count
            for month, count in s.execute(
                select(month_of, func.sum(DropInSession.anonymous_count))
                .where(DropInSession.id.in_(sessions))
                .group_by(month_of)
            )
        }
        hours: dict[str, int | None] = {}
        if scope.timebank:
            hours = {
                month: minutes
                for month, minutes in s.execute(
                    select(exchange_month, func.sum(Exchange.minutes))
                    .where(standing_exchanges(scope))
                    .group_by(exchange_month)
                )
            }
    out = []
    for start in _month_starts(scope.start, scope.end):
        k = f"{start:%Y-%m}"
        out.append(
            (
                f"{start:%b %Y}",
                int(registered.get(k, 0)) + int(anonymous.get(k, 0) or 0),
                round(int(hours.get(k, 0) or 0) / 60, 2),
            )
        )
    return out


@needs(COORDINATOR, "run reports")
def wards_reached(db: Database, scope: Scope) -> list[tuple[str, int]]:
    """People reached by ward, most first; those without a ward (no postcode, or not in the
    place lookup) last, as 'Not known'."""
    reached = reach_query(scope).subquery()
    with db.session() as s:
        counts = s.execute(
            select(Person.ward, func.count(Person.id))
            .where(Person.id.in_(select(reached.c.pid)))
            .group_by(Person.ward)
        ).all()
    known = sorted(((w, n) for w, n in counts if w), key=lambda wn: (-wn[1], wn[0]))
    unknown = sum(n for w, n in counts if not w)
    return known + ([("Not known", unknown)] if unknown else [])


@needs(COORDINATOR, "run reports")
def build_return(
    db: Database, scope: Scope, *, suppress_below: int = 0, figures: dict[str, float] | None = None
) -> GrantReturn:
    settings = get_settings(db)
    names = {key(t.name): t.name for t in referral_types(db, include_archived=True)}
    names.update({key(n.name): n.name for n in referral_sources(db, include_archived=True)})
    names.update({"non_binary": "Non-binary", "prefer_not_to_say": "Prefer not to say"})
    return GrantReturn(
        settings.organisation_name,
        logo_bytes(settings),
        scope,
        figures if figures is not None else compute(db, scope),
        monthly(db, scope),
        suppress_below,
        names,
        wards_reached(db, scope),
    )
