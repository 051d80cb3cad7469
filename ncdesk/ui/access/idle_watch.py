"""Noticing that nobody has used the PC for a while (KeePassXC's pattern): an event filter on
the whole application restarts a timer on every key press, click, wheel turn or mouse move,
and `idle` is emitted when the timer runs out."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QEvent, QObject, QTimer, Signal
from typing_extensions import override

from ncdesk.ui.common.qt_fixes import emit

_INPUT = {
    QEvent.Type.KeyPress,
    QEvent.Type.KeyRelease,
    QEvent.Type.MouseButtonPress,
    QEvent.Type.MouseButtonRelease,
    QEvent.Type.MouseButtonDblClick,
    QEvent.Type.MouseMove,
    QEvent.Type.Wheel,
    QEvent.Type.TouchBegin,
    QEvent.Type.TabletPress,
}


class IdleWatch(QObject):
    """Off until `set_minutes` is given more than 0 (minutes may be a fraction, for tests)."""

    idle = Signal()

    def __init__(self, parent: QObject | None = None):
        super().__init__(parent)
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.timeout.connect(lambda: emit(self.idle))
        self._minutes = 0.0
        self._paused = False
        # Every event of the application passes a filter written in Python, so it is put in
        # only once there is something to count (the settings are read after start-up).
        self._watching = False

    @property
    def minutes(self) -> float:
        return self._minutes

    def set_minutes(self, minutes: float) -> None:
        """Lock after this many minutes without input; 0 never locks."""
        self._minutes = max(0.0, minutes)
        self._timer.setInterval(max(1, round(self._minutes * 60_000)))
        self._restart()

    def pause(self) -> None:
        """Stop counting (while locked: there is nothing left to lock)."""
        self._paused = True
        self._timer.stop()

    def resume(self) -> None:
        self._paused = False
        self._restart()

    def stop(self) -> None:
        """No more watching at all (the window is closing)."""
        self.pause()
        app = QCoreApplication.instance()
        if app is not None and self._watching:
            app.removeEventFilter(self)
            self._watching = False

    def is_counting(self) -> bool:
        return self._timer.isActive()

    @override
    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() in _INPUT and self._timer.isActive():
            self._timer.start()  # from the beginning again
        return False

    def _restart(self) -> None:
        if self._minutes > 0 and not self._paused:
            self._watch()
            self._timer.start()
        else:
            self._timer.stop()

    def _watch(self) -> None:
        app = QCoreApplication.instance()
        if app is not None and not self._watching:
            app.installEventFilter(self)
            self._watching = True
