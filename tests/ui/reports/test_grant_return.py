"""The grant return on screen: pick a grant and a period, see the figures against targets,
open the records behind a figure, export PDF and XLSX, and find the return kept afterwards."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from openpyxl import load_workbook
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from ncdesk.core.db import Database
from ncdesk.core.parsing import format_date, today
from ncdesk.core.reports.metrics import compute, scope_for
from ncdesk.core.services.grants import GrantInfo, saved_runs
from ncdesk.ui.common.progress import Stopped
from ncdesk.ui.common.tasks import DROPIN, TaskRunner
from ncdesk.ui.reports.drilldown_dialog import DrilldownDialog
from ncdesk.ui.reports.exporting import write_whole
from ncdesk.ui.reports.periods import financial_year, last_quarter
from ncdesk.ui.reports.reports_screen import ReportsScreen
from tests.ui.conftest import MakeWindow
from tests.ui.reports.conftest import (
    SUPPRESS_BELOW,
    gone,
    lines,
    open_reports,
    save_as,
    select_figure,
    show_figures,
)


def choose_grant(qtbot: QtBot, screen: ReportsScreen, code: str) -> None:
    tab = screen.grant_return
    tab.picker.grant.setFocus()
    qtbot.keyClicks(tab.picker.grant, code)  # a closed list jumps to the item typed
    assert tab.picker.grant.currentText().startswith(code)


def test_the_screen_opens_on_last_quarter_with_the_cursor_on_the_grant(
    reports: ReportsScreen,
) -> None:
    tab = reports.grant_return
    start, end = last_quarter(today())
    assert (tab.picker.start.text(), tab.picker.end.text()) == (
        format_date(start),
        format_date(end),
    )
    assert tab.picker.grant.hasFocus()
    assert tab.picker.grant.currentText() == "All activities (no grant)"


def test_typing_a_preset_name_fills_in_its_dates(qtbot: QtBot, reports: ReportsScreen) -> None:
    tab = reports.grant_return
    tab.picker.period.setFocus()
    qtbot.keyClicks(tab.picker.period, "This f")
    start, end = financial_year(today())
    assert (tab.picker.start.text(), tab.picker.end.text()) == (
        format_date(start),
        format_date(end),
    )


def test_enter_shows_the_grants_figures_against_its_targets(
    qtbot: QtBot, reports: ReportsScreen, demo_db: Database, grant: GrantInfo
) -> None:
    tab = reports.grant_return
    choose_grant(qtbot, reports, grant.code)
    tab.picker.period.setCurrentIndex(tab.picker.period.findData("grant_period"))
    show_figures(qtbot, tab)

    exact = compute(demo_db, scope_for(demo_db, grant.start, grant.end, grant.code))
    shown = lines(tab)
    reached = shown["reach.unique_people"]
    assert reached.shown == f"{exact['reach.unique_people']:,}"
    assert reached.target == 120
    assert reached.progress == pytest.approx(exact["reach.unique_people"] / 120)
    # The grant does not cover loans, so, as on the printed return, they are left out.
    assert not any(metric_id.startswith("loans.") for metric_id in shown)
    assert tab.view.hasFocus()


def test_small_counts_are_shown_below_the_suppression_threshold(
    qtbot: QtBot, reports: ReportsScreen, demo_db: Database
) -> None:
    tab = reports.grant_return
    show_figures(qtbot, tab)
    small = [line for line in lines(tab).values() if 0 < line.value < SUPPRESS_BELOW]
    assert small, "the demo has some small counts"
    assert {line.shown for line in small if "hours" not in line.metric_id} == {"<5"}
    assert "shown as <5" in tab.note.text()


def test_enter_on_a_figure_lists_the_people_behind_it(qtbot: QtBot, reports: ReportsScreen) -> None:
    tab = reports.grant_return
    show_figures(qtbot, tab)
    select_figure(tab, "reach.age_65_plus")
    with qtbot.waitSignal(tab.records_opened) as opened:
        qtbot.keyClick(tab.view, Qt.Key.Key_Return)
    dialog = opened.args[0]
    assert isinstance(dialog, DrilldownDialog)
    assert dialog.model.total() == lines(tab)["reach.age_65_plus"].value
    ages = {dialog.model.index(r, 2).data() for r in range(dialog.model.rowCount())}
    assert ages <= {"65-74", "75-84", "85+"}
    qtbot.keyClick(dialog.view, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: gone(dialog))


def test_double_click_on_sessions_lists_the_sessions_counted(
    qtbot: QtBot, reports: ReportsScreen
) -> None:
    tab = reports.grant_return
    show_figures(qtbot, tab)
    select_figure(tab, "dropin.sessions")
    rect = tab.view.visualRect(tab.view.currentIndex())
    with qtbot.waitSignal(tab.records_opened) as opened:
        # A double-click is a click and then a second press; QTest sends the two apart.
        qtbot.mouseClick(tab.view.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
        qtbot.mouseDClick(tab.view.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    dialog = opened.args[0]
    assert dialog.model.total() == lines(tab)["dropin.sessions"].value
    assert "Activity" in dialog.drill.headers
    dialog.close()


def test_the_records_behind_a_figure_can_be_saved_as_xlsx(
    qtbot: QtBot, reports: ReportsScreen, tmp_path: Path
) -> None:
    tab = reports.grant_return
    show_figures(qtbot, tab)
    select_figure(tab, "volunteers.hours")
    with qtbot.waitSignal(tab.records_opened) as opened:
        tab.records_button.click()
    dialog = opened.args[0]
    path = tmp_path / "hours.xlsx"
    qtbot.mouseClick(dialog.export_button, Qt.MouseButton.LeftButton)
    save_as(qtbot, path)
    qtbot.waitUntil(lambda: "Saved as" in dialog.feedback.text())
    sheet = load_workbook(path).active
    assert [c.value for c in sheet[1]] == list(dialog.drill.headers)
    total = sum(row[4].value for row in sheet.iter_rows(min_row=2))
    assert round(total, 2) == lines(tab)["volunteers.hours"].value
    dialog.close()


def test_export_xlsx_writes_the_return_and_keeps_its_figures(
    qtbot: QtBot, reports: ReportsScreen, demo_db: Database, grant: GrantInfo, tmp_path: Path
) -> None:
    tab = reports.grant_return
    choose_grant(qtbot, reports, grant.code)
    show_figures(qtbot, tab)
    path = tmp_path / "return.xlsx"
    with qtbot.waitSignal(tab.exported, timeout=15_000):
        qtbot.mouseClick(tab.xlsx_button, Qt.MouseButton.LeftButton)
        save_as(qtbot, path)

    book = load_workbook(path)
    summary = book["Summary"]
    by_id = {row[0].value: row for row in summary.iter_rows() if row[0].value}
    assert by_id["reach.unique_people"][2].value == lines(tab)["reach.unique_people"].value
    runs = saved_runs(demo_db)
    assert [(r.grant_code, r.period_from) for r in runs] == [(grant.code, last_quarter(today())[0])]
    assert runs[0].metrics == tab.shown_return.figures
    assert str(path) in tab.feedback.text()

    reports.show_tab(reports.runs)
    qtbot.waitUntil(lambda: reports.runs.model.rowCount() == 1)
    assert reports.runs.figures_model.rowCount() > 0


def test_export_pdf_writes_a_pdf(qtbot: QtBot, reports: ReportsScreen, tmp_path: Path) -> None:
    tab = reports.grant_return
    path = tmp_path / "return.pdf"
    with qtbot.waitSignal(tab.exported, timeout=15_000):
        qtbot.mouseClick(tab.pdf_button, Qt.MouseButton.LeftButton)
        save_as(qtbot, path)
    assert path.read_bytes().startswith(b"%PDF")
    assert tab.shown_return is not None  # the figures exported are the ones on screen
    assert not list(tmp_path.glob(".*.part"))


def test_open_again_counts_an_earlier_returns_grant_and_period(
    qtbot: QtBot, reports: ReportsScreen, grant: GrantInfo, tmp_path: Path
) -> None:
    tab = reports.grant_return
    choose_grant(qtbot, reports, grant.code)
    tab.picker.start.setText("01/05/2026")
    tab.picker.end.setText("31/05/2026")
    with qtbot.waitSignal(tab.exported, timeout=15_000):
        tab.xlsx_button.click()
        save_as(qtbot, tmp_path / "may.xlsx")
    tab.picker.grant.setCurrentIndex(0)
    tab.picker.period.setCurrentIndex(0)

    reports.show_tab(reports.runs)
    qtbot.waitUntil(lambda: reports.runs.model.rowCount() == 1)
    with qtbot.waitSignal(tab.figures_shown):
        qtbot.keyClick(reports.runs.view, Qt.Key.Key_Return)
    assert reports.tabs.currentWidget() is tab
    scope = tab.shown_return.scope
    assert (scope.grant.code, scope.start, scope.end) == (
        grant.code,
        date(2026, 5, 1),
        date(2026, 5, 31),
    )


def test_a_period_that_ends_before_it_starts_is_explained(
    qtbot: QtBot, reports: ReportsScreen
) -> None:
    tab = reports.grant_return
    tab.picker.start.setFocus()
    tab.picker.start.selectAll()
    qtbot.keyClicks(tab.picker.start, "01/07/2026")
    tab.picker.end.setFocus()
    tab.picker.end.selectAll()
    qtbot.keyClicks(tab.picker.end, "30/06/2026")
    qtbot.keyClick(tab.picker.end, Qt.Key.Key_Return)
    assert "ends before it starts" in tab.picker.errors.message("end")
    assert tab.picker.period.currentData() == "custom"
    assert tab.shown_return is None


def test_changes_elsewhere_mark_the_figures_out_of_date(
    qtbot: QtBot, reports: ReportsScreen, tasks: TaskRunner
) -> None:
    tab = reports.grant_return
    show_figures(qtbot, tab)
    tasks.changes.notify(DROPIN)  # as after a check-in at the desk
    assert "Show figures again" in tab.note.text()


def test_a_cancelled_export_leaves_no_file(tmp_path: Path) -> None:
    path = tmp_path / "return.pdf"
    with pytest.raises(Stopped):
        write_whole(path, lambda p: p.write_bytes(b"%PDF-1.4"), lambda: True)
    assert list(tmp_path.iterdir()) == []


def test_a_new_database_shows_zeros_rather_than_nothing(
    qtbot: QtBot, make_window: MakeWindow, empty_db: Database
) -> None:
    reports = open_reports(qtbot, make_window(empty_db), wait_for_grants=False)
    tab = reports.grant_return
    show_figures(qtbot, tab)
    shown = lines(tab)
    assert shown["reach.unique_people"].shown == "0"
    assert all(line.value == 0 for line in shown.values())
