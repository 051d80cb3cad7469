"""Screenshots of signing in, a volunteer's People screen, the Admin area and the lock, for the
docs, from the small demo (synthetic people) with three accounts.

    QT_QPA_PLATFORM=offscreen .venv/bin/python -m tests.ui.access.make_screenshots [OUT_DIR]

Writes login.png, people-volunteer.png, admin-users.png, admin-audit.png and locked.png to
docs/screenshots (or OUT_DIR).
"""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("NCDESK_TESTING_WEAK_KDF", "1")  # quick to make; not a real database

from PySide6.QtCore import QEventLoop, QTimer
from PySide6.QtWidgets import QApplication

from ncdesk.core.db import Database, open_database
from ncdesk.core.demo import fill_demo
from ncdesk.core.security.access import Credentials, open_as
from ncdesk.core.services.people import list_people, update_person
from ncdesk.core.services.person_fields import PersonDetails
from ncdesk.ui.access.sign_in_dialog import SignInDialog
from ncdesk.ui.admin.admin_screen import AdminScreen
from ncdesk.ui.common.desk_context import DeskContext
from ncdesk.ui.common.tasks import TaskRunner
from ncdesk.ui.main_window import MainWindow
from ncdesk.ui.people.people_screen import PeopleScreen
from tests.ui.accounts import PASSWORD, add_accounts

DOCS = Path(__file__).resolve().parents[3] / "docs" / "screenshots"


def settle(tasks: TaskRunner, ms: int = 250) -> None:
    """Let queued work and painting finish (a script, not a widget: no nested-loop worries)."""
    for _ in range(40):
        loop = QEventLoop()
        QTimer.singleShot(ms // 5, loop.quit)
        loop.exec()
        if not tasks.busy():
            break
    loop = QEventLoop()
    QTimer.singleShot(ms, loop.quit)
    loop.exec()


def window_as(path: Path, login: str, tasks: TaskRunner) -> tuple[Database, MainWindow]:
    db = open_as(path, Credentials(login, PASSWORD))
    window = MainWindow(DeskContext(db, tasks))
    window.resize(1200, 750)
    window.show()
    settle(tasks)
    return db, window


def main(out: Path) -> None:
    app = QApplication.instance() or QApplication(sys.argv[:1])
    assert isinstance(app, QApplication)
    path = Path(tempfile.mkdtemp(prefix="ncdesk-shots-")) / "demo.db"
    db = open_database(path)
    fill_demo(db, "small", seed=1)
    add_accounts(db)
    ids = list_people(db)
    for person_id in ids[:3]:  # a few changes for the audit trail to show
        update_person(db, person_id, PersonDetails(phone="01353 960111", given={"phone"}))
    db.close()
    tasks = TaskRunner()
    out.mkdir(parents=True, exist_ok=True)

    dialog = SignInDialog(str(path), str(path), tasks)
    dialog.show()
    dialog.form.login.setText("vic")
    dialog.form.password.setText("not the password")
    dialog.form.submit()
    settle(tasks, 400)
    dialog.form.password.setText("a long enough")
    dialog.grab().save(str(out / "login.png"))
    dialog.close()

    vic, window = window_as(path, "vic", tasks)
    screen = window.stack.currentWidget()
    assert isinstance(screen, PeopleScreen)
    screen.finder.search.setText("a")
    settle(tasks)
    screen.finder.view.setFocus()
    screen.finder.view.selectRow(2)
    screen.open_person(screen.finder.model.record_at(2).id)  # type: ignore[union-attr]
    settle(tasks)
    window.grab().save(str(out / "people-volunteer.png"))
    screen.new_person()
    screen.form.inputs["first_name"].setText("Halina")
    window.idle_lock.lock(after_minutes=10)
    settle(tasks)
    window.grab().save(str(out / "locked.png"))
    window.close()
    vic.close()

    ada, window = window_as(path, "ada", tasks)
    admin = window.area(AdminScreen)
    assert admin is not None
    window.show_screen(admin)
    settle(tasks)
    admin.users.view.selectRow(2)
    window.grab().save(str(out / "admin-users.png"))
    admin.show_tab(admin.audit)
    settle(tasks)
    window.grab().save(str(out / "admin-audit.png"))
    window.close()
    ada.close()
    tasks.shutdown()
    app.processEvents()
    for name in ("login", "people-volunteer", "admin-users", "admin-audit", "locked"):
        print(out / f"{name}.png")


if __name__ == "__main__":
    main(Path(sys.argv[1]) if len(sys.argv) > 1 else DOCS)
