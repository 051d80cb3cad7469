"""Grants: add one with its activities, coverage and a target typed from the keyboard, change
it, and see the reasons when something is missing."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialogButtonBox
from pytestqt.qtbot import QtBot

from ncdesk.core.db import Database
from ncdesk.core.services.grants import GrantInfo, grant_by_code
from ncdesk.ui.reports.grant_dialog import GrantDialog, target_figures
from ncdesk.ui.reports.periods import financial_year, last_quarter, quarter
from ncdesk.ui.reports.reports_screen import ReportsScreen
from tests.ui.reports.conftest import gone


def open_new_grant(qtbot: QtBot, reports: ReportsScreen) -> GrantDialog:
    reports.tabs.setFocus()
    qtbot.keyClick(reports.tabs, Qt.Key.Key_G, Qt.KeyboardModifier.AltModifier)
    tab = reports.grants
    qtbot.waitUntil(lambda: tab.model.rowCount() == 1)
    with qtbot.waitSignal(tab.dialog_opened) as opened:
        qtbot.keyClick(tab.view, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    dialog = opened.args[0]
    assert isinstance(dialog, GrantDialog)
    qtbot.waitUntil(dialog.funder.hasFocus)  # typing goes straight into the funder
    return dialog


def type_into(qtbot: QtBot, widget, text: str) -> None:  # noqa: ANN001
    widget.setFocus()
    qtbot.keyClicks(widget, text)


def test_a_new_grant_with_a_target_is_listed_and_can_be_reported_on(
    qtbot: QtBot, reports: ReportsScreen, demo_db: Database
) -> None:
    dialog = open_new_grant(qtbot, reports)
    type_into(qtbot, dialog.funder, "Soham Town Council")
    type_into(qtbot, dialog.code, "STC-24")
    type_into(qtbot, dialog.name, "Warm spaces")
    type_into(qtbot, dialog.start, "01/04/2026")
    type_into(qtbot, dialog.end, "31/03/2027")
    type_into(qtbot, dialog.amount, "£2,500")
    dialog.activities.setFocus()
    dialog.activities.setCurrentRow(1)
    qtbot.keyClick(dialog.activities, Qt.Key.Key_Space)  # tick the second activity
    qtbot.keyClick(dialog.covers_loans, Qt.Key.Key_Space)
    type_into(qtbot, dialog.target_figure.lineEdit(), "65 or over")
    qtbot.keyClick(dialog.target_figure.lineEdit(), Qt.Key.Key_Return)  # on to the target
    assert dialog.target_figure.currentData() == "reach.age_65_plus"
    assert dialog.target_value.hasFocus()
    qtbot.keyClicks(dialog.target_value, "75")
    qtbot.keyClick(dialog.target_value, Qt.Key.Key_Return)  # adds the target; does not save
    assert dialog.isVisible()
    assert dialog.target_ids == {"reach.age_65_plus": 75}

    with qtbot.waitSignal(dialog.saved):
        qtbot.keyClick(dialog.name, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: reports.grants.model.rowCount() == 2)

    saved = grant_by_code(demo_db, "STC-24")
    assert (saved.funder, saved.name, saved.amount_pence) == (
        "Soham Town Council",
        "Warm spaces",
        250_000,
    )
    assert saved.targets == {"reach.age_65_plus": 75}
    assert len(saved.activity_ids) == 1 and saved.covers_loans and not saved.covers_timebank
    assert reports.grants.current_grant().code == "STC-24"
    picker = reports.grant_return.picker.grant
    qtbot.waitUntil(lambda: picker.findData(saved.id) > 0)


def test_a_grant_without_funder_or_code_says_what_is_missing(
    qtbot: QtBot, reports: ReportsScreen
) -> None:
    dialog = open_new_grant(qtbot, reports)
    type_into(qtbot, dialog.start, "01/04/2026")
    type_into(qtbot, dialog.end, "31/13/2026")
    dialog.buttons.button(QDialogButtonBox.StandardButton.Save).click()
    assert "does not exist" in dialog.problem("end")
    dialog.end.clear()
    type_into(qtbot, dialog.end, "31/03/2027")
    dialog.buttons.button(QDialogButtonBox.StandardButton.Save).click()
    qtbot.waitUntil(lambda: bool(dialog.problem("funder")))
    assert "who funds it" in dialog.problem("funder").lower()
    assert dialog.problem("code")
    assert dialog.isVisible()


def test_a_target_must_be_a_whole_number_for_a_count(qtbot: QtBot, reports: ReportsScreen) -> None:
    dialog = open_new_grant(qtbot, reports)
    dialog.choose_target_figure("reach.unique_people")
    type_into(qtbot, dialog.target_value, "12.5")
    qtbot.keyClick(dialog.target_value, Qt.Key.Key_Return)
    assert "whole number" in dialog.problem("targets")
    dialog.choose_target_figure("volunteers.hours")
    qtbot.keyClick(dialog.target_value, Qt.Key.Key_Return)
    assert dialog.target_ids == {"volunteers.hours": 12.5}
    dialog.targets.setFocus()
    dialog.targets.setCurrentItem(dialog.targets.topLevelItem(0))
    qtbot.keyClick(dialog.targets, Qt.Key.Key_Delete)
    assert dialog.target_ids == {}
    dialog.reject()


def test_enter_on_a_grant_opens_it_with_its_details(
    qtbot: QtBot, reports: ReportsScreen, grant: GrantInfo, demo_db: Database
) -> None:
    reports.show_tab(reports.grants)
    tab = reports.grants
    qtbot.waitUntil(lambda: tab.model.rowCount() == 1)
    with qtbot.waitSignal(tab.dialog_opened) as opened:
        qtbot.keyClick(tab.view, Qt.Key.Key_Return)
    dialog = opened.args[0]
    assert dialog.code.text() == grant.code
    assert dialog.amount.text() == "£18,500.00"
    assert dialog.target_ids == grant.targets
    dialog.name.clear()
    type_into(qtbot, dialog.name, "Older people's drop-ins, year 2")
    with qtbot.waitSignal(dialog.saved):
        dialog.save()
    qtbot.waitUntil(lambda: gone(dialog))
    assert grant_by_code(demo_db, grant.code).name == "Older people's drop-ins, year 2"


def test_every_figure_can_have_a_target_under_its_plain_name() -> None:
    figures = dict(target_figures(["Food bank voucher", "GP"]))
    assert figures["reach.age_65_plus"] == "People reached aged 65 or over"
    assert figures["referrals.by_type.gp"] == "Referrals to GP"
    assert figures["reach.gender.non_binary"] == "People reached, gender non-binary"
    assert all(not label.startswith(("reach.", "dropin.")) for label in figures.values())


def test_presets_follow_quarters_and_the_april_to_march_year() -> None:
    from datetime import date

    assert quarter(date(2026, 11, 23)) == (date(2026, 10, 1), date(2026, 12, 31))
    assert last_quarter(date(2026, 1, 5)) == (date(2025, 10, 1), date(2025, 12, 31))
    assert financial_year(date(2026, 3, 31)) == (date(2025, 4, 1), date(2026, 3, 31))
    assert financial_year(date(2026, 4, 1)) == (date(2026, 4, 1), date(2027, 3, 31))
