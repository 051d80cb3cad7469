"""The import pipeline every kind of file shares (DESIGN §5).

Read the file, match headers, validate every row, and only when nothing is wrong write all rows
in one transaction. Validation and writing happen in the same transaction, so what was checked
is what gets written; a refused file leaves the database exactly as it was.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Callable, Hashable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any, ClassVar, TypeVar

from sqlalchemy.orm import QueryableAttribute, Session

from ncdesk.core.db import Database
from ncdesk.core.errors import FieldProblem, NcdeskError, ValidationError
from ncdesk.core.io.column_mapping import OWN, ColumnMapping, map_columns
from ncdesk.core.io.tabular import Source, Table, read_table
from ncdesk.core.io.value_maps import map_values
from ncdesk.core.parsing import parse_list
from ncdesk.core.security import audit
from ncdesk.core.security.roles import COORDINATOR, needs
from ncdesk.core.text_limits import max_length, too_long

Row = dict[str, str]
Progress = Callable[[str, int, int], None]  # (step, done, total)
Cancelled = Callable[[], bool]
# The steps an import reports progress in.
READING, CHECKING, WRITING = "Reading the file", "Checking every row", "Writing"
TICK = 1000  # rows between progress reports (and checks for Stop)
T = TypeVar("T")
COUNTING = "Counting what would change"  # the writing step of a dry run (rolled back)


def _shown(value: str, limit: int = 60) -> str:
    """A value as quoted in a message: a huge cell is cut short."""
    return value if len(value) <= limit else value[:limit] + "…"


class ImportRefused(ValidationError):
    """The file was refused; `problems` lists every row, column and reason. Nothing was written."""

    def __init__(self, path: Path, problems: list[FieldProblem], columns: Sequence[str] = ()):
        self.path = path
        # What the file's columns were read as (with a mapping), for the message.
        self.columns = list(columns)
        super().__init__(list(dict.fromkeys(problems)))  # each problem once, in order found

    def lines(self) -> list[str]:
        return [f"{self.path.name}: {problem_text(p)}" for p in self.sorted()]

    def sorted(self) -> list[FieldProblem]:
        """The problems by row, then column: the order they are listed in."""
        return sorted(self.problems, key=lambda p: (p.row or 0, p.field))


class ImportCancelled(NcdeskError):
    """The user stopped the import; its transaction was rolled back."""


def problem_text(p: FieldProblem) -> str:
    """One problem as the CLI and the import wizard word it (without the file's name)."""
    if p.row:
        where = f"row {p.row}, column {p.field}" if p.field else f"row {p.row}"
    else:
        where = p.field or "file"
    value = f" (value {_shown(p.value)!r})" if p.value else ""
    return f"{where}{value}: {p.message}"

    def __str__(self) -> str:
        return f"{self.path.name} was refused; nothing was written.\n" + "\n".join(self.lines())


@dataclass
class ImportSummary:
    """What an import did (or, for a dry run, would do)."""

    kind: str
    file: str
    noun: str = "records"
    rows: int = 0
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    dry_run: bool = False
    warnings: list[str] = field(default_factory=list)
    # Entries added to the organisation's own lists (referral types, skill categories...).
    added_to_lists: dict[str, list[str]] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)
    # Blank cells over a value ncdesk holds: a blank never erases (clearing is done in the app).
    blanks_kept: int = 0

    def add_to_list(self, name: str, value: str) -> None:
        self.added_to_lists.setdefault(name, []).append(value)

    def lines(self) -> list[str]:
        verb = "would be" if self.dry_run else "were"
        rows = "1 row" if self.rows == 1 else f"{self.rows} rows"
        head = (
            f"{self.file}: {rows} read; {self.created} {self.noun} {verb} added, "
            f"{self.updated} updated, {self.unchanged} already up to date."
        )
        if self.dry_run:
            head += " Dry run: nothing was written."
        out = [head]
        if self.blanks_kept:
            out.append(self._blanks_line())
        for name, values in self.added_to_lists.items():
            out.append(f"New {name} added to the list: {', '.join(values)}")
        out += self.notes
        out += [f"Warning: {w}" for w in self.warnings]
        return out

    def _blanks_line(self) -> str:
        n = self.blanks_kept
        if self.dry_run:
            if n == 1:
                return "1 blank cell would leave a stored value as it is."
            return f"{n} blank cells would leave stored values as they are."
        if n == 1:
            return "1 blank cell left a stored value as it was."
        return f"{n} blank cells left stored values as they were."


