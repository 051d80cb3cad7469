"""The catalogue of grant-return figures (DESIGN §6): one entry per figure or family of
figures, with its id, plain name, method, unit, the records behind it and what they add up to.

Everything that shows or checks a figure reads it from here: the metrics, the drill-down, the
targets a grant may set, the screen, the PDF and the XLSX. A new figure is one entry here, one
SQL aggregate in `reports/metrics.py` and, if its records are new, one list in
`reports/drilldown.py`; tests fail until all three agree. This module is plain data, below
the services, so a service (grant targets) can read it without importing the reports.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

AGE_BANDS = ("0-17", "18-24", "25-49", "50-64", "65-74", "75-84", "85+", "unknown")
DISABILITY = ("yes", "no", "unknown")
OVER_65 = ("65-74", "75-84", "85+")
IMD_DECILES = (*(str(d) for d in range(1, 11)), "unknown")
MOST_DEPRIVED = ("1", "2")
OUTCOME_STATS = ("people", "improved", "mean_change")


@dataclass(frozen=True)
class Figure:
    """One figure (`id` such as 'dropin.sessions') or one family of figures (`id` ending in a
    dot, such as 'reach.age.', whose members carry a recorded value after it)."""

    id: str
    label: str  # for a family, with '{}' where the value goes
    method: str
    # Which list of records stands behind it (a key of drilldown's lists).
    rows: str
    # The column of that list whose total is the figure; None: the number of rows.
    total_of: str | None = None
    # The column of that list whose mean (2 decimals, 0 for no rows) is the figure.
    mean_of: str | None = None
    unit: str = "count"  # "hours" or "change": numbers to 2 decimals, not counts
    # Where a printed return shows it: the summary, or the page of outcomes.
    section: str = "summary"
    # For a family: the values always reported (0 allowed), in order; others appear when seen.
    values: tuple[str, ...] = ()
    # For a family: better names for members whose generic label reads badly.
    member_labels: dict[str, str] = field(default_factory=dict)

    @property
    def is_family(self) -> bool:
        return self.id.endswith(".")

    @property
    def area(self) -> str:
        """'dropin', 'referrals', 'volunteers', 'timebank', 'loans' or 'reach': what a grant
        must cover for the figure to count."""
        return self.id.split(".", 1)[0]


CATALOGUE: tuple[Figure, ...] = (
    Figure(
        "dropin.sessions",
        "Drop-in sessions held",
        "Sessions dated in the period that were not cancelled, including sessions where "
        "everyone stayed anonymous.",
        rows="sessions",
    ),
    Figure(
        "dropin.attendances",
        "Drop-in attendances",
        "Registered check-ins plus anonymous visitors counted, at those sessions.",
        rows="sessions",
        total_of="Attendances",
    ),
    Figure(
        "dropin.attendances_registered",
        "Attendances by registered people",
        "Check-ins of named people at those sessions (one per person per session).",
        rows="check-ins",
    ),
    Figure(
        "dropin.attendances_anonymous",
        "Anonymous attendances",
        "The sum of each session's count of people who did not give a name.",
        rows="sessions",
        total_of="Anonymous",
    ),
    Figure(
        "dropin.unique_people",
        "Different people at drop-ins",
        "Distinct registered people with at least one check-in at those sessions.",
        rows="people at drop-ins",
    ),
    Figure(
        "dropin.new_people",
        "New people at drop-ins",
        "Of those, people whose first check-in ever, at any activity counted, is in the period.",
        rows="new people at drop-ins",
    ),
    Figure(
        "referrals.total",
        "Signposting and referrals",
        "Referrals noted at check-ins at those sessions: at most one per type per check-in, "
        "so the total is the sum of the types.",
        rows="referrals",
    ),
    Figure(
        "referrals.by_type.",
        "Referrals to {}",
        "Referrals of this type, as for referrals.total.",
        rows="referrals",
    ),
    Figure(
        "volunteers.people",
        "Volunteers",
        "Distinct people recorded as volunteering at those sessions.",
        rows="volunteers",
    ),
    Figure(
        "volunteers.hours",
        "Volunteer hours",
        "Hours recorded for volunteers at those sessions, to 2 decimals.",
        rows="volunteer shifts",
        total_of="Hours",
        unit="hours",
    ),
    Figure(
        "timebank.exchanges",
        "Timebank exchanges",
        "Exchanges of help dated in the period that have not been voided (donations to and "
        "grants from the community chest are transfers, not help, and are left out).",
        rows="exchanges",
    ),
    Figure(
        "timebank.hours",
        "Timebank hours exchanged",
        "The hours of those exchanges, to 2 decimals.",
        rows="exchanges",
        total_of="Hours",
        unit="hours",
    ),
    Figure(
        "timebank.active_members",
        "Active timebank members",
        "Distinct members who gave or received help in one of those exchanges.",
        rows="active members",
    ),
    Figure(
        "timebank.new_members",
        "New timebank members",
        "Members whose joining date is in the period.",
        rows="new members",
    ),
    Figure(
        "loans.started",
        "Loans made",
        "Loans whose start date is in the period (voided loans, typed by mistake, are left out).",
        rows="loans started",
    ),
    Figure(
        "loans.borrowers",
        "Borrowers",
        "Distinct borrowers with a loan that overlaps the period.",
        rows="borrowers",
    ),
    Figure(
        "loans.items",
        "Items lent",
        "Distinct items with a loan that overlaps the period.",
        rows="items lent",
    ),
    Figure(
        "loans.loan_days",
        "Days on loan",
        "For each loan, calendar days from its start to its return inclusive (still out: to "
        "the period end), counting only days inside the period; summed.",
        rows="loans overlapping",
        total_of="Days in period",
    ),
    Figure(
        "reach.unique_people",
        "People reached",
        "Distinct people who checked in, volunteered, took part in a timebank exchange or "
        "had a loan overlapping the period (within what the grant covers).",
        rows="people reached",
    ),
    Figure(
        "reach.age.",
        "People reached aged {}",
        "People reached by age on the period's last day, from the date of birth; where only "
        "an age band was given, that band; else unknown.",
        rows="people reached",
        values=AGE_BANDS,
        member_labels={"unknown": "People reached, age not known"},
    ),
    Figure(
        "reach.age_65_plus",
        "People reached aged 65 or over",
        "People reached aged 65–74, 75–84 or 85+ on the last day of the period.",
        rows="people reached",
    ),
    Figure(
        "reach.gender.",
        "People reached, gender {}",
        "People reached by recorded gender (unknown when blank; 'prefer not to say' is its "
        "own value).",
        rows="people reached",
        member_labels={"unknown": "People reached, gender not recorded"},
    ),
    Figure(
        "reach.disability.",
        "People reached, disability {}",
        "People reached by whether they told us of a disability (unknown when not recorded).",
        rows="people reached",
        values=DISABILITY,
        member_labels={
            "yes": "People reached who told us of a disability",
            "no": "People reached who told us of no disability",
            "unknown": "People reached, disability not recorded",
        },
    ),
    Figure(
        "reach.imd_decile.",
        "People reached living in IMD decile {}",
        "People reached by the Index of Multiple Deprivation decile of their postcode's area "
        "(1 = the most deprived tenth of England), from the place lookup; unknown when there "
        "is no postcode or it is not in the lookup.",
        rows="people reached",
        values=IMD_DECILES,
        member_labels={"unknown": "People reached, deprivation decile not known"},
    ),
    Figure(
        "reach.most_deprived_20pc",
        "Reached, 20% most deprived areas",
        "People reached living in IMD deciles 1 and 2.",
        rows="people reached",
    ),
    Figure(
        "reach.referred_by.",
        "People reached, referred by {}",
        "People reached by who referred them in (unknown when not recorded).",
        rows="people reached",
        member_labels={"unknown": "People reached, referral source not recorded"},
    ),
)


# How each kind of outcome figure is counted, whatever the measure (DESIGN §6).
OUTCOME_METHODS = {
    "people": "People reached with two or more scores on or before the period end, the latest "
    "of them dated inside the period.",
    "improved": "Of those, people whose latest score is better than their first score ever.",
    "mean_change": "The mean of (latest score − first score) over those people, to 2 decimals "
    "(0 when there are none).",
}


def _outcome_figures() -> tuple[Figure, ...]:
    """outcomes.M.people, .improved and .mean_change for each measure (DESIGN §6)."""
    from ncdesk.core.outcomes import MEASURES

    made = []
    for m in MEASURES:
        better = f" {'Higher' if m.higher_is_better else 'Lower'} is better."
        made += [
            Figure(
                f"outcomes.{m.id}.people",
                f"{m.label}: people with a change to show",
                OUTCOME_METHODS["people"],
                rows=f"outcomes {m.id}",
                section="outcomes",
            ),
            Figure(
                f"outcomes.{m.id}.improved",
                f"{m.label}: people better than at first",
                OUTCOME_METHODS["improved"] + better,
                rows=f"outcomes {m.id} improved",
                section="outcomes",
            ),
            Figure(
                f"outcomes.{m.id}.mean_change",
                f"{m.label}: average change",
                OUTCOME_METHODS["mean_change"] + better,
                rows=f"outcomes {m.id}",
                mean_of="Change",
                unit="change",
                section="outcomes",
            ),
        ]
    return tuple(made)


CATALOGUE = CATALOGUE + _outcome_figures()
_PLAIN = {f.id: f for f in CATALOGUE if not f.is_family}
_FAMILIES = tuple(f for f in CATALOGUE if f.is_family)


def key(value: str) -> str:
    """A recorded value as it appears in a metric id: 'Food bank voucher' → 'food_bank_voucher'."""
    return re.sub(r"[\s\-]+", "_", value.strip().lower())


def headline() -> tuple[Figure, ...]:
    """The single figures of a return's summary (not the families, not the outcomes), in
    the order of DESIGN §6."""
    return tuple(f for f in _PLAIN.values() if f.section == "summary")


def outcome_figures() -> tuple[Figure, ...]:
    return tuple(f for f in _PLAIN.values() if f.section == "outcomes")


def families() -> tuple[Figure, ...]:
    return _FAMILIES


def figure(metric_id: str) -> Figure | None:
    """The catalogue entry of any metric id, a family's member included; None if unknown."""
    if metric_id in _PLAIN:
        return _PLAIN[metric_id]
    for family in _FAMILIES:
        if metric_id.startswith(family.id) and len(metric_id) > len(family.id):
            return family
    return None


