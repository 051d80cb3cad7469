"""Screenshots of bookings for docs/dropin.md, on the small demo (all synthetic): the desk with
a booked person on top of the matches, the bookings dialog, and the Activities tab.

    QT_QPA_PLATFORM=offscreen .venv/bin/python -m tests.ui.dropin.make_screenshots [OUT_DIR]

Writes bookings-desk.png, bookings.png and bookings-activities.png to docs/screenshots.
"""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtWidgets import QApplication

from ncdesk.core.db import open_database
from ncdesk.core.demo import fill_demo
from ncdesk.core.parsing import today
from ncdesk.core.services.activities import sessions_on
from ncdesk.core.services.bookings import book
from ncdesk.core.services.people import search_people
from ncdesk.ui.common.desk_context import DeskContext
from ncdesk.ui.common.tasks import TaskRunner
from ncdesk.ui.dropin.dropin_screen import DropInScreen
from ncdesk.ui.main_window import MainWindow
from tests.ui.dropin.test_bookings import someone_unlikely
from tests.ui.timebank.make_screenshots import settle

DOCS = Path(__file__).resolve().parents[3] / "docs" / "screenshots"


def main(out: Path) -> None:
    app = QApplication.instance() or QApplication(sys.argv[:1])
    assert app is not None
    out.mkdir(parents=True, exist_ok=True)
    db = open_database(Path(tempfile.mkdtemp(prefix="ncdesk-shots-")) / "demo.db")
    fill_demo(db, "small", seed=1)
    session = sessions_on(db, today())[0]
    expected = someone_unlikely(db)
    book(db, session.activity_id, today(), expected.id, "benefits appointment, 10:30")
    for other in [p for p in search_people(db, "b", limit=40) if p.id != expected.id][5:7]:
        book(db, session.activity_id, today(), other.id)
    tasks = TaskRunner()
    window = MainWindow(DeskContext(db, tasks))
    window.resize(1200, 750)
    window.show()
    area = window.area(DropInScreen)
    assert isinstance(area, DropInScreen)
    window.show_screen(area)
    settle(tasks)

    def shot(name: str, widget: object = window) -> None:
        settle(tasks, 600)
        widget.grab().save(str(out / name))  # type: ignore[attr-defined]
        print(out / name)

    area.today.checkin.search.setText(expected.name.split()[0])
    shot("bookings-desk.png")
    dialog = area.today.dialogs.open_bookings()
    assert dialog is not None
    shot("bookings.png", dialog)
    dialog.close()
    area.tabs.setCurrentWidget(area.activities)
    area.activities.activate()
    settle(tasks)
    activities = area.activities.activities
    rows = range(activities.rowCount())
    area.activities.activity_view.selectRow(
        next(r for r in rows if (a := activities.record_at(r)) and a.id == session.activity_id)
    )
    shot("bookings-activities.png")
    window.close()
    tasks.shutdown()
    db.close()


if __name__ == "__main__":
    main(Path(sys.argv[1]) if len(sys.argv) > 1 else DOCS)