class Importer(ABC):
    """One kind of import: its columns, how rows are checked, how they are written."""

    kind: ClassVar[str]
    noun: ClassVar[str]  # what one added record is called in the summary: "people"
    columns: ClassVar[tuple[str, ...]]
    required: ClassVar[tuple[str, ...]]
    # Columns whose cells may run over several lines in a CSV file (see csv_grid).
    free_text: ClassVar[frozenset[str]] = frozenset()
    # Columns whose text is stored as written, and the model attribute it is stored in: the
    # attribute's String(n) is the longest a cell may be. Lookups (a person_ref naming someone)
    # and values read into something else (dates, phone numbers) are not listed.
    stored_in: ClassVar[Mapping[str, QueryableAttribute[Any]]] = {}
    # Columns holding a `;`-separated list: the limit applies to each entry.
    list_columns: ClassVar[frozenset[str]] = frozenset()

    def __init__(self) -> None:
        self.problems: list[FieldProblem] = []
        # Long work reports progress and stops when asked (the wizard's Cancel).
        self.progress: Progress | None = None
        self.cancelled: Cancelled | None = None
        self.writing_step = WRITING  # COUNTING in a dry run
        # Imported anyway, but the user should know (e.g. an exchange before a member joined).
        self.warnings: list[str] = []
        # Each row's blank cells (columns in the file). Rows reach `prepare` without them, so a
        # blank reads as "not given here" and never erases a stored value.
        self.blank_cells: dict[int, frozenset[str]] = {}
        self.blanks_kept = 0

    def tick(self, step: str, done: int, total: int) -> None:
        """Report progress, and stop (ImportCancelled, so all is rolled back) if asked to."""
        if self.cancelled is not None and self.cancelled():
            raise ImportCancelled("The import was cancelled; nothing was written.")
        if self.progress is not None:
            self.progress(step, done, total)

    def ticking(self, step: str, items: Sequence[T]) -> Iterator[T]:
        """The items, in order, with progress reported (and Stop obeyed) every TICK of them:
        every kind's checking and writing loops go through here."""
        total = len(items)
        for index, item in enumerate(items):
            if index % TICK == 0:
                self.tick(step, index, total)
            yield item

    def problem(self, row: int, column: str, message: str, value: str = "") -> None:
        self.problems.append(FieldProblem(column, message, value, row))

    def blanks(self, number: int) -> frozenset[str]:
        """The columns left blank on row `number`."""
        return self.blank_cells.get(number, frozenset())

    def keep_blanks(self, number: int, stored: Mapping[str, object]) -> None:
        """Count row `number`'s blank cells over a stored value: `stored` maps a column to what
        the record holds for it (None or "" for nothing). Called for records that existed."""
        self.blanks_kept += sum(
            1 for column in self.blanks(number) if stored.get(column) not in (None, "")
        )

    @abstractmethod
    def prepare(self, session: Session, rows: list[tuple[int, Row]]) -> list[Any]:
        """Check every row (recording problems) and return what `write` needs."""

    @abstractmethod
    def write(
        self, session: Session, prepared: list[Any], summary: ImportSummary, actor: str
    ) -> None:
        """Write the checked rows, counting created/updated/unchanged in `summary`."""

    def check_lengths(self, rows: list[tuple[int, Row]]) -> None:
        """Text longer than the column it is stored in is a problem, whatever the kind."""
        limits = {c: n for c, a in self.stored_in.items() if (n := max_length(a)) is not None}
        for number, row in rows:
            for column, limit in limits.items():
                text = row.get(column, "")
                if len(text) <= limit and column not in self.list_columns:
                    continue
                entries = parse_list(text) if column in self.list_columns else [text]
                for entry in entries:
                    if problem := too_long(column, entry, limit, number):
                        self.problems.append(problem)

    def require_values(self, rows: list[tuple[int, Row]]) -> None:
        """A required column must have a value on every row."""
        for number, row in rows:
            for column in self.required:
                if not row.get(column, "").strip():
                    self.problem(number, column, "a value is required")

    def skip_repeats(self, keyed: Sequence[tuple[int, Hashable, object]], column: str) -> set[int]:
        """Rows repeating an earlier row's key: identical ones are skipped (returned), different
        ones are refused, naming `column`. Each entry is (row number, key, details compared)."""
        first: dict[Hashable, tuple[int, object]] = {}
        skip: set[int] = set()
        for number, key, row in keyed:
            if key not in first:
                first[key] = (number, row)
                continue
            earlier, earlier_row = first[key]
            if earlier_row == row:
                skip.add(number)
            else:
                self.problem(
                    number, column, f"repeats row {earlier} with different details", str(key)
                )
        return skip


IMPORTERS: dict[str, type[Importer]] = {}


def register(importer: type[Importer]) -> type[Importer]:
    IMPORTERS[importer.kind] = importer
    return importer


def check_headers(
    table: Table, importer: Importer, ignore_unknown: bool, mapping: ColumnMapping | None = None
) -> None:
    known = set(importer.columns)
    header_row = table.header_row
    expected = ", ".join(importer.columns)
    if mapping is not None:
        for unknown in mapping.unknown():
            if ignore_unknown:
                continue
            why = f"{unknown.note}; " if unknown.note else ""
            importer.problem(
                header_row,
                unknown.header,
                f"unknown column ({why}expected: {expected}; map it with --map "
                '"THEIR HEADER=our_column", or use --ignore-unknown)',
            )
    for header, key in zip(table.headers, table.keys, strict=True):
        if mapping is None and key not in known and not ignore_unknown:
            importer.problem(
                header_row,
                header,
                f"unknown column (expected: {expected}; or use --guess, --map or --ignore-unknown)",
            )
    for column in importer.required:
        if column not in table.keys:
            importer.problem(header_row, column, "required column is missing")


