"""App start to a usable window, and resident memory with the large database open (DESIGN §7:
≤ 2 s and ≤ 400 MB). Measured in a fresh process, as a volunteer would start ncdesk.

Run with `make bench`. Prints figures; asserts only that the window opened.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
import time

import pytest

pytestmark = pytest.mark.bench

PROBE = textwrap.dedent(
    """
    import json, sys, time
    started = time.perf_counter()
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication
    from ncdesk.ui.common.tasks import TaskRunner
    from ncdesk.ui.startup import Startup

    def rss_mb():
        with open("/proc/self/status") as f:
            for line in f:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1]) / 1024
        return 0.0

    app = QApplication(sys.argv[:1])
    tasks = TaskRunner()
    startup = Startup(sys.argv[1], False, tasks)
    result = {}

    def ready(window):
        try:
            measure(window)
        finally:
            QTimer.singleShot(0, app.quit)

    def measure(window):
        window.show()
        app.processEvents()
        result["window_s"] = time.perf_counter() - started
        result["rss_window_mb"] = rss_mb()
        from ncdesk.core.services.people import search_people, warm_search
        t = time.perf_counter()
        warm_search(startup.db)
        result["search_index_s"] = time.perf_counter() - t
        search_people(startup.db, "mary")
        result["rss_search_mb"] = rss_mb()

    startup.ready.connect(ready)
    startup.stopped.connect(app.exit)
    QTimer.singleShot(0, startup.start)
    app.exec()
    tasks.wait_for_done()
    print("RESULT " + json.dumps(result))
    """
)


def test_app_start_and_memory_on_the_large_database(large_demo):
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    runs = []
    for _ in range(3):
        began = time.perf_counter()
        out = subprocess.run(
            [sys.executable, "-c", PROBE, str(large_demo.path)],
            capture_output=True,
            text=True,
            env=env,
            timeout=120,
            check=True,
        ).stdout
        wall = time.perf_counter() - began
        result = json.loads(out.split("RESULT ", 1)[1])
        result["process_s"] = wall
        runs.append(result)
    best = min(runs, key=lambda r: r["window_s"])
    median_window = sorted(r["window_s"] for r in runs)[1]
    print(
        f"\napp start, large database: usable window after {median_window:.2f} s median of 3 "
        f"(imports + open + first screen; target ≤ 2 s); whole process incl. interpreter "
        f"{sorted(r['process_s'] for r in runs)[1]:.2f} s"
        f"\n  search index built in the background: {best['search_index_s']:.2f} s"
        f"\n  resident memory: {best['rss_window_mb']:.0f} MB with the window open, "
        f"{best['rss_search_mb']:.0f} MB after the search index (target ≤ 400 MB)"
    )
    assert all("window_s" in r for r in runs)
