"""Garbage made on a worker thread is collected on the GUI thread, never on the worker."""

from __future__ import annotations

import gc
import threading

from pytestqt.qtbot import QtBot

from ncdesk.ui.common.gui_gc import GuiThreadCollector
from ncdesk.ui.common.tasks import TaskRunner


class _Cycle:
    """Two of these referring to each other are freed only by the collector."""

    freed_on: list[str] = []

    def __init__(self) -> None:
        self.other: _Cycle | None = None

    def __del__(self) -> None:
        _Cycle.freed_on.append(threading.current_thread().name)


def _make_cycles(count: int) -> int:
    for _ in range(count):
        a, b = _Cycle(), _Cycle()
        a.other, b.other = b, a
    return count


def test_cycles_made_by_background_work_are_freed_on_the_gui_thread(
    qtbot: QtBot, tasks: TaskRunner, gui_thread_gc: GuiThreadCollector
) -> None:
    assert not gc.isenabled()
    _Cycle.freed_on.clear()
    answers: list[int] = []
    # Enough allocation that Python itself would have collected inside the worker.
    tasks.run_query(lambda: _make_cycles(5_000), answers.append)
    qtbot.waitUntil(lambda: answers == [5_000])
    gui_thread_gc.collect()
    gc.collect()  # whatever the timer has not reached yet
    assert len(_Cycle.freed_on) == 10_000
    assert set(_Cycle.freed_on) == {threading.main_thread().name}


def test_stopping_gives_the_collector_back_to_python(qtbot: QtBot) -> None:
    was_enabled = gc.isenabled()
    collector = GuiThreadCollector()
    assert not gc.isenabled()
    collector.stop()
    assert gc.isenabled() == was_enabled
