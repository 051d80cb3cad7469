"""Drop-in desk services: schedules, sessions, check-in, first-timers, anonymous counts,
signposting, follow-ups, volunteers, history and merging."""

from __future__ import annotations

from datetime import date, time

import pytest

from ncdesk.core.errors import ValidationError
from ncdesk.core.services import activities as A
from ncdesk.core.services import desk as D
from ncdesk.core.services import referrals as R
from ncdesk.core.services import volunteers as V
from ncdesk.core.services.merge import merge_people
from ncdesk.core.services.people import PossibleDuplicate
from ncdesk.core.services.person_fields import PersonDetails

TUESDAY = 1


@pytest.fixture
def dropin(db):
    return A.save_activity(
        db,
        A.ActivityInput(
            "Touchpoint drop-in",
            "Soham library",
            "weekly",
            weekday=TUESDAY,
            start_time=time(10),
            end_time=time(12),
        ),
    )


@pytest.fixture
def session(db, dropin):
    return A.open_session(db, dropin.id, date(2026, 11, 24))


def test_weekly_schedule_expects_every_tuesday(dropin):
    days = A.scheduled_dates(dropin, date(2026, 11, 1), date(2026, 11, 30))
    assert days == [date(2026, 11, 3), date(2026, 11, 10), date(2026, 11, 17), date(2026, 11, 24)]


def test_fortnightly_schedule_counts_from_its_first_date(db):
    walk = A.save_activity(
        db, A.ActivityInput("Walk", schedule="fortnightly", weekday=0, starts_on=date(2026, 11, 2))
    )
    assert A.scheduled_dates(walk, date(2026, 11, 1), date(2026, 12, 1)) == [
        date(2026, 11, 2),
        date(2026, 11, 16),
        date(2026, 11, 30),
    ]


def test_monthly_schedule_on_the_last_wednesday(db):
    lunch = A.save_activity(db, A.ActivityInput("Lunch", schedule="monthly", weekday=2, nth=-1))
    assert A.scheduled_dates(lunch, date(2026, 1, 1), date(2026, 3, 31)) == [
        date(2026, 1, 28),
        date(2026, 2, 25),
        date(2026, 3, 25),
    ]
    assert lunch.schedule_text == "Last Wednesday of the month"


def test_schedule_stops_at_the_end_date(db):
    short = A.save_activity(db, A.ActivityInput("Short", weekday=0, ends_on=date(2026, 11, 10)))
    assert A.scheduled_dates(short, date(2026, 11, 1), date(2026, 11, 30)) == [
        date(2026, 11, 2),
        date(2026, 11, 9),
    ]


def test_an_activity_needs_a_name_and_a_day(db):
    with pytest.raises(ValidationError) as err:
        A.save_activity(db, A.ActivityInput("  ", schedule="weekly"))
    assert {p.field for p in err.value.problems} == {"name", "weekday"}


def test_two_activities_cannot_share_a_name(db, dropin):
    with pytest.raises(ValidationError):
        A.save_activity(db, A.ActivityInput("touchpoint DROP-IN", weekday=0))


def test_todays_expected_session_is_offered_before_it_is_opened(db, dropin):
    offered = A.sessions_on(db, date(2026, 11, 24))
    assert [(s.id, s.activity) for s in offered] == [(None, "Touchpoint drop-in")]
    opened = A.open_session(db, dropin.id, date(2026, 11, 24))
    assert opened.id is not None
    assert A.open_session(db, dropin.id, date(2026, 11, 24)).id == opened.id
    assert A.open_session_id(db, dropin.id, date(2026, 11, 24)) == opened.id
    assert [s.id for s in A.sessions_on(db, date(2026, 11, 24))] == [opened.id]


def test_the_first_thing_done_in_an_expected_session_records_it(db, dropin):
    session_id = A.open_session_id(db, dropin.id, date(2026, 12, 1))
    assert [s.id for s in A.sessions_on(db, date(2026, 12, 1))] == [session_id]


def test_checking_in_twice_does_not_count_twice(db, add, session):
    mary = add("Mary", "Smith")
    first = D.check_in(db, session.id, mary.id)
    again = D.check_in(db, session.id, mary.id)
    assert not first.already and again.already
    assert again.attendance_id == first.attendance_id
    assert A.get_session(db, session.id).attendances == 1


