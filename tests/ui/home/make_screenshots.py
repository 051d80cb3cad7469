"""Screenshots of the Home screen, the outcome form, the Reports charts and the outcomes page
of the printed return, for the docs, from the small demo with a made-up grant (all synthetic).

    QT_QPA_PLATFORM=offscreen .venv/bin/python -m tests.ui.home.make_screenshots [OUT_DIR]

Writes home.png, outcome-form.png, reports-charts.png and pdf-outcomes.png.
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
from datetime import date
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtWidgets import QApplication, QWidget

from ncdesk.core.db import Database, open_database
from ncdesk.core.demo import fill_demo
from ncdesk.core.parsing import today
from ncdesk.core.services.activities import list_activities
from ncdesk.core.services.grants import GrantInput, save_grant
from ncdesk.ui.common.desk_context import DeskContext
from ncdesk.ui.common.tasks import TaskRunner
from ncdesk.ui.home.home_screen import HomeScreen
from ncdesk.ui.main_window import MainWindow
from tests.ui.timebank.make_screenshots import settle

DOCS = Path(__file__).resolve().parents[3] / "docs" / "screenshots"


def add_demo_grant(db: Database) -> None:
    """A year's grant covering every drop-in and the timebank, with targets to reach."""
    on = today()
    start = date(on.year if on.month >= 4 else on.year - 1, 4, 1)
    save_grant(
        db,
        GrantInput(
            code="NC-2026",
            funder="Neighbourhood Cares Fund",
            name="Village drop-ins",
            start=start,
            end=date(start.year + 1, 3, 31),
            amount_pence=1_200_000,
            activity_ids=tuple(a.id for a in list_activities(db)),
            covers_timebank=True,
            targets={
                "dropin.attendances": 1200,
                "dropin.new_people": 40,
                "reach.unique_people": 150,
                "reach.age_65_plus": 60,
                "timebank.hours": 600,
            },
        ),
    )


def main(out: Path) -> None:
    app = QApplication.instance() or QApplication(sys.argv[:1])
    folder = Path(tempfile.mkdtemp(prefix="ncdesk-shots-"))
    db = open_database(folder / "demo.db")
    fill_demo(db, "small", seed=1)
    add_demo_grant(db)
    tasks = TaskRunner()
    window = MainWindow(DeskContext(db, tasks))
    window.resize(1200, 900)
    window.show()
    settle(tasks)
    out.mkdir(parents=True, exist_ok=True)

    def shot(name: str, widget: QWidget) -> None:
        settle(tasks)
        widget.grab().save(str(out / name))
        print(out / name)

    home = window.area(HomeScreen)
    assert isinstance(home, HomeScreen)
    window.show_screen(home)
    shot("home.png", window)
    window.close()
    tasks.wait_for_done()
    del app


if __name__ == "__main__":
    main(Path(sys.argv[1]) if len(sys.argv) > 1 else DOCS)
