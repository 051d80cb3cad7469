"""Setting ncdesk up the first time, in one go: the first-run wizard only collects answers
and checks them (nothing is written while it is open); `set_up` then makes the database
(encrypted with the key whose recovery key the wizard showed, or plain), the first admin,
the organisation's settings and, if asked, the demo people. A failure or a cancel removes
every file it made, so the next start is a first run again, never a half-made database.

Qt-free, so the checks and the whole set-up are tested without a window.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from enum import Enum
from pathlib import Path

from ncdesk.core.db import Database, database_exists, open_database
from ncdesk.core.errors import CannotWrite, FieldProblem, NcdeskError, ValidationError
from ncdesk.core.files import check_output_path, companions
from ncdesk.core.security.accounts import LOGIN_PATTERN
from ncdesk.core.security.keys import new_database_key, recovery_text
from ncdesk.core.security.passwords import MIN_LENGTH, check_strength
from ncdesk.core.security.roles import ADMIN
from ncdesk.core.services.logo import encoded_logo, logo_file_problem
from ncdesk.core.services.settings import OrgSettings

DEMO_SCALE = "small"  # about 150 made-up people: quick to make, enough to look around
NAME_LENGTH = 100  # as UserAccount.display_name holds

Progress = Callable[[str, int, int], None]


class SetUpCancelled(NcdeskError):
    """The user cancelled while the database was being made; nothing was kept."""


class StartWith(Enum):
    """What the new database holds when the window opens."""

    EMPTY = "empty"
    DEMO = "demo"
    IMPORT = "import"  # empty, then the window opens the import wizard on the group's files


@dataclass(frozen=True)
class FirstSetup:
    """Everything the wizard asked, as typed (checked again by `set_up`)."""

    database: Path
    organisation_name: str
    admin_login: str
    admin_password: str
    admin_name: str = ""
    logo_path: str = ""
    # The database key when encrypting: made before the file, so its recovery key could be
    # shown and saved while the wizard was open. None: a plain database.
    key: bytes | None = None
    backup_folder: str = ""  # "" for the standard folder in ncdesk's data
    start_with: StartWith = StartWith.EMPTY

    @property
    def encrypted(self) -> bool:
        return self.key is not None


def new_key() -> bytes:
    """A database key for an encrypted start; `recovery_text` writes it for people."""
    return new_database_key()


def recovery_key_text(key: bytes) -> str:
    return recovery_text(key)


def default_backup_folder() -> Path:
    """Where backups go unless another folder is chosen (made when first needed)."""
    from ncdesk.core.io.auto_backup import backup_folder

    return backup_folder(OrgSettings())


def check_organisation(name: str, logo: str) -> list[FieldProblem]:
    """The organisation needs a name; a logo, if given, must be a PNG or JPEG file."""
    problems = []
    if not name.strip():
        problems.append(FieldProblem("organisation_name", "type your organisation's name"))
    if logo.strip():
        problem = logo_file_problem(Path(logo.strip()).expanduser())
        if problem:
            problems.append(FieldProblem("logo_path", problem, logo))
    return problems


def check_admin(login: str, name: str, password: str, again: str) -> list[FieldProblem]:
    """The first admin's login and password, with the rules `add_user` applies, so the
    wizard can say what is wrong before Next rather than at Finish."""
    problems = []
    if not login.strip():
        problems.append(FieldProblem("login", "type a login, for example your first name"))
    elif not LOGIN_PATTERN.match(login.strip().lower()):
        problems.append(
            FieldProblem(
                "login",
                "use lower-case letters, digits, dots, dashes or underscores (at most 50), "
                "starting with a letter or digit",
                login,
            )
        )
    if len(name.strip()) > NAME_LENGTH:
        problems.append(FieldProblem("name", f"use at most {NAME_LENGTH} characters"))
    try:
        check_strength(password)  # the very rule add_user applies
    except ValidationError as refused:
        problems += refused.problems
    else:
        if password != again:
            problems.append(FieldProblem("again", "the two passwords are not the same"))
    return problems


def password_strength(password: str) -> str:
    """A word for how hard a password is to guess, shown while it is typed. Length counts
    most: a phrase of four ordinary words beats a short jumble."""
    if len(password) < MIN_LENGTH:
        return "too short"
    kinds = sum(
        any(test(c) for c in password)
        for test in (str.islower, str.isupper, str.isdigit, lambda c: not c.isalnum())
    )
    if len(password) >= 16 or (len(password) >= 12 and kinds >= 3):
        return "strong"
    return "fair"


def check_backup_folder(folder: str) -> list[FieldProblem]:
    """A chosen folder must be there and writable now: a missing USB stick or a read-only
    share is said here, not discovered at the first backup. The standard folder (empty,
    or typed out) is made when the first backup needs it."""
    text = folder.strip()
    if not text:
        return []
    path = Path(text).expanduser()
    if _same(path, default_backup_folder()):
        return []
    if not path.is_absolute():
        return [FieldProblem("backup_folder", "give the whole path, starting from a drive", text)]
    if not path.exists():
        return [
            FieldProblem(
                "backup_folder",
                f"{path} is not there: plug in the USB stick or choose another folder",
                text,
            )
        ]
    if not path.is_dir():
        return [FieldProblem("backup_folder", f"{path} is a file, not a folder", text)]
    if not os.access(path, os.W_OK | os.X_OK):
        return [
            FieldProblem(
                "backup_folder",
                f"ncdesk cannot write to {path}: choose a folder you may save files in",
                text,
            )
        ]
    return []


def stored_backup_folder(folder: str) -> str:
    """The setting's value: empty for the standard folder, else the whole path."""
    text = folder.strip()
    if not text or _same(Path(text).expanduser(), default_backup_folder()):
        return ""
    return str(Path(text).expanduser())


