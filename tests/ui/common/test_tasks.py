"""The background runner: work off the GUI thread, results and changes back on it."""

from __future__ import annotations

import threading
import time

import pytest
import shiboken6
from PySide6.QtCore import QEventLoop, QTimer
from PySide6.QtWidgets import QLabel, QWidget
from pytestqt.qtbot import QtBot

from ncdesk.core.errors import NcdeskError
from ncdesk.ui.common.tasks import PEOPLE, Cancelled, Progress, TaskRunner


def test_a_query_runs_on_a_worker_and_answers_on_the_gui_thread(
    qtbot: QtBot, tasks: TaskRunner
) -> None:
    gui = threading.get_ident()
    worked_on: list[int] = []
    answered_on: list[int] = []

    def work() -> int:
        worked_on.append(threading.get_ident())
        return 42

    results: list[int] = []
    tasks.run_query(work, lambda r: (results.append(r), answered_on.append(threading.get_ident())))
    qtbot.waitUntil(lambda: results == [42])
    assert worked_on != [gui]
    assert answered_on == [gui]


def test_results_keep_arriving_while_a_callback_waits_in_a_dialog(
    qtbot: QtBot, tasks: TaskRunner
) -> None:
    """A callback that opens a dialog runs its own event loop; results of other work must
    still reach the screen meanwhile (the dialog may be waiting for them)."""
    seen: list[tuple[int, bool]] = []  # (result, whether the dialog was still open)

    def open_dialog(_first: int) -> None:
        dialog = QEventLoop()

        def second_done(result: int) -> None:
            seen.append((result, dialog.isRunning()))
            dialog.quit()

        tasks.run_query(lambda: 2, second_done)
        closing = QTimer(dialog)  # the user closing it in the end
        closing.setSingleShot(True)
        closing.timeout.connect(dialog.quit)
        closing.start(3000)
        dialog.exec()

    tasks.run_query(lambda: 1, open_dialog)
    qtbot.waitUntil(lambda: bool(seen), timeout=5000)
    assert seen == [(2, True)]


def test_operations_run_one_at_a_time_in_the_order_asked(qtbot: QtBot, tasks: TaskRunner) -> None:
    order: list[str] = []
    running = threading.Semaphore(1)

    def write(name: str, pause: float) -> None:
        assert running.acquire(blocking=False), "two writes at once"
        time.sleep(pause)
        order.append(name)
        running.release()

    tasks.run_operation(lambda: write("first", 0.05))
    tasks.run_operation(lambda: write("second", 0))
    qtbot.waitUntil(lambda: len(order) == 2)
    assert order == ["first", "second"]


def test_a_successful_operation_tells_screens_what_changed(qtbot: QtBot, tasks: TaskRunner) -> None:
    with qtbot.waitSignal(tasks.changes.changed) as changed:
        tasks.run_operation(lambda: None, changes=(PEOPLE,))
    assert changed.args == [PEOPLE]


def test_a_refused_operation_reports_the_error_then_screens_read_again(
    qtbot: QtBot, tasks: TaskRunner
) -> None:
    """On a shared database a refusal often means another desk changed what the screen
    shows (the scooter went out meanwhile), so the screens read again after the message."""
    heard: list[str] = []
    tasks.changes.changed.connect(heard.append)
    errors: list[BaseException] = []

    def refuse() -> None:
        raise NcdeskError("SC01 is out with someone else.")

    tasks.run_operation(refuse, on_error=errors.append, changes=(PEOPLE,))
    qtbot.waitUntil(lambda: bool(heard))
    assert str(errors[0]) == "SC01 is out with someone else."
    assert heard == [PEOPLE]


def test_a_refusal_with_no_handler_is_shown_in_a_plain_box(
    qtbot: QtBot, tasks: TaskRunner, monkeypatch: pytest.MonkeyPatch
) -> None:
    from ncdesk.ui.common import tasks as tasks_module

    shown: list[str] = []
    monkeypatch.setattr(tasks_module, "show_error", lambda _parent, e: shown.append(str(e)))

    def refuse() -> None:
        raise NcdeskError("ncdesk cannot reach the database server: try again.")

    tasks.run_operation(refuse, changes=(PEOPLE,))
    qtbot.waitUntil(lambda: bool(shown))
    assert shown == ["ncdesk cannot reach the database server: try again."]


def test_a_failed_operation_that_is_a_bug_announces_no_change(
    qtbot: QtBot, tasks: TaskRunner
) -> None:
    heard: list[str] = []
    tasks.changes.changed.connect(heard.append)
    errors: list[BaseException] = []

    def crash() -> None:
        raise RuntimeError("a bug")

    tasks.run_operation(crash, on_error=errors.append, changes=(PEOPLE,))
    qtbot.waitUntil(lambda: bool(errors))
    assert heard == []


def test_a_long_task_reports_progress_and_stops_when_cancelled(
    qtbot: QtBot, tasks: TaskRunner
) -> None:
    started = threading.Event()

    def count_slowly(progress: Progress, cancelled: Cancelled) -> str:
        for n in range(1, 1000):
            progress("counting", n, 1000)
            started.set()
            if cancelled():
                raise NcdeskError("stopped")
            time.sleep(0.005)
        return "finished"

    seen: list[int] = []
    errors: list[BaseException] = []
    done: list[str] = []
    handle = tasks.run_long_task(
        count_slowly, done.append, errors.append, on_progress=lambda _s, n, _t: seen.append(n)
    )
    assert started.wait(5)
    qtbot.waitUntil(lambda: bool(seen))
    handle.cancel()
    qtbot.waitUntil(lambda: bool(errors))
    assert done == []
    assert str(errors[0]) == "stopped"
    assert seen[-1] < 999


@pytest.mark.parametrize("area", ["people", "settings"])
def test_data_changed_carries_the_area_name(qtbot: QtBot, tasks: TaskRunner, area: str) -> None:
    with qtbot.waitSignal(tasks.changes.changed) as changed:
        tasks.changes.notify(area)
    assert changed.args == [area]


class _Screen(QWidget):
    """A screen that asks for data and shows it in a child widget when it comes."""

    def __init__(self, tasks: TaskRunner, release: threading.Event, shown: list[str]):
        super().__init__()
        self.label = QLabel(self)

        def show(text: str) -> None:  # a closure, as many screens write them
            self.label.setText(text)
            shown.append(text)

        tasks.run_query(lambda: release.wait(5) and "data", show)
        tasks.run_query(lambda: release.wait(5) and "more", lambda text: self._show(text, shown))

    def _show(self, text: str, shown: list[str]) -> None:
        self.label.setText(text)
        shown.append(text)


def test_results_for_a_screen_closed_meanwhile_are_dropped_quietly(
    qtbot: QtBot, tasks: TaskRunner
) -> None:
    release, shown = threading.Event(), []
    screen = _Screen(tasks, release, shown)
    screen.deleteLater()  # the user closed the window while the queries ran
    qtbot.waitUntil(lambda: not shiboken6.isValid(screen))
    release.set()
    qtbot.waitUntil(lambda: not tasks.busy())  # no "C++ object already deleted" error either
    assert shown == []

    alive = _Screen(tasks, release, shown)
    qtbot.waitUntil(lambda: not tasks.busy())
    assert sorted(shown) == ["data", "more"] and alive.label.text() in ("data", "more")
