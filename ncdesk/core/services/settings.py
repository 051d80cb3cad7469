"""Organisation-wide settings: the name in the title bar and on reports, and desk preferences."""

from __future__ import annotations

from dataclasses import dataclass, fields

from sqlalchemy import select

from ncdesk.core.db import Database
from ncdesk.core.errors import FieldProblem, ValidationError
from ncdesk.core.models import Setting
from ncdesk.core.security import audit
from ncdesk.core.security.roles import ADMIN, VOLUNTEER, needs
from ncdesk.core.services.logo import stored_problem


@dataclass(frozen=True)
class OrgSettings:
    organisation_name: str = "My community group"
    # Counts from 1 to N-1 are shown as "<N" in printed returns (0 turns suppression off).
    suppress_below: int = 0
    idle_lock_minutes: int = 10
    backup_folder: str = ""
    # Automatic backups: every N hours while the app runs (0: only when it closes), and the
    # thinning: every copy from today and yesterday, then one a day, a week, a month.
    backup_every_hours: int = 3
    backups_kept: int = 7  # days
    backups_weekly: int = 4
    backups_monthly: int = 12
    # The retention review lists people with no contact for this many years.
    retention_years: int = 6
    # A PNG or JPEG shown on the cover of printed returns (optional), as base64 text: kept in
    # the database (core/services/logo.py). `logo_path`, a file named by databases set up
    # before December 2026, is used while no picture is stored.
    logo_image: str = ""
    logo_path: str = ""
    # The desk reminds to ask the wellbeing and loneliness questions again once a person's
    # last answers are this many months old (0: only on a first visit, never again).
    outcomes_every_months: int = 3


@needs(VOLUNTEER)
def get_settings(db: Database) -> OrgSettings:
    with db.session() as s:
        stored = {row.key: row.value for row in s.scalars(select(Setting))}
    values: dict[str, object] = {}
    for f in fields(OrgSettings):
        if f.name in stored:
            default = getattr(OrgSettings, f.name)
            try:
                values[f.name] = type(default)(stored[f.name])
            except ValueError:
                continue  # a damaged value falls back to the default
    return OrgSettings(**values)  # type: ignore[arg-type]


@needs(ADMIN, "change the settings")
def save_settings(db: Database, settings: OrgSettings) -> OrgSettings:
    problems = []
    if not settings.organisation_name.strip():
        problems.append(FieldProblem("organisation_name", "the organisation needs a name"))
    for name in (
        "suppress_below",
        "idle_lock_minutes",
        "backup_every_hours",
        "backups_kept",
        "backups_weekly",
        "backups_monthly",
        "retention_years",
        "outcomes_every_months",
    ):
        if getattr(settings, name) < 0:
            problems.append(FieldProblem(name, "cannot be negative"))
    if logo_problem := stored_problem(settings.logo_image):
        problems.append(FieldProblem("logo_image", logo_problem))
    if problems:
        raise ValidationError(problems)
    with db.transaction() as s:
        changed = []
        for f in fields(OrgSettings):
            value = str(getattr(settings, f.name)).strip()
            row = s.get(Setting, f.name)
            if row is None:
                s.add(Setting(key=f.name, value=value))
                changed.append(f.name)
            elif row.value != value:
                row.value = value
                changed.append(f.name)
        if changed:
            audit.record(s, db.actor, "update", "settings", None, ", ".join(changed))
    return settings
