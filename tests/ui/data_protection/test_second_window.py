"""A second ncdesk window on a database another window on this PC has open is told so at
start-up, plainly, before anyone is asked to sign in; once the first window's app has
ended, it opens."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from ncdesk.ui.startup import Startup
from tests.ui.access.conftest import StartOn, sign_in_with_keys, wait_for_sign_in
from tests.ui.helpers import wait_for_message_box


def signed_in_window(qtbot: QtBot, start_on: StartOn, path: Path) -> Startup:
    startup = start_on(path)
    wait_for_sign_in(qtbot, startup)
    sign_in_with_keys(qtbot, "vic")
    qtbot.waitUntil(lambda: startup.window is not None and startup.window.isVisible())
    return startup


def test_a_second_window_on_the_same_database_is_refused_plainly(
    qtbot: QtBot, start_on: StartOn, accounts_path: Path
) -> None:
    path = accounts_path
    first = signed_in_window(qtbot, start_on, path)

    second = start_on(path)
    box = wait_for_message_box(qtbot)
    assert box.text() == (
        "This database is already open in another ncdesk window on this PC. Close that "
        "window first, or switch to it."
    )
    assert second.sign_in is None and second.window is None and second.db is None
    with qtbot.waitSignal(second.stopped) as stopped:
        qtbot.keyClick(box, Qt.Key.Key_Return)
    assert stopped.args == [1]
    assert first.window is not None and first.window.isVisible()

    first.window.close_without_backup()
    first.close()  # the first app has ended
    signed_in_window(qtbot, start_on, path)
