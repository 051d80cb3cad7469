"""Type-ahead search over the people register, fast enough to run on every keystroke.

A compact in-memory index of every person's folded name, reference, postcode and phone is
kept per open database and topped up incrementally from `person.updated_at`, so a keystroke
costs one tiny freshness query plus string scans done in C. Ranking: exact matches, then
word-prefix matches, then matches anywhere, then close spellings; within each, people seen
most recently come first.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass
from datetime import date, datetime

from rapidfuzz import fuzz, process
from sqlalchemy import func, select

from ncdesk.core.db import Database
from ncdesk.core.models import Person
from ncdesk.core.search_text import digits, fold, squash
from ncdesk.core.security.roles import VOLUNTEER, needs

FUZZY_CUTOFF = 80
_EPOCH = datetime(1970, 1, 1).timestamp()


@dataclass(frozen=True)
class PersonSummary:
    """One person as a list or a search result shows them."""

    id: int
    person_ref: str
    name: str
    date_of_birth: date | None
    postcode: str | None
    phone: str | None
    archived: bool
    last_seen_at: datetime | None


def search_text_for(p: Person) -> str:
    """The words a person can be found by; stored on the row so SQL can also use it."""
    parts = [p.first_name, p.last_name, p.known_as, p.person_ref]
    if p.postcode:
        parts += [p.postcode, p.postcode.replace(" ", "")]
    words = fold(" ".join(x for x in parts if x))
    # "O'Neill" is found by "oneill" as well as "o neill".
    squashed = {squash(x) for x in (p.first_name, p.last_name) if x and squash(x) != fold(x)}
    if squashed:
        words = " ".join([words, *sorted(squashed)])
    phone = digits(p.phone)
    return f"{words} {phone}".strip() if phone else words


def _exact_keys(p: Person, name: str) -> frozenset[str]:
    keys = {name, fold(p.known_as), fold(p.person_ref), digits(p.phone)}
    if p.postcode:
        keys.add(fold(p.postcode).replace(" ", ""))
    return frozenset(k for k in keys if k)


def summary_of(row: Person) -> PersonSummary:
    return PersonSummary(
        row.id,
        row.person_ref,
        row.display_name,
        row.date_of_birth,
        row.postcode,
        row.phone,
        row.archived,
        row.last_seen_at,
    )


class PeopleIndex:
    """The search index for one database. Thread-safe; refreshes itself before each search."""

    def __init__(self, db: Database):
        self._db = db
        self._lock = threading.Lock()
        self._stamp: tuple[int, datetime | None] = (-1, None)
        # id -> (" " + search words, folded name, last seen, exact keys, summary, name as
        # the duplicate check words it: first and last, else known-as)
        self._by_id: dict[int, tuple[str, str, float, frozenset[str], PersonSummary, str]] = {}
        self._ids: list[int] = []
        self._hays: list[str] = []
        self._names: list[str] = []
        self._dup_names: list[str] = []

    def _refresh(self) -> None:
        with self._db.session() as s:
            count, newest = s.execute(
                select(func.count(Person.id), func.max(Person.updated_at))
            ).one()
            if (count, newest) == self._stamp:
                return
            query = select(Person)
            if self._stamp[1] is not None and count >= len(self._by_id):
                query = query.where(Person.updated_at >= self._stamp[1])
            else:
                self._by_id.clear()
            for p in s.scalars(query):
                full = fold(" ".join(x for x in (p.first_name, p.last_name) if x))
                name = f"{full} {fold(p.known_as)}".strip() if p.known_as else full
                seen = p.last_seen_at.timestamp() if p.last_seen_at else _EPOCH
                self._by_id[p.id] = (
                    " " + p.search_text,
                    name,
                    seen,
                    _exact_keys(p, name),
                    summary_of(p),
                    full or fold(p.known_as),
                )
        self._stamp = (count, newest)
        self._ids = list(self._by_id)
        self._hays = [self._by_id[i][0] for i in self._ids]
        self._names = [self._by_id[i][1] for i in self._ids]
        self._dup_names = [self._by_id[i][5] for i in self._ids]

    def warm(self) -> int:
        """Build the index now (about a second for 20,000 people) so the first keystroke at
        the desk is as fast as the rest. Returns how many people it holds."""
        with self._lock:
            self._refresh()
            return len(self._ids)

    def search(
        self, query: str, *, limit: int = 50, include_archived: bool = False
    ) -> list[PersonSummary]:
        q = fold(query)
        if not q:
            return []
        with self._lock:
            self._refresh()
            return self._rank(q, limit, include_archived)

    def _rank(self, q: str, limit: int, include_archived: bool) -> list[PersonSummary]:
        tokens = [" " + t for t in q.split()]
        compact = " " + q.replace(" ", "")
        phone_q = digits(q)
        if phone_q.startswith("44") and len(phone_q) > 6:  # +44 7700 … is 07700 …
            phone_q = "0" + phone_q[2:]
            compact = " " + phone_q
        exact: list[int] = []
        name_start: list[int] = []  # "mary s" → Mary Smith before Sarah Mary...
        prefix: list[int] = []  # every word typed starts a word of name, ref or postcode
        anywhere: list[int] = []
        for pid, hay, name in zip(self._ids, self._hays, self._names, strict=True):
            if all(t in hay for t in tokens) or (len(tokens) > 1 and compact in hay):
                if q in self._by_id[pid][3] or compact[1:] in self._by_id[pid][3]:
                    exact.append(pid)
                elif name.startswith(q):
                    name_start.append(pid)
                else:
                    prefix.append(pid)
            elif all(t[1:] in hay for t in tokens) or (len(phone_q) >= 4 and phone_q in hay):
                anywhere.append(pid)
        tiers = [exact, name_start, prefix, anywhere]
        if sum(map(len, tiers)) < limit and len(q) >= 3:
            seen = {pid for tier in tiers for pid in tier}
            close = process.extract(
                q, self._names, scorer=fuzz.WRatio, score_cutoff=FUZZY_CUTOFF, limit=limit
            )
            tiers.append([self._ids[i] for _, _, i in close if self._ids[i] not in seen])
        results: list[PersonSummary] = []
        for tier in tiers:
            entries = [self._by_id[pid] for pid in tier]
            if not include_archived:
                entries = [e for e in entries if not e[4].archived]
            entries.sort(key=lambda e: (-e[2], e[1]))
            results.extend(e[4] for e in entries[: limit - len(results)])
            if len(results) >= limit:
                break
        return results

    def similar_names(self, name: str, *, cutoff: int = 85) -> list[int]:
        """Ids of people whose folded name is close to `name` (for the duplicate warning)."""
        q = fold(name)
        if not q:
            return []
        with self._lock:
            self._refresh()
            close = process.extract(
                q, self._dup_names, scorer=fuzz.token_sort_ratio, score_cutoff=cutoff, limit=50
            )
            return [self._ids[i] for _, _, i in close]


@needs(VOLUNTEER)
def index_for(db: Database) -> PeopleIndex:
    """The one index of this open database (kept on it, so it goes when the database is closed)."""
    return db.cache("people_index", lambda: PeopleIndex(db))  # type: ignore[return-value]
