"""NCDESK_SMOKE_TEST: a new process opens the window, closes it itself and exits 0, which is
how `make dist-test` and the release workflow check a built program."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from ncdesk.core.db import open_database
from ncdesk.ui.smoke_test import ENV_VAR, MARKER, READY_MARKER


def smoke_run(db: Path) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", **{ENV_VAR: "1"})
    return subprocess.run(
        [sys.executable, "-m", "ncdesk", "--db", str(db)],
        capture_output=True,
        text=True,
        env=env,
        timeout=60,
    )


def test_the_smoke_test_flag_shows_the_window_then_closes_it_and_exits_0(tmp_path: Path):
    db = tmp_path / "desk.db"
    open_database(db).close()  # plain even in an --encrypted run: no sign-in to wait at
    run = smoke_run(db)
    assert (run.returncode, run.stdout.splitlines()) == (0, [MARKER, READY_MARKER]), run.stderr


def test_with_nobody_at_the_screen_a_database_that_cannot_open_ends_it_with_1(tmp_path: Path):
    folder = tmp_path / "Documents"
    folder.mkdir()
    run = smoke_run(folder)  # a message box would wait for someone to press OK
    assert run.returncode == 1
    assert f"ncdesk: {folder} is a folder, not a database file." in run.stderr
    assert READY_MARKER not in run.stdout


def test_with_nobody_at_the_screen_a_first_run_ends_it_with_1_and_makes_nothing(
    tmp_path: Path,
):
    run = smoke_run(tmp_path / "new.db")  # the first-run wizard would wait for answers
    assert run.returncode == 1
    assert "there is no database at" in run.stderr and "a first run needs a person" in run.stderr
    assert list(tmp_path.iterdir()) == []
