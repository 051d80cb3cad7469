"""Home, the wellbeing questions and Referred by, driven as a coordinator would: at the desk,
on a person's page, and back on Home to see the figures move."""

from __future__ import annotations

from datetime import date

import pytest
import shiboken6
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QComboBox
from pytestqt.qtbot import QtBot

from ncdesk.core.db import Database
from ncdesk.core.parsing import today
from ncdesk.core.services.outcomes import record_scores, score_history
from ncdesk.core.services.people import add_person, get_person
from ncdesk.core.services.person_fields import PersonDetails
from ncdesk.ui.common.chart_view import ChartView
from ncdesk.ui.dropin.today_screen import TodayScreen
from ncdesk.ui.home.home_screen import HomeScreen
from ncdesk.ui.main_window import MainWindow
from ncdesk.ui.outcomes.outcome_form import OutcomeForm
from tests.ui.dropin.conftest import back_at_the_desk, open_dropin, wait_quiet
from tests.ui.helpers import focused, people_screen, press, type_here, wait_for_list

CTRL, ALT = Qt.KeyboardModifier.ControlModifier, Qt.KeyboardModifier.AltModifier
LIFE = "wellbeing_life_satisfaction"


def home_of(window: MainWindow) -> HomeScreen:
    home = window.area(HomeScreen)
    assert isinstance(home, HomeScreen)
    return home


def chart(home: HomeScreen, key: str) -> ChartView:
    return next(c for c in home.charts if c.drawn is not None and c.drawn.chart.key == key)


def the_form(qtbot: QtBot) -> OutcomeForm:
    qtbot.waitUntil(lambda: isinstance(QApplication.activeModalWidget(), OutcomeForm))
    form = QApplication.activeModalWidget()
    assert isinstance(form, OutcomeForm)
    form.activateWindow()  # the offscreen platform gives a new dialog no keyboard
    qtbot.waitUntil(lambda: form.isAncestorOf(QApplication.focusWidget()))
    return form


@pytest.fixture
def desk(qtbot: QtBot, demo_window: MainWindow) -> TodayScreen:
    """The Drop-in area's Today screen, with the demo's session for today open."""
    screen = open_dropin(qtbot, demo_window)
    assert screen.session is not None
    return screen


@pytest.fixture
def asked_before(demo_db: Database) -> tuple[int, str]:
    """Someone asked the questions two years ago, never since: due again today."""
    person = add_person(demo_db, PersonDetails(first_name="Xanthe", last_name="Pellingham"))
    record_scores(demo_db, person.id, date(today().year - 2, 1, 15), {LIFE: 3})
    return person.id, "Xanthe Pellingham"


def test_the_window_opens_on_home_with_this_years_figures_and_charts(
    qtbot: QtBot, demo_window: MainWindow
) -> None:
    home = home_of(demo_window)
    assert demo_window.stack.currentWidget() is home
    qtbot.waitUntil(lambda: home.shown is not None)
    headers = [home.model.headerData(c, Qt.Orientation.Horizontal) for c in range(5)]
    assert headers == ["Figure", "This month", "This year", "Target", "Progress"]
    labels = [home.model.index(r, 0).data() for r in range(home.model.rowCount())]
    assert "Drop-in attendances" in labels and "People reached" in labels
    shown = {c.drawn.chart.key for c in home.charts if c.drawn and c.isVisible()}
    assert {"attendance", "ages", "outcomes"} <= shown
    assert "Apr" in chart(home, "attendance").svg.accessibleDescription()


