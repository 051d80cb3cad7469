"""Start-up stays quick (STYLE: Start-up): opening the window's code and a current database
loads none of the heavy libraries; each is imported where it is used (a report, an export,
demo data, an upgrade, a password)."""

from __future__ import annotations

import os
import subprocess
import sys

from ncdesk.core.db import open_database

HEAVY = (
    "reportlab.platypus",  # reports; reportlab.lib's page sizes and units are cheap and allowed
    "reportlab.pdfgen",
    "openpyxl",
    "faker",
    "alembic",
    "argon2",
    "cryptography",
)


def test_the_window_and_a_current_database_load_no_heavy_library(tmp_path):
    path = tmp_path / "current.db"
    open_database(path).close()
    code = (
        "import sys\n"
        "import ncdesk.ui.app\n"
        "from ncdesk.core.db import open_database\n"
        f"open_database({str(path)!r}).close()\n"
        f"print(' '.join(m for m in {HEAVY!r} if m in sys.modules))\n"
    )
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, env=env, check=True
    )
    assert out.stdout.split() == []


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
    assert out.stdout.split() == []
