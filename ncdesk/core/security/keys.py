"""The key model of DESIGN §9: an encrypted database is locked with a random 256-bit key that
nobody types. On the PC that key is kept only wrapped (AES-256-GCM, from pycryptodomex) under
a key derived from each user's password with Argon2id; the wrapped copies live in `NAME.keys`
beside the database, which is copied with every backup. Changing a password rewraps one copy;
the database itself is never re-encrypted. Disabling a user removes their copy. The recovery
key printed when encryption is set up is the database key itself, written for people, so it
opens the database even when the key file is lost (`recover` then makes a new one).

The file also notes failed log-ins that could not be written into a locked database; they
move into the audit trail at the next successful log-in.
"""

from __future__ import annotations

import base64
import json
import os
import secrets
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

from ncdesk.core.cipher import looks_encrypted
from ncdesk.core.errors import NcdeskError
from ncdesk.core.files import write_companion
from ncdesk.core.models.base import utcnow

FORMAT = "ncdesk-keys"
KEY_BYTES = 32
RECOVERY_GROUP = 4  # characters per group when the recovery key is shown


class WrongPassword(NcdeskError):
    """The login or password was not right (the message never says which)."""


class KeyFileMissing(NcdeskError):
    """An encrypted database whose key file is not beside it."""


def keys_path(db_path: Path) -> Path:
    return db_path.with_name(db_path.name + ".keys")


def wiping_path(path: Path) -> Path:
    return path.with_name(path.name + ".plain-wipe")


def pending_keys_path(path: Path) -> Path:
    return keys_path(path).with_name(keys_path(path).name + ".new")


def finish_interrupted(path: Path) -> None:
    """Complete an encryption that was stopped after its swap: put the new key file in place
    and wipe the plain file set aside."""
    pending = pending_keys_path(path)
    if pending.exists() and looks_encrypted(path) and not keys_path(path).exists():
        os.replace(pending, keys_path(path))
    elif pending.exists() and not looks_encrypted(path):
        pending.unlink()  # stopped before the swap: the plain database is still the one
    if wiping_path(path).exists():
        wipe(wiping_path(path))


def wipe(path: Path) -> None:
    """Overwrite a file with zeros, flush it to disk, then remove it."""
    size = path.stat().st_size
    with path.open("r+b") as f:
        block = b"\0" * 65536
        done = 0
        while done < size:
            done += f.write(block[: min(len(block), size - done)])
        f.flush()
        os.fsync(f.fileno())
    path.unlink()


def new_database_key() -> bytes:
    return secrets.token_bytes(KEY_BYTES)


def recovery_text(key: bytes) -> str:
    """The recovery key as printed: base32 in groups of four, easy to read and type."""
    raw = base64.b32encode(key).decode("ascii").rstrip("=")
    return "-".join(raw[i : i + RECOVERY_GROUP] for i in range(0, len(raw), RECOVERY_GROUP))


def recovery_key_from_text(text: str) -> bytes:
    """Read a recovery key as typed or printed: case, spaces and dashes do not matter."""
    raw = "".join(ch for ch in text.upper() if ch.isalnum())
    raw += "=" * (-len(raw) % 8)
    try:
        key = base64.b32decode(raw)
    except ValueError:
        raise NcdeskError("That is not an ncdesk recovery key.") from None
    if len(key) != KEY_BYTES:
        raise NcdeskError("That is not an ncdesk recovery key (wrong length).")
    return key


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


def _unb64(text: str) -> bytes:
    return base64.b64decode(text.encode("ascii"))


# AES-GCM (pycryptodomex) and argon2 are imported where keys are wrapped or unwrapped, not with
# this module: opening a plain database (the start of the program) needs only keys_path. The
# wrapped form is the ciphertext with GCM's 16-byte tag after it, as every AES-GCM library
# writes it (key files written before December 2026 came from `cryptography`'s AESGCM).
TAG_BYTES = 16


