"""How alike two people's records are, said in words a desk volunteer understands.

The warning before someone new is saved, the possible-duplicates review and the search's
nickname and typo tiers all follow these rules, so the desk and the review never disagree.
Nicknames come from the `nicknames` package (Old Dominion University's hand-curated list of
English names), sounds from jellyfish's Metaphone, and letters different from rapidfuzz's
Damerau-Levenshtein distance (two letters swapped count as one).
"""

from __future__ import annotations

import functools
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING

from ncdesk.core.lazy import lazy_module
from ncdesk.core.search_text import digits, fold, squash

if TYPE_CHECKING:
    import jellyfish
    from nicknames import NickNamer
    from rapidfuzz import fuzz
    from rapidfuzz.distance import DamerauLevenshtein, JaroWinkler
else:  # imported when a name is first matched, not at start-up
    jellyfish = lazy_module("jellyfish")
    fuzz = lazy_module("rapidfuzz.fuzz")
    DamerauLevenshtein = lazy_module("rapidfuzz.distance.DamerauLevenshtein")
    JaroWinkler = lazy_module("rapidfuzz.distance.JaroWinkler")

# Words this short differ from too many others by one letter to call it a typo ('Ann' and
# 'Dan', 'Lee' and 'Leo'): of two words a letter apart, the longer must be at least
# TYPO_MIN_LENGTH long ('Hun' for Hunt is a typo) and the shorter at least SHORTEST_WORD.
TYPO_MIN_LENGTH = 4
SHORTEST_WORD = 3
# Metaphone drops vowels after the first letter, so 'Jon' and 'Jane' share a code; a sound
# match also needs the spellings to be this alike (Jaro-Winkler), or only a letter or two apart.
SOUND_MIN_SIMILARITY = 0.88
# The old rule, kept for records that share a date of birth, phone or postcode: names this
# alike (rapidfuzz token sort ratio) are worth a look even without a closer relation.
CLOSE_NAME_RATIO = 85

SAME_NAME = 60  # the score of exactly the same name; closer relations lose a few points
SURNAME_AND_POSTCODE = 40
SINGLE_NAME = 40
CLOSE_NAME = 20
SAME_BIRTH_DATE = 30
SAME_PHONE = 30
SAME_POSTCODE = 10


@dataclass(frozen=True, slots=True)
class PersonKeys:
    """What the matcher compares about one person, worked out once (the search index keeps
    one per person, so a keystroke or a scan never folds a name or looks up a nickname)."""

    id: int
    name: str  # folded, spaced: 'mary ann smith'
    full: str  # the whole name squashed: 'maryannsmith' (first and last, else known-as)
    first: str  # first word of the first name ('Mary Ann' -> 'mary'), else of known-as
    known: str  # first word of known-as, when there is a first name too
    last: str  # surname squashed ("O'Neill" -> 'oneill'); '' for someone with one name
    first_sound: str
    last_sound: str
    # First name and known-as, each with the full names it is short for: two first names
    # are nicknames of each other exactly when their sets meet.
    nick: frozenset[str]
    born: date | None
    postcode: str  # 'CB75AB'
    phone: str  # digits only


@dataclass(frozen=True, slots=True)
class Likeness:
    """How likely two records are one person (higher is likelier) and the plain reasons."""

    score: int
    reasons: tuple[str, ...]


@functools.cache
def _nicknamer() -> NickNamer:
    from nicknames import NickNamer

    return NickNamer()  # reads the package's list once (a few milliseconds)


@functools.lru_cache(maxsize=50_000)
def full_names_of(name: str) -> frozenset[str]:
    """The full names a first name is short for: 'dave' -> {'david'}, 'peggy' -> {'margaret',
    ...}; empty for a name that is nobody's nickname."""
    return frozenset(_nicknamer().canonicals_of(name)) if name else frozenset()


@functools.lru_cache(maxsize=50_000)
def sound_of(word: str) -> str:
    return jellyfish.metaphone(word) if word else ""


def deletions(word: str) -> set[str]:
    """The word and every way of dropping one letter: two words one letter apart (a letter
    changed, added, dropped, or two swapped) always share one of these."""
    return {word} | {word[:i] + word[i + 1 :] for i in range(len(word))}


