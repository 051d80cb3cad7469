"""Subject access, erasure and the retention review (DESIGN §3): an erased person is in none of
the database's files, every figure for any period is the same afterwards, and every kind of
record about a person is exported and erased (a test walks the models for new ones)."""

from __future__ import annotations

import json
from datetime import date, timedelta
from pathlib import Path

import pytest
from sqlalchemy import select

from ncdesk.core.db import Database
from ncdesk.core.demo import fill_demo
from ncdesk.core.errors import NotFound
from ncdesk.core.models import AuditEvent, Person
from ncdesk.core.parsing import today
from ncdesk.core.reports.metrics import compute, scope_for
from ncdesk.core.reports.subject_access import write_subject_access
from ncdesk.core.services import activities as A
from ncdesk.core.services import bookings as BK
from ncdesk.core.services import desk as D
from ncdesk.core.services import equipment as E
from ncdesk.core.services import ledger as L
from ncdesk.core.services import lending as LD
from ncdesk.core.services import loan_views as V
from ncdesk.core.services import referrals as R
from ncdesk.core.services import skills as K
from ncdesk.core.services import timebank_accounts as T
from ncdesk.core.services import volunteers as VOL
from ncdesk.core.services.data_protection import (
    archive_people,
    erase_person,
    retention_review,
    subject_access,
)
from ncdesk.core.services.grants import GrantInput, save_grant
from ncdesk.core.services.people import add_person, get_person, search_people
from ncdesk.core.services.person_fields import PersonDetails
from ncdesk.core.services.person_records import ON_THE_PERSON, PERSON_RECORDS
from tests.core.schema import person_keys
from tests.databases import new_database

TODAY = today()
FIRST, LAST = "Zephaniah", "Quxwellington"
PHONE, EMAIL, POSTCODE = "07700 900777", "zeph.q@example.org", "CB7 5ZZ"
SECRETS = (FIRST, LAST, "900777", "zeph.q@example", "CB7 5ZZ", "walks with a stick")


def test_every_kind_of_record_about_a_person_is_exported_and_erased() -> None:
    covered = {key for records in PERSON_RECORDS for key in records.covers} | set(ON_THE_PERSON)
    assert person_keys() - covered == set(), "add an entry to PERSON_RECORDS"
    assert covered - person_keys() == set()


@pytest.fixture
def everywhere(tmp_path: Path) -> tuple[Database, Path, str]:
    """The small demo, plus someone who appears in every part of the data; (db, path, ref)."""
    path = tmp_path / "demo.db"
    db = new_database(path)
    fill_demo(db, "small", seed=2)
    zeph = add_person(
        db,
        PersonDetails(
            first_name=FIRST,
            last_name=LAST,
            phone=PHONE,
            email=EMAIL,
            postcode=POSTCODE,
            date_of_birth=date(1941, 5, 6),
            gender="male",
            disability=True,
            notes="walks with a stick",
        ),
        allow_duplicate=True,
    )
    activity = A.list_activities(db)[0]
    for weeks in (40, 20, 2):
        session = A.open_session(db, activity.id, TODAY - timedelta(weeks=weeks))
        visit = D.check_in(db, session.id, zeph.id)
        food = R.referral_types(db)[0]
        R.record_help(db, visit.attendance_id, f"{FIRST} walks with a stick",
                      [R.ReferralInput(food.id, note=f"voucher for {LAST}")])  # fmt: skip
    VOL.record_volunteer(db, session.id, zeph.id, 90)
    member = T.join_member(db, zeph.id, TODAY - timedelta(days=300))
    other = T.list_accounts(db, kinds=("member",))[0]
    L.record_exchange(db, L.ExchangeInput(TODAY - timedelta(days=30), member.id, other.id, 60,
                                          None, f"gardening for {FIRST}"))  # fmt: skip
    K.add_listing(db, member.id, "offer", K.categories(db)[0].id, f"{FIRST} mows lawns")
    lendable = next(
        r.item for r in V.item_list(db) if r.item.status == "available" and r.safety.reason is None
    )
    category = V.item_detail(db, lendable.id).category_id
    for requirement, _name, _days in E.requirements(db, category) if category else []:
        E.record_qualification(db, zeph.id, requirement, TODAY - timedelta(days=5),
                               f"{FIRST} trained")  # fmt: skip
    LD.lend_item(db, LD.LoanInput(lendable.id, zeph.id, TODAY, TODAY + timedelta(days=3),
                                  condition_out=f"{LAST} has a scratch"))  # fmt: skip
    ahead = next(u for u in A.upcoming_sessions(db, TODAY + timedelta(days=1))
                 if u.activity_id == activity.id and not u.cancelled)  # fmt: skip
    BK.book(db, activity.id, ahead.date, zeph.id, f"{LAST} needs the ground floor")
    save_grant(db, GrantInput("ONE", "Parish Council", TODAY - timedelta(days=364), TODAY,
                              activity_ids=(activity.id,), covers_loans=True))  # fmt: skip
    return db, path, zeph.person_ref


