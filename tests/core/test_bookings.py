"""Bookings: someone expected at an activity on a date. Booked people come first at the desk's
search; a booking never makes a session count as held; bad bookings are refused in words the
desk can read out and change nothing; merging moves them."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import func, select

from ncdesk.core.db import Database
from ncdesk.core.errors import NotFound, ValidationError
from ncdesk.core.models import AuditEvent, Booking, DropInSession
from ncdesk.core.parsing import today
from ncdesk.core.reports.metrics import compute, scope_for
from ncdesk.core.services import activities as A
from ncdesk.core.services import bookings as BK
from ncdesk.core.services import desk as D
from ncdesk.core.services.merge import merge_people
from ncdesk.core.services.people import search_people, set_archived
from tests.core.conftest import AddPerson

TODAY = today()


def weekly(db: Database) -> A.ActivityInfo:
    """An activity that meets every day of the week, so 'today' and 'next week' both meet."""
    return A.save_activity(
        db, A.ActivityInput("Advice drop-in", "Soham library", "weekly", weekday=TODAY.weekday())
    )


def count(db: Database, model: type) -> int:
    with db.session() as s:
        return s.scalar(select(func.count()).select_from(model)) or 0


def test_a_booked_person_comes_first_at_the_desk_and_is_marked_here_once_checked_in(
    db: Database, add: AddPerson
) -> None:
    activity = weekly(db)
    regular, booked = add("Mabel", "Regular"), add("Mabel", "Booked")
    for weeks in (3, 2, 1):  # Mabel Regular comes every week
        past = A.open_session(db, activity.id, TODAY - timedelta(weeks=weeks))
        D.check_in(db, past.id, regular.id)
    likely = D.likely_here(db, activity.id, TODAY)
    assert [p.id for p in search_people(db, "mabel", prefer=likely)][:2] == [regular.id, booked.id]

    done = BK.book(db, activity.id, TODAY, booked.id, "benefits appointment")
    assert (done.name, done.note, done.here) == ("Mabel Booked", "benefits appointment", False)
    likely = D.likely_here(db, activity.id, TODAY)
    assert likely[booked.id] >= BK.BOOKED > likely[regular.id]
    assert [p.id for p in search_people(db, "ma", prefer=likely)][:2] == [booked.id, regular.id]

    session = A.open_session(db, activity.id, TODAY)
    D.check_in(db, session.id, booked.id)
    [row] = BK.bookings_on(db, activity.id, TODAY)
    assert (row.person_id, row.here) == (booked.id, True)


def test_a_booking_for_next_week_makes_no_session_so_no_figure_changes(
    db: Database, add: AddPerson
) -> None:
    activity = weekly(db)
    week = (TODAY, TODAY + timedelta(days=13))
    before = compute(db, scope_for(db, *week))
    BK.book(db, activity.id, TODAY + timedelta(weeks=1), add("Ann", "Early").id)
    assert count(db, DropInSession) == 0
    assert compute(db, scope_for(db, *week)) == before
    assert [b.name for b in BK.bookings_on(db, activity.id, TODAY + timedelta(weeks=1))] == [
        "Ann Early"
    ]
    assert BK.bookings_on(db, activity.id, TODAY) == []


@pytest.mark.parametrize(
    ("case", "message"),
    [
        ("past", "has already happened: bookings are for today or later"),
        ("not a meeting day", "does not meet on"),
        ("cancelled", "is cancelled"),
        ("archived person", "is archived; bring them back first"),
        ("booked twice", "is already booked for that session"),
        ("already here", "is already checked in to that session"),
    ],
)
def test_a_booking_that_cannot_be_is_refused_plainly_and_changes_nothing(
    db: Database, add: AddPerson, case: str, message: str
) -> None:
    activity = weekly(db)
    person = add("Bea", "Careful")
    day = TODAY + timedelta(weeks=1)
    if case == "past":
        day = TODAY - timedelta(weeks=1)
    elif case == "not a meeting day":
        day = TODAY + timedelta(days=1)
    elif case == "cancelled":
        A.set_session_cancelled(db, A.open_session_id(db, activity.id, day), True, "roof leak")
    elif case == "archived person":
        set_archived(db, person.id, True)
    elif case == "booked twice":
        BK.book(db, activity.id, day, person.id)
    elif case == "already here":
        day = TODAY
        D.check_in(db, A.open_session_id(db, activity.id, day), person.id)
    bookings = count(db, Booking)
    with pytest.raises(ValidationError) as refused:
        BK.book(db, activity.id, day, person.id)
    assert message in str(refused.value)
    assert count(db, Booking) == bookings


def test_taking_a_booking_back_removes_it_and_is_audited(db: Database, add: AddPerson) -> None:
    activity = weekly(db)
    done = BK.book(db, activity.id, TODAY, add("Cal", "Later").id)
    assert BK.cancel_booking(db, done.id) == "Cal Later"
    assert BK.bookings_on(db, activity.id, TODAY) == []
    assert D.likely_here(db, activity.id, TODAY) == {}
    with pytest.raises(NotFound):
        BK.cancel_booking(db, done.id)
    with db.session() as s:
        said = list(
            s.execute(
                select(AuditEvent.action, AuditEvent.detail).where(AuditEvent.entity == "booking")
            )
        )
    # Each entry names the person, the activity and the date.
    assert [(action, detail.split(" ", 1)[1]) for action, detail in said] == [
        ("book", f"Advice drop-in {TODAY}"),
        ("cancel booking", f"Advice drop-in {TODAY}"),
    ]


def test_merging_moves_bookings_and_keeps_one_with_both_notes_where_both_were_booked(
    db: Database, add: AddPerson
) -> None:
    activity = weekly(db)
    keep, dup = add("Dot", "Smith"), add("Dot", "Smyth")
    next_week = TODAY + timedelta(weeks=1)
    BK.book(db, activity.id, TODAY, dup.id, "from the duplicate")
    BK.book(db, activity.id, next_week, keep.id, "the survivor's")
    BK.book(db, activity.id, next_week, dup.id, "the same session twice")
    merge_people(db, keep.id, dup.id)
    mine = {
        day: [(b.person_id, b.note) for b in BK.bookings_on(db, activity.id, day)]
        for day in (TODAY, next_week)
    }
    assert mine == {
        TODAY: [(keep.id, "from the duplicate")],
        next_week: [(keep.id, "the survivor's; the same session twice")],
    }


def test_a_one_off_activity_is_booked_only_on_its_day(db: Database, add: AddPerson) -> None:
    day = TODAY + timedelta(days=10)
    activity = A.save_activity(
        db, A.ActivityInput("Winter fair", "Village hall", "one-off", starts_on=day)
    )
    person = add("Eve", "Fair")
    BK.book(db, activity.id, day, person.id)
    with pytest.raises(ValidationError, match="does not meet on"):
        BK.book(db, activity.id, day + timedelta(days=7), person.id)
    assert [b.person_id for b in BK.bookings_on(db, activity.id, day)] == [person.id]


def test_the_sign_in_sheet_lists_people_booked_for_that_day_with_the_regulars(
    db: Database, add: AddPerson
) -> None:
    activity = weekly(db)
    regular, newcomer = add("Gus", "Often"), add("Hal", "Newcomer")
    for weeks in (2, 1):
        D.check_in(
            db, A.open_session_id(db, activity.id, TODAY - timedelta(weeks=weeks)), regular.id
        )
    BK.book(db, activity.id, TODAY, newcomer.id)
    assert [name for _id, _ref, name in D.regulars(db, activity.id, TODAY)] == [
        "Hal Newcomer",
        "Gus Often",
    ]
    next_week = TODAY + timedelta(weeks=1)
    assert [name for _id, _ref, name in D.regulars(db, activity.id, next_week)] == ["Gus Often"]


def test_a_persons_page_lists_their_coming_bookings_soonest_first(
    db: Database, add: AddPerson
) -> None:
    activity = weekly(db)
    person = add("Ida", "Expected")
    later, soon = TODAY + timedelta(weeks=2), TODAY
    BK.book(db, activity.id, later, person.id, "follow-up")
    BK.book(db, activity.id, soon, person.id)
    assert [(b.date, b.activity, b.note) for b in BK.bookings_of(db, person.id)] == [
        (soon, "Advice drop-in", ""),
        (later, "Advice drop-in", "follow-up"),
    ]
