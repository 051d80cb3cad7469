"""The command-line interface (DESIGN §5). The GUI is imported only when it is asked for.

Exit status: 0 done; 1 the input or the data was refused (plain message on stderr, nothing
written); 2 usage error.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence
from datetime import date
from pathlib import Path

from ncdesk import __version__
from ncdesk.core.errors import NcdeskError, UsageError

EXIT_OK, EXIT_REFUSED, EXIT_USAGE = 0, 1, 2


def _db_arg(text: str) -> str:
    if not text.strip():
        raise argparse.ArgumentTypeError("is empty; name a database file or URL")
    return text


def _add_db(parser: argparse.ArgumentParser, *, top: bool = False) -> None:
    parser.add_argument(
        "--db",
        type=_db_arg,
        metavar="PATH_OR_URL",
        default=None if top else argparse.SUPPRESS,
        help="database file or SQLAlchemy URL (default: $NCDESK_DB, else your ncdesk data folder)",
    )


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="ncdesk",
        description="Desk software for drop-ins, timebanks, equipment loans and grant returns. "
        "With no command, opens the window.",
    )
    parser.add_argument("--version", action="version", version=f"ncdesk {__version__}")
    _add_db(parser, top=True)
    parser.add_argument(
        "--demo",
        action="store_true",
        help="open the demo database (made with synthetic data the first time)",
    )
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")

    demo = sub.add_parser("demo", help="create a new database filled with synthetic data")
    _add_db(demo)
    demo.add_argument("--scale", choices=("small", "large"), default="small")
    demo.add_argument("--seed", type=int, default=1, help="same seed, same data (default 1)")

    imp = sub.add_parser("import", help="import records from a CSV or XLSX file")
    imp.add_argument(
        "kind",
        metavar="KIND",
        help="what the file holds: people, attendance, members, exchanges, items or loans",
    )
    imp.add_argument("file", metavar="FILE", type=Path)
    _add_db(imp)
    imp.add_argument("--dry-run", action="store_true", help="check and count, write nothing")
    imp.add_argument(
        "--ignore-unknown", action="store_true", help="skip columns ncdesk does not know"
    )

    check = sub.add_parser("check", help="check the database file and its schema version")
    _add_db(check)

    backup = sub.add_parser(
        "backup", help="make a checked copy of the database (safe while in use)"
    )
    _add_db(backup)
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
    _add_db(restore)
    restore.add_argument("--from", dest="source", type=Path, required=True, metavar="FILE")

    report = sub.add_parser("report", help="grant return figures for a period (JSON, PDF, XLSX)")
    _add_db(report)
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
    return parser


def _date_arg(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a date as YYYY-MM-DD") from None


def _count_arg(text: str) -> int:
    if not text.isdigit():
        raise argparse.ArgumentTypeError(f"{text!r} is not a whole number of 0 or more")
    return int(text)


def _err(message: str) -> None:
    print(f"ncdesk: {message}", file=sys.stderr)


def cmd_demo(args: argparse.Namespace) -> int:
    from ncdesk.core.db import database_exists, open_database
    from ncdesk.core.demo import fill_demo

    if args.db is None:
        _err("say where to create the demo database: ncdesk demo --db FILE")
        return EXIT_USAGE
    if database_exists(args.db) and "://" not in args.db:
        _err(f"{args.db} already exists; demo data goes into a new file (choose another name)")
        return EXIT_REFUSED
    db = open_database(args.db)
    try:
        interactive = sys.stderr.isatty()

        def progress(step: str, done: int, total: int) -> None:
            if interactive:
                print(f"\r{step}: {done:,}/{total:,}", end="", file=sys.stderr, flush=True)

        counts = fill_demo(db, args.scale, args.seed, progress=progress)
        if interactive:
            print(file=sys.stderr)
    finally:
        db.close()
    print(
        f"Demo database ({args.scale}) created at {args.db}: "
        + ", ".join(f"{n:,} {what}" for what, n in counts.items())
    )
    return EXIT_OK


def cmd_import(args: argparse.Namespace) -> int:
    from ncdesk.core.db import open_database
    from ncdesk.core.io.imports import IMPORTERS, ImportRefused, run_import

    if args.kind not in IMPORTERS:
        _err(f"cannot import {args.kind!r}: KIND is one of {', '.join(IMPORTERS)}")
        return EXIT_USAGE
    db = open_database(args.db)
    try:
        summary = run_import(
            db, args.kind, args.file, dry_run=args.dry_run, ignore_unknown=args.ignore_unknown
        )
    except ImportRefused as exc:
        count = len(exc.problems)
        _err(f"{args.file} was refused ({count} problem{'s' * (count != 1)}); nothing was written:")
        for line in exc.lines():
            print(f"  {line}", file=sys.stderr)
        return EXIT_REFUSED
    finally:
        db.close()
    print("\n".join(summary.lines()))
    return EXIT_OK


def cmd_check(args: argparse.Namespace) -> int:
    from ncdesk.core.db import check_database

    report = check_database(args.db)
    print("\n".join(report.lines()))
    return EXIT_OK if report.ok else EXIT_REFUSED


def _sqlite_file(value: str | None) -> Path:
    from ncdesk.core.db import resolve_url, sqlite_path

    path = sqlite_path(resolve_url(value))
    if path is None:
        raise NcdeskError(
            "backup and restore work on database files; for a server database "
            "use the server's own backup tools"
        )
    return path


def cmd_backup(args: argparse.Namespace) -> int:
    from ncdesk.core.files import os_error
    from ncdesk.core.io.backup import backup_database

    target = Path(args.target)
    if args.target.endswith(("/", "\\")):
        try:
            target.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise os_error(exc, target / "backup") from exc
    written = backup_database(_sqlite_file(args.db), target, replace=args.force)
    print(f"Backup written and checked: {written} ({written.stat().st_size:,} bytes)")
    return EXIT_OK


def cmd_restore(args: argparse.Namespace) -> int:
    from ncdesk.core.db import open_database
    from ncdesk.core.io.backup import restore_database

    path = _sqlite_file(args.db)
    kept = restore_database(path, args.source)
    open_database(path, create=False).close()  # brings an older backup up to date
    print(
        f"Restored {args.source} to {path}."
        + (f" The database it replaced is kept as {kept}." if kept else "")
    )
    return EXIT_OK


def cmd_report(args: argparse.Namespace) -> int:
    import json

    from ncdesk.core.db import open_database
    from ncdesk.core.files import check_output_path, write_text
    from ncdesk.core.reports.grant_return import build_return
    from ncdesk.core.reports.metrics import as_json, compute, scope_for

    if args.end < args.start:  # the arguments contradict each other: a usage mistake
        _err(f"--to {args.end} is before --from {args.start}")
        return EXIT_USAGE
    db = open_database(args.db, create=False)
    for out in (args.json, args.pdf, args.xlsx):  # refuse a bad path before writing any file
        if out:
            check_output_path(out)
    try:
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
    finally:
        db.close()
    if not (args.json or args.pdf or args.xlsx):
        print(json.dumps(document, indent=2))
    else:
        written = [str(p) for p in (args.json, args.pdf, args.xlsx) if p]
        period = f"{args.start:%d/%m/%Y} to {args.end:%d/%m/%Y}"
        print(f"Grant return for {period} written to {', '.join(written)}")
    return EXIT_OK


def run_gui_command(args: argparse.Namespace) -> int:
    try:
        from ncdesk.ui.app import run_gui
    except ImportError as exc:
        _err(f"the window cannot open because Qt could not be loaded: {exc}")
        return EXIT_REFUSED
    return run_gui(args.db, args.demo)


COMMANDS = {
    "demo": cmd_demo,
    "import": cmd_import,
    "check": cmd_check,
    "report": cmd_report,
    "backup": cmd_backup,
    "restore": cmd_restore,
}


def main(argv: Sequence[str] | None = None) -> int:
    try:
        args = build_parser().parse_args(argv)
    except SystemExit as stop:  # --help, --version, or a usage mistake argparse explained
        return stop.code if isinstance(stop.code, int) else EXIT_USAGE
    try:
        if args.command is None:
            return run_gui_command(args)
        return COMMANDS[args.command](args)
    except UsageError as exc:
        _err(str(exc))
        return EXIT_USAGE
    except NcdeskError as exc:
        _err(str(exc))
        return EXIT_REFUSED
    except KeyboardInterrupt:
        _err("stopped")
        return 130
    except Exception as exc:  # a bug, not a user mistake: short message, details on request
        if os.environ.get("NCDESK_DEBUG"):
            raise
        # Only the kind of error: its text may quote the data being written (a name, a phone).
        _err(f"unexpected error ({type(exc).__name__}). Set NCDESK_DEBUG=1 for details.")
        return EXIT_REFUSED


if __name__ == "__main__":
    raise SystemExit(main())
