"""The first-run wizard, walked by keyboard as a user would: each start (empty or demo,
encrypted or not) makes a database that opens with the admin and password typed, with the
organisation's settings; mistakes are said under their field; Back keeps what was typed;
Cancel writes nothing."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QApplication, QFileDialog, QLineEdit, QWizard
from pytestqt.qtbot import QtBot

from ncdesk.core import cipher
from ncdesk.core.reports.recovery_key import read_recovery_key_file
from ncdesk.core.security.access import Credentials, open_as
from ncdesk.core.security.keys import recovery_key_from_text
from ncdesk.core.services.logo import logo_bytes
from ncdesk.core.services.settings import get_settings
from ncdesk.ui.first_run import FirstRunWizard
from ncdesk.ui.startup import Startup
from tests.pictures import tiny_png
from tests.ui.first_run.conftest import FirstRun
from tests.ui.helpers import focused, press, type_here, wait_for_message_box

ALT = Qt.KeyboardModifier.AltModifier
PASSWORD = "tea and biscuits on Tuesday"
ORGANISATION = "Soham Good Neighbours"
needs_sqlcipher = pytest.mark.skipif(not cipher.available(), reason="no SQLCipher here")


def next_page(qtbot: QtBot, wizard: FirstRunWizard) -> None:
    """Alt+N, as the Next button's underlined letter says."""
    page = wizard.currentId()
    press(qtbot, Qt.Key.Key_N, ALT)
    qtbot.waitUntil(lambda: wizard.currentId() != page)
    if wizard.currentPage() is not wizard.summary:  # which has nothing to type into
        qtbot.waitUntil(lambda: wizard.currentPage().isAncestorOf(QApplication.focusWidget()))


def press_button(qtbot: QtBot, key: Qt.Key, done: Callable[[], bool]) -> None:
    """Alt and a button's underlined letter: Qt clicks it a moment later (it shows the
    button going down first), so wait for what the click does."""
    press(qtbot, key, ALT)
    qtbot.waitUntil(done)


def fill_organisation(qtbot: QtBot, logo: Path | None = None) -> None:
    type_here(qtbot, ORGANISATION)  # the name field has the focus
    if logo is not None:
        press(qtbot, Qt.Key.Key_L, ALT)
        type_here(qtbot, str(logo))


def fill_admin(qtbot: QtBot, again: str = PASSWORD) -> None:
    type_here(qtbot, "maria")  # the login field has the focus
    press(qtbot, Qt.Key.Key_Tab)
    type_here(qtbot, "Maria Example")
    press(qtbot, Qt.Key.Key_Tab)
    type_here(qtbot, PASSWORD)
    press(qtbot, Qt.Key.Key_Tab)
    type_here(qtbot, again)


def fill_backup_folder(qtbot: QtBot, folder: Path) -> None:
    field = focused()
    assert isinstance(field, QLineEdit)
    field.selectAll()  # as it is when the page opens
    type_here(qtbot, str(folder))


def finish(qtbot: QtBot, startup: Startup, wizard: FirstRunWizard) -> None:
    """Enter on the summary page is Finish; the window opens once the database is made."""
    assert wizard.currentPage() is wizard.summary
    press(qtbot, Qt.Key.Key_Return)
    qtbot.waitUntil(
        lambda: startup.window is not None and startup.window.isVisible(), timeout=20_000
    )
    assert startup.first_run is None  # the wizard has closed


def walk(
    qtbot: QtBot,
    wizard: FirstRunWizard,
    backups: Path,
    *,
    encrypt: bool,
    demo: bool = False,
    logo: Path | None = None,
) -> None:
    fill_organisation(qtbot, logo)
    next_page(qtbot, wizard)
    fill_admin(qtbot)
    next_page(qtbot, wizard)
    if encrypt:
        kept = wizard.encryption.kept  # I have saved or printed the recovery key…
        press_button(qtbot, Qt.Key.Key_K, kept.isChecked)
    else:
        box = wizard.encryption.encrypt
        press_button(qtbot, Qt.Key.Key_E, lambda: not box.isChecked())
        assert wizard.encryption.warning.isVisible()
        assert "will not be encrypted" in wizard.encryption.warning.text()
    next_page(qtbot, wizard)
    fill_backup_folder(qtbot, backups)
    next_page(qtbot, wizard)
    if demo:
        press_button(qtbot, Qt.Key.Key_D, wizard.start.demo.isChecked)
    next_page(qtbot, wizard)


def plain_rows(path: Path, query: str) -> list[tuple[object, ...]]:
    with sqlite3.connect(path) as connection:
        return connection.execute(query).fetchall()


