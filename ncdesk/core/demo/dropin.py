"""Synthetic drop-in history: weekly sessions with regulars, first-timers, anonymous visitors,
signposting and volunteers. The main drop-in meets on the weekday the demo is made, so a
demo database always has a session waiting on the Today screen."""

from __future__ import annotations

import random
from collections.abc import Callable
from datetime import date, datetime, time, timedelta

from sqlalchemy import bindparam, func, insert, select, update
from sqlalchemy.orm import Session

from ncdesk.core.models import (
    Activity,
    Attendance,
    DropInSession,
    Person,
    Referral,
    ReferralType,
    Venue,
    VolunteerShift,
)
from ncdesk.core.parsing import LOCAL_ZONE

LOCAL = LOCAL_ZONE
VENUES = [
    "Soham library",
    "Ely library",
    "Littleport village hall",
    "Sutton community centre",
    "Witchford parish rooms",
    "Shrewsbury library",
    "Ludlow assembly rooms",
    "Wick hall",
]
KINDS = [
    "Touchpoint drop-in",
    "Advice drop-in",
    "Community café",
    "Warm space",
    "Memory café",
    "Carers' drop-in",
]


def _activities(s: Session, count: int, on: date) -> list[Activity]:
    rows: list[Activity] = []
    for i in range(count):
        venue_name = VENUES[i % len(VENUES)]
        venue = s.scalar(select(Venue).where(Venue.name == venue_name))
        if venue is None:
            venue = Venue(name=venue_name, address="")
            s.add(venue)
            s.flush()
        name = f"{KINDS[i % len(KINDS)]}, {venue_name}"
        if i >= len(KINDS) * len(VENUES) or any(a.name == name for a in rows):
            name = f"{name} ({i + 1})"
        activity = Activity(
            name=name,
            venue_id=venue.id,
            schedule="weekly",
            weekday=(on.weekday() + i) % 7,
            start_time=time(10),
            end_time=time(12),
            archived=False,
            notes="",
        )
        s.add(activity)
        rows.append(activity)
    s.flush()
    return rows


def add_dropin(
    s: Session,
    rng: random.Random,
    people: int,
    on: date,
    *,
    activities: int,
    years: int,
    per_session: int,
    step: Callable[[int, int], None],
) -> int:
    """Sessions for the past `years` up to yesterday; returns the number of attendances."""
    acts = _activities(s, activities, on)
    types = {t.name: t.id for t in s.scalars(select(ReferralType))}
    weights = [
        ("Food bank voucher", 30),
        ("Benefits advice", 25),
        ("Social prescribing", 15),
        ("Social worker", 10),
        ("GP", 8),
        ("Housing", 8),
        ("Other", 4),
    ]
    type_ids = [types[n] for n, _ in weights]
    type_weights = [w for _, w in weights]
    ids = list(range(1, people + 1))
    start = on - timedelta(days=365 * years)
    attendance_id = s.scalar(select(func.max(Attendance.id))) or 0
    total = 0
    for n, activity in enumerate(acts):
        pool = rng.sample(ids, min(len(ids), per_session * 8))
        # A few people come almost every week; most come now and then.
        pool_weights = [8 if i < per_session // 2 else 1 for i in range(len(pool))]
        volunteers = rng.sample(ids, 4)
        assert activity.weekday is not None  # the demo's activities all meet weekly
        day = start + timedelta(days=(activity.weekday - start.weekday()) % 7)
        sessions, attendances, referrals, shifts = [], [], [], []
        while day < on:
            sessions.append(
                {
                    "activity_id": activity.id,
                    "date": day,
                    "start_time": time(10),
                    "end_time": time(12),
                    "cancelled": rng.random() < 0.02,
                    "cancel_reason": "",
                    "anonymous_count": 0,
                    "note": "",
                }
            )
            day += timedelta(days=7)
        s.execute(insert(DropInSession), sessions)
        rows = s.execute(
            select(DropInSession.id, DropInSession.date, DropInSession.cancelled).where(
                DropInSession.activity_id == activity.id
            )
        ).all()
        anonymous = []
        for session_id, when, cancelled in rows:
            if cancelled:
                continue
            size = max(1, int(rng.gauss(per_session, per_session / 4)))
            chosen = set(rng.choices(pool, weights=pool_weights, k=size))
            opened = datetime.combine(when, time(10), tzinfo=LOCAL)
            for person_id in chosen:
                attendance_id += 1
                arrived = opened + timedelta(minutes=rng.randint(0, 110))
                attendances.append(
                    {
                        "id": attendance_id,
                        "session_id": session_id,
                        "person_id": person_id,
                        "checked_in_at": arrived,
                        "help_given": "",
                        "entered_by": "demo",
                    }
                )
                if rng.random() < 0.15:
                    referrals.append(
                        {
                            "attendance_id": attendance_id,
                            "referral_type_id": rng.choices(type_ids, type_weights)[0],
                            "note": "",
                            "follow_up": rng.random() < 0.1,
                            "follow_up_done_at": None,
                            "created_at": arrived,
                        }
                    )
            anonymous.append({"sid": session_id, "count": rng.choice([0, 0, 1, 2, 3])})
            for person_id in rng.sample(volunteers, 2):
                shifts.append(
                    {
                        "session_id": session_id,
                        "person_id": person_id,
                        "minutes": rng.choice([120, 150, 180]),
                        "role": "",
                    }
                )
        for chunk in range(0, len(attendances), 20_000):
            s.execute(insert(Attendance), attendances[chunk : chunk + 20_000])
        if referrals:
            s.execute(insert(Referral), referrals)
        s.execute(insert(VolunteerShift), shifts)
        s.connection().execute(
            update(DropInSession)
            .where(DropInSession.id == bindparam("sid"))
            .values(anonymous_count=bindparam("count")),
            anonymous,
        )
        total += len(attendances)
        step(n + 1, len(acts))
    _set_last_seen(s)
    return total


def _set_last_seen(s: Session) -> None:
    """Search ranks recent visitors first: give everyone their latest check-in time."""
    latest = (
        select(func.max(Attendance.checked_in_at))
        .where(Attendance.person_id == Person.id)
        .scalar_subquery()
    )
    s.execute(
        update(Person).values(last_seen_at=latest), execution_options={"synchronize_session": False}
    )
