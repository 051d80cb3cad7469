"""Starting ncdesk: the first-run wizard when there is no database (walked through in
tests/ui/first_run), the --demo flag, and a database it cannot open."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from pathlib import Path

import pytest
import shiboken6
from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication, QLabel, QMessageBox, QPushButton
from pytestqt.qtbot import QtBot

import ncdesk.core.db_location
from ncdesk.core.db import open_database
from ncdesk.ui.app import run_gui
from ncdesk.ui.common.tasks import TaskRunner
from ncdesk.ui.first_run import FirstRunWizard
from ncdesk.ui.main_window import MainWindow
from ncdesk.ui.startup import Startup


@pytest.fixture
def demo_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Where the demo database goes, instead of the real per-user folder."""
    folder = tmp_path / "userdata"
    monkeypatch.setattr(ncdesk.core.db_location, "data_dir", lambda: folder)
    return folder


@pytest.fixture
def started(qtbot: QtBot, tasks: TaskRunner) -> Iterator[list[Startup]]:
    """Start-ups made by a test, closed down (window, database) afterwards."""
    made: list[Startup] = []
    yield made
    for startup in made:
        if startup.window is not None:
            startup.window.close_without_backup()
        welcome = startup.first_run
        if welcome is not None and shiboken6.isValid(welcome) and welcome.isVisible():
            # A welcome left open would take later tests' key presses.
            welcome.blockSignals(True)
            welcome.close()
    tasks.wait_for_done()
    for startup in made:
        startup.close()


def start(started: list[Startup], tasks: TaskRunner, db_value: str | None, demo: bool) -> Startup:
    startup = Startup(db_value, demo, tasks)
    started.append(startup)
    startup.start()
    return startup


def test_first_run_shows_the_wizard_saying_where_the_database_will_be(
    qtbot: QtBot, tasks: TaskRunner, started: list[Startup], tmp_path: Path
) -> None:
    db_file = tmp_path / "ours.db"
    startup = start(started, tasks, str(db_file), demo=False)
    wizard = startup.first_run
    assert isinstance(wizard, FirstRunWizard) and wizard.isVisible()
    assert wizard.currentPage() is wizard.organisation
    assert str(db_file) in [label.text() for label in wizard.findChildren(QLabel)]
    assert not db_file.exists()


def test_cancel_on_the_first_run_quits_without_making_a_database(
    qtbot: QtBot, tasks: TaskRunner, started: list[Startup], tmp_path: Path
) -> None:
    db_file = tmp_path / "ours.db"
    startup = start(started, tasks, str(db_file), demo=False)
    assert startup.first_run is not None
    with qtbot.waitSignal(startup.stopped) as stopped:
        qtbot.keyClick(startup.first_run, Qt.Key.Key_Escape)
    assert stopped.args == [0]
    assert startup.window is None
    assert list(tmp_path.iterdir()) == []


def test_demo_flag_makes_the_demo_database_without_asking(
    qtbot: QtBot, tasks: TaskRunner, started: list[Startup], demo_folder: Path
) -> None:
    startup = start(started, tasks, None, demo=True)
    assert startup.first_run is None
    qtbot.waitUntil(lambda: startup.window is not None, timeout=10_000)
    qtbot.waitUntil(lambda: startup.window.people_status.text() == "150 people")


def test_an_existing_database_opens_straight_into_the_main_window(
    qtbot: QtBot, tasks: TaskRunner, started: list[Startup], tmp_path: Path
) -> None:
    db_file = tmp_path / "ours.db"
    open_database(db_file).close()
    startup = start(started, tasks, str(db_file), demo=False)
    assert startup.first_run is None
    qtbot.waitUntil(lambda: startup.window is not None and startup.window.isVisible())


