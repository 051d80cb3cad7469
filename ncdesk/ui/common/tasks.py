"""The one background runner: database work happens off the GUI thread, results come back by
signal on the GUI thread, and screens hear about changes through `DataChanged`.

Two shapes, as in Anki: a *query* reads (several may run at once); an *operation* writes (one at
a time, in the order asked) and then tells every screen which area changed. Long tasks report
progress and can be cancelled: the function is handed a `progress(step, done, total)` callable
and a `cancelled()` callable that it polls. Workers never touch widgets.
"""

from __future__ import annotations

import itertools
import logging
import threading
from collections.abc import Callable, Iterable
from concurrent.futures import Future, ThreadPoolExecutor, wait
from dataclasses import dataclass
from typing import Any

import shiboken6
from PySide6.QtCore import QObject, Signal, Slot

from ncdesk.core.errors import NcdeskError
from ncdesk.ui.common.messages import show_error
from ncdesk.ui.common.qt_fixes import emit

log = logging.getLogger(__name__)

Progress = Callable[[str, int, int], None]
Cancelled = Callable[[], bool]
# What a callback returns is ignored (`show_error` returns its message box, for one).
OnDone = Callable[[Any], object]
OnError = Callable[[BaseException], object]
OnProgress = Callable[[str, int, int], None]

# Names of the areas whose data can change; screens subscribe to the ones they show.
ACCOUNTS = "accounts"  # users, roles and passwords
BACKUPS = "backups"  # a backup was made (automatically or asked for)
BOOKINGS = "bookings"  # someone booked for a session, or a booking taken back
DROPIN = "dropin"
GRANTS = "grants"
LOANS = "loans"
OUTCOMES = "outcomes"  # wellbeing and loneliness answers
PEOPLE = "people"
REPORTS = "reports"
SETTINGS = "settings"
TIMEBANK = "timebank"


class DataChanged(QObject):
    """Tells every screen that data in an area changed, so each refreshes what it shows."""

    changed = Signal(str)

    def notify(self, *areas: str) -> None:
        for area in areas:
            emit(self.changed, area)


class TaskHandle:
    """A long task in progress: lets the GUI ask it to stop at its next check."""

    def __init__(self, task_id: int):
        self.task_id = task_id
        self._stop = threading.Event()

    def cancel(self) -> None:
        self._stop.set()

    @property
    def cancelled(self) -> bool:
        return self._stop.is_set()


@dataclass
class _Pending:
    on_done: OnDone | None
    on_error: OnError | None
    on_progress: OnProgress | None = None
    changes: tuple[str, ...] = ()


class _Relay(QObject):
    """Lives on the GUI thread; workers emit on it, so its signals arrive queued there."""

    finished = Signal(int, object)
    failed = Signal(int, object)
    progressed = Signal(int, str, int, int)


def _alive(callback: Callable[..., Any] | None) -> bool:
    """False when the callback belongs to a widget that was closed and deleted while its task
    ran (calling it would crash): a method of that widget, or a closure or lambda made inside
    one of its methods (which holds the widget in its cells)."""
    target = getattr(callback, "func", callback)  # look inside functools.partial
    owners = [getattr(target, "__self__", None)]
    for cell in getattr(target, "__closure__", None) or ():
        try:
            owners.append(cell.cell_contents)
        except ValueError:  # a cell not yet filled
            continue
    return all(shiboken6.isValid(o) for o in owners if isinstance(o, QObject))


