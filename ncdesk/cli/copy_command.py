"""`ncdesk copy`: every record into another, empty database, checked (DESIGN §5); how a group
moves from one PC's file to a shared server (docs/multi-pc.md)."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable

from ncdesk.cli.common import EXIT_OK, add_db, open_db


def register(
    sub: argparse._SubParsersAction[argparse.ArgumentParser],
) -> dict[str, Callable[[argparse.Namespace], int]]:
    copy = sub.add_parser(
        "copy",
        help="copy every record to another, empty database (e.g. a file to a PostgreSQL "
        "server), then check the copy",
    )
    add_db(copy)
    copy.add_argument(
        "--to",
        dest="target",
        required=True,
        metavar="PATH_OR_URL",
        help="the empty database to copy into, e.g. "
        "postgresql+psycopg://ncdesk@server/ncdesk?sslmode=verify-full",
    )
    return {"copy": cmd_copy}


def cmd_copy(args: argparse.Namespace) -> int:
    from ncdesk.core.io.copying import copy_database

    interactive = sys.stderr.isatty()

    def progress(table: str, done: int) -> None:
        if interactive:
            print(f"\r{table}: {done:,} rows\033[K", end="", file=sys.stderr, flush=True)

    db = open_db(args, create=False)
    try:
        report = copy_database(db, args.target, progress=progress)
    finally:
        if interactive:
            print(file=sys.stderr)
        db.close()
    start, end = report.period
    print(
        f"Copied {report.total:,} records in {len(report.rows)} tables to {report.target}.\n"
        "Checked: the same number of rows in every table, the audit trail unbroken, and "
        f"the same {report.figures} grant figures for {start:%d/%m/%Y} to {end:%d/%m/%Y}."
    )
    if "://" in args.target and not args.target.startswith("sqlite"):
        print(
            "The server's copy is not encrypted by ncdesk: connect with TLS "
            "(sslmode=verify-full) and keep the server's disk encrypted."
        )
    return EXIT_OK
