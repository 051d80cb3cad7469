"""Fixtures for the Timebank screens: the main window on the small demo, opened on this area."""

from __future__ import annotations

from datetime import timedelta

import pytest
import shiboken6
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QDialog, QMainWindow, QWidget
from pytestqt.qtbot import QtBot

from ncdesk.core.parsing import format_date, today
from ncdesk.ui.main_window import MainWindow
from ncdesk.ui.timebank.timebank_screen import TimebankScreen
from tests.ui.helpers import focused


def open_timebank(qtbot: QtBot, window: MainWindow) -> TimebankScreen:
    """Go to the Timebank area as a user would (Ctrl+its number, from the Go menu) and wait
    for its first lists to arrive."""
    row = window.area_row(TimebankScreen)
    assert row is not None, "no Timebank area in the main window"
    press_key(qtbot, Qt.Key(Qt.Key.Key_1.value + row), Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: window.stack.currentIndex() == row)
    screen = window.stack.currentWidget()
    assert isinstance(screen, TimebankScreen)
    qtbot.waitUntil(
        lambda: screen.directory.is_loaded and not screen.ledger.is_loading(), timeout=30_000
    )
    # Built on this first visit: everything it asked for at its start is in.
    qtbot.waitUntil(lambda: not screen._ctx.tasks.busy(), timeout=30_000)
    return screen


@pytest.fixture
def timebank(qtbot: QtBot, demo_window: MainWindow) -> TimebankScreen:
    return open_timebank(qtbot, demo_window)


@pytest.fixture
def yesterday() -> str:
    return format_date(today() - timedelta(days=1))


def keyboard_focus(qtbot: QtBot) -> QWidget:
    """Where a key pressed now goes. On a desktop, closing a popup (a completer's list of
    names) or a dialog hands activation back to the window beneath; the offscreen platform
    leaves no window active, so do what the desktop would."""

    def has_focus() -> bool:
        widget = QApplication.focusWidget()
        return widget is not None and widget.isVisible()  # not in a dialog just closed

    if not has_focus():
        shown = [w for w in QApplication.topLevelWidgets() if w.isVisible()]
        main = next(w for w in shown if isinstance(w, QMainWindow))
        # A dialog of the window under test, else the window itself (not some other
        # test's leftover).
        owned = [w for w in shown if isinstance(w, QDialog) and w.parentWidget() is not None]
        (owned[-1] if owned else main).activateWindow()
        qtbot.waitUntil(has_focus)
    return focused()


def type_keys(qtbot: QtBot, text: str) -> None:
    """Type `text` one key at a time into whatever has the focus at each key, as a keyboard
    does (a grid hands the keys to the cell editor it opens on the first one)."""
    for char in text:
        qtbot.keyClicks(keyboard_focus(qtbot), char)


def press_key(
    qtbot: QtBot, key: Qt.Key, modifier: Qt.KeyboardModifier = Qt.KeyboardModifier.NoModifier
) -> None:
    """Press a key where the focus is."""
    qtbot.keyClick(keyboard_focus(qtbot), key, modifier)


def active_dialog(qtbot: QtBot, kind: type[QDialog]) -> QDialog:
    """The dialog of this kind now open, once it has the keyboard."""
    found: list[QDialog] = []

    def shown() -> bool:
        found[:] = [w for w in QApplication.allWidgets() if isinstance(w, kind) and w.isVisible()]
        return bool(found)

    qtbot.waitUntil(shown)
    qtbot.waitUntil(lambda: QApplication.activeWindow() is found[-1])
    return found[-1]


def closed(dialog: QDialog) -> bool:
    """Gone: closed dialogs delete themselves."""
    return not shiboken6.isValid(dialog) or not dialog.isVisible()
