"""`ncdesk import attendance` per DESIGN §5: sessions made as needed, one attendance per person
per session, anonymous counts set, referral types from signposted_to, refusals write nothing."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import func, select

from ncdesk.core.models import Attendance, DropInSession, Referral, ReferralType
from tests.cli.conftest import content, write_csv
from tests.databases import reopen

HEADER = "date,activity,person_ref,anonymous_count,signposted_to\n"


@pytest.fixture
def db_file(ncdesk, tmp_path: Path) -> Path:
    path = tmp_path / "d.db"
    assert ncdesk("demo", "--db", path).code == 0
    return path


def counts(db_file: Path) -> dict[str, object]:
    db = reopen(db_file)
    try:
        with db.session() as s:
            return {
                "sessions": s.scalar(select(func.count(DropInSession.id))),
                "attendances": s.scalar(select(func.count(Attendance.id))),
                "referrals": s.scalar(select(func.count(Referral.id))),
                "anonymous": {
                    day: n
                    for day, n in s.execute(
                        select(DropInSession.date, DropInSession.anonymous_count)
                    )
                },
                "types": set(s.scalars(select(ReferralType.name))),
            }
    finally:
        db.close()


def test_attendance_rows_create_sessions_attendances_and_referrals(ncdesk, db_file, tmp_path):
    before = counts(db_file)
    csv = write_csv(
        tmp_path / "a.csv",
        HEADER + "03/11/2025,Touchpoint drop-in,P00001,,Food Bank Voucher; benefits advice\n"
        "03/11/2025,touchpoint DROP-IN,P00002,,\n"
        "2025-11-03,Touchpoint drop-in,,3,\n"
        "10/11/2025,Touchpoint drop-in,P00001,,Debt advice\n",
    )
    result = ncdesk("import", "attendance", csv, "--db", db_file)
    assert result.code == 0, result.err
    assert "Debt advice" in result.out  # a new referral type is named in the summary
    after = counts(db_file)
    assert after["sessions"] == before["sessions"] + 2  # activity names match in any case
    assert after["attendances"] == before["attendances"] + 3
    assert after["referrals"] == before["referrals"] + 3  # existing types matched in any case
    assert "Debt advice" in after["types"] and "Food Bank Voucher" not in after["types"]


def test_importing_the_same_attendance_file_twice_changes_nothing(ncdesk, db_file, tmp_path):
    csv = write_csv(
        tmp_path / "a.csv",
        HEADER + "03/11/2025,Walk and talk,P00001,,GP\n03/11/2025,Walk and talk,,2,\n",
    )
    assert ncdesk("import", "attendance", csv, "--db", db_file).code == 0
    before = content(db_file)
    result = ncdesk("import", "attendance", csv, "--db", db_file)
    assert "0 attendances were added, 0 updated, 2 already up to date" in result.out
    assert content(db_file) == before


def test_one_attendance_per_person_per_session(ncdesk, db_file, tmp_path):
    csv = write_csv(
        tmp_path / "a.csv", HEADER + "03/11/2025,Walk,P00001,,\n03/11/2025,Walk,P00001,,\n"
    )
    before = counts(db_file)["attendances"]
    assert ncdesk("import", "attendance", csv, "--db", db_file).code == 0
    assert counts(db_file)["attendances"] == before + 1


def test_anonymous_count_sets_the_sessions_count(ncdesk, db_file, tmp_path):
    ncdesk(
        "import",
        "attendance",
        write_csv(tmp_path / "a.csv", HEADER + "03/11/2025,Walk,,3,\n"),
        "--db",
        db_file,
    )
    ncdesk(
        "import",
        "attendance",
        write_csv(tmp_path / "b.csv", HEADER + "03/11/2025,Walk,,5,\n"),
        "--db",
        db_file,
    )
    from datetime import date

    assert counts(db_file)["anonymous"][date(2025, 11, 3)] == 5  # set, not added


def test_bad_attendance_rows_are_all_listed_and_nothing_is_written(ncdesk, db_file, tmp_path):
    csv = write_csv(
        tmp_path / "bad.csv",
        HEADER + "31/11/2025,Walk,P00001,,\n"  # row 2: no such date
        "01/11/2025,Walk,NOPE1,,\n"  # row 3: unknown person
        "01/11/2025,Walk,,-2,\n"  # row 4: negative count
        "01/11/2025,Walk,P00001,2,\n"  # row 5: both
        "01/11/2025,Walk,,,\n"  # row 6: neither
        "02/11/2025,Walk,,4,\n"
        "02/11/2025,Walk,,6,\n"  # row 8: second anonymous count for a session
        "02/11/2025,Walk,,zero,\n"  # row 9: unreadable count
        "01/01/2099,Walk,P00001,,\n",  # row 10: in the future
    )
    before = content(db_file)
    result = ncdesk("import", "attendance", csv, "--db", db_file)
    assert result.code == 1
    for expected in (
        "row 2, column date (value '31/11/2025'): this date does not exist",
        "row 3, column person_ref (value 'NOPE1'): no person has this reference",
        "row 4, column anonymous_count (value '-2')",
        "row 5, column anonymous_count",
        "row 6, column person_ref",
        "row 8, column anonymous_count",
        "row 9, column anonymous_count (value 'zero')",
        "row 10, column date (value '01/01/2099'): is in the future",
    ):
        assert expected in result.err
    assert content(db_file) == before


def test_attendance_at_a_cancelled_session_is_refused(ncdesk, db_file, tmp_path):
    from datetime import date

    from ncdesk.core.services.activities import (
        ActivityInput,
        open_session,
        save_activity,
        set_session_cancelled,
    )

    db = reopen(db_file)
    activity = save_activity(db, ActivityInput("Lunch club", schedule="weekly", weekday=0))
    session = open_session(db, activity.id, date(2025, 11, 3))
    set_session_cancelled(db, session.id, True, "snow")
    db.close()
    result = ncdesk(
        "import",
        "attendance",
        write_csv(tmp_path / "a.csv", HEADER + "03/11/2025,lunch club,P00001,,\n"),
        "--db",
        db_file,
    )
    assert result.code == 1
    assert "cancelled" in result.err
