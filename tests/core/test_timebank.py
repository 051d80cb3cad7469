"""Timebank accounts, limits, the community chest, matching and the inactive list."""

from __future__ import annotations

from datetime import date

import pytest

from ncdesk.core.errors import ValidationError
from ncdesk.core.services import ledger as L
from ncdesk.core.services import skills as K
from ncdesk.core.services import timebank_accounts as T

DAY = date(2026, 6, 1)


@pytest.fixture
def members(db, add):
    def join(first, last, **details):
        return T.join_member(db, add(first, last, **details).id, date(2026, 1, 1))

    return join


def test_a_person_joins_once(db, add):
    mary = add("Mary", "Smith")
    T.join_member(db, mary.id, date(2026, 1, 1))
    with pytest.raises(ValidationError):
        T.join_member(db, mary.id, date(2026, 2, 1))


def test_one_hour_given_earns_one_credit(db, members):
    ann, bob = members("Ann", "Giver"), members("Bob", "Taker")
    L.record_exchange(db, L.ExchangeInput(DAY, ann.id, bob.id, 60))
    assert (T.get_account(db, ann.id).balance, T.get_account(db, bob.id).balance) == (60, -60)
    assert T.get_account(db, ann.id).balance_text == "1:00"


def test_going_below_a_balance_limit_warns_but_saves(db, members):
    ann, bob = members("Ann", "Giver"), members("Bob", "Taker")
    T.update_member(db, bob.id, limit_low=-60)
    result = L.record_exchange(db, L.ExchangeInput(DAY, ann.id, bob.id, 90))
    assert result.ids and any("below their limit of -1:00" in w for w in result.warnings)


def test_a_member_who_left_cannot_record_new_exchanges(db, members):
    ann, bob = members("Ann", "Giver"), members("Bob", "Taker")
    T.update_member(db, bob.id, status="left")
    with pytest.raises(ValidationError):
        L.record_exchange(db, L.ExchangeInput(DAY, ann.id, bob.id, 60))


def test_a_batch_with_one_bad_slip_saves_nothing(db, members):
    ann, bob = members("Ann", "Giver"), members("Bob", "Taker")
    with pytest.raises(ValidationError) as err:
        L.record_batch(
            db, [L.ExchangeInput(DAY, ann.id, bob.id, 60), L.ExchangeInput(DAY, ann.id, ann.id, 30)]
        )
    assert err.value.problems[0].row == 2
    assert L.exchange_ids(db) == []


def test_group_exchange_credits_the_helper_once_per_person_helped(db, members):
    ann, bob, cat = members("Ann", "Teacher"), members("Bob", "Pupil"), members("Cat", "Pupil")
    result = L.record_group_exchange(
        db, DAY, [ann.id], [bob.id, cat.id], 60, description="phone class"
    )
    assert len(result.ids) == 2
    rows = L.exchange_rows(db, result.ids)
    assert rows[0].group_id is not None and rows[0].group_id == rows[1].group_id
    assert T.get_account(db, ann.id).balance == 120


def test_donations_and_grants_move_credits_through_the_chest(db, members):
    ann, bob = members("Ann", "Giver"), members("Bob", "Needy")
    L.record_exchange(db, L.ExchangeInput(DAY, ann.id, bob.id, 120))
    L.donate_to_chest(db, ann.id, 60, DAY)
    L.grant_from_chest(db, bob.id, 60, DAY)
    chest = next(a for a in T.list_accounts(db) if a.kind == "chest")
    assert (
        T.get_account(db, ann.id).balance,
        T.get_account(db, bob.id).balance,
        chest.balance,
    ) == (60, -60, 0)


def test_helpers_nearby_and_recently_active_come_first(db, members):
    asker = members("Rita", "Request", postcode="CB7 5AB")
    far = members("Fred", "Far", postcode="SY3 9AA")
    near = members("Nina", "Near", postcode="CB7 4XY")
    idle = members("Ian", "Idle", postcode="CB7 1AA")
    garden = next(c for c in K.categories(db) if c.name == "Gardening")
    for helper in (far, near, idle):
        K.add_listing(db, helper.id, "offer", garden.id, "weeding")
    L.record_exchange(db, L.ExchangeInput(DAY, near.id, far.id, 30))
    request = K.add_listing(db, asker.id, "request", garden.id, "hedge trimming")
    found = K.find_helpers(db, request.id)
    assert [c.name for c in found] == ["Nina Near", "Ian Idle", "Fred Far"]
    K.record_match(db, request.id, found[0].account_id, "rang both")
    assert K.matches_for(db, request.id)[0][0] == "Nina Near"


def test_inactive_members_are_those_quiet_for_n_months(db, members):
    busy, quiet = members("Bea", "Busy"), members("Quentin", "Quiet")
    L.record_exchange(db, L.ExchangeInput(date(2026, 10, 1), busy.id, quiet.id, 60))
    L.record_exchange(
        db, L.ExchangeInput(date(2026, 11, 1), busy.id, members("Other", "One").id, 60)
    )
    names = [a.name for a in T.inactive_members(db, 1, on=date(2026, 11, 20))]
    assert names == ["Quentin Quiet"]
