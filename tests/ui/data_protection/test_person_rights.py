"""On a person's page: Everything we hold… writes the PDF and JSON into a chosen folder and
says where (audited); Erase… asks once, clearly, and erases only after their reference is
typed; each is shown only to the roles the core lets use it."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest
import shiboken6
from PySide6.QtCore import Qt, QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QApplication, QFileDialog, QLineEdit
from pytestqt.qtbot import QtBot

from ncdesk.core.db import Database
from ncdesk.core.security.trail import audit_entries
from ncdesk.core.services.people import PersonRecord, add_person, get_person
from ncdesk.core.services.person_fields import PersonDetails
from ncdesk.ui.main_window import MainWindow
from ncdesk.ui.people.erase_dialog import EraseDialog
from ncdesk.ui.people.export_done import ExportDone
from ncdesk.ui.people.people_screen import PeopleScreen
from tests.ui.conftest import SignIn
from tests.ui.helpers import focused, listed_names, people_screen, press, search_for, type_here

ALT = Qt.KeyboardModifier.AltModifier
WindowAs = Callable[[str], MainWindow]


def someone(db: Database) -> PersonRecord:
    return add_person(
        db,
        PersonDetails(
            first_name="Wilhelmina",
            last_name="Quarrington",
            phone="01353 960123",
            postcode="CB7 4ZZ",
            notes="Prefers mornings",
        ),
    )


def open_person(qtbot: QtBot, window: MainWindow, person: PersonRecord) -> PeopleScreen:
    screen = people_screen(window)
    search_for(qtbot, screen.finder, person.person_ref)
    qtbot.keyClick(screen.finder.search, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: screen.person is not None and screen.person.id == person.id)
    return screen


def modal(qtbot: QtBot, kind: type) -> object:
    qtbot.waitUntil(lambda: isinstance(QApplication.activeModalWidget(), kind))
    dialog = QApplication.activeModalWidget()
    dialog.activateWindow()
    qtbot.waitUntil(lambda: dialog.isAncestorOf(QApplication.focusWidget()))
    return dialog


def test_each_role_sees_only_what_the_core_lets_it_do(window_as: WindowAs) -> None:
    for login, export, erase in (("vic", False, False), ("cody", True, False), ("ada", True, True)):
        rights = people_screen(window_as(login)).rights
        assert (rights.export_button.isVisibleTo(rights.window()), login) == (export, login)
        assert (rights.erase_button.isVisibleTo(rights.window()), login) == (erase, login)


def test_everything_we_hold_writes_the_pdf_and_json_and_says_where(
    qtbot: QtBot,
    window_as: WindowAs,
    sign_in: SignIn,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    person = someone(sign_in("ada"))
    window = window_as("cody")
    screen = open_person(qtbot, window, person)
    folder = tmp_path / "for the request"
    folder.mkdir()

    press(qtbot, Qt.Key.Key_W, ALT)  # Everything we hold…
    chooser = modal(qtbot, QFileDialog)
    assert isinstance(chooser, QFileDialog)
    name_field = next(e for e in chooser.findChildren(QLineEdit) if e.isVisible())
    name_field.setFocus()
    name_field.clear()
    qtbot.keyClicks(name_field, str(folder))
    qtbot.keyClick(name_field, Qt.Key.Key_Return)

    box = modal(qtbot, ExportDone)
    assert isinstance(box, ExportDone)
    said = box.message.text()
    assert f"Everything we hold about {person.person_ref} is written" in said
    assert str(folder) in said
    [pdf] = folder.glob(f"{person.person_ref}-subject-access-*.pdf")
    [data] = folder.glob(f"{person.person_ref}-subject-access-*.json")
    assert pdf.read_bytes().startswith(b"%PDF")
    held = json.loads(data.read_text(encoding="utf-8"))
    assert held["person_ref"] == person.person_ref and held["made_by"] == "cody"
    assert held["details"]["Notes"] == "Prefers mornings"
    assert pdf.name in said and data.name in said and "Read the PDF before you send it" in said
    assert screen.feedback.text() == f"Written to {folder}."

    opened: list[QUrl] = []
    monkeypatch.setattr(QDesktopServices, "openUrl", lambda url: opened.append(url) or True)
    press(qtbot, Qt.Key.Key_O, ALT)  # Open the folder
    qtbot.waitUntil(lambda: opened != [])
    assert opened == [QUrl.fromLocalFile(str(folder))]

    [entry] = audit_entries(sign_in("ada"), action="person export")
    assert (entry.actor, entry.entity_id, entry.detail) == ("cody", person.id, person.person_ref)


def test_erasing_needs_the_reference_typed_then_the_record_shows_as_erased(
    qtbot: QtBot, window_as: WindowAs, sign_in: SignIn
) -> None:
    person = someone(sign_in("ada"))
    window = window_as("ada")
    screen = open_person(qtbot, window, person)

    screen.rights.erase_button.setFocus()
    press(qtbot, Qt.Key.Key_Space)  # Erase…
    dialog = modal(qtbot, EraseDialog)
    assert isinstance(dialog, EraseDialog)
    text = dialog.explanation.text()
    assert "Erase everything that identifies Wilhelmina Quarrington" in text
    assert "What goes:" in text and "What stays:" in text and "cannot be undone" in text
    assert focused() is dialog.reference and not dialog.erase_button.isEnabled()

    type_here(qtbot, person.person_ref[:-1])  # not all of it
    press(qtbot, Qt.Key.Key_Return)
    qtbot.wait(100)
    assert dialog.isVisible() and not dialog.erase_button.isEnabled()
    assert get_person(sign_in("ada"), person.id).erased_at is None

    dialog.reference.clear()
    type_here(qtbot, person.person_ref.lower())  # the case does not matter
    assert dialog.erase_button.isEnabled()
    press(qtbot, Qt.Key.Key_Return)

    qtbot.waitUntil(lambda: screen.person is not None and screen.person.erased_at is not None)
    erased = screen.person
    assert erased is not None and erased.person_ref.startswith("E")
    assert screen.heading.text() == f"<b>(erased) — {erased.person_ref}</b>"
    assert screen.feedback.text() == (
        f"{person.person_ref} is erased; the anonymous record that keeps the figures is "
        f"{erased.person_ref}."
    )
    assert screen.form.reference.text() == erased.person_ref
    assert not screen.rights.erase_button.isEnabled()
    after = get_person(sign_in("ada"), person.id)
    assert (after.phone, after.notes, after.postcode) == (None, "", "CB7")
    qtbot.waitUntil(lambda: "Wilhelmina Quarrington" not in listed_names(screen.finder))
    assert search_for(qtbot, screen.finder, "quarrington") == []


def test_escape_leaves_the_person_as_they_were(
    qtbot: QtBot, window_as: WindowAs, sign_in: SignIn
) -> None:
    person = someone(sign_in("ada"))
    screen = open_person(qtbot, window_as("ada"), person)
    screen.rights.erase_button.setFocus()
    press(qtbot, Qt.Key.Key_Space)
    dialog = modal(qtbot, EraseDialog)
    type_here(qtbot, person.person_ref)
    press(qtbot, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: not shiboken6.isValid(dialog) or not dialog.isVisible())
    qtbot.wait(100)
    assert get_person(sign_in("ada"), person.id).erased_at is None
    assert screen.person is not None and screen.person.person_ref == person.person_ref
