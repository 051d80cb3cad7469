"""Fixtures for GUI tests: databases in temporary files and a main window around them.

pytest-qt makes the one QApplication (the `qapp` fixture); nothing here makes another.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")  # before Qt makes its application

import pytest
from PySide6.QtCore import QEventLoop, QObject, QTimer
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from ncdesk.core.db import Database
from ncdesk.core.demo import fill_demo
from ncdesk.core.security.access import Credentials, open_as
from ncdesk.ui.common import tasks as tasks_module
from ncdesk.ui.common.desk_context import DeskContext
from ncdesk.ui.common.gui_gc import GuiThreadCollector
from ncdesk.ui.common.tasks import TaskRunner
from ncdesk.ui.main_window import MainWindow
from tests.databases import copy_database, new_database, reopen, url_of
from tests.ui.accounts import PASSWORD, add_accounts


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


def _qobjects_held(fn: object, seen: set[int] | None = None) -> list[QObject]:
    """The Qt objects a function holds: as its `self`, in its closure, or in the closures of
    the functions it holds in turn (a partial is looked inside)."""
    seen = set() if seen is None else seen
    if id(fn) in seen:
        return []
    seen.add(id(fn))
    fn = getattr(fn, "func", fn)
    held = [getattr(fn, "__self__", None)]
    for cell in getattr(fn, "__closure__", None) or ():
        try:
            held.append(cell.cell_contents)
        except ValueError:  # a cell not yet filled
            continue
    found = [o for o in held if isinstance(o, QObject)]
    for other in held:
        if callable(other) and not isinstance(other, QObject):
            found += _qobjects_held(other, seen)
    return found


@pytest.fixture(autouse=True)
def _work_holds_no_widget(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Work handed to the runner holds the database and plain values, never a widget: when a
    worker drops the last reference to a closed screen, Qt would destroy it off the GUI
    thread."""
    start = TaskRunner._start
    culprits: list[str] = []

    def checked_start(self: TaskRunner, pool: Any, fn: Any, *args: Any) -> int:
        culprits.extend(
            f"{type(o).__name__} in work from {_origin(fn)}" for o in _qobjects_held(fn)
        )
        return start(self, pool, fn, *args)

    monkeypatch.setattr(TaskRunner, "_start", checked_start)
    yield
    if culprits:
        pytest.fail("work holds a Qt object: " + "; ".join(sorted(set(culprits))), pytrace=False)


def _origin(fn: Any) -> str:
    """Where the work was written: inside the runner's own wrapper, if it has one."""
    fn = getattr(fn, "func", fn)
    code = getattr(fn, "__code__", None)
    if code is None:
        return repr(fn)
    if code.co_filename == tasks_module.__file__ and fn.__closure__:
        return _origin(fn.__closure__[0].cell_contents)
    return f"{Path(code.co_filename).name}:{code.co_firstlineno}"


@pytest.fixture(autouse=True)
def _backups_stay_in_the_test(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A window started as the app starts it backs up as it closes: into the test's own
    folder, never the real per-user one, when no backup folder is chosen."""
    import ncdesk.core.io.auto_backup

    folder = tmp_path / "userdata"
    monkeypatch.setattr(ncdesk.core.io.auto_backup, "data_dir", lambda: folder)


@pytest.fixture
def empty_db(tmp_path: Path) -> Iterator[Database]:
    """A new, empty ncdesk database file."""
    db = new_database(tmp_path / "desk.db")
    yield db
    db.close()


@pytest.fixture(scope="session")
def demo_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The small demo database, made once per run; tests get their own copy."""
    path = tmp_path_factory.mktemp("demo") / "demo.db"
    db = new_database(path)
    fill_demo(db, "small", seed=1)
    db.close()  # closing the last connection folds the WAL back into the file
    return path


@pytest.fixture
def demo_db(demo_file: Path, tmp_path: Path) -> Iterator[Database]:
    copy = tmp_path / "demo.db"
    copy_database(demo_file, copy)
    db = reopen(copy)
    yield db
    db.close()


@pytest.fixture(scope="session")
def accounts_file(demo_file: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The small demo with three accounts (ada, an admin; cody, a coordinator; vic, a
    volunteer), made once per run; tests get their own copy."""
    path = tmp_path_factory.mktemp("accounts") / "accounts.db"
    copy_database(demo_file, path)
    db = reopen(path)
    add_accounts(db)
    db.close()
    return path


@pytest.fixture
def accounts_path(accounts_file: Path, tmp_path: Path) -> Path:
    """This test's own copy of the demo with accounts, closed: start-up opens it."""
    return copy_database(accounts_file, tmp_path / "accounts.db")


SignIn = Callable[[str], Database]


@pytest.fixture
def sign_in(accounts_path: Path) -> Iterator[SignIn]:
    """Open this test's demo with accounts signed in as `login` (each call a connection of
    its own, closed after the test)."""
    opened: list[Database] = []

    def open_signed_in(login: str) -> Database:
        db = open_as(url_of(accounts_path), Credentials(login, PASSWORD))
        opened.append(db)
        return db

    yield open_signed_in
    for db in opened:
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


@pytest.fixture
def window_as(make_window: MakeWindow, sign_in: SignIn) -> Callable[[str], MainWindow]:
    """The main window on the demo with accounts, signed in as `login`."""
    return lambda login: make_window(sign_in(login))
