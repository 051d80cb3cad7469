"""Admin ▸ Audit trail (newest first, filtered, saved as CSV), Admin ▸ Settings, and changing
your own password from the File menu."""

from __future__ import annotations

import csv
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QFileDialog, QLineEdit, QWidget
from pytestqt.qtbot import QtBot

from ncdesk.core.db import Database
from ncdesk.core.security.access import Credentials, open_as
from ncdesk.core.services.logo import logo_bytes
from ncdesk.core.services.people import get_person, list_people, update_person
from ncdesk.core.services.person_fields import PersonDetails
from ncdesk.core.services.settings import get_settings
from ncdesk.ui.admin.admin_screen import AdminScreen
from ncdesk.ui.admin.audit_tab import AuditTab
from ncdesk.ui.main_window import MainWindow
from tests.pictures import tiny_png
from tests.ui.accounts import PASSWORD
from tests.ui.helpers import focused, press, type_here

CTRL = Qt.KeyboardModifier.ControlModifier
ALT = Qt.KeyboardModifier.AltModifier
WindowAs = Callable[[str], MainWindow]


def admin_area(qtbot: QtBot, window: MainWindow) -> AdminScreen:
    press(qtbot, Qt.Key.Key_7, CTRL)
    admin = window.stack.currentWidget()
    assert isinstance(admin, AdminScreen)
    return admin


def audit_tab(qtbot: QtBot, window: MainWindow) -> AuditTab:
    admin = admin_area(qtbot, window)
    press(qtbot, Qt.Key.Key_3, ALT)
    assert admin.tabs.currentWidget() is admin.audit
    qtbot.waitUntil(lambda: admin.audit.entries() != [] and not admin.audit.is_loading())
    return admin.audit


def test_the_audit_trail_lists_the_newest_first_and_filters_by_person(
    qtbot: QtBot, window_as: WindowAs, sign_in: Callable[[str], Database]
) -> None:
    cody = sign_in("cody")
    someone = get_person(cody, list_people(cody)[3])
    update_person(cody, someone.id, PersonDetails(phone="01353 960999", given={"phone"}))
    tab = audit_tab(qtbot, window_as("ada"))

    entries = tab.entries()
    assert [e.id for e in entries] == sorted((e.id for e in entries), reverse=True)
    assert (entries[0].actor, entries[0].action) == ("ada", "log-in")
    assert focused() is tab.person_ref
    type_here(qtbot, someone.person_ref.lower())
    press(qtbot, Qt.Key.Key_Return)

    qtbot.waitUntil(lambda: not tab.is_loading() and tab.entries()[0].actor == "cody")
    assert [(e.actor, e.action, e.what) for e in tab.entries()][:1] == [
        ("cody", "update", f"person {someone.id}")
    ]
    assert all(
        e.what == f"person {someone.id}" or someone.person_ref in e.detail for e in tab.entries()
    )
    assert tab.model.index(0, 4).data() == "phone"


def test_the_audit_trail_filters_by_user_action_and_dates(
    qtbot: QtBot, window_as: WindowAs
) -> None:
    tab = audit_tab(qtbot, window_as("ada"))
    tab.actor.setCurrentIndex(tab.actor.findText("ada"))
    tab.action.setCurrentIndex(tab.action.findText("log-in"))
    tab.start.setText("31/02/2026")
    tab.apply_filters()
    assert "does not exist" in tab.errors.message("start")

    tab.start.setText("")
    tab.apply_filters()
    qtbot.waitUntil(lambda: not tab.is_loading())
    assert {(e.actor, e.action) for e in tab.entries()} == {("ada", "log-in")}
    assert tab.count.text() in ("1 entry.", f"{len(tab.entries())} entries.")


def test_the_audit_trail_is_saved_as_csv_in_the_background(
    qtbot: QtBot, window_as: WindowAs, tmp_path: Path
) -> None:
    tab = audit_tab(qtbot, window_as("ada"))
    out = tmp_path / "trail.csv"
    tab.export(out)
    qtbot.waitUntil(lambda: tab.feedback.text().startswith("Saved"))
    with out.open(newline="", encoding="utf-8") as f:
        rows = list(csv.reader(f))
    assert rows[0] == ["When (local time)", "Who", "Action", "What", "Detail", "Entry"]
    assert len(rows) - 1 == len(tab.entries())
    assert tab.feedback.text() == f"Saved {len(rows) - 1} entries to {out}."


