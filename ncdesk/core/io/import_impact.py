"""`ncdesk import outcomes` and `ncdesk import places` (DESIGN §5): outcome scores by
(person_ref, date, measure), and the postcode lookup of the organisation's area by postcode
(spaces and case ignored). After places come in, everyone's ward, LSOA and decile are looked
up again, so a new lookup file moves people to their new places at once."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from ncdesk.core.contact import normalise_postcode
from ncdesk.core.io.import_attendance import refs_to_ids
from ncdesk.core.io.import_timebank import _date
from ncdesk.core.io.importing import CHECKING, Importer, ImportSummary, Row, register
from ncdesk.core.models import OutcomeScore, Person, Place
from ncdesk.core.models.impact import postcode_key
from ncdesk.core.outcomes import measure, scale_problem
from ncdesk.core.parsing import ParseError
from ncdesk.core.security import audit


@dataclass(frozen=True)
class ScoreRow:
    row: int
    person_id: int
    day: date
    measure: str
    score: int
    wording: str


def _whole_number(importer: Importer, number: int, column: str, text: str) -> int | None:
    try:
        value = int(text.strip())
    except ValueError:
        importer.problem(number, column, "must be a whole number", text)
        return None
    return value


@register
class OutcomesImporter(Importer):
    kind = "outcomes"
    noun = "scores"
    columns = ("person_ref", "date", "measure", "score")
    required = ("person_ref", "date", "measure", "score")

    def prepare(self, session: Session, rows: list[tuple[int, Row]]) -> list[Any]:
        people = refs_to_ids(session, {r["person_ref"] for _, r in rows if r.get("person_ref")})
        keyed, prepared = [], []
        for number, row in self.ticking(CHECKING, rows):
            ref, name = row.get("person_ref", ""), row.get("measure", "").strip().lower()
            if ref and ref not in people:
                self.problem(
                    number, "person_ref", "no person has this reference (import people first)", ref
                )
            day = _date(self, number, "date", row["date"]) if row.get("date") else None
            m = measure(name) if name else None
            if name and m is None:
                self.problem(number, "measure", "is not a measure ncdesk knows", name)
            score = _whole_number(self, number, "score", row["score"]) if row.get("score") else None
            if m is not None and score is not None and (why := scale_problem(m, score)):
                self.problem(number, "score", why, row["score"])
                score = None
            keyed.append((number, (ref, day, name), score))
            if ref in people and day and m is not None and score is not None:
                prepared.append(ScoreRow(number, people[ref], day, m.id, score, m.question))
        skip = self.skip_repeats(keyed, "score")
        return [p for p in prepared if p.row not in skip]

    def write(
        self, session: Session, prepared: list[Any], summary: ImportSummary, actor: str
    ) -> None:
        touched: set[int] = set()
        for item in self.ticking(self.writing_step, prepared):
            row = session.scalar(
                select(OutcomeScore).where(
                    OutcomeScore.person_id == item.person_id,
                    OutcomeScore.day == item.day,
                    OutcomeScore.measure == item.measure,
                )
            )
            if row is None:
                session.add(
                    OutcomeScore(
                        person_id=item.person_id,
                        day=item.day,
                        measure=item.measure,
                        score=item.score,
                        wording=item.wording,
                        entered_by=actor,
                    )
                )
                summary.created += 1
                touched.add(item.person_id)
            elif row.score != item.score:
                row.score = item.score
                summary.updated += 1
                touched.add(item.person_id)
            else:
                summary.unchanged += 1
        for person_id in sorted(touched):
            audit.record(session, actor, "outcomes", "person", person_id, f"import {summary.file}")


@dataclass(frozen=True)
class PlaceRow:
    row: int
    postcode: str
    given: dict[str, Any]


@register
class PlacesImporter(Importer):
    kind = "places"
    noun = "postcodes"
    columns = ("postcode", "ward", "lsoa", "imd_decile")
    required = ("postcode",)
    stored_in = {"ward": Place.ward, "lsoa": Place.lsoa}

    def prepare(self, session: Session, rows: list[tuple[int, Row]]) -> list[Any]:
        keyed, prepared = [], []
        for number, row in self.ticking(CHECKING, rows):
            text = row.get("postcode", "")
            try:
                postcode = postcode_key(normalise_postcode(text)) if text else ""
            except ParseError as exc:
                self.problem(number, "postcode", str(exc), text)
                postcode = ""
            given: dict[str, Any] = {c: row[c].strip() for c in ("ward", "lsoa") if c in row}
            if "imd_decile" in row:
                decile = _whole_number(self, number, "imd_decile", row["imd_decile"])
                if decile is not None and not 1 <= decile <= 10:
                    self.problem(number, "imd_decile", "must be from 1 to 10", row["imd_decile"])
                    decile = None
                given["imd_decile"] = decile
            keyed.append((number, postcode, tuple(sorted(given.items()))))
            if postcode and len(postcode) > 4:  # a whole postcode, not a district
                prepared.append(PlaceRow(number, postcode, given))
            elif postcode:
                self.problem(
                    number, "postcode", "give the whole postcode, not just its district", text
                )
        skip = self.skip_repeats(keyed, "postcode")
        return [p for p in prepared if p.row not in skip]

    def write(
        self, session: Session, prepared: list[Any], summary: ImportSummary, actor: str
    ) -> None:
        for item in self.ticking(self.writing_step, prepared):
            place = session.get(Place, item.postcode)
            if place is None:
                session.add(Place(postcode=item.postcode, ward="", lsoa=""))
                session.flush()
                place = session.get(Place, item.postcode)
                assert place is not None
                for name, value in item.given.items():
                    setattr(place, name, value)
                summary.created += 1
                continue
            self.keep_blanks(item.row, {c: getattr(place, c) for c in self.blanks(item.row)})
            if any(getattr(place, k) != v for k, v in item.given.items()):
                for name, value in item.given.items():
                    setattr(place, name, value)
                summary.updated += 1
            else:
                summary.unchanged += 1
        session.flush()
        placed = relocate_everyone(session)
        audit.record(session, actor, "import", "places", None, f"{summary.file}")
        summary.notes.append(f"{placed:,} people's postcodes are in the lookup.")


def relocate_everyone(session: Session) -> int:
    """Look everyone's place up again from the lookup (erased people keep theirs); returns
    how many people have a postcode found in it."""
    session.execute(
        update(Person)
        .where(Person.erased_at.is_(None))
        .values(ward=None, lsoa=None, imd_decile=None)
    )
    found = 0
    for person_id, postcode in session.execute(
        select(Person.id, Person.postcode).where(
            Person.erased_at.is_(None), Person.postcode.is_not(None)
        )
    ):
        place = session.get(Place, postcode_key(postcode))
        if place is not None:
            session.execute(
                update(Person)
                .where(Person.id == person_id)
                .values(ward=place.ward, lsoa=place.lsoa, imd_decile=place.imd_decile)
            )
            found += 1
    return found
