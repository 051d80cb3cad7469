"""Walking the import wizard by keyboard, as the GUI tests and the screenshots do."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QWidget
from pytestqt.qtbot import QtBot

from ncdesk.ui.imports.import_wizard import ImportWizard
from ncdesk.ui.main_window import MainWindow

ALT = Qt.KeyboardModifier.AltModifier
CTRL = Qt.KeyboardModifier.ControlModifier


def focused() -> QWidget:
    widget = QApplication.focusWidget()
    assert widget is not None, "nothing has the keyboard focus"
    return widget


def open_wizard(qtbot: QtBot, window: MainWindow) -> ImportWizard:
    """Ctrl+I in the main window; the wizard opens with the keyboard in its first field."""
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    qtbot.keyClick(window, Qt.Key.Key_I, CTRL)
    wizards: list[ImportWizard] = []

    def opened() -> bool:
        wizards[:] = [w for w in window.findChildren(ImportWizard) if w.isVisible()]
        return bool(wizards)

    qtbot.waitUntil(opened)
    wizard = wizards[-1]
    wizard.activateWindow()  # a window manager would; the offscreen platform does not
    qtbot.waitUntil(wizard.isActiveWindow)
    qtbot.waitUntil(lambda: focused() is wizard.file_page.kind)
    return wizard


def choose_file(qtbot: QtBot, wizard: ImportWizard, path: Path, kind_key: str = "") -> None:
    """Pick the kind by typing its first letters, Tab to the file, type its path, Enter."""
    if kind_key:
        qtbot.keyClicks(focused(), kind_key)
    qtbot.keyClick(focused(), Qt.Key.Key_Tab)
    assert focused() is wizard.file_page.path
    qtbot.keyClicks(focused(), str(path))
    qtbot.keyClick(focused(), Qt.Key.Key_Return)  # reads the file
    qtbot.waitUntil(wizard.file_page.isComplete)


def next_step(qtbot: QtBot, wizard: ImportWizard, key: Qt.Key = Qt.Key.Key_N) -> None:
    """Alt+N (Next), or Alt+I on the check step (Import)."""
    before = wizard.currentId()
    qtbot.keyClick(focused(), key, ALT)
    qtbot.waitUntil(lambda: wizard.currentId() != before)


def wait_for_check(qtbot: QtBot, wizard: ImportWizard) -> None:
    page = wizard.check_page
    qtbot.waitUntil(lambda: page._handle is None and page.again.isEnabled(), timeout=20_000)


def wait_for_summary(qtbot: QtBot, wizard: ImportWizard) -> None:
    qtbot.waitUntil(lambda: wizard.currentPage() is wizard.summary_page, timeout=30_000)
