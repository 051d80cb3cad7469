"""NCDESK_SMOKE_TEST: a new process opens the window, closes it itself and exits 0, which is
how `make dist-test` and the release workflow check a built program."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from ncdesk.core.db import open_database
from ncdesk.ui.smoke_test import ENV_VAR, MARKER, READY_MARKER


def test_the_smoke_test_flag_shows_the_window_then_closes_it_and_exits_0(tmp_path: Path):
    db = tmp_path / "desk.db"
    open_database(db).close()  # plain even in an --encrypted run: no sign-in to wait at
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", **{ENV_VAR: "1"})
    run = subprocess.run(
        [sys.executable, "-m", "ncdesk", "--db", str(db)],
        capture_output=True,
        text=True,
        env=env,
        timeout=60,
    )
    assert (run.returncode, run.stdout.splitlines()) == (0, [MARKER, READY_MARKER]), run.stderr
