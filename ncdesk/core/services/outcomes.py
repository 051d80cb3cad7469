"""Outcome scores: a person's answers to the wellbeing and loneliness measures on a date,
recorded at the desk or on their page, and who is due to be asked again."""

from __future__ import annotations

from calendar import monthrange
from dataclasses import dataclass
from datetime import date

from sqlalchemy import func, select

from ncdesk.core.db import Database
from ncdesk.core.errors import FieldProblem, NotFound, ValidationError
from ncdesk.core.models import OutcomeScore, Person
from ncdesk.core.outcomes import measure, scale_problem
from ncdesk.core.parsing import today
from ncdesk.core.security import audit
from ncdesk.core.security.roles import COORDINATOR, needs
from ncdesk.core.services.settings import get_settings


@dataclass(frozen=True)
class ScoreRow:
    day: date
    measure: str
    score: int
    wording: str


def check_scores(day: date, scores: dict[str, int]) -> list[FieldProblem]:
    """Every problem with a set of answers: an unknown measure, a score off its scale, a
    date in the future."""
    problems = []
    if day > today():
        problems.append(FieldProblem("date", "cannot be in the future"))
    if not scores:
        problems.append(FieldProblem("score", "give at least one answer"))
    for measure_id, score in scores.items():
        m = measure(measure_id)
        if m is None:
            problems.append(FieldProblem("measure", "is not a measure ncdesk knows", measure_id))
        elif (why := scale_problem(m, score)) is not None:
            problems.append(FieldProblem(measure_id, why, str(score)))
    return problems


# DESIGN §9 lists what a volunteer may do (check in, add first-timers, record hours and slips,
# lend and return) and keeps health-like details from them: wellbeing and loneliness answers
# are for coordinators and admins, at the desk as on a person's page.
def read_answers(answers: dict[str, str]) -> tuple[dict[str, int], list[FieldProblem]]:
    """Answers as typed on the form (blank: not asked) as scores, and a problem, tied to the
    measure's field, for each that is not a whole number on its measure's scale."""
    scores, problems = {}, []
    for measure_id, text in answers.items():
        m, typed = measure(measure_id), text.strip()
        if m is None:
            problems.append(FieldProblem("measure", "is not a measure ncdesk knows", measure_id))
            continue
        if not typed:
            continue
        if not typed.isdigit() or not m.low <= int(typed) <= m.high:
            problems.append(
                FieldProblem(m.id, f"must be a whole number from {m.low} to {m.high}", typed)
            )
            continue
        scores[m.id] = int(typed)
    if not scores and not problems:
        problems.append(FieldProblem("score", "give at least one answer"))
    return scores, problems


@needs(COORDINATOR, "record outcome scores")
def record_scores(db: Database, person_id: int, day: date, scores: dict[str, int]) -> int:
    """Record one sitting's answers (a measure answered again on the same day replaces the
    earlier answer); returns how many were recorded."""
    if problems := check_scores(day, scores):
        raise ValidationError(problems)
    with db.transaction() as s:
        if s.get(Person, person_id) is None:
            raise NotFound("That person is no longer in the register.")
        for measure_id, score in scores.items():
            m = measure(measure_id)
            assert m is not None
            row = s.scalar(
                select(OutcomeScore).where(
                    OutcomeScore.person_id == person_id,
                    OutcomeScore.day == day,
                    OutcomeScore.measure == m.id,
                )
            )
            if row is None:
                row = OutcomeScore(person_id=person_id, day=day, measure=m.id)
                s.add(row)
            row.score, row.wording, row.entered_by = score, m.question, db.actor
        audit.record(s, db.actor, "outcomes", "person", person_id, f"{len(scores)} on {day}")
        return len(scores)


@needs(COORDINATOR, "see outcome scores")
def score_history(db: Database, person_id: int) -> list[ScoreRow]:
    with db.session() as s:
        return [
            ScoreRow(r.day, r.measure, r.score, r.wording)
            for r in s.scalars(
                select(OutcomeScore)
                .where(OutcomeScore.person_id == person_id)
                .order_by(OutcomeScore.day, OutcomeScore.measure)
            )
        ]


@dataclass(frozen=True)
class Due:
    """Why the questions are due today: never asked, or last asked on `last`."""

    person_id: int
    last: date | None


def months_later(day: date, months: int) -> date:
    """The same day `months` later (the month's last day when it is shorter)."""
    year, month = divmod(day.year * 12 + day.month - 1 + months, 12)
    return date(year, month + 1, min(day.day, monthrange(year, month + 1)[1]))


@needs(COORDINATOR, "see outcome scores")
def outcomes_due_among(
    db: Database, person_ids: list[int], *, on: date | None = None
) -> dict[int, Due]:
    """Of these people (those at the desk), who should be asked the questions today: anyone
    never asked (a first visit), or last asked the organisation's number of months ago
    (Settings; 0 asks only once)."""
    on = on or today()
    every = get_settings(db).outcomes_every_months
    if not person_ids:
        return {}
    with db.session() as s:
        last: dict[int, date] = {
            pid: day
            for pid, day in s.execute(
                select(OutcomeScore.person_id, func.max(OutcomeScore.day))
                .where(OutcomeScore.person_id.in_(person_ids))
                .group_by(OutcomeScore.person_id)
            )
        }
    due = {}
    for pid in dict.fromkeys(person_ids):
        day = last.get(pid)
        if day is None or (every > 0 and on >= months_later(day, every)):
            due[pid] = Due(pid, day)
    return due


@needs(COORDINATOR, "see outcome scores")
def outcomes_due(db: Database, person_id: int, *, on: date | None = None) -> bool:
    """Whether to ask this person the outcome questions today (the desk shows a reminder)."""
    return person_id in outcomes_due_among(db, [person_id], on=on)
