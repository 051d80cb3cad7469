"""Text folded for searching: lower case, no accents, no punctuation ('Zoë' → 'zoe')."""

from __future__ import annotations

import functools
import re

from anyascii import anyascii

_NOT_WORD = re.compile(r"[^a-z0-9]+")


def fold(text: str | None) -> str:
    if not text:
        return ""
    return _fold(text)


@functools.lru_cache(maxsize=1 << 16)
def _fold(text: str) -> str:
    # Cached: the register folds the same few thousand first names and surnames over and over
    # when the search index is built.
    return _NOT_WORD.sub(" ", anyascii(text).lower()).strip()


def digits(text: str | None) -> str:
    return re.sub(r"\D", "", text or "")


def squash(text: str | None) -> str:
    """Folded with the spaces gone: 'O'Neill' → 'oneill', 'Smith-Jones' → 'smithjones'."""
    return fold(text).replace(" ", "")
