"""The mapping core: headers read by other names, explicit maps first, other words for values."""

from __future__ import annotations

import pytest

from ncdesk.core.errors import UsageError
from ncdesk.core.io.column_mapping import GUESSED, MAPPED, OWN, from_saved, map_columns
from ncdesk.core.io.imports import IMPORTERS
from ncdesk.core.io.synonyms import SYNONYMS, normalise
from ncdesk.core.io.value_maps import map_date, map_gender, map_hours, map_yes_no

PEOPLE = IMPORTERS["people"].columns


def targets(headers: list[str], **options: object) -> dict[str, str | None]:
    mapping = map_columns("people", PEOPLE, headers, **options)  # type: ignore[arg-type]
    return {c.header: c.target for c in mapping.columns}


def test_case_spaces_and_punctuation_do_not_matter():
    assert normalise("D.O.B.") == normalise("dob") == normalise(" D O B ")
    assert normalise("Post Code") == normalise("postcode") == normalise("POST-CODE")
    assert normalise("Serial #") == normalise("Serial no")


def test_every_kind_has_synonyms_for_every_column():
    for kind, importer in IMPORTERS.items():
        lists = SYNONYMS[kind]
        assert set(lists) <= set(importer.columns), kind
        missing = {c for c in importer.columns if c not in lists} - {"known_as", "age_band"}
        assert not missing, f"{kind}: {missing}"


def test_design_synonyms_are_guessed():
    guessed = targets(
        [
            "Surname",
            "Family name",
            "Forename",
            "Date of birth",
            "Sex",
            "Postal code",
            "Mobile",
            "E-mail",
            "Reference no",
            "Remarks",
            "Disabled",
            "Ethnic group",
            "Consent",
        ],
        guess=True,
    )
    assert guessed["Surname"] == "last_name"
    assert guessed["Family name"] is None  # last_name is already read from Surname
    assert guessed["Forename"] == "first_name"
    assert guessed["Date of birth"] == "date_of_birth"
    assert guessed["Sex"] == "gender"
    assert guessed["Postal code"] == "postcode"
    assert guessed["Mobile"] == "phone"
    assert guessed["E-mail"] == "email"
    assert guessed["Reference no"] == "person_ref"
    assert guessed["Remarks"] == "notes"
    assert guessed["Disabled"] == "disability"
    assert guessed["Ethnic group"] == "ethnicity"
    assert guessed["Consent"] == "consent_contact"


def test_without_guessing_only_our_own_names_are_read():
    assert targets(["First Name", "Surname"]) == {"First Name": "first_name", "Surname": None}


def test_an_explicit_map_wins_over_our_own_name_and_a_guess():
    mapping = map_columns(
        "people", PEOPLE, ["phone", "Tel", "Ref"], guess=True, maps={"tel": "phone"}
    )
    how = {c.header: (c.target, c.how) for c in mapping.columns}
    assert how == {"phone": (None, ""), "Tel": ("phone", MAPPED), "Ref": ("person_ref", GUESSED)}


def test_two_explicit_maps_to_one_column_are_a_usage_mistake():
    with pytest.raises(UsageError):
        map_columns("people", PEOPLE, ["A", "B"], maps={"A": "phone", "B": "phone"})


def test_a_saved_mapping_is_applied_by_header_and_the_rest_guessed():
    mapping = from_saved(
        "people", PEOPLE, ["Client", "Surname", "Shoe"], {"client": "person_ref", "shoe": ""}
    )
    how = {c.header: (c.target, c.how) for c in mapping.columns}
    assert how["Client"] == ("person_ref", MAPPED)
    assert how["Surname"] == ("last_name", GUESSED)
    assert "Shoe" in mapping.ignored and mapping.unknown() == []
    assert map_columns("people", PEOPLE, ["person_ref"]).columns[0].how == OWN


@pytest.mark.parametrize(
    ("text", "read"),
    [
        ("M", "male"),
        ("f", "female"),
        ("Woman", "female"),
        ("NB", "non-binary"),
        ("Not stated", "prefer not to say"),
        ("Martian", "Martian"),
    ],
)
def test_gender_words(text, read):
    assert map_gender(text) == read


def test_yes_no_words():
    assert [map_yes_no(t) for t in ("Y", "n", "TRUE", "✓", "maybe")] == [
        "yes",
        "no",
        "yes",
        "yes",
        "maybe",
    ]


@pytest.mark.parametrize(
    ("text", "read"),
    [
        ("13128", "1935-12-10"),
        ("13128.0", "1935-12-10"),
        ("3rd March 1951", "1951-03-03"),
        ("March 3, 1951", "1951-03-03"),
        ("03-Mar-1951", "1951-03-03"),
        ("04.05.1952", "1952-05-04"),
        ("1952/05/04", "1952-05-04"),
        ("05/06/1953 00:00", "1953-06-05"),
        ("1953-06-05 00:00:00", "1953-06-05"),
        ("31/02/1950", "31/02/1950"),  # no such day: left for the usual refusal
        ("1/2/53", "1/2/53"),  # a two-digit year is never guessed
        ("soon", "soon"),
    ],
)
def test_dates_in_other_forms(text, read):
    assert map_date(text) == read


def test_hours_in_words():
    assert [map_hours(t) for t in ("1 hour 30 mins", "2 hours", "1h30", "1.5", "90m")] == [
        "90m",
        "120m",
        "90m",
        "1.5",
        "90m",
    ]


def test_an_import_stopped_part_way_writes_nothing(db, tmp_path):
    from ncdesk.core.io.imports import ImportCancelled, run_import
    from ncdesk.core.services.people import list_people

    path = tmp_path / "p.csv"
    path.write_text("person_ref,last_name\n" + "".join(f"C{i},Stop\n" for i in range(2500)))
    steps: list[str] = []

    def progress(step: str, done: int, total: int) -> None:
        steps.append(step)

    with pytest.raises(ImportCancelled):
        run_import(
            db,
            "people",
            path,
            progress=progress,
            cancelled=lambda: steps.count("Writing") >= 2,  # during the writing
        )
    assert "Writing" in steps
    assert list_people(db) == []


@pytest.mark.parametrize("kind", sorted(IMPORTERS))
def test_stop_is_obeyed_while_every_kind_checks_its_rows(db, tmp_path, kind):
    """Every kind reports progress through its rows and stops when asked, not only people:
    the wizard's Stop during a long check of a timebank or loans file takes effect."""
    from ncdesk.core.io.imports import ImportCancelled, run_import

    importer = IMPORTERS[kind]
    path = tmp_path / f"{kind}.csv"
    header = ",".join(importer.columns)
    row = ",".join("x" for _ in importer.columns)
    path.write_text(header + "\n" + f"{row}\n" * 2500)
    checked: list[int] = []

    def progress(step: str, done: int, total: int) -> None:
        if step == "Checking every row":
            checked.append(done)

    with pytest.raises(ImportCancelled):
        run_import(db, kind, path, progress=progress, cancelled=lambda: len(checked) >= 2)
    assert checked == [0, 0]  # stopped at the first report from inside the rows