def test_settings_tab_changes_the_idle_minutes_the_window_locks_after(
    qtbot: QtBot, window_as: WindowAs, sign_in: Callable[[str], Database]
) -> None:
    window = window_as("ada")
    admin = admin_area(qtbot, window)
    press(qtbot, Qt.Key.Key_2, ALT)
    form = admin.settings.form
    qtbot.waitUntil(lambda: form.organisation_name.text() == "Fenland Village Care (demo)")
    form.idle_lock_minutes.setFocus()
    form.idle_lock_minutes.selectAll()
    type_here(qtbot, "3")
    press(qtbot, Qt.Key.Key_S, CTRL)

    qtbot.waitUntil(lambda: admin.settings.feedback.text() == "Settings saved.")
    assert get_settings(sign_in("cody")).idle_lock_minutes == 3
    qtbot.waitUntil(lambda: window.idle_lock.idle.minutes == 3)


def test_anyone_signed_in_changes_their_own_password(
    qtbot: QtBot, window_as: WindowAs, accounts_path: Path
) -> None:
    window = window_as("vic")
    window.password_action.trigger()
    qtbot.waitUntil(lambda: QApplication.activeModalWidget() is not None)
    dialog = QApplication.activeModalWidget()
    dialog.activateWindow()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is dialog.current)  # type: ignore[union-attr]
    type_here(qtbot, "not my password")
    for text in ("vic's second phrase", "vic's second phrase"):
        press(qtbot, Qt.Key.Key_Tab)
        type_here(qtbot, text)
    press(qtbot, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: dialog.problem("old_password") != "")  # type: ignore[union-attr]
    assert "not your current password" in dialog.problem("old_password")  # type: ignore[union-attr]

    dialog.current.setText(PASSWORD)  # type: ignore[union-attr]
    press(qtbot, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: window.statusBar().currentMessage() == "Your password is changed.")
    open_as(accounts_path, Credentials("vic", "vic's second phrase")).close()


def answer_file_box(qtbot: QtBot, parent: QWidget, path: Path) -> None:
    """Qt's own file box (not ncdesk's), opened by `parent`: the name filled in and accepted
    (typing there races its path completer)."""
    qtbot.waitUntil(lambda: any(d.isVisible() for d in parent.findChildren(QFileDialog)))
    dialog = next(d for d in parent.findChildren(QFileDialog) if d.isVisible())
    dialog.findChild(QLineEdit, "fileNameEdit").setText(str(path))
    dialog.accept()
    # A desktop gives the window back its focus as the box closes; the offscreen one not.
    parent.window().activateWindow()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is not None)


def test_the_logo_is_chosen_seen_saved_and_removed_in_the_settings(
    qtbot: QtBot, window_as: WindowAs, sign_in: Callable[[str], Database], tmp_path: Path
) -> None:
    logo = tmp_path / "logo.png"
    logo.write_bytes(tiny_png())
    not_a_picture = tmp_path / "notes.png"
    not_a_picture.write_text("minutes of the last meeting")
    window = window_as("ada")
    admin = admin_area(qtbot, window)
    press(qtbot, Qt.Key.Key_2, ALT)
    form = admin.settings.form
    qtbot.waitUntil(lambda: form.organisation_name.text() == "Fenland Village Care (demo)")
    assert form.logo_preview.text() == "No logo: returns print without one"
    assert not form.remove_logo.isEnabled()

    press(qtbot, Qt.Key.Key_P, ALT)  # Choose a picture…
    answer_file_box(qtbot, form, not_a_picture)
    qtbot.waitUntil(lambda: form.errors.message("logo_image") != "")
    assert form.errors.message("logo_image") == "⚠ The file notes.png is not a PNG or JPEG picture"
    assert form.logo_preview.pixmap().isNull()

    press(qtbot, Qt.Key.Key_P, ALT)
    answer_file_box(qtbot, form, logo)
    qtbot.waitUntil(lambda: not form.logo_preview.pixmap().isNull())
    assert form.errors.message("logo_image") == ""
    press(qtbot, Qt.Key.Key_S, CTRL)
    qtbot.waitUntil(lambda: admin.settings.feedback.text() == "Settings saved.")
    logo.unlink()  # kept in the database, not as a file
    assert logo_bytes(get_settings(sign_in("cody"))) == tiny_png()

    press(qtbot, Qt.Key.Key_R, ALT)  # Remove (a button's Alt+letter clicks it 0.1 s later)
    qtbot.waitUntil(lambda: form.logo_preview.text() == "No logo: returns print without one")
    press(qtbot, Qt.Key.Key_S, CTRL)
    qtbot.waitUntil(lambda: admin.settings.feedback.text() == "Settings saved.")
    qtbot.waitUntil(lambda: logo_bytes(get_settings(sign_in("cody"))) is None)
