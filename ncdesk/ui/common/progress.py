"""Long work (exports, statements, returns) behind a progress box that can cancel it: one
helper for every area."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import QProgressDialog, QWidget

from ncdesk.core.errors import NcdeskError
from ncdesk.ui.common.desk_context import DeskContext
from ncdesk.ui.common.messages import show_error
from ncdesk.ui.common.tasks import Cancelled, Progress, TaskHandle


def tr(text: str) -> str:
    return QCoreApplication.translate("Progress", text)


SHOW_AFTER_MS = 400  # quick work finishes before any box flashes up


class Stopped(NcdeskError):
    """The user pressed Cancel; nothing more to say."""


def stop_if(cancelled: Cancelled) -> None:
    if cancelled():
        raise Stopped(tr("Cancelled."))


def run_with_progress(
    parent: QWidget,
    ctx: DeskContext,
    label: str,
    work: Callable[[Progress, Cancelled], Any],
    on_done: Callable[[Any], None],
    on_stopped: Callable[[], None] | None = None,
    on_failed: Callable[[], None] | None = None,
) -> TaskHandle:
    """Run `work(progress, cancelled)` in the background (reading only) behind a window-modal
    progress box with Cancel; `on_done(result)` on success, `on_stopped()` after Cancel,
    `on_failed()` after the error has been shown."""
    box = QProgressDialog(label, tr("Cancel"), 0, 0, parent)
    box.setWindowTitle("ncdesk")
    box.setWindowModality(Qt.WindowModality.WindowModal)
    box.setMinimumDuration(SHOW_AFTER_MS)
    box.setAutoClose(False)
    box.setAutoReset(False)

    def progressed(step: str, done: int, total: int) -> None:
        box.setLabelText(step or label)
        box.setMaximum(total)
        box.setValue(done)

    def finished(result: object) -> None:
        box.close()
        box.deleteLater()
        on_done(result)

    def failed(error: BaseException) -> None:
        box.close()
        box.deleteLater()
        if isinstance(error, Stopped):
            if on_stopped:
                on_stopped()
        else:
            show_error(parent, error)
            if on_failed:
                on_failed()

    handle = ctx.tasks.run_long_task(work, finished, failed, on_progress=progressed, writes=False)
    box.canceled.connect(handle.cancel)
    return handle
