"""Passwords: Argon2id hashes (argon2-cffi) to check them, and Argon2id key derivation to
turn one into the key that unwraps its holder's copy of the database key.

The parameters are RFC 9106's second recommended ("low memory") profile: 64 MiB, 3 passes,
4 lanes, about a quarter of a second on a modest 2-core PC, above OWASP's minimum for
Argon2id (19 MiB, 2 passes). They are stored with every hash and key slot, so raising them
later leaves existing passwords working. NCDESK_TESTING_WEAK_KDF=1 makes new hashes cheap
for the test suite only; the name says what it is.
"""

from __future__ import annotations

import os
import time
from typing import TYPE_CHECKING

from ncdesk.core.errors import FieldProblem, ValidationError

if TYPE_CHECKING:
    from argon2 import PasswordHasher

# argon2 is imported where a password is checked or a key derived, not when the window's
# code loads (STYLE: Start-up).

MIN_LENGTH = 10
_TEST_PARAMETERS = {"time_cost": 1, "memory_cost": 8, "parallelism": 1}


def parameters() -> dict[str, int]:
    """Argon2id cost parameters for new hashes and key slots."""
    if os.environ.get("NCDESK_TESTING_WEAK_KDF") == "1":
        return dict(_TEST_PARAMETERS)
    from argon2 import profiles

    p = profiles.RFC_9106_LOW_MEMORY
    return {"time_cost": p.time_cost, "memory_cost": p.memory_cost, "parallelism": p.parallelism}


def _hasher() -> PasswordHasher:
    from argon2 import PasswordHasher, Type

    cost = parameters()
    return PasswordHasher(
        time_cost=cost["time_cost"],
        memory_cost=cost["memory_cost"],
        parallelism=cost["parallelism"],
        hash_len=32,
        salt_len=16,
        type=Type.ID,
    )


def check_strength(password: str) -> None:
    """Refuse a password too short to resist guessing (length is what matters most)."""
    if len(password) < MIN_LENGTH:
        raise ValidationError(
            [FieldProblem("password", f"use at least {MIN_LENGTH} characters (a short phrase)")]
        )
    if not password.strip():
        raise ValidationError([FieldProblem("password", "a password cannot be only spaces")])


def hash_password(password: str) -> str:
    return _hasher().hash(password)


def verify_password(stored: str, password: str) -> bool:
    """True when `password` matches the stored hash (whatever parameters it was made with)."""
    from argon2 import PasswordHasher
    from argon2.exceptions import InvalidHashError, VerificationError

    try:
        return PasswordHasher().verify(stored, password)
    except (VerificationError, InvalidHashError):
        return False


def derive_key(password: str, salt: bytes, cost: dict[str, int]) -> bytes:
    """A 256-bit key from a password, for unwrapping a key slot."""
    from argon2 import Type
    from argon2.low_level import hash_secret_raw

    return hash_secret_raw(
        password.encode("utf-8"),
        salt,
        time_cost=cost["time_cost"],
        memory_cost=cost["memory_cost"],
        parallelism=cost["parallelism"],
        hash_len=32,
        type=Type.ID,
    )


def delay_after(failures: int) -> float:
    """Seconds to wait before saying a password was wrong: nothing for a first slip, then
    doubling from one second up to half a minute, so guessing is slow but a typo is not."""
    if failures <= 1:
        return 0.0
    return float(min(30, 2 ** (failures - 2)))


def wait_after(failures: int) -> None:
    time.sleep(delay_after(failures))
