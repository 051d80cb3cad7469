"""Encryption at rest (DESIGN §3, §9): the files hold none of the names in them; a wrong
password is refused plainly; the recovery key opens the database and sets a new password;
a password change leaves the database key as it was; a disabled user can no longer open it;
backups stay encrypted."""

from __future__ import annotations

from pathlib import Path

import pytest

from ncdesk.core.cipher import looks_encrypted
from ncdesk.core.db import open_database
from ncdesk.core.demo import fill_demo
from ncdesk.core.errors import DatabaseEncrypted, NcdeskError
from ncdesk.core.io.backup import backup_database
from ncdesk.core.security.access import AccountDisabled, Credentials, open_as
from ncdesk.core.security.accounts import (
    add_user,
    change_own_password,
    disable_user,
    reset_password,
)
from ncdesk.core.security.encryption import encrypt_database, recover_access
from ncdesk.core.security.keys import KeyFile, WrongPassword, keys_path, recovery_text
from ncdesk.core.security.roles import ADMIN, COORDINATOR
from ncdesk.core.services.people import add_person, search_people
from ncdesk.core.services.person_fields import PersonDetails

PASSWORD = "correct horse battery"
NAME, PHONE = "Quennell", "07700 900321"


def all_bytes(path: Path) -> bytes:
    """Every file of the database (main file, write-ahead log, shared memory, keys)."""
    return b"".join(p.read_bytes() for p in path.parent.iterdir() if p.name.startswith(path.name))


@pytest.fixture
def encrypted(tmp_path: Path) -> tuple[Path, str]:
    """A demo database with someone known added, encrypted by its admin; (path, recovery)."""
    path = tmp_path / "desk.db"
    db = open_database(path)
    fill_demo(db, "small", seed=3)
    add_user(db, "ada", ADMIN, PASSWORD, "Ada")
    add_person(db, PersonDetails(first_name="Tabitha", last_name=NAME, phone=PHONE))
    done = encrypt_database(db, PASSWORD, tmp_path / "recovery.pdf", "Soham Neighbourhood Cares")
    return path, done.recovery_key


def test_the_encrypted_files_hold_none_of_the_names_in_them(encrypted) -> None:
    path, _recovery = encrypted
    db = open_as(path, Credentials("ada", PASSWORD))
    try:
        assert [p.name for p in search_people(db, NAME.lower())] == [f"Tabitha {NAME}"]
        add_person(db, PersonDetails(first_name="Wilhelmina", last_name="Zouch"))
    finally:
        db.close()
    assert looks_encrypted(path)
    data = all_bytes(path)
    for secret in (NAME, "Tabitha", "Wilhelmina", "Zouch", "900321", "Soham"):
        assert secret.encode() not in data, secret
    assert not list(path.parent.glob("*.plain-wipe")) and not list(path.parent.glob("*.encrypting"))


def test_a_wrong_password_is_refused_plainly(encrypted) -> None:
    path, _recovery = encrypted
    with pytest.raises(WrongPassword, match="The login or password is not right"):
        open_as(path, Credentials("ada", "not the password"))
    with pytest.raises(WrongPassword, match="The login or password is not right"):
        open_as(path, Credentials("nobody", PASSWORD))
    with pytest.raises(DatabaseEncrypted):
        open_database(path)
    # The failures are written into the audit trail at the next good sign-in.
    db = open_as(path, Credentials("ada", PASSWORD))
    try:
        from ncdesk.core.security.trail import audit_entries

        failed = audit_entries(db, action="log-in failed")
        assert {e.actor for e in failed} == {"ada", "nobody"}
    finally:
        db.close()


def test_the_recovery_key_opens_it_and_sets_a_new_password(encrypted) -> None:
    path, recovery = encrypted
    with pytest.raises(WrongPassword):
        recover_access(path, recovery_text(b"\x07" * 32), "ada", "another long phrase")
    recover_access(path, recovery, "ada", "another long phrase")
    db = open_as(path, Credentials("ada", "another long phrase"))
    db.close()
    with pytest.raises(WrongPassword):
        open_as(path, Credentials("ada", PASSWORD))


def test_the_recovery_key_opens_it_even_when_the_key_file_is_lost(encrypted) -> None:
    path, recovery = encrypted
    keys_path(path).unlink()
    with pytest.raises(NcdeskError, match="key file desk.db.keys is missing"):
        open_database(path)
    recover_access(path, recovery.lower().replace("-", " "), "ada", "another long phrase")
    db = open_as(path, Credentials("ada", "another long phrase"))
    try:
        assert search_people(db, NAME.lower())
    finally:
        db.close()


