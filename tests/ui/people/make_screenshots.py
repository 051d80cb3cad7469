"""Screenshots of the likely matches and the possible-duplicates review for the docs, from the
small demo with a few near-duplicates planted (all synthetic).

    QT_QPA_PLATFORM=offscreen .venv/bin/python -m tests.ui.people.make_screenshots [OUT_DIR]

Writes people.png (the People screen, before anything is planted), likely-matches.png (the
desk) and possible-duplicates.png to docs/screenshots, or to OUT_DIR with
extra-likely-matches-people.png (the People screen's add form) as well.
"""

from __future__ import annotations

import os
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QWidget

from ncdesk.core.db import Database, open_database
from ncdesk.core.demo import fill_demo
from ncdesk.core.services.people import add_person, get_person_by_ref
from ncdesk.core.services.person_fields import PersonDetails
from ncdesk.ui.common.desk_context import DeskContext
from ncdesk.ui.common.tasks import TaskRunner
from ncdesk.ui.dropin.dropin_screen import DropInScreen
from ncdesk.ui.main_window import MainWindow
from ncdesk.ui.people.people_screen import PeopleScreen
from tests.ui.timebank.make_screenshots import settle

DOCS = Path(__file__).resolve().parents[3] / "docs" / "screenshots"


def plant_near_duplicates(db: Database) -> None:
    """Records a busy desk might have made twice: a nickname, a slip, a sound-alike."""
    for ref, first, last, postcode in (
        ("P00058", "Dave", None, None),  # David Powell, as a nickname
        ("P00013", None, None, None),  # Joyce Brennan, surname typed short
        ("P00021", None, None, "same"),  # someone else at the same address
    ):
        person = get_person_by_ref(db, ref)
        details = PersonDetails(
            first_name=first or person.first_name,
            last_name=last or (person.last_name[:-1] if ref == "P00013" else person.last_name),
            postcode=person.postcode if postcode == "same" else None,
        )
        if ref == "P00021":
            details.first_name = "Jordan"
        add_person(db, details, allow_duplicate=True)
    add_person(db, PersonDetails(first_name="Kayleigh", last_name="Ashworth"), allow_duplicate=True)
    add_person(db, PersonDetails(first_name="Kaleigh", last_name="Ashworth"), allow_duplicate=True)


def main(out: Path, extras: bool) -> None:
    app = QApplication.instance() or QApplication(sys.argv[:1])
    folder = Path(tempfile.mkdtemp(prefix="ncdesk-shots-"))
    db = open_database(folder / "demo.db")
    fill_demo(db, "small", seed=1)
    tasks = TaskRunner()
    window = MainWindow(DeskContext(db, tasks))
    window.resize(1200, 750)
    window.show()
    settle(tasks)
    out.mkdir(parents=True, exist_ok=True)

    def shot(name: str, widget: QWidget) -> None:
        settle(tasks)
        widget.grab().save(str(out / name))
        print(out / name)

    # The People screen as the README shows it.
    people = window.area(PeopleScreen)
    assert people is not None
    window.show_screen(people)
    settle(tasks)
    QTest.keyClicks(people.finder.search, "ma")
    settle(tasks)
    people.open_person(get_person_by_ref(db, "P00060").id)
    settle(tasks)
    people.form.inputs["first_name"].setFocus()
    shot("people.png", window)

    plant_near_duplicates(db)

    # The desk: "dave powel" typed, Ctrl+N, Enter.
    desk = window.area(DropInScreen)
    assert desk is not None
    window.show_screen(desk)
    settle(tasks)
    today = desk.today
    QTest.keyClicks(today.checkin.search, "dave powel")
    settle(tasks)
    QTest.keyClick(today.checkin.search, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    QTest.keyClick(today.first_timer.inputs["last_name"], Qt.Key.Key_Return)
    settle(tasks)
    dialog = today.dialogs.likely_matches
    assert dialog is not None
    shot("likely-matches.png", dialog)
    dialog.reject()
    today.first_timer.cancel()

    # The People screen's add form.
    if extras:
        show_add_form_matches(people, tasks, shot)

    window.show_screen(people)
    review = people.review_duplicates()
    settle(tasks, 600)
    review.pair_list.setCurrentItem(review.pair_list.topLevelItem(0))
    shot("possible-duplicates.png", review)
    review.close()

    window.close()
    tasks.wait_for_done()
    db.close()
    del app


def show_add_form_matches(
    people: PeopleScreen, tasks: TaskRunner, shot: Callable[[str, QWidget], None]
) -> None:
    window = people.window()
    assert isinstance(window, MainWindow)
    window.show_screen(people)
    settle(tasks)
    people.new_person()
    people.form.inputs["first_name"].setText("Kayley")  # type: ignore[attr-defined]
    people.form.inputs["last_name"].setText("Ashworth")  # type: ignore[attr-defined]
    people.save()
    settle(tasks)
    found = [d for d in people.findChildren(QWidget) if d.isWindow() and d.isVisible()]
    if found:
        shot("extra-likely-matches-people.png", found[-1])
        found[-1].close()
    people.form.revert()


if __name__ == "__main__":
    given = Path(sys.argv[1]) if len(sys.argv) > 1 else None
    main(given or DOCS, extras=given is not None)
