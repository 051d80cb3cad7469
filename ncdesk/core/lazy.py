"""Modules imported the first time they are used, not when the module naming them is.

Start-up speed (docs/architecture.md, "Start-up"): matching libraries such as rapidfuzz and
jellyfish cost tens of milliseconds to import and are needed only once someone searches or
compares names. `lazy_module("jellyfish")` stands in for the module: the first attribute
looked up imports it, and each attribute is then kept on the stand-in, so a hot loop pays no
more than it would for the module itself. Write `if TYPE_CHECKING: import x` and
`else: x = lazy_module("x")`, so type checkers see the real module.
"""

from __future__ import annotations

import importlib
from typing import Any


class LazyModule:
    def __init__(self, name: str):
        self._name = name

    def __getattr__(self, attribute: str) -> Any:
        # Only called for what is not kept yet; importing is thread-safe, and two threads
        # keeping the same attribute keep the same object.
        value = getattr(importlib.import_module(self._name), attribute)
        setattr(self, attribute, value)
        return value

    def __repr__(self) -> str:
        return f"<lazy module {self._name!r}>"


def lazy_module(name: str) -> Any:
    return LazyModule(name)