def given_cells(table: Table, importer: Importer) -> list[tuple[int, Row]]:
    """Each row's non-blank cells in the importer's columns; the blank ones are noted aside."""
    known = set(importer.columns)
    shared: dict[frozenset[str], frozenset[str]] = {}  # rows mostly share a few blank patterns
    rows = []
    for number, row in table.rows:  # each row's dict is trimmed in place: a large file is
        blank = []  # held once, not twice
        for key in list(row):
            value = row[key].strip()
            if key not in known or not value:
                del row[key]
                if key in known:
                    blank.append(key)
            else:
                row[key] = value
        if blank:
            pattern = frozenset(blank)
            importer.blank_cells[number] = shared.setdefault(pattern, pattern)
        rows.append((number, row))
    return rows


@dataclass(frozen=True)
class HowToRead:
    """How to read a file's columns: guess from well-known names, explicit maps (their header
    → our column), or a whole mapping already settled (the wizard's); and where the table is."""

    guess: bool = False
    maps: Mapping[str, str] = field(default_factory=dict)
    mapping: ColumnMapping | None = None
    source: Source = Source()

    @property
    def mapped(self) -> bool:
        return self.guess or bool(self.maps) or self.mapping is not None


def _named_as_theirs(problems: list[FieldProblem], mapping: ColumnMapping) -> list[FieldProblem]:
    """Problems in a column read from another header name both: 'D.O.B. (date_of_birth)'."""
    theirs = {c.target: c.header for c in mapping.columns if c.target and c.how != OWN}
    return [
        replace(p, field=f"{theirs[p.field]} ({p.field})") if p.field in theirs else p
        for p in problems
    ]


@needs(COORDINATOR, "import files")
def run_import(
    db: Database,
    kind: str,
    path: Path,
    *,
    dry_run: bool = False,
    ignore_unknown: bool = False,
    how: HowToRead = HowToRead(),
    progress: Progress | None = None,
    cancelled: Cancelled | None = None,
) -> ImportSummary:
    """Import one file of `kind`; raises ImportRefused (nothing written) if any row is wrong,
    ImportCancelled if `cancelled()` turns true first (nothing written either)."""
    if kind not in IMPORTERS:
        raise ValidationError(
            [FieldProblem("kind", f"unknown kind {kind!r}; use one of: {', '.join(IMPORTERS)}")]
        )
    importer = IMPORTERS[kind]()
    importer.progress, importer.cancelled = progress, cancelled
    importer.tick(READING, 0, 1)
    settled: list[ColumnMapping] = []

    def keys_for(headers: list[str]) -> list[str]:
        mapping = how.mapping or map_columns(
            kind, importer.columns, headers, guess=how.guess, maps=how.maps
        )
        settled.append(mapping)
        return mapping.keys(headers)

    try:
        table = read_table(
            path,
            free_text=importer.free_text,
            source=how.source,
            keys_for=keys_for if how.mapped else None,
        )
    except ValidationError as exc:
        if any(p.row for p in exc.problems):  # the header row itself is wrong
            raise ImportRefused(path, exc.problems) from exc
        raise
    mapping = settled[0] if settled else None
    columns = mapping.lines() if mapping else []
    importer.problems += table.problems
    check_headers(table, importer, ignore_unknown, mapping)

    def refused() -> ImportRefused:
        problems = importer.problems
        if mapping is not None:
            problems = _named_as_theirs(problems, mapping)
        return ImportRefused(path, problems, columns)

    if any(c not in table.keys for c in importer.required):
        raise refused()  # rows cannot be read without them
    rows = given_cells(table, importer)
    del table
    if mapping is not None and mapping.values:
        map_values(kind, rows)
    summary = ImportSummary(
        kind=kind, file=path.name, noun=importer.noun, rows=len(rows), dry_run=dry_run
    )
    summary.notes += columns
    with db.session() as session:
        tx = session.begin()
        try:
            importer.tick(CHECKING, 0, len(rows))
            importer.require_values(rows)
            importer.check_lengths(rows)
            prepared = importer.prepare(session, rows)  # adds row problems to any header ones
            if importer.problems:
                raise refused()
            importer.writing_step = COUNTING if dry_run else WRITING
            importer.tick(importer.writing_step, 0, len(prepared))
            importer.write(session, prepared, summary, db.actor)
            importer.tick(importer.writing_step, len(prepared), len(prepared))
            summary.warnings += importer.warnings
            summary.blanks_kept = importer.blanks_kept
            if not dry_run and (summary.created or summary.updated):
                audit.record(
                    session,
                    db.actor,
                    "import",
                    kind,
                    None,
                    f"{path.name}: {summary.created} added, {summary.updated} updated",
                )
        except BaseException:
            tx.rollback()
            raise
        if dry_run:
            tx.rollback()
        else:
            tx.commit()
    if not dry_run and summary.created > 1000:
        db.optimise()
    return summary
