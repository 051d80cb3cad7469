"""Outcome scores: a person's answers to the wellbeing and loneliness measures on a date,
recorded at the desk or on their page, and who is due to be asked again."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from sqlalchemy import func, select

from ncdesk.core.db import Database
from ncdesk.core.errors import FieldProblem, NotFound, ValidationError
from ncdesk.core.models import OutcomeScore, Person
from ncdesk.core.outcomes import ASK_AGAIN_DAYS, measure, scale_problem
from ncdesk.core.parsing import today
from ncdesk.core.security import audit
from ncdesk.core.security.roles import COORDINATOR, VOLUNTEER, needs


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


@needs(VOLUNTEER, "record outcome scores")
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


@needs(VOLUNTEER)
def outcomes_due(db: Database, person_id: int, *, on: date | None = None) -> bool:
    """Whether to ask this person the outcome questions today: never asked, or last asked
    more than a quarter ago (the desk shows a reminder)."""
    on = on or today()
    with db.session() as s:
        last = s.scalar(
            select(func.max(OutcomeScore.day)).where(OutcomeScore.person_id == person_id)
        )
    return last is None or on - last >= timedelta(days=ASK_AGAIN_DAYS)
