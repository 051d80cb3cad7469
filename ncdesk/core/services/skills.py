"""Skill categories, members' offers and requests, and matching a request to helpers."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from ncdesk.core.contact import postcode_district
from ncdesk.core.db import Database
from ncdesk.core.errors import FieldProblem, NotFound, ValidationError
from ncdesk.core.models import Listing, Person, SkillCategory, TimebankAccount, TimebankMatch
from ncdesk.core.models.base import utcnow
from ncdesk.core.security import audit
from ncdesk.core.security.roles import COORDINATOR, VOLUNTEER, needs
from ncdesk.core.services.org_lists import (
    ListEntry,
    add_entry,
    entries,
    find_or_create,
    set_entry_archived,
)
from ncdesk.core.services.timebank_accounts import (
    account_label,
    account_labels,
    last_exchange_dates,
)

Category = ListEntry


@dataclass(frozen=True)
class ListingInfo:
    id: int
    account_id: int
    member: str
    kind: str
    category_id: int
    category: str
    description: str
    availability: str
    active: bool


@dataclass(frozen=True)
class Candidate:
    """A member offering help in the requested category, with how to reach them."""

    account_id: int
    offer_id: int
    name: str
    person_ref: str
    description: str
    availability: str
    phone: str | None
    email: str | None
    postcode: str | None
    same_district: bool
    last_exchange: date | None
    matches_made: int


@needs(VOLUNTEER)
def categories(db: Database, *, include_archived: bool = False) -> list[ListEntry]:
    return entries(db, SkillCategory, include_archived=include_archived)


def find_or_create_category(s: Session, name: str) -> tuple[SkillCategory, bool]:
    """The skill category called `name` in any case; added to the list if new."""
    return find_or_create(s, SkillCategory, name)


@needs(COORDINATOR, "change the skill categories")
def add_category(db: Database, name: str) -> ListEntry:
    return add_entry(db, SkillCategory, name, "skill category")


@needs(COORDINATOR, "change the skill categories")
def set_category_archived(db: Database, category_id: int, archived: bool = True) -> None:
    set_entry_archived(db, SkillCategory, category_id, archived, "skill category")


@needs(COORDINATOR, "add offers and requests")
def add_listing(
    db: Database,
    account_id: int,
    kind: str,
    category_id: int,
    description: str = "",
    availability: str = "",
) -> ListingInfo:
    """A member offers or asks for help in a category."""
    if kind not in ("offer", "request"):
        raise ValidationError([FieldProblem("kind", "choose offer or request")])
    with db.transaction() as s:
        if s.get(TimebankAccount, account_id) is None:
            raise NotFound("That timebank member no longer exists.")
        if s.get(SkillCategory, category_id) is None:
            raise ValidationError([FieldProblem("category", "choose a category")])
        row = Listing(
            account_id=account_id,
            kind=kind,
            category_id=category_id,
            description=description.strip(),
            availability=availability.strip(),
            active=True,
        )
        s.add(row)
        s.flush()
        audit.record(s, db.actor, "create", kind, row.id, f"account {account_id}")
        return _listing(s, row)


def _listing(s: Session, row: Listing) -> ListingInfo:
    category = s.get(SkillCategory, row.category_id)
    return ListingInfo(
        row.id,
        row.account_id,
        account_label(s, row.account_id),
        row.kind,
        row.category_id,
        category.name if category else "",
        row.description,
        row.availability,
        row.active,
    )


@needs(COORDINATOR, "close offers and requests")
def close_listing(db: Database, listing_id: int) -> None:
    """The offer is withdrawn or the request was met; it stays in the history."""
    with db.transaction() as s:
        row = s.get(Listing, listing_id)
        if row is None:
            raise NotFound("That offer or request no longer exists.")
        row.active = False
        row.closed_at = utcnow()
        audit.record(s, db.actor, "close", row.kind, listing_id)


@needs(VOLUNTEER)
def listings(
    db: Database,
    *,
    kind: str | None = None,
    account_id: int | None = None,
    active_only: bool = True,
) -> list[ListingInfo]:
    query = select(Listing).order_by(Listing.created_at.desc())
    if kind:
        query = query.where(Listing.kind == kind)
    if account_id is not None:
        query = query.where(Listing.account_id == account_id)
    if active_only:
        query = query.where(Listing.active.is_(True))
    with db.session() as s:
        rows = s.scalars(query).all()
        names = account_labels(s, {r.account_id for r in rows})
        kinds = {c.id: c.name for c in s.scalars(select(SkillCategory))}
        return [
            ListingInfo(
                r.id,
                r.account_id,
                names.get(r.account_id, ""),
                r.kind,
                r.category_id,
                kinds.get(r.category_id, ""),
                r.description,
                r.availability,
                r.active,
            )
            for r in rows
        ]


@needs(COORDINATOR, "match requests to helpers")
def find_helpers(db: Database, request_id: int) -> list[Candidate]:
    """Members offering the requested category, best first: the same postcode district, then
    the most recently active, then those matched least often (share the work around)."""
    with db.session() as s:
        request = s.get(Listing, request_id)
        if request is None or request.kind != "request":
            raise NotFound("That request no longer exists.")
        asker = s.get(TimebankAccount, request.account_id)
        asker_person = s.get(Person, asker.person_id) if asker and asker.person_id else None
        district = postcode_district(asker_person.postcode if asker_person else None)
        last = last_exchange_dates(s)
        made = dict(
            list(
                s.execute(
                    select(TimebankMatch.helper_account_id, func.count()).group_by(
                        TimebankMatch.helper_account_id
                    )
                )
            )
        )
        rows = s.execute(
            select(Listing, TimebankAccount, Person)
            .join(TimebankAccount, Listing.account_id == TimebankAccount.id)
            .join(Person, TimebankAccount.person_id == Person.id)
            .where(
                Listing.kind == "offer",
                Listing.active.is_(True),
                Listing.category_id == request.category_id,
                TimebankAccount.status == "active",
                TimebankAccount.id != request.account_id,
            )
        ).all()
        seen: set[int] = set()
        out = []
        for offer, account, person in rows:
            if account.id in seen:
                continue
            seen.add(account.id)
            out.append(
                Candidate(
                    account.id,
                    offer.id,
                    person.display_name,
                    person.person_ref,
                    offer.description,
                    offer.availability,
                    person.phone,
                    person.email,
                    person.postcode,
                    bool(district) and postcode_district(person.postcode) == district,
                    last.get(account.id),
                    made.get(account.id, 0),
                )
            )
    return sorted(
        out,
        key=lambda c: (
            not c.same_district,
            -(c.last_exchange or date.min).toordinal(),
            c.matches_made,
            c.name,
        ),
    )


@needs(COORDINATOR, "match requests to helpers")
def record_match(db: Database, request_id: int, helper_account_id: int, note: str = "") -> int:
    """The broker put the requester in touch with a helper."""
    with db.transaction() as s:
        request = s.get(Listing, request_id)
        if request is None or request.kind != "request":
            raise NotFound("That request no longer exists.")
        if s.get(TimebankAccount, helper_account_id) is None:
            raise NotFound("That member no longer exists.")
        if helper_account_id == request.account_id:
            raise ValidationError(
                [FieldProblem("helper", "a member cannot be matched with themselves")]
            )
        match = TimebankMatch(
            request_id=request_id,
            helper_account_id=helper_account_id,
            made_by=db.actor,
            note=note.strip(),
        )
        s.add(match)
        s.flush()
        audit.record(
            s, db.actor, "match", "timebank_listing", request_id, f"helper {helper_account_id}"
        )
        return match.id


@needs(VOLUNTEER)
def matches_for(db: Database, request_id: int) -> list[tuple[str, str]]:
    """(helper's name, when) for matches made on a request."""
    with db.session() as s:
        rows = s.scalars(
            select(TimebankMatch)
            .where(TimebankMatch.request_id == request_id)
            .order_by(TimebankMatch.made_at)
        ).all()
        return [(account_label(s, m.helper_account_id), f"{m.made_at:%d/%m/%Y}") for m in rows]