def figures_for(db: Database) -> list[dict[str, float]]:
    """Every figure for a year, a quarter, and a grant's year."""
    year = (TODAY - timedelta(days=364), TODAY)
    quarter = (TODAY - timedelta(days=90), TODAY)
    return [
        compute(db, scope_for(db, *year)),
        compute(db, scope_for(db, *quarter)),
        compute(db, scope_for(db, *year, "ONE")),
    ]


def all_bytes(path: Path) -> bytes:
    return b"".join(p.read_bytes() for p in path.parent.iterdir() if p.name.startswith(path.name))


def test_an_erased_person_is_in_no_file_and_every_figure_stays_the_same(everywhere) -> None:
    db, path, ref = everywhere
    before = figures_for(db)
    assert before[0]["reach.unique_people"] > 0
    done = erase_person(db, ref)
    assert done.old_ref == ref and done.new_ref.startswith("E")
    after = figures_for(db)
    assert after == before
    db.close()
    data = all_bytes(path)
    for secret in SECRETS:
        assert secret.encode() not in data, secret


def test_an_erased_person_keeps_what_the_figures_need_and_is_not_found(everywhere) -> None:
    db, _path, ref = everywhere
    done = erase_person(db, ref)
    with pytest.raises(NotFound):
        subject_access(db, ref)
    assert search_people(db, LAST.lower(), include_archived=True) == []
    with db.session() as s:
        person = s.scalar(select(Person).where(Person.person_ref == done.new_ref))
        assert person is not None
        assert (person.date_of_birth, person.gender, person.disability) == (
            date(1941, 5, 6),
            "male",
            True,
        )
        assert (person.postcode, person.phone, person.email, person.notes) == (
            "CB7",
            None,
            None,
            "",
        )
        [event] = s.scalars(select(AuditEvent).where(AuditEvent.action == "erase")).all()
    assert event.detail == f"{ref} erased as {done.new_ref}"
    record = get_person(db, person.id)  # what a screen is handed says it was erased
    assert record.erased_at is not None and record.person_ref == done.new_ref
    db.close()


def test_subject_access_holds_every_kind_of_record_about_them(everywhere, tmp_path) -> None:
    db, _path, ref = everywhere
    held = subject_access(db, ref)
    db.close()
    assert dict(held.details)["Last name"] == LAST
    sections = held.sections
    assert len(sections["Drop-in visits"]) == 3
    assert sections["Drop-in visits"][0]["signposted to"][0]["note"] == f"voucher for {LAST}"
    assert len(sections["Volunteering"]) == 1
    assert sections["Bookings"][0]["note"] == f"{LAST} needs the ground floor"
    assert {r["record"] for r in sections["Timebank"]} >= {"membership", "exchange (gave)", "offer"}
    assert all(r.get("with") != "" for r in sections["Timebank"] if "with" in r)
    assert sections["Loans"][0]["condition out"] == f"{LAST} has a scratch"
    (tmp_path / "out").mkdir()
    json_path, pdf_path = write_subject_access(held, tmp_path / "out", "Soham Cares")
    data = json.loads(json_path.read_text())
    assert data["person_ref"] == ref and data["details"]["Phone"] == PHONE
    assert pdf_path.read_bytes().startswith(b"%PDF")


def test_the_retention_review_lists_people_not_seen_for_years(tmp_path: Path) -> None:
    db = new_database(tmp_path / "r.db")
    fill_demo(db, "small", seed=2)
    quiet = add_person(db, PersonDetails(first_name="Long", last_name="Gone"))
    later = today() + timedelta(days=365 * 7)
    listed = retention_review(db, 6, on=later)
    assert quiet.id in [q.person_id for q in listed]
    assert retention_review(db, 6) == []  # nobody is quiet for six years today
    assert archive_people(db, [quiet.id]) == 1
    assert get_person(db, quiet.id).archived
    db.close()