def test_answers_recorded_at_the_desk_show_on_home(
    qtbot: QtBot, desk: TodayScreen, demo_window: MainWindow, asked_before: tuple[int, str]
) -> None:
    home = home_of(demo_window)
    qtbot.waitUntil(lambda: home.shown is not None)
    before = chart(home, "outcomes").drawn
    assert before is not None
    people_before, better_before = before.chart.series[0][0], before.chart.series[1][0]

    type_here(qtbot, asked_before[1])
    wait_quiet(qtbot, desk)
    press(qtbot, Qt.Key.Key_Return)  # checked in, and highlighted in who is here
    qtbot.waitUntil(lambda: asked_before[1] in desk.here.names())
    wait_quiet(qtbot, desk)
    qtbot.waitUntil(lambda: "Wellbeing questions due" in desk.outcomes.text.text())
    assert "was last asked on 15/01/" in desk.outcomes.text.text()

    press(qtbot, Qt.Key.Key_Q, ALT)  # Wellbeing questions…
    form = the_form(qtbot)
    assert focused() is form.answer(LIFE)
    type_here(qtbot, "8")
    press(qtbot, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: not shiboken6.isValid(form) or not form.isVisible())
    qtbot.waitUntil(lambda: "Recorded 1 wellbeing answer for Xanthe" in desk.feedback.text())
    qtbot.waitUntil(lambda: "not due" in desk.outcomes.text.text())

    back_at_the_desk(qtbot, desk)  # the cursor is back in the check-in field
    press(qtbot, Qt.Key.Key_1, CTRL)  # Home
    qtbot.waitUntil(
        lambda: (
            (c := chart(home, "outcomes").drawn) is not None
            and c.chart.series[0][0] == people_before + 1
        )
    )
    after = chart(home, "outcomes")
    assert after.drawn is not None and after.drawn.chart.series[1][0] == better_before + 1
    assert f"Life satisfaction: {people_before + 1:,.0f}" in after.svg.accessibleDescription()


def test_an_answer_off_its_scale_is_refused_beside_its_question_and_nothing_is_saved(
    qtbot: QtBot, demo_window: MainWindow, demo_db: Database, asked_before: tuple[int, str]
) -> None:
    screen = people_screen(demo_window)
    person_id = asked_before[0]
    screen.open_person(person_id)
    qtbot.waitUntil(lambda: screen.person is not None and screen.person.id == person_id)
    press(qtbot, Qt.Key.Key_O, ALT)  # the Outcomes tab
    assert screen.pages.currentWidget() is screen.outcomes
    qtbot.waitUntil(lambda: screen.outcomes.model.rowCount() == 1)
    screen.outcomes.ask_button.setFocus()
    press(qtbot, Qt.Key.Key_Space)
    form = the_form(qtbot)
    type_here(qtbot, "11")
    press(qtbot, Qt.Key.Key_Tab)
    type_here(qtbot, "seven")
    press(qtbot, Qt.Key.Key_Return)

    qtbot.waitUntil(lambda: form.errors.message(LIFE) != "")
    assert "Must be a whole number from 0 to 10" in form.errors.message(LIFE)
    assert "from 0 to 10" in form.errors.message("wellbeing_worthwhile")
    assert form.isVisible() and focused() is form.answer(LIFE)
    assert len(score_history(demo_db, person_id)) == 1  # only the answer from before
    form.reject()


def test_a_first_visitor_is_offered_the_questions_at_the_desk(
    qtbot: QtBot, desk: TodayScreen
) -> None:
    type_here(qtbot, "zebedee quarr")
    wait_quiet(qtbot, desk)
    press(qtbot, Qt.Key.Key_Return)  # add as new
    press(qtbot, Qt.Key.Key_Return)  # with only a name
    qtbot.waitUntil(lambda: desk.here.names()[:1] == ["Zebedee Quarr"])
    wait_quiet(qtbot, desk)
    qtbot.waitUntil(lambda: "First visit" in desk.outcomes.text.text())
    assert "ask Zebedee Quarr the wellbeing questions" in desk.outcomes.text.text()
    assert desk.outcomes.button.isVisible()


def test_referred_by_is_chosen_from_the_list_and_saved_from_the_person_form(
    qtbot: QtBot, demo_window: MainWindow, demo_db: Database, asked_before: tuple[int, str]
) -> None:
    screen = people_screen(demo_window)
    wait_for_list(qtbot, screen.finder)
    screen.open_person(asked_before[0])
    qtbot.waitUntil(lambda: screen.person is not None and screen.person.id == asked_before[0])
    referred = screen.form.inputs["referred_by"]
    assert isinstance(referred, QComboBox)
    qtbot.waitUntil(lambda: referred.findText("GP") > 0)
    press(qtbot, Qt.Key.Key_Y, ALT)  # Referred by
    assert focused() in (referred, referred.lineEdit())
    referred.setCurrentIndex(referred.findText("GP"))
    press(qtbot, Qt.Key.Key_S, CTRL)

    qtbot.waitUntil(lambda: screen.feedback.text().startswith("Saved"))
    assert get_person(demo_db, asked_before[0]).referred_by == "GP"
