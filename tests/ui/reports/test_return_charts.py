"""The Reports area shows the return's charts: the drawings the PDF prints, for the grant and
period whose figures are on screen, small counts hidden as on paper."""

from __future__ import annotations

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from ncdesk.core.reports.charts import return_charts
from ncdesk.core.services.grants import GrantInfo
from ncdesk.ui.reports.reports_screen import ReportsScreen
from tests.ui.reports.conftest import SUPPRESS_BELOW, show_figures
from tests.ui.reports.test_grant_return import choose_grant

ALT = Qt.KeyboardModifier.AltModifier


def test_charts_shows_the_returns_charts_as_the_pdf_draws_them(
    qtbot: QtBot, reports: ReportsScreen, grant: GrantInfo
) -> None:
    tab = reports.grant_return
    assert not tab.charts_button.isEnabled()  # nothing counted yet
    choose_grant(qtbot, reports, grant.code)
    tab.picker.period.setCurrentIndex(tab.picker.period.findData("grant_period"))
    show_figures(qtbot, tab)
    shown = tab.shown_return
    assert shown is not None

    qtbot.keyClick(tab.view, Qt.Key.Key_C, ALT)  # Charts…
    qtbot.waitUntil(lambda: tab.charts_dialog is not None)
    dialog = tab.charts_dialog
    assert dialog is not None
    qtbot.waitUntil(lambda: len(dialog.charts) > 0, timeout=10_000)

    titles = [view.title.text() for view in dialog.charts]
    assert titles == [c.title for c in return_charts(shown)]
    assert titles[0] == "Progress against the grant's targets"  # the grant has targets
    ages = next(v for v in dialog.charts if v.title.text() == "People reached by age band")
    assert ages.drawn is not None and ages.drawn.chart.suppress_below == SUPPRESS_BELOW
    assert ages.svg.renderer().isValid()
    dialog.reject()