def test_check_in_makes_the_person_rank_first_in_search(db, add, session):
    from ncdesk.core.services.people import search_people

    add("Mary", "Smith")
    later = add("Mary", "Stone")
    D.check_in(db, session.id, later.id)
    assert search_people(db, "mary s")[0].id == later.id


def test_a_first_timer_is_registered_and_checked_in_at_once(db, session):
    person, checked = D.add_first_timer(
        db, session.id, PersonDetails(first_name="Tom", last_name="New", age_band="75-84")
    )
    assert person.person_ref.startswith("P") and person.age_band == "75-84"
    assert [a.name for a in D.attendees(db, session.id)] == ["Tom New"]
    assert D.attendees(db, session.id)[0].first_visit


def test_a_first_timer_who_looks_registered_is_offered_the_existing_record(db, add, session):
    add("Mary", "Smith")
    with pytest.raises(PossibleDuplicate):
        D.add_first_timer(db, session.id, PersonDetails(first_name="Mary", last_name="Smith"))
    assert D.attendees(db, session.id) == []
    D.add_first_timer(
        db, session.id, PersonDetails(first_name="Mary", last_name="Smith"), allow_duplicate=True
    )
    assert len(D.attendees(db, session.id)) == 1


def test_anonymous_counter_never_goes_below_zero(db, session):
    assert D.change_anonymous_count(db, session.id, +1) == 1
    assert D.change_anonymous_count(db, session.id, +1) == 2
    assert D.change_anonymous_count(db, session.id, -5) == 0
    with pytest.raises(ValidationError):
        D.set_anonymous_count(db, session.id, -1)


def test_undo_removes_the_check_in_and_its_signposting(db, add, session):
    mary = add("Mary", "Smith")
    checked = D.check_in(db, session.id, mary.id)
    food = R.referral_types(db)[0]
    R.record_help(db, checked.attendance_id, "voucher", [R.ReferralInput(food.id, follow_up=True)])
    with pytest.raises(D.HelpWouldBeLost) as asked:  # not without saying what would go
        D.undo_check_in(db, checked.attendance_id)
    assert asked.value.what == ["help given", f"signposting to {food.name}"]
    assert [a.name for a in D.attendees(db, session.id)] == ["Mary Smith"]
    assert D.undo_check_in(db, checked.attendance_id, with_help=True) == "Mary Smith"
    assert D.attendees(db, session.id) == []
    assert R.follow_ups(db) == []


def test_a_cancelled_session_takes_no_check_ins(db, add, session):
    A.set_session_cancelled(db, session.id, True, "heating broken")
    with pytest.raises(ValidationError):
        D.check_in(db, session.id, add("Mary", "Smith").id)


def test_a_session_with_people_checked_in_cannot_be_cancelled(db, add, session):
    D.check_in(db, session.id, add("Mary", "Smith").id)
    with pytest.raises(ValidationError):
        A.set_session_cancelled(db, session.id, True)


def test_help_and_referrals_are_saved_as_ticked(db, add, session):
    checked = D.check_in(db, session.id, add("Mary", "Smith").id)
    types = {t.name: t.id for t in R.referral_types(db)}
    R.record_help(
        db,
        checked.attendance_id,
        "PIP form",
        [
            R.ReferralInput(types["Benefits advice"], "Citizens Advice Thursday", True),
            R.ReferralInput(types["GP"]),
        ],
    )
    R.record_help(
        db,
        checked.attendance_id,
        "PIP form",
        [R.ReferralInput(types["Benefits advice"], "CA", True)],
    )
    help_given, referrals = R.referrals_for(db, checked.attendance_id)
    assert help_given == "PIP form"
    assert [(r.type_name, r.note, r.follow_up) for r in referrals] == [
        ("Benefits advice", "CA", True)
    ]


def test_follow_ups_list_until_done(db, add, session):
    mary = add("Mary", "Smith", phone="07700 900321")
    checked = D.check_in(db, session.id, mary.id)
    housing = next(t for t in R.referral_types(db) if t.name == "Housing")
    R.record_help(
        db, checked.attendance_id, "", [R.ReferralInput(housing.id, "call council", True)]
    )
    [item] = R.follow_ups(db)
    assert (item.name, item.phone, item.type_name) == ("Mary Smith", "07700 900321", "Housing")
    R.set_follow_up_done(db, item.referral_id)
    assert R.follow_ups(db) == []
    assert R.follow_ups(db, include_done=True)[0].done


