"""`ncdesk import items` and `ncdesk import loans`: an equipment scheme's register and its loan
history. Imports record history: the desk's rules for new loans (safety checks due, borrower
training) do not apply, but two loans of one item may never overlap, in the file or with the
database. A loan before the item was acquired is imported with a warning."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from ncdesk.core.io.import_attendance import refs_to_ids
from ncdesk.core.io.importing import CHECKING, Importer, ImportSummary, Row, register
from ncdesk.core.models import EquipmentCategory, Item, Loan
from ncdesk.core.parsing import ParseError, parse_date, parse_pence, today
from ncdesk.core.security import audit
from ncdesk.core.services.equipment import ItemInput, apply_item
from ncdesk.core.services.lending import overlaps


def _parse(importer: Importer, number: int, column: str, text: str, reader: Any) -> Any:
    if not text:
        return None
    try:
        return reader(text)
    except ParseError as exc:
        importer.problem(number, column, str(exc), text)
        return None


@register
class ItemsImporter(Importer):
    kind = "items"
    noun = "items"
    columns = ("item_ref", "name", "category", "serial", "acquired", "check_every_days")
    required = ("item_ref", "name")
    stored_in = {
        "item_ref": Item.item_ref,
        "name": Item.name,
        "category": EquipmentCategory.name,
        "serial": Item.serial,
    }

    def prepare(self, session: Session, rows: list[tuple[int, Row]]) -> list[Any]:
        keyed, prepared = [], []
        for number, row in self.ticking(CHECKING, rows):
            ref = row.get("item_ref", "")
            acquired = _parse(self, number, "acquired", row.get("acquired", ""), parse_date)
            if acquired and acquired > today():
                self.problem(number, "acquired", "is in the future", row["acquired"])
            every = None
            if row.get("check_every_days"):
                try:
                    every = int(row["check_every_days"])
                    if every <= 0:
                        raise ValueError
                except ValueError:
                    self.problem(
                        number,
                        "check_every_days",
                        "a whole number of days above zero",
                        row["check_every_days"],
                    )
            keyed.append((number, ref, row))
            data = ItemInput(
                ref,
                row.get("name", ""),
                row.get("category", ""),
                row.get("serial", ""),
                acquired,
                check_every_days=every,
            )
            prepared.append((number, data, frozenset(row)))
        skip = self.skip_repeats(keyed, "item_ref")
        return [(n, data, given) for n, data, given in prepared if n not in skip and data.item_ref]

    def write(
        self, session: Session, prepared: list[Any], summary: ImportSummary, actor: str
    ) -> None:
        known = {c.lower() for c in session.scalars(select(EquipmentCategory.name))}
        for number, data, given in self.ticking(self.writing_step, prepared):
            item = session.scalar(select(Item).where(Item.item_ref == data.item_ref))
            if item is not None:
                data = self._onto_stored(session, item, data, given)
                self.keep_blanks(
                    number,
                    {
                        "category": item.category_id,
                        "serial": item.serial,
                        "acquired": item.acquired,
                        "check_every_days": item.check_every_days,
                    },
                )
            if data.category and data.category.lower() not in known:
                known.add(data.category.lower())
                summary.add_to_list("equipment categories", data.category)
            created = item is None
            item = item or Item(retired_reason="", location="", notes="", photo_path="")
            changed = apply_item(session, item, data)
            session.add(item)
            session.flush()
            if created:
                summary.created += 1
                audit.record(session, actor, "create", "item", item.id, f"import {summary.file}")
            elif changed:
                summary.updated += 1
                audit.record(session, actor, "update", "item", item.id, ", ".join(changed))
            else:
                summary.unchanged += 1

    @staticmethod
    def _onto_stored(
        session: Session, item: Item, data: ItemInput, given: frozenset[str]
    ) -> ItemInput:
        """The item as the register holds it, with only the columns the row gave changed: a
        column left out or a blank cell keeps what is stored."""
        category = session.get(EquipmentCategory, item.category_id) if item.category_id else None
        stored = ItemInput(
            item.item_ref,
            item.name,
            category.name if category else "",
            item.serial,
            item.acquired,
            item.location,
            item.notes,
            item.check_every_days,
            item.photo_path,
        )
        return replace(stored, **{column: getattr(data, column) for column in given})


@dataclass(frozen=True)
class LoanRow:
    row: int
    item_id: int
    person_id: int
    start: date
    due: date | None
    returned: date | None
    deposit_pence: int | None  # None: the cell was blank
    warning: str | None

    def describes(self, loan: Loan) -> bool:
        """This row is `loan`: every detail it gives matches (a blank cell matches anything),
        except that it may give the return date of a loan still open."""
        return (
            self.person_id == loan.person_id
            and self.due in (None, loan.due)
            and self.deposit_pence in (None, loan.deposit_pence)
            and (loan.returned is None or self.returned in (None, loan.returned))
        )


@register
class LoansImporter(Importer):
    kind = "loans"
    noun = "loans"
    columns = ("item_ref", "person_ref", "start", "due", "returned", "deposit")
    required = ("item_ref", "person_ref", "start")

    def prepare(self, session: Session, rows: list[tuple[int, Row]]) -> list[Any]:
        people = refs_to_ids(session, {r["person_ref"] for _, r in rows if r.get("person_ref")})
        items = {i.item_ref.upper(): i for i in session.scalars(select(Item))}
        keyed, prepared = [], []
        for number, row in self.ticking(CHECKING, rows):
            item = items.get(row.get("item_ref", "").upper())
            if row.get("item_ref") and item is None:
                self.problem(
                    number,
                    "item_ref",
                    "no item has this reference (import items first)",
                    row["item_ref"],
                )
            if row.get("person_ref") and row["person_ref"] not in people:
                self.problem(
                    number,
                    "person_ref",
                    "no person has this reference (import people first)",
                    row["person_ref"],
                )
            start = _parse(self, number, "start", row.get("start", ""), parse_date)
            due = _parse(self, number, "due", row.get("due", ""), parse_date)
            returned = _parse(self, number, "returned", row.get("returned", ""), parse_date)
            deposit = _parse(self, number, "deposit", row.get("deposit", ""), parse_pence)
            if start and start > today():
                self.problem(number, "start", "is in the future", row["start"])
            if start and due and due < start:
                self.problem(number, "due", "is before the start", row["due"])
            if returned and start and returned < start:
                self.problem(number, "returned", "is before the start", row["returned"])
            if returned and returned > today():
                self.problem(number, "returned", "is in the future", row["returned"])
            if not (item and start and row.get("person_ref") in people):
                continue
            warning = None
            if item.acquired and start < item.acquired:
                warning = (
                    f"row {number}: {item.item_ref} was lent on {start:%d/%m/%Y}, before it "
                    f"was acquired ({item.acquired:%d/%m/%Y})"
                )
            keyed.append(
                (number, (item.id, start), {k: v for k, v in row.items() if k != "item_ref"})
            )
            prepared.append(
                LoanRow(
                    number,
                    item.id,
                    people[row["person_ref"]],
                    start,
                    due,
                    returned,
                    deposit,
                    warning,
                )
            )
        skip = self.skip_repeats(keyed, "start")
        prepared = [p for p in prepared if p.row not in skip]
        return self._check_overlaps(session, prepared)

    def _check_overlaps(
        self, session: Session, prepared: list[LoanRow]
    ) -> list[tuple[LoanRow, Loan | None]]:
        """Refuse loans of one item that overlap each other or a loan already recorded;
        a row matching an existing loan exactly is left as it is. Each row comes back with the
        loan already recorded for it, if any."""
        out: list[tuple[LoanRow, Loan | None]] = []
        by_item: dict[int, list[LoanRow]] = {}
        for item in prepared:
            by_item.setdefault(item.item_id, []).append(item)
        for item_id, loans in by_item.items():
            existing = session.scalars(
                select(Loan).where(Loan.item_id == item_id, Loan.voided_at.is_(None))
            ).all()
            ref = session.scalar(select(Item.item_ref).where(Item.id == item_id))
            for i, new in enumerate(loans):
                same = next((e for e in existing if e.start == new.start), None)
                if same is not None:
                    if new.describes(same):
                        out.append((new, same))
                        continue
                    self.problem(
                        new.row,
                        "start",
                        f"{ref} already has a loan starting on this date with other details",
                        f"{new.start:%d/%m/%Y}",
                    )
                    continue
                clash = next(
                    (e for e in existing if overlaps(new.start, new.returned, e.start, e.returned)),
                    None,
                )
                if clash is not None:
                    self.problem(
                        new.row,
                        "start",
                        f"overlaps the loan of {ref} from {clash.start:%d/%m/%Y} already recorded",
                        f"{new.start:%d/%m/%Y}",
                    )
                    continue
                other = next(
                    (
                        o
                        for o in loans[:i]
                        if overlaps(new.start, new.returned, o.start, o.returned)
                    ),
                    None,
                )
                if other is not None:
                    self.problem(
                        new.row,
                        "start",
                        f"overlaps the loan of {ref} on row {other.row}",
                        f"{new.start:%d/%m/%Y}",
                    )
                    continue
                out.append((new, None))
        return out

    def write(
        self, session: Session, prepared: list[Any], summary: ImportSummary, actor: str
    ) -> None:
        for new, existing in self.ticking(self.writing_step, prepared):
            if existing is not None:
                stored = {"due": existing.due, "returned": existing.returned}
                self.keep_blanks(new.row, stored | {"deposit": existing.deposit_pence or None})
                if existing.returned is None and new.returned is not None:
                    existing.returned = new.returned
                    summary.updated += 1
                else:
                    summary.unchanged += 1
                continue
            session.add(
                Loan(
                    item_id=new.item_id,
                    person_id=new.person_id,
                    start=new.start,
                    due=new.due,
                    returned=new.returned,
                    deposit_pence=new.deposit_pence or 0,
                    condition_out="",
                    condition_in="",
                    agreement_signed=False,
                    entered_by=actor,
                )
            )
            if new.warning:
                summary.warnings.append(new.warning)
            summary.created += 1