def run_gui_answering_boxes(qapp: QApplication, db_value: str) -> tuple[int, list[str]]:
    """`run_gui` on the value, pressing OK on each message box it shows; the exit status and
    the boxes' texts."""
    shown: list[str] = []

    def answer_the_message() -> None:
        boxes = [w for w in qapp.topLevelWidgets() if isinstance(w, QMessageBox) and w.isVisible()]
        if boxes:
            shown.append(boxes[0].text())
            boxes[0].button(QMessageBox.StandardButton.Ok).click()
        else:
            QTimer.singleShot(20, answer_the_message)

    QTimer.singleShot(20, answer_the_message)
    # Never hang the test run; but stopped once run_gui returns, or it would end whatever event
    # loop a later test is running (and every later wait) ten seconds from now.
    give_up = QTimer()
    give_up.setSingleShot(True)
    give_up.timeout.connect(lambda: qapp.exit(99))
    give_up.start(10_000)
    quit_when_closed = qapp.quitOnLastWindowClosed()
    try:
        code = run_gui(db_value, demo=False)
    finally:
        give_up.stop()
        qapp.setQuitOnLastWindowClosed(quit_when_closed)
    return code, shown


def test_a_database_from_a_newer_ncdesk_gets_a_plain_message_and_exit_status_1(
    qapp: QApplication, tmp_path: Path
) -> None:
    db_file = tmp_path / "newer.db"
    open_database(db_file).close()
    with sqlite3.connect(db_file) as conn:
        conn.execute("UPDATE alembic_version SET version_num = 'from_the_future'")

    code, shown = run_gui_answering_boxes(qapp, str(db_file))

    assert code == 1
    assert len(shown) == 1 and "newer version of ncdesk" in shown[0]
    assert "Traceback" not in shown[0]


@pytest.mark.sqlite_only("a folder given as the file")
def test_a_folder_given_as_the_database_is_refused_leaving_nothing_beside_it(
    qapp: QApplication, tmp_path: Path
) -> None:
    folder = tmp_path / "Documents"
    folder.mkdir()

    code, shown = run_gui_answering_boxes(qapp, str(folder))

    assert code == 1
    assert shown == [f"{folder} is a folder, not a database file."]
    assert list(tmp_path.iterdir()) == [folder]


def test_cancelling_demo_data_removes_the_half_made_file_and_quits(
    qtbot: QtBot, tasks: TaskRunner, started: list[Startup], demo_folder: Path
) -> None:
    startup = start(started, tasks, None, demo=True)
    assert startup.progress is not None
    cancel = startup.progress.findChild(QPushButton)
    assert cancel.text() == "Cancel"
    with qtbot.waitSignal(startup.stopped, timeout=10_000) as stopped:
        cancel.click()
    assert stopped.args == [0]
    assert startup.window is None
    assert not (demo_folder / "ncdesk-demo.db").exists()


def test_the_window_is_up_while_the_database_opens_and_is_then_filled_in(
    qtbot: QtBot, tasks: TaskRunner, started: list[Startup], tmp_path: Path
) -> None:
    db_file = tmp_path / "ours.db"
    open_database(db_file).close()
    frame = MainWindow()  # as run_gui shows it, before the core is loaded
    frame.show()
    assert frame.windowTitle() == "ncdesk"
    assert frame.pages.currentWidget() is frame.opening_page
    assert frame.opening.text() == "Opening the database…"
    assert frame.sidebar.count() == 0

    startup = Startup(str(db_file), False, tasks, frame=frame)
    started.append(startup)
    startup.start()
    qtbot.waitUntil(lambda: startup.window is frame)
    assert frame.isVisible()
    assert [frame.sidebar.item(i).text() for i in range(frame.sidebar.count())][:2] == [
        "Home",
        "People",
    ]
    assert frame.pages.currentWidget() is not frame.opening_page
    qtbot.waitUntil(lambda: frame.people_status.text() == "0 people")


def test_on_a_first_run_the_wizard_comes_first_and_the_window_waits(
    qtbot: QtBot, tasks: TaskRunner, started: list[Startup], tmp_path: Path
) -> None:
    frame = MainWindow()
    frame.show()
    startup = Startup(str(tmp_path / "new.db"), False, tasks, frame=frame)
    started.append(startup)
    startup.start()
    assert startup.first_run is not None and startup.first_run.isVisible()
    assert not frame.isVisible()
    frame.deleteLater()


def test_closing_the_window_while_its_database_opens_ends_the_program(qtbot: QtBot) -> None:
    frame = MainWindow()
    frame.show()
    with qtbot.waitSignal(frame.closed_unopened):
        frame.close()
    assert not frame.isVisible()
    frame.deleteLater()
