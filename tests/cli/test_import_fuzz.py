"""Property: whatever bytes a people CSV holds, `ncdesk import` answers 0 or 1 with a plain
message; a refusal leaves the database exactly as it was, and an import that is accepted never
empties a value that was stored."""

from __future__ import annotations

import csv
import io
import tempfile
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import create_engine, text

from ncdesk.cli import main
from ncdesk.core.db import resolve_url
from tests import databases
from tests.cli.conftest import content, write_csv
from tests.databases import copy_database, url_of

COLUMNS = ("person_ref", "first_name", "last_name", "date_of_birth", "postcode", "notes")
GOOD = {
    "person_ref": "F1",
    "first_name": "Ada",
    "last_name": "Lovelace",
    "date_of_birth": "1950-01-01",
    "postcode": "CB7 5AB",
    "notes": "likes tea",
}


def rarely(
    unusual: st.SearchStrategy[Any], usual: st.SearchStrategy[Any], one_in: int = 10
) -> st.SearchStrategy[Any]:
    """`unusual` about once in `one_in` draws: a file that breaks at once teaches little."""
    return st.integers(1, one_in).flatmap(lambda n: unusual if n == 1 else usual)


# Pieces that break CSV files in practice: quotes, separators, line ends, accents, NUL.
ALPHABET = st.sampled_from(list("aZ1 \",;\n\r\t'é/-@.") + ["\x00", "\ufeff"])
GARBAGE = rarely(
    st.just("x" * 150_000),  # longer than the csv module's field limit
    st.text(ALPHABET, max_size=8)
    | st.sampled_from(["F2", "F3", '"F1', "31/02/1950", '"likes', 'tea"', "x" * 101]),
    one_in=100,
)


def cell(column: str) -> st.SearchStrategy[str]:
    """Mostly a good value or a blank, sometimes garbage."""
    return st.integers(1, 10).flatmap(
        lambda n: st.just(GOOD.get(column, "")) if n <= 5 else st.just("") if n <= 8 else GARBAGE
    )


@st.composite
def header(draw: st.DrawFn) -> list[str]:
    """Mostly our own columns in any order (so rows get read), sometimes anything at all."""
    if draw(st.integers(1, 5)) == 1:
        return draw(st.lists(st.sampled_from([*COLUMNS, "shoe_size"]) | GARBAGE, max_size=5))
    names = draw(st.lists(st.sampled_from(COLUMNS[1:]), unique=True, max_size=5))
    return ["person_ref", *names]


@st.composite
def row(draw: st.DrawFn, columns: list[str]) -> list[str]:
    """A row naming someone already registered (or not), each cell good, blank or mangled,
    now and then cut short or run long."""
    cells = [draw(rarely(GARBAGE, st.sampled_from(["F1", "F2", "F3"]), one_in=5))]
    cells += [draw(cell(column)) for column in columns[1:]]
    shape = draw(st.integers(1, 6))
    if shape == 1:
        return cells[: draw(st.integers(1, max(1, len(cells) - 1)))]
    if shape == 2:
        return [*cells, draw(GARBAGE)]
    return cells


@st.composite
def malformed_csv(draw: st.DrawFn) -> bytes:
    columns = draw(header())
    rows = [columns, *draw(st.lists(row(columns), min_size=1, max_size=3))]
    if draw(st.booleans()):  # quoted properly by the csv module
        out = io.StringIO()
        csv.writer(out).writerows(rows)
        text = out.getvalue()
    else:  # joined by hand, so any quote is a stray one
        text = "\n".join(",".join(row) for row in rows)
    encoding = draw(rarely(st.sampled_from(["latin-1", "utf-16"]), st.just("utf-8")))
    data = bytearray(text.encode(encoding, errors="replace"))
    for at, byte in draw(
        rarely(
            st.lists(st.tuples(st.integers(0, 500), st.integers(0, 255)), max_size=2), st.just([])
        )
    ):
        data[min(at, len(data)) : min(at, len(data))] = bytes([byte])
    return bytes(data)


@pytest.fixture(scope="module")
def seeded(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A small database with people F1 and F2, copied afresh for every example."""
    folder = tmp_path_factory.mktemp("fuzz")
    path = folder / "seed.db"
    people = write_csv(
        folder / "p.csv",
        "person_ref,first_name,last_name,date_of_birth,postcode,notes\n"
        "F1,Ann,Testwood,1950-01-01,CB7 5AB,likes tea\n"
        "F2,Ben,Samplefield,,,\n",
    )
    assert main(["import", "people", str(people), "--db", url_of(path)]) == 0
    return path


@settings(
    # Each example copies a database: on a server that is a new database each time, so
    # fewer examples there (the reader being fuzzed is the same).
    max_examples=200 if databases.POSTGRES is None else 40,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(data=rarely(st.binary(max_size=300), malformed_csv()))
def test_malformed_people_csv_is_imported_or_refused_never_crashes(
    seeded: Path, capsys: pytest.CaptureFixture[str], data: bytes
) -> None:
    with tempfile.TemporaryDirectory() as folder:
        db = Path(folder) / "d.db"
        copy_database(seeded, db)
        before = content(db)
        file = Path(folder) / "people.csv"
        file.write_bytes(data)
        code = main(["import", "people", str(file), "--db", url_of(db)])
        err = capsys.readouterr().err
        assert code in (0, 1), err
        assert "Traceback" not in err and "unexpected error" not in err, err
        if code == 1:
            assert err.strip(), "a refusal says why"
            assert content(db) == before
        else:
            for ref, fields in stored(seeded).items():
                now = stored(db)[ref]
                assert all(now[name] for name, value in fields.items() if value), (ref, now)


def stored(db: Path) -> dict[str, dict[str, object]]:
    """Each person's details, by person_ref."""
    names = ("first_name", "last_name", "date_of_birth", "postcode", "notes")
    engine = create_engine(resolve_url(url_of(db)))
    try:
        with engine.connect() as conn:
            rows = conn.execute(text(f"SELECT person_ref, {', '.join(names)} FROM person")).all()
    finally:
        engine.dispose()
    return {ref: dict(zip(names, values, strict=True)) for ref, *values in rows}
