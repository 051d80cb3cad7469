"""Python's garbage collector runs on the GUI thread only.

Left to itself the collector starts whenever some thread has allocated enough, and that can be
a worker thread of the background runner. A Qt object found in a reference cycle is then
destroyed on that worker, while the GUI thread may be delivering an event to it: results that
never arrive, or a crash, now and then and never twice the same way. So, as mature Qt
applications do, ncdesk turns automatic collection off and, from a GUI-thread timer, collects
the generations Python itself would have collected by then.
"""

from __future__ import annotations

import gc

from PySide6.QtCore import QObject, QTimer

_INTERVAL_MS = 1000


class GuiThreadCollector(QObject):
    """Owns the collector from creation until `stop()` gives it back to Python."""

    def __init__(self, parent: QObject | None = None, *, interval_ms: int = _INTERVAL_MS):
        super().__init__(parent)
        self._was_enabled = gc.isenabled()
        self._timer = QTimer(self)
        self._timer.setInterval(interval_ms)
        self._timer.timeout.connect(self.collect)
        gc.disable()
        self._timer.start()

    def collect(self) -> None:
        """Collect the oldest generation whose threshold has been passed, as Python would."""
        counts, thresholds = gc.get_count(), gc.get_threshold()
        for generation in (2, 1, 0):
            if counts[generation] > thresholds[generation]:
                gc.collect(generation)
                return

    def stop(self) -> None:
        self._timer.stop()
        gc.collect()
        if self._was_enabled:
            gc.enable()
