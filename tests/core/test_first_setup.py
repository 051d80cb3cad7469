"""The first set-up in one go: the database, its first admin, the organisation's settings and
(if asked) demo people; encrypted with the key whose recovery key was shown; and after a
failure or a cancel, no file left behind."""

from __future__ import annotations

import itertools
import sqlite3
from dataclasses import replace
from pathlib import Path

import pytest

from ncdesk.core import cipher
from ncdesk.core.demo import DemoCancelled
from ncdesk.core.errors import NcdeskError, ValidationError
from ncdesk.core.reports.recovery_key import read_recovery_key_file
from ncdesk.core.security.access import Credentials, open_as
from ncdesk.core.security.accounts import list_users
from ncdesk.core.security.encryption import recover_access
from ncdesk.core.security.keys import WrongPassword
from ncdesk.core.services.first_setup import (
    FirstSetup,
    SetUpCancelled,
    StartWith,
    check_admin,
    check_backup_folder,
    check_organisation,
    new_key,
    password_strength,
    recovery_key_text,
    save_recovery_key,
    set_up,
)
from ncdesk.core.services.logo import logo_bytes
from ncdesk.core.services.people import list_people
from ncdesk.core.services.settings import get_settings

PASSWORD = "a long enough phrase"
PNG = b"\x89PNG\r\n\x1a\n" + b"\0" * 32


@pytest.fixture
def setup(tmp_path: Path) -> FirstSetup:
    backups = tmp_path / "stick"
    backups.mkdir()
    return FirstSetup(
        database=tmp_path / "data" / "ours.db",
        organisation_name="Soham Good Neighbours",
        admin_login="maria",
        admin_name="Maria Example",
        admin_password=PASSWORD,
        backup_folder=str(backups),
    )


def files_in(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.rglob("*")) if folder.exists() else []


def test_an_empty_start_makes_the_admin_and_stores_the_settings(setup: FirstSetup) -> None:
    db = set_up(setup)
    try:
        assert db.user is not None and db.user.login == "maria"  # signed in as the new admin
    finally:
        db.close()

    db = open_as(setup.database, Credentials("maria", PASSWORD))
    try:
        assert [u.login for u in list_users(db)] == ["maria"]
        settings = get_settings(db)
        assert settings.organisation_name == "Soham Good Neighbours"
        assert settings.backup_folder == setup.backup_folder
        assert list_people(db) == []
    finally:
        db.close()
    with pytest.raises(WrongPassword):
        open_as(setup.database, Credentials("maria", "not the password"))


def test_a_demo_start_adds_made_up_people_but_keeps_the_organisation_name(
    setup: FirstSetup,
) -> None:
    db = set_up(replace(setup, start_with=StartWith.DEMO))
    try:
        assert len(list_people(db)) == 150
        assert get_settings(db).organisation_name == "Soham Good Neighbours"
    finally:
        db.close()


def test_an_encrypted_start_opens_with_the_password_and_the_recovery_key_shown(
    setup: FirstSetup, tmp_path: Path
) -> None:
    if not cipher.available():
        pytest.skip("SQLCipher is not installed here")
    key = new_key()
    pdf = save_recovery_key(tmp_path / "key", key, "Soham Good Neighbours", setup.database)
    assert pdf.name == "key.pdf"
    assert read_recovery_key_file(pdf) == recovery_key_text(key)

    set_up(replace(setup, key=key)).close()

    assert cipher.looks_encrypted(setup.database)
    with pytest.raises(sqlite3.DatabaseError):
        sqlite3.connect(setup.database).execute("SELECT * FROM sqlite_master").fetchall()
    db = open_as(setup.database, Credentials("maria", PASSWORD))
    try:
        assert db.encrypted and get_settings(db).organisation_name == "Soham Good Neighbours"
    finally:
        db.close()
    # The recovery key printed before the file existed is the one that opens it.
    recover_access(setup.database, recovery_key_text(key), "maria", "another long phrase")
    open_as(setup.database, Credentials("maria", "another long phrase")).close()


