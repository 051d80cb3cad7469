"""Small steps GUI tests share: typing where the focus is, waiting for lists and boxes."""

from __future__ import annotations

from PySide6.QtCore import QDeadlineTimer, Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QMessageBox, QPushButton, QWidget
from pytestqt.qtbot import QtBot

from ncdesk.ui.main_window import MainWindow
from ncdesk.ui.people.people_finder import PeopleFinder
from ncdesk.ui.people.people_screen import PeopleScreen
from ncdesk.ui.people.people_table import COL_NAME, status_column


def people_screen(window: MainWindow) -> PeopleScreen:
    """The People area, brought up as Ctrl+1 (Ctrl+2 where Home comes first) would, with its
    list in: coordinators and admins open on Home."""
    screen = window.area(PeopleScreen)
    assert isinstance(screen, PeopleScreen)
    if window.stack.currentWidget() is not screen:
        window.show_screen(screen)
        tasks = window._ctx.tasks
        deadline = QDeadlineTimer(20_000)  # a loaded CI machine may take its time
        while tasks.busy() and not deadline.hasExpired():
            QTest.qWait(10)
    return screen


def focused() -> QWidget:
    widget = QApplication.focusWidget()
    assert widget is not None, "nothing has the keyboard focus"
    return widget


def type_here(qtbot: QtBot, text: str) -> None:
    """Type into whatever has the focus, as a user does."""
    qtbot.keyClicks(focused(), text)


def press(
    qtbot: QtBot, key: Qt.Key, modifier: Qt.KeyboardModifier = Qt.KeyboardModifier.NoModifier
) -> None:
    qtbot.keyClick(focused(), key, modifier)


def wait_for_list(qtbot: QtBot, finder: PeopleFinder) -> None:
    qtbot.waitUntil(lambda: not finder.is_searching())


def listed_names(finder: PeopleFinder) -> list[str]:
    model = finder.model
    return [model.index(row, COL_NAME).data() for row in range(model.rowCount())]


def listed_status(finder: PeopleFinder, name: str) -> str:
    model = finder.model
    for row in range(model.rowCount()):
        if model.index(row, COL_NAME).data() == name:
            return model.index(row, status_column(model)).data()
    raise AssertionError(f"{name} is not in the list")


def search_for(qtbot: QtBot, finder: PeopleFinder, text: str) -> list[str]:
    """Clear the search field, type `text` and return the names listed once results are in."""
    finder.search.setFocus()
    finder.search.selectAll()
    qtbot.keyClick(finder.search, Qt.Key.Key_Delete)
    qtbot.keyClicks(finder.search, text)
    wait_for_list(qtbot, finder)
    return listed_names(finder)


def wait_for_message_box(qtbot: QtBot) -> QMessageBox:
    """The message box now open (errors, confirmations)."""
    boxes: list[QMessageBox] = []

    def found() -> bool:
        boxes[:] = [
            w
            for w in QApplication.topLevelWidgets()
            if isinstance(w, QMessageBox) and w.isVisible()
        ]
        return bool(boxes)

    qtbot.waitUntil(found)
    box = boxes[-1]
    # A window manager gives a new box the keyboard; the offscreen platform does not.
    box.activateWindow()
    qtbot.waitUntil(lambda: box.isAncestorOf(QApplication.focusWidget()))
    return box


def click_button(qtbot: QtBot, parent: QWidget, text: str) -> None:
    """Click the button whose label reads `text` (ignoring the & of its keyboard accelerator)."""
    for button in parent.findChildren(QPushButton):
        if button.text().replace("&", "") == text and button.isVisible():
            qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
            return
    labels = [b.text() for b in parent.findChildren(QPushButton)]
    raise AssertionError(f"no button {text!r}; there are {labels}")
