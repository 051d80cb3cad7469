"""Screenshots of the Home screen, the outcome form, the Reports charts and the outcomes page
of the printed return, for the docs, from the small demo with a made-up grant (all synthetic).

    QT_QPA_PLATFORM=offscreen .venv/bin/python -m tests.ui.home.make_screenshots [OUT_DIR]

Writes home.png, person-outcomes.png, outcome-form.png, desk-outcomes-reminder.png,
reports-charts.png and pdf-outcomes.png.
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
from datetime import date
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QWidget

from ncdesk.core.db import Database, open_database
from ncdesk.core.demo import fill_demo
from ncdesk.core.parsing import today
from ncdesk.core.reports.grant_return_pdf import write_grant_return_pdf
from ncdesk.core.services.activities import list_activities
from ncdesk.core.services.grants import GrantInput, list_grants, save_grant
from ncdesk.core.services.outcomes import score_history
from ncdesk.core.services.people import search_people
from ncdesk.ui.common.desk_context import DeskContext
from ncdesk.ui.common.tasks import TaskRunner
from ncdesk.ui.dropin.dropin_screen import DropInScreen
from ncdesk.ui.home.home_screen import HomeScreen
from ncdesk.ui.main_window import MainWindow
from ncdesk.ui.people.people_screen import PeopleScreen
from ncdesk.ui.reports.reports_screen import ReportsScreen
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


def outcomes_page(pdf: Path) -> int:
    """The page number the outcomes section starts on (read with pdftotext)."""
    text = subprocess.run(
        ["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout
    for number, page in enumerate(text.split("\f"), start=1):
        if "Outcomes: the difference made" in page:
            return number
    raise SystemExit("no outcomes page in the PDF")


def main(out: Path) -> None:
    app = QApplication.instance() or QApplication(sys.argv[:1])
    folder = Path(tempfile.mkdtemp(prefix="ncdesk-shots-"))
    db = open_database(folder / "demo.db")
    fill_demo(db, "small", seed=1)
    add_demo_grant(db)
    tasks = TaskRunner()
    window = MainWindow(DeskContext(db, tasks))
    window.resize(1280, 1000)
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

    # The wellbeing questions for a demo regular, from their page.
    people = window.area(PeopleScreen)
    assert isinstance(people, PeopleScreen)
    window.show_screen(people)
    settle(tasks)
    person = next(p for p in search_people(db, "a", limit=50) if len(score_history(db, p.id)) > 6)
    people.open_person(person.id)
    settle(tasks)
    people.pages.setCurrentWidget(people.outcomes)
    shot("person-outcomes.png", window)
    form = people.outcomes.open_form()
    assert form is not None
    settle(tasks)
    for measure_id, answer in (
        ("wellbeing_life_satisfaction", "7"),
        ("wellbeing_worthwhile", "8"),
        ("wellbeing_happy", "6"),
        ("wellbeing_anxious", "12"),
    ):
        form.answer(measure_id).setText(answer)
    form.save()  # the anxiety answer is off its scale: refused beside its question
    form.resize(640, 700)
    shot("outcome-form.png", form)
    form.reject()

    # At the desk: a first-timer checked in, and the reminder to ask the questions.
    dropin = window.area(DropInScreen)
    assert isinstance(dropin, DropInScreen)
    window.show_screen(dropin)
    settle(tasks)
    desk = dropin.today
    QTest.keyClicks(desk.checkin.search, "Wilhelmina Ashdown")
    settle(tasks)
    QTest.keyClick(desk.checkin.search, Qt.Key.Key_Return)  # add as new
    settle(tasks)
    QTest.keyClick(desk.first_timer.inputs["last_name"], Qt.Key.Key_Return)  # only a name
    settle(tasks)
    shot("desk-outcomes-reminder.png", window)

    # The Reports area's charts for the grant's year so far.
    reports = window.area(ReportsScreen)
    assert isinstance(reports, ReportsScreen)
    window.show_screen(reports)
    settle(tasks)
    tab = reports.grant_return
    grant = list_grants(db)[0]
    tab.picker.choose(grant.id, grant.start, today())
    tab.show_figures()
    settle(tasks)
    dialog = tab.open_charts()
    assert dialog is not None
    settle(tasks)
    dialog.resize(900, 1100)
    shot("reports-charts.png", dialog)
    dialog.reject()

    # The printed return's outcomes page, as an image.
    shown = tab.shown_return
    assert shown is not None
    write_grant_return_pdf(shown, folder / "return.pdf")
    page = outcomes_page(folder / "return.pdf")
    subprocess.run(
        [
            "pdftoppm",
            "-png",
            "-r",
            "100",
            "-f",
            str(page),
            "-l",
            str(page),
            "-singlefile",
            str(folder / "return.pdf"),
            str(out / "pdf-outcomes"),
        ],
        check=True,
    )
    print(out / "pdf-outcomes.png")
    window.close()
    tasks.wait_for_done()
    del app


if __name__ == "__main__":
    main(Path(sys.argv[1]) if len(sys.argv) > 1 else DOCS)