@pytest.fixture
def backups(tmp_path: Path) -> Path:
    folder = tmp_path / "USB stick"
    folder.mkdir()
    return folder


@needs_sqlcipher
def test_an_encrypted_empty_start_opens_signed_in_as_the_new_admin(
    qtbot: QtBot, first_run: FirstRun, tmp_path: Path, backups: Path
) -> None:
    db_file = tmp_path / "ours" / "ncdesk.db"
    logo = tmp_path / "logo.png"
    Path(logo).write_bytes(tiny_png())
    startup, wizard = first_run(db_file)
    walk(qtbot, wizard, backups, encrypt=True, logo=logo)
    summary = wizard.summary.summary.text()
    assert ORGANISATION in summary and "maria (Maria Example)" in summary
    assert "Encrypted" in summary and str(backups) in summary
    assert not db_file.parent.exists()  # nothing is written before Finish

    finish(qtbot, startup, wizard)

    window = startup.window
    assert window is not None
    qtbot.waitUntil(
        lambda: window.windowTitle() == f"ncdesk — {ORGANISATION} — Maria Example (admin)"
    )
    qtbot.waitUntil(lambda: window.people_status.text() == "0 people")
    with pytest.raises(sqlite3.DatabaseError):
        plain_rows(db_file, "SELECT * FROM sqlite_master")
    db = open_as(db_file, Credentials("maria", PASSWORD))
    try:
        settings = get_settings(db)
        assert (settings.organisation_name, settings.backup_folder) == (ORGANISATION, str(backups))
        assert logo_bytes(settings) == Path(logo).read_bytes()  # kept in the database
    finally:
        db.close()


@needs_sqlcipher
def test_the_recovery_key_pdf_saved_from_the_wizard_holds_the_key_shown(
    qtbot: QtBot, first_run: FirstRun, tmp_path: Path
) -> None:
    startup, wizard = first_run(tmp_path / "ncdesk.db")
    fill_organisation(qtbot)
    next_page(qtbot, wizard)
    fill_admin(qtbot)
    next_page(qtbot, wizard)
    next_button = wizard.button(QWizard.WizardButton.NextButton)
    assert not next_button.isEnabled()  # not before the key is kept

    press(qtbot, Qt.Key.Key_S, ALT)  # Save recovery key PDF… (a file dialog opens)
    qtbot.waitUntil(lambda: isinstance(QApplication.activeModalWidget(), QFileDialog))
    chooser = QApplication.activeModalWidget()
    chooser.activateWindow()
    qtbot.waitUntil(lambda: QGuiApplication.focusWindow() is chooser.windowHandle())
    name_field = next(e for e in chooser.findChildren(QLineEdit) if e.isVisible())
    name_field.setFocus()
    name_field.clear()
    qtbot.keyClicks(name_field, str(tmp_path / "key.pdf"))
    qtbot.keyClick(name_field, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: "Saved to" in wizard.encryption.saved_note.text(), timeout=10_000)

    shown = wizard.encryption.key_text.text()
    saved = read_recovery_key_file(tmp_path / "key.pdf")
    assert recovery_key_from_text(saved) == recovery_key_from_text(shown)
    wizard.activateWindow()
    qtbot.waitUntil(lambda: wizard.isAncestorOf(QApplication.focusWidget()))
    press_button(qtbot, Qt.Key.Key_K, next_button.isEnabled)

    # Cancel: no database was made, so the key it holds opens nothing and it goes too.
    with qtbot.waitSignal(startup.stopped):
        press(qtbot, Qt.Key.Key_Escape)
    assert not (tmp_path / "key.pdf").exists()
    assert not (tmp_path / "ncdesk.db").exists()


@needs_sqlcipher
def test_a_recovery_key_saved_before_encryption_was_unticked_is_removed_at_finish(
    qtbot: QtBot, first_run: FirstRun, tmp_path: Path, backups: Path
) -> None:
    startup, wizard = first_run(tmp_path / "ncdesk.db")
    key_pdf = tmp_path / "key.pdf"
    wizard.encryption.save_to(key_pdf)  # as Save recovery key PDF… does (dialog tested above)
    qtbot.waitUntil(lambda: "Saved to" in wizard.encryption.saved_note.text(), timeout=10_000)
    assert key_pdf.exists()
    walk(qtbot, wizard, backups, encrypt=False)
    finish(qtbot, startup, wizard)
    assert not key_pdf.exists()  # the database is plain: the key unlocks nothing


