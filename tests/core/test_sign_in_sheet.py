"""The printed sign-in sheet carries the session, its regulars' names and who is booked."""

from __future__ import annotations

import shutil
import subprocess
from datetime import date, time

import pytest

from ncdesk.core.reports.sign_in_sheet import write_sign_in_sheet
from ncdesk.core.services import activities as A
from ncdesk.core.services import bookings as BK
from ncdesk.core.services import desk as D


def test_sign_in_sheet_lists_regulars_and_the_session(db, add, tmp_path):
    dropin = A.save_activity(
        db,
        A.ActivityInput(
            "Warm space", "Ely library", weekday=0, start_time=time(10), end_time=time(12)
        ),
    )
    regular, once = add("Rita", "Regular"), add("Olly", "Once")
    for day in (date(2026, 11, 2), date(2026, 11, 9)):
        D.check_in(db, A.open_session(db, dropin.id, day).id, regular.id)
    D.check_in(db, A.open_session(db, dropin.id, date(2026, 11, 9)).id, once.id)
    session = A.open_session(db, dropin.id, date(2026, 11, 16))
    out = tmp_path / "sheet.pdf"
    assert write_sign_in_sheet(db, session, out) == 1
    assert out.read_bytes().startswith(b"%PDF")
    if not shutil.which("pdftotext"):
        pytest.skip("pdftotext (poppler-utils) is not installed")
    text = subprocess.run(
        ["pdftotext", "-layout", str(out), "-"], capture_output=True, text=True, check=True
    ).stdout
    assert "Sign-in sheet: Warm space" in text
    assert "Monday 16 November 2026, 10:00–12:00" in text
    assert "Rita Regular" in text and "Olly Once" not in text


def test_a_booked_person_is_printed_with_what_they_are_booked_for(db, add, tmp_path):
    today = date.today()
    dropin = A.save_activity(db, A.ActivityInput("Advice", "Ely library", weekday=today.weekday()))
    newcomer = add("Nell", "Newcomer")
    BK.book(db, dropin.id, today, newcomer.id, "benefits appointment, 10:30")
    out = tmp_path / "sheet.pdf"
    assert write_sign_in_sheet(db, A.open_session(db, dropin.id, today), out) == 1
    if not shutil.which("pdftotext"):
        pytest.skip("pdftotext (poppler-utils) is not installed")
    text = subprocess.run(
        ["pdftotext", "-layout", str(out), "-"], capture_output=True, text=True, check=True
    ).stdout
    [line] = [line for line in text.splitlines() if "Nell Newcomer" in line]
    assert "Booked: benefits appointment, 10:30" in line
