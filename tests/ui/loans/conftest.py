"""The Loans area on the small demo, opened as a user opens it, and keys typed where the
keyboard focus is."""

from __future__ import annotations

from pathlib import Path
from typing import TypeVar

import pytest
import shiboken6
from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QFileDialog,
    QLineEdit,
    QMainWindow,
    QWidget,
)
from pytestqt.qtbot import QtBot

from ncdesk.ui.loans.loans_screen import LoansScreen
from ncdesk.ui.main_window import MainWindow
from tests.ui.helpers import focused

D = TypeVar("D", bound=QDialog)


def loans_area(window: MainWindow) -> LoansScreen:
    screen = window.area(LoansScreen)
    assert screen is not None, "no Loans area in the main window"
    return screen


def open_loans(qtbot: QtBot, window: MainWindow) -> LoansScreen:
    """Go to the Loans area with its Go-menu shortcut and wait for the items list."""
    row = window.area_row(LoansScreen)
    assert row is not None, "no Loans area in the main window"
    qtbot.keyClick(window, Qt.Key(Qt.Key.Key_1 + row), Qt.KeyboardModifier.ControlModifier)
    screen = loans_area(window)
    qtbot.waitUntil(lambda: screen.isVisible() and not screen.items.is_loading())
    qtbot.waitUntil(lambda: screen.items.model.total() > 0)
    # Built on this first visit: everything it asked for at its start is in.
    qtbot.waitUntil(lambda: not screen._ctx.tasks.busy())
    return screen


@pytest.fixture
def loans(qtbot: QtBot, demo_window: MainWindow) -> LoansScreen:
    return open_loans(qtbot, demo_window)


def keyboard_focus(qtbot: QtBot) -> QWidget:
    """Where a key pressed now goes. On a desktop, closing a dialog hands activation back to
    the window beneath; the offscreen platform leaves no window active, so do what a desktop
    would."""

    def has_focus() -> bool:
        widget = QApplication.focusWidget()
        return widget is not None and widget.isVisible()

    if not has_focus():
        beneath = QApplication.activeModalWidget() or next(
            w
            for w in QApplication.topLevelWidgets()
            if isinstance(w, QMainWindow) and w.isVisible()
        )
        beneath.activateWindow()
        qtbot.waitUntil(has_focus)
    return focused()


def type_keys(qtbot: QtBot, text: str) -> None:
    qtbot.keyClicks(keyboard_focus(qtbot), text)


def press(
    qtbot: QtBot, key: Qt.Key, modifier: Qt.KeyboardModifier = Qt.KeyboardModifier.NoModifier
) -> None:
    qtbot.keyClick(keyboard_focus(qtbot), key, modifier)


def alt(qtbot: QtBot, letter: str) -> None:
    """Alt+letter: a button's or a field's underlined letter."""
    press(qtbot, Qt.Key(ord(letter.upper())), Qt.KeyboardModifier.AltModifier)


def go_to_tab(qtbot: QtBot, number: int) -> None:
    """Alt+1 … Alt+7: the Loans area's tabs."""
    press(qtbot, Qt.Key(Qt.Key.Key_0 + number), Qt.KeyboardModifier.AltModifier)


def open_dialog(qtbot: QtBot, kind: type[D]) -> D:
    """The dialog of this kind now open, once it has the keyboard."""
    found: list[D] = []

    def shown() -> bool:
        found[:] = [
            w for w in QApplication.topLevelWidgets() if isinstance(w, kind) and w.isVisible()
        ]
        return bool(found)

    qtbot.waitUntil(shown)
    dialog = found[-1]
    if not dialog.isActiveWindow():
        dialog.activateWindow()
    qtbot.waitUntil(
        lambda: (
            QApplication.focusWidget() is not None
            and dialog.isAncestorOf(QApplication.focusWidget())
        )
    )
    return dialog


def wait_closed(qtbot: QtBot, dialog: QDialog) -> None:
    """Until the dialog has closed (forms delete themselves on closing)."""
    qtbot.waitUntil(lambda: not shiboken6.isValid(dialog) or not dialog.isVisible())


def open_item(qtbot: QtBot, screen: LoansScreen, ref: str) -> None:
    """Type (or scan) a reference into the item field and press Enter, as at the desk."""
    screen.find_item()
    type_keys(qtbot, ref)
    press(qtbot, Qt.Key.Key_Return)
    qtbot.waitUntil(
        lambda: (
            screen.items.panel.item is not None
            and screen.items.panel.item.item_ref.upper() == ref.upper()
        )
    )


def wait_quiet(qtbot: QtBot, screen: LoansScreen) -> None:
    """Until every read and write the area asked for has come back."""
    tasks = screen._ctx.tasks
    qtbot.waitUntil(lambda: not tasks.busy())


def save_file_as(qtbot: QtBot, path: Path) -> None:
    """Answer the save dialog now open with `path`."""
    dialog = open_dialog(qtbot, QFileDialog)
    name = dialog.findChild(QLineEdit, "fileNameEdit")  # Qt's own dialog: type the name
    name.setText(str(path))
    dialog.accept()


def lend_says_why(qtbot: QtBot) -> str:
    """Press Lend (Alt+L) on the open item and read the box that says why it cannot go out;
    no lending form opens. Closes the box and returns its text."""
    from PySide6.QtWidgets import QMessageBox

    alt(qtbot, "l")
    box = open_dialog(qtbot, QMessageBox)
    text = box.text()
    press(qtbot, Qt.Key.Key_Return)
    wait_closed(qtbot, box)
    assert not any(type(w).__name__ == "LendDialog" and w.isVisible()
                   for w in QApplication.topLevelWidgets())  # fmt: skip
    return text
