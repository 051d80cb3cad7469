"""Mappings the import wizard remembers: per file shape, and named presets."""

from __future__ import annotations

import pytest

from ncdesk.core.errors import NotFound, ValidationError
from ncdesk.core.services.import_mappings import (
    delete_preset,
    file_shape,
    list_presets,
    remember_mapping,
    remembered_mapping,
    save_preset,
)


def test_a_file_of_the_same_shape_finds_the_mapping_kept_for_it(db):
    headers = ["Ref", "Surname", "D.O.B."]
    assert remembered_mapping(db, "people", headers) is None
    remember_mapping(db, "people", headers, {"ref": "person_ref", "surname": "last_name"})
    # The same headers in another order, case and punctuation: the same shape.
    again = remembered_mapping(db, "people", ["dob", "SURNAME", "ref"])
    assert again is not None
    assert again.columns == {"ref": "person_ref", "surname": "last_name"}
    assert remembered_mapping(db, "people", ["Ref", "Surname"]) is None  # another shape
    assert remembered_mapping(db, "members", headers) is None  # another kind


def test_remembering_again_replaces_what_was_kept(db):
    remember_mapping(db, "people", ["A"], {"a": "notes"})
    remember_mapping(db, "people", ["A"], {"a": ""})
    kept = remembered_mapping(db, "people", ["A"])
    assert kept is not None and kept.columns == {"a": ""}


def test_shape_ignores_order_and_case():
    assert file_shape(["A b", "C"]) == file_shape(["c", "a-B"])
    assert file_shape(["A"]) != file_shape(["A", "B"])


def test_presets_are_saved_listed_replaced_and_deleted_by_name(db):
    save_preset(db, "people", "  Village   register ", {"ref": "person_ref"})
    save_preset(db, "people", "Another", {"id": "person_ref"})
    save_preset(db, "people", "Village register", {"ref": "person_ref", "tel": "phone"})
    presets = list_presets(db, "people")
    assert [p.name for p in presets] == ["Another", "Village register"]
    assert presets[1].columns == {"ref": "person_ref", "tel": "phone"}
    assert list_presets(db, "loans") == []
    delete_preset(db, "people", "Another")
    assert [p.name for p in list_presets(db, "people")] == ["Village register"]
    with pytest.raises(NotFound):
        delete_preset(db, "people", "Another")


def test_a_preset_needs_a_name(db):
    with pytest.raises(ValidationError):
        save_preset(db, "people", "  ", {})