def _same(a: Path, b: Path) -> bool:
    return os.path.normcase(os.path.abspath(a)) == os.path.normcase(os.path.abspath(b))


def save_recovery_key(out: Path, key: bytes, organisation: str, database: Path) -> Path:
    """The recovery key's one-page PDF, written when the user asks for it (before the
    database exists: it is the one thing the wizard writes before Finish)."""
    from ncdesk.core.reports.recovery_key import write_recovery_key_pdf

    if out.suffix.lower() != ".pdf":
        out = out.with_name(out.name + ".pdf")
    check_output_path(out)
    write_recovery_key_pdf(out, recovery_text(key), organisation, database, datetime.now())
    return out


def set_up(
    setup: FirstSetup,
    *,
    progress: Progress | None = None,
    cancelled: Callable[[], bool] | None = None,
) -> Database:
    """Make the database as the wizard describes it and return it open, signed in as the
    new admin. On any failure (or a cancel while demo people are made) every file and
    folder made here is removed again and the error raised."""
    problems = (
        check_organisation(setup.organisation_name, setup.logo_path)
        + check_admin(
            setup.admin_login, setup.admin_name, setup.admin_password, setup.admin_password
        )
        + check_backup_folder(setup.backup_folder)
    )
    if problems:
        raise ValidationError(problems)
    path = setup.database
    if database_exists(path):
        raise NcdeskError(f"There is already a database at {path}: ncdesk opens it instead.")
    existed = {p for p in companions(path) if p.exists()}
    new_folders = _missing_folders(path.parent)
    try:
        return _make(setup, progress, cancelled)  # closes what it opened if it fails
    except BaseException:
        _remove_made(path, existed, new_folders)
        raise


def _make(
    setup: FirstSetup, progress: Progress | None, cancelled: Callable[[], bool] | None
) -> Database:
    from ncdesk.core.security.accounts import add_user
    from ncdesk.core.services.settings import save_settings

    path = setup.database
    if setup.key is not None:
        from ncdesk.core.security.encryption import create_encrypted

        try:
            path.parent.mkdir(parents=True, exist_ok=True)  # as open_database would
        except OSError as exc:
            raise CannotWrite(f"Cannot create the folder {path.parent}: {exc.strerror}") from exc
        create_encrypted(path, setup.key)
    db = open_database(path, key=setup.key)
    try:
        # The first account is an admin, and adding it signs them in on this connection.
        add_user(db, setup.admin_login, ADMIN, setup.admin_password, setup.admin_name)
        if cancelled is not None and cancelled():
            raise SetUpCancelled("Setting up was cancelled; nothing was kept.")
        if setup.start_with is StartWith.DEMO:
            from ncdesk.core.demo import fill_demo

            fill_demo(db, DEMO_SCALE, progress=progress, cancelled=cancelled)
        save_settings(
            db,
            OrgSettings(
                organisation_name=setup.organisation_name.strip(),
                logo_image=encoded_logo(Path(setup.logo_path.strip()).expanduser())
                if setup.logo_path.strip()
                else "",
                backup_folder=stored_backup_folder(setup.backup_folder),
            ),
        )
    except BaseException:
        db.close()
        raise
    return db


def _missing_folders(folder: Path) -> list[Path]:
    """The folders `open_database` would have to make for `folder`, deepest first."""
    missing = []
    while not folder.exists() and folder.parent != folder:
        missing.append(folder)
        folder = folder.parent
    return missing


def _remove_made(path: Path, existed: set[Path], new_folders: list[Path]) -> None:
    for made in companions(path):
        if made not in existed:
            made.unlink(missing_ok=True)
    for name in ("encrypting", "keys.new"):  # left by an encryption stopped part way
        path.with_name(f"{path.name}.{name}").unlink(missing_ok=True)
    for folder in new_folders:
        try:
            folder.rmdir()  # only when empty: nothing of anyone else's goes
        except OSError:
            break
