"""Type-ahead search over the people register, fast enough to run on every keystroke.

A compact in-memory index of every person's folded name, reference, postcode and phone is
kept per open database and topped up incrementally from `person.updated_at`, so a keystroke
costs one tiny freshness query plus string scans done in C. Ranking: exact matches, then
word-prefix matches, then matches anywhere, then nicknames and words one letter off, then close
spellings; within each, people seen most recently come first. The desk passes who is likely
at its session (`desk.likely_here`): they come before everyone else in the exact, name-start
and word-prefix tiers, most regular first.

The same index keeps each person's matching keys (`name_match.PersonKeys`: sounds, nicknames,
surname), filed so the likely matches of someone new are found without a scan of everyone.
"""

from __future__ import annotations

import heapq
import re
import threading
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import func, select

from ncdesk.core.db import Database
from ncdesk.core.key_index import KeyIndex
from ncdesk.core.models import Person
from ncdesk.core.name_match import (
    TYPO_MIN_LENGTH,
    Likeness,
    PersonKeys,
    block_keys,
    compare,
    deletions,
    full_names_of,
    keys_for,
    likeness_order,
    name_words,
    surname_keys,
    typo_neighbours,
)
from ncdesk.core.prefix_index import PrefixIndex
from ncdesk.core.search_text import digits, fold, squash
from ncdesk.core.security.roles import VOLUNTEER, needs

FUZZY_CUTOFF = 80
# Close spellings (a scorer run over everyone's name, the dearest step) are looked for only
# when the other tiers found fewer than this many people.
FUZZY_WHEN_FEWER = 10
_EPOCH = datetime(1970, 1, 1).timestamp()
_REF = re.compile(r"([a-z]+)0*([0-9]+)")


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


def short_ref(text: str) -> str:
    """A reference as it is typed without its zeros, in lower case: 'P00058' -> 'p58'."""
    m = _REF.fullmatch(squash(text))
    return f"{m[1]}{m[2]}" if m else ""


def _exact_keys(p: Person, name: str) -> frozenset[str]:
    keys = {name, fold(p.known_as), fold(p.person_ref), short_ref(p.person_ref), digits(p.phone)}
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


@dataclass(slots=True)
class _Entry:
    """One person as the index holds them."""

    hay: str  # " " + the words they can be found by
    name: str  # folded name, known-as too
    seen: float  # last seen, as a timestamp
    exact: frozenset[str]  # what typed in full is an exact match
    summary: PersonSummary
    # What the likely-match rules compare: worked out from `details` the first time a
    # likely match is looked for (or by `warm`, after the search part), not per keystroke.
    details: tuple[str, str, str, date | None, str | None, str | None]
    keys: PersonKeys | None
    words: frozenset[str]  # name words, for the nickname and typo tiers
    short_ref: str
    merged: bool


