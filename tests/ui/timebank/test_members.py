"""Members: joining, status and limits, offers and requests, statements, inactive members."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

from openpyxl import load_workbook
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFileDialog, QLineEdit
from pytestqt.qtbot import QtBot

from ncdesk.core.parsing import format_date, today
from ncdesk.core.services.people import list_people, summaries
from ncdesk.core.services.skills import listings
from ncdesk.core.services.timebank_accounts import get_account, join_member, member_for_person
from ncdesk.ui.common.tasks import TIMEBANK
from ncdesk.ui.timebank.member_dialogs import JoinDialog, ListingDialog
from ncdesk.ui.timebank.tables import AC_BALANCE
from ncdesk.ui.timebank.timebank_screen import TimebankScreen
from tests.ui.helpers import click_button, focused
from tests.ui.timebank.conftest import active_dialog, closed, press_key, type_keys


def open_members(qtbot: QtBot, screen: TimebankScreen) -> None:
    press_key(qtbot, Qt.Key.Key_M, Qt.KeyboardModifier.AltModifier)
    qtbot.waitUntil(lambda: screen.tabs.currentWidget() is screen.members)
    qtbot.waitUntil(lambda: screen.members.model.rowCount() > 0)


def save_as(qtbot: QtBot, path: Path) -> None:
    """Answer the 'save as' dialog now open with `path`."""
    dialog = active_dialog(qtbot, QFileDialog)
    assert isinstance(dialog, QFileDialog)
    name = dialog.findChild(QLineEdit, "fileNameEdit")  # typed, as a user would
    name.setFocus()
    name.selectAll()
    type_keys(qtbot, str(path))
    press_key(qtbot, Qt.Key.Key_Return)


def not_yet_members(screen: TimebankScreen):
    db = screen._ctx.db
    return [p for p in summaries(db, list_people(db)) if member_for_person(db, p.id) is None]


def test_someone_in_the_register_joins_the_timebank(qtbot: QtBot, timebank: TimebankScreen):
    db = timebank._ctx.db
    person = not_yet_members(timebank)[0]
    open_members(qtbot, timebank)
    press_key(qtbot, Qt.Key.Key_J, Qt.KeyboardModifier.AltModifier)
    dialog = active_dialog(qtbot, JoinDialog)
    assert isinstance(dialog, JoinDialog)
    assert focused() is dialog.finder.search

    type_keys(qtbot, person.person_ref)
    qtbot.waitUntil(lambda: not dialog.finder.is_searching())
    press_key(qtbot, Qt.Key.Key_Return)  # the person found: on to the date
    assert focused() is dialog.joined
    press_key(qtbot, Qt.Key.Key_Return)  # today's date will do: join

    qtbot.waitUntil(lambda: closed(dialog))
    qtbot.waitUntil(lambda: member_for_person(db, person.id) is not None)
    members = timebank.members
    qtbot.waitUntil(lambda: members.current_account() is not None)
    qtbot.waitUntil(lambda: members.current_account().person_id == person.id)  # type: ignore[union-attr]
    assert members.panel.heading.text().count(person.name) == 1
    assert f"{person.name} joined the timebank." in members.feedback.text()


def test_pausing_a_member_and_setting_a_limit(qtbot: QtBot, timebank: TimebankScreen):
    db = timebank._ctx.db
    open_members(qtbot, timebank)
    members = timebank.members
    account = members.current_account()
    assert account is not None and account.status == "active"

    members.panel.status.setFocus()
    press_key(qtbot, Qt.Key.Key_Down)  # Active → Paused
    press_key(qtbot, Qt.Key.Key_Tab)
    type_keys(qtbot, "-10")
    press_key(qtbot, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)

    qtbot.waitUntil(lambda: get_account(db, account.id).status == "paused")
    assert get_account(db, account.id).limit_low == -600
    qtbot.waitUntil(lambda: "Saved" in members.feedback.text())
    qtbot.waitUntil(lambda: members.panel.limit_low.text() == "-10:00")


def test_a_limit_that_cannot_be_read_is_explained(qtbot: QtBot, timebank: TimebankScreen):
    open_members(qtbot, timebank)
    panel = timebank.members.panel
    panel.limit_high.setText("plenty")
    panel.save()
    assert "Not a number of hours" in panel.errors.message("limit_high")


def test_an_offer_added_is_listed_for_the_member(qtbot: QtBot, timebank: TimebankScreen):
    db = timebank._ctx.db
    open_members(qtbot, timebank)
    account = timebank.members.current_account()
    assert account is not None
    click_button(qtbot, timebank.members.panel, "Add offer…")
    dialog = active_dialog(qtbot, ListingDialog)
    assert isinstance(dialog, ListingDialog)
    press_key(qtbot, Qt.Key.Key_Tab)
    type_keys(qtbot, "dog walking")
    press_key(qtbot, Qt.Key.Key_Return)

    qtbot.waitUntil(lambda: closed(dialog))
    offers = listings(db, account_id=account.id, kind="offer")
    assert any(o.description == "dog walking" for o in offers)
    model = timebank.members.panel.listing_model
    qtbot.waitUntil(lambda: model.rowCount() == len(listings(db, account_id=account.id)))


def test_a_statement_pdf_is_saved_for_the_period(
    qtbot: QtBot, timebank: TimebankScreen, tmp_path: Path
):
    open_members(qtbot, timebank)
    panel = timebank.members.panel
    account = timebank.members.current_account()
    assert account is not None
    panel.statement_from.setText(format_date(today() - timedelta(days=365)))
    click_button(qtbot, panel, "Statement PDF…")
    target = tmp_path / "statement.pdf"
    save_as(qtbot, target)

    qtbot.waitUntil(lambda: "Statement for" in timebank.members.feedback.text(), timeout=15000)
    assert target.read_bytes().startswith(b"%PDF")
    assert str(target) in timebank.members.feedback.text()
    assert f"closing balance {account.balance_text}" in timebank.members.feedback.text()


def test_members_gone_quiet_are_listed_and_exported(
    qtbot: QtBot, timebank: TimebankScreen, tmp_path: Path
):
    db = timebank._ctx.db
    quiet = not_yet_members(timebank)[0]
    join_member(db, quiet.id, today() - timedelta(days=200))  # joined, never traded
    press_key(qtbot, Qt.Key.Key_I, Qt.KeyboardModifier.AltModifier)
    inactive = timebank.inactive
    qtbot.waitUntil(lambda: inactive.isVisible() and not inactive.is_loading())
    assert focused() is inactive.months
    assert quiet.name in [a.name for a in inactive.listed()]

    type_keys(qtbot, "12")  # no exchange for 12 months: they joined too recently to count
    qtbot.waitUntil(lambda: not inactive.is_loading() and inactive.months.value() == 12)
    assert quiet.name not in [a.name for a in inactive.listed()]

    inactive.months.setValue(3)
    qtbot.waitUntil(lambda: not inactive.is_loading())
    click_button(qtbot, inactive, "Export…")
    target = tmp_path / "quiet.xlsx"
    save_as(qtbot, target)
    qtbot.waitUntil(lambda: "Saved" in inactive.feedback.text())
    rows = list(load_workbook(target).active.iter_rows(values_only=True))
    assert rows[0][:2] == ("Ref", "Name")
    assert any(row[1] == quiet.name for row in rows[1:])


def test_a_sorted_list_stays_sorted_when_balances_change(qtbot: QtBot, timebank: TimebankScreen):
    open_members(qtbot, timebank)
    members = timebank.members
    members.view.horizontalHeader().setSortIndicator(AC_BALANCE, Qt.SortOrder.DescendingOrder)
    loads = []
    timebank.directory.loaded.connect(lambda: loads.append(1))
    timebank._ctx.changes.notify(TIMEBANK)  # as after any exchange recorded
    qtbot.waitUntil(lambda: bool(loads))

    model = members.model
    shown = [model.record_at(r).balance for r in range(model.rowCount())]  # type: ignore[union-attr]
    assert shown == sorted(shown, reverse=True)
