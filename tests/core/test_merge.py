"""Merging two records of one person moves every domain's history to the survivor: drop-in,
timebank, loans; and no foreign key to the person table can be left without a merge step."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from sqlalchemy import func, select

from ncdesk.core.models import (
    AuditEvent,
    BorrowerQualification,
    Exchange,
    Loan,
    Reservation,
    TimebankAccount,
)
from ncdesk.core.parsing import today
from ncdesk.core.services import activities as A
from ncdesk.core.services import desk as D
from ncdesk.core.services import equipment as E
from ncdesk.core.services import ledger as L
from ncdesk.core.services import lending as LD
from ncdesk.core.services import loan_views as V
from ncdesk.core.services import skills as K
from ncdesk.core.services import timebank_accounts as T
from ncdesk.core.services.merge import MERGE_STEPS, SET_BY_MERGE, merge_people
from ncdesk.core.services.outcomes import record_scores, score_history
from tests.core.schema import person_keys

TODAY = today()


def test_every_foreign_key_to_a_person_has_a_merge_step() -> None:
    claimed = {key for step in MERGE_STEPS for key in step.moves} | set(SET_BY_MERGE)
    assert person_keys() - claimed == set(), "add a step to MERGE_STEPS in services/merge.py"


def test_merge_steps_claim_only_columns_that_exist() -> None:
    claimed = {key for step in MERGE_STEPS for key in step.moves} | set(SET_BY_MERGE)
    assert claimed - person_keys() == set()


# --- drop-in ---------------------------------------------------------------------------------


def test_drop_in_visits_and_volunteering_move_to_the_survivor(db, add) -> None:
    keep, dup = add("Mary", "Smith"), add("Mary", "Smyth")
    activity = A.save_activity(
        db, A.ActivityInput("Tuesday drop-in", "Soham library", "weekly", weekday=1)
    )
    first = A.open_session(db, activity.id, date(2026, 11, 10))
    second = A.open_session(db, activity.id, date(2026, 11, 17))
    D.check_in(db, first.id, dup.id)
    D.check_in(db, second.id, keep.id)
    D.check_in(db, second.id, dup.id)  # the same visit counted twice
    merge_people(db, keep.id, dup.id)
    assert [v.date for v in D.attendance_history(db, keep.id)] == [
        date(2026, 11, 17),
        date(2026, 11, 10),
    ]
    assert D.attendance_history(db, dup.id) == []


# --- timebank --------------------------------------------------------------------------------


def test_a_duplicate_only_member_makes_the_survivor_the_member(db, add) -> None:
    keep, dup = add("Ann", "Giver"), add("Ann", "Givers")
    other = add("Bob", "Taker")
    dup_account = T.join_member(db, dup.id, date(2026, 1, 1))
    bob = T.join_member(db, other.id, date(2026, 1, 1))
    L.record_exchange(db, L.ExchangeInput(date(2026, 6, 1), dup_account.id, bob.id, 90))
    merge_people(db, keep.id, dup.id)
    member = T.member_for_person(db, keep.id)
    assert member is not None and member.balance == 90
    assert T.member_for_person(db, dup.id) is None


def test_two_members_become_one_whose_balance_is_the_sum(db, add) -> None:
    keep, dup, other = add("Ann", "Giver"), add("Ann", "Givers"), add("Bob", "Taker")
    a = T.join_member(db, keep.id, date(2026, 3, 1))
    b = T.join_member(db, dup.id, date(2026, 1, 1))
    bob = T.join_member(db, other.id, date(2026, 1, 1))
    day = date(2026, 6, 1)
    L.record_exchange(db, L.ExchangeInput(day, a.id, bob.id, 60))
    L.record_exchange(db, L.ExchangeInput(day, b.id, bob.id, 90))
    L.record_exchange(db, L.ExchangeInput(day, bob.id, b.id, 30))
    L.record_exchange(db, L.ExchangeInput(day, a.id, b.id, 45))  # one person on both sides
    gardening = K.categories(db)[0].id
    K.add_listing(db, b.id, "offer", gardening, "Mowing")
    before = T.balances(db)
    expected = before[a.id] + before[b.id]

    merge_people(db, keep.id, dup.id)

    after = T.balances(db)
    assert sum(after.values()) == 0
    survivor = T.member_for_person(db, keep.id)
    assert survivor is not None and survivor.id == a.id
    assert after[a.id] == expected == 60 + 90 - 30
    assert after[b.id] == 0 and after[bob.id] == before[bob.id]
    assert survivor.joined == date(2026, 1, 1)
    assert [x.description for x in K.listings(db, account_id=a.id)] == ["Mowing"]
    with db.session() as s:
        self_help = s.scalar(select(Exchange).where(Exchange.minutes == 45))
        assert self_help is not None and self_help.voided_at is not None
        assert s.get(TimebankAccount, b.id).status == "left"  # type: ignore[union-attr]


# --- loans -----------------------------------------------------------------------------------


@pytest.fixture
def walker(db) -> int:
    item_id = E.save_item(
        db, E.ItemInput("WF01", "Walking frame", "Walking aid", acquired=date(2024, 1, 1))
    )
    [(check_type, *_)] = E.check_types(db, 3)
    E.record_check(db, item_id, check_type, TODAY - timedelta(days=7), True, "Sam")
    return item_id


def test_an_open_loan_a_reservation_and_a_qualification_move_to_the_survivor(
    db, add, walker
) -> None:
    keep, dup = add("Mary", "Smith"), add("Mary", "Smyth")
    loan_id = LD.lend_item(db, LD.LoanInput(walker, dup.id, TODAY, TODAY + timedelta(days=14)))
    LD.reserve(
        db,
        LD.ReservationInput(
            dup.id, TODAY + timedelta(days=30), TODAY + timedelta(days=40), item_id=walker
        ),
    )
    requirement = E.add_requirement(db, 3, "Walker fitting", None)
    E.record_qualification(db, dup.id, requirement, TODAY)

    merge_people(db, keep.id, dup.id)

    with db.session() as s:
        loan = s.get(Loan, loan_id)
        assert loan is not None and (loan.person_id, loan.returned) == (keep.id, None)
        for model in (Loan, Reservation, BorrowerQualification):
            assert s.scalar(select(func.count()).where(model.person_id == dup.id)) == 0
            assert s.scalar(select(func.count()).where(model.person_id == keep.id)) == 1
    # The item is still out, now to the survivor, and the survivor is qualified.
    detail = V.item_detail(db, walker)
    assert detail.current_loan is not None and detail.current_loan.person_ref == keep.person_ref
    with db.session() as s:
        assert E.borrower_problem(s, keep.id, 3, TODAY, None) is None


# --- outcomes --------------------------------------------------------------------------------


def test_outcome_scores_move_and_the_survivors_answer_stands_for_one_sitting(db, add) -> None:
    keep, dup = add("Olive", "Smith"), add("Olive", "Smyth")
    record_scores(db, dup.id, date(2026, 3, 1), {"loneliness_ucla3": 5})
    record_scores(db, keep.id, date(2026, 6, 1), {"loneliness_ucla3": 3})
    record_scores(db, dup.id, date(2026, 6, 1), {"loneliness_ucla3": 7})  # the same sitting
    merge_people(db, keep.id, dup.id)
    assert [(r.day, r.score) for r in score_history(db, keep.id)] == [
        (date(2026, 3, 1), 5),
        (date(2026, 6, 1), 3),
    ]
    assert score_history(db, dup.id) == []


# --- the audit trail -------------------------------------------------------------------------


def test_the_audit_entry_says_what_moved_without_personal_details(db, add, walker) -> None:
    keep, dup = add("Mary", "Smith"), add("Mary", "Smyth", phone="07700 900123")
    LD.lend_item(db, LD.LoanInput(walker, dup.id, TODAY, TODAY + timedelta(days=7)))
    merge_people(db, keep.id, dup.id)
    with db.session() as s:
        [event] = s.scalars(select(AuditEvent).where(AuditEvent.action == "merge")).all()
    assert (event.entity, event.entity_id) == ("person", keep.id)
    assert event.detail == "P00002 merged into P00001; 1 records moved; filled phone"
    assert "900123" not in event.detail and "Smyth" not in event.detail
