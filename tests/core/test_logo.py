"""The organisation's logo on printed returns: kept inside the database, so it travels with
backups and copies and survives its file being moved; refused plainly when it is not a
picture; an older database's logo file is still printed."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from pathlib import Path

import pytest

from ncdesk.core.db import Database, open_database
from ncdesk.core.errors import ValidationError
from ncdesk.core.io.backup import backup_database
from ncdesk.core.reports.grant_return import build_return
from ncdesk.core.reports.grant_return_pdf import write_grant_return_pdf
from ncdesk.core.reports.metrics import Scope
from ncdesk.core.services.logo import MAX_LOGO_BYTES, encoded_logo, logo_bytes, logo_file_problem
from ncdesk.core.services.settings import get_settings, save_settings
from tests.databases import reopen
from tests.pictures import tiny_png

YEAR = Scope(date(2026, 4, 1), date(2027, 3, 31))


def save_logo(db: Database, path: Path) -> None:
    save_settings(db, replace(get_settings(db), logo_image=encoded_logo(path), logo_path=""))


def cover_has_picture(db: Database, pdf: Path) -> bool:
    write_grant_return_pdf(build_return(db, YEAR), pdf)
    return b"/Subtype /Image" in pdf.read_bytes()


def test_a_saved_logo_is_printed_after_its_file_is_gone(
    db: Database, db_path: Path, tmp_path: Path
) -> None:
    logo = tmp_path / "logo.png"
    logo.write_bytes(tiny_png())
    assert not cover_has_picture(db, tmp_path / "before.pdf")
    save_logo(db, logo)
    logo.unlink()

    again = reopen(db_path)
    try:
        assert logo_bytes(get_settings(again)) == tiny_png()
        assert cover_has_picture(again, tmp_path / "after.pdf")
    finally:
        again.close()


@pytest.mark.sqlite_only("a backup file")
def test_the_logo_travels_with_a_backup(db: Database, tmp_path: Path) -> None:
    logo = tmp_path / "logo.png"
    logo.write_bytes(tiny_png(b"\xff\x00\x00"))
    save_logo(db, logo)
    assert db.path is not None
    copy = backup_database(db.path, tmp_path / "copy.db", key=db.key)

    restored = open_database(copy, key=db.key)
    try:
        assert logo_bytes(get_settings(restored)) == tiny_png(b"\xff\x00\x00")
    finally:
        restored.close()


def test_a_file_that_is_not_a_picture_is_refused_and_nothing_changes(
    db: Database, tmp_path: Path
) -> None:
    text = tmp_path / "logo.png"
    text.write_text("not a picture")
    assert logo_file_problem(text) == "the file logo.png is not a PNG or JPEG picture"
    assert logo_file_problem(tmp_path / "none.png").startswith("there is no file")
    assert logo_file_problem(tmp_path / "logo.gif") != ""
    huge = tmp_path / "huge.png"
    huge.write_bytes(tiny_png() + b"\0" * MAX_LOGO_BYTES)
    assert "a logo up to 2 MB will do" in logo_file_problem(huge)

    with pytest.raises(ValidationError) as refused:
        save_settings(db, replace(get_settings(db), logo_image="bm90IGEgcGljdHVyZQ=="))
    assert [p.field for p in refused.value.problems] == ["logo_image"]
    assert logo_bytes(get_settings(db)) is None


def test_an_older_databases_logo_file_is_printed_until_a_picture_is_stored(
    db: Database, tmp_path: Path
) -> None:
    old = tmp_path / "old-logo.png"
    old.write_bytes(tiny_png(b"\x00\x00\xff"))
    save_settings(db, replace(get_settings(db), logo_path=str(old)))  # as before December 2026
    assert logo_bytes(get_settings(db)) == tiny_png(b"\x00\x00\xff")

    new = tmp_path / "new-logo.png"
    new.write_bytes(tiny_png())
    save_logo(db, new)
    assert logo_bytes(get_settings(db)) == tiny_png()

    save_settings(db, replace(get_settings(db), logo_image="", logo_path=""))  # removed
    assert logo_bytes(get_settings(db)) is None