def test_an_unencrypted_demo_start_opens_with_the_made_up_people(
    qtbot: QtBot, first_run: FirstRun, tmp_path: Path, backups: Path
) -> None:
    db_file = tmp_path / "ncdesk.db"
    startup, wizard = first_run(db_file)
    walk(qtbot, wizard, backups, encrypt=False, demo=True)
    assert "Not encrypted" in wizard.summary.summary.text()

    finish(qtbot, startup, wizard)

    window = startup.window
    assert window is not None
    qtbot.waitUntil(lambda: window.people_status.text() == "150 people")
    assert ORGANISATION in window.windowTitle() and "Maria Example" in window.windowTitle()
    assert plain_rows(db_file, "SELECT login, role FROM user_account") == [("maria", "admin")]
    db = open_as(db_file, Credentials("maria", PASSWORD))
    try:
        assert get_settings(db).backup_folder == str(backups)
    finally:
        db.close()


def test_an_unencrypted_empty_start_keeps_the_standard_backup_folder(
    qtbot: QtBot, first_run: FirstRun, tmp_path: Path
) -> None:
    db_file = tmp_path / "ncdesk.db"
    startup, wizard = first_run(db_file)
    fill_organisation(qtbot)
    next_page(qtbot, wizard)
    fill_admin(qtbot)
    next_page(qtbot, wizard)
    encrypt = wizard.encryption.encrypt
    press_button(qtbot, Qt.Key.Key_E, lambda: not encrypt.isChecked())
    for _page in range(3):  # the suggested backup folder, an empty start, the summary
        next_page(qtbot, wizard)

    finish(qtbot, startup, wizard)

    assert plain_rows(db_file, "SELECT value FROM setting WHERE key = 'backup_folder'") == [("",)]
    assert startup.window is not None
    qtbot.waitUntil(lambda: startup.window.people_status.text() == "0 people")


def test_mistakes_are_said_under_their_field_and_next_waits(
    qtbot: QtBot, first_run: FirstRun, tmp_path: Path
) -> None:
    _startup, wizard = first_run(tmp_path / "ncdesk.db")
    said = wizard.organisation.errors.message
    press_button(qtbot, Qt.Key.Key_N, lambda: said("organisation_name") != "")
    assert wizard.currentPage() is wizard.organisation
    assert "Type your organisation's name" in said("organisation_name")
    fill_organisation(qtbot, tmp_path / "no such logo.png")
    press_button(qtbot, Qt.Key.Key_N, lambda: said("logo_path") != "")
    assert "There is no file" in said("logo_path")
    focused().clear()  # the focus went to the logo
    next_page(qtbot, wizard)

    fill_admin(qtbot, again="tea and biscuits on Monday")
    press_button(qtbot, Qt.Key.Key_N, lambda: wizard.admin.errors.message("again") != "")
    assert wizard.currentPage() is wizard.admin
    assert "not the same" in wizard.admin.errors.message("again")
    assert wizard.admin.strength.text() == "Strength: Strong"
    wizard.admin.password.setFocus()
    wizard.admin.password.clear()
    type_here(qtbot, "short")
    assert wizard.admin.strength.text().startswith("Strength: Too short")
    press(qtbot, Qt.Key.Key_Return)  # Enter is Next
    assert "at least 10 characters" in wizard.admin.errors.message("password")
    wizard.admin.password.clear()
    type_here(qtbot, "tea and biscuits on Monday")
    next_page(qtbot, wizard)

    encrypt = wizard.encryption.encrypt
    press_button(qtbot, Qt.Key.Key_E, lambda: not encrypt.isChecked())
    next_page(qtbot, wizard)
    fill_backup_folder(qtbot, tmp_path / "stick not plugged in")
    said = wizard.backups.errors.message
    press_button(qtbot, Qt.Key.Key_N, lambda: said("backup_folder") != "")
    assert wizard.currentPage() is wizard.backups
    assert "is not there" in said("backup_folder")


def test_back_keeps_what_was_typed(
    qtbot: QtBot, first_run: FirstRun, tmp_path: Path, backups: Path
) -> None:
    _startup, wizard = first_run(tmp_path / "ncdesk.db")
    walk(qtbot, wizard, backups, encrypt=False, demo=True)
    for page in range(5, 0, -1):
        press_button(qtbot, Qt.Key.Key_B, lambda page=page: wizard.currentId() == page - 1)
    assert wizard.currentPage() is wizard.organisation
    assert wizard.organisation.organisation_name.text() == ORGANISATION
    assert wizard.admin.login.text() == "maria"
    assert wizard.admin.password.text() == wizard.admin.again.text() == PASSWORD
    assert not wizard.encryption.encrypt.isChecked()
    assert wizard.backups.folder.text() == str(backups)
    assert wizard.start.demo.isChecked()
    for _page in range(5):
        next_page(qtbot, wizard)
    assert wizard.currentPage() is wizard.summary