def is_metric_id(metric_id: str) -> bool:
    return figure(metric_id) is not None


def member_value(metric_id: str) -> str:
    """The recorded value inside a family member's id ('reach.age.65-74' → '65-74'); '' for a
    single figure."""
    entry = figure(metric_id)
    return metric_id[len(entry.id) :] if entry and entry.is_family else ""


def label(metric_id: str) -> str:
    """The figure's plain name: 'Drop-in sessions held', 'People reached aged 65-74'."""
    entry = figure(metric_id)
    if entry is None:
        return metric_id
    if not entry.is_family:
        return entry.label
    value = member_value(metric_id)
    return entry.member_labels.get(value) or entry.label.format(value.replace("_", " "))


def method(metric_id: str) -> str:
    entry = figure(metric_id)
    return entry.method if entry else ""


def is_decimal(metric_id: str) -> bool:
    """True for hours and average changes, kept and shown to 2 decimals; False for figures
    that count something (whole numbers, which small-number suppression may hide)."""
    entry = figure(metric_id)
    return entry is not None and entry.unit != "count"


def always_present() -> tuple[str, ...]:
    """Every id a report carries even when it is 0: the single figures and the fixed members
    of the age, disability and deprivation families."""
    ids = list(_PLAIN)
    ids += [family.id + value for family in _FAMILIES for value in family.values]
    return tuple(ids)
