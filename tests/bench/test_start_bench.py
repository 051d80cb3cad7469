"""Cold start, side by side (DESIGN §7): a new process to a shown main window, for ncdesk on
the small and the large demo databases and for a bare PySide6 window started the same way;
and, when `make dist` has built it, the bundle on the small database. For ncdesk, two
moments: the window shown (painted, saying it is opening the database) and the window
ready (filled for the database, its first area painted and usable).

Targets: ncdesk ≤ 2.5× the bare window (small database), ≤ 3× (large); the bundle ≤ 3 s.
The app says when its window is up through NCDESK_SMOKE_TEST (ncdesk/ui/smoke_test.py).
Python's compiled bytecode is kept (in a folder of the run's own) and each kind is started
once untimed first, as an installed copy always has its bytecode: without it every start of
a checkout run with PYTHONDONTWRITEBYTECODE=1 would compile all of ncdesk's modules again.
Run with `make bench`; prints figures, asserts only that every start worked.
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

from ncdesk.ui.smoke_test import MARKER, READY_MARKER

pytestmark = pytest.mark.bench

RUNS = 5
BUNDLE = Path(__file__).resolve().parents[2] / "dist" / "ncdesk" / "ncdesk"

BARE_WINDOW = textwrap.dedent(
    f"""
    import sys
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication, QMainWindow
    app = QApplication(sys.argv[:1])
    window = QMainWindow()
    window.resize(1200, 750)
    window.show()
    QTimer.singleShot(0, lambda: (print({MARKER!r}, flush=True), app.quit()))
    app.exec()
    """
)


def seconds_to_window(command: list[str], env: dict[str, str]) -> dict[str, float]:
    """From starting the process to each marker line the window prints."""
    began = time.perf_counter()
    marks: dict[str, float] = {}
    with subprocess.Popen(
        command, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True, env=env
    ) as proc:
        assert proc.stdout is not None
        for line in proc.stdout:
            marks.setdefault(line.strip(), time.perf_counter() - began)
        proc.wait(timeout=120)
    assert proc.returncode == 0 and MARKER in marks, command
    return marks


def test_cold_start_beside_a_bare_pyside6_window(small_demo, large_demo, tmp_path):
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", NCDESK_SMOKE_TEST="1")
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    env["PYTHONPYCACHEPREFIX"] = str(tmp_path / "bytecode")
    starts: dict[str, tuple[list[str], dict[str, str]]] = {
        "bare PySide6 window": ([sys.executable, "-c", BARE_WINDOW], env),
        "ncdesk, small database": ([sys.executable, "-m", "ncdesk", "--db", str(small_demo)], env),
        "ncdesk, large database": (
            [sys.executable, "-m", "ncdesk", "--db", str(large_demo.path)],
            env,
        ),
    }
    if BUNDLE.is_file():  # outside the virtualenv, as an installed copy runs
        bare_env = {
            "PATH": "/usr/bin:/bin",
            "HOME": str(tmp_path),
            "QT_QPA_PLATFORM": "offscreen",
            "NCDESK_SMOKE_TEST": "1",
        }
        starts["bundle (dist/ncdesk), small database"] = (
            [str(BUNDLE), "--db", str(small_demo)],
            bare_env,
        )
    for command, run_env in starts.values():  # writes the bytecode; not timed
        seconds_to_window(command, run_env)
    times: dict[str, list[dict[str, float]]] = {name: [] for name in starts}
    for _ in range(RUNS):  # interleaved, so a busy moment hurts every kind alike
        for name, (command, run_env) in starts.items():
            times[name].append(seconds_to_window(command, run_env))
    bare = statistics.median(marks[MARKER] for marks in times["bare PySide6 window"])
    print(f"\ncold start, median of {RUNS} new processes (× a bare window, {bare:.2f} s):")
    print(f"  {'':40} {'window shown':>18} {'window ready':>18}")
    for name, runs in times.items():
        cells = []
        for marker in (MARKER, READY_MARKER):
            if all(marker in marks for marks in runs):
                seconds = statistics.median(marks[marker] for marks in runs)
                cells.append(f"{seconds:5.2f} s ({seconds / bare:4.1f}×)")
            else:
                cells.append("")
        print(f"  {name:40} {cells[0]:>18} {cells[1]:>18}")
    print(
        "  targets: ncdesk's window shown ≤ 2.5× bare (small database), ≤ 3× (large); "
        "the bundle ≤ 3 s"
        + ("" if BUNDLE.is_file() else "; no bundle measured (make dist builds it)")
    )
