"""The read-only views behind the Loans screens agree with the rules in equipment, lending and
fleet: the same statuses, the same checks due, the same reasons an item cannot go out."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

import pytest

from ncdesk.core.db import Database
from ncdesk.core.demo import fill_demo
from ncdesk.core.errors import NotFound, ValidationError
from ncdesk.core.models import Item
from ncdesk.core.parsing import today
from ncdesk.core.services import equipment as E
from ncdesk.core.services import fleet as F
from ncdesk.core.services import lending as L
from ncdesk.core.services import loan_views as V
from ncdesk.core.services import servicing as S
from tests.databases import copy_database, new_database, reopen

TODAY = today()
WALKING_AID = 3


def days(n: int) -> date:
    return TODAY + timedelta(days=n)


@pytest.fixture(scope="module")
def demo_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("views") / "demo.db"
    db = new_database(path)
    fill_demo(db, "small", seed=1)
    db.close()
    return path


@pytest.fixture
def demo(demo_file: Path, tmp_path: Path):
    copy = tmp_path / "demo.db"
    copy_database(demo_file, copy)
    db = reopen(copy)
    yield db
    db.close()


@pytest.fixture
def walker(db: Database) -> int:
    """A walking frame whose yearly frame-and-ferrules check was done a week ago."""
    item_id = E.save_item(
        db, E.ItemInput("WF01", "Walking frame", "Walking aid", acquired=date(2024, 1, 1))
    )
    [(check_type, *_)] = E.check_types(db, WALKING_AID)
    E.record_check(db, item_id, check_type, days(-7), True, "Sam")
    return item_id


def _states_one_by_one(db: Database) -> dict[int, list[E.CheckState]]:
    with db.session() as s:
        return {item.id: E.check_states(s, item) for item in s.query(Item).all()}


def test_the_items_list_has_the_fleet_status_of_every_item(demo):
    listed = V.item_list(demo)
    assert [r.item for r in listed] == F.item_statuses(demo)
    assert {r.item.status for r in listed} >= {"available", "on loan", "overdue"}


def test_an_item_back_today_shows_no_borrower_and_says_when_it_can_go_out(db, add, walker):
    mary, tom = add("Mary", "Smith"), add("Tom", "Abbot")
    loan = L.lend_item(db, L.LoanInput(walker, mary.id, days(-30), days(-14)))  # overdue
    L.return_item(db, loan, TODAY)
    [row] = [r.item for r in V.item_list(db)]
    assert (row.status, row.borrower, row.due) == ("back today", "", None)
    detail = V.item_detail(db, walker)
    assert detail.status == "back today" and detail.current_loan is None
    assert detail.lend_refusal is not None
    assert "came back from Mary Smith" in detail.lend_refusal
    assert f"from {days(1):%d/%m/%Y}" in detail.lend_refusal
    with pytest.raises(ValidationError, match="came back from Mary Smith"):
        L.lend_item(db, L.LoanInput(walker, tom.id, TODAY, days(7)))
    tomorrow = V.item_detail(db, walker, on=days(1))
    assert (tomorrow.status, tomorrow.lend_refusal) == ("available", None)


def test_the_items_list_status_follows_the_fleet_rules_in_every_case(db, add, walker):
    mary, tom = add("Mary", "Smith"), add("Tom", "Abbot")
    frames = [
        E.save_item(db, E.ItemInput(f"WF1{n}", "Walking frame", "Walking aid")) for n in range(6)
    ]
    [(check, *_)] = E.check_types(db, WALKING_AID)
    for frame in frames:
        E.record_check(db, frame, check, days(-1), True)
    back_today = L.lend_item(db, L.LoanInput(frames[0], mary.id, days(-5), days(2)))
    L.return_item(db, back_today, TODAY)
    L.lend_item(db, L.LoanInput(frames[1], tom.id, days(-5), days(-1)))  # overdue
    L.reserve(db, L.ReservationInput(mary.id, TODAY, days(3), item_id=frames[2]))
    S.send_for_service(db, frames[3], "Soham Garage", "ferrules", TODAY)
    E.retire_item(db, frames[4], days(-1), "cracked")
    for retired in (False, True):
        listed = [r.item for r in V.item_list(db, include_retired=retired)]
        assert listed == F.item_statuses(db, include_retired=retired)
    by_ref = {r.item.item_ref: r.item.status for r in V.item_list(db, include_retired=True)}
    assert [by_ref[f"WF1{n}"] for n in range(6)] == [
        "back today",  # in the store, but a loan holds its item to the day it returns
        "overdue",
        "reserved",
        "in service",
        "retired",
        "available",
    ]
    for frame in frames:
        assert V.item_detail(db, frame).status == by_ref[V.item_detail(db, frame).item_ref]


def test_the_items_list_safety_state_follows_each_items_own_checks(demo):
    scooter = E.item_id_for_ref(demo, "SC01")
    battery = next(t for t in E.check_types(demo, 1) if t[2] == "Battery and brakes")[0]
    E.record_check(demo, scooter, battery, TODAY, False, "Sam", "brakes weak")
    one_by_one = _states_one_by_one(demo)
    for row in V.item_list(demo):
        assert row.safety == V.summarise_checks(one_by_one[row.id], TODAY)
    failed = next(r for r in V.item_list(demo) if r.id == scooter)
    assert failed.safety.state == V.SAFETY_FAILED
    assert failed.safety.reason == f"the battery and brakes failed on {TODAY:%d/%m/%Y}"


def test_the_due_soon_list_matches_each_items_own_check_states(demo):
    E.save_item(demo, E.ItemInput("WF09", "Walking frame", "Walking aid", check_every_days=30))
    one_by_one = _states_one_by_one(demo)
    for within in (0, 30, 120):
        horizon = TODAY + timedelta(days=within)
        ours = {(d.item_id, d.check, d.due, d.failed) for d in V.due_checks(demo, within)}
        expected = {
            (item_id, c.name, c.due, c.last_passed is False)
            for item_id, states in one_by_one.items()
            for c in states
            if c.last_passed is False or c.due is None or c.due <= horizon
        }
        assert ours == expected
    new = [d for d in V.due_checks(demo, 0) if d.item_ref == "WF09"]
    assert {(d.check, d.state(TODAY)) for d in new} == {
        ("Frame and ferrules", V.SAFETY_NEVER),
        (E.GENERAL_CHECK, V.SAFETY_NEVER),
    }


def test_an_item_with_an_overdue_check_says_why_in_the_lending_services_words(db, add):
    scooter = E.save_item(db, E.ItemInput("SC07", "Scooter", "Mobility scooter"))
    for type_id, _, name, interval in E.check_types(db, 1):
        done = days(-interval - 3) if name == "Battery and brakes" else days(-5)
        E.record_check(db, scooter, type_id, done, True)
    detail = V.item_detail(db, scooter)
    assert detail.safety.state == V.SAFETY_OVERDUE
    assert detail.safety.reason == f"the battery and brakes was due on {days(-3):%d/%m/%Y}"
    with pytest.raises(ValidationError) as refused:
        L.lend_item(db, L.LoanInput(scooter, add("Mary", "Smith").id, TODAY, days(7)))
    assert f"SC07 cannot go out: {detail.safety.reason}" in str(refused.value)


def test_item_detail_shows_the_loan_out_reservations_and_history(db, add, walker):
    mary, tom = add("Mary", "Smith"), add("Tom", "Abbot", phone="07700 900123")
    old = L.lend_item(db, L.LoanInput(walker, tom.id, days(-30), days(-20), returned=days(-21)))
    out = L.lend_item(db, L.LoanInput(walker, mary.id, days(-2), days(5), deposit_pence=2000))
    L.reserve(db, L.ReservationInput(tom.id, days(10), days(12), item_id=walker))
    detail = V.item_detail(db, walker)
    assert detail.status == "on loan"
    assert detail.current_loan is not None
    assert (detail.current_loan.id, detail.current_loan.borrower) == (out, "Mary Smith")
    assert [r.id for r in detail.recent_loans] == [out, old]
    assert [(r.borrower, r.phone) for r in detail.reservations] == [("Tom Abbot", "07700 900123")]
    assert [(c.check, c.passed, c.done_by) for c in detail.check_history] == [
        ("Frame and ferrules", True, "Sam")
    ]
    assert detail.as_input().item_ref == "WF01"
    assert detail.as_input().category == "Walking aid"


def test_item_detail_status_agrees_with_the_fleet_for_every_demo_item(demo):
    statuses = {r.id: r.status for r in F.item_statuses(demo)}
    assert {i: V.item_detail(demo, i).status for i in statuses} == statuses


def test_an_item_with_a_service_job_open_shows_it(db, walker):
    job = S.send_for_service(db, walker, "Soham Garage", "ferrules", days(-1))
    detail = V.item_detail(db, walker)
    assert detail.status == "in service"
    assert detail.open_job is not None and detail.open_job.id == job
    assert V.service_partners(db) == ["Soham Garage"]


def test_a_missing_item_is_not_found(db):
    with pytest.raises(NotFound):
        V.item_detail(db, 999)


def test_loans_are_listed_out_overdue_returned_or_all(db, add, walker):
    mary, tom = add("Mary", "Smith"), add("Tom", "Abbot")
    back = L.lend_item(db, L.LoanInput(walker, tom.id, days(-40), days(-35), returned=days(-34)))
    late = L.lend_item(db, L.LoanInput(walker, mary.id, days(-20), days(-2)))
    assert V.loan_ids(db, show=V.LOAN_OUT) == [late]
    assert V.loan_ids(db, show=V.LOAN_OVERDUE) == [late]
    assert V.loan_ids(db, show=V.LOAN_RETURNED) == [back]
    assert V.loan_ids(db, show=V.LOAN_ALL) == [late, back]
    assert V.loan_ids(db, show=V.LOAN_ALL, descending=False) == [back, late]
    [row] = V.loan_rows(db, [late])
    assert (row.borrower, row.item_ref, row.state(TODAY)) == ("Mary Smith", "WF01", "overdue")


def test_voided_loans_are_not_listed(db, add, walker):
    loan = L.lend_item(db, L.LoanInput(walker, add("Mary", "Smith").id, days(-3), days(3)))
    L.void_loan(db, loan, "typed in error")
    assert V.loan_ids(db, show=V.LOAN_ALL) == []


def test_loans_are_found_by_item_or_borrower_and_sorted_with_blanks_last(db, add, walker):
    frame = E.save_item(db, E.ItemInput("WF02", "Walking frame", ""))
    mary, tom = add("Mary", "Smith"), add("Tom", "Abbot")
    first = L.lend_item(db, L.LoanInput(walker, tom.id, days(-10), None, returned=days(-9)))
    second = L.lend_item(db, L.LoanInput(frame, mary.id, days(-5), days(9)))
    assert V.loan_ids(db, show=V.LOAN_ALL, text="smi") == [second]
    assert V.loan_ids(db, show=V.LOAN_ALL, text="wf01") == [first]
    assert V.loan_ids(db, show=V.LOAN_ALL, text="walking abbot") == [first]
    assert V.loan_ids(db, show=V.LOAN_ALL, order="borrower", descending=False) == [first, second]
    for descending in (True, False):  # the loan with no due date goes last both ways
        assert V.loan_ids(db, show=V.LOAN_ALL, order="due", descending=descending)[-1] == first
    assert V.loan_rows(db, [second, 999, first]) == [
        V.loan_row(db, second),
        V.loan_row(db, first),
    ]


def test_reservations_list_items_and_categories_soonest_first(db, add, walker):
    mary, tom = add("Mary", "Smith"), add("Tom", "Abbot")
    later = L.reserve(db, L.ReservationInput(tom.id, days(20), days(25), item_id=walker))
    E.save_item(db, E.ItemInput("WF02", "Walking frame", "Walking aid"))
    sooner = L.reserve(
        db, L.ReservationInput(mary.id, days(2), days(4), category_id=WALKING_AID, note="hip")
    )
    rows = V.reservation_rows(db)
    assert [r.id for r in rows] == [sooner, later]
    assert (rows[0].category, rows[0].item_ref, rows[0].note) == ("Walking aid", "", "hip")
    assert (rows[1].category, rows[1].item_ref) == ("Walking aid", "WF01")
    L.cancel_reservation(db, later)
    assert [r.id for r in V.reservation_rows(db)] == [sooner]
    assert V.reservation_row(db, later).status == "cancelled"


def test_figures_add_up_by_category_and_count_idle_items(demo):
    start, end = days(-365), TODAY
    figures = F.fleet_figures(demo, start, end)
    by_category = {c.category: c for c in V.category_figures(figures)}
    for name, totals in by_category.items():
        mine = [f for f in figures if f.category == name]
        assert totals.items == len(mine)
        assert totals.days_on_loan == sum(f.days_on_loan for f in mine)
        assert totals.idle_items == sum(1 for f in mine if f.days_on_loan == 0)
        assert totals.service_cost_pence == sum(f.service_cost_pence for f in mine)
        assert 0 <= totals.utilisation <= 1
    assert set(by_category) == {"Mobility scooter", "Wheelchair", "Walking aid"}
