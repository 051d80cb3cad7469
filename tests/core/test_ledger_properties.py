"""Property-based checks of the timebank ledger: whatever sequence of exchanges, group
exchanges, donations, grants and voids happens, the books balance and nothing disappears."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import func, select

from ncdesk.core.errors import ValidationError
from ncdesk.core.models import Exchange
from ncdesk.core.services import ledger as L
from ncdesk.core.services.people import add_person
from ncdesk.core.services.person_fields import PersonDetails
from ncdesk.core.services.timebank_accounts import balances, join_member
from tests.databases import new_database

DAY = date(2026, 6, 1)
MEMBERS = 4

actions = st.lists(
    st.one_of(
        st.tuples(
            st.just("exchange"),
            st.integers(0, MEMBERS - 1),
            st.integers(0, MEMBERS - 1),
            st.integers(1, 600),
        ),
        st.tuples(
            st.just("group"),
            st.integers(0, MEMBERS - 1),
            st.integers(1, MEMBERS - 1),
            st.integers(1, 240),
        ),
        st.tuples(
            st.just("donate"), st.integers(0, MEMBERS - 1), st.integers(0, 0), st.integers(1, 300)
        ),
        st.tuples(
            st.just("grant"), st.integers(0, MEMBERS - 1), st.integers(0, 0), st.integers(1, 300)
        ),
        st.tuples(st.just("void"), st.integers(0, 50), st.integers(0, 0), st.integers(0, 0)),
    ),
    max_size=25,
)


@pytest.fixture(scope="module")
def ledger_db(tmp_path_factory):
    db = new_database(tmp_path_factory.mktemp("ledger") / "t.db")
    members = []
    for i in range(MEMBERS):
        person = add_person(
            db, PersonDetails(first_name=f"Member{i}", last_name="Test"), allow_duplicate=True
        )
        members.append(join_member(db, person.id, date(2026, 1, 1)).id)
    yield db, members
    db.close()


def _count(db) -> int:
    with db.session() as s:
        return s.scalar(select(func.count(Exchange.id))) or 0


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(actions)
def test_ledger_always_balances_and_never_loses_entries(ledger_db, steps):
    db, members = ledger_db
    for kind, a, b, minutes in steps:
        before_count = _count(db)
        before = balances(db)
        try:
            if kind == "exchange":
                L.record_exchange(db, L.ExchangeInput(DAY, members[a], members[b], minutes))
            elif kind == "group":
                receivers = [m for m in members if m != members[a]][:b]
                L.record_group_exchange(db, DAY, [members[a]], receivers, minutes)
            elif kind == "donate":
                L.donate_to_chest(db, members[a], minutes, DAY)
            elif kind == "grant":
                L.grant_from_chest(db, members[a], minutes, DAY)
            else:
                ids = L.exchange_ids(db)
                if not ids:
                    continue
                target = ids[a % len(ids)]
                [row] = L.exchange_rows(db, [target])
                L.void_exchange(db, target, "typed twice")
                after = balances(db)
                # A void puts both accounts back exactly as they were before the entry.
                assert after.get(row.giver_id, 0) == before.get(row.giver_id, 0) - row.minutes
                assert after.get(row.receiver_id, 0) == before.get(row.receiver_id, 0) + row.minutes
        except ValidationError:
            # Refused (same giver and receiver, voiding a void...): nothing may have changed.
            assert _count(db) == before_count
            assert balances(db) == before
        assert sum(balances(db).values()) == 0
        assert _count(db) >= before_count


def test_a_voided_exchange_stays_visible_beside_its_reversal(ledger_db):
    db, members = ledger_db
    recorded = L.record_exchange(
        db, L.ExchangeInput(DAY, members[0], members[1], 90, description="gardening")
    )
    reversal = L.void_exchange(db, recorded.ids[0], "wrong member")
    original, back = L.exchange_rows(db, [recorded.ids[0], reversal])
    assert original.voided and original.void_reason == "wrong member"
    assert back.reversal_of_id == original.id and back.giver_id == members[1]
    with pytest.raises(ValidationError):
        L.void_exchange(db, recorded.ids[0], "again")
