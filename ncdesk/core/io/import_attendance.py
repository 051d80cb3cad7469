"""`ncdesk import attendance`: drop-in sign-in records, typically from paper sheets or an old
spreadsheet. A session is (activity, date); activities and sessions are created as needed."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from ncdesk.core.io.importing import CHECKING, Importer, ImportSummary, Row, register
from ncdesk.core.models import (
    Activity,
    Attendance,
    DropInSession,
    Person,
    Referral,
    ReferralType,
)
from ncdesk.core.parsing import LOCAL_ZONE, ParseError, parse_count, parse_date, parse_list, today
from ncdesk.core.security import audit
from ncdesk.core.services.activities import find_or_create_activity, find_or_create_session
from ncdesk.core.services.referrals import find_or_create_type

LOCAL = LOCAL_ZONE


@dataclass(frozen=True)
class AttendanceRow:
    row: int
    day: date
    activity: str
    person_id: int | None
    anonymous: int | None
    signposted: tuple[str, ...]


def refs_to_ids(session: Session, refs: set[str]) -> dict[str, int]:
    """person_ref → id for those that exist (looked up in chunks for SQLite's variable limit)."""
    found: dict[str, int] = {}
    ordered = sorted(refs)
    for start in range(0, len(ordered), 500):
        chunk = ordered[start : start + 500]
        query = select(Person.person_ref, Person.id).where(Person.person_ref.in_(chunk))
        found.update((ref, pid) for ref, pid in session.execute(query))
    return found


@register
class AttendanceImporter(Importer):
    kind = "attendance"
    noun = "attendances"
    columns = ("date", "activity", "person_ref", "anonymous_count", "signposted_to")
    required = ("date", "activity")
    stored_in = {"activity": Activity.name, "signposted_to": ReferralType.name}
    list_columns = frozenset({"signposted_to"})

    def prepare(self, session: Session, rows: list[tuple[int, Row]]) -> list[Any]:
        people = refs_to_ids(session, {r["person_ref"] for _, r in rows if r.get("person_ref")})
        cancelled = {
            (name.lower(), day)
            for name, day in session.execute(
                select(Activity.name, DropInSession.date)
                .join(DropInSession)
                .where(DropInSession.cancelled.is_(True))
            )
        }
        prepared: list[AttendanceRow] = []
        keyed_people, keyed_anon = [], []
        for number, row in self.ticking(CHECKING, rows):
            ok = True
            day: date | None = None
            if row.get("date"):
                try:
                    day = parse_date(row["date"])
                    if day > today():
                        self.problem(number, "date", "is in the future", row["date"])
                        ok = False
                except ParseError as exc:
                    self.problem(number, "date", str(exc), row["date"])
                    ok = False
            activity = " ".join(row.get("activity", "").split())
            ref = row.get("person_ref", "")
            anon_text = row.get("anonymous_count", "")
            anonymous = None
            if ref and anon_text:
                self.problem(
                    number,
                    "anonymous_count",
                    "a row has either a person_ref or an anonymous_count, not both",
                    anon_text,
                )
                ok = False
            elif not ref and not anon_text:
                self.problem(number, "person_ref", "give a person_ref or an anonymous_count")
                ok = False
            if ref and ref not in people:
                self.problem(
                    number, "person_ref", "no person has this reference (import people first)", ref
                )
                ok = False
            if anon_text:
                try:
                    anonymous = parse_count(anon_text)
                except ParseError as exc:
                    self.problem(number, "anonymous_count", str(exc), anon_text)
                    ok = False
            signposted = tuple(parse_list(row.get("signposted_to", "")))
            if signposted and not ref:
                self.problem(
                    number, "signposted_to", "signposting needs a person_ref", row["signposted_to"]
                )
                ok = False
            if day and activity and (activity.lower(), day) in cancelled:
                self.problem(
                    number,
                    "date",
                    f"the {activity} session on this date was cancelled",
                    row["date"],
                )
                ok = False
            if not (ok and day and activity):
                continue
            item = AttendanceRow(
                number,
                day,
                activity,
                people.get(ref),
                anonymous,
                tuple(sorted({s.lower(): s for s in signposted}.values(), key=str.lower)),
            )
            session_key = (activity.lower(), day)
            if ref:
                keyed_people.append((number, (*session_key, ref), (item.signposted,)))
            else:
                keyed_anon.append((number, session_key, (anonymous,)))
            prepared.append(item)
        skip = self.skip_repeats(keyed_people, "person_ref")
        skip |= self._anonymous_repeats(keyed_anon)
        return [p for p in prepared if p.row not in skip]

    def _anonymous_repeats(self, keyed: list[tuple[int, Any, Any]]) -> set[int]:
        first: dict[Any, tuple[int, Any]] = {}
        skip = set()
        for number, key, value in keyed:
            if key not in first:
                first[key] = (number, value)
            elif first[key][1] == value:
                skip.add(number)
            else:
                self.problem(
                    number,
                    "anonymous_count",
                    f"a second anonymous count for this session (row {first[key][0]})",
                    str(value[0]),
                )
        return skip

    def write(
        self, session: Session, prepared: list[Any], summary: ImportSummary, actor: str
    ) -> None:
        activities: dict[str, Activity] = {}
        sessions: dict[tuple[int, date], DropInSession] = {}
        known_activities = {n.lower() for n in session.scalars(select(Activity.name))}
        new_sessions = 0
        for item in self.ticking(self.writing_step, prepared):
            activity = activities.get(item.activity.lower())
            if activity is None:
                activity = find_or_create_activity(session, item.activity)
                activities[item.activity.lower()] = activity
                if item.activity.lower() not in known_activities:
                    summary.add_to_list("activities", activity.name)
            key = (activity.id, item.day)
            if key not in sessions:
                before = session.scalar(
                    select(DropInSession.id).where(
                        DropInSession.activity_id == activity.id, DropInSession.date == item.day
                    )
                )
                sessions[key] = find_or_create_session(session, activity, item.day)
                new_sessions += before is None
            dropin = sessions[key]
            if item.anonymous is not None:
                if dropin.anonymous_count == item.anonymous:
                    summary.unchanged += 1
                else:
                    dropin.anonymous_count = item.anonymous
                    summary.updated += 1
                continue
            self._write_attendance(session, dropin, item, summary, actor)
        if new_sessions:
            summary.notes.append(
                f"{new_sessions} sessions recorded that were not in ncdesk before."
            )

    def _write_attendance(
        self,
        session: Session,
        dropin: DropInSession,
        item: AttendanceRow,
        summary: ImportSummary,
        actor: str,
    ) -> None:
        assert item.person_id is not None
        attendance = session.scalar(
            select(Attendance).where(
                Attendance.session_id == dropin.id, Attendance.person_id == item.person_id
            )
        )
        created = attendance is None
        if attendance is None:
            at = datetime.combine(item.day, dropin.start_time or time(12), tzinfo=LOCAL)
            attendance = Attendance(
                session_id=dropin.id,
                person_id=item.person_id,
                checked_in_at=at,
                help_given="",
                entered_by=actor,
            )
            session.add(attendance)
            session.flush()
            person = session.get(Person, item.person_id)
            if person is not None and (person.last_seen_at is None or person.last_seen_at < at):
                person.last_seen_at = at
        have = set(
            session.scalars(
                select(Referral.referral_type_id).where(Referral.attendance_id == attendance.id)
            )
        )
        if not created:
            self.keep_blanks(item.row, {"signposted_to": have or None})
        added = 0
        for name in item.signposted:
            referral_type, new = find_or_create_type(session, name)
            if new:
                summary.add_to_list("referral types", referral_type.name)
            if referral_type.id not in have:
                session.add(
                    Referral(
                        attendance_id=attendance.id,
                        referral_type_id=referral_type.id,
                        note="",
                        follow_up=False,
                    )
                )
                have.add(referral_type.id)
                added += 1
        if created:
            summary.created += 1
        elif added:
            summary.updated += 1
            audit.record(
                session,
                actor,
                "update",
                "attendance",
                attendance.id,
                f"import {summary.file}: {added} referrals",
            )
        else:
            summary.unchanged += 1
