"""Start-ups that sign in, and windows opened signed in as one of the demo's accounts."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
import shiboken6
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QMessageBox
from pytestqt.qtbot import QtBot

from ncdesk.ui.access.sign_in_dialog import SignInDialog
from ncdesk.ui.common.tasks import TaskRunner
from ncdesk.ui.startup import Startup
from tests.ui.accounts import PASSWORD


@pytest.fixture
def started(qtbot: QtBot, tasks: TaskRunner) -> Iterator[list[Startup]]:
    """Start-ups made by a test, closed down (windows, databases) afterwards."""
    made: list[Startup] = []
    yield made
    for startup in made:
        dialog = startup.sign_in
        if dialog is not None and shiboken6.isValid(dialog) and dialog.isVisible():
            dialog.blockSignals(True)  # a dialog left open would take later tests' keys
            dialog.close()
        if startup.window is not None and shiboken6.isValid(startup.window):
            startup.window.close_without_backup()
    for box in QApplication.topLevelWidgets():
        if isinstance(box, QMessageBox) and box.isVisible():
            box.close()  # a note after encrypting, say
    tasks.wait_for_done()
    for startup in made:
        startup.close()


StartOn = Callable[[Path], Startup]


@pytest.fixture
def start_on(started: list[Startup], tasks: TaskRunner) -> StartOn:
    def start(path: Path) -> Startup:
        startup = Startup(str(path), False, tasks)
        started.append(startup)
        startup.start()
        return startup

    return start


def wait_for_sign_in(qtbot: QtBot, startup: Startup) -> SignInDialog:
    qtbot.waitUntil(lambda: startup.sign_in is not None and startup.sign_in.isVisible())
    dialog = startup.sign_in
    assert dialog is not None
    dialog.activateWindow()  # the offscreen platform gives a new dialog no keyboard
    qtbot.waitUntil(lambda: dialog.isAncestorOf(QApplication.focusWidget()))
    return dialog


def sign_in_with_keys(qtbot: QtBot, login: str, password: str = PASSWORD) -> None:
    """Type into the focused login field, Tab, the password, Enter: as a user does."""
    focused = QApplication.focusWidget()
    assert focused is not None
    qtbot.keyClicks(focused, login)
    qtbot.keyClick(focused, Qt.Key.Key_Tab)
    password_field = QApplication.focusWidget()
    assert password_field is not None
    qtbot.keyClicks(password_field, password)
    qtbot.keyClick(password_field, Qt.Key.Key_Return)
