"""The import wizard, walked by keyboard: guessed mappings, a mapping changed by hand, a file
with errors refused with its list, a good file imported, and the mapping offered again."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path

import pytest
from openpyxl import Workbook, load_workbook
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QFileDialog, QInputDialog, QLineEdit, QMessageBox
from pytestqt.qtbot import QtBot

from ncdesk.core.errors import NotFound
from ncdesk.core.services.people import get_person_by_ref, list_people
from ncdesk.ui.imports.import_wizard import CHECK, MAPPING
from ncdesk.ui.imports.template_dialog import TemplateDialog
from ncdesk.ui.main_window import MainWindow
from tests.ui.imports.wizard_steps import (
    ALT,
    CTRL,
    choose_file,
    focused,
    next_step,
    open_wizard,
    wait_for_check,
    wait_for_summary,
)

REGISTER = (
    "Ref No,Forename,Surname,D.O.B.,Sex,Post Code,Tel,Other info\n"
    "T001,Ada,Lovelace,10/12/1935,F,cb75ab,07700 900001,likes tea\n"
    "T002,Bert,Smith,2 Jan 1940,M,,,\n"
)
# The same columns next month, in another order and case, with other people.
NEXT_MONTH = (
    "surname,forename,REF NO,other info,tel,post code,sex,d.o.b.\n"
    "Carr,Cy,T003,brings a dog,,,M,03/04/1951\n"
)
WITH_ERRORS = (
    "Ref No,Forename,Surname,D.O.B.,Sex\n"
    "E001,Eve,Ellis,31/02/1950,F\n"
    "E002,,,1950-01-01,F\n"
    "E003,Fay,Ford,1950-01-01,wizard\n"
)


def answer_save_box(dialog: QFileDialog, path: Path) -> None:
    """Qt's own save box (not ncdesk's): its name filled in and accepted, as the loans tests
    do, since typing there races its path completer."""
    dialog.findChild(QLineEdit, "fileNameEdit").setText(str(path))
    dialog.accept()


def write(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path


@pytest.fixture
def coordinator(window_as: Callable[[str], MainWindow]) -> MainWindow:
    return window_as("cody")


def person(window: MainWindow, ref: str):
    return get_person_by_ref(window._ctx.db, ref)


def test_a_register_is_imported_with_the_guessed_mapping(
    qtbot: QtBot, coordinator: MainWindow, tmp_path: Path
) -> None:
    wizard = open_wizard(qtbot, coordinator)
    choose_file(qtbot, wizard, write(tmp_path / "register.csv", REGISTER))
    assert "Read as UTF-8 text" in wizard.file_page.found.text()
    next_step(qtbot, wizard)
    assert wizard.currentId() == MAPPING
    page = wizard.mapping_page
    guessed = {h: page.combo_for(h).currentData() for h in page.combos}
    assert guessed == {
        "Ref No": "person_ref",
        "Forename": "first_name",
        "Surname": "last_name",
        "D.O.B.": "date_of_birth",
        "Sex": "gender",
        "Post Code": "postcode",
        "Tel": "phone",
        "Other info": None,
    }
    assert "Other info" in page.warnings.text() and "left out" in page.warnings.text()
    next_step(qtbot, wizard)
    wait_for_check(qtbot, wizard)
    assert "No problems found" in wizard.check_page.status.text()
    assert "2 people will be added" in wizard.check_page.status.text()
    next_step(qtbot, wizard, Qt.Key.Key_I)  # Import
    wait_for_summary(qtbot, wizard)
    assert wizard.summary_page.counts["created"].text() == "2"
    assert "Surname → last_name (guessed)" in wizard.summary_page.details.text()
    ada = person(coordinator, "T001")
    assert (ada.first_name, ada.last_name, ada.gender, ada.postcode) == (
        "Ada",
        "Lovelace",
        "female",
        "CB7 5AB",
    )
    assert ada.notes == ""  # the column left out
    qtbot.keyClick(focused(), Qt.Key.Key_Return)  # Finish
    qtbot.waitUntil(lambda: not wizard.isVisible())


def test_a_column_mapped_by_hand_is_read_as_chosen_and_offered_again_next_time(
    qtbot: QtBot, coordinator: MainWindow, tmp_path: Path
) -> None:
    wizard = open_wizard(qtbot, coordinator)
    choose_file(qtbot, wizard, write(tmp_path / "register.csv", REGISTER))
    next_step(qtbot, wizard)
    page = wizard.mapping_page
    # Tab through the column boxes to "Other info", then type the start of "notes".
    combo = page.combo_for("Other info")
    while focused() is not combo:
        qtbot.keyClick(focused(), Qt.Key.Key_Tab)
    qtbot.keyClicks(combo, "notes")
    assert combo.currentData() == "notes"
    assert "left out" not in page.warnings.text()
    # And Tel is left out by choosing the first entry.
    tel = page.combo_for("Tel")
    tel.setFocus()
    qtbot.keyClick(tel, Qt.Key.Key_Home)
    assert tel.currentData() is None
    next_step(qtbot, wizard)
    wait_for_check(qtbot, wizard)
    next_step(qtbot, wizard, Qt.Key.Key_I)
    wait_for_summary(qtbot, wizard)
    assert "Other info → notes (as mapped)" in wizard.summary_page.details.text()
    assert person(coordinator, "T001").notes == "likes tea"
    assert person(coordinator, "T001").phone in (None, "")
    qtbot.keyClick(focused(), Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: not wizard.isVisible())

    # Next month's file has the same columns: the mapping is offered as it was left.
    again = open_wizard(qtbot, coordinator)
    choose_file(qtbot, again, write(tmp_path / "next.csv", NEXT_MONTH))
    assert "remembers how files with these columns were read" in again.file_page.found.text()
    next_step(qtbot, again)
    page = again.mapping_page
    assert page.offers.currentText() == "How files with these columns were read last time"
    assert page.combo_for("other info").currentData() == "notes"
    assert page.combo_for("tel").currentData() is None
    next_step(qtbot, again)
    wait_for_check(qtbot, again)
    next_step(qtbot, again, Qt.Key.Key_I)
    wait_for_summary(qtbot, again)
    assert person(coordinator, "T003").notes == "brings a dog"


def test_a_file_with_errors_is_refused_with_every_problem_listed(
    qtbot: QtBot, coordinator: MainWindow, tmp_path: Path
) -> None:
    before = len(list_people(coordinator._ctx.db))
    wizard = open_wizard(qtbot, coordinator)
    choose_file(qtbot, wizard, write(tmp_path / "errors.csv", WITH_ERRORS))
    next_step(qtbot, wizard)
    next_step(qtbot, wizard)
    assert wizard.currentId() == CHECK
    wait_for_check(qtbot, wizard)
    page = wizard.check_page
    assert "3 problems found: nothing will be written" in page.status.text()
    listed = [
        tuple(page.problems.item(r, c).text() for c in range(4))
        for r in range(page.problems.rowCount())
    ]
    assert listed == [
        ("2", "D.O.B. (date_of_birth)", "31/02/1950", "this date does not exist"),
        ("3", "Forename (first_name)", "", "a name is needed (first_name or last_name)"),
        ("4", "Sex (gender)", "wizard", listed[2][3]),
    ]
    assert listed[2][3].startswith("use one of: female, male")
    assert not wizard.button(wizard.WizardButton.CommitButton).isEnabled()
    # Export problems… (Alt+E), typing the file's name into the save box.
    qtbot.keyClick(focused(), Qt.Key.Key_E, ALT)
    qtbot.waitUntil(lambda: any(d.isVisible() for d in wizard.findChildren(QFileDialog)))
    dialog = next(d for d in wizard.findChildren(QFileDialog) if d.isVisible())
    dialog.activateWindow()
    target = tmp_path / "problems.xlsx"
    answer_save_box(dialog, target)
    qtbot.waitUntil(target.exists, timeout=20_000)
    qtbot.waitUntil(lambda: "Problems saved" in page.status.text())
    sheet = load_workbook(target).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][:4] == ("Row", "Column", "Value", "Problem")
    assert rows[1][:4] == (2, "D.O.B. (date_of_birth)", "31/02/1950", "this date does not exist")
    assert rows[1][4] == listed_as_cli(tmp_path, "errors.csv")
    assert len(list_people(coordinator._ctx.db)) == before
    with pytest.raises(NotFound):
        person(coordinator, "E001")
    wizard.activateWindow()  # back from the save box (a window manager would do this)
    qtbot.waitUntil(wizard.isActiveWindow)
    qtbot.keyClick(wizard, Qt.Key.Key_Escape)  # Cancel the wizard
    qtbot.waitUntil(lambda: not wizard.isVisible())


def listed_as_cli(_folder: Path, name: str) -> str:
    """The first problem as `ncdesk import people FILE --guess` words it (the CLI's own test,
    test_a_problem_in_a_mapped_column_names_both_headers, reads the same words)."""
    return (
        f"{name}: row 2, column D.O.B. (date_of_birth) (value '31/02/1950'): "
        "this date does not exist"
    )


def test_the_import_menu_is_for_coordinators_and_admins_only(
    qtbot: QtBot, window_as: Callable[[str], MainWindow]
) -> None:
    volunteer = window_as("vic")
    assert not volunteer.import_menu.menuAction().isVisible()
    qtbot.keyClick(volunteer, Qt.Key.Key_I, CTRL)
    assert not [
        w
        for w in QApplication.topLevelWidgets()
        if w.windowTitle() == "Import a file" and w.isVisible()
    ]
    admin = window_as("ada")
    assert admin.import_menu.menuAction().isVisible()
    assert admin.import_action.isEnabled()


def test_a_mapping_saved_under_a_name_is_offered_for_other_files(
    qtbot: QtBot, coordinator: MainWindow, tmp_path: Path
) -> None:
    wizard = open_wizard(qtbot, coordinator)
    choose_file(qtbot, wizard, write(tmp_path / "register.csv", REGISTER))
    next_step(qtbot, wizard)
    page = wizard.mapping_page
    combo = page.combo_for("Other info")
    combo.setFocus()
    qtbot.keyClicks(combo, "notes")
    qtbot.keyClick(focused(), Qt.Key.Key_V, ALT)  # Save as…
    qtbot.waitUntil(lambda: any(d.isVisible() for d in wizard.findChildren(QInputDialog)))
    ask = next(d for d in wizard.findChildren(QInputDialog) if d.isVisible())
    ask.activateWindow()
    qtbot.waitUntil(ask.isActiveWindow)
    qtbot.keyClicks(focused(), "Village register")
    qtbot.keyClick(focused(), Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: page.offers.currentText() == "Saved: Village register")
    wizard.activateWindow()
    qtbot.waitUntil(wizard.isActiveWindow)
    qtbot.keyClick(wizard, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: not wizard.isVisible())

    # A file with one column fewer is another shape: guessed, with the preset on offer.
    other = open_wizard(qtbot, coordinator)
    choose_file(
        qtbot, other, write(tmp_path / "other.csv", "Ref No,Surname,Other info\nT009,Nash,hi\n")
    )
    next_step(qtbot, other)
    page = other.mapping_page
    assert page.offers.currentText() == "ncdesk's guesses from the headers"
    assert page.combo_for("Other info").currentData() is None
    page.offers.setFocus()
    qtbot.keyClicks(page.offers, "Saved")
    assert page.combo_for("Other info").currentData() == "notes"


def test_a_blank_template_is_saved_from_the_file_menu(
    qtbot: QtBot, coordinator: MainWindow, tmp_path: Path
) -> None:
    coordinator.activateWindow()
    qtbot.waitUntil(coordinator.isActiveWindow)
    coordinator.template_action.trigger()  # File ▸ Import ▸ Blank template…
    qtbot.waitUntil(lambda: any(d.isVisible() for d in coordinator.findChildren(TemplateDialog)))
    dialog = next(d for d in coordinator.findChildren(TemplateDialog) if d.isVisible())
    dialog.activateWindow()
    qtbot.waitUntil(dialog.isActiveWindow)
    dialog.kind.setFocus()
    qtbot.keyClicks(dialog.kind, "Equipment")  # Equipment items, then one down: loans
    qtbot.keyClick(dialog.kind, Qt.Key.Key_Down)
    assert dialog.kind.currentData() == "loans"
    qtbot.keyClick(focused(), Qt.Key.Key_S, ALT)  # Save
    qtbot.waitUntil(
        lambda: any(d.isVisible() for d in dialog.findChildren(QFileDialog)), timeout=10_000
    )
    chooser = next(d for d in dialog.findChildren(QFileDialog) if d.isVisible())
    target = tmp_path / "loans template.xlsx"
    answer_save_box(chooser, target)
    qtbot.waitUntil(lambda: "Template saved" in dialog.done_note.text(), timeout=20_000)
    book = load_workbook(target)
    assert [c.value for c in book["loans"][1]] == [
        "item_ref",
        "person_ref",
        "start",
        "due",
        "returned",
        "deposit",
    ]


def test_stopping_the_import_writes_nothing_and_it_can_be_tried_again(
    qtbot: QtBot, coordinator: MainWindow, tmp_path: Path
) -> None:
    rows = "".join(f"S{i:05d},Stop,Test{i}\n" for i in range(5_000))
    wizard = open_wizard(qtbot, coordinator)
    choose_file(qtbot, wizard, write(tmp_path / "long.csv", "Ref No,Forename,Surname\n" + rows))
    next_step(qtbot, wizard)
    next_step(qtbot, wizard)
    wait_for_check(qtbot, wizard)
    before = len(list_people(coordinator._ctx.db))
    next_step(qtbot, wizard, Qt.Key.Key_I)  # Import…
    qtbot.keyClick(focused(), Qt.Key.Key_S, ALT)  # …and Stop import at once
    page = wizard.run_page
    qtbot.waitUntil(lambda: not page.running(), timeout=30_000)
    assert "Stopped: nothing was written" in page.status.text()
    assert len(list_people(coordinator._ctx.db)) == before
    assert focused() is page.again
    qtbot.keyClick(focused(), Qt.Key.Key_T, ALT)  # Try again
    wait_for_summary(qtbot, wizard)
    assert wizard.summary_page.counts["created"].text() == "5,000"


def test_a_workbook_sheet_and_header_row_are_chosen_by_keyboard(
    qtbot: QtBot, coordinator: MainWindow, tmp_path: Path
) -> None:
    book = Workbook()
    book.active.title = "Contents"
    book.active.append(["This workbook holds the register on its second sheet"])
    sheet = book.create_sheet("Register")
    sheet.append(["Soham drop-in register, 2024"])
    sheet.append([])
    sheet.append(["Ref No", "Forename", "Surname", "D.O.B."])
    sheet.append(["W001", "Wyn", "Walker", 13128])  # a date typed as a number
    book.save(tmp_path / "register.xlsx")
    wizard = open_wizard(qtbot, coordinator)
    choose_file(qtbot, wizard, tmp_path / "register.xlsx")
    page = wizard.file_page
    assert page.sheet.isVisible() and page.sheet.currentText() == "Contents"
    while focused() is not page.sheet:
        qtbot.keyClick(focused(), Qt.Key.Key_Tab)
    qtbot.keyClicks(page.sheet, "R")  # Register
    qtbot.waitUntil(lambda: "headers on row 1: Soham drop-in register" in page.found.text())
    qtbot.keyClick(focused(), Qt.Key.Key_Tab)
    assert focused() is page.header_row
    qtbot.keyClicks(page.header_row, "3")
    qtbot.keyClick(page.header_row, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: "headers on row 3: Ref No, Forename" in page.found.text())
    next_step(qtbot, wizard)
    next_step(qtbot, wizard)
    wait_for_check(qtbot, wizard)
    assert "No problems found" in wizard.check_page.status.text(), wizard.plan.problems
    next_step(qtbot, wizard, Qt.Key.Key_I)
    wait_for_summary(qtbot, wizard)
    assert person(coordinator, "W001").date_of_birth == date(1935, 12, 10)


def test_a_saved_mapping_is_deleted_after_asking(
    qtbot: QtBot, coordinator: MainWindow, tmp_path: Path
) -> None:
    from ncdesk.core.services.import_mappings import list_presets, save_preset

    db = coordinator._ctx.db
    save_preset(db, "people", "Old register", {"Other info": "notes", "Ref No": "person_ref"})
    wizard = open_wizard(qtbot, coordinator)
    choose_file(qtbot, wizard, write(tmp_path / "register.csv", REGISTER))
    next_step(qtbot, wizard)
    page = wizard.mapping_page
    assert not page.forget.isEnabled()  # nothing saved is chosen: the guesses are
    page.offers.setFocus()
    qtbot.keyClicks(page.offers, "Saved")
    assert page.offers.currentText() == "Saved: Old register"
    assert page.forget.isEnabled()

    qtbot.keyClick(focused(), Qt.Key.Key_D, ALT)  # Delete saved
    qtbot.waitUntil(lambda: any(b.isVisible() for b in wizard.findChildren(QMessageBox)))
    box = next(b for b in wizard.findChildren(QMessageBox) if b.isVisible())
    assert "Old register" in box.text()
    assert box.defaultButton() is box.button(QMessageBox.StandardButton.Cancel)
    delete = next(b for b in box.buttons() if b.text() == "Delete")
    qtbot.mouseClick(delete, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: page.offers.findText("Saved: Old register") < 0)

    assert list_presets(db, "people") == []
    assert page.offers.currentText() == "ncdesk's guesses from the headers"
    assert not page.forget.isEnabled()
