"""Words kept in sorted order with who they belong to, so 'everyone with a word starting
with m' is two binary searches and a slice, not a scan of the whole register.

The type-ahead search files each person's words here; a change to one person moves only their
own words (an insertion into a sorted list is a memory move done in C), so a check-in, which
changes nothing a person is found by, costs nothing here.
"""

from __future__ import annotations

from bisect import bisect_left, insort
from collections.abc import Iterable

_AFTER_ANY = "\uffff"  # sorts after every character a folded word can hold


class PrefixIndex:
    """word -> members, searchable by the start of the word. Not thread-safe: the owner
    holds its own lock."""

    def __init__(self) -> None:
        self._entries: list[tuple[str, int]] = []
        self._words: dict[int, frozenset[str]] = {}

    def load(self, items: Iterable[tuple[int, Iterable[str]]]) -> None:
        """Replace everything at once (one sort, for the first build)."""
        self._words = {member: frozenset(words) for member, words in items}
        self._entries = sorted((w, m) for m, words in self._words.items() for w in words)

    def put(self, member: int, words: Iterable[str]) -> None:
        """File `member` under exactly `words`, moving only what changed."""
        new = frozenset(words)
        old = self._words.get(member, frozenset())
        for word in old - new:
            at = bisect_left(self._entries, (word, member))
            if at < len(self._entries) and self._entries[at] == (word, member):
                del self._entries[at]
        for word in new - old:
            insort(self._entries, (word, member))
        self._words[member] = new

    def starting(self, prefix: str) -> set[int]:
        """Everyone with a word that starts with `prefix`."""
        lo = bisect_left(self._entries, (prefix,))
        hi = bisect_left(self._entries, (prefix + _AFTER_ANY,), lo)
        return {member for _word, member in self._entries[lo:hi]}

    def clear(self) -> None:
        self._entries.clear()
        self._words.clear()