def keys_for(
    person_id: int,
    first_name: str | None,
    last_name: str | None,
    known_as: str | None,
    born: date | None = None,
    postcode: str | None = None,
    phone: str | None = None,
) -> PersonKeys:
    """Work out a person's keys from their details as stored or typed."""
    first_words, known_words = fold(first_name).split(), fold(known_as).split()
    first = first_words[0] if first_words else (known_words[0] if known_words else "")
    known = known_words[0] if first_words and known_words else ""
    last = squash(last_name)
    spaced = " ".join(x for x in (fold(first_name), fold(last_name)) if x) or fold(known_as)
    nick = {first, *full_names_of(first)} if first else set()
    if known:
        nick |= {known, *full_names_of(known)}
    return PersonKeys(
        id=person_id,
        name=spaced,
        full=spaced.replace(" ", ""),
        first=first,
        known=known,
        last=last,
        first_sound=sound_of(first),
        last_sound=sound_of(last),
        nick=frozenset(nick),
        born=born,
        postcode=squash(postcode).upper(),
        phone=digits(phone),
    )


def block_keys(k: PersonKeys) -> set[str]:
    """Keys under which a person is filed so that anyone `compare` could call likely shares at
    least one with them (surnames one letter apart are found through the surname list)."""
    keys = {"f:" + k.full} if k.full else set()
    if k.last:
        keys.add("l:" + k.last)
    else:
        keys |= {"1:" + n for n in k.nick}  # someone known by one name only
    if k.born:
        keys.add("b:" + k.born.isoformat())
    if k.phone:
        keys.add("p:" + k.phone)
    if k.postcode:
        keys.add("c:" + k.postcode)
    return keys


def surname_keys(last: str) -> set[str]:
    """Keys that file a surname beside those that sound the same or are a letter away."""
    keys = {"s:" + sound_of(last)}
    if len(last) >= SHORTEST_WORD:
        keys |= {"d:" + d for d in deletions(last)}
    return keys


# --- comparing two people ------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _Relation:
    """How two words of a name are related: what it costs the score, and why."""

    penalty: int
    reason: str = ""
    letters: int = 0  # letters different, when a typo is all it is


_SAME = _Relation(0)
_TYPO = _Relation(10, "one letter different", letters=1)
_SOUND = _Relation(12, "sounds the same")
_NICKNAME_PENALTY = 8


def _shown(word: str) -> str:
    return word[:1].upper() + word[1:]


