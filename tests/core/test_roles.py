"""Who may do what (DESIGN §9), enforced in the core: every service that takes the database
names its role, and refuses anyone below it whatever called it; a volunteer never sees a
date of birth, ethnicity, disability or notes."""

from __future__ import annotations

import importlib
import inspect
import pkgutil
from collections.abc import Callable, Iterator
from datetime import date
from pathlib import Path
from typing import Any

import pytest

import ncdesk.core
from ncdesk.core.db import Database, open_database
from ncdesk.core.security.access import Credentials, open_as
from ncdesk.core.security.accounts import add_user
from ncdesk.core.security.roles import ADMIN, COORDINATOR, VOLUNTEER, NotAllowed, Role, needed_role
from ncdesk.core.services.people import add_person, get_person, search_people, update_person
from ncdesk.core.services.person_fields import PersonDetails
from tests.databases import url_of

PASSWORD = "a long enough phrase"
# Functions that take the database but need no role: they are how roles are checked.
UNGUARDED = {
    "ncdesk.core.security.access.check_password",
    "ncdesk.core.security.access.unlock",
    "ncdesk.core.security.roles.may",
    "ncdesk.core.security.roles.require",
    "ncdesk.core.services.person_view.sees_everything",
    "ncdesk.core.services.person_view.shown_to",
    "ncdesk.core.services.person_view.refuse_restricted",
}


def services() -> Iterator[tuple[str, Callable[..., Any]]]:
    """Every public function in the core whose first argument is the database."""
    for found in pkgutil.walk_packages(ncdesk.core.__path__, "ncdesk.core."):
        if found.name.startswith("ncdesk.core.demo") or found.name == "ncdesk.core.db":
            continue
        module = importlib.import_module(found.name)
        for name, fn in vars(module).items():
            if name.startswith("_") or not inspect.isfunction(fn):
                continue
            if inspect.unwrap(fn).__module__ != found.name:
                continue
            params = list(inspect.signature(fn).parameters)
            if params and params[0] == "db":
                yield f"{found.name}.{name}", fn


ALL = sorted(services())


def test_every_service_that_takes_the_database_names_the_role_it_needs() -> None:
    missing = [name for name, fn in ALL if needed_role(fn) is None and name not in UNGUARDED]
    assert missing == [], "add @needs(ROLE) above each of these"


@pytest.fixture(scope="module")
def signed_in(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[Role, Database]]:
    """One database opened three times, signed in as a volunteer, a coordinator, an admin."""
    path = url_of(tmp_path_factory.mktemp("roles") / "roles.db")  # or a server database
    first = open_database(path)
    add_user(first, "ada", ADMIN, PASSWORD, "Ada Admin")
    add_user(first, "cody", COORDINATOR, PASSWORD, "Cody Coordinator")
    add_user(first, "vic", VOLUNTEER, PASSWORD, "Vic Volunteer")
    first.close()
    opened = {
        role: open_as(path, Credentials(login, PASSWORD))
        for role, login in ((VOLUNTEER, "vic"), (COORDINATOR, "cody"), (ADMIN, "ada"))
    }
    yield opened
    for db in opened.values():
        db.close()


@pytest.mark.parametrize("role", [VOLUNTEER, COORDINATOR, ADMIN], ids=lambda r: r.word)
def test_every_service_refuses_each_role_below_its_own_and_lets_the_rest_through(
    signed_in: dict[Role, Database], role: Role
) -> None:
    db = signed_in[role]
    wrongly_refused, wrongly_allowed = [], []
    for name, fn in ALL:
        needs = needed_role(fn)
        if needs is None:
            continue
        try:
            fn(db)  # the guard answers before the service looks at its (missing) arguments
        except NotAllowed as refusal:
            if role >= needs:
                wrongly_refused.append(name)
            assert f"Only {'an admin' if needs == ADMIN else 'a coordinator or an admin'}" in (
                str(refusal)
            )
        except Exception:
            if role < needs:
                wrongly_allowed.append(name)
        else:
            if role < needs:
                wrongly_allowed.append(name)
    assert (wrongly_refused, wrongly_allowed) == ([], [])


