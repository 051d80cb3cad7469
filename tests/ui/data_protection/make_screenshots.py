"""Screenshots of Admin ▸ Backups, a subject access export, the erase confirmation and the
retention review, for docs/data-protection.md, from the small demo (synthetic people) with
three accounts.

    QT_QPA_PLATFORM=offscreen .venv/bin/python -m tests.ui.data_protection.make_screenshots [OUT]

Writes backups.png, subject-access.png, erase.png and retention.png to docs/screenshots (or
OUT_DIR).
"""

from __future__ import annotations

import os
import sys
import tempfile
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("NCDESK_TESTING_WEAK_KDF", "1")  # quick to make; not a real database

from PySide6.QtWidgets import QApplication

from ncdesk.core.db import open_database
from ncdesk.core.demo import fill_demo
from ncdesk.core.io.auto_backup import make_backup
from ncdesk.core.models import Person
from ncdesk.core.services.people import add_person, list_people
from ncdesk.core.services.person_fields import PersonDetails
from ncdesk.core.services.settings import get_settings, save_settings
from ncdesk.ui.admin.admin_screen import AdminScreen
from ncdesk.ui.common.tasks import TaskRunner
from ncdesk.ui.people.erase_dialog import EraseDialog
from ncdesk.ui.people.people_screen import PeopleScreen
from tests.ui.access.make_screenshots import DOCS, settle, window_as
from tests.ui.accounts import add_accounts

# People registered years ago and not seen since: what the retention review finds.
LONG_QUIET = (
    ("Edith", "Pargeter", 2016),
    ("Harold", "Mumby", 2017),
    ("Gwendoline", "Starling", 2017),
    ("Cyril", "Blenkinsop", 2018),
    ("Myrtle", "Osgathorpe", 2018),
    ("Norman", "Tickell", 2019),
)


def make_demo(folder: Path) -> Path:
    path = folder / "fenland.db"
    db = open_database(path)
    fill_demo(db, "small", seed=1)
    add_accounts(db)
    stick = folder / "USB stick" / "ncdesk backups"
    stick.mkdir(parents=True)
    save_settings(db, replace(get_settings(db), backup_folder=str(stick)))
    now = datetime.now().replace(second=0, microsecond=0)
    for back in (timedelta(days=40), timedelta(days=9), timedelta(days=2), timedelta(hours=5)):
        make_backup(db, now=now - back)
    (stick / f"fenland-{now - timedelta(days=20):%Y%m%d-%H%M%S}.db").write_bytes(
        b"SQLite format 3\x00" + b"\x00" * 40_000  # a copy spoilt on the stick
    )
    make_backup(db, now=now)
    quiet = [
        (add_person(db, PersonDetails(first_name=first, last_name=last)).id, year)
        for first, last, year in LONG_QUIET
    ]
    with db.transaction() as s:
        for person_id, year in quiet:
            person = s.get(Person, person_id)
            assert person is not None
            person.created_at = datetime(year, 3, 14, 10, 30, tzinfo=UTC)
            person.last_seen_at = None
            person.archived = year == 2016  # archived already, and kept too long
    db.close()
    return path


def main(out: Path) -> None:
    app = QApplication.instance() or QApplication(sys.argv[:1])
    assert isinstance(app, QApplication)
    path = make_demo(Path(tempfile.mkdtemp(prefix="ncdesk-shots-")))
    tasks = TaskRunner()
    out.mkdir(parents=True, exist_ok=True)

    ada, window = window_as(path, "ada", tasks)
    admin = window.area(AdminScreen)
    assert admin is not None
    window.show_screen(admin)
    admin.show_tab(admin.backups)
    settle(tasks, 600)
    admin.backups.list.selectRow(1)
    window.grab().save(str(out / "backups.png"))

    admin.show_tab(admin.retention)
    settle(tasks)
    tab = admin.retention
    for row in (0, 2, 3):
        tab.list.people.toggle(row)
    tab.list.selectRow(3)
    settle(tasks)
    window.grab().save(str(out / "retention.png"))

    people = window.area(PeopleScreen)
    assert people is not None
    window.show_screen(people)
    someone = list_people(ada)[7]
    people.open_person(someone)
    settle(tasks)
    dialog = people.rights.erase()
    assert isinstance(dialog, EraseDialog)
    dialog.reference.setText(dialog.person.person_ref)
    settle(tasks)
    dialog.grab().save(str(out / "erase.png"))
    dialog.reject()

    exports = Path(tempfile.mkdtemp(prefix="subject-access-"))
    people.rights.export_to(exports)
    settle(tasks, 800)
    box = people.rights.done_box
    assert box is not None
    box.grab().save(str(out / "subject-access.png"))
    box.close()
    window.close()
    ada.close()
    tasks.shutdown()
    app.processEvents()
    for name in ("backups", "retention", "erase", "subject-access"):
        print(out / f"{name}.png")


if __name__ == "__main__":
    main(Path(sys.argv[1]) if len(sys.argv) > 1 else DOCS)
