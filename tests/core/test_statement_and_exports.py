"""Member statements (figures and PDF) and safe XLSX exports."""

from __future__ import annotations

import shutil
import subprocess
from datetime import date

import pytest
from openpyxl import load_workbook

from ncdesk.core.io.xlsx_export import write_table
from ncdesk.core.reports.statement import build_statement, write_statement
from ncdesk.core.services import ledger as L
from ncdesk.core.services import timebank_accounts as T


@pytest.fixture
def pair(db, add):
    ann = T.join_member(db, add("Ann", "Giver", phone="07700 900111").id, date(2026, 1, 1))
    bob = T.join_member(db, add("Bob", "Taker").id, date(2026, 1, 1))
    L.record_exchange(
        db, L.ExchangeInput(date(2026, 2, 1), ann.id, bob.id, 60, description="before")
    )
    L.record_exchange(
        db, L.ExchangeInput(date(2026, 3, 5), ann.id, bob.id, 90, description="lift to GP")
    )
    wrong = L.record_exchange(
        db, L.ExchangeInput(date(2026, 3, 9), bob.id, ann.id, 30, description="typo")
    )
    L.void_exchange(db, wrong.ids[0], "typed twice")
    return ann, bob


def test_statement_runs_from_opening_to_closing_balance(db, pair):
    ann, _ = pair
    st = build_statement(db, ann.id, date(2026, 3, 1), date(2026, 3, 31))
    assert st.opening == 60
    assert [(line.credit, line.debit, line.balance) for line in st.lines] == [
        (90, 0, 150),
        (0, 30, 120),
        (30, 0, 150),
    ]
    assert st.closing == 150 == T.get_account(db, ann.id).balance
    assert "voided: typed twice" in st.lines[1].what


def test_statement_pdf_carries_the_balances(db, pair, tmp_path):
    ann, _ = pair
    out = tmp_path / "statement.pdf"
    write_statement(db, ann.id, date(2026, 3, 1), date(2026, 3, 31), out)
    if not shutil.which("pdftotext"):
        pytest.skip("pdftotext (poppler-utils) is not installed")
    text = subprocess.run(
        ["pdftotext", "-layout", str(out), "-"], capture_output=True, text=True, check=True
    ).stdout
    assert "Ann Giver" in text and "Opening balance" in text and "Closing balance" in text
    assert "2:30" in text and "lift to GP" in text


def test_xlsx_export_never_lets_text_become_a_formula(tmp_path):
    out = tmp_path / "list.xlsx"
    write_table(
        out,
        "Inactive",
        ["Name", "Note", "Joined"],
        [['=HYPERLINK("x")', "+44 7700", date(2026, 1, 2)], ["Ann", 5, None]],
    )
    sheet = load_workbook(out).active
    assert sheet["A2"].value == '\'=HYPERLINK("x")' and sheet["A2"].data_type == "s"
    assert sheet["B2"].value == "'+44 7700"
    assert sheet["B3"].value == 5
    assert sheet.freeze_panes == "A2"
    assert sheet["C2"].number_format == "DD/MM/YYYY"


def test_inactive_list_exports_with_contact_details(db, pair, tmp_path):
    rows = T.inactive_members_table(db, 1, on=date(2026, 11, 1))
    assert [r[1] for r in rows] == ["Ann Giver", "Bob Taker"]
    assert rows[0][2] == "07700 900111"
    out = tmp_path / "inactive.xlsx"
    write_table(out, "Inactive members", T.INACTIVE_HEADERS, rows)
    assert load_workbook(out).active["B2"].value == "Ann Giver"
