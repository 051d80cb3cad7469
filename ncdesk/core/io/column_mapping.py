"""Which of a file's columns fills which of ours (DESIGN §5, import mapping).

A header is read as our column when it is our column's name (as always); with guessing, also
when it is a well-known other name for it (`synonyms`); and an explicit map ("Tel=phone",
from `--map` or the wizard) wins over both. The CLI and the import wizard share this code.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field

from ncdesk.core.errors import UsageError
from ncdesk.core.io.synonyms import normalise, synonyms_of
from ncdesk.core.io.tabular import header_key

# How a header came to its column, as the summary says it.
OWN, GUESSED, MAPPED = "own name", "guessed", "as mapped"


@dataclass(frozen=True)
class Column:
    """One header of the file and what becomes of it: our column, or None (left out)."""

    header: str
    target: str | None
    how: str = ""  # OWN, GUESSED or MAPPED; "" when left out
    # When left out: why (another header already fills the column it looks like).
    note: str = ""


@dataclass(frozen=True)
class ColumnMapping:
    """Every header of one file, in the file's order, with what it is read as."""

    kind: str
    columns: tuple[Column, ...]
    # Headers the user chose to leave out (the wizard's "Ignore"); not unknown, so not refused.
    ignored: frozenset[str] = field(default_factory=frozenset)
    # Whether other words for values are read too ("M" as male): with any mapping asked for.
    values: bool = False

    def target_of(self, header: str) -> str | None:
        return next((c.target for c in self.columns if c.header == header), None)

    def keys(self, headers: Sequence[str]) -> list[str]:
        """The key each header is read under: our column, or its own key (left out later)."""
        out = []
        for header in headers:
            target = self.target_of(header)
            out.append(target if target else "?" + header_key(header))
        return out

    def unknown(self) -> list[Column]:
        """Headers read as nothing, and not chosen to be left out."""
        return [c for c in self.columns if c.target is None and c.header not in self.ignored]

    def choose(self, header: str, target: str | None) -> ColumnMapping:
        """`header` read as `target` (None: left out), as chosen in the wizard; a header that
        had that column is left out instead. Every header read as nothing is left out."""
        columns = []
        for c in self.columns:
            if c.header == header:
                columns.append(Column(header, target, MAPPED if target else ""))
            elif target and c.target == target:
                columns.append(Column(c.header, None))
            else:
                columns.append(c)
        unread = frozenset(c.header for c in columns if c.target is None)
        return ColumnMapping(self.kind, tuple(columns), unread, self.values)

    def missing(self, required: Iterable[str]) -> list[str]:
        """Required columns no header is read as."""
        read = {c.target for c in self.columns}
        return [r for r in required if r not in read]

    def as_saved(self) -> dict[str, str]:
        """Normalised header → our column ('' for left out): what is remembered."""
        return {normalise(c.header): c.target or "" for c in self.columns}

    def lines(self) -> list[str]:
        """What was read as what, for the summary ('Surname → last_name (guessed)')."""
        moved = [
            f"{c.header} → {c.target} ({c.how})" for c in self.columns if c.target and c.how != OWN
        ]
        out = []
        if moved:
            out.append("Columns read: " + ", ".join(moved) + ".")
        if left := [c.header for c in self.columns if c.target is None]:
            out.append("Columns left out: " + ", ".join(left) + ".")
        return out


def parse_maps(texts: Iterable[str]) -> dict[str, str]:
    """`--map "THEIR HEADER=our_column"` values as {their header: our column}; a value
    without '=' is a usage mistake."""
    maps: dict[str, str] = {}
    for text in texts:
        theirs, sep, ours = text.rpartition("=")
        if not sep or not theirs.strip():
            raise UsageError(f'--map {text!r}: write it as "THEIR HEADER=our_column"')
        maps[theirs.strip()] = ours.strip()
    return maps


