"""Every grant-return metric on small hand-built data, expected values worked out by hand.

The period is the quarter 1 January – 31 March 2026 throughout.
"""

from __future__ import annotations

from datetime import date, time

import pytest

from ncdesk.core.figures import AGE_BANDS
from ncdesk.core.reports.metrics import compute, scope_for
from ncdesk.core.services import activities as A
from ncdesk.core.services import desk as D
from ncdesk.core.services import equipment as E
from ncdesk.core.services import ledger as X
from ncdesk.core.services import lending as L
from ncdesk.core.services import referrals as R
from ncdesk.core.services import timebank_accounts as T
from ncdesk.core.services import volunteers as V
from ncdesk.core.services.grants import GrantInput, save_grant

START, END = date(2026, 1, 1), date(2026, 3, 31)


@pytest.fixture
def world(db, add):
    """A small, fully known world:

    - Ann turns 65 on 31/03/2026 (the last day); Bob is 40; Cat has no date of birth;
      Dee gave only the age band 75-84; Eve is 90 and volunteers.
    - Drop-in "Lunch" (in the grant): 10/12/2025 Ann (before the period);
      06/01/2026 Ann + Bob + 2 anonymous, Ann referred to Food bank voucher and GP, Bob to GP;
      13/01/2026 only 3 anonymous; 20/01/2026 cancelled; 03/02/2026 Cat.
      Eve volunteers 2:30 on 06/01 and 1:00 on 03/02.
    - Drop-in "Chess" (not in the grant): 07/01/2026 Dee.
    - Timebank: Bob and Cat members (Cat joined 15/02/2026, Bob in 2025); Bob helps Cat 1:30 on
      10/01; Cat helps Bob 0:45 on 12/01 but it is voided; Bob donates 1:00 to the chest on
      20/01 (a transfer, not an exchange).
    - Loans: the walker out to Dee 20/12/2025, back 05/01/2026; the same walker to Ann from
      10/03/2026, still out.
    """
    ann = add("Ann", "Turner", date_of_birth=date(1961, 3, 31), gender="female", disability=False)
    bob = add("Bob", "Young", date_of_birth=date(1985, 6, 1), gender="male", disability=True)
    cat = add("Cat", "Nobirth", gender="non-binary")
    dee = add("Dee", "Bandonly", age_band="75-84", gender="prefer not to say")
    eve = add("Eve", "Elder", date_of_birth=date(1935, 7, 7), gender="female", disability=False)
    lunch = A.save_activity(
        db, A.ActivityInput("Lunch", weekday=1, start_time=time(12), end_time=time(14))
    )
    chess = A.save_activity(db, A.ActivityInput("Chess", weekday=2))

    def session(activity, day):
        return A.open_session(db, activity.id, day).id

    D.check_in(db, session(lunch, date(2025, 12, 10)), ann.id)
    s1 = session(lunch, date(2026, 1, 6))
    a1 = D.check_in(db, s1, ann.id)
    b1 = D.check_in(db, s1, bob.id)
    D.set_anonymous_count(db, s1, 2)
    types = {t.name: t.id for t in R.referral_types(db)}
    R.record_help(
        db,
        a1.attendance_id,
        "",
        [R.ReferralInput(types["Food bank voucher"]), R.ReferralInput(types["GP"])],
    )
    R.record_help(db, b1.attendance_id, "", [R.ReferralInput(types["GP"])])
    D.set_anonymous_count(db, session(lunch, date(2026, 1, 13)), 3)
    cancelled = session(lunch, date(2026, 1, 20))
    D.set_anonymous_count(db, cancelled, 4)
    A.set_session_cancelled(db, cancelled, True, "snow")
    s4 = session(lunch, date(2026, 2, 3))
    D.check_in(db, s4, cat.id)
    V.record_volunteer(db, s1, eve.id, 150)
    V.record_volunteer(db, s4, eve.id, 60)
    D.check_in(db, session(chess, date(2026, 1, 7)), dee.id)

    bob_m = T.join_member(db, bob.id, date(2025, 6, 1))
    cat_m = T.join_member(db, cat.id, date(2026, 2, 15))
    X.record_exchange(db, X.ExchangeInput(date(2026, 1, 10), bob_m.id, cat_m.id, 90))
    wrong = X.record_exchange(db, X.ExchangeInput(date(2026, 1, 12), cat_m.id, bob_m.id, 45))
    X.void_exchange(db, wrong.ids[0], "typed against the wrong member")
    X.donate_to_chest(db, bob_m.id, 60, date(2026, 1, 20))

    walker = E.save_item(
        db, E.ItemInput("WF01", "Walking frame", "Walking aid", acquired=date(2025, 1, 1))
    )
    [(check_type, *_)] = E.check_types(db, 3)
    E.record_check(db, walker, check_type, date(2025, 12, 1), True)
    L.lend_item(
        db,
        L.LoanInput(
            walker, dee.id, date(2025, 12, 20), date(2026, 1, 10), returned=date(2026, 1, 5)
        ),
    )
    L.lend_item(db, L.LoanInput(walker, ann.id, date(2026, 3, 10), date(2026, 5, 31)))
    return {"lunch": lunch, "chess": chess}


