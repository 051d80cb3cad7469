"""The equipment register: categories, items, safety check types and checks done, borrower
requirements and the qualifications people hold. Safety status is worked out here."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import TypeVar

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from ncdesk.core.db import Database
from ncdesk.core.errors import FieldProblem, NotFound, ValidationError
from ncdesk.core.models import (
    BorrowerQualification,
    BorrowerRequirement,
    EquipmentCategory,
    Item,
    SafetyCheck,
    SafetyCheckType,
)
from ncdesk.core.parsing import today
from ncdesk.core.security import audit
from ncdesk.core.security.roles import COORDINATOR, VOLUNTEER, needs

GENERAL_CHECK = "Safety check"


@dataclass(frozen=True)
class ItemInput:
    item_ref: str
    name: str
    category: str = ""
    serial: str = ""
    acquired: date | None = None
    location: str = ""
    notes: str = ""
    check_every_days: int | None = None
    photo_path: str = ""


@dataclass(frozen=True)
class CheckState:
    """Where one required check stands for an item."""

    check_type_id: int | None
    name: str
    interval_days: int
    last_done: date | None
    last_passed: bool | None
    due: date | None  # None: never passed, so due now

    def blocks(self, start: date, end: date | None) -> str | None:
        """Why this check stops the item being out from `start` to `end`, or None."""
        if self.last_passed is False:
            return f"the {self.name.lower()} failed on {self.last_done:%d/%m/%Y}"
        if self.due is None:
            return f"the {self.name.lower()} has never been recorded"
        if self.due < start:
            return f"the {self.name.lower()} was due on {self.due:%d/%m/%Y}"
        if end is None or self.due < end:
            return f"the {self.name.lower()} falls due on {self.due:%d/%m/%Y}, before the end date"
        return None


def find_or_create_category(s: Session, name: str) -> EquipmentCategory | None:
    clean = " ".join(name.split())
    if not clean:
        return None
    found = s.scalar(
        select(EquipmentCategory).where(func.lower(EquipmentCategory.name) == clean.lower())
    )
    if found is None:
        found = EquipmentCategory(name=clean)
        s.add(found)
        s.flush()
    return found


@needs(VOLUNTEER)
def categories(db: Database) -> list[tuple[int, str]]:
    with db.session() as s:
        return [
            (c.id, c.name)
            for c in s.scalars(select(EquipmentCategory).order_by(EquipmentCategory.name))
        ]


def _check_item(data: ItemInput) -> list[FieldProblem]:
    problems = []
    if not data.item_ref.strip():
        problems.append(FieldProblem("item_ref", "every item needs a reference (e.g. SC01)"))
    if len(data.item_ref.strip()) > 30:
        problems.append(FieldProblem("item_ref", "at most 30 characters"))
    if not data.name.strip():
        problems.append(FieldProblem("name", "the item needs a name"))
    if data.acquired and data.acquired > today():
        problems.append(FieldProblem("acquired", "cannot be in the future"))
    if data.check_every_days is not None and data.check_every_days <= 0:
        problems.append(FieldProblem("check_every_days", "must be a number of days above zero"))
    return problems


def apply_item(s: Session, item: Item, data: ItemInput) -> list[str]:
    """Copy the input onto the row; returns changed field names (used by the items import)."""
    category = find_or_create_category(s, data.category)
    values = {
        "item_ref": data.item_ref.strip(),
        "name": data.name.strip(),
        "category_id": category.id if category else None,
        "serial": data.serial.strip(),
        "acquired": data.acquired,
        "location": data.location.strip(),
        "notes": data.notes.strip(),
        "check_every_days": data.check_every_days,
        "photo_path": data.photo_path.strip(),
    }
    changed = [k for k, v in values.items() if getattr(item, k) != v]
    for key in changed:
        setattr(item, key, values[key])
    return changed


@needs(COORDINATOR, "add or change equipment")
def save_item(db: Database, data: ItemInput, item_id: int | None = None) -> int:
    """Add an item to the register or change one. Returns its id."""
    if problems := _check_item(data):
        raise ValidationError(problems)
    with db.transaction() as s:
        clash = s.scalar(select(Item.id).where(Item.item_ref == data.item_ref.strip()))
        if clash is not None and clash != item_id:
            raise ValidationError([FieldProblem("item_ref", f"{data.item_ref} is already used")])
        item = Item(retired_reason="") if item_id is None else s.get(Item, item_id)
        if item is None:
            raise NotFound("That item no longer exists.")
        changed = apply_item(s, item, data)
        s.add(item)
        s.flush()
        audit.record(
            s,
            db.actor,
            "create" if item_id is None else "update",
            "item",
            item.id,
            ", ".join(changed),
        )
        return item.id


@needs(VOLUNTEER)
def item_id_for_ref(db: Database, ref: str) -> int:
    """Open an item by typing or scanning its reference (any case, spaces ignored)."""
    clean = ref.strip()
    with db.session() as s:
        found = s.scalar(select(Item.id).where(func.upper(Item.item_ref) == clean.upper()))
    if found is None:
        raise NotFound(f"No item with reference {clean}.")
    return found


@needs(COORDINATOR, "retire equipment")
def retire_item(db: Database, item_id: int, on: date, reason: str) -> None:
    if not reason.strip():
        raise ValidationError([FieldProblem("reason", "say why the item is retired")])
    with db.transaction() as s:
        item = s.get(Item, item_id)
        if item is None:
            raise NotFound("That item no longer exists.")
        item.retired_on = on
        item.retired_reason = reason.strip()
        audit.record(s, db.actor, "retire", "item", item_id, reason)


@needs(COORDINATOR, "bring equipment back into use")
def bring_back_into_use(db: Database, item_id: int) -> None:
    """Undo a retirement (retired by mistake, or repaired after all). The audit trail keeps
    when and why it had been retired."""
    with db.transaction() as s:
        item = s.get(Item, item_id)
        if item is None:
            raise NotFound("That item no longer exists.")
        if item.retired_on is None:
            raise ValidationError([FieldProblem("", f"{item.item_ref} is not retired.")])
        was = f"retired on {item.retired_on:%d/%m/%Y}: {item.retired_reason}"
        item.retired_on = None
        item.retired_reason = ""
        audit.record(s, db.actor, "unretire", "item", item_id, was)


def _need_problems(name: str, days: int | None, *, days_needed: bool) -> list[FieldProblem]:
    """What is wrong with a check's or requirement's name and days (blank days: for good,
    allowed only where `days_needed` is false)."""
    problems = []
    if not name.strip():
        problems.append(FieldProblem("name", "give it a name"))
    if days is None and days_needed:
        problems.append(FieldProblem("days", "say how often it is due, in days"))
    if days is not None and days <= 0:
        problems.append(FieldProblem("days", "a whole number of days above zero"))
    return problems


# What the audit trail and the messages call each kind of need.
_NEED_NAMES: dict[type, tuple[str, str]] = {
    SafetyCheckType: ("check type", "safety check"),
    BorrowerRequirement: ("requirement", "requirement"),
}


_Need = TypeVar("_Need", bound=SafetyCheckType | BorrowerRequirement)


def _in_use(s: Session, kind: type[_Need], need_id: int) -> _Need:
    row = s.get(kind, need_id)
    if row is None or not row.active:
        raise NotFound(f"That {_NEED_NAMES[kind][1]} is no longer in use.")
    return row


def _stop_need(
    db: Database, kind: type[SafetyCheckType | BorrowerRequirement], need_id: int
) -> None:
    """No longer ask for a check or requirement; what was recorded against it stays."""
    with db.transaction() as s:
        row = _in_use(s, kind, need_id)
        row.active = False
        audit.record(s, db.actor, "stop", _NEED_NAMES[kind][0], row.id, row.name)


@needs(COORDINATOR, "set up safety checks")
def add_check_type(db: Database, category_id: int, name: str, interval_days: int) -> int:
    if problems := _need_problems(name, interval_days, days_needed=True):
        raise ValidationError(problems)
    with db.transaction() as s:
        row = SafetyCheckType(
            category_id=category_id, name=name.strip(), interval_days=interval_days, active=True
        )
        s.add(row)
        s.flush()
        audit.record(s, db.actor, "add", "check type", row.id, f"{name} every {interval_days}")
        return row.id


@needs(COORDINATOR, "set up safety checks")
def change_check_type(db: Database, check_type_id: int, name: str, interval_days: int) -> None:
    """Rename a check or change how often it is due; every item's next due date follows at
    once (it is worked out from the last check and the interval)."""
    if problems := _need_problems(name, interval_days, days_needed=True):
        raise ValidationError(problems)
    with db.transaction() as s:
        row = _in_use(s, SafetyCheckType, check_type_id)
        was = f"{row.name} every {row.interval_days}"
        row.name, row.interval_days = name.strip(), interval_days
        audit.record(
            s, db.actor, "change", "check type", row.id, f"{was} -> {name} every {interval_days}"
        )


@needs(COORDINATOR, "set up safety checks")
def stop_check_type(db: Database, check_type_id: int) -> None:
    """Items no longer need this check; the checks already recorded stay in their history."""
    _stop_need(db, SafetyCheckType, check_type_id)


@needs(VOLUNTEER)
def check_types(db: Database, category_id: int | None = None) -> list[tuple[int, int, str, int]]:
    """(id, category id, name, interval days) of the active check types."""
    query = (
        select(SafetyCheckType)
        .where(SafetyCheckType.active.is_(True))
        .order_by(SafetyCheckType.name)
    )
    if category_id is not None:
        query = query.where(SafetyCheckType.category_id == category_id)
    with db.session() as s:
        return [(t.id, t.category_id, t.name, t.interval_days) for t in s.scalars(query)]


@needs(COORDINATOR, "record safety checks")
def record_check(
    db: Database,
    item_id: int,
    check_type_id: int | None,
    done_on: date,
    passed: bool,
    done_by: str = "",
    notes: str = "",
) -> int:
    """Record a safety check done on an item (None type: the item's own general check)."""
    if done_on > today():
        raise ValidationError([FieldProblem("done_on", "cannot be in the future")])
    with db.transaction() as s:
        if s.get(Item, item_id) is None:
            raise NotFound("That item no longer exists.")
        if check_type_id is not None and s.get(SafetyCheckType, check_type_id) is None:
            raise NotFound("That check type no longer exists.")
        row = SafetyCheck(
            item_id=item_id,
            check_type_id=check_type_id,
            done_on=done_on,
            passed=passed,
            done_by=done_by.strip(),
            notes=notes.strip(),
        )
        s.add(row)
        s.flush()
        audit.record(
            s,
            db.actor,
            "safety check",
            "item",
            item_id,
            f"{'pass' if passed else 'FAIL'} {done_on:%d/%m/%Y}",
        )
        return row.id


def check_states(s: Session, item: Item, *, as_of: date | None = None) -> list[CheckState]:
    """Every check the item needs and where it stands, counting checks done up to `as_of`."""
    needed: list[tuple[int | None, str, int]] = []
    if item.category_id is not None:
        needed += [
            (t.id, t.name, t.interval_days)
            for t in s.scalars(
                select(SafetyCheckType).where(
                    SafetyCheckType.category_id == item.category_id,
                    SafetyCheckType.active.is_(True),
                )
            )
        ]
    if item.check_every_days:
        needed.append((None, GENERAL_CHECK, item.check_every_days))
    states = []
    for type_id, name, interval in needed:
        query = select(SafetyCheck).where(
            SafetyCheck.item_id == item.id,
            SafetyCheck.check_type_id.is_(type_id)
            if type_id is None
            else SafetyCheck.check_type_id == type_id,
        )
        if as_of is not None:
            query = query.where(SafetyCheck.done_on <= as_of)
        last = s.scalar(query.order_by(SafetyCheck.done_on.desc(), SafetyCheck.id.desc()).limit(1))
        passed = last.passed if last else None
        due = last.done_on + timedelta(days=interval) if last and last.passed else None
        states.append(
            CheckState(type_id, name, interval, last.done_on if last else None, passed, due)
        )
    return states


def safety_problem(s: Session, item: Item, start: date, end: date | None) -> str | None:
    """The first reason the item's checks stop it being out from `start` to `end`, or None."""
    for state in check_states(s, item):
        if reason := state.blocks(start, end):
            return reason
    return None


@needs(COORDINATOR, "set up borrower requirements")
def add_requirement(db: Database, category_id: int, name: str, valid_days: int | None) -> int:
    if problems := _need_problems(name, valid_days, days_needed=False):
        raise ValidationError(problems)
    with db.transaction() as s:
        row = BorrowerRequirement(category_id=category_id, name=name.strip(), valid_days=valid_days)
        s.add(row)
        s.flush()
        audit.record(s, db.actor, "add", "requirement", row.id, name)
        return row.id


@needs(COORDINATOR, "set up borrower requirements")
def change_requirement(
    db: Database, requirement_id: int, name: str, valid_days: int | None
) -> None:
    """Rename a requirement or change how long it lasts from now on: a qualification already
    recorded keeps the expiry it was given (the certificate said so)."""
    if problems := _need_problems(name, valid_days, days_needed=False):
        raise ValidationError(problems)
    with db.transaction() as s:
        row = _in_use(s, BorrowerRequirement, requirement_id)
        was = f"{row.name} for {row.valid_days or 'good'}"
        row.name, row.valid_days = name.strip(), valid_days
        audit.record(
            s, db.actor, "change", "requirement", row.id, f"{was} -> {name} for {valid_days}"
        )


@needs(COORDINATOR, "set up borrower requirements")
def stop_requirement(db: Database, requirement_id: int) -> None:
    """Borrowers no longer need this; the qualifications recorded stay on their records."""
    _stop_need(db, BorrowerRequirement, requirement_id)


@needs(VOLUNTEER)
def requirements(db: Database, category_id: int) -> list[tuple[int, str, int | None]]:
    """(id, name, valid days or None for good) of the requirements in use for a category."""
    with db.session() as s:
        return [
            (r.id, r.name, r.valid_days)
            for r in s.scalars(
                select(BorrowerRequirement)
                .where(
                    BorrowerRequirement.category_id == category_id,
                    BorrowerRequirement.active.is_(True),
                )
                .order_by(BorrowerRequirement.name)
            )
        ]


@needs(COORDINATOR, "record borrower training")
def record_qualification(
    db: Database, person_id: int, requirement_id: int, achieved_on: date, notes: str = ""
) -> int:
    """A person completed what a category requires (e.g. scooter training); expiry follows."""
    with db.transaction() as s:
        requirement = s.get(BorrowerRequirement, requirement_id)
        if requirement is None:
            raise NotFound("That requirement no longer exists.")
        expires = (
            achieved_on + timedelta(days=requirement.valid_days) if requirement.valid_days else None
        )
        row = BorrowerQualification(
            person_id=person_id,
            requirement_id=requirement_id,
            achieved_on=achieved_on,
            expires_on=expires,
            notes=notes.strip(),
        )
        s.add(row)
        s.flush()
        audit.record(s, db.actor, "qualification", "person", person_id, requirement.name)
        return row.id


def borrower_problem(
    s: Session, person_id: int, category_id: int | None, start: date, end: date | None
) -> str | None:
    """Why this person may not borrow an item of the category for these dates, or None."""
    if category_id is None:
        return None
    for requirement in s.scalars(
        select(BorrowerRequirement).where(
            BorrowerRequirement.category_id == category_id, BorrowerRequirement.active.is_(True)
        )
    ):
        held = s.scalars(
            select(BorrowerQualification).where(
                BorrowerQualification.person_id == person_id,
                BorrowerQualification.requirement_id == requirement.id,
                BorrowerQualification.achieved_on <= start,
            )
        ).all()
        if not held:
            return f"the borrower has no record of {requirement.name.lower()}"
        last_until = max((q.expires_on or date.max) for q in held)
        if last_until < (end or start):
            return f"the borrower's {requirement.name.lower()} runs out on {last_until:%d/%m/%Y}"
    return None
