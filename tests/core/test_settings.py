"""Organisation settings: kept between sessions, checked before they are saved."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from ncdesk.core.errors import ValidationError
from ncdesk.core.models import AuditEvent, Setting
from ncdesk.core.services.settings import OrgSettings, get_settings, save_settings
from tests.databases import reopen


def test_a_new_database_has_the_default_settings(db):
    assert get_settings(db) == OrgSettings()


def test_saved_settings_come_back_the_same(db):
    wanted = OrgSettings(
        organisation_name="Soham Drop-in",
        suppress_below=5,
        idle_lock_minutes=30,
        backup_folder="/media/usb/backups",
        backups_kept=3,
    )
    save_settings(db, wanted)
    assert get_settings(db) == wanted


def test_saved_settings_survive_closing_the_database(db_path):
    first = reopen(db_path)
    save_settings(first, OrgSettings(organisation_name="Ely Timebank", suppress_below=10))
    first.close()
    again = reopen(db_path)
    try:
        assert get_settings(again).organisation_name == "Ely Timebank"
        assert get_settings(again).suppress_below == 10
    finally:
        again.close()


def test_an_organisation_needs_a_name(db):
    with pytest.raises(ValidationError) as refused:
        save_settings(db, OrgSettings(organisation_name="   "))
    assert refused.value.for_field("organisation_name") == "the organisation needs a name"
    assert get_settings(db) == OrgSettings()


def test_every_negative_number_is_reported_at_once(db):
    with pytest.raises(ValidationError) as refused:
        save_settings(db, OrgSettings(suppress_below=-1, idle_lock_minutes=-5, backups_kept=-2))
    assert [p.field for p in refused.value.problems] == [
        "suppress_below",
        "idle_lock_minutes",
        "backups_kept",
    ]


def test_zero_turns_suppression_off_and_is_allowed(db):
    save_settings(db, OrgSettings(suppress_below=0))
    assert get_settings(db).suppress_below == 0


def test_a_damaged_stored_value_falls_back_to_the_default(db):
    save_settings(db, OrgSettings(idle_lock_minutes=20))
    with db.transaction() as s:
        s.get(Setting, "idle_lock_minutes").value = "twenty"
    assert get_settings(db).idle_lock_minutes == OrgSettings().idle_lock_minutes


def test_a_change_of_settings_is_audited_once_with_what_changed(db):
    save_settings(db, OrgSettings())
    save_settings(db, OrgSettings(organisation_name="Soham Drop-in"))
    save_settings(db, OrgSettings(organisation_name="Soham Drop-in"))  # no change
    with db.session() as s:
        events = list(s.scalars(select(AuditEvent).where(AuditEvent.entity == "settings")))
    assert [e.detail for e in events][-1] == "organisation_name"
    assert len(events) == 2