@pytest.fixture
def figures(db, world):
    return compute(db, scope_for(db, START, END))


def test_a_cancelled_session_is_not_counted_but_an_anonymous_only_one_is(figures):
    assert (
        figures["dropin.sessions"] == 4
    )  # Lunch 06/01, 13/01 (anonymous only), 03/02; Chess 07/01


def test_attendances_add_registered_and_anonymous(figures):
    assert figures["dropin.attendances_registered"] == 4  # Ann, Bob, Cat, Dee
    assert figures["dropin.attendances_anonymous"] == 5  # 2 + 3; the cancelled session's 4 are not
    assert figures["dropin.attendances"] == 9


def test_someone_first_seen_before_the_period_is_not_new(figures):
    assert figures["dropin.unique_people"] == 4
    assert figures["dropin.new_people"] == 3  # Bob, Cat, Dee; Ann came in December


def test_referrals_count_one_per_type_per_attendance(figures):
    assert figures["referrals.total"] == 3
    assert figures["referrals.by_type.gp"] == 2
    assert figures["referrals.by_type.food_bank_voucher"] == 1


def test_volunteer_hours_are_summed_to_two_decimals(figures):
    assert figures["volunteers.people"] == 1
    assert figures["volunteers.hours"] == 3.5


def test_a_voided_exchange_and_a_chest_donation_are_not_exchanges(figures):
    assert figures["timebank.exchanges"] == 1
    assert figures["timebank.hours"] == 1.5
    assert figures["timebank.active_members"] == 2  # Bob and Cat (the void does not count)
    assert figures["timebank.new_members"] == 1  # Cat joined 15/02/2026


def test_loans_started_before_and_still_open(figures):
    assert figures["loans.started"] == 1  # only Ann's, 10/03; Dee's began in December
    assert figures["loans.borrowers"] == 2 and figures["loans.items"] == 1
    # Dee's loan 20/12–05/01 counts 01/01–05/01 = 5 days; Ann's open loan 10/03–31/03 = 22 days.
    assert figures["loans.loan_days"] == 27


def test_reach_joins_every_part_without_counting_anyone_twice(figures):
    assert (
        figures["reach.unique_people"] == 5
    )  # Ann, Bob, Cat, Dee (drop-in, loans), Eve (volunteer)


def test_a_person_turning_65_on_the_last_day_is_65(figures):
    assert figures["reach.age.65-74"] == 1  # Ann, 65 on 31/03/2026
    assert figures["reach.age.25-49"] == 1  # Bob
    assert figures["reach.age.75-84"] == 1  # Dee, by the band she gave
    assert figures["reach.age.85+"] == 1  # Eve, 90
    assert figures["reach.age.unknown"] == 1  # Cat
    assert figures["reach.age_65_plus"] == 3
    assert all(f"reach.age.{band}" in figures for band in AGE_BANDS)


def test_the_day_before_the_birthday_is_still_64(db, world):
    figures = compute(db, scope_for(db, START, date(2026, 3, 30)))
    assert figures["reach.age.50-64"] == 1
    assert figures["reach.age.65-74"] == 0


def test_gender_and_disability_breakdowns(figures):
    assert figures["reach.gender.female"] == 2
    assert figures["reach.gender.male"] == 1
    assert figures["reach.gender.non_binary"] == 1
    assert figures["reach.gender.prefer_not_to_say"] == 1
    assert (
        figures["reach.disability.yes"],
        figures["reach.disability.no"],
        figures["reach.disability.unknown"],
    ) == (1, 2, 2)


def test_a_grant_counts_only_its_activities_and_what_it_covers(db, world):
    save_grant(
        db, GrantInput("CT-01", "Care Together", START, END, activity_ids=(world["lunch"].id,))
    )
    figures = compute(db, scope_for(db, START, END, "ct-01"))
    assert (
        figures["dropin.sessions"] == 3 and figures["dropin.unique_people"] == 3
    )  # no Chess, no Dee
    assert figures["timebank.exchanges"] == 0 and figures["loans.started"] == 0
    assert figures["reach.unique_people"] == 4  # Ann, Bob, Cat, Eve


def test_counts_are_integers_and_hours_and_changes_are_numbers(figures):
    decimals = (".hours", ".mean_change")
    assert all(isinstance(v, int) for k, v in figures.items() if not k.endswith(decimals))
    assert all(isinstance(v, float) for k, v in figures.items() if k.endswith(decimals))