def check_maps(maps: Mapping[str, str], columns: Sequence[str]) -> dict[str, str]:
    """Explicit maps with our column names checked: a column that does not exist is a usage
    mistake (DESIGN §5). '' (or '-') maps a header to nothing: it is left out."""
    by_key = {header_key(c): c for c in columns} | {normalise(c): c for c in columns}
    checked: dict[str, str] = {}
    for theirs, ours in maps.items():
        if ours in ("", "-"):
            checked[theirs] = ""
            continue
        column = by_key.get(header_key(ours)) or by_key.get(normalise(ours))
        if column is None:
            raise UsageError(
                f"--map {theirs}={ours}: there is no column {ours!r} to import into; "
                f"the columns are: {', '.join(columns)}"
            )
        checked[theirs] = column
    return checked


def map_columns(
    kind: str,
    columns: Sequence[str],
    headers: Sequence[str],
    *,
    guess: bool = False,
    maps: Mapping[str, str] | None = None,
    ignored: Iterable[str] = (),
) -> ColumnMapping:
    """Read each header as our column: explicit `maps` first (by header, case and punctuation
    ignored), then our own names, then, when `guess`, the synonyms. A column is filled from one
    header only: a later header that also looks like it is left out, saying which one won."""
    explicit = check_maps(maps or {}, columns)
    by_header = {normalise(theirs): ours for theirs, ours in explicit.items()}
    known = {normalise(h) for h in headers}
    if missing := [t for t in explicit if normalise(t) not in known]:
        raise UsageError(
            f"--map names {', '.join(repr(m) for m in missing)}, which is not a header of the "
            f"file; its headers are: {', '.join(headers)}"
        )
    own = {header_key(c): c for c in columns}
    synonyms = synonyms_of(kind, tuple(columns)) if guess else {}
    taken: dict[str, str] = {}  # our column → the header filling it
    # Explicit maps and our own names are placed first, so a guess never takes their column.
    firm: dict[str, tuple[str, str]] = {}
    for header in headers:
        if (n := normalise(header)) in by_header:
            target = by_header[n]
            if target and (other := _claimed_later(target, header, firm)):
                raise UsageError(f"--map reads both {other!r} and {header!r} as {target}")
            firm[header] = (target, MAPPED)
    for header in headers:  # our own names, unless an explicit map took the column
        key = header_key(header)
        if header not in firm and key in own and not _claimed_later(own[key], header, firm):
            firm[header] = (own[key], OWN)
    result = []
    for header in headers:
        target, how = firm.get(header, ("", ""))
        if not target and header not in firm:
            target, how = synonyms.get(normalise(header), ""), GUESSED
            target = target or own.get(header_key(header), "")  # its column was mapped away
        if target and (target in taken or _claimed_later(target, header, firm)):
            winner = taken.get(target) or _claimed_later(target, header, firm)
            note = f"looks like {target}, which is read from {winner}"
            result.append(Column(header, None, "", note))
            continue
        if not target:
            result.append(Column(header, None))
            continue
        taken[target] = header
        result.append(Column(header, target, how))
    ignored_set = frozenset(ignored) | frozenset(
        h for h in headers if normalise(h) in by_header and not by_header[normalise(h)]
    )
    return ColumnMapping(kind, tuple(result), ignored_set, values=guess or bool(explicit))


def _claimed_later(target: str, header: str, firm: Mapping[str, tuple[str, str]]) -> str:
    """The header given `target` by an explicit map or our own name, if not `header`."""
    return next((h for h, (t, _how) in firm.items() if t == target and h != header), "")


def from_saved(
    kind: str,
    columns: Sequence[str],
    headers: Sequence[str],
    saved: Mapping[str, str],
) -> ColumnMapping:
    """A remembered or preset mapping applied to a file's headers: headers it names are read as
    it says (a column no longer ours is dropped); the others are guessed."""
    maps = {h: saved[normalise(h)] for h in headers if normalise(h) in saved}
    maps = {h: c for h, c in maps.items() if c == "" or c in columns}
    seen: set[str] = set()
    for header, column in list(maps.items()):  # one header per column, the first
        if column and column in seen:
            del maps[header]
        seen.add(column)
    return map_columns(kind, columns, headers, guess=True, maps=maps)