def test_the_logo_is_kept_in_the_database_for_the_printed_returns(
    setup: FirstSetup, tmp_path: Path
) -> None:
    logo = tmp_path / "logo.png"
    logo.write_bytes(PNG)
    set_up(replace(setup, logo_path=str(logo))).close()
    logo.unlink()  # the picture was copied in: the file may go
    db = open_as(setup.database, Credentials("maria", PASSWORD))
    try:
        assert logo_bytes(get_settings(db)) == PNG
    finally:
        db.close()


def test_cancelling_the_demo_people_leaves_no_file_behind(setup: FirstSetup) -> None:
    answers = itertools.chain([False], itertools.repeat(True))  # stop at the first demo step
    with pytest.raises(DemoCancelled):
        set_up(replace(setup, start_with=StartWith.DEMO), cancelled=lambda: next(answers))
    assert not setup.database.parent.exists()  # the folder it made goes too


def test_cancelling_an_empty_start_leaves_no_file_behind(setup: FirstSetup) -> None:
    with pytest.raises(SetUpCancelled):
        set_up(setup, cancelled=lambda: True)
    assert not setup.database.parent.exists()


def test_a_failure_part_way_leaves_no_file_behind(setup: FirstSetup, tmp_path: Path) -> None:
    setup.database.parent.mkdir()
    (setup.database.parent / "someone else's.txt").write_text("kept")

    def fail(step: str, done: int, total: int) -> None:
        raise OSError("the disk went away")

    with pytest.raises(OSError):
        set_up(replace(setup, start_with=StartWith.DEMO), progress=fail)
    assert files_in(setup.database.parent) == ["someone else's.txt"]


def test_an_existing_database_is_never_set_up_over(setup: FirstSetup) -> None:
    set_up(setup).close()
    with pytest.raises(NcdeskError, match="already a database"):
        set_up(replace(setup, admin_login="someone"))
    db = open_as(setup.database, Credentials("maria", PASSWORD))
    db.close()


def test_set_up_checks_the_answers_again_before_writing(setup: FirstSetup) -> None:
    with pytest.raises(ValidationError):
        set_up(replace(setup, admin_password="short"))
    assert not setup.database.parent.exists()


def test_the_checks_say_what_is_wrong_in_plain_words(tmp_path: Path) -> None:
    assert [p.field for p in check_organisation(" ", "")] == ["organisation_name"]
    (tmp_path / "notes.txt").write_text("not a picture")
    (tmp_path / "fake.png").write_text("not a picture")
    assert "PNG or JPEG" in check_organisation("Us", str(tmp_path / "notes.txt"))[0].message
    assert "not a PNG" in check_organisation("Us", str(tmp_path / "fake.png"))[0].message
    assert "no file" in check_organisation("Us", str(tmp_path / "gone.png"))[0].message

    assert check_admin("maria", "", PASSWORD, PASSWORD) == []
    assert [p.field for p in check_admin("", "", PASSWORD, PASSWORD)] == ["login"]
    assert [p.field for p in check_admin("Maria Smith", "", PASSWORD, PASSWORD)] == ["login"]
    assert "at least 10" in check_admin("maria", "", "short", "short")[0].message
    assert "not the same" in check_admin("maria", "", PASSWORD, PASSWORD + "x")[0].message

    assert password_strength("short") == "too short"
    assert password_strength("abcdefghij") == "fair"
    assert password_strength("four ordinary words here") == "strong"


def test_a_missing_or_unwritable_backup_folder_is_refused(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import ncdesk.core.io.auto_backup

    monkeypatch.setattr(ncdesk.core.io.auto_backup, "data_dir", lambda: tmp_path / "userdata")
    assert check_backup_folder("") == []  # the standard folder, made when first needed
    assert check_backup_folder(str(tmp_path / "userdata" / "backups")) == []
    assert "is not there" in check_backup_folder(str(tmp_path / "E:stick"))[0].message
    (tmp_path / "file").write_text("")
    assert "not a folder" in check_backup_folder(str(tmp_path / "file"))[0].message
    locked = tmp_path / "locked"
    locked.mkdir()
    locked.chmod(0o500)
    try:
        import os

        if os.access(locked, os.W_OK):
            pytest.skip("running as a user who may write anywhere")
        assert "cannot write" in check_backup_folder(str(locked))[0].message
    finally:
        locked.chmod(0o700)
