"""`ncdesk person export` and `ncdesk person erase`: the data-protection duties about one
person (DESIGN §5), a coordinator's and an admin's."""

from __future__ import annotations

import argparse
from collections.abc import Callable
from pathlib import Path

from ncdesk.cli.common import EXIT_OK, EXIT_REFUSED, add_db, err, open_db


def register(
    sub: argparse._SubParsersAction[argparse.ArgumentParser],
) -> dict[str, Callable[[argparse.Namespace], int]]:
    person = sub.add_parser("person", help="data-protection requests about one person")
    actions = person.add_subparsers(dest="action", metavar="ACTION", required=True)
    export = actions.add_parser(
        "export", help="everything held about the person, as PDF and JSON (subject access)"
    )
    export.add_argument("ref", metavar="REF", help="the person's reference, e.g. P00042")
    add_db(export)
    export.add_argument("--out", type=Path, required=True, metavar="DIR", help="a folder")
    erase = actions.add_parser(
        "erase", help="erase what identifies the person; figures stay the same (an admin)"
    )
    erase.add_argument("ref", metavar="REF")
    add_db(erase)
    erase.add_argument("--yes", action="store_true", help="really erase (nothing changes without)")
    return {"person": cmd_person}


def cmd_person(args: argparse.Namespace) -> int:
    if args.action == "export":
        return _export(args)
    return _erase(args)


def _export(args: argparse.Namespace) -> int:
    from ncdesk.core.files import os_error
    from ncdesk.core.reports.subject_access import write_subject_access
    from ncdesk.core.services.data_protection import subject_access
    from ncdesk.core.services.settings import get_settings

    try:
        args.out.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise os_error(exc, args.out / "export") from exc
    db = open_db(args, create=False)
    try:
        held = subject_access(db, args.ref)
        json_path, pdf_path = write_subject_access(
            held, args.out, get_settings(db).organisation_name
        )
    finally:
        db.close()
    print(f"Everything held about {held.person_ref} written to {pdf_path} and {json_path}")
    return EXIT_OK


def _erase(args: argparse.Namespace) -> int:
    from ncdesk.core.services.data_protection import erase_person
    from ncdesk.core.services.people import get_person_by_ref

    db = open_db(args, create=False)
    try:
        get_person_by_ref(db, args.ref)  # an unknown reference is refused before anything else
        if not args.yes:
            err(
                f"this would erase what identifies {args.ref.strip()} (name, contact details, "
                "full postcode, notes); their activity stays for the figures. Nothing was "
                "changed: add --yes to erase."
            )
            return EXIT_REFUSED
        done = erase_person(db, args.ref)
    finally:
        db.close()
    print(
        f"{done.old_ref} is erased; the anonymous record that keeps the figures is {done.new_ref}."
    )
    return EXIT_OK
