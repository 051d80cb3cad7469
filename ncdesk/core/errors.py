"""One family of errors with plain-English messages that the CLI and the GUI show as they are."""

from __future__ import annotations

from dataclasses import dataclass


class NcdeskError(Exception):
    """An error meant for the user: its message is a plain sentence, never a traceback."""


class DatabaseError(NcdeskError):
    """The database cannot be opened or used (missing, damaged, locked, too new)."""


class DatabaseTooNew(DatabaseError):
    """The file was written by a newer ncdesk; opening it here could damage it."""


class NotAnNcdeskDatabase(DatabaseError):
    """The file exists but is not an ncdesk database."""


class DatabaseEncrypted(DatabaseError):
    """The file is encrypted and can be opened only by signing in (or the recovery key)."""


class SignInNeeded(NcdeskError):
    """The database has user accounts: say who you are first."""


class DatabaseBusy(DatabaseError):
    """Another program holds the database's write lock for longer than ncdesk waits."""


class ServerUnreachable(DatabaseError):
    """The database server cannot be reached (network down, server stopped or restarting);
    the next action tries again."""


class DatabaseInUse(DatabaseError):
    """Another ncdesk (a window or a command) has the database open, and this action needs it
    to itself (restore, encryption)."""


class OpenInAnotherWindow(DatabaseError):
    """Another ncdesk window on this PC has the database open: one window per database."""


class DiskFull(NcdeskError):
    """The disk filled up; whatever was being written was left out or rolled back."""


class CannotWrite(NcdeskError):
    """A folder or file cannot be written (read-only, no permission, missing folder)."""


class OutputRefused(NcdeskError):
    """An output path that would overwrite something precious: the open database, one of its
    companion files, another database, or something that is not a regular file."""


class UsageError(NcdeskError):
    """A command was given a value it cannot use at all (exit 2 on the command line)."""


class NotFound(NcdeskError):
    """A record the user named does not exist."""


@dataclass(frozen=True)
class FieldProblem:
    """One thing wrong with what was typed or imported, tied to a field (and a row for files)."""

    field: str
    message: str
    value: str = ""
    row: int | None = None

    def __str__(self) -> str:
        if not self.field:  # a problem with the whole file: the message says it all
            return self.message
        where = f"row {self.row}, " if self.row is not None else ""
        shown = f" ({self.value!r})" if self.value else ""
        return f"{where}{self.field}{shown}: {self.message}"


class ValidationError(NcdeskError):
    """Input was refused; every problem is listed so the user can fix them all at once."""

    def __init__(self, problems: list[FieldProblem]):
        self.problems = problems
        super().__init__("; ".join(str(p) for p in problems))

    def for_field(self, field: str) -> str | None:
        return next((p.message for p in self.problems if p.field == field), None)