class PeopleIndex:
    """The search index for one database. Thread-safe; refreshes itself before each search."""

    def __init__(self, db: Database):
        self._db = db
        self._lock = threading.Lock()
        self._stamp: tuple[int, datetime | None] = (-1, None)
        self._by_id: dict[int, _Entry] = {}
        self._ids: list[int] = []
        self._hays: list[str] = []
        self._names: list[str] = []
        # Kept up to date one person at a time (see `_file`):
        self._blocks: KeyIndex[int] = KeyIndex()  # people under name_match.block_keys
        self._surnames: KeyIndex[str] = KeyIndex()  # surnames under their sound and typos
        self._words: KeyIndex[int] = KeyIndex()  # people under each word of their names
        self._typos: KeyIndex[str] = KeyIndex()  # name words under their one-letter deletions
        self._short_refs: dict[str, int] = {}
        self._keyed = False  # everyone's matching keys are worked out and filed
        # Who the current search puts first in each tier, by weight (the desk: visits).
        self._prefer: Mapping[int, int] = {}
        # What a keystroke looks up instead of scanning everyone:
        self._word_starts = PrefixIndex()  # every word a person is found by
        self._name_starts = PrefixIndex()  # each person's whole folded name
        self._exact: KeyIndex[int] = KeyIndex()  # what typed in full is an exact match

    def _refresh(self) -> None:
        with self._db.session() as s:
            count, newest = s.execute(
                select(func.count(Person.id), func.max(Person.updated_at))
            ).one()
            if (count, newest) == self._stamp:
                return
            query = select(Person)
            everyone = not (self._stamp[1] is not None and count >= len(self._by_id))
            if everyone:
                self._clear()
            else:
                query = query.where(Person.updated_at >= self._stamp[1])
            for p in s.scalars(query):
                self._file(p, one_by_one=not everyone)
            if not everyone and len(self._by_id) != count:
                # Someone added at another PC whose clock is behind this one's stamp: read
                # everyone rather than miss them (a shared server, docs/multi-pc.md).
                everyone = True
                self._clear()
                for p in s.scalars(select(Person)):
                    self._file(p, one_by_one=False)
            if everyone:  # sorted once, not person by person
                self._word_starts.load((pid, e.hay.split()) for pid, e in self._by_id.items())
                self._name_starts.load((pid, (e.name,)) for pid, e in self._by_id.items())
        self._stamp = (count, newest)
        self._ids = list(self._by_id)
        self._hays = [self._by_id[i].hay for i in self._ids]
        self._names = [self._by_id[i].name for i in self._ids]

    def _clear(self) -> None:
        self._by_id.clear()
        for keys in (self._blocks, self._surnames, self._words, self._typos, self._exact):
            keys.clear()
        self._word_starts.clear()
        self._name_starts.clear()
        self._short_refs.clear()

    def _file(self, p: Person, *, one_by_one: bool = True) -> None:
        """Add or replace one person, re-filing only their own keys (`one_by_one` False: the
        whole register is being read, and its words are sorted once afterwards)."""
        old = self._by_id.get(p.id)
        full = fold(" ".join(x for x in (p.first_name, p.last_name) if x))
        name = f"{full} {fold(p.known_as)}".strip() if p.known_as else full
        short = short_ref(p.person_ref)  # found through _short_refs: the hay stays short
        entry = _Entry(
            hay=" " + p.search_text,
            name=name,
            seen=p.last_seen_at.timestamp() if p.last_seen_at else _EPOCH,
            exact=_exact_keys(p, name),
            summary=summary_of(p),
            details=(p.first_name, p.last_name, p.known_as, p.date_of_birth, p.postcode, p.phone),
            keys=None,
            words=frozenset(name_words(p.first_name, p.last_name, p.known_as)),
            short_ref=short,
            merged=p.merged_into_id is not None,
        )
        self._by_id[p.id] = entry
        self._exact.put(p.id, entry.exact)
        if one_by_one:
            self._word_starts.put(p.id, entry.hay.split())
            self._name_starts.put(p.id, (entry.name,))
        self._words.put(p.id, entry.words)
        for word in entry.words - (old.words if old else frozenset()):
            if len(word) >= TYPO_MIN_LENGTH and not self._typos.has(word):
                self._typos.put(word, deletions(word))
        if old is not None:
            for word in old.words - entry.words:
                if not self._words.members(word):
                    self._typos.drop(word)
            if old.short_ref != short and self._short_refs.get(old.short_ref) == p.id:
                del self._short_refs[old.short_ref]
        if short:
            self._short_refs[short] = p.id
        if self._keyed:
            self._key(p.id, entry, old.keys if old else None)

    def _key(self, pid: int, entry: _Entry, old: PersonKeys | None) -> PersonKeys:
        """Work out one person's matching keys and file them."""
        keys = entry.keys = keys_for(pid, *entry.details)
        self._blocks.put(pid, block_keys(keys))
        if keys.last and not self._surnames.has(keys.last):
            self._surnames.put(keys.last, surname_keys(keys.last))
        if old is not None and old.last != keys.last and not self._blocks.members("l:" + old.last):
            self._surnames.drop(old.last)
        return keys

    def _ensure_keys(self) -> None:
        """Everyone's matching keys, worked out once: half a second at 20,000 people, kept
        off the first keystroke's path."""
        if not self._keyed:
            for pid, entry in self._by_id.items():
                if entry.keys is None:
                    self._key(pid, entry, None)
            self._keyed = True

    def warm(self) -> int:
        """Build the index now (about a second for 20,000 people) so the first keystroke at
        the desk is as fast as the rest, then the matching keys (a keystroke may come in
        between). Returns how many people it holds."""
        with self._lock:
            self._refresh()
            count = len(self._ids)
        with self._lock:
            self._ensure_keys()
        return count

    def search(
        self,
        query: str,
        *,
        limit: int = 50,
        include_archived: bool = False,
        prefer: Mapping[int, int] | None = None,
    ) -> list[PersonSummary]:
        q = fold(query)
        if not q:
            return []
        with self._lock:
            self._refresh()
            self._prefer = prefer or {}
            return self._rank(q, limit, include_archived)

    def _rank(self, q: str, limit: int, include_archived: bool) -> list[PersonSummary]:
        """The tiers of the module's ranking, each found by looking words up, not by reading
        everyone: only 'anywhere' (a piece inside a word) scans, and only when the tiers
        above it leave the list short."""
        tokens = q.split()
        compact = q.replace(" ", "")
        # Digits are a phone number only when nothing else was typed ('p58' is a reference).
        phone_q = "" if any(c.isalpha() for c in q) else digits(q)
        if phone_q.startswith("44") and len(phone_q) > 6:  # +44 7700 … is 07700 …
            phone_q = "0" + phone_q[2:]
            compact = phone_q
        # Every word typed starts a word of theirs (or, typed with spaces, the whole of one).
        starts = self._word_starts.starting(tokens[0])
        for token in tokens[1:]:
            starts &= self._word_starts.starting(token)
        if len(tokens) > 1:
            starts |= self._word_starts.starting(compact)
        exact: set[int] = set(self._exact.members(q) | self._exact.members(compact)) & starts
        by_ref = self._short_refs.get(short_ref(q))  # 'p0058' for P00058 as well as 'p58'
        if by_ref is not None:
            exact.add(by_ref)
        name_start = (self._name_starts.starting(q) & starts) - exact
        prefix = starts - exact - name_start
        shown = self._shown if include_archived else self._shown_unarchived
        tiers: list[list[int]] = []
        room = limit
        name_typed = not any(c.isdigit() for c in q)  # not a reference, phone or postcode
        ranked = (exact, name_start, prefix)
        for tier in self._expected_first(ranked) if name_typed else ranked:
            best = shown(tier, room)
            tiers.append(best)
            room -= len(best)
        seen = exact | name_start | prefix
        if room > 0:
            anywhere = self._anywhere(tokens, phone_q) - seen
            tiers.append(shown(anywhere, room))
            seen |= anywhere
            room -= len(tiers[-1])
        near = self._near(tokens, seen)
        seen.update(near)
        tiers.append(shown(set(near), room))
        room -= len(tiers[-1])
        if limit - room < FUZZY_WHEN_FEWER and len(q) >= 3:
            from rapidfuzz import fuzz, process  # the first close-spelling search loads it

            close = process.extract(
                q, self._names, scorer=fuzz.WRatio, score_cutoff=FUZZY_CUTOFF, limit=limit
            )
            tiers.append(shown({self._ids[i] for _, _, i in close} - seen, room))
        return [self._by_id[pid].summary for tier in tiers for pid in tier][:limit]

    def _expected_first(self, tiers: tuple[set[int], ...]) -> tuple[set[int], ...]:
        """With people expected (the desk's likely attenders) and a name typed, every tier's
        expected people before anyone else's: at the desk a regular whose name starts with
        what was typed beats a stranger whose name is exactly it (6.18 -> 6.02 keystrokes at
        20,000). A reference, phone or postcode typed keeps the exact one first."""
        prefer = self._prefer
        if not prefer:
            return tiers
        return tuple({p for p in t if p in prefer} for t in tiers) + tuple(
            {p for p in t if p not in prefer} for t in tiers
        )

    def _anywhere(self, tokens: list[str], phone_q: str) -> set[int]:
        """People with every word typed somewhere in their words, or the digits typed in
        their phone number: one pass over everyone, done in C by a comprehension."""
        hays, ids = self._hays, self._ids
        first, rest = tokens[0], tokens[1:]
        found = {ids[i] for i, hay in enumerate(hays) if first in hay}
        if rest:
            found = {pid for pid in found if all(t in self._by_id[pid].hay for t in rest)}
        if len(phone_q) >= 4:
            found |= {ids[i] for i, hay in enumerate(hays) if phone_q in hay}
        return found

    def _order(self, pid: int) -> tuple[int, float, str]:
        entry = self._by_id[pid]
        return (-self._prefer.get(pid, 0), -entry.seen, entry.name)

    def _shown(self, tier: set[int], room: int) -> list[int]:
        """The `room` people of a tier that come first: those the caller expects (the
        desk's likely attenders), then those seen most recently, then by name."""
        if room <= 0 or not tier:
            return []
        return heapq.nsmallest(room, tier, key=self._order)

    def _shown_unarchived(self, tier: set[int], room: int) -> list[int]:
        by_id = self._by_id
        return self._shown({pid for pid in tier if not by_id[pid].summary.archived}, room)

    def _near(self, words: list[str], seen: set[int]) -> list[int]:
        """People found only through a nickname ('dave' for David, 'peggy' for Margaret) or a
        word one letter off ('kaite' for Katie) for some word typed; each other word typed
        must still start a word of theirs. Costs a few dictionary look-ups, not a scan."""
        other_forms: dict[str, set[int]] = {}
        for word in words:
            found: set[int] = set()
            for full in full_names_of(word):
                found |= self._words.members(full)
            if len(word) >= TYPO_MIN_LENGTH:
                close_words = {w for d in deletions(word) for w in self._typos.members(d)}
                for close in typo_neighbours(word, close_words):
                    found |= self._words.members(close)
            if found:
                other_forms[word] = found
        if not other_forms:
            return []
        near = []
        for pid in set().union(*other_forms.values()) - seen:
            hay = self._by_id[pid].hay
            if all(pid in other_forms.get(w, ()) or f" {w}" in hay for w in words):
                near.append(pid)
        return near

    def likely(
        self, keys: PersonKeys, *, exclude_id: int | None = None, limit: int = 5
    ) -> list[tuple[int, Likeness]]:
        """People who are likely the same as `keys` (not merged away), best first: only those
        filed under one of their keys are compared, never the whole register."""
        with self._lock:
            self._refresh()
            self._ensure_keys()
            candidates: set[int] = set()
            for key in block_keys(keys):
                candidates |= self._blocks.members(key)
            if keys.last:
                for key in surname_keys(keys.last):
                    for surname in self._surnames.members(key):
                        candidates |= self._blocks.members("l:" + surname)
            ranked = []
            for pid in candidates:
                entry = self._by_id[pid]
                if pid == exclude_id or entry.merged or entry.keys is None:
                    continue
                if (likeness := compare(keys, entry.keys)) is not None:
                    alike = likeness_order(keys, entry.keys)
                    ranked.append((likeness.score, alike, entry.seen, -pid, likeness))
            ranked.sort(key=lambda r: r[:4], reverse=True)
            return [(-r[3], r[4]) for r in ranked[:limit]]

    def register_keys(self) -> list[PersonKeys]:
        """Everyone's keys but the archived and merged: what the duplicates review compares."""
        with self._lock:
            self._refresh()
            self._ensure_keys()
            everyone = (e for e in self._by_id.values() if not (e.merged or e.summary.archived))
            return [keys for e in everyone if (keys := e.keys) is not None]


@needs(VOLUNTEER)
def index_for(db: Database) -> PeopleIndex:
    """The one index of this open database (kept on it, so it goes when the database is closed)."""
    return db.cache("people_index", lambda: PeopleIndex(db))  # type: ignore[return-value]
