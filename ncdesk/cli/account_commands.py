"""The commands about who may do what: user accounts, encryption, recovery and the audit
trail (DESIGN §5 and §9)."""

from __future__ import annotations

import argparse
from collections.abc import Callable
from datetime import date
from pathlib import Path

from ncdesk.cli.common import EXIT_OK, add_db, credentials, err, new_password, open_db
from ncdesk.core.errors import NcdeskError


def register(
    sub: argparse._SubParsersAction[argparse.ArgumentParser],
) -> dict[str, Callable[[argparse.Namespace], int]]:
    user = sub.add_parser("user", help="user accounts: add, list, disable, password")
    actions = user.add_subparsers(dest="action", metavar="ACTION", required=True)
    add = actions.add_parser("add", help="add a user (the first one must be an admin)")
    add.add_argument("login", metavar="LOGIN")
    add.add_argument("--role", required=True, choices=("admin", "coordinator", "volunteer"))
    add.add_argument("--name", default="", metavar="TEXT", help="the name shown on screen")
    add_db(add)
    listing = actions.add_parser("list", help="every user with their role")
    add_db(listing)
    disable = actions.add_parser("disable", help="stop a user signing in (history is kept)")
    disable.add_argument("login", metavar="LOGIN")
    add_db(disable)
    password = actions.add_parser(
        "password", help="set a new password (an admin for anyone; anyone for themselves)"
    )
    password.add_argument("login", metavar="LOGIN")
    add_db(password)

    encrypt = sub.add_parser("encrypt", help="encrypt a plain database (an admin)")
    add_db(encrypt)
    encrypt.add_argument(
        "--recovery-key-out",
        type=Path,
        required=True,
        metavar="FILE",
        help="where to write the recovery key (a PDF to print and keep safe)",
    )
    recover = sub.add_parser("recover", help="set a new password with the recovery key")
    add_db(recover)
    recover.add_argument("--recovery-key", type=Path, required=True, metavar="FILE")
    recover.add_argument("--login", required=True, metavar="LOGIN")

    audit = sub.add_parser("audit", help="the audit trail: who did what, and when")
    add_db(audit)
    audit.add_argument("--from", dest="start", type=date.fromisoformat, metavar="YYYY-MM-DD")
    audit.add_argument("--to", dest="end", type=date.fromisoformat, metavar="YYYY-MM-DD")
    audit.add_argument("--csv", type=Path, metavar="OUT", help="write it as CSV")
    return {"user": cmd_user, "encrypt": cmd_encrypt, "recover": cmd_recover, "audit": cmd_audit}


def cmd_user(args: argparse.Namespace) -> int:
    from ncdesk.core.security import accounts
    from ncdesk.core.security.roles import Role

    db = open_db(args)
    try:
        if args.action == "add":
            role = Role.named(args.role)
            if db.accounts:
                accounts.list_users(db)  # an admin? refused before asking for a password
            made = accounts.add_user(db, args.login, role, new_password(args.login), args.name)
            print(f"Added {made.login} as {made.role.word}.")
        elif args.action == "list":
            for info in accounts.list_users(db):
                state = "disabled" if info.disabled else "active"
                if not info.can_open:
                    state += ", needs a new password to open the encrypted database"
                last = f"{info.last_login_at:%d/%m/%Y %H:%M}" if info.last_login_at else "never"
                print(
                    f"{info.login}\t{info.role.word}\t{state}\tlast signed in: {last}\t{info.name}"
                )
        elif args.action == "disable":
            accounts.disable_user(db, args.login)
            print(f"{args.login} can no longer sign in.")
        else:
            if db.user is not None and db.user.login == args.login.strip().lower():
                given = credentials(args)
                assert given is not None
                accounts.change_own_password(db, given.password, new_password(args.login))
            else:
                accounts.reset_password(db, args.login, new_password(args.login))
            print(f"New password set for {args.login}.")
    finally:
        db.close()
    return EXIT_OK


def cmd_encrypt(args: argparse.Namespace) -> int:
    from ncdesk.core.security.encryption import encrypt_database
    from ncdesk.core.services.settings import get_settings

    given = credentials(args)
    db = open_db(args, create=False)
    try:
        if db.path is None:  # the core's own refusal, before asking for an admin
            encrypt_database(db, "", args.recovery_key_out, "")
        if given is None and db.accounts is False:
            raise NcdeskError(
                "Encrypting needs an admin to hold its key: add one first "
                "(ncdesk user add LOGIN --role admin), then encrypt with --user LOGIN."
            )
        organisation = get_settings(db).organisation_name
        done = encrypt_database(
            db, given.password if given else "", args.recovery_key_out, organisation
        )
    finally:
        db.close()
    print(f"{args.db or 'The database'} is now encrypted.")
    print(f"Its recovery key is in {done.recovery_key_file}: print it and keep it safe.")
    if done.need_new_password:
        print(
            "These users need a new password from an admin before they can sign in "
            f"(ncdesk user password LOGIN): {', '.join(done.need_new_password)}"
        )
    if done.plain_copies_left:
        err(
            "older copies beside it are not encrypted; delete them or keep them safe: "
            + ", ".join(str(p) for p in done.plain_copies_left)
        )
    return EXIT_OK


def cmd_recover(args: argparse.Namespace) -> int:
    from ncdesk.core.db import resolve_url, sqlite_path
    from ncdesk.core.reports.recovery_key import read_recovery_key_file
    from ncdesk.core.security.encryption import recover_access

    path = sqlite_path(resolve_url(args.db))
    if path is None or not path.is_file():
        raise NcdeskError(f"There is no database file at {args.db}.")
    key_text = read_recovery_key_file(args.recovery_key)
    recover_access(path, key_text, args.login.strip().lower(), new_password(args.login))
    print(f"New password set for {args.login}; sign in with it.")
    return EXIT_OK


def cmd_audit(args: argparse.Namespace) -> int:
    from ncdesk.core.security.trail import audit_entries, write_audit_csv

    db = open_db(args, create=False)
    try:
        entries = audit_entries(db, start=args.start, end=args.end)
        if args.csv:
            write_audit_csv(db, entries, args.csv)
            print(f"{len(entries):,} audit entries written to {args.csv}")
        else:
            for e in entries:
                print(
                    f"{e.at_local:%d/%m/%Y %H:%M:%S}\t{e.actor}\t{e.action}\t{e.what}\t{e.detail}"
                )
    finally:
        db.close()
    return EXIT_OK
