"""Who may do what (DESIGN §9), checked in the core where data is read or written.

Every service that takes the database names the role it needs in one visible line above it,
`@needs(COORDINATOR)`, so a reader sees the rule beside the action and a table-driven test
can call every service as every role. A database with no user accounts is open to whoever
sits at the PC, as before accounts existed. The GUI asks the same rules what to show
(`may`); it has no rules of its own.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from dataclasses import dataclass
from enum import IntEnum
from typing import Any, Concatenate, ParamSpec, Protocol, TypeVar

from ncdesk.core.errors import NcdeskError


class Role(IntEnum):
    """Each role may do everything the ones below it may."""

    VOLUNTEER = 1
    COORDINATOR = 2
    ADMIN = 3

    @property
    def word(self) -> str:
        return self.name.lower()

    @classmethod
    def named(cls, word: str) -> Role:
        try:
            return cls[word.strip().upper()]
        except KeyError:
            raise NcdeskError(
                f"{word!r} is not a role; use admin, coordinator or volunteer"
            ) from None


VOLUNTEER, COORDINATOR, ADMIN = Role.VOLUNTEER, Role.COORDINATOR, Role.ADMIN


@dataclass(frozen=True)
class CurrentUser:
    """Who is signed in to an open database."""

    id: int
    login: str
    name: str
    role: Role


class NotAllowed(NcdeskError):
    """The signed-in user's role may not do this; the message says which role may."""


class _HasUser(Protocol):
    user: CurrentUser | None
    accounts: bool


def who_may(role: Role) -> str:
    return {
        VOLUNTEER: "anyone signed in",
        COORDINATOR: "a coordinator or an admin",
        ADMIN: "an admin",
    }[role]


def may(db: _HasUser, role: Role) -> bool:
    """True when whoever has the database open may do what needs `role`: anyone, on a
    database without accounts; nobody who has not signed in, on one with accounts."""
    if db.user is None:
        return not db.accounts
    return db.user.role >= role


def require(db: _HasUser, role: Role, what: str) -> None:
    """Refuse, saying which role may, unless the signed-in user has `role` or above."""
    if not may(db, role):
        if db.user is None:
            raise NotAllowed(f"Sign in first: this database has user accounts (to {what}).")
        raise NotAllowed(
            f"Only {who_may(role)} may {what}; {db.user.login} is signed in as a "
            f"{db.user.role.word}."
        )


P = ParamSpec("P")
R = TypeVar("R")
D = TypeVar("D", bound=_HasUser)

# Every guarded service, by its qualified name, and the role it needs (the table the
# role tests walk).
RULES: dict[str, Role] = {}


def needs(
    role: Role, what: str = ""
) -> Callable[[Callable[Concatenate[D, P], R]], Callable[Concatenate[D, P], R]]:
    """Guard a service whose first argument is the database: it refuses before doing
    anything unless the signed-in user has `role` or above. `what` names the action in the
    refusal ('import files'); by default the function's name is used."""

    def guard(fn: Callable[Concatenate[D, P], R]) -> Callable[Concatenate[D, P], R]:
        action = what or fn.__name__.replace("_", " ")

        @functools.wraps(fn)
        def guarded(db: D, /, *args: P.args, **kwargs: P.kwargs) -> R:
            require(db, role, action)
            return fn(db, *args, **kwargs)

        setattr(guarded, "needs_role", role)  # noqa: B010
        RULES[f"{fn.__module__}.{fn.__qualname__}"] = role
        return guarded

    return guard


def needed_role(fn: Any) -> Role | None:
    """The role a guarded service needs, or None for one with no guard."""
    return getattr(fn, "needs_role", None)
