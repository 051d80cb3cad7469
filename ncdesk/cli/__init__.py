"""The command-line interface (DESIGN §5). The GUI is imported only when it is asked for,
and each command imports the core only when it runs, so `--version` and `--help` are quick.

Exit status: 0 done; 1 the input or the data was refused (plain message on stderr, nothing
written); 2 usage error.
"""

from __future__ import annotations

import argparse
import os
from collections.abc import Callable, Sequence

from ncdesk import __version__
from ncdesk.cli import account_commands, copy_command, data_commands, person_commands
from ncdesk.cli.common import EXIT_REFUSED, EXIT_USAGE, add_db, err
from ncdesk.core.errors import NcdeskError, UsageError

Command = Callable[[argparse.Namespace], int]


def build_parser() -> tuple[argparse.ArgumentParser, dict[str, Command]]:
    parser = argparse.ArgumentParser(
        prog="ncdesk",
        description="Desk software for drop-ins, timebanks, equipment loans and grant returns. "
        "With no command, opens the window.",
    )
    parser.add_argument("--version", action="version", version=f"ncdesk {__version__}")
    add_db(parser, top=True)
    parser.add_argument(
        "--demo",
        action="store_true",
        help="open the demo database (made with synthetic data the first time)",
    )
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    commands: dict[str, Command] = {}
    for module in (data_commands, copy_command, person_commands, account_commands):
        commands.update(module.register(sub))
    return parser, commands


def run_gui_command(args: argparse.Namespace) -> int:
    try:
        from ncdesk.ui.app import run_gui
    except ImportError as exc:
        err(f"the window cannot open because Qt could not be loaded: {exc}")
        return EXIT_REFUSED
    return run_gui(args.db, args.demo)


def main(argv: Sequence[str] | None = None) -> int:
    parser, commands = build_parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as stop:  # --help, --version, or a usage mistake argparse explained
        return stop.code if isinstance(stop.code, int) else EXIT_USAGE
    try:
        if args.command is None:
            return run_gui_command(args)
        return commands[args.command](args)
    except UsageError as exc:
        err(str(exc))
        return EXIT_USAGE
    except NcdeskError as exc:
        err(str(exc))
        return EXIT_REFUSED
    except KeyboardInterrupt:
        err("stopped")
        return 130
    except Exception as exc:  # a bug, not a user mistake: short message, details on request
        if os.environ.get("NCDESK_DEBUG"):
            raise
        # Only the kind of error: its text may quote the data being written (a name, a phone).
        err(f"unexpected error ({type(exc).__name__}). Set NCDESK_DEBUG=1 for details.")
        return EXIT_REFUSED


if __name__ == "__main__":
    raise SystemExit(main())
