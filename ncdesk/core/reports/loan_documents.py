"""The loan agreement (two copies, one for the borrower, one kept, with signature lines) and
the job sheet that goes with an item to the servicing partner."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path

from reportlab.lib.units import mm
from reportlab.platypus import PageBreak, Paragraph, Spacer, Table, TableStyle

from ncdesk.core.db import Database
from ncdesk.core.errors import NotFound
from ncdesk.core.models import EquipmentCategory, Item, Loan, Person, ServiceJob
from ncdesk.core.reports.pdf_style import (
    BODY,
    INK,
    MARGIN,
    PAGE,
    RULE,
    SHADE,
    SMALL,
    SUBTITLE,
    TITLE,
    build_pdf,
    esc,
)
from ncdesk.core.security.roles import COORDINATOR, VOLUNTEER, needs
from ncdesk.core.services.equipment import check_states
from ncdesk.core.services.settings import get_settings

TERMS = (
    "The equipment stays the property of {org} and is lent free of charge for the borrower's "
    "own use.",
    "Please use it as shown at hand-over, keep it dry and charged, and do not lend it to "
    "anyone else.",
    "Tell us straight away about any fault, damage or accident; do not try to repair it yourself.",
    "Return it by the due date, or ring us to extend the loan. We may ask for it back early if it "
    "needs a safety check.",
    "The deposit is refunded when the equipment comes back in the condition it went out, allowing "
    "for fair wear and tear.",
    "We keep your details only to run the loan scheme, as our privacy notice explains.",
)


@dataclass(frozen=True)
class AgreementFacts:
    org: str
    item_ref: str
    item_name: str
    category: str
    serial: str
    borrower: str
    person_ref: str
    address_postcode: str
    phone: str
    start: date
    due: date | None
    deposit_pence: int
    condition_out: str
    checks: list[tuple[str, date | None]]


def _facts(db: Database, loan_id: int) -> AgreementFacts:
    with db.session() as s:
        loan = s.get(Loan, loan_id)
        if loan is None:
            raise NotFound("That loan does not exist.")
        item = s.get(Item, loan.item_id)
        person = s.get(Person, loan.person_id)
        assert item is not None and person is not None
        category = s.get(EquipmentCategory, item.category_id) if item.category_id else None
        checks = [(c.name, c.last_done) for c in check_states(s, item)]
        return AgreementFacts(
            get_settings(db).organisation_name,
            item.item_ref,
            item.name,
            category.name if category else "",
            item.serial,
            person.display_name,
            person.person_ref,
            person.postcode or "",
            person.phone or "",
            loan.start,
            loan.due,
            loan.deposit_pence,
            loan.condition_out,
            checks,
        )


def _grid(rows: list[list[object]], widths: list[float], height: float | None = None) -> Table:
    table = Table(rows, colWidths=widths, rowHeights=height, hAlign="LEFT")
    table.setStyle(
        TableStyle(
            [
                ("FONT", (0, 0), (0, -1), "Helvetica-Bold", 9),
                ("FONT", (1, 0), (-1, -1), "Helvetica", 10),
                ("TEXTCOLOR", (0, 0), (-1, -1), INK),
                ("BACKGROUND", (0, 0), (0, -1), SHADE),
                ("GRID", (0, 0), (-1, -1), 0.5, RULE),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ]
        )
    )
    return table


def _signatures() -> Table:
    rows = [["Borrower's signature", "", "Date", ""], ["Signed for the scheme", "", "Date", ""]]
    table = Table(
        rows,
        colWidths=[42 * mm, 80 * mm, 12 * mm, 40 * mm],
        rowHeights=[14 * mm, 14 * mm],
        hAlign="LEFT",
    )
    table.setStyle(
        TableStyle(
            [
                ("FONT", (0, 0), (-1, -1), "Helvetica", 9),
                ("LINEBELOW", (1, 0), (1, -1), 0.7, INK),
                ("LINEBELOW", (3, 0), (3, -1), 0.7, INK),
                ("VALIGN", (0, 0), (-1, -1), "BOTTOM"),
            ]
        )
    )
    return table


@needs(VOLUNTEER, "print loan agreements")
def write_agreement(db: Database, loan_id: int, path: Path) -> None:
    """Two identical copies, each on its own page, headed for who keeps it."""
    f = _facts(db, loan_id)
    usable = PAGE[0] - 2 * MARGIN
    story: list[object] = []
    for copy in ("Borrower's copy", "Scheme's copy"):
        deposit = f"£{f.deposit_pence / 100:,.2f}" if f.deposit_pence else "none"
        checks = (
            "; ".join(
                f"{name}: {done:%d/%m/%Y}" if done else f"{name}: not recorded"
                for name, done in f.checks
            )
            or "none required"
        )
        story += [
            Paragraph(f"Equipment loan agreement — {copy}", TITLE),
            Paragraph(esc(f.org), SUBTITLE),
            Spacer(1, 4 * mm),
            _grid(
                [
                    ["Borrower", Paragraph(f"{esc(f.borrower)} ({f.person_ref})", BODY)],
                    ["Postcode / phone", f"{f.address_postcode}   {f.phone}"],
                    [
                        "Item",
                        Paragraph(
                            f"{esc(f.item_name)} — {f.item_ref}"
                            + (f", serial {esc(f.serial)}" if f.serial else ""),
                            BODY,
                        ),
                    ],
                    ["Category", f.category],
                    ["Lent on", f"{f.start:%d/%m/%Y}"],
                    ["Due back", f"{f.due:%d/%m/%Y}" if f.due else "open"],
                    ["Deposit paid", deposit],
                    ["Condition when lent", Paragraph(esc(f.condition_out) or "—", BODY)],
                    ["Safety checks last done", Paragraph(esc(checks), BODY)],
                ],
                [45 * mm, usable - 45 * mm],
            ),
            Spacer(1, 5 * mm),
            Paragraph("<b>The terms</b>", BODY),
        ]
        story += [
            Paragraph(f"{i}. {esc(t.format(org=f.org))}", BODY) for i, t in enumerate(TERMS, 1)
        ]
        story += [
            Spacer(1, 8 * mm),
            _signatures(),
            Spacer(1, 4 * mm),
            Paragraph(
                "Returned on ____________ Condition on return ______________________ "
                "Deposit refunded £________",
                SMALL,
            ),
            PageBreak(),
        ]
    story.pop()
    build_pdf(
        path,
        story,
        title=f"Loan agreement {f.item_ref}",
        author=f.org,
        footer_text=f"{f.org} — loan of {f.item_ref} to {f.borrower}",
    )


@needs(COORDINATOR, "print job sheets")
def write_job_sheet(db: Database, job_id: int, path: Path) -> None:
    """What the servicing partner needs: the item, the work asked for, where to send the bill."""
    with db.session() as s:
        job = s.get(ServiceJob, job_id)
        if job is None:
            raise NotFound("That service job does not exist.")
        item = s.get(Item, job.item_id)
        assert item is not None
        category = s.get(EquipmentCategory, item.category_id) if item.category_id else None
        checks = [(c.name, c.last_done, c.due) for c in check_states(s, item)]
    org = get_settings(db).organisation_name
    usable = PAGE[0] - 2 * MARGIN
    check_rows = [["Check", "Last done", "Due"]] + [
        [n, f"{d:%d/%m/%Y}" if d else "—", f"{u:%d/%m/%Y}" if u else "now"] for n, d, u in checks
    ]
    checks_table = Table(check_rows, colWidths=[70 * mm, 35 * mm, 35 * mm], hAlign="LEFT")
    checks_table.setStyle(
        TableStyle(
            [
                ("FONT", (0, 0), (-1, 0), "Helvetica-Bold", 9),
                ("FONT", (0, 1), (-1, -1), "Helvetica", 9),
                ("GRID", (0, 0), (-1, -1), 0.5, RULE),
                ("BACKGROUND", (0, 0), (-1, 0), SHADE),
            ]
        )
    )
    story = [
        Paragraph(f"Job sheet — {item.item_ref}", TITLE),
        Paragraph(esc(org), SUBTITLE),
        Spacer(1, 4 * mm),
        _grid(
            [
                ["Sent to", Paragraph(esc(job.partner), BODY)],
                ["Sent on", f"{job.sent_on:%d/%m/%Y}"],
                ["Item", Paragraph(f"{esc(item.name)} — {item.item_ref}", BODY)],
                ["Category", category.name if category else ""],
                ["Serial number", item.serial or "—"],
                ["Work asked for", Paragraph(esc(job.work) or "Service and safety check", BODY)],
            ],
            [40 * mm, usable - 40 * mm],
        ),
        Spacer(1, 5 * mm),
        Paragraph("<b>Safety checks on record</b>", BODY),
        Spacer(1, 2 * mm),
        checks_table,
        Spacer(1, 8 * mm),
        Paragraph("<b>For the workshop</b>", BODY),
        Spacer(1, 2 * mm),
        _grid(
            [
                ["Work done", ""],
                ["Parts", ""],
                ["Cost (£)", ""],
                ["Passed safe to use?", "Yes / No"],
                ["Checked by", ""],
                ["Date", ""],
            ],
            [40 * mm, usable - 40 * mm],
            10 * mm,
        ),
        Spacer(1, 4 * mm),
        Paragraph(
            f"Please return this sheet with the item and send the bill to {esc(org)}, "
            f"quoting {item.item_ref}.",
            SMALL,
        ),
    ]
    build_pdf(
        path,
        story,
        title=f"Job sheet {item.item_ref}",
        author=org,
        footer_text=f"{org} — job sheet for {item.item_ref}",
    )