def _wrap(kek: bytes, secret: bytes, label: str) -> dict[str, str]:
    from Cryptodome.Cipher import AES

    nonce = secrets.token_bytes(12)
    cipher = AES.new(kek, AES.MODE_GCM, nonce=nonce, mac_len=TAG_BYTES)
    cipher.update(label.encode())
    sealed, tag = cipher.encrypt_and_digest(secret)
    return {"nonce": _b64(nonce), "wrapped": _b64(sealed + tag)}


def _unwrap(kek: bytes, slot: dict[str, Any], label: str) -> bytes:
    """The secret; ValueError when the key (the password it came from) is not the one."""
    from Cryptodome.Cipher import AES

    wrapped = _unb64(slot["wrapped"])
    cipher = AES.new(kek, AES.MODE_GCM, nonce=_unb64(slot["nonce"]), mac_len=TAG_BYTES)
    cipher.update(label.encode())
    return cipher.decrypt_and_verify(wrapped[:-TAG_BYTES], wrapped[-TAG_BYTES:])


@dataclass
class KeyFile:
    """The wrapped copies of one database's key, and failed log-ins waiting to be audited."""

    path: Path
    slots: dict[str, dict[str, Any]] = field(default_factory=dict)
    failed: list[dict[str, str]] = field(default_factory=list)

    @classmethod
    def beside(cls, db_path: Path) -> KeyFile | None:
        """The key file of this database, or None when it has none (not encrypted)."""
        path = keys_path(db_path)
        if not path.is_file():
            return None
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
            if data.get("format") != FORMAT:
                raise ValueError(path)
        except (OSError, ValueError) as exc:
            raise NcdeskError(f"{path} is not an ncdesk key file, or it is damaged.") from exc
        return cls(path, data.get("slots", {}), data.get("failed", []))

    @classmethod
    def create(cls, db_path: Path) -> KeyFile:
        return cls(keys_path(db_path))

    def save(self) -> None:
        data = {
            "format": FORMAT,
            "version": 1,
            "cipher": "SQLCipher 4 (AES-256, HMAC-SHA512 per page)",
            "slots": self.slots,
            "failed": self.failed,
        }
        write_companion(self.path, json.dumps(data, indent=1, sort_keys=True) + "\n")

    def logins(self) -> list[str]:
        return sorted(self.slots)

    def add_slot(self, login: str, password: str, db_key: bytes) -> None:
        """Wrap the database key for `login` under their password (replacing any old copy)."""
        from ncdesk.core.security.passwords import derive_key, parameters

        salt = os.urandom(16)
        cost = parameters()
        kek = derive_key(password, salt, cost)
        self.slots[login] = {"kdf": "argon2id", "salt": _b64(salt), "cost": cost} | _wrap(
            kek, db_key, f"ncdesk slot {login}"
        )

    def remove_slot(self, login: str) -> None:
        self.slots.pop(login, None)

    def unlock(self, login: str, password: str) -> bytes:
        """The database key, from `login`'s copy; WrongPassword if it does not open."""
        slot = self.slots.get(login)
        if slot is None:
            raise WrongPassword("The login or password is not right.")
        from ncdesk.core.security.passwords import derive_key

        kek = derive_key(password, _unb64(slot["salt"]), slot["cost"])
        try:
            return _unwrap(kek, slot, f"ncdesk slot {login}")
        except ValueError:
            raise WrongPassword("The login or password is not right.") from None

    def note_failure(self, login: str, at: datetime | None = None) -> int:
        """Remember a failed log-in; returns how many in a row this login has now."""
        self.failed.append({"login": login, "at": (at or utcnow()).isoformat()})
        self.save()
        return sum(1 for f in self.failed if f["login"] == login)

    def take_failures(self) -> list[dict[str, str]]:
        """The failed log-ins noted since the last good one (cleared from the file)."""
        taken, self.failed = self.failed, []
        if taken:
            self.save()
        return taken
