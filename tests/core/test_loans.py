"""Loans: the date edge cases from the issue, safety checks that block, borrower training,
reservations without double booking, servicing and fleet figures."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from ncdesk.core.errors import ValidationError
from ncdesk.core.parsing import today
from ncdesk.core.services import equipment as E
from ncdesk.core.services import fleet as F
from ncdesk.core.services import lending as L
from ncdesk.core.services import loan_views as V
from ncdesk.core.services import servicing as S

TODAY = today()
SCOOTER = 1  # seeded category: battery and brakes every 90 days, full service every 365


@pytest.fixture
def walker(db):
    """A walking frame with its own 365-day check, checked a week ago."""
    item_id = E.save_item(
        db, E.ItemInput("WF01", "Walking frame", "Walking aid", acquired=date(2024, 1, 1))
    )
    [(check_type, *_)] = E.check_types(db, 3)
    E.record_check(db, item_id, check_type, TODAY - timedelta(days=7), True, "Sam")
    return item_id


def days(n: int) -> date:
    return TODAY + timedelta(days=n)


def test_a_same_day_loan_and_return_frees_the_item_the_next_day(db, add, walker):
    mary, tom = add("Mary", "Smith"), add("Tom", "Abbot")
    loan = L.lend_item(db, L.LoanInput(walker, mary.id, days(-10), days(-3)))
    L.return_item(db, loan, days(-10))
    with pytest.raises(ValidationError):  # the day it came back is still occupied
        L.lend_item(db, L.LoanInput(walker, tom.id, days(-10), days(-5)))
    assert L.lend_item(db, L.LoanInput(walker, tom.id, days(-9), days(-5)))


def test_a_loan_across_the_clocks_changing_counts_whole_days(db, add, walker):
    mary = add("Mary", "Smith")
    loan = L.lend_item(
        db,
        L.LoanInput(
            walker, mary.id, date(2026, 3, 28), date(2026, 3, 30), returned=date(2026, 3, 30)
        ),
    )
    assert loan
    [figures] = [
        f for f in F.fleet_figures(db, date(2026, 3, 1), date(2026, 3, 31)) if f.item_id == walker
    ]
    assert figures.days_on_loan == 3  # 28, 29 (clocks go forward) and 30 March


def test_a_backdated_loan_that_overlaps_an_existing_one_is_refused(db, add, walker):
    mary, tom = add("Mary", "Smith"), add("Tom", "Abbot")
    L.lend_item(db, L.LoanInput(walker, mary.id, days(-5), days(10)))
    with pytest.raises(ValidationError) as err:
        L.lend_item(db, L.LoanInput(walker, tom.id, days(-20), days(-1), returned=days(-5)))
    assert "on loan to Mary Smith" in str(err.value)
    assert L.lend_item(db, L.LoanInput(walker, tom.id, days(-20), days(-8), returned=days(-6)))


def test_reservations_may_touch_end_to_start_but_not_overlap(db, add, walker):
    mary, tom = add("Mary", "Smith"), add("Tom", "Abbot")
    L.reserve(db, L.ReservationInput(mary.id, days(10), days(14), item_id=walker))
    assert L.reserve(db, L.ReservationInput(tom.id, days(15), days(20), item_id=walker))
    with pytest.raises(ValidationError) as err:
        L.reserve(db, L.ReservationInput(tom.id, days(14), days(16), item_id=walker))
    assert "reserved for Mary Smith" in str(err.value)


def test_an_item_whose_check_falls_due_during_a_reservation_cannot_be_promised(db, add):
    scooter = E.save_item(
        db, E.ItemInput("SC01", "Scooter", "Mobility scooter", acquired=date(2024, 1, 1))
    )
    for check_id, _, _, interval in E.check_types(db, SCOOTER):
        E.record_check(db, scooter, check_id, TODAY - timedelta(days=interval - 20), True)
    mary = add("Mary", "Smith")
    training = E.requirements(db, SCOOTER)[0][0]
    E.record_qualification(db, mary.id, training, TODAY - timedelta(days=30))
    assert L.reserve(db, L.ReservationInput(mary.id, days(1), days(19), item_id=scooter))
    with pytest.raises(ValidationError) as err:
        L.reserve(db, L.ReservationInput(mary.id, days(15), days(25), item_id=scooter))
    assert "falls due on" in str(err.value)


def test_an_overdue_check_blocks_lending_and_says_why(db, add):
    scooter = E.save_item(db, E.ItemInput("SC02", "Scooter", "Mobility scooter"))
    mary = add("Mary", "Smith")
    with pytest.raises(ValidationError) as err:
        L.lend_item(db, L.LoanInput(scooter, mary.id, TODAY, days(7)))
    message = str(err.value)
    assert "battery and brakes has never been recorded" in message
    assert "no record of scooter training" in message


def test_a_failed_check_blocks_until_a_later_pass(db, add, walker):
    [(check_type, *_)] = E.check_types(db, 3)
    E.record_check(db, walker, check_type, TODAY, False, notes="ferrule split")
    mary = add("Mary", "Smith")
    with pytest.raises(ValidationError, match="failed"):
        L.lend_item(db, L.LoanInput(walker, mary.id, TODAY, days(7)))
    E.record_check(db, walker, check_type, TODAY, True, notes="new ferrules")
    assert L.lend_item(db, L.LoanInput(walker, mary.id, TODAY, days(7)))


def test_an_item_out_on_loan_can_be_reserved_for_after_it_is_due_back(db, add, walker):
    mary, tom = add("Mary", "Smith"), add("Tom", "Abbot")
    L.lend_item(db, L.LoanInput(walker, mary.id, TODAY, days(7)))
    assert L.reserve(db, L.ReservationInput(tom.id, days(8), days(12), item_id=walker))
    with pytest.raises(ValidationError):
        L.reserve(db, L.ReservationInput(tom.id, days(5), days(6), item_id=walker))


def test_a_reservation_turns_into_a_loan(db, add, walker):
    mary = add("Mary", "Smith")
    reservation = L.reserve(db, L.ReservationInput(mary.id, TODAY, days(5), item_id=walker))
    loan = L.lend_from_reservation(db, reservation, deposit_pence=2000)
    assert loan
    assert [r.status for r in F.item_statuses(db) if r.id == walker] == ["on loan"]


def test_someone_else_cannot_borrow_an_item_promised_to_another(db, add, walker):
    mary, tom = add("Mary", "Smith"), add("Tom", "Abbot")
    L.reserve(db, L.ReservationInput(mary.id, days(2), days(5), item_id=walker))
    with pytest.raises(ValidationError, match="reserved for Mary Smith"):
        L.lend_item(db, L.LoanInput(walker, tom.id, TODAY, days(3)))
    assert L.lend_item(db, L.LoanInput(walker, tom.id, TODAY, days(1)))


def test_a_category_reservation_keeps_one_item_back(db, add, walker):
    mary, tom = add("Mary", "Smith"), add("Tom", "Abbot")
    L.reserve(db, L.ReservationInput(mary.id, days(1), days(3), category_id=3))
    with pytest.raises(ValidationError, match="promised"):
        L.lend_item(db, L.LoanInput(walker, tom.id, TODAY, days(2)))


def test_returning_with_part_of_the_deposit_kept_needs_a_reason(db, add, walker):
    mary = add("Mary", "Smith")
    loan = L.lend_item(db, L.LoanInput(walker, mary.id, days(-3), days(4), deposit_pence=2000))
    with pytest.raises(ValidationError, match="why"):
        L.return_item(db, loan, TODAY, "scuffed", refund_pence=1500)
    L.return_item(db, loan, TODAY, "scuffed", refund_pence=1500, kept_reason="new ferrule")
    assert [r.status for r in F.item_statuses(db, on=days(1)) if r.id == walker] == ["available"]


def test_extending_a_loan_into_a_reservation_is_refused(db, add, walker):
    mary, tom = add("Mary", "Smith"), add("Tom", "Abbot")
    loan = L.lend_item(db, L.LoanInput(walker, mary.id, TODAY, days(3)))
    L.reserve(db, L.ReservationInput(tom.id, days(6), days(9), item_id=walker))
    L.extend_loan(db, loan, days(5))
    with pytest.raises(ValidationError, match="reserved for Tom Abbot"):
        L.extend_loan(db, loan, days(6))


def test_overdue_loans_list_contact_details(db, add, walker):
    mary = add("Mary", "Smith", phone="07700 900555")
    L.lend_item(db, L.LoanInput(walker, mary.id, days(-10), days(-2)))
    [late] = F.overdue_loans(db)
    assert (late.borrower, late.phone, late.days_overdue) == ("Mary Smith", "07700 900555", 2)
    assert [r.status for r in F.item_statuses(db) if r.id == walker] == ["overdue"]


def test_an_item_in_service_is_unavailable_and_its_cost_counted(db, add, walker):
    job = S.send_for_service(db, walker, "Soham Garage", "new ferrules", days(-2))
    assert [r.status for r in F.item_statuses(db) if r.id == walker] == ["in service"]
    with pytest.raises(ValidationError, match="Soham Garage"):
        L.lend_item(db, L.LoanInput(walker, add("Mary", "Smith").id, TODAY, days(2)))
    S.service_done(db, job, TODAY, 4500)
    [fig] = [f for f in F.fleet_figures(db, days(-30), TODAY) if f.item_id == walker]
    assert fig.service_cost_pence == 4500


def test_an_item_is_found_by_its_ref_in_any_case(db, walker):
    assert E.item_id_for_ref(db, " wf01 ") == walker


def test_checks_due_soon_lists_overdue_and_failed(db, walker):
    scooter = E.save_item(db, E.ItemInput("SC03", "Scooter", "Mobility scooter"))
    due = V.due_checks(db, 30)
    assert {(d.item_ref, d.check) for d in due} >= {
        ("SC03", "Battery and brakes"),
        ("SC03", "Full service"),
    }
    assert all(d.item_ref != "WF01" for d in due)
    assert scooter


def test_a_retired_item_cannot_be_lent_until_brought_back_into_use(db, add, walker):
    mary = add("Mary", "Smith")
    E.retire_item(db, walker, days(-1), "wheel came off")
    with pytest.raises(ValidationError, match="retired"):
        L.lend_item(db, L.LoanInput(walker, mary.id, TODAY, days(7)))

    E.bring_back_into_use(db, walker)
    assert L.lend_item(db, L.LoanInput(walker, mary.id, TODAY, days(7)))
    with pytest.raises(ValidationError, match="not retired"):
        E.bring_back_into_use(db, walker)


def test_a_check_no_longer_needed_stops_blocking_and_its_records_stay(db, add):
    scooter = E.save_item(db, E.ItemInput("SC03", "Scooter", "Mobility scooter"))
    mary = add("Mary", "Smith")
    E.record_qualification(db, mary.id, E.requirements(db, SCOOTER)[0][0], days(-5))
    checks = E.check_types(db, SCOOTER)
    battery = next(c for c in checks if c[2] == "Battery and brakes")
    full = next(c for c in checks if c[0] != battery[0])
    E.record_check(db, scooter, battery[0], days(-10), True, "Sam")
    with pytest.raises(ValidationError, match="has never been recorded"):  # the full service
        L.lend_item(db, L.LoanInput(scooter, mary.id, TODAY, days(7)))

    E.stop_check_type(db, full[0])
    assert [c[0] for c in E.check_types(db, SCOOTER)] == [battery[0]]
    assert L.lend_item(db, L.LoanInput(scooter, mary.id, TODAY, days(7)))
    history = V.item_detail(db, scooter).check_history
    assert [h.done_on for h in history] == [days(-10)]


def test_a_shorter_check_interval_moves_every_due_date_at_once(db, walker):
    [(frame, *_)] = E.check_types(db, 3)
    assert V.item_detail(db, walker).checks[0].due == days(-7 + 365)
    E.change_check_type(db, frame, "Frame and ferrules", 5)
    detail = V.item_detail(db, walker)
    assert detail.checks[0].due == days(-2)
    assert detail.safety.reason == f"the frame and ferrules was due on {days(-2):%d/%m/%Y}"


def test_a_requirement_stopped_is_no_longer_asked_and_a_changed_one_keeps_old_expiries(db, add):
    scooter = E.save_item(db, E.ItemInput("SC04", "Scooter", "Mobility scooter"))
    for check_id, *_ in E.check_types(db, SCOOTER):
        E.record_check(db, scooter, check_id, days(-1), True)
    mary, tom = add("Mary", "Smith"), add("Tom", "Abbot")
    [(training, name, valid)] = E.requirements(db, SCOOTER)
    E.record_qualification(db, mary.id, training, days(-30))
    E.change_requirement(db, training, name, 10)  # would have run out 20 days ago
    assert L.lend_item(db, L.LoanInput(scooter, mary.id, TODAY, days(3)))  # hers keeps its expiry
    tom_later = L.ReservationInput(tom.id, days(5), days(6), item_id=scooter)
    with pytest.raises(ValidationError, match="no record of scooter training"):
        L.reserve(db, tom_later)

    E.stop_requirement(db, training)
    assert E.requirements(db, SCOOTER) == []
    assert L.reserve(db, tom_later)


@pytest.mark.parametrize(
    ("name", "days_", "field"), [(" ", 30, "name"), ("Brakes", 0, "days"), ("Brakes", -3, "days")]
)
def test_a_check_needs_a_name_and_days_above_zero(db, name, days_, field):
    [(frame, *_)] = E.check_types(db, 3)
    with pytest.raises(ValidationError) as err:
        E.change_check_type(db, frame, name, days_)
    assert [p.field for p in err.value.problems] == [field]
    assert E.check_types(db, 3)[0][2:] == ("Frame and ferrules", 365)
