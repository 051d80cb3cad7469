"""Members filed under keys, kept up to date one member at a time.

The search index files people under their surname, date of birth and so on, and name words
under the ways of misspelling them; a change to one person re-files that person only, so a
check-in (which touches the person's row) never rebuilds the whole register's keys.
"""

from __future__ import annotations

from collections.abc import Hashable, Iterable
from typing import Generic, TypeVar

Member = TypeVar("Member", bound=Hashable)


class KeyIndex(Generic[Member]):
    """key -> the members filed under it, and member -> its keys. Not thread-safe: the owner
    holds its own lock."""

    def __init__(self) -> None:
        self._members: dict[str, set[Member]] = {}
        self._keys: dict[Member, frozenset[str]] = {}

    def put(self, member: Member, keys: Iterable[str]) -> None:
        """File `member` under exactly `keys` (no keys: take it out)."""
        new = frozenset(keys)
        old = self._keys.get(member)
        if old is None:  # the usual case while the index is built
            for key in new:
                self._members.setdefault(key, set()).add(member)
            if new:
                self._keys[member] = new
            return
        for key in old - new:
            bucket = self._members[key]
            bucket.discard(member)
            if not bucket:
                del self._members[key]
        for key in new - old:
            self._members.setdefault(key, set()).add(member)
        if new:
            self._keys[member] = new
        else:
            self._keys.pop(member, None)

    def drop(self, member: Member) -> None:
        self.put(member, ())

    def members(self, key: str) -> set[Member] | frozenset[Member]:
        """Who is filed under `key` (do not change what comes back)."""
        found = self._members.get(key)
        return found if found is not None else frozenset()

    def has(self, member: Member) -> bool:
        return member in self._keys

    def clear(self) -> None:
        self._members.clear()
        self._keys.clear()
