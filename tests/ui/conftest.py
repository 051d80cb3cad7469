"""Fixtures for GUI tests: databases in temporary files and a main window around them.

pytest-qt makes the one QApplication (the `qapp` fixture); nothing here makes another.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Callable, Iterator
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")  # before Qt makes its application

import pytest
from PySide6.QtCore import QEventLoop, QTimer
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from ncdesk.core.db import Database, open_database
from ncdesk.core.demo import fill_demo
from ncdesk.ui.common.desk_context import DeskContext
from ncdesk.ui.common.gui_gc import GuiThreadCollector
from ncdesk.ui.common.tasks import TaskRunner
from ncdesk.ui.main_window import MainWindow


@pytest.fixture(scope="session", autouse=True)
def gui_thread_gc(qapp: QApplication) -> Iterator[GuiThreadCollector]:
    """As in the app: Python collects garbage on the GUI thread only (see `gui_gc`)."""
    collector = GuiThreadCollector()
    yield collector
    collector.stop()


@pytest.fixture(autouse=True)
def _collect_after_each_test(gui_thread_gc: GuiThreadCollector) -> Iterator[None]:
    """A test that never waits on the event loop still leaves its garbage to the GUI thread."""
    yield
    gui_thread_gc.collect()


@pytest.fixture(autouse=True)
def _event_loops_still_run(request: pytest.FixtureRequest) -> Iterator[None]:
    """Fail the test that asked the application to exit (say, through a stray timer): once
    asked, every later event loop returns at once, so later tests' waits would stop waiting
    and fail far from the cause."""
    yield
    loop = QEventLoop()
    QTimer.singleShot(0, loop.quit)
    if loop.exec() != 0:
        pytest.fail(f"{request.node.name} left the application asked to exit", pytrace=False)


@pytest.fixture
def empty_db(tmp_path: Path) -> Iterator[Database]:
    """A new, empty ncdesk database file."""
    db = open_database(tmp_path / "desk.db")
    yield db
    db.close()


@pytest.fixture(scope="session")
def demo_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The small demo database, made once per run; tests get their own copy."""
    path = tmp_path_factory.mktemp("demo") / "demo.db"
    db = open_database(path)
    fill_demo(db, "small", seed=1)
    db.close()  # closing the last connection folds the WAL back into the file
    return path


@pytest.fixture
def demo_db(demo_file: Path, tmp_path: Path) -> Iterator[Database]:
    copy = tmp_path / "demo.db"
    shutil.copyfile(demo_file, copy)
    db = open_database(copy)
    yield db
    db.close()


@pytest.fixture
def tasks(qapp: QApplication) -> Iterator[TaskRunner]:
    runner = TaskRunner()
    yield runner
    runner.shutdown()
    runner.deleteLater()


MakeWindow = Callable[[Database], MainWindow]


@pytest.fixture
def make_window(qtbot: QtBot, tasks: TaskRunner) -> Iterator[MakeWindow]:
    """Open the main window on a database, shown and active as a user would see it."""
    font = QApplication.font()
    windows: list[MainWindow] = []

    def make(db: Database) -> MainWindow:
        window = MainWindow(DeskContext(db, tasks))
        qtbot.addWidget(window)
        window.show()
        window.activateWindow()
        qtbot.waitExposed(window)
        windows.append(window)
        qtbot.waitUntil(lambda: not tasks.busy())  # title, counts and the list are in
        return window

    yield make
    for window in windows:
        window.close()
    tasks.wait_for_done()
    QApplication.setFont(font)  # a test that zoomed must not change the next one


@pytest.fixture
def window(make_window: MakeWindow, empty_db: Database) -> MainWindow:
    return make_window(empty_db)


@pytest.fixture
def demo_window(make_window: MakeWindow, demo_db: Database) -> MainWindow:
    return make_window(demo_db)