def test_a_database_with_accounts_opened_without_signing_in_refuses_everything(
    signed_in: dict[Role, Database],
) -> None:
    anonymous = open_database(signed_in[ADMIN].url)
    try:
        with pytest.raises(NotAllowed):
            search_people(anonymous, "a")
    finally:
        anonymous.close()


def test_a_volunteer_sees_no_date_of_birth_ethnicity_disability_or_notes(
    signed_in: dict[Role, Database],
) -> None:
    coordinator, volunteer = signed_in[COORDINATOR], signed_in[VOLUNTEER]
    details = PersonDetails(
        first_name="Hester",
        last_name="Pennyfeather",
        date_of_birth=date(1944, 2, 3),
        ethnicity="White British",
        disability=True,
        notes="Carer visits on Tuesdays",
        phone="07700 900456",
    )
    added = add_person(coordinator, details, allow_duplicate=True)
    assert get_person(coordinator, added.id).notes == "Carer visits on Tuesdays"
    seen = get_person(volunteer, added.id)
    assert (seen.date_of_birth, seen.ethnicity, seen.disability, seen.notes) == (
        None,
        None,
        None,
        "",
    )
    assert (seen.phone, seen.age_band) == ("07700 900456", "75-84")
    [found] = search_people(volunteer, "pennyfeather")
    assert found.date_of_birth is None


def test_a_volunteer_may_change_a_phone_number_but_not_what_is_kept_from_them(
    signed_in: dict[Role, Database],
) -> None:
    coordinator, volunteer = signed_in[COORDINATOR], signed_in[VOLUNTEER]
    added = add_person(
        coordinator, PersonDetails(first_name="Ivo", last_name="Quarrington"), allow_duplicate=True
    )
    phone = PersonDetails(first_name="Ivo", last_name="Quarrington", phone="07700 900789")
    phone.given.update({"first_name", "last_name", "phone"})
    assert update_person(volunteer, added.id, phone).phone == "07700 900789"
    notes = PersonDetails(first_name="Ivo", last_name="Quarrington", notes="secret")
    notes.given.update({"first_name", "notes"})
    with pytest.raises(NotAllowed, match="Only a coordinator or an admin may change notes"):
        update_person(volunteer, added.id, notes)
    assert get_person(coordinator, added.id).notes == ""


def test_the_first_account_must_be_an_admin(tmp_path: Path) -> None:
    db = open_database(tmp_path / "new.db")
    try:
        with pytest.raises(Exception, match="first account must be an admin"):
            add_user(db, "vic", VOLUNTEER, PASSWORD)
    finally:
        db.close()


def test_a_volunteer_picks_who_referred_someone_from_the_list_but_cannot_add_to_it(
    signed_in: dict[Role, Database],
) -> None:
    coordinator, volunteer = signed_in[COORDINATOR], signed_in[VOLUNTEER]
    added = add_person(volunteer, PersonDetails(first_name="Orla", last_name="Fenwright"))
    on_list = PersonDetails(referred_by="Parish nurse", given={"referred_by"})
    with pytest.raises(NotAllowed, match="add to the list of who refers people"):
        update_person(volunteer, added.id, on_list)
    assert get_person(coordinator, added.id).referred_by == ""
    update_person(coordinator, added.id, on_list)  # a coordinator adds the name
    update_person(volunteer, added.id, PersonDetails(referred_by="", given={"referred_by"}))
    update_person(volunteer, added.id, on_list)  # now on the list: a volunteer may choose it
    assert get_person(coordinator, added.id).referred_by == "Parish nurse"


def test_wellbeing_answers_are_recorded_and_seen_by_coordinators_not_volunteers(
    signed_in: dict[Role, Database],
) -> None:
    from ncdesk.core.services.outcomes import record_scores, score_history

    coordinator, volunteer = signed_in[COORDINATOR], signed_in[VOLUNTEER]
    added = add_person(coordinator, PersonDetails(first_name="Piers", last_name="Ambleside"))
    with pytest.raises(NotAllowed, match="record outcome scores"):
        record_scores(volunteer, added.id, date(2026, 5, 1), {"loneliness_direct": 4})
    assert record_scores(coordinator, added.id, date(2026, 5, 1), {"loneliness_direct": 4}) == 1
    with pytest.raises(NotAllowed):
        score_history(volunteer, added.id)
