"""Possible duplicates across the whole register: pairs of records likely to be one person,
for a coordinator to merge or to mark as different people (so the pair is not offered again).

Comparing everyone with everyone would be 200 million pairs at 20,000 people, so people are
grouped first: by surname, with surnames that sound the same or are a letter apart, and
inside those by first name (itself, the names it is short for, its sound, its one-letter
slips) or postcode; and by full name, date of birth, phone and postcode. Only people who share
a group are compared, by the same rules as the warning at the desk (`name_match.compare`).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from itertools import combinations

from sqlalchemy import select

from ncdesk.core.db import Database
from ncdesk.core.errors import FieldProblem, NcdeskError, ValidationError
from ncdesk.core.key_index import KeyIndex
from ncdesk.core.models import DifferentPeople, Person
from ncdesk.core.name_match import (
    SHORTEST_WORD,
    PersonKeys,
    compare,
    deletions,
    likeness_order,
    sound_of,
    surname_keys,
)
from ncdesk.core.security import audit
from ncdesk.core.security.roles import COORDINATOR, needs
from ncdesk.core.services.people import PersonRecord, get_in_session
from ncdesk.core.services.people_search import index_for

Progress = Callable[[str, int, int], None]
Cancelled = Callable[[], bool]

PAIRS_SHOWN = 500
# A date of birth, phone or postcode shared by more people than this is a placeholder (an
# office number, 01/01/1900), not a sign that they are one person: such a group is skipped
# (a care home's residents are fewer).
LARGEST_FACT_GROUP = 200


class ScanCancelled(NcdeskError):
    """The user stopped the scan; nothing was changed."""


@dataclass(frozen=True)
class DuplicatePair:
    """Two records likely to be one person. `keep` is the one kept by default: the older
    record, whose reference people have had longest."""

    keep: PersonRecord
    other: PersonRecord
    score: int
    reasons: tuple[str, ...]


@needs(COORDINATOR, "review possible duplicates")
def possible_duplicates(
    db: Database,
    progress: Progress | None = None,
    cancelled: Cancelled | None = None,
    *,
    limit: int = PAIRS_SHOWN,
) -> list[DuplicatePair]:
    """Pairs across the register (archived and merged records left out) likely to be one
    person, best first, leaving out pairs marked as different people."""
    report = progress or (lambda _step, _done, _total: None)
    report("Reading the register…", 0, 0)
    people = {k.id: k for k in index_for(db).register_keys()}
    marked = different_pairs(db)
    found = []
    for a, b in candidate_pairs(people.values(), report, cancelled):
        if (a, b) in marked:
            continue
        likeness = compare(people[a], people[b])
        if likeness is not None:
            alike = likeness_order(people[a], people[b])
            found.append((likeness.score, alike, -a, -b, likeness.reasons))
    found.sort(reverse=True)
    found = found[:limit]
    ids = {-x for row in found for x in row[2:4]}
    with db.session() as s:
        rows = {p.id: p for p in s.scalars(select(Person).where(Person.id.in_(ids)))}
        records = {pid: PersonRecord.of(p) for pid, p in rows.items()}
    pairs = []
    for score, _alike, a, b, reasons in found:
        first, second = sorted((records[-a], records[-b]), key=lambda r: (r.created_at, r.id))
        pairs.append(DuplicatePair(first, second, score, reasons))
    return pairs


def candidate_pairs(
    people: Iterable[PersonKeys], progress: Progress, cancelled: Cancelled | None = None
) -> set[tuple[int, int]]:
    """Pairs (lower id first) of people who share a group: every pair `compare` could call
    likely is among them, and far fewer than all pairs."""
    by_surname: dict[str, list[PersonKeys]] = defaultdict(list)
    groups: dict[str, list[int]] = defaultdict(list)
    for k in people:
        if k.last:
            by_surname[k.last].append(k)
        else:
            for name in k.nick:
                groups["1:" + name].append(k.id)
        if k.full:
            groups["f:" + k.full].append(k.id)
        born = k.born.isoformat() if k.born else ""
        for fact in ("b:" + born, "p:" + k.phone, "c:" + k.postcode):
            if fact[2:]:
                groups[fact].append(k.id)
    pairs: set[tuple[int, int]] = set()
    for key, ids in groups.items():
        if len(ids) <= LARGEST_FACT_GROUP or key[0] in "1f":
            pairs.update(_within(ids))

    surnames: KeyIndex[str] = KeyIndex()
    for surname in by_surname:
        surnames.put(surname, surname_keys(surname))
    total = len(by_surname)
    for done, surname in enumerate(sorted(by_surname), 1):
        if cancelled is not None and cancelled():
            raise ScanCancelled("The search for possible duplicates was stopped.")
        if done % 50 == 1:
            progress("Comparing names…", done, total)
        group = by_surname[surname]
        pairs.update(_joined(group, group, with_postcode=True))
        related = {t for key in surname_keys(surname) for t in surnames.members(key)}
        for other in related:
            if other > surname:
                pairs.update(_joined(group, by_surname[other], with_postcode=False))
    progress("Comparing names…", total, total)
    return pairs


def _first_name_keys(k: PersonKeys, with_postcode: bool) -> set[str]:
    """Two first names `compare` relates share one of these: a nickname form, a sound, a
    one-letter slip. With the same surname, the postcode groups them too."""
    keys = {"n:" + n for n in k.nick}
    for word in (k.first, k.known):
        if word:
            keys.add("s:" + sound_of(word))
            if len(word) >= SHORTEST_WORD:
                keys |= {"d:" + d for d in deletions(word)}
    if with_postcode and k.postcode:
        keys.add("c:" + k.postcode)
    return keys


def _joined(
    group: list[PersonKeys], others: list[PersonKeys], *, with_postcode: bool
) -> set[tuple[int, int]]:
    """Pairs, one from each list (or two from one list), that share a first-name key."""
    filed: dict[str, list[int]] = defaultdict(list)
    for k in group:
        for key in _first_name_keys(k, with_postcode):
            filed[key].append(k.id)
    pairs: set[tuple[int, int]] = set()
    if others is group:
        for ids in filed.values():
            pairs.update(_within(ids))
        return pairs
    for k in others:
        for key in _first_name_keys(k, with_postcode):
            for pid in filed.get(key, ()):
                pairs.add((pid, k.id) if pid < k.id else (k.id, pid))
    return pairs


def _within(ids: list[int]) -> Iterable[tuple[int, int]]:
    return combinations(sorted(set(ids)), 2)


# --- 'different people' ---------------------------------------------------------------------


@needs(COORDINATOR, "review possible duplicates")
def different_pairs(db: Database) -> set[tuple[int, int]]:
    """Every pair marked as different people (lower id first)."""
    with db.session() as s:
        rows = s.execute(select(DifferentPeople.person_id, DifferentPeople.other_id)).all()
        return {(a, b) for a, b in rows}


@needs(COORDINATOR, "mark people as different")
def mark_different(db: Database, person_id: int, other_id: int) -> None:
    """Record that two records belong to different people, so the review stops offering the
    pair; marking a pair twice is harmless."""
    if person_id == other_id:
        raise ValidationError([FieldProblem("person", "choose two different records")])
    low, high = sorted((person_id, other_id))
    with db.transaction() as s:
        first, second = get_in_session(s, low), get_in_session(s, high)
        if s.get(DifferentPeople, (low, high)) is not None:
            return
        s.add(DifferentPeople(person_id=low, other_id=high, marked_by=db.actor))
        detail = f"{first.person_ref} and {second.person_ref} are different people"
        audit.record(s, db.actor, "mark different", "person", low, detail)