def test_cancel_on_the_summary_quits_and_writes_nothing(
    qtbot: QtBot, first_run: FirstRun, tmp_path: Path, backups: Path
) -> None:
    folder = tmp_path / "ours"
    startup, wizard = first_run(folder / "ncdesk.db")
    walk(qtbot, wizard, backups, encrypt=True)
    with qtbot.waitSignal(startup.stopped) as stopped:
        press(qtbot, Qt.Key.Key_Escape)
    assert stopped.args == [0]
    assert startup.window is None
    assert not folder.exists()
    assert list(backups.iterdir()) == []


def test_cancelling_while_demo_people_are_made_leaves_nothing_and_stays_open(
    qtbot: QtBot, first_run: FirstRun, tmp_path: Path, backups: Path
) -> None:
    folder = tmp_path / "ours"
    startup, wizard = first_run(folder / "ncdesk.db")
    walk(qtbot, wizard, backups, encrypt=False, demo=True)
    press(qtbot, Qt.Key.Key_Return)  # Finish
    assert wizard.working()
    press(qtbot, Qt.Key.Key_Escape)  # Cancel stops the work, not the wizard

    qtbot.waitUntil(lambda: not wizard.working(), timeout=20_000)
    if startup.window is not None:
        pytest.skip("the demo people were made before the cancel arrived")
    assert wizard.isVisible() and wizard.currentPage() is wizard.summary
    assert "nothing was made" in wizard.summary.status.text()
    assert not folder.exists()


def test_the_logo_is_previewed_and_a_file_that_is_not_a_picture_is_refused(
    qtbot: QtBot, first_run: FirstRun, tmp_path: Path
) -> None:
    _startup, wizard = first_run(tmp_path / "ncdesk.db")
    page = wizard.organisation
    logo = tmp_path / "logo.png"
    logo.write_bytes(tiny_png())
    fill_organisation(qtbot, logo)
    assert not page.preview.pixmap().isNull()

    (tmp_path / "minutes.png").write_text("not a picture at all")
    focused().clear()
    type_here(qtbot, str(tmp_path / "minutes.png"))
    assert page.preview.text() == "(no picture to show)"
    press_button(qtbot, Qt.Key.Key_N, lambda: page.errors.message("logo_path") != "")
    assert "not a PNG or JPEG picture" in page.errors.message("logo_path")
    assert wizard.currentPage() is page


def test_a_failure_at_finish_is_said_plainly_and_leaves_no_file(
    qtbot: QtBot, first_run: FirstRun, tmp_path: Path, backups: Path
) -> None:
    folder = tmp_path / "ours"
    startup, wizard = first_run(folder / "ncdesk.db")
    walk(qtbot, wizard, backups, encrypt=False)
    backups.rmdir()  # the USB stick is pulled out before Finish

    press(qtbot, Qt.Key.Key_Return)  # Finish
    box = wait_for_message_box(qtbot)
    assert box.text() == (
        f"{backups} is not there: plug in the USB stick or choose another folder."
    )
    box.close()
    assert startup.window is None
    assert wizard.isVisible() and wizard.currentPage() is wizard.summary
    assert "Nothing was made" in wizard.summary.status.text()
    assert not folder.exists()


def test_an_import_start_opens_the_window_with_the_import_wizard(
    qtbot: QtBot, first_run: FirstRun, tmp_path: Path
) -> None:
    from ncdesk.ui.imports.import_wizard import ImportWizard

    db_file = tmp_path / "ncdesk.db"
    startup, wizard = first_run(db_file)
    fill_organisation(qtbot)
    next_page(qtbot, wizard)
    fill_admin(qtbot)
    next_page(qtbot, wizard)
    encrypt = wizard.encryption.encrypt
    press_button(qtbot, Qt.Key.Key_E, lambda: not encrypt.isChecked())
    for _page in range(2):  # the encryption page, the suggested backup folder
        next_page(qtbot, wizard)
    press_button(qtbot, Qt.Key.Key_I, wizard.start.spreadsheets.isChecked)
    next_page(qtbot, wizard)
    assert "import wizard" in wizard.summary.summary.text()

    finish(qtbot, startup, wizard)

    window = startup.window
    assert window is not None
    qtbot.waitUntil(lambda: any(w.isVisible() for w in window.findChildren(ImportWizard)))
    qtbot.waitUntil(lambda: window.people_status.text() == "0 people")
    importing = next(w for w in window.findChildren(ImportWizard) if w.isVisible())
    qtbot.keyClick(importing, Qt.Key.Key_Escape)  # not now: the empty database stays
    qtbot.waitUntil(lambda: not importing.isVisible())