def test_new_referral_types_join_the_list_and_can_be_archived(db):
    added = R.add_referral_type(db, "Debt advice")
    assert "Debt advice" in [t.name for t in R.referral_types(db)]
    with pytest.raises(ValidationError):
        R.add_referral_type(db, "debt ADVICE")
    R.set_referral_type_archived(db, added.id)
    assert "Debt advice" not in [t.name for t in R.referral_types(db)]


def test_volunteer_hours_default_to_the_session_length(db, add, session):
    helper = add("Val", "Unteer")
    shift = V.record_volunteer(db, session.id, helper.id)
    assert shift.minutes == 120
    V.record_volunteer(db, session.id, helper.id, 90)
    assert [(v.name, v.minutes) for v in V.volunteers(db, session.id)] == [("Val Unteer", 90)]


def test_volunteer_hours_are_needed_when_the_session_has_no_times(db, add):
    walk = A.save_activity(db, A.ActivityInput("Walk", weekday=0))
    session = A.open_session(db, walk.id, date(2026, 11, 23))
    with pytest.raises(ValidationError):
        V.record_volunteer(db, session.id, add("Val", "Unteer").id)


def test_a_persons_history_lists_their_visits_newest_first(db, add, dropin):
    mary = add("Mary", "Smith")
    for day in (date(2026, 11, 10), date(2026, 11, 17)):
        D.check_in(db, A.open_session(db, dropin.id, day).id, mary.id)
    assert [v.date for v in D.attendance_history(db, mary.id)] == [
        date(2026, 11, 17),
        date(2026, 11, 10),
    ]


def test_merging_moves_visits_and_keeps_one_per_session(db, add, dropin):
    keep, dup = add("Mary", "Smith"), add("Mary", "Smyth")
    s1 = A.open_session(db, dropin.id, date(2026, 11, 10))
    s2 = A.open_session(db, dropin.id, date(2026, 11, 17))
    D.check_in(db, s1.id, keep.id)
    both = D.check_in(db, s2.id, keep.id)
    twin = D.check_in(db, s2.id, dup.id)
    D.check_in(db, s1.id, dup.id)
    gp = next(t for t in R.referral_types(db) if t.name == "GP")
    R.record_help(db, twin.attendance_id, "", [R.ReferralInput(gp.id)])
    merge_people(db, keep.id, dup.id)
    history = D.attendance_history(db, keep.id)
    assert [v.date for v in history] == [date(2026, 11, 17), date(2026, 11, 10)]
    assert history[0].referrals == ("GP",)
    assert history[0].attendance_id == both.attendance_id
    assert D.attendance_history(db, dup.id) == []


def test_regulars_are_people_from_recent_sessions(db, add, dropin):
    mary, tom = add("Mary", "Smith"), add("Tom", "Abbot")
    D.check_in(db, A.open_session(db, dropin.id, date(2026, 11, 10)).id, mary.id)
    D.check_in(db, A.open_session(db, dropin.id, date(2026, 11, 17)).id, tom.id)
    assert [name for _, _, name in D.regulars(db, dropin.id, date(2026, 11, 24), min_visits=1)] == [
        "Tom Abbot",
        "Mary Smith",
    ]


def test_a_paper_sheet_is_typed_in_all_at_once(db, add, session):
    mary, tom = add("Mary", "Smith"), add("Tom", "Abbot")
    D.check_in(db, session.id, mary.id)
    result = D.record_paper_sheet(
        db,
        session.id,
        [mary.id, tom.id, tom.id],
        [PersonDetails(first_name="Nell", last_name="Gwyn")],
        4,
    )
    assert (result.checked_in, result.already) == (2, 1)
    assert result.new_people[0].startswith("Nell Gwyn (P")
    info = A.get_session(db, session.id)
    assert (info.attendances, info.anonymous_count) == (3, 4)


def test_a_paper_sheet_with_a_nameless_row_writes_nothing(db, add, session):
    tom = add("Tom", "Abbot")
    with pytest.raises(ValidationError):
        D.record_paper_sheet(db, session.id, [tom.id], [PersonDetails()], 2)
    info = A.get_session(db, session.id)
    assert (info.attendances, info.anonymous_count) == (0, 0)