class TaskRunner(QObject):
    """Runs database work on worker threads and hands results back on the GUI thread."""

    def __init__(self, parent: QObject | None = None, *, readers: int = 2):
        super().__init__(parent)
        self.changes = DataChanged(self)
        # Plain Python worker threads: results come back by queued signal, so workers never
        # touch Qt objects but the relay.
        self._reads = ThreadPoolExecutor(readers, thread_name_prefix="ncdesk-read")
        self._writes = ThreadPoolExecutor(1, thread_name_prefix="ncdesk-write")  # in order
        self._running: set[Future[None]] = set()
        self._running_lock = threading.Lock()
        self._relay = _Relay(self)
        self._relay.finished.connect(self._finished)
        self._relay.failed.connect(self._failed)
        self._relay.progressed.connect(self._progressed)
        self._pending: dict[int, _Pending] = {}
        self._ids = itertools.count(1)

    def run_query(
        self,
        fn: Callable[[], Any],
        on_done: OnDone | None = None,
        on_error: OnError | None = None,
    ) -> int:
        """Read in the background; `on_done(result)` runs on the GUI thread."""
        return self._start(self._reads, lambda _p, _c: fn(), _Pending(on_done, on_error))

    def run_operation(
        self,
        fn: Callable[[], Any],
        on_done: OnDone | None = None,
        on_error: OnError | None = None,
        *,
        changes: Iterable[str] = (),
    ) -> int:
        """Write in the background, one operation at a time; after success, `on_done(result)`
        runs and then every screen is told that `changes` (area names) changed. After a
        refusal (an NcdeskError) the screens are told too, so they show what is there now."""
        pending = _Pending(on_done, on_error, changes=tuple(changes))
        return self._start(self._writes, lambda _p, _c: fn(), pending)

    def run_long_task(
        self,
        fn: Callable[[Progress, Cancelled], Any],
        on_done: OnDone | None = None,
        on_error: OnError | None = None,
        *,
        on_progress: OnProgress | None = None,
        writes: bool = True,
        changes: Iterable[str] = (),
    ) -> TaskHandle:
        """Work that takes a while: `fn(progress, cancelled)` reports progress and stops when
        `cancelled()` turns true (raising its own 'cancelled' error, or returning early)."""
        pending = _Pending(on_done, on_error, on_progress, tuple(changes))
        handle = TaskHandle(next(self._ids))
        pool = self._writes if writes else self._reads
        self._start(pool, fn, pending, handle)
        return handle

    def busy(self) -> bool:
        """True while any task has not yet handed back its result."""
        return bool(self._pending)

    def wait_for_done(self, msecs: int = -1) -> bool:
        """Block until the worker threads are idle (when closing, before the database goes)."""
        with self._running_lock:
            running = list(self._running)
        _done, not_done = wait(running, timeout=None if msecs < 0 else msecs / 1000)
        return not not_done

    def shutdown(self) -> None:
        """Let the writes in hand finish, drop reads not yet started, and end the worker
        threads (when the app or a test is done with this runner)."""
        self._reads.shutdown(wait=True, cancel_futures=True)
        self._writes.shutdown(wait=True)

    # --- inside -----------------------------------------------------------------------------

    def _start(
        self,
        pool: ThreadPoolExecutor,
        fn: Callable[[Progress, Cancelled], Any],
        pending: _Pending,
        handle: TaskHandle | None = None,
    ) -> int:
        task_id = handle.task_id if handle else next(self._ids)
        self._pending[task_id] = pending
        relay = self._relay
        stop = handle._stop if handle else threading.Event()

        def report(step: str, done: int, total: int) -> None:
            _send(relay.progressed, task_id, step, done, total)

        def work() -> None:
            try:
                result = fn(report, stop.is_set)
            except BaseException as exc:  # handed to the GUI thread, which decides what to show
                _send(relay.failed, task_id, exc)
            else:
                _send(relay.finished, task_id, result)

        future = pool.submit(work)
        with self._running_lock:
            self._running.add(future)
        future.add_done_callback(self._forget)
        return task_id

    def _forget(self, future: Future[None]) -> None:
        with self._running_lock:
            self._running.discard(future)

    @Slot(int, object)
    def _finished(self, task_id: int, result: object) -> None:
        pending = self._pending.pop(task_id, None)
        if pending is None:
            return
        if pending.on_done and _alive(pending.on_done):
            pending.on_done(result)
        self.changes.notify(*pending.changes)

    @Slot(int, object)
    def _failed(self, task_id: int, error: object) -> None:
        pending = self._pending.pop(task_id, None)
        if pending is None:
            return
        assert isinstance(error, BaseException)
        if pending.on_error is None:
            show_error(None, error)
        elif _alive(pending.on_error):
            pending.on_error(error)
        if isinstance(error, NcdeskError):
            # A refusal on a shared database often means another desk changed what this
            # screen shows (the scooter went out meanwhile): read it again. A refusal leaves
            # the data as it was, so reading again is always safe.
            self.changes.notify(*pending.changes)

    @Slot(int, str, int, int)
    def _progressed(self, task_id: int, step: str, done: int, total: int) -> None:
        pending = self._pending.get(task_id)
        if pending and pending.on_progress and _alive(pending.on_progress):
            pending.on_progress(step, done, total)


def _send(signal: Any, *args: object) -> None:
    try:
        emit(signal, *args)
    except RuntimeError:  # the runner was deleted while the work ran: nobody is listening
        log.debug("task result dropped: runner gone")
