"""Matching: a request's helpers, ranked and with how to reach them, and recording a match."""

from __future__ import annotations

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from ncdesk.core.services.skills import find_helpers, listings, matches_for
from ncdesk.ui.timebank.tables import CA_AREA, CA_MATCHED, CA_NAME, CA_PHONE
from ncdesk.ui.timebank.timebank_screen import TimebankScreen
from tests.ui.helpers import focused
from tests.ui.timebank.conftest import press_key, type_keys


def open_matching(qtbot: QtBot, screen: TimebankScreen) -> None:
    press_key(qtbot, Qt.Key.Key_T, Qt.KeyboardModifier.AltModifier)
    qtbot.waitUntil(lambda: screen.tabs.currentWidget() is screen.matching)
    qtbot.waitUntil(
        lambda: screen.matching.request_model.rowCount() > 0 and not screen.matching.is_finding()
    )


def helper_column(screen: TimebankScreen, column: int) -> list[str]:
    model = screen.matching.helper_model
    return [model.index(row, column).data() for row in range(model.rowCount())]


def test_helpers_for_a_request_come_nearest_first_with_contact_details(
    qtbot: QtBot, timebank: TimebankScreen
):
    db = timebank._ctx.db
    # A request with a helper in the asker's own postcode district.
    request = next(
        r
        for r in listings(db, kind="request")
        if any(c.same_district for c in find_helpers(db, r.id))
    )
    expected = find_helpers(db, request.id)
    open_matching(qtbot, timebank)
    assert focused() is timebank.matching.requests

    # Walk down the list with the keyboard to the request, then Enter: on to its helpers.
    while timebank.matching.current_request().id != request.id:  # type: ignore[union-attr]
        press_key(qtbot, Qt.Key.Key_Down)
    qtbot.waitUntil(lambda: not timebank.matching.is_finding())
    press_key(qtbot, Qt.Key.Key_Return)
    assert focused() is timebank.matching.helpers

    assert helper_column(timebank, CA_NAME) == [f"{c.name} ({c.person_ref})" for c in expected]
    assert helper_column(timebank, CA_AREA)[0].endswith("(same area)")
    assert helper_column(timebank, CA_PHONE) == [c.phone or "" for c in expected]
    assert request.member in timebank.matching.heading.text()
    assert "No match recorded" in timebank.matching.matches.text()


def test_recording_a_match_is_kept_with_the_request(qtbot: QtBot, timebank: TimebankScreen):
    db = timebank._ctx.db
    open_matching(qtbot, timebank)
    matching = timebank.matching
    request = matching.current_request()
    assert request is not None
    matching.helpers.setFocus()
    press_key(qtbot, Qt.Key.Key_Down)
    helper = matching.current_helper()
    assert helper is not None

    press_key(qtbot, Qt.Key.Key_Return)  # Enter on a helper: on to the note
    assert focused() is matching.note
    type_keys(qtbot, "rang, will call Tuesday")
    press_key(qtbot, Qt.Key.Key_Return)

    qtbot.waitUntil(lambda: len(matches_for(db, request.id)) == 1)
    qtbot.waitUntil(lambda: "Already put in touch with" in matching.matches.text())
    assert matches_for(db, request.id)[0][0] == helper.name
    assert helper.name in matching.matches.text()
    assert f"Match recorded: {helper.name}" in matching.feedback.text()
    assert matching.current_request().id == request.id  # type: ignore[union-attr]
    # The helper's count of matches goes up (helpers matched less often rank higher).
    qtbot.waitUntil(
        lambda: (
            matching.helper_model.index(
                matching.helper_model.row_of(helper.account_id) or 0, CA_MATCHED
            ).data()
            == str(helper.matches_made + 1)
        )
    )


def test_requests_can_be_narrowed_to_one_category(qtbot: QtBot, timebank: TimebankScreen):
    open_matching(qtbot, timebank)
    matching = timebank.matching
    first = matching.current_request()
    assert first is not None
    matching.category.setCurrentIndex(matching.category.findData(first.category_id))

    model = matching.request_model
    shown = [model.record_at(row) for row in range(model.rowCount())]
    assert shown and all(r.category_id == first.category_id for r in shown)  # type: ignore[union-attr]
    assert matching.request_count.text().endswith(("open request", "open requests"))
