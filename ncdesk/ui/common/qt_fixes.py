"""Work-arounds for bugs in the Qt bindings, each switched on only where the bug is seen.

PySide6 6.12.0 on Python 3.11: `SignalInstance.emit()` returns `True` without taking a
reference to it, so every emit from Python leaves `True` one reference short. After a few
hundred emits its count reaches zero and Python aborts ("Fatal Python error: bool_dealloc").
(From Python 3.12 `True` is immortal and the bug is harmless.) Every emit in ncdesk goes
through `emit()`, which gives the reference back when, and only when, the bug is present.
"""

from __future__ import annotations

import ctypes
import sys
from typing import Any

from PySide6.QtCore import QObject, Signal

_PROBE_EMITS = 8


class _Probe(QObject):
    fired = Signal()


def _give_back_true(count: int) -> None:
    for _ in range(count):
        ctypes.pythonapi.Py_IncRef(ctypes.py_object(True))


def _emit_loses_true() -> bool:
    """Emit a few times and see whether `True` lost one reference each time."""
    probe = _Probe()
    before = sys.getrefcount(True)
    for _ in range(_PROBE_EMITS):
        probe.fired.emit()
    lost = before - sys.getrefcount(True)
    if lost >= _PROBE_EMITS:
        _give_back_true(_PROBE_EMITS)
        return True
    return False


EMIT_LOSES_TRUE = _emit_loses_true()


def emit(signal: Any, *args: object) -> None:
    """`signal.emit(*args)`, safe from the reference bug described above."""
    signal.emit(*args)
    if EMIT_LOSES_TRUE:
        _give_back_true(1)
