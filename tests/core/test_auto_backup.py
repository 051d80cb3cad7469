"""Automatic backups: a verified copy in the chosen folder, thinned as Anki does (today and
yesterday kept whole, then one a day, a week, a month); a missing folder is a warning."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, datetime, timedelta
from pathlib import Path

import pytest

from ncdesk.core.db import check_database
from ncdesk.core.errors import NcdeskError
from ncdesk.core.io.auto_backup import (
    BackupFile,
    BackupFolderMissing,
    backups_in,
    due,
    make_backup,
    to_keep,
)
from ncdesk.core.services.settings import get_settings, save_settings


def fake(made: datetime) -> BackupFile:
    return BackupFile(Path(f"d-{made:%Y%m%d-%H%M%S}.db"), made, 1, False)


def test_thinning_keeps_today_yesterday_then_one_a_day_week_and_month() -> None:
    today = date(2026, 11, 28)
    copies = [fake(datetime(2026, 11, 28, h)) for h in (9, 12, 15)]
    copies += [fake(datetime(2026, 11, 27, h)) for h in (10, 16)]
    copies += [fake(datetime(2026, 11, 28, 8) - timedelta(days=d, hours=h))
               for d in range(2, 200) for h in (0, 5)]  # fmt: skip
    kept = [c for c in copies if c.path in to_keep(copies, today, daily=7, weekly=4, monthly=6)]

    def ages(low: int, high: int) -> list[BackupFile]:
        return [c for c in kept if low <= (today - c.made.date()).days <= high]

    assert len(ages(0, 1)) == 5  # today's and yesterday's, every one
    assert len(ages(2, 8)) == 7  # then the newest of each of seven days
    assert 4 <= len(ages(9, 36)) <= 5  # of each of four weeks
    assert 6 <= len(ages(37, 37 + 31 * 6)) <= 7  # of each of six months
    assert ages(37 + 31 * 6 + 1, 999) == []
    assert all(c.made.hour == 8 for c in ages(2, 999))  # always the newest of its day


@pytest.mark.sqlite_only("backups are copies of the file (a server is backed up by pg_dump)")
def test_a_backup_is_verified_made_in_the_folder_and_the_folder_thinned(db, tmp_path) -> None:
    folder = tmp_path / "usb"
    folder.mkdir()
    save_settings(db, replace(get_settings(db), backup_folder=str(folder), backups_kept=2,
                              backups_weekly=0, backups_monthly=0))  # fmt: skip
    now = datetime(2026, 11, 28, 12, 0)
    for days_ago in (10, 5, 4, 3, 0):
        make_backup(db, now=now - timedelta(days=days_ago))
    made = backups_in(folder, "t")
    # today's, then one for each of the two days before yesterday: 26 Nov had none, 25th did
    assert [b.made.date() for b in made] == [date(2026, 11, 28), date(2026, 11, 25)]
    assert check_database(made[0].path, key=db.key).ok


@pytest.mark.sqlite_only("backups are copies of the file (a server is backed up by pg_dump)")
def test_a_missing_backup_folder_is_a_warning_not_a_new_folder(db, tmp_path) -> None:
    stick = tmp_path / "stick-not-plugged-in"
    save_settings(db, replace(get_settings(db), backup_folder=str(stick)))
    with pytest.raises(BackupFolderMissing, match="is the USB stick plugged in"):
        make_backup(db)
    assert not stick.exists()


def test_a_backup_is_due_every_few_hours(db) -> None:
    settings = get_settings(db)
    now = datetime(2026, 11, 28, 12)
    assert due(None, settings, now)
    assert not due(now - timedelta(hours=2), settings, now)
    assert due(now - timedelta(hours=3), settings, now)


@pytest.mark.sqlite_only("backups are copies of the file (a server is backed up by pg_dump)")
def test_a_backup_from_the_list_is_checked_and_restored(tmp_path) -> None:
    from ncdesk.core.io.auto_backup import backup_checks_out, list_backups, restore_backup
    from ncdesk.core.services.people import add_person, search_people
    from ncdesk.core.services.person_fields import PersonDetails
    from tests.databases import new_database, reopen

    path = tmp_path / "desk.db"
    db = new_database(path)
    save_settings(db, replace(get_settings(db), backup_folder=str(tmp_path)))
    add_person(db, PersonDetails(first_name="Before", last_name="Backup"))
    make_backup(db)
    add_person(db, PersonDetails(first_name="After", last_name="Backup"))
    folder, [backup] = list_backups(db)
    assert folder == tmp_path and backup_checks_out(db, backup.path)
    kept = restore_backup(db, backup.path)
    assert kept is not None and kept.exists()
    again = reopen(path)
    try:
        assert [p.name for p in search_people(again, "backup")] == ["Before Backup"]
    finally:
        again.close()


def test_a_server_database_is_not_backed_up_as_a_file_and_says_pg_dump(db) -> None:
    if db.path is not None:
        pytest.skip("a database file is backed up as a file (the tests above)")
    with pytest.raises(NcdeskError, match="pg_dump"):
        make_backup(db)
