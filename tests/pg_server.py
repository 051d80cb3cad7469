"""A throwaway PostgreSQL server for the tests: initdb into a temporary folder, started with
pg_ctl on a free port of 127.0.0.1, stopped and removed at the end of the run.

initdb refuses to run as root, so as root the server runs as the `postgres` user (which the
Debian package creates) in a folder it owns. Durability is switched off (fsync, full page
writes): the data is thrown away anyway, and the tests are several times quicker.
"""

from __future__ import annotations

import glob
import hashlib
import os
import shutil
import socket
import subprocess
import tempfile
from pathlib import Path

TEMPLATE = "ncdesk_template"


def _bin_dir() -> Path | None:
    """Where initdb and pg_ctl are: $NCDESK_PG_BIN, the PATH, else Debian's newest."""
    if given := os.environ.get("NCDESK_PG_BIN"):
        return Path(given)
    if found := shutil.which("initdb"):
        return Path(found).parent
    versions = sorted(
        glob.glob("/usr/lib/postgresql/*/bin/initdb"),
        key=lambda p: int(Path(p).parent.parent.name),
    )
    return Path(versions[-1]).parent if versions else None


def unavailable() -> str | None:
    """Why no test server can be started here, or None when one can."""
    bins = _bin_dir()
    if bins is None or not (bins / "initdb").exists():
        return "PostgreSQL's server programs (initdb, pg_ctl) are not installed"
    if os.geteuid() == 0:
        try:
            import pwd

            pwd.getpwnam("postgres")
        except KeyError:
            return "running as root and there is no postgres user to run the server as"
    try:
        import psycopg  # noqa: F401
    except ImportError:
        return "psycopg is not installed"
    return None


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


class PgServer:
    """One server for the whole test run; one database per test database path."""

    def __init__(self) -> None:
        self.bins = _bin_dir() or Path("/nonexistent")
        self.root = Path(tempfile.mkdtemp(prefix="ncdesk-pg-"))
        self.data = self.root / "data"
        self.port = 0
        self.made: set[str] = set()

    def _run(self, *args: str) -> None:
        command = [str(self.bins / args[0]), *args[1:]]
        if os.geteuid() == 0:
            command = ["runuser", "-u", "postgres", "--", *command]
        done = subprocess.run(command, capture_output=True, text=True)
        if done.returncode != 0:
            raise RuntimeError(f"{args[0]} failed: {done.stdout}\n{done.stderr}")

    def start(self) -> PgServer:
        if os.geteuid() == 0:
            shutil.chown(self.root, "postgres", "postgres")
        self._run("initdb", "-D", str(self.data), "-U", "ncdesk", "--auth=trust", "-E", "UTF8",
                  "--locale=C", "--no-sync")  # fmt: skip
        for attempt in range(5):
            self.port = _free_port()
            try:
                self.resume()
                break
            except RuntimeError:
                if attempt == 4:
                    raise
        self._admin(f'CREATE DATABASE "{TEMPLATE}"')
        from ncdesk.core.db import open_database

        open_database(self.url(TEMPLATE)).close()  # migrated once; each test copies it
        return self

    def resume(self) -> None:
        """Start the server (again, after `pause`) on its port."""
        options = " ".join(f"-c {setting}" for setting in (
            "listen_addresses=127.0.0.1",
            f"unix_socket_directories={self.root}",
            "fsync=off",
            "synchronous_commit=off",
            "full_page_writes=off",
            "max_connections=300",
            "shared_buffers=64MB",
        ))  # fmt: skip
        self._run("pg_ctl", "-D", str(self.data), "-l", str(self.root / "log"),
                  "-o", f"-p {self.port} {options}", "-w", "-t", "60", "start")  # fmt: skip

    def pause(self) -> None:
        """Stop the server, keeping its data, as if the network had gone."""
        self._run("pg_ctl", "-D", str(self.data), "-m", "fast", "-w", "stop")

    def stop(self) -> None:
        try:
            self._run("pg_ctl", "-D", str(self.data), "-m", "immediate", "-w", "stop")
        finally:
            shutil.rmtree(self.root, ignore_errors=True)

    def url(self, name: str) -> str:
        return f"postgresql+psycopg://ncdesk@127.0.0.1:{self.port}/{name}"

    def _admin(self, *statements: str) -> None:
        import psycopg

        with psycopg.connect(
            host="127.0.0.1", port=self.port, user="ncdesk", dbname="postgres", autocommit=True
        ) as conn:
            for statement in statements:
                conn.execute(statement)  # type: ignore[arg-type]

    @staticmethod
    def name_for(path: os.PathLike[str] | str) -> str:
        """The database that stands for a test's database file, the same name every time."""
        digest = hashlib.sha1(os.fspath(Path(path).resolve()).encode()).hexdigest()[:20]
        return f"t_{digest}"

    def create(self, name: str, *, template: str = TEMPLATE) -> str:
        """A new database copied from `template` (by default empty and at the current schema)."""
        self._admin(f'CREATE DATABASE "{name}" TEMPLATE "{template}"')
        self.made.add(name)
        return self.url(name)

    def create_blank(self, name: str) -> str:
        """A new database with no ncdesk schema at all."""
        return self.create(name, template="template0")

    def terminate_connections(self, name: str) -> None:
        """Cut every connection to one database, as a dropped network would."""
        self._admin(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
            f"WHERE datname = '{name}' AND pid <> pg_backend_pid()"
        )

    def drop(self, name: str) -> None:
        self._admin(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        self.made.discard(name)

    def drop_all(self) -> None:
        for name in list(self.made):
            self.drop(name)
