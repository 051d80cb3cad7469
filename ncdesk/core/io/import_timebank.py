"""`ncdesk import members` and `ncdesk import exchanges`: a timebank's history from paper or
an old spreadsheet. Imports record history, so the desk's rules for new entries (a member who
has left, balance limits) do not refuse rows; an exchange before the member joined is a warning."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from ncdesk.core.io.import_attendance import refs_to_ids
from ncdesk.core.io.importing import CHECKING, Importer, ImportSummary, Row, register
from ncdesk.core.models import Exchange, Listing, SkillCategory, TimebankAccount
from ncdesk.core.parsing import ParseError, parse_date, parse_hours, parse_list, today
from ncdesk.core.security import audit
from ncdesk.core.services.skills import find_or_create_category


def _date(importer: Importer, number: int, column: str, text: str) -> date | None:
    try:
        day = parse_date(text)
    except ParseError as exc:
        importer.problem(number, column, str(exc), text)
        return None
    if day > today():
        importer.problem(number, column, "is in the future", text)
        return None
    return day


@dataclass(frozen=True)
class MemberRow:
    row: int
    person_id: int
    joined: date
    offers: tuple[str, ...]
    requests: tuple[str, ...]


@register
class MembersImporter(Importer):
    kind = "members"
    noun = "members"
    columns = ("person_ref", "joined", "offers", "requests")
    required = ("person_ref", "joined")
    stored_in = {"offers": SkillCategory.name, "requests": SkillCategory.name}
    list_columns = frozenset({"offers", "requests"})

    def prepare(self, session: Session, rows: list[tuple[int, Row]]) -> list[Any]:
        people = refs_to_ids(session, {r["person_ref"] for _, r in rows if r.get("person_ref")})
        keyed, prepared = [], []
        for number, row in self.ticking(CHECKING, rows):
            ref = row.get("person_ref", "")
            if ref and ref not in people:
                self.problem(
                    number, "person_ref", "no person has this reference (import people first)", ref
                )
            joined = _date(self, number, "joined", row["joined"]) if row.get("joined") else None
            keyed.append((number, ref, row))
            if ref in people and joined:
                prepared.append(
                    MemberRow(
                        number,
                        people[ref],
                        joined,
                        tuple(parse_list(row.get("offers", ""))),
                        tuple(parse_list(row.get("requests", ""))),
                    )
                )
        skip = self.skip_repeats(keyed, "person_ref")
        return [p for p in prepared if p.row not in skip]

    def write(
        self, session: Session, prepared: list[Any], summary: ImportSummary, actor: str
    ) -> None:
        for item in self.ticking(self.writing_step, prepared):
            account = session.scalar(
                select(TimebankAccount).where(TimebankAccount.person_id == item.person_id)
            )
            created = account is None
            changed = False
            if account is None:
                account = TimebankAccount(
                    kind="member",
                    person_id=item.person_id,
                    name="",
                    joined=item.joined,
                    status="active",
                    notes="",
                )
                session.add(account)
                session.flush()
                audit.record(
                    session,
                    actor,
                    "join timebank",
                    "timebank_account",
                    account.id,
                    f"import {summary.file}",
                )
            else:
                self.keep_blanks(item.row, self._listed(session, account, item.row))
                if account.joined != item.joined:
                    account.joined = item.joined
                    changed = True
            for kind, names in (("offer", item.offers), ("request", item.requests)):
                for name in names:
                    category, new = find_or_create_category(session, name)
                    if new:
                        summary.add_to_list("skill categories", category.name)
                    exists = session.scalar(
                        select(Listing.id).where(
                            Listing.account_id == account.id,
                            Listing.kind == kind,
                            Listing.category_id == category.id,
                            Listing.active.is_(True),
                        )
                    )
                    if exists is None:
                        session.add(
                            Listing(
                                account_id=account.id,
                                kind=kind,
                                category_id=category.id,
                                description="",
                                availability="",
                                active=True,
                            )
                        )
                        changed = True
            if created:
                summary.created += 1
            elif changed:
                summary.updated += 1
            else:
                summary.unchanged += 1

    def _listed(self, session: Session, account: TimebankAccount, row: int) -> dict[str, object]:
        """For each of the row's blank list columns, whether the member has listings of that
        kind (a list cell only ever adds to them)."""
        kinds = {"offers": "offer", "requests": "request"}
        return {
            column: session.scalar(
                select(Listing.id)
                .where(
                    Listing.account_id == account.id,
                    Listing.kind == kinds[column],
                    Listing.active.is_(True),
                )
                .limit(1)
            )
            for column in self.blanks(row) & kinds.keys()
        }


@dataclass(frozen=True)
class ExchangeRow:
    row: int
    day: date
    giver: int
    receiver: int
    minutes: int
    category: str
    description: str
    exchange_ref: str | None
    warnings: tuple[str, ...] = ()


def accounts_by_ref(session: Session, refs: set[str]) -> dict[str, TimebankAccount]:
    """Members by their person_ref, and organisations / the chest by their account_ref."""
    people = refs_to_ids(session, refs)
    found: dict[str, TimebankAccount] = {}
    by_person = {
        a.person_id: a
        for a in session.scalars(
            select(TimebankAccount).where(TimebankAccount.person_id.in_(list(people.values())))
        )
    }
    for ref, person_id in people.items():
        if person_id in by_person:
            found[ref] = by_person[person_id]
    upper = {r.upper(): r for r in refs}
    for account in session.scalars(
        select(TimebankAccount).where(TimebankAccount.account_ref.in_(list(upper)))
    ):
        if account.account_ref in upper:  # always: only these refs were asked for
            found[upper[account.account_ref]] = account
    return found


@register
class ExchangesImporter(Importer):
    kind = "exchanges"
    noun = "exchanges"
    columns = (
        "date",
        "giver_ref",
        "receiver_ref",
        "hours",
        "category",
        "description",
        "exchange_ref",
    )
    required = ("date", "giver_ref", "receiver_ref", "hours")
    free_text = frozenset({"description"})
    stored_in = {"category": SkillCategory.name, "exchange_ref": Exchange.exchange_ref}

    def prepare(self, session: Session, rows: list[tuple[int, Row]]) -> list[Any]:
        refs = {r[c] for _, r in rows for c in ("giver_ref", "receiver_ref") if r.get(c)}
        accounts = accounts_by_ref(session, refs)
        people = refs_to_ids(session, refs)
        keyed, prepared = [], []
        for number, row in self.ticking(CHECKING, rows):
            day = _date(self, number, "date", row["date"]) if row.get("date") else None
            ids = {}
            for column in ("giver_ref", "receiver_ref"):
                ref = row.get(column, "")
                if not ref:
                    continue
                if ref in accounts:
                    ids[column] = accounts[ref]
                elif ref in people:
                    self.problem(
                        number,
                        column,
                        "this person is not a timebank member (import members first)",
                        ref,
                    )
                else:
                    self.problem(number, column, "no member has this reference", ref)
            minutes = None
            if row.get("hours"):
                try:
                    minutes = parse_hours(row["hours"])
                except ParseError as exc:
                    self.problem(number, "hours", str(exc), row["hours"])
            giver, receiver = ids.get("giver_ref"), ids.get("receiver_ref")
            if giver and receiver and giver.id == receiver.id:
                self.problem(
                    number,
                    "receiver_ref",
                    "the giver and the receiver are the same",
                    row["receiver_ref"],
                )
                continue
            if not (day and giver and receiver and minutes):
                continue
            warnings = tuple(
                f"row {number}: {ref} joined on {account.joined:%d/%m/%Y}, after this exchange"
                for account, ref in ((giver, row["giver_ref"]), (receiver, row["receiver_ref"]))
                if account.kind == "member" and day < account.joined
            )
            item = ExchangeRow(
                number,
                day,
                giver.id,
                receiver.id,
                minutes,
                row.get("category", ""),
                row.get("description", ""),
                row.get("exchange_ref") or None,
                warnings,
            )
            key = item.exchange_ref or (day, giver.id, receiver.id, minutes, item.description)
            keyed.append((number, key, {k: v for k, v in row.items() if k != "exchange_ref"}))
            prepared.append(item)
        column = "exchange_ref" if any(i.exchange_ref for i in prepared) else "date"
        skip = self.skip_repeats(keyed, column)
        prepared = [p for p in prepared if p.row not in skip]
        return self._against_database(session, prepared)

    def _against_database(self, session: Session, prepared: list[ExchangeRow]) -> list[Any]:
        """Rows already in the ledger are skipped; a known ref with other details is refused."""
        out = []
        for item in prepared:
            if item.exchange_ref:
                existing = session.scalar(
                    select(Exchange).where(Exchange.exchange_ref == item.exchange_ref)
                )
                if existing is None:
                    out.append((item, False))
                elif (
                    existing.date,
                    existing.credited_id,
                    existing.debited_id,
                    existing.minutes,
                ) == (item.day, item.giver, item.receiver, item.minutes):
                    out.append((item, True))
                else:
                    self.problem(
                        item.row,
                        "exchange_ref",
                        "already recorded with different details",
                        item.exchange_ref,
                    )
                continue
            existing_id = session.scalar(
                select(Exchange.id).where(
                    Exchange.date == item.day,
                    Exchange.credited_id == item.giver,
                    Exchange.debited_id == item.receiver,
                    Exchange.minutes == item.minutes,
                    Exchange.description == item.description.strip(),
                    Exchange.kind == "service",
                )
            )
            out.append((item, existing_id is not None))
        return out

    def write(
        self, session: Session, prepared: list[Any], summary: ImportSummary, actor: str
    ) -> None:
        for item, already in self.ticking(self.writing_step, prepared):
            if already:
                summary.unchanged += 1
                continue
            summary.warnings += item.warnings
            category_id = None
            if item.category:
                category, new = find_or_create_category(session, item.category)
                category_id = category.id
                if new:
                    summary.add_to_list("skill categories", category.name)
            session.add(
                Exchange(
                    exchange_ref=item.exchange_ref,
                    date=item.day,
                    kind="service",
                    credited_id=item.giver,
                    debited_id=item.receiver,
                    minutes=item.minutes,
                    category_id=category_id,
                    description=item.description.strip(),
                    entered_by=actor,
                )
            )
            summary.created += 1
