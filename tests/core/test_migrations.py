"""Upgrading a database made by an older ncdesk: data survives, and a copy is kept first.

`tests/data/ncdesk-schema-0001.db` was made by migration 0001 alone (see
`tests/data/make_schema_0001_db.py`); tests always work on a copy of it.
"""

from __future__ import annotations

import shutil
import sqlite3
import subprocess
import sys
import textwrap
from datetime import date
from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import text

from ncdesk.core import db as dbmod
from ncdesk.core.db import head_revision, integrity_problems, open_database, shipped_revisions
from ncdesk.core.errors import DatabaseError
from ncdesk.core.models import Base
from ncdesk.core.services.people import add_person, get_person_by_ref, search_people
from ncdesk.core.services.person_fields import PersonDetails
from ncdesk.core.services.settings import get_settings

SCHEMA_0001 = Path(__file__).resolve().parents[1] / "data" / "ncdesk-schema-0001.db"


def read_only(path: Path) -> sqlite3.Connection:
    return sqlite3.connect(f"file:{path}?mode=ro", uri=True)


def stored_revision(path: Path) -> str:
    conn = read_only(path)
    try:
        return conn.execute("SELECT version_num FROM alembic_version").fetchone()[0]
    finally:
        conn.close()


def tables(path: Path) -> set[str]:
    conn = read_only(path)
    try:
        return {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")}
    finally:
        conn.close()


@pytest.fixture
def old_file(tmp_path) -> Path:
    """A copy of the committed schema-0001 database, safe to upgrade."""
    target = tmp_path / "desk.db"
    shutil.copyfile(SCHEMA_0001, target)
    return target


@pytest.fixture
def upgraded(old_file):
    db = open_database(old_file)
    yield db
    db.close()


@pytest.fixture
def next_release(tmp_path, monkeypatch):
    """Pretend a newer ncdesk ships one more migration, whose upgrade runs `body`."""

    def _make(body: str) -> str:
        folder = tmp_path / "migrations"
        shutil.copytree(dbmod.MIGRATIONS_DIR, folder, ignore=shutil.ignore_patterns("__pycache__"))
        (folder / "versions" / "zz_next_release.py").write_text(
            textwrap.dedent(
                f"""
                import sqlalchemy as sa
                from alembic import op

                revision = "zz_next"
                down_revision = {head_revision()!r}
                branch_labels = None
                depends_on = None


                def upgrade():
                """
            )
            + textwrap.indent(textwrap.dedent(body), "    ")
            + "\n\ndef downgrade():\n    pass\n"
        )
        monkeypatch.setattr(dbmod, "MIGRATIONS_DIR", folder)
        return "zz_next"

    return _make


def safety_copies(folder: Path) -> list[Path]:
    return sorted(folder.glob("*.before-upgrade-*"))


# --- reading the shipped revisions without Alembic ----------------------------------------------


def test_the_revisions_read_from_the_files_are_the_ones_alembic_reads():
    """Opening an up-to-date database compares with the files' text, not Alembic's view."""
    script = ScriptDirectory(str(dbmod.MIGRATIONS_DIR))
    assert shipped_revisions() == {r.revision: r.down_revision for r in script.walk_revisions()}
    assert head_revision() == script.get_current_head()


def test_opening_a_current_database_does_not_import_alembic(tmp_path):
    """Alembic costs a fifth of a second at start-up; it is loaded only to upgrade."""
    path = tmp_path / "current.db"
    open_database(path).close()
    code = (
        "import sys; from ncdesk.core.db import open_database; "
        f"open_database({str(path)!r}).close(); print('alembic' in sys.modules)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


# --- the committed file itself ------------------------------------------------------------------


def test_the_committed_old_database_is_one_small_file_at_schema_0001():
    assert stored_revision(SCHEMA_0001) == "0001"
    conn = read_only(SCHEMA_0001)
    try:
        assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "delete"
    finally:
        conn.close()
    assert SCHEMA_0001.stat().st_size < 100_000
    assert not SCHEMA_0001.with_name(SCHEMA_0001.name + "-wal").exists()


# --- upgrading it ----------------------------------------------------------------------------


def test_opening_an_0001_database_brings_it_to_the_current_schema(upgraded, old_file):
    assert stored_revision(old_file) == head_revision()
    assert integrity_problems(upgraded.engine) == []


def test_people_come_through_the_upgrade_unchanged(upgraded):
    mary = get_person_by_ref(upgraded, "P00001")
    assert (mary.display_name, mary.date_of_birth, mary.postcode, mary.phone) == (
        "Mary Smith",
        date(1944, 3, 12),
        "CB7 5AB",
        "07700 900123",
    )
    assert (mary.email, mary.disability, mary.consent_contact, mary.notes) == (
        "mary.smith@example.org",
        True,
        True,
        "Uses a walker",
    )
    assert mary.last_seen_at is not None and mary.last_seen_at.tzinfo is not None
    zoe = get_person_by_ref(upgraded, "P00002")
    assert (zoe.display_name, zoe.disability) == ("Zoë O'Neill (Zo)", False)


def test_a_merged_duplicate_still_points_at_its_survivor_after_the_upgrade(upgraded):
    survivor, merged = get_person_by_ref(upgraded, "P00001"), get_person_by_ref(upgraded, "P00003")
    assert (merged.archived, merged.merged_into_id) == (True, survivor.id)


def test_people_from_the_old_database_are_found_by_search(upgraded):
    assert [r.person_ref for r in search_people(upgraded, "zoe")] == ["P00002"]
    assert [r.person_ref for r in search_people(upgraded, "oneill")] == ["P00002"]
    assert [r.person_ref for r in search_people(upgraded, "900123")] == ["P00001"]
    assert [r.person_ref for r in search_people(upgraded, "cb75ab")] == ["P00001"]


def test_the_merged_duplicate_stays_out_of_search_after_the_upgrade(upgraded):
    assert [r.person_ref for r in search_people(upgraded, "mary")] == ["P00001"]


def test_the_next_person_added_after_the_upgrade_gets_the_next_reference(upgraded):
    added = add_person(upgraded, PersonDetails(first_name="Peter", last_name="Jones"))
    assert added.person_ref == "P00004"


def test_settings_and_audit_trail_come_through_the_upgrade(upgraded):
    assert get_settings(upgraded).organisation_name == "Soham Drop-in"
    with upgraded.session() as s:
        assert s.scalar(text("SELECT count(*) FROM audit_event")) == 4


# --- the safety copy -------------------------------------------------------------------------


def test_an_upgrade_first_keeps_a_copy_of_the_file_as_it_was(old_file, next_release):
    next_release("op.create_table('next_thing', sa.Column('id', sa.Integer, primary_key=True))")
    open_database(old_file).close()
    [copy] = safety_copies(old_file.parent)
    assert copy.name.startswith("desk.before-upgrade-0001-") and copy.suffix == ".db"
    assert stored_revision(copy) == "0001"
    assert "next_thing" not in tables(copy)
    conn = read_only(copy)
    try:
        refs = [r[0] for r in conn.execute("SELECT person_ref FROM person ORDER BY id")]
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    finally:
        conn.close()
    assert refs == ["P00001", "P00002", "P00003"]
    assert stored_revision(old_file) == "zz_next"
    assert "next_thing" in tables(old_file)


def test_an_up_to_date_database_is_opened_without_a_copy(old_file):
    open_database(old_file).close()
    before = safety_copies(old_file.parent)
    open_database(old_file).close()
    assert safety_copies(old_file.parent) == before


def test_a_brand_new_database_needs_no_copy(tmp_path):
    open_database(tmp_path / "new.db").close()
    assert safety_copies(tmp_path) == []


def test_a_failed_upgrade_leaves_the_file_as_it_was_and_says_where_the_copy_is(
    old_file, next_release
):
    open_database(old_file).close()  # up to today's schema first
    current = stored_revision(old_file)
    next_release(
        """
        op.create_table("half_done", sa.Column("id", sa.Integer, primary_key=True))
        op.execute("UPDATE person SET notes = 'changed by the upgrade'")
        raise RuntimeError("the disk is full")
        """
    )
    earlier = safety_copies(old_file.parent)
    with pytest.raises(DatabaseError) as refused:
        open_database(old_file)
    [copy] = [c for c in safety_copies(old_file.parent) if c not in earlier]
    assert "the disk is full" in str(refused.value) and str(copy) in str(refused.value)
    assert stored_revision(old_file) == current
    assert "half_done" not in tables(old_file)
    conn = read_only(old_file)
    try:
        notes = [r[0] for r in conn.execute("SELECT notes FROM person ORDER BY id")]
    finally:
        conn.close()
    assert notes == ["Uses a walker", "", "Came once with her neighbour"]


@pytest.mark.parametrize("start", ["new", "0001"])
def test_the_migrations_build_exactly_the_schema_the_models_declare(start, tmp_path, old_file):
    """A new database and an upgraded old one both match the models, table by table and
    column by column (a migration forgotten or written wrong shows here)."""
    path = tmp_path / "schema.db"
    if start == "0001":
        shutil.copyfile(old_file, path)
    db = open_database(path)
    try:
        with db.engine.connect() as conn:
            differences = compare_metadata(MigrationContext.configure(conn), Base.metadata)
    finally:
        db.close()
    assert differences == []