def test_the_recovery_key_is_read_back_from_its_printed_pdf(encrypted, tmp_path) -> None:
    from ncdesk.core.reports.recovery_key import read_recovery_key_file

    _path, recovery = encrypted
    assert read_recovery_key_file(tmp_path / "recovery.pdf") == recovery


def test_a_password_change_leaves_the_database_key_and_file_as_they_were(encrypted) -> None:
    path, _recovery = encrypted
    key_before = KeyFile.beside(path).unlock("ada", PASSWORD)  # type: ignore[union-attr]
    db = open_as(path, Credentials("ada", PASSWORD))
    try:
        change_own_password(db, PASSWORD, "a brand new phrase")
    finally:
        db.close()
    key_after = KeyFile.beside(path).unlock("ada", "a brand new phrase")  # type: ignore[union-attr]
    assert key_after == key_before
    open_as(path, Credentials("ada", "a brand new phrase")).close()


def test_a_disabled_user_can_no_longer_open_it(encrypted) -> None:
    path, _recovery = encrypted
    db = open_as(path, Credentials("ada", PASSWORD))
    try:
        add_user(db, "cody", COORDINATOR, "cody's own phrase")
        open_as(path, Credentials("cody", "cody's own phrase")).close()
        disable_user(db, "cody")
    finally:
        db.close()
    assert "cody" not in KeyFile.beside(path).logins()  # type: ignore[union-attr]
    with pytest.raises(WrongPassword):
        open_as(path, Credentials("cody", "cody's own phrase"))


def test_a_disabled_user_of_a_plain_database_is_told_so(tmp_path: Path) -> None:
    path = tmp_path / "plain.db"
    db = open_database(path)
    add_user(db, "ada", ADMIN, PASSWORD)
    add_user(db, "cody", COORDINATOR, "cody's own phrase")
    disable_user(db, "cody")
    db.close()
    with pytest.raises(AccountDisabled, match="has been disabled"):
        open_as(path, Credentials("cody", "cody's own phrase"))
    db = open_as(path, Credentials("ada", PASSWORD))
    reset_password(db, "cody", "cody's second phrase")  # an admin brings them back
    db.close()
    open_as(path, Credentials("cody", "cody's second phrase")).close()


def test_backups_of_an_encrypted_database_stay_encrypted(encrypted, tmp_path) -> None:
    path, _recovery = encrypted
    db = open_as(path, Credentials("ada", PASSWORD))
    try:
        copy = backup_database(path, tmp_path / "backup.db", key=db.key)
    finally:
        db.close()
    assert NAME.encode() not in copy.read_bytes()
    assert keys_path(copy).is_file()
    opened = open_as(copy, Credentials("ada", PASSWORD))
    try:
        assert search_people(opened, NAME.lower())
    finally:
        opened.close()


def test_encrypting_twice_is_refused(encrypted, tmp_path) -> None:
    path, _recovery = encrypted
    db = open_as(path, Credentials("ada", PASSWORD))
    try:
        with pytest.raises(NcdeskError, match="already encrypted"):
            encrypt_database(db, PASSWORD, tmp_path / "again.pdf", "x")
    finally:
        db.close()


# A key slot as ncdesk wrote it before December 2026 (AES-GCM from `cryptography`), for the
# made-up login "sam": the database key is bytes 100-131, the password "synthetic pass phrase".
SLOT_FROM_BEFORE = {
    "kdf": "argon2id",
    "salt": "AAECAwQFBgcICQoLDA0ODw==",
    "cost": {"time_cost": 1, "memory_cost": 8, "parallelism": 1},
    "nonce": "KCkqKywtLi8wMTIz",
    "wrapped": "08EQoF83cyXaMedHssPH+ktPqj9ine4eDh+719vUh6o3Q/duqhy49bDQB88eTSCC",
}


def test_a_key_file_written_by_an_earlier_ncdesk_still_opens(tmp_path: Path) -> None:
    keys = KeyFile(tmp_path / "old.db.keys", {"sam": SLOT_FROM_BEFORE})

    assert keys.unlock("sam", "synthetic pass phrase") == bytes(range(100, 132))
    with pytest.raises(WrongPassword):
        keys.unlock("sam", "synthetic pass phrasE")


def test_a_slot_wrapped_now_opens_with_its_password_only(tmp_path: Path) -> None:
    keys = KeyFile(tmp_path / "new.db.keys")
    keys.add_slot("sam", "another synthetic phrase", bytes(32))

    assert keys.unlock("sam", "another synthetic phrase") == bytes(32)
    with pytest.raises(WrongPassword):
        keys.unlock("sam", "not the phrase")
