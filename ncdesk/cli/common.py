"""What every command shares: exit codes, messages on stderr, `--db` and `--user`, and
opening the database signed in as whoever the command line says (DESIGN §5, "Logging in
from the CLI")."""

from __future__ import annotations

import argparse
import getpass
import os
import sys
from typing import TYPE_CHECKING

from ncdesk.core.errors import NcdeskError

EXIT_OK, EXIT_REFUSED, EXIT_USAGE = 0, 1, 2
USER_ENV, PASSWORD_ENV, NEW_PASSWORD_ENV = "NCDESK_USER", "NCDESK_PASSWORD", "NCDESK_NEW_PASSWORD"

if TYPE_CHECKING:  # importing the core here would slow every command's start
    from ncdesk.core.db import Database
    from ncdesk.core.security.access import Credentials


def err(message: str) -> None:
    print(f"ncdesk: {message}", file=sys.stderr)


def db_arg(text: str) -> str:
    if not text.strip():
        raise argparse.ArgumentTypeError("is empty; name a database file or URL")
    return text


def add_db(parser: argparse.ArgumentParser, *, top: bool = False) -> None:
    parser.add_argument(
        "--db",
        type=db_arg,
        metavar="PATH_OR_URL",
        default=None if top else argparse.SUPPRESS,
        help="database file or SQLAlchemy URL (default: $NCDESK_DB, else your ncdesk data folder)",
    )
    if not top:
        parser.add_argument(
            "--user",
            metavar="LOGIN",
            default=None,
            help=f"sign in as LOGIN (or set {USER_ENV}); the password is asked for, or taken "
            f"from {PASSWORD_ENV} when there is no terminal",
        )


def _secret(prompt: str, env: str, what: str) -> str:
    value = os.environ.get(env)
    if value is not None:
        return value
    if sys.stdin.isatty():
        return getpass.getpass(prompt)
    raise NcdeskError(f"no {what}: type it at the prompt in a terminal, or set {env}")


def credentials(args: argparse.Namespace) -> Credentials | None:
    """Who the command line says is signing in, with their password; None if nobody."""
    from ncdesk.core.security.access import Credentials

    login = getattr(args, "user", None) or os.environ.get(USER_ENV)
    if not login:
        return None
    return Credentials(login, _secret(f"Password for {login}: ", PASSWORD_ENV, "password"))


def new_password(login: str) -> str:
    """A new password for `login`: typed twice at a prompt, or NCDESK_NEW_PASSWORD."""
    if os.environ.get(NEW_PASSWORD_ENV) is not None or not sys.stdin.isatty():
        return _secret("", NEW_PASSWORD_ENV, f"new password for {login}")
    first = getpass.getpass(f"New password for {login}: ")
    if getpass.getpass("The same again: ") != first:
        raise NcdeskError("the two passwords differ; nothing was changed")
    return first


def open_db(args: argparse.Namespace, *, create: bool = True) -> Database:
    """The database of `--db`, signed in as `--user`; a database with accounts refuses a
    command without one, saying how to give it."""
    from ncdesk.core.errors import SignInNeeded
    from ncdesk.core.security.access import open_as

    given = credentials(args)
    try:
        return open_as(args.db, given, create=create)
    except SignInNeeded as exc:
        raise NcdeskError(f"{exc} Add --user LOGIN (or set {USER_ENV}).") from None
