"""Fixtures for the Reports area: the main window on the small demo with one grant, opened on
this area as a user opens it, and small steps the tests share."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from pathlib import Path

import pytest
import shiboken6
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QFileDialog, QWidget
from pytestqt.qtbot import QtBot

from ncdesk.core.db import Database
from ncdesk.core.parsing import today
from ncdesk.core.services.activities import list_activities
from ncdesk.core.services.grants import GrantInfo, GrantInput, save_grant
from ncdesk.core.services.settings import get_settings, save_settings
from ncdesk.ui.main_window import MainWindow
from ncdesk.ui.reports.figures_table import FigureLine
from ncdesk.ui.reports.reports_screen import ReportsScreen
from ncdesk.ui.reports.return_tab import ReturnTab
from tests.ui.conftest import MakeWindow

SUPPRESS_BELOW = 5


@pytest.fixture
def grant(demo_db: Database) -> GrantInfo:
    """A grant for the first drop-in and the timebank over this financial year, with targets;
    small counts suppressed below 5 as many funders ask."""
    save_settings(demo_db, replace(get_settings(demo_db), suppress_below=SUPPRESS_BELOW))
    first = list_activities(demo_db)[0]
    year = today().year if today().month >= 4 else today().year - 1
    return save_grant(
        demo_db,
        GrantInput(
            "NC-2026-014",
            "Cambridgeshire County Council",
            date(year, 4, 1),
            date(year + 1, 3, 31),
            name="Older people's drop-ins",
            amount_pence=1_850_000,
            activity_ids=(first.id,),
            covers_timebank=True,
            targets={"reach.unique_people": 120, "reach.age_65_plus": 80},
        ),
    )


def open_reports(qtbot: QtBot, window: MainWindow, wait_for_grants: bool = True) -> ReportsScreen:
    """Go to the Reports area with Ctrl+its number and wait for the grants to be listed."""
    row = window.area_row(ReportsScreen)
    assert row is not None, "no Reports area in the main window"
    qtbot.keyClick(window, Qt.Key(Qt.Key.Key_1.value + row), Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: window.stack.currentIndex() == row)
    screen = window.stack.currentWidget()
    assert isinstance(screen, ReportsScreen)
    if wait_for_grants:
        qtbot.waitUntil(lambda: screen.grant_return.picker.grant.count() > 1)
    return screen


@pytest.fixture
def reports(qtbot: QtBot, make_window: MakeWindow, demo_db: Database, grant: GrantInfo):
    return open_reports(qtbot, make_window(demo_db))


def show_figures(qtbot: QtBot, tab: ReturnTab) -> None:
    """Press Enter in the period picker and wait for the figures."""
    with qtbot.waitSignal(tab.figures_shown, timeout=10_000):
        tab.picker.period.setFocus()
        qtbot.keyClick(tab.picker.period, Qt.Key.Key_Return)


def lines(tab: ReturnTab) -> dict[str, FigureLine]:
    model = tab.model
    found = (model.record_at(row) for row in range(model.rowCount()))
    return {line.metric_id: line for line in found if line is not None}


def select_figure(tab: ReturnTab, metric_id: str) -> None:
    line = lines(tab)[metric_id]
    row = tab.model.row_of(line.row)
    assert row is not None
    tab.view.setFocus()
    tab.view.setCurrentIndex(tab.model.index(row, 0))


def save_as(qtbot: QtBot, path: Path) -> None:
    """In the save dialog now open, choose `path` and press Save."""
    dialogs: list[QFileDialog] = []

    def opened() -> bool:
        dialogs[:] = [
            w
            for w in QApplication.topLevelWidgets()
            if isinstance(w, QFileDialog) and w.isVisible()
        ]
        return bool(dialogs)

    qtbot.waitUntil(opened)
    dialog = dialogs[-1]
    dialog.selectFile(str(path))
    dialog.accept()


def gone(widget: QWidget) -> bool:
    return not shiboken6.isValid(widget) or not widget.isVisible()
