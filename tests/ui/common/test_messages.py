"""What the user sees when something goes wrong: plain words, never a traceback."""

from __future__ import annotations

from PySide6.QtWidgets import QMessageBox, QWidget
from pytestqt.qtbot import QtBot

from ncdesk.core.errors import DatabaseTooNew
from ncdesk.ui.common.messages import confirm, show_error


def test_an_ncdesk_error_is_shown_as_its_plain_sentence(qtbot: QtBot) -> None:
    box = show_error(None, DatabaseTooNew("This database was made by a newer version of ncdesk."))
    qtbot.addWidget(box)
    assert box.text() == "This database was made by a newer version of ncdesk."
    assert box.detailedText() == ""
    assert "Traceback" not in box.text() + box.informativeText()


def test_an_unexpected_error_apologises_and_keeps_the_details_folded_away(qtbot: QtBot) -> None:
    try:
        {}["missing"]
    except KeyError as exc:
        error = exc
    box = show_error(None, error)
    qtbot.addWidget(box)
    assert box.text().startswith("Sorry")
    assert "Traceback" not in box.text() + box.informativeText()
    assert "KeyError" in box.detailedText()


def test_closing_the_message_runs_what_comes_next(qtbot: QtBot) -> None:
    after: list[bool] = []
    box = show_error(None, DatabaseTooNew("Too new."), then=lambda: after.append(True))
    box.button(QMessageBox.StandardButton.Ok).click()
    assert after == [True]


def test_a_confirmation_does_nothing_unless_the_action_is_chosen(qtbot: QtBot) -> None:
    parent = QWidget()
    qtbot.addWidget(parent)
    done: list[str] = []

    box = confirm(parent, "Archive Ann Example?", "Archive", lambda: done.append("archived"))
    assert box.defaultButton() is box.button(QMessageBox.StandardButton.Cancel)
    box.button(QMessageBox.StandardButton.Cancel).click()
    assert done == []

    box = confirm(parent, "Archive Ann Example?", "Archive", lambda: done.append("archived"))
    next(b for b in box.buttons() if b.text() == "Archive").click()
    assert done == ["archived"]
