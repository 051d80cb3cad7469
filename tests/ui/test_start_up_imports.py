"""Start-up loads only what the first screen needs (issue 14, docs/architecture.md "Start-up"):
in a new process started as a user starts ncdesk, once the main window is shown none of the
heavy libraries is loaded, and of the areas only the first screen's code is."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from pathlib import Path

from ncdesk.core.db import open_database
from ncdesk.ui.smoke_test import ENV_VAR

# Each is loaded by the first action that needs it (a report, an import, a search...).
HEAVY = {
    "alembic",  # only when a database needs upgrading
    "argon2",  # signing in
    "cryptography",  # encrypted databases
    "dateutil",  # activity schedules
    "faker",  # demo data
    "jellyfish",  # name matching
    "nicknames",
    "openpyxl",  # spreadsheets
    "phonenumbers",  # a phone number typed
    "PIL",
    "psycopg",  # a PostgreSQL server
    "rapidfuzz",
    "reportlab",  # PDFs and labels
    "sqlcipher3",
}
OTHER_AREAS = {
    "ncdesk.ui.dropin.dropin_screen",
    "ncdesk.ui.timebank.timebank_screen",
    "ncdesk.ui.loans.loans_screen",
    "ncdesk.ui.reports.reports_screen",
    "ncdesk.ui.admin.admin_screen",
}

# `python -m ncdesk --db FILE`, listing the loaded modules when the window is first painted
# (the moment NCDESK_SMOKE_TEST prints its line).
PROBE = textwrap.dedent(
    """
    import sys
    from PySide6.QtCore import QTimer
    from ncdesk.ui import smoke_test

    arm = smoke_test.arm

    def arm_and_list(ready):
        listed = lambda: print("LOADED", " ".join(sorted(sys.modules)), flush=True)
        ready.connect(lambda _window: QTimer.singleShot(0, listed))
        arm(ready)

    smoke_test.arm = arm_and_list
    from ncdesk.cli import main
    raise SystemExit(main(sys.argv[1:]))
    """
)


def loaded_once_shown(db: Path) -> set[str]:
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", **{ENV_VAR: "1"})
    run = subprocess.run(
        [sys.executable, "-c", PROBE, "--db", str(db)],
        capture_output=True,
        text=True,
        env=env,
        timeout=60,
    )
    assert run.returncode == 0, run.stderr
    line = next(x for x in run.stdout.splitlines() if x.startswith("LOADED "))
    return set(line.split()[1:])


def test_no_heavy_library_and_no_other_area_is_loaded_when_the_window_shows(tmp_path: Path):
    db = tmp_path / "desk.db"
    open_database(db).close()  # plain even in an --encrypted run: no sign-in to wait at

    loaded = loaded_once_shown(db)

    assert "ncdesk.ui.people.people_screen" in loaded  # the probe saw the window
    assert {name.split(".")[0] for name in loaded} & HEAVY == set()
    assert loaded & OTHER_AREAS == set()
