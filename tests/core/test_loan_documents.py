"""Loan agreement, job sheet and QR labels: what is printed, and that the codes scan."""

from __future__ import annotations

import shutil
import subprocess
from datetime import date, timedelta
from pathlib import Path

import pytest

from ncdesk.core.parsing import today
from ncdesk.core.reports.labels import write_label_sheet, write_single_label
from ncdesk.core.reports.loan_documents import write_agreement, write_job_sheet
from ncdesk.core.services import equipment as E
from ncdesk.core.services import lending as L
from ncdesk.core.services import servicing as S

needs_poppler = pytest.mark.skipif(
    not shutil.which("pdftoppm"), reason="poppler-utils is not installed"
)


def pdf_text(path: Path) -> str:
    return subprocess.run(
        ["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True
    ).stdout


def decoded(pdf: Path, tmp_path: Path) -> list[str]:
    """Render every page and read every QR code on it, as a scanner would."""
    zxingcpp = pytest.importorskip("zxingcpp")
    from PIL import Image

    subprocess.run(["pdftoppm", "-png", "-r", "150", str(pdf), str(tmp_path / "page")], check=True)
    found = []
    for page in sorted(tmp_path.glob("page*.png")):
        found += [r.text for r in zxingcpp.read_barcodes(Image.open(page))]
    return found


@pytest.fixture
def lent(db, add):
    item = E.save_item(
        db, E.ItemInput("WF01", "Rollator with seat", "Walking aid", serial="RX-2231")
    )
    [(check_type, *_)] = E.check_types(db, 3)
    E.record_check(db, item, check_type, today(), True)
    mary = add("Mary", "Smith", postcode="CB7 5AB")
    loan = L.lend_item(
        db, L.LoanInput(item, mary.id, today(), today() + timedelta(days=28), "small scuff", 2000)
    )
    return item, loan


@needs_poppler
def test_agreement_has_two_signed_copies_with_the_loan_details(db, lent, tmp_path):
    out = tmp_path / "agreement.pdf"
    write_agreement(db, lent[1], out)
    text = pdf_text(out)
    assert text.count("Borrower's signature") == 2
    assert "Borrower's copy" in text and "Scheme's copy" in text
    assert "Mary Smith (P00001)" in text and "RX-2231" in text and "£20.00" in text
    assert f"{today() + timedelta(days=28):%d/%m/%Y}" in text


@needs_poppler
def test_job_sheet_names_the_partner_and_the_work(db, tmp_path):
    item = E.save_item(db, E.ItemInput("SC01", "Scooter", "Mobility scooter"))
    job = S.send_for_service(db, item, "Soham Mobility Repairs", "New battery", date.today())
    out = tmp_path / "job.pdf"
    write_job_sheet(db, job, out)
    text = pdf_text(out)
    assert (
        "Soham Mobility Repairs" in text and "New battery" in text and "Battery and brakes" in text
    )


@needs_poppler
def test_label_sheet_qr_codes_decode_to_the_item_refs(tmp_path):
    refs = [f"SC{i:02d}" for i in range(1, 26)]
    pages = write_label_sheet(
        tmp_path / "labels.pdf", [(r, "Mobility scooter") for r in refs], "Demo group", skip=3
    )
    assert pages == 2  # 3 skipped + 25 labels on 21-label sheets
    assert sorted(decoded(tmp_path / "labels.pdf", tmp_path)) == refs


@needs_poppler
def test_single_label_decodes_to_its_ref(tmp_path):
    write_single_label(tmp_path / "one.pdf", "WC-07", "Folding wheelchair", "Demo group")
    assert decoded(tmp_path / "one.pdf", tmp_path) == ["WC-07"]
