"""What each role is shown (DESIGN §9): a volunteer's window leaves out what the core would
refuse them, and on the People screen the fields kept from them are not there at all."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QPushButton, QWidget
from pytestqt.qtbot import QtBot

from ncdesk.core.db import Database
from ncdesk.core.services.people import get_person, search_people
from ncdesk.ui.dropin.dropin_screen import DropInScreen
from ncdesk.ui.dropin.person_search import COL_AGE
from ncdesk.ui.loans.loans_screen import LoansScreen
from ncdesk.ui.main_window import MainWindow
from ncdesk.ui.timebank.timebank_screen import TimebankScreen
from tests.ui.helpers import focused, people_screen, press, search_for, type_here

CTRL = Qt.KeyboardModifier.ControlModifier
WindowAs = Callable[[str], MainWindow]
RESTRICTED_LABELS = ("Date of birth", "Ethnicity", "Disability", "Notes")


def areas(window: MainWindow) -> list[str]:
    return [window.sidebar.item(i).text() for i in range(window.sidebar.count())]


def shown_buttons(page: QWidget) -> set[str]:
    """The labels of the buttons a user sees on `page` (or would, once it is shown): those
    with nothing between them and the page hidden on purpose."""

    def would_show(widget: QWidget | None) -> bool:
        while widget is not None and widget is not page:
            explicit = widget.testAttribute(Qt.WidgetAttribute.WA_WState_ExplicitShowHide)
            if widget.isHidden() and explicit:
                return False
            widget = widget.parentWidget()
        return True

    return {b.text().replace("&", "") for b in page.findChildren(QPushButton) if would_show(b)}


def visible_labels(widget: QWidget) -> list[str]:
    return [
        label.text().replace("&", "")
        for label in widget.findChildren(QLabel)
        if label.isVisible() and label.text()
    ]


def tab_titles(tabs: object) -> list[str]:
    return [tabs.tabText(i).replace("&", "") for i in range(tabs.count())]  # type: ignore[attr-defined]


def open_someone_with_every_detail(qtbot: QtBot, window: MainWindow, coordinator: Database) -> str:
    """Open, on the People screen, a demo person whose date of birth the core holds."""
    target = next(
        p for p in search_people(coordinator, "a", limit=50) if p.date_of_birth is not None
    )
    screen = people_screen(window)
    names = search_for(qtbot, screen.finder, target.person_ref)
    assert names == [target.name]
    press(qtbot, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: screen.person is not None and screen.person.id == target.id)
    return target.person_ref


def test_a_volunteers_people_screen_has_no_date_of_birth_ethnicity_disability_or_notes(
    qtbot: QtBot, window_as: WindowAs, sign_in: Callable[[str], Database]
) -> None:
    window = window_as("vic")
    screen = people_screen(window)
    open_someone_with_every_detail(qtbot, window, sign_in("cody"))

    for name in ("date_of_birth", "ethnicity", "disability", "notes"):
        assert name not in screen.form.inputs
    labels = visible_labels(screen)
    for text in RESTRICTED_LABELS:
        assert not any(label.startswith(text) for label in labels), text
    assert "Age band:" in labels
    assert screen.form.inputs["age_band"].currentText() != "Not known"  # worked out for them
    model = screen.finder.model
    headers = [model.headerData(c, Qt.Orientation.Horizontal) for c in range(model.columnCount())]
    assert headers == ["Ref", "Name", "Postcode", "Phone", "Status"]
    assert not screen.archive_button.isVisible() and not screen.merge_button.isVisible()
    assert screen.save_button.isVisible() and screen.new_button.isVisible()


def test_a_volunteer_changing_a_phone_number_leaves_what_they_cannot_see_alone(
    qtbot: QtBot, window_as: WindowAs, sign_in: Callable[[str], Database]
) -> None:
    coordinator = sign_in("cody")
    window = window_as("vic")
    screen = people_screen(window)
    open_someone_with_every_detail(qtbot, window, coordinator)
    person_id = screen.person.id if screen.person else 0
    before = get_person(coordinator, person_id)
    phone = screen.form.inputs["phone"]
    phone.setFocus()
    phone.selectAll()
    type_here(qtbot, "01353 960123")
    press(qtbot, Qt.Key.Key_S, CTRL)

    qtbot.waitUntil(lambda: screen.feedback.text().startswith("Saved"))
    after = get_person(coordinator, person_id)
    assert after.phone != before.phone
    kept = ("date_of_birth", "age_band", "ethnicity", "disability", "notes")
    assert [getattr(after, name) for name in kept] == [getattr(before, name) for name in kept]


def test_a_volunteers_window_has_no_reports_admin_settings_or_exports(
    qtbot: QtBot, window_as: WindowAs
) -> None:
    window = window_as("vic")
    assert areas(window) == ["People", "Drop-in", "Timebank", "Loans"]
    file_menu = window.menuBar().actions()[0].menu().actions()
    assert "Settings…" not in [a.text().replace("&", "") for a in file_menu if a.isVisible()]
    assert window.password_action.isVisible() and window.lock_action.isVisible()

    timebank = window.area(TimebankScreen)
    assert isinstance(timebank, TimebankScreen)
    assert tab_titles(timebank.tabs) == ["Exchanges", "Batch entry", "Members"]
    ledger = shown_buttons(timebank.ledger)
    assert "Record hours…" in ledger
    assert not {"Void…", "Export…", "Donate to chest…", "Grant from chest…"} & ledger
    members = shown_buttons(timebank.members)
    assert not {"Join a member…", "Add organisation…", "Skill categories…", "Export…"} & members
    assert not {"Save changes", "Add offer…", "Add request…", "Statement PDF…"} & members

    loans = window.area(LoansScreen)
    assert isinstance(loans, LoansScreen)
    assert "Figures" not in tab_titles(loans.tabs)
    items = shown_buttons(loans.items)
    assert {"Lend…", "Return…", "Extend…", "Reserve…", "Agreement…"} <= items
    assert not {"New item…", "Export list…", "Edit…", "Retire…", "Record check…"} & items
    assert not {"Send for service…", "Back from service…"} & items
    assert "Export list…" not in shown_buttons(loans.loans)
    assert not {"Record check…", "Checks and requirements…"} & shown_buttons(loans.checks)
    assert not {"Back from service…", "Job sheet…"} & shown_buttons(loans.servicing)

    dropin = window.area(DropInScreen)
    assert isinstance(dropin, DropInScreen)
    assert "Export…" not in shown_buttons(dropin.follow_ups)
    activities = shown_buttons(dropin.activities)
    assert not {"New activity…", "Change…", "Archive…", "Referral types…"} & activities
    assert {"Cancel session…", "Add a session…", "Enter paper sheet…"} <= activities
    assert dropin.today.checkin.view.isColumnHidden(COL_AGE)


def test_a_coordinator_sees_every_record_and_report_but_no_admin_area(
    qtbot: QtBot, window_as: WindowAs, sign_in: Callable[[str], Database]
) -> None:
    window = window_as("cody")
    assert areas(window) == ["Home", "People", "Drop-in", "Timebank", "Loans", "Reports"]
    assert not window.settings_action.isVisible()
    screen = people_screen(window)
    assert "date_of_birth" in screen.form.inputs and "notes" in screen.form.inputs
    open_someone_with_every_detail(qtbot, window, sign_in("cody"))
    assert screen.archive_button.isVisible() and screen.merge_button.isVisible()
    timebank = window.area(TimebankScreen)
    assert isinstance(timebank, TimebankScreen)
    assert "Matching" in tab_titles(timebank.tabs)
    assert "Void…" in shown_buttons(timebank.ledger)


def test_an_admin_has_the_admin_area_on_ctrl_7_and_settings(
    qtbot: QtBot, window_as: WindowAs
) -> None:
    window = window_as("ada")
    assert areas(window) == ["Home", "People", "Drop-in", "Timebank", "Loans", "Reports", "Admin"]
    assert window.settings_action.isVisible()
    press(qtbot, Qt.Key.Key_7, CTRL)
    assert window.stack.currentWidget().title == "Admin"  # type: ignore[attr-defined]
    assert focused() is window.stack.currentWidget().users.view  # type: ignore[attr-defined]
