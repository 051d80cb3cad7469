"""Start-up stays quick (STYLE: Start-up; docs/architecture.md): the window's code, opening a
current database and the first shown window load none of the heavy libraries, and of the
areas only the first one's screen; each library is imported where it is used (a report, an
export, demo data, an upgrade, a password, a search)."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from pathlib import Path

from ncdesk.core.db import open_database
from ncdesk.ui.main_window import AREA_SCREENS
from ncdesk.ui.smoke_test import ENV_VAR

HEAVY = {
    "alembic",  # only when a database needs upgrading
    "argon2",  # signing in, passwords
    "Cryptodome",  # encrypted databases (AES-GCM key wrapping)
    "dateutil",  # activity schedules
    "faker",  # demo data
    "jellyfish",  # name matching and type-ahead search
    "nicknames",
    "rapidfuzz",
    "openpyxl",  # spreadsheets
    "phonenumbers",  # a phone number typed or imported
    "PIL",
    "psycopg",  # a PostgreSQL server
    "reportlab",  # PDFs and labels
    "sqlcipher3",
}
# The first area's screen module, and the others' (a database without accounts lists them all).
FIRST_AREA, *OTHER_AREAS = (area.screen.partition(":")[0] for area in AREA_SCREENS)

# `python -m ncdesk --db FILE`, listing the loaded modules once the window is first painted
# (the moment NCDESK_SMOKE_TEST prints its line).
SHOWN_PROBE = textwrap.dedent(
    """
    import sys
    from ncdesk.ui import smoke_test

    arm = smoke_test.arm

    def arm_and_list(ready):
        listed = lambda: print("LOADED", " ".join(sorted(sys.modules)), flush=True)
        ready.connect(lambda _window: listed())
        arm(ready)

    smoke_test.arm = arm_and_list
    from ncdesk.cli import main
    raise SystemExit(main(sys.argv[1:]))
    """
)


# The same, listing the loaded modules when the window is first painted, before its database
# is open (the moment NCDESK_SMOKE_TEST prints "window shown"), with the window's title.
FRAME_PROBE = textwrap.dedent(
    """
    import sys
    from PySide6.QtCore import QTimer
    from ncdesk.ui import smoke_test

    shown = smoke_test.shown

    def shown_and_list(window):
        shown(window)
        listed = lambda: print("LOADED", window.windowTitle(), *sorted(sys.modules), flush=True)
        QTimer.singleShot(0, listed)

    smoke_test.shown = shown_and_list
    from ncdesk.cli import main
    raise SystemExit(main(sys.argv[1:]))
    """
)


def heavy(modules: set[str]) -> set[str]:
    return {name.split(".")[0] for name in modules} & HEAVY


def test_the_window_and_a_current_database_load_no_heavy_library(tmp_path: Path) -> None:
    path = tmp_path / "current.db"
    open_database(path).close()
    code = (
        "import sys\n"
        "import ncdesk.ui.app\n"
        "from ncdesk.core.db import open_database\n"
        f"open_database({str(path)!r}).close()\n"
        "print(' '.join(sys.modules))\n"
    )
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, env=env, check=True
    )
    assert heavy(set(out.stdout.split())) == set()


def probe(code: str, tmp_path: Path) -> list[str]:
    """Start ncdesk through a probe on a new plain database (no sign-in to wait at, even in
    an --encrypted run); the words of the probe's LOADED line."""
    db = tmp_path / "desk.db"
    open_database(db).close()
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", **{ENV_VAR: "1"})
    run = subprocess.run(
        [sys.executable, "-c", code, "--db", str(db)],
        capture_output=True,
        text=True,
        env=env,
        timeout=60,
    )
    assert run.returncode == 0, run.stderr
    return next(x for x in run.stdout.splitlines() if x.startswith("LOADED ")).split()[1:]


def test_once_the_window_shows_no_heavy_library_and_no_other_area_is_loaded(
    tmp_path: Path,
) -> None:
    loaded = set(probe(SHOWN_PROBE, tmp_path))

    assert FIRST_AREA in loaded  # the probe saw the first area shown
    assert heavy(loaded) == set()
    assert loaded & set(OTHER_AREAS) == set()


def test_the_window_is_painted_before_sqlalchemy_or_the_core_is_loaded(tmp_path: Path) -> None:
    title, *loaded = probe(FRAME_PROBE, tmp_path)

    assert title == "ncdesk"
    assert "ncdesk.ui.main_window" in loaded
    assert {"sqlalchemy", "ncdesk.core.db", "ncdesk.core.models"} & set(loaded) == set()
    assert heavy(set(loaded)) == set()


def test_the_first_run_wizard_loads_no_heavy_library_until_finish():
    """The wizard opens as quickly as the window: the PDF, demo data and password libraries
    are loaded only when the recovery key is saved or Finish makes the database."""
    code = (
        "import sys\n"
        "import ncdesk.ui.first_run\n"
        f"print(' '.join(m for m in {HEAVY!r} if m in sys.modules))\n"
    )
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, env=env, check=True
    )
    assert heavy(set(out.stdout.split())) == set()
