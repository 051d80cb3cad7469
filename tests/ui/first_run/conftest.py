"""Start-ups on a database that is not there yet, so the first-run wizard shows; closed down
(wizard, window, database) after each test."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
import shiboken6
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QApplication, QDialog
from pytestqt.qtbot import QtBot

from ncdesk.ui.common.tasks import TaskRunner
from ncdesk.ui.first_run import FirstRunWizard
from ncdesk.ui.startup import Startup


@pytest.fixture
def started(qtbot: QtBot, tasks: TaskRunner) -> Iterator[list[Startup]]:
    made: list[Startup] = []
    yield made
    for startup in made:
        wizard = startup.first_run
        if wizard is not None and shiboken6.isValid(wizard) and wizard.isVisible():
            wizard.blockSignals(True)  # a wizard left open would take later tests' keys
            wizard.close()
        if startup.window is not None and shiboken6.isValid(startup.window):
            startup.window.close_without_backup()
    for box in QApplication.topLevelWidgets():  # message boxes, the import wizard...
        if isinstance(box, QDialog) and box.isVisible():
            box.close()
    tasks.wait_for_done()
    for startup in made:
        startup.close()


FirstRun = Callable[[Path], tuple[Startup, FirstRunWizard]]


@pytest.fixture
def first_run(qtbot: QtBot, started: list[Startup], tasks: TaskRunner) -> FirstRun:
    """Start ncdesk on `path` (not there yet): the wizard, with the keyboard in it."""

    def start(path: Path) -> tuple[Startup, FirstRunWizard]:
        startup = Startup(str(path), False, tasks)
        started.append(startup)
        startup.start()
        wizard = startup.first_run
        assert isinstance(wizard, FirstRunWizard) and wizard.isVisible()
        wizard.activateWindow()  # the offscreen platform gives a new window no keyboard
        qtbot.waitUntil(lambda: wizard.isAncestorOf(QApplication.focusWidget()))
        # Shortcuts (Alt+N…) go to the focus window, which follows a moment later.
        qtbot.waitUntil(lambda: QGuiApplication.focusWindow() is wizard.windowHandle())
        return startup, wizard

    return start
