"""A full disk or a folder ncdesk cannot write to, met from the window: the core's plain
message in a box (or, for an automatic backup, on the warning line), and nothing changed.
The disks are small tmpfs mounts of their own (root only; skipped elsewhere)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timedelta
from pathlib import Path

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from ncdesk.core.db import Database
from ncdesk.core.services.people import add_person, get_person
from ncdesk.core.services.person_fields import PersonDetails
from tests import databases
from tests.databases import copy_database, new_database
from tests.disks import fill_up
from tests.ui.access.conftest import StartOn, sign_in_with_keys, wait_for_sign_in
from tests.ui.conftest import MakeWindow, SignIn
from tests.ui.data_protection.conftest import StartedWindow, choose_backup_folder
from tests.ui.data_protection.test_backups_tab import backups_tab
from tests.ui.data_protection.test_person_rights import open_person
from tests.ui.helpers import press, wait_for_message_box

ALT = Qt.KeyboardModifier.AltModifier
ReadOnly = tuple[Path, Callable[[], None]]


def test_saving_a_person_on_a_full_disk_says_so_and_changes_nothing(
    qtbot: QtBot, make_window: MakeWindow, small_disk: Path
) -> None:
    db = new_database(small_disk / "desk.db")
    try:
        person = add_person(db, PersonDetails(first_name="Ottoline", last_name="Farthingale"))
        screen = open_person(qtbot, make_window(db), person)
        fill_up(small_disk)
        notes = screen.form.inputs["notes"]
        notes.setPlainText("Visits on Tuesdays. " * 20_000)  # pasted: 400 KB the disk lacks
        press(qtbot, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)

        box = wait_for_message_box(qtbot)
        assert box.text().startswith("the disk is full: nothing was changed")
        box.accept()
        assert get_person(db, person.id).notes == ""
    finally:
        db.close()


def test_a_backup_onto_a_full_disk_says_so_and_leaves_no_partial_file(
    qtbot: QtBot, started_window: StartedWindow, sign_in: SignIn, small_disk: Path
) -> None:
    db = sign_in("ada")
    choose_backup_folder(db, small_disk)
    fill_up(small_disk)
    window = started_window(db)
    tab = backups_tab(qtbot, window)

    press(qtbot, Qt.Key.Key_N, ALT)  # Back up now
    box = wait_for_message_box(qtbot)
    assert box.text().startswith("the disk is full: nothing was changed")
    box.accept()
    assert [p.name for p in small_disk.iterdir()] == ["ballast"]
    assert tab.now_button.isEnabled()

    assert window.backups.check(datetime.now() + timedelta(hours=4))  # the automatic one
    qtbot.waitUntil(lambda: window.backup_warning.isVisible())
    assert window.backup_warning.text().startswith(
        "\N{WARNING SIGN} The automatic backup failed: the disk is full: nothing was changed"
    )
    assert window.backup_warning.text().endswith("ncdesk will try again.")
    assert [p.name for p in small_disk.iterdir()] == ["ballast"]


def test_everything_we_hold_into_a_read_only_folder_says_so_and_writes_nothing(
    qtbot: QtBot,
    make_window: MakeWindow,
    empty_db: Database,
    read_only_folder: ReadOnly,
) -> None:
    folder, make_read_only = read_only_folder
    make_read_only()
    person = add_person(empty_db, PersonDetails(first_name="Peregrine", last_name="Ashdown"))
    screen = open_person(qtbot, make_window(empty_db), person)

    screen.rights.export_to(folder)  # the folder the folder dialog hands back

    box = wait_for_message_box(qtbot)
    assert box.text() == f"ncdesk cannot write to {folder}: nothing was changed"
    box.accept()
    assert list(folder.iterdir()) == []
    assert screen.rights.export_button.isEnabled()


def test_a_database_in_a_read_only_folder_is_refused_plainly_at_start_up(
    qtbot: QtBot, start_on: StartOn, accounts_path: Path, read_only_folder: ReadOnly
) -> None:
    folder, make_read_only = read_only_folder
    path = copy_database(accounts_path, folder / "desk.db")
    before = path.read_bytes()
    make_read_only()

    startup = start_on(path)
    refusal = f"ncdesk cannot write to {folder}: the folder or the database file is read-only"
    if databases.ENCRYPTED:  # the key file is read first: the refusal comes at sign-in
        dialog = wait_for_sign_in(qtbot, startup)
        sign_in_with_keys(qtbot, "ada")
        qtbot.waitUntil(lambda: refusal in dialog.form.message.text())
    else:
        box = wait_for_message_box(qtbot)
        assert box.text().startswith(refusal)
        with qtbot.waitSignal(startup.stopped) as stopped:
            box.accept()
        assert stopped.args == [1]
    assert startup.window is None
    assert path.read_bytes() == before
