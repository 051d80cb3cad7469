"""Fixtures for the Qt-free core: a fresh database per test and people to search among."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from ncdesk.core.db import Database
from ncdesk.core.services.people import PersonRecord, add_person
from ncdesk.core.services.person_fields import PersonDetails
from tests.databases import new_database


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    return tmp_path / "t.db"


@pytest.fixture
def db(db_path: Path) -> Iterator[Database]:
    """An empty ncdesk database in a temporary file, closed after the test."""
    database = new_database(db_path)
    yield database
    database.close()


AddPerson = Callable[..., PersonRecord]


@pytest.fixture
def add(db: Database) -> AddPerson:
    """Register someone as the desk would, skipping the duplicate warning: add("Mary", "Smith")."""

    def _add(first: str = "", last: str = "", **details: object) -> PersonRecord:
        person = PersonDetails(first_name=first, last_name=last, **details)  # type: ignore[arg-type]
        return add_person(db, person, allow_duplicate=True)

    return _add
