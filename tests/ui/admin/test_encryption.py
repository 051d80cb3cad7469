"""Admin ▸ Encryption: says plainly whether the file is encrypted or why it cannot be, and
encrypts a plain one in the background, coming back signed in as the same admin with a word
about the recovery key and who needs a new password."""

from __future__ import annotations

from pathlib import Path

import pytest
import shiboken6
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QMessageBox
from pytestqt.qtbot import QtBot

import ncdesk.ui.admin.encryption_tab
from ncdesk.core import cipher
from ncdesk.core.db import open_database
from ncdesk.core.security.access import Credentials, open_as
from ncdesk.ui.admin.admin_screen import AdminScreen
from ncdesk.ui.admin.encryption_tab import EncryptionTab
from ncdesk.ui.main_window import MainWindow
from tests import databases
from tests.ui.access.conftest import StartOn, sign_in_with_keys, wait_for_sign_in
from tests.ui.accounts import PASSWORD, add_accounts
from tests.ui.conftest import MakeWindow, SignIn
from tests.ui.helpers import press, type_here

CTRL = Qt.KeyboardModifier.ControlModifier
ALT = Qt.KeyboardModifier.AltModifier
plain_only = pytest.mark.skipif(databases.ENCRYPTED, reason="the database is encrypted already")


def encryption_tab(qtbot: QtBot, window: MainWindow) -> EncryptionTab:
    window.activateWindow()
    qtbot.waitUntil(lambda: window.isAncestorOf(QApplication.focusWidget()))
    press(qtbot, Qt.Key.Key_7, CTRL)
    admin = window.stack.currentWidget()
    assert isinstance(admin, AdminScreen)
    press(qtbot, Qt.Key.Key_4, ALT)
    qtbot.waitUntil(lambda: admin.encryption.state.text() != "")
    return admin.encryption


def test_the_tab_says_whether_this_database_is_encrypted(
    qtbot: QtBot, make_window: MakeWindow, sign_in: SignIn
) -> None:
    tab = encryption_tab(qtbot, make_window(sign_in("ada")))
    if databases.ENCRYPTED:
        assert "This database is encrypted" in tab.state.text()
        assert "accounts.db.keys" in tab.state.text()
        assert not tab.can_encrypt()
    else:
        assert "This database is not encrypted" in tab.state.text()
        assert tab.can_encrypt() == cipher.available()


@plain_only
def test_when_sqlcipher_cannot_load_the_tab_says_so_and_offers_nothing(
    qtbot: QtBot, make_window: MakeWindow, sign_in: SignIn, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(ncdesk.ui.admin.encryption_tab.cipher, "available", lambda: False)
    tab = encryption_tab(qtbot, make_window(sign_in("ada")))
    assert "SQLCipher cannot be loaded on this PC" in tab.state.text()
    assert not tab.can_encrypt() and tab.encrypt() is None


@plain_only
@pytest.mark.skipif(not cipher.available(), reason="SQLCipher cannot be loaded here")
def test_an_admin_encrypts_the_database_and_is_back_in_signed_in(
    qtbot: QtBot, start_on: StartOn, tmp_path: Path
) -> None:
    path = tmp_path / "ours.db"
    db = open_database(path)
    add_accounts(db)
    db.close()
    startup = start_on(path)
    wait_for_sign_in(qtbot, startup)
    sign_in_with_keys(qtbot, "ada")
    qtbot.waitUntil(lambda: startup.window is not None and startup.window.isVisible())
    first = startup.window
    assert first is not None
    tab = encryption_tab(qtbot, first)
    qtbot.waitUntil(tab.can_encrypt)

    press(qtbot, Qt.Key.Key_E, ALT)
    qtbot.waitUntil(lambda: QApplication.activeModalWidget() is not None)
    dialog = QApplication.activeModalWidget()
    dialog.activateWindow()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is dialog.password)  # type: ignore[union-attr]
    key_pdf = tmp_path / "recovery key.pdf"
    dialog.key_pdf.setText(str(key_pdf))  # type: ignore[union-attr]
    type_here(qtbot, PASSWORD)
    press(qtbot, Qt.Key.Key_Return)

    qtbot.waitUntil(lambda: startup.window is not first, timeout=20_000)
    qtbot.waitUntil(lambda: not shiboken6.isValid(first))
    window = startup.window
    assert window is not None and startup.db is not None
    assert startup.db.encrypted and startup.db.user is not None
    assert startup.db.user.login == "ada"
    assert key_pdf.exists()
    box = next(
        w for w in QApplication.topLevelWidgets() if isinstance(w, QMessageBox) and w.isVisible()
    )
    assert box.text().startswith("The database is now encrypted.")
    assert "need a new password from an admin" in box.text() and "cody, vic" in box.text()
    box.accept()
    assert "This database is encrypted" in encryption_tab(qtbot, window).state.text()
    open_as(path, Credentials("ada", PASSWORD)).close()