def _word_relation(x: str, y: str, x_sound: str, y_sound: str) -> _Relation | None:
    if x == y:
        return _SAME
    if not x or not y:
        return None
    apart = DamerauLevenshtein.distance(x, y, score_cutoff=3)
    shorter, longer = sorted((len(x), len(y)))
    if apart == 1 and longer >= TYPO_MIN_LENGTH and shorter >= SHORTEST_WORD:
        return _TYPO
    alike = JaroWinkler.similarity(x, y) >= SOUND_MIN_SIMILARITY
    if x_sound and x_sound == y_sound and (alike or apart <= max(1, longer // 4)):
        return _SOUND
    return None


def nickname_reason(x: str, y: str) -> str | None:
    """'Dave is a nickname of David', or None when neither name is short for the other."""
    if x == y or not x or not y:
        return None
    x_full, y_full = full_names_of(x), full_names_of(y)
    if y in x_full:
        return f"{_shown(x)} is a nickname of {_shown(y)}"
    if x in y_full:
        return f"{_shown(y)} is a nickname of {_shown(x)}"
    # Two nicknames of one name are linked only when they start alike: Kate and Katie (both
    # Kathryn) are, Megan and Rita (both Margarita in the list) are not.
    if x[0] == y[0] and (shared := x_full & y_full):
        return f"{_shown(x)} and {_shown(y)} are both short for {_shown(min(shared))}"
    return None


def _first_relation(a: PersonKeys, b: PersonKeys) -> _Relation | None:
    """The closest relation between a's first name or known-as and b's."""
    best: _Relation | None = None
    for x, x_sound in ((a.first, a.first_sound), (a.known, sound_of(a.known))):
        for y, y_sound in ((b.first, b.first_sound), (b.known, sound_of(b.known))):
            if not x or not y:
                continue
            found = _word_relation(x, y, x_sound, y_sound)
            if found is _SAME and (x != a.first or y != b.first):
                found = _Relation(2, f"known as {_shown(x)}")
            if found is None or found is _SOUND:  # a typo reads plainer than a nickname
                reason = nickname_reason(x, y)
                found = _Relation(_NICKNAME_PENALTY, reason) if reason else found
            if found is not None and (best is None or found.penalty < best.penalty):
                best = found
    return best


def _name_likeness(a: PersonKeys, b: PersonKeys) -> Likeness | None:
    if a.full and a.full == b.full:
        return Likeness(SAME_NAME, ("same name",))
    if not a.last or not b.last:
        if a.last or b.last:
            return None  # one record has a surname and the other has none
        first = _first_relation(a, b)
        if first is None or first.letters or first is _SOUND:
            return None  # one short word a letter away is too weak on its own
        return Likeness(SINGLE_NAME - first.penalty, (first.reason or "same name",))
    last = _word_relation(a.last, b.last, a.last_sound, b.last_sound)
    first = _first_relation(a, b) if last is not None else None
    if last is None or first is None:
        return None
    score = SAME_NAME - first.penalty - last.penalty
    if all(r is _SAME or r is _TYPO for r in (first, last)):
        letters = first.letters + last.letters
        words = {0: "same name", 1: "one letter different", 2: "two letters different"}
        return Likeness(score, (words[letters],))
    reasons = tuple(dict.fromkeys(r.reason for r in (first, last) if r.reason))
    return Likeness(score, reasons)


def compare(a: PersonKeys, b: PersonKeys) -> Likeness | None:
    """How likely `a` and `b` are one person, or None when they are not likely at all.

    Likely: a close name (the same, a typo, a nickname, the same sound), the same surname and
    postcode, or a name that is merely alike plus the same date of birth, phone or postcode.
    Two different dates of birth rule a pair out, whatever else they share."""
    if a.born and b.born and a.born != b.born:
        return None
    facts: list[tuple[int, str]] = []
    if a.born and a.born == b.born:
        facts.append((SAME_BIRTH_DATE, "same date of birth"))
    if a.phone and a.phone == b.phone:
        facts.append((SAME_PHONE, "same phone"))
    same_postcode = bool(a.postcode) and a.postcode == b.postcode
    name = _name_likeness(a, b)
    if name is None and same_postcode and a.last and a.last == b.last:
        name = Likeness(SURNAME_AND_POSTCODE, ("same surname and postcode",))
        same_postcode = False  # said already
    if same_postcode:
        facts.append((SAME_POSTCODE, "same postcode"))
    if name is None:
        if not facts or fuzz.token_sort_ratio(a.name, b.name) < CLOSE_NAME_RATIO:
            return None
        name = Likeness(CLOSE_NAME, ())
    return Likeness(
        name.score + sum(points for points, _ in facts),
        tuple(reason for _, reason in facts) + name.reasons,
    )


def likeness_order(a: PersonKeys, b: PersonKeys) -> float:
    """How alike the two names look (Jaro-Winkler, 0 to 1): orders matches of equal score."""
    return JaroWinkler.similarity(a.name, b.name)


def name_words(first_name: str | None, last_name: str | None, known_as: str | None) -> set[str]:
    """The folded words of someone's names, as the search's nickname and typo tiers see them."""
    return set(fold(" ".join(x for x in (first_name, last_name, known_as) if x)).split())


def typo_neighbours(word: str, words: Iterable[str]) -> list[str]:
    """Those of `words` exactly one letter away from `word` (for long enough words)."""
    if len(word) < TYPO_MIN_LENGTH:
        return []
    return [
        w
        for w in words
        if w != word
        and len(w) >= TYPO_MIN_LENGTH
        and DamerauLevenshtein.distance(word, w, score_cutoff=1) == 1
    ]
