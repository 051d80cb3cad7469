"""Emitting signals many times must not wear away Python's `True` (a PySide6 6.12.0 bug that
aborts Python after a few hundred emits on Python 3.11)."""

from __future__ import annotations

import sys

from PySide6.QtCore import QObject, Signal

from ncdesk.ui.common.qt_fixes import emit


class Sender(QObject):
    plain = Signal()
    carrying = Signal(int, object)


def test_emitting_a_thousand_times_leaves_true_as_it_was() -> None:
    sender = Sender()
    heard: list[object] = []
    sender.carrying.connect(lambda _n, value: heard.append(value))
    before = sys.getrefcount(True)
    for n in range(1000):
        emit(sender.plain)
        emit(sender.carrying, n, None)
    after = sys.getrefcount(True)
    assert abs(after - before) < 10  # with the bug: 2,000 fewer
    assert len(heard) == 1000
