"""The commands about the data itself: demo, import, report, check, backup and restore."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from datetime import date
from pathlib import Path

from ncdesk.cli.common import (
    EXIT_OK,
    EXIT_REFUSED,
    EXIT_USAGE,
    add_db,
    credentials,
    err,
    new_password,
    open_db,
)
from ncdesk.core.errors import NcdeskError


def register(
    sub: argparse._SubParsersAction[argparse.ArgumentParser],
) -> dict[str, Callable[[argparse.Namespace], int]]:
    demo = sub.add_parser("demo", help="create a new database filled with synthetic data")
    add_db(demo)
    demo.add_argument("--scale", choices=("small", "large"), default="small")
    demo.add_argument("--seed", type=int, default=1, help="same seed, same data (default 1)")
    demo.add_argument(
        "--encrypt",
        action="store_true",
        help="encrypt it, with one admin (login admin) whose password is asked for or taken "
        "from NCDESK_NEW_PASSWORD; the recovery key is printed",
    )

    imp = sub.add_parser("import", help="import records from a CSV or XLSX file")
    imp.add_argument(
        "kind",
        metavar="KIND",
        help="what the file holds: people, attendance, members, exchanges, items, loans, "
        "outcomes or places",
    )
    imp.add_argument("file", metavar="FILE", type=Path)
    add_db(imp)
    imp.add_argument("--dry-run", action="store_true", help="check and count, write nothing")
    imp.add_argument(
        "--ignore-unknown", action="store_true", help="skip columns ncdesk does not know"
    )
    imp.add_argument(
        "--guess",
        action="store_true",
        help="read the file's headers by well-known other names (Surname, D.O.B., Tel...) "
        "and other words for values (M/F, Y/N, Excel dates); the summary says what was read "
        "as what",
    )
    imp.add_argument(
        "--map",
        dest="maps",
        action="append",
        default=[],
        metavar='"THEIRS=ours"',
        help="read the file's header THEIRS as our column ours (repeatable; wins over --guess; "
        "ours left empty leaves the column out)",
    )
    imp.add_argument(
        "--sheet", metavar="NAME", help="the workbook's sheet to read (default: the first)"
    )
    imp.add_argument(
        "--header-row",
        type=_row_arg,
        metavar="N",
        help="the row naming the columns (default: the first row with anything in it)",
    )

    template = sub.add_parser(
        "template",
        help="write a blank import template (XLSX): our headers, a sheet explaining each "
        "column, drop-down lists",
    )
    template.add_argument("kind", metavar="KIND", help="the kind of import, as for import")
    template.add_argument("out", metavar="OUT", type=Path, help="the workbook to write")
    add_db(template)

    check = sub.add_parser(
        "check", help="check the database file, its schema version and its audit trail"
    )
    add_db(check)

    backup = sub.add_parser(
        "backup", help="make a checked copy of the database (safe while in use)"
    )
    add_db(backup)
    backup.add_argument(
        "--to",
        dest="target",
        required=True,
        metavar="FILE_OR_FOLDER",
        help="the backup file, or a folder (ending in /) for a dated file name",
    )
    backup.add_argument(
        "--force", action="store_true", help="replace an older ncdesk backup of the same name"
    )
    restore = sub.add_parser("restore", help="put a backup in place of the database (kept aside)")
    add_db(restore)
    restore.add_argument("--from", dest="source", type=Path, required=True, metavar="FILE")

    report = sub.add_parser("report", help="grant return figures for a period (JSON, PDF, XLSX)")
    add_db(report)
    report.add_argument("--from", dest="start", type=_date_arg, required=True, metavar="YYYY-MM-DD")
    report.add_argument("--to", dest="end", type=_date_arg, required=True, metavar="YYYY-MM-DD")
    report.add_argument("--grant", metavar="CODE", help="count only what this grant covers")
    report.add_argument("--json", type=Path, metavar="OUT", help="write the figures as JSON")
    report.add_argument("--pdf", type=Path, metavar="OUT", help="write the return as a PDF")
    report.add_argument(
        "--xlsx", type=Path, metavar="OUT", help="write the return as an Excel workbook"
    )
    report.add_argument(
        "--suppress-below",
        type=_count_arg,
        default=0,
        metavar="N",
        help="show counts from 1 to N-1 as <N in the PDF and XLSX (the JSON keeps exact values)",
    )
    return {
        "demo": cmd_demo,
        "import": cmd_import,
        "template": cmd_template,
        "check": cmd_check,
        "report": cmd_report,
        "backup": cmd_backup,
        "restore": cmd_restore,
    }


def _date_arg(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a date as YYYY-MM-DD") from None


def _count_arg(text: str) -> int:
    if not text.isdigit():
        raise argparse.ArgumentTypeError(f"{text!r} is not a whole number of 0 or more")
    return int(text)


def cmd_demo(args: argparse.Namespace) -> int:
    from ncdesk.core.db import database_exists, open_database, resolve_url, sqlite_path
    from ncdesk.core.demo import fill_demo

    if args.db is None:
        err("say where to create the demo database: ncdesk demo --db FILE")
        return EXIT_USAGE
    if database_exists(args.db) and "://" not in args.db:
        err(f"{args.db} already exists; demo data goes into a new file (choose another name)")
        return EXIT_REFUSED
    recovery = None
    if args.encrypt:
        from ncdesk.core.security.encryption import create_encrypted
        from ncdesk.core.security.keys import recovery_text

        path = sqlite_path(resolve_url(args.db))
        if path is None:
            err(
                "--encrypt makes an encrypted file; a database on a server is protected by "
                "TLS and the server's own disk encryption (docs/multi-pc.md)"
            )
            return EXIT_USAGE
        password = new_password("admin")
        from ncdesk.core.security.passwords import check_strength

        check_strength(password)
        key = create_encrypted(path)
        recovery = recovery_text(key)
        db = open_database(path, key=key)
    else:
        db = open_database(args.db)
    try:
        interactive = sys.stderr.isatty()

        def progress(step: str, done: int, total: int) -> None:
            if interactive:
                print(f"\r{step}: {done:,}/{total:,}", end="", file=sys.stderr, flush=True)

        counts = fill_demo(db, args.scale, args.seed, progress=progress)
        if interactive:
            print(file=sys.stderr)
        if args.encrypt:
            from ncdesk.core.security.accounts import add_user
            from ncdesk.core.security.roles import ADMIN

            add_user(db, "admin", ADMIN, password, "Demo admin")
    finally:
        db.close()
    print(
        f"Demo database ({args.scale}) created at {args.db}: "
        + ", ".join(f"{n:,} {what}" for what, n in counts.items())
    )
    if recovery:
        print("It is encrypted. Sign in as admin. Its recovery key (keep it safe):")
        print(recovery)
    return EXIT_OK


def _row_arg(text: str) -> int:
    if not text.isdigit() or int(text) < 1:
        raise argparse.ArgumentTypeError(f"{text!r} is not a row number (1 or more)")
    return int(text)


def cmd_import(args: argparse.Namespace) -> int:
    from ncdesk.core.io.column_mapping import check_maps, parse_maps
    from ncdesk.core.io.imports import IMPORTERS, HowToRead, ImportRefused, run_import
    from ncdesk.core.io.tabular import Source

    if args.kind not in IMPORTERS:
        err(f"cannot import {args.kind!r}: KIND is one of {', '.join(IMPORTERS)}")
        return EXIT_USAGE
    maps = parse_maps(args.maps)
    check_maps(maps, IMPORTERS[args.kind].columns)  # a column that does not exist: exit 2
    how = HowToRead(guess=args.guess, maps=maps, source=Source(args.sheet, args.header_row))
    db = open_db(args)
    try:
        summary = run_import(
            db,
            args.kind,
            args.file,
            dry_run=args.dry_run,
            ignore_unknown=args.ignore_unknown,
            how=how,
        )
    except ImportRefused as exc:
        count = len(exc.problems)
        err(f"{args.file} was refused ({count} problem{'s' * (count != 1)}); nothing was written:")
        for line in exc.columns:
            print(f"  {line}", file=sys.stderr)
        for line in exc.lines():
            print(f"  {line}", file=sys.stderr)
        return EXIT_REFUSED
    finally:
        db.close()
    print("\n".join(summary.lines()))
    return EXIT_OK


def cmd_template(args: argparse.Namespace) -> int:
    from ncdesk.core.io.import_templates import template_lists, write_template
    from ncdesk.core.io.imports import IMPORTERS

    if args.kind not in IMPORTERS:
        err(f"no template for {args.kind!r}: KIND is one of {', '.join(IMPORTERS)}")
        return EXIT_USAGE
    db = open_db(args, create=False)  # the organisation's own lists go in the drop-downs
    try:
        lists = template_lists(db)
    finally:
        db.close()
    write_template(args.out, args.kind, lists)
    print(f"Blank {args.kind} template written to {args.out}")
    return EXIT_OK


def cmd_check(args: argparse.Namespace) -> int:
    from ncdesk.core.db import check_database
    from ncdesk.core.security.access import key_file_of

    key = None
    if key_file_of(args.db) is not None:  # encrypted: only someone signed in can look inside
        db = open_db(args, create=False)
        key = db.key
        db.close()
    report = check_database(args.db, key=key)
    print("\n".join(report.lines()))
    return EXIT_OK if report.ok else EXIT_REFUSED


def _sqlite_file(value: str | None) -> Path:
    from ncdesk.core.db import resolve_url, sqlite_path

    path = sqlite_path(resolve_url(value))
    if path is None:
        raise NcdeskError(
            "backup and restore work on database files; a database on a server is backed "
            "up with pg_dump and restored with pg_restore there (docs/multi-pc.md says how)"
        )
    return path


def cmd_backup(args: argparse.Namespace) -> int:
    from ncdesk.core.files import os_error
    from ncdesk.core.io.backup import backup_database
    from ncdesk.core.security.roles import COORDINATOR, require

    db = open_db(args, create=False)
    try:
        require(db, COORDINATOR, "make backups")
        key = db.key
    finally:
        db.close()
    path = _sqlite_file(args.db)
    target = Path(args.target)
    if args.target.endswith(("/", "\\")):
        try:
            target.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise os_error(exc, target / "backup") from exc
    written = backup_database(path, target, replace=args.force, key=key)
    print(f"Backup written and checked: {written} ({written.stat().st_size:,} bytes)")
    return EXIT_OK


def cmd_restore(args: argparse.Namespace) -> int:
    from ncdesk.core.io.backup import restore_database
    from ncdesk.core.security.access import Credentials, open_as
    from ncdesk.core.security.encryption import opens
    from ncdesk.core.security.keys import KeyFile
    from ncdesk.core.security.roles import ADMIN, require

    path = _sqlite_file(args.db)
    key: bytes | None = None
    given: Credentials | None = None
    if path.exists():  # only an admin of the database in use may replace it
        given = credentials(args)
        db = open_db(args, create=False)
        try:
            require(db, ADMIN, "restore a backup")
            key = db.key
        finally:
            db.close()
    source_key = None
    source_keys = KeyFile.beside(args.source)
    if source_keys is not None:
        source_key = key
        if given is not None and not opens(args.source, key):
            source_key = source_keys.unlock(given.login, given.password)
    kept = restore_database(path, args.source, key=key, source_key=source_key)
    open_as(path, credentials(args) if source_key or given else None, create=False).close()
    print(
        f"Restored {args.source} to {path}."
        + (f" The database it replaced is kept as {kept}." if kept else "")
    )
    return EXIT_OK


def cmd_report(args: argparse.Namespace) -> int:
    import json

    from ncdesk.core.files import check_output_path, write_text
    from ncdesk.core.reports.grant_return import build_return
    from ncdesk.core.reports.metrics import as_json, compute, scope_for
    from ncdesk.core.services.grants import save_run

    if args.end < args.start:  # the arguments contradict each other: a usage mistake
        err(f"--to {args.end} is before --from {args.start}")
        return EXIT_USAGE
    db = open_db(args, create=False)
    try:
        for out in (args.json, args.pdf, args.xlsx):  # refuse a bad path before writing any
            if out:
                check_output_path(out)
        scope = scope_for(db, args.start, args.end, args.grant)
        figures = compute(db, scope)
        document = as_json(scope, figures)
        if args.json:
            write_text(args.json, json.dumps(document, indent=2) + "\n")
        if args.pdf or args.xlsx:
            grant_return = build_return(
                db, scope, suppress_below=args.suppress_below, figures=figures
            )
            if args.pdf:
                from ncdesk.core.reports.grant_return_pdf import write_grant_return_pdf

                write_grant_return_pdf(grant_return, args.pdf)
            if args.xlsx:
                from ncdesk.core.reports.grant_return_xlsx import write_grant_return_xlsx

                write_grant_return_xlsx(grant_return, args.xlsx)
        where = ", ".join(str(p) for p in (args.json, args.pdf, args.xlsx) if p) or "the screen"
        # Kept with its figures, as the Reports screen keeps the returns it makes (audited).
        grant_id = scope.grant.id if scope.grant else None
        save_run(db, grant_id, args.start, args.end, figures, where)
    finally:
        db.close()
    if not (args.json or args.pdf or args.xlsx):
        print(json.dumps(document, indent=2))
    else:
        written = [str(p) for p in (args.json, args.pdf, args.xlsx) if p]
        period = f"{args.start:%d/%m/%Y} to {args.end:%d/%m/%Y}"
        print(f"Grant return for {period} written to {', '.join(written)}")
    return EXIT_OK
