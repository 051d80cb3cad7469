"""Check a built bundle the way a volunteer's PC runs it: outside any virtualenv, with a bare
environment and a home folder of its own.

    python3 installer/smoke_test.py [dist/ncdesk]

`make dist-test` and the release workflow (on Windows, macOS and Linux) run it after the
build. Each step runs the built program and checks what it made; the first failure stops with
the program's own output. Needs only Python's standard library.
"""

from __future__ import annotations

import base64
import os
import re
import sqlite3
import subprocess
import sys
import tempfile
import time
import zipfile
from contextlib import closing
from datetime import date, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from ncdesk import __version__  # noqa: E402  (the package's __init__ imports nothing)

WINDOWS = sys.platform == "win32"
MARKER = "ncdesk: window shown"  # ncdesk/ui/smoke_test.py prints these two
READY_MARKER = "ncdesk: window ready"
PASSWORD = "smoke-test-password-1"  # for the encrypted demo only; the folder is thrown away

# Made-up people: Ofcom's drama phone numbers, a postcode district that does not exist.
PEOPLE_CSV = """\
person_ref,first_name,last_name,date_of_birth,postcode,phone,email
P90001,Ada,Testperson,1950-04-01,ZZ99 1AA,07700 900001,ada@example.org
P90002,Zoë,Ménard-Smith,12/06/1988,ZZ99 2BB,07700 900002,
P90003,Bob,Example,,,,
"""


def bare_environment(home: Path) -> dict[str, str]:
    """What a freshly started desktop program has, and nothing from the build's virtualenv."""
    if WINDOWS:
        keep = {k: os.environ[k] for k in ("SYSTEMROOT", "WINDIR", "COMSPEC") if k in os.environ}
        profile = {k: str(home) for k in ("USERPROFILE", "APPDATA", "LOCALAPPDATA", "TEMP", "TMP")}
        return keep | profile | {"PATH": os.environ.get("SYSTEMROOT", r"C:\Windows") + r"\System32"}
    env = {"PATH": "/usr/bin:/bin", "HOME": str(home)}
    if sys.platform.startswith("linux"):
        env["QT_QPA_PLATFORM"] = "offscreen"  # no screen on a build machine
    return env


class Bundle:
    def __init__(self, folder: Path, work: Path):
        suffix = ".exe" if WINDOWS else ""
        self.window_program = folder / f"ncdesk{suffix}"
        # On Windows the window program has no console; commands run through ncdesk-cli.
        self.command_program = folder / (f"ncdesk-cli{suffix}" if WINDOWS else "ncdesk")
        self.work = work
        self.env = bare_environment(work / "home")
        (work / "home").mkdir()

    def run(self, *args: str, program: Path | None = None, **env: str) -> str:
        command = [str(program or self.command_program), *args]
        started = time.perf_counter()
        result = subprocess.run(
            command,
            capture_output=True,
            text=True,
            encoding="utf-8",
            errors="replace",
            env=self.env | env,
            cwd=self.work,
            timeout=300,
        )
        took = time.perf_counter() - started
        shown = " ".join(args)
        if result.returncode != 0 or re.search(r"Traceback|\w+Warning: ", result.stderr):
            sys.exit(
                f"FAILED: ncdesk {shown} (exit {result.returncode})\n"
                f"--- stdout\n{result.stdout}\n--- stderr\n{result.stderr}"
            )
        print(f"ok  {took:5.2f} s  ncdesk {shown}")
        return result.stdout


# Files only the window reads (the likely-match rules, the icons), so no command here would
# notice them missing.
WINDOW_FILES = ("nicknames/names.csv", "ncdesk/resources/ncdesk-256.png")


def check(condition: bool, what: str) -> None:
    if not condition:
        sys.exit(f"FAILED: {what}")


def main(folder: Path) -> int:
    folder = folder.resolve()  # the program runs in a folder of its own
    with tempfile.TemporaryDirectory(prefix="ncdesk-smoke-") as tmp:
        work = Path(tmp)
        ncdesk = Bundle(folder, work)

        out = ncdesk.run("--version")
        check(out.strip() == f"ncdesk {__version__}", f"--version said {out.strip()!r}")

        ncdesk.run("demo", "--db", "demo.db")
        check((work / "demo.db").stat().st_size > 100_000, "the demo database is too small")

        (work / "people.csv").write_text(PEOPLE_CSV, encoding="utf-8")
        out = ncdesk.run("import", "people", "people.csv", "--db", "imported.db")
        check("3" in out, f"the import did not report three people: {out!r}")

        today = date.today()
        ncdesk.run(
            "report", "--db", "demo.db", "--from", f"{today - timedelta(days=365)}",
            "--to", f"{today}", "--pdf", "return.pdf", "--xlsx", "return.xlsx",
        )  # fmt: skip
        check((work / "return.pdf").read_bytes()[:5] == b"%PDF-", "the PDF is not a PDF")
        with zipfile.ZipFile(work / "return.xlsx") as book:
            check("xl/workbook.xml" in book.namelist(), "the workbook is not a workbook")

        # A PNG logo on the return's cover, which Pillow reads (its optional parts are left
        # out of the bundle). Kept as Settings keeps it: the picture, in the setting table.
        inside = next(p for p in (folder / "_internal", folder) if (p / "ncdesk").is_dir())
        logo = base64.b64encode((inside / "ncdesk" / "resources" / "ncdesk-256.png").read_bytes())
        with closing(sqlite3.connect(work / "demo.db")) as db, db:
            db.execute(
                "INSERT OR REPLACE INTO setting VALUES ('logo_image', ?)", (logo.decode("ascii"),)
            )
        ncdesk.run(
            "report", "--db", "demo.db", "--from", f"{today - timedelta(days=90)}",
            "--to", f"{today}", "--pdf", "with-logo.pdf",
        )  # fmt: skip
        check(b"/Subtype /Image" in (work / "with-logo.pdf").read_bytes(), "no logo in the PDF")

        # SQLCipher, Argon2 and AES-GCM: an encrypted database made, then opened by signing in.
        ncdesk.run("demo", "--encrypt", "--db", "locked.db", NCDESK_NEW_PASSWORD=PASSWORD)
        header = (work / "locked.db").read_bytes()[:16]
        check(header != b"SQLite format 3\x00", "the encrypted database is plain SQLite")
        out = ncdesk.run(
            "check", "--db", "locked.db", NCDESK_USER="admin", NCDESK_PASSWORD=PASSWORD
        )
        check("Integrity: ok" in out, f"the encrypted database did not check: {out!r}")

        # The window: opened on the demo, shown, closed by itself (NCDESK_SMOKE_TEST).
        for name in WINDOW_FILES:
            check((inside / name).is_file(), f"{name} is not in the bundle")
        out = ncdesk.run("--db", "demo.db", program=ncdesk.window_program, NCDESK_SMOKE_TEST="1")
        check(WINDOWS or MARKER in out, "the window did not say it was shown")
        check(WINDOWS or READY_MARKER in out, "the window did not say its database was open")
    print(f"smoke test passed: {folder}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(Path(sys.argv[1] if len(sys.argv) > 1 else ROOT / "dist" / "ncdesk")))
