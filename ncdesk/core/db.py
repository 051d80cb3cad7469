"""Where the database lives, how connections are set up, and bringing its schema up to date.

A value with `://` is a SQLAlchemy URL; anything else is a path to a SQLite file. Opening a
database migrates it to the current schema, copying the file aside first.
"""

from __future__ import annotations

import getpass
import os
import re
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sqlalchemy import Engine, create_engine, event, func, inspect, select, text
from sqlalchemy import exc as sa_exc
from sqlalchemy.engine import make_url
from sqlalchemy.orm import Session, sessionmaker
from sqlalchemy.pool import NullPool

from ncdesk.core.cipher import driver, key_pragma, looks_encrypted
from ncdesk.core.db_location import chosen
from ncdesk.core.errors import (
    CannotWrite,
    DatabaseBusy,
    DatabaseEncrypted,
    DatabaseError,
    DatabaseTooNew,
    DiskFull,
    NcdeskError,
    NotAnNcdeskDatabase,
    ServerUnreachable,
    UsageError,
)
from ncdesk.core.files import copy_sqlite, protect, unprotect
from ncdesk.core.locks import OpenLock
from ncdesk.core.models import UserAccount
from ncdesk.core.security.audit import first_break
from ncdesk.core.security.keys import keys_path
from ncdesk.core.security.roles import CurrentUser
from ncdesk.core.server import sequences_in_step, server_fault, take_write_lock

if TYPE_CHECKING:
    from alembic.config import Config

# Seconds between tries when a server is out of reach as a write begins (a blip on the Wi-Fi).
RECONNECT_WAITS = (0.5, 1.5, 3.0)
MIGRATIONS_DIR = Path(__file__).resolve().parent.parent / "migrations"


def resolve_url(value: str | os.PathLike[str] | None = None) -> str:
    """`--db` value, else NCDESK_DB, else the per-user default file, as a SQLAlchemy URL.
    An empty value is a mistake, never a quiet way of saying 'the default database'."""
    if value is not None and not os.fspath(value).strip():
        raise UsageError("--db was given an empty value; name a database file or URL")
    raw = chosen(value)
    if "://" in raw:
        try:
            make_url(raw).get_dialect()
        except Exception:
            scheme = raw.split("://", 1)[0]
            raise UsageError(
                f"ncdesk does not know the database kind {scheme!r}; give a file path or a "
                "URL such as postgresql+psycopg://user@host/ncdesk"
            ) from None
        return raw
    return f"sqlite:///{Path(raw).expanduser().resolve()}"


def no_database_at(path: Path) -> DatabaseError:
    """The plain refusal for a path that holds no database file: a folder, or nothing."""
    if path.is_dir():
        return DatabaseError(f"{path} is a folder, not a database file.")
    return DatabaseError(f"There is no database at {path}.")


def sqlite_path(url: str) -> Path | None:
    """The file behind a SQLite URL, or None for other databases and in-memory SQLite."""
    parsed = make_url(url)
    if (
        parsed.get_backend_name() != "sqlite"
        or not parsed.database
        or parsed.database == ":memory:"
    ):
        return None
    return Path(parsed.database)


def database_exists(value: str | os.PathLike[str] | None) -> bool:
    path = sqlite_path(resolve_url(value))
    return path is None or (path.exists() and path.stat().st_size > 0)


def _sqlite_pragmas(key: bytes | None) -> Callable[[Any, object], None]:
    """What every new connection runs first: the key (an encrypted file), then DESIGN §3's
    pragmas; `secure_delete` so erased or edited data does not linger in free pages."""

    def on_connect(dbapi_connection: Any, _record: object) -> None:
        cur = dbapi_connection.cursor()
        if key is not None:
            cur.execute(key_pragma(key))
        for pragma in (
            "journal_mode=WAL",
            "foreign_keys=ON",
            "busy_timeout=5000",
            "synchronous=NORMAL",
            "secure_delete=ON",
        ):
            cur.execute(f"PRAGMA {pragma}")
        cur.close()

    return on_connect


def known_fault(exc: BaseException, where: str) -> NcdeskError | None:
    """The plain error for a database fault the user can act on (locked, read-only, full, a
    server out of reach), or None. Only the driver's own words are looked at: SQLAlchemy's
    message holds the SQL and its values, which may be personal data and must never be
    shown or logged."""
    original = getattr(exc, "orig", None)
    if original is None and type(exc).__module__.startswith("psycopg"):
        original = exc
    if original is not None and (fault := server_fault(original, where)) is not None:
        return fault
    text = str(original or "").lower()
    if "database is locked" in text or "database table is locked" in text:
        return DatabaseBusy(
            "another ncdesk is writing to this database; try again when it has finished"
        )
    if "disk is full" in text or "no space left" in text:
        return DiskFull("the disk is full: nothing was changed")
    if "readonly database" in text or "read-only" in text:
        return CannotWrite(
            f"ncdesk cannot write to {where}: the file or its folder is read-only; "
            "nothing was changed"
        )
    if "unable to open database file" in text:
        return CannotWrite(
            f"ncdesk cannot open {where}: check the folder exists and can be written"
        )
    if "disk i/o error" in text:
        return DatabaseError(f"the disk failed while ncdesk was using {where}: nothing was changed")
    return None


def _translate_faults(where: str) -> Callable[[object], None]:
    """An engine hook that turns the known faults into their plain errors, where they happen."""

    def handle(context: object) -> None:
        if getattr(context, "is_pre_ping", False):
            return  # the pool is checking a connection and will make a new one if it failed
        fault = known_fault(getattr(context, "original_exception", None) or Exception(), where)
        error = getattr(context, "sqlalchemy_exception", None)
        if fault is None and error is not None:
            fault = known_fault(error, where)
        if fault is not None:
            raise fault

    return handle


def describe(url: str) -> str:
    """The database in words for messages: the file, or the server and database name (never
    the user name or password of a URL)."""
    path = sqlite_path(url)
    if path is not None:
        return str(path)
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite":
        return "an in-memory database"
    host = parsed.host or "localhost"
    port = f":{parsed.port}" if parsed.port else ""
    return f"{host}{port}/{parsed.database or ''}"


def make_engine(url: str, key: bytes | None = None) -> Engine:
    """An engine whose errors never carry the statement's values (hide_parameters), with the
    known faults turned into plain errors; an encrypted file's connections are keyed first."""
    where = describe(url)
    if make_url(url).get_backend_name() == "sqlite":
        engine = create_engine(url, hide_parameters=True, module=driver(key is not None))
        event.listen(engine, "connect", _sqlite_pragmas(key))
    else:
        engine = create_engine(url, pool_pre_ping=True, hide_parameters=True)
    event.listen(engine, "handle_error", _translate_faults(where))
    return engine


def _alembic_config(connection: object | None = None) -> Config:
    from alembic.config import Config  # Alembic is slow to import: only when upgrading

    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS_DIR))
    cfg.attributes["connection"] = connection
    return cfg


_REVISION_LINE = re.compile(
    r"^(revision|down_revision)\s*(?::[^=\n]*)?=\s*(?:[\"']([^\"']+)[\"']|None)", re.MULTILINE
)


def shipped_revisions() -> dict[str, str | None]:
    """Each migration shipped with this ncdesk and the one it follows, read from the files'
    text rather than by Alembic, so that opening an up-to-date database never imports Alembic.
    tests/core/test_migrations.py checks this reading agrees with Alembic's own."""
    chain: dict[str, str | None] = {}
    for path in (MIGRATIONS_DIR / "versions").glob("*.py"):
        found = dict(_REVISION_LINE.findall(path.read_text(encoding="utf-8")))
        if found.get("revision"):
            chain[found["revision"]] = found.get("down_revision") or None
    return chain


def head_revision(chain: dict[str, str | None] | None = None) -> str:
    """The newest shipped revision: the one no other follows ("" if there is not just one)."""
    chain = shipped_revisions() if chain is None else chain
    heads = set(chain) - set(chain.values())
    return heads.pop() if len(heads) == 1 else ""


@dataclass(frozen=True)
class SchemaState:
    current: str | None
    head: str

    @property
    def up_to_date(self) -> bool:
        return self.current == self.head


def _where(engine: Engine) -> str:
    name = engine.url.database or str(engine.url)
    return name.removeprefix("file:").split("?")[0]


def schema_state(engine: Engine) -> SchemaState:
    """The schema revision stored in the database, refusing files that are not ours or too new.
    Read with plain SQL: Alembic is imported only when there is an upgrade to run."""
    try:
        with engine.connect() as conn:
            tables = set(inspect(conn).get_table_names())
            stored = (
                conn.execute(text("SELECT version_num FROM alembic_version")).scalars().all()
                if "alembic_version" in tables
                else []
            )
    except sa_exc.DatabaseError as exc:
        if (fault := known_fault(exc, _where(engine))) is not None:
            raise fault from exc  # locked, unreadable folder...: not a damaged file
        raise NotAnNcdeskDatabase(
            f"{_where(engine)} is not an ncdesk database, or it is damaged."
        ) from exc
    current = ",".join(stored) or None  # several rows: branches only a newer ncdesk makes
    shipped = shipped_revisions()
    if current is None and tables - {"alembic_version"}:
        raise NotAnNcdeskDatabase(
            f"{_where(engine)} holds other data; it is not an ncdesk database."
        )
    if current is not None and current not in shipped:
        raise DatabaseTooNew(
            "This database was made by a newer version of ncdesk. Install the newer version "
            "to open it; this one will not touch it."
        )
    return SchemaState(current, head_revision(shipped))


def migrate(engine: Engine, url: str) -> Path | None:
    """Bring the schema to the current version; returns the safety copy taken first, if any."""
    state = schema_state(engine)
    if state.up_to_date:
        return None
    saved: Path | None = None
    path = sqlite_path(url)
    if state.current is not None and path is not None:
        stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
        saved = path.with_name(f"{path.stem}.before-upgrade-{state.current}-{stamp}{path.suffix}")
        copy_sqlite(path, saved)
    from alembic import command  # slow to import, so only when there is an upgrade to run

    try:
        with engine.begin() as conn:
            if path is not None:
                conn.exec_driver_sql("PRAGMA synchronous=FULL")
                # A table rebuilt by a batch migration is dropped and made again; with foreign
                # keys enforced that drop would fail (SQLite's own advice for altering tables:
                # keys off, change, check every link, keys on). It must be set outside the
                # transaction.
                conn.exec_driver_sql("PRAGMA foreign_keys=OFF")
                # pysqlite runs DDL outside any transaction unless one is begun by hand; without
                # this a migration that fails part way leaves the file half upgraded.
                conn.exec_driver_sql("BEGIN")
            command.upgrade(_alembic_config(conn), "head")
            if path is not None:
                broken = conn.exec_driver_sql("PRAGMA foreign_key_check").fetchall()
                if broken:
                    raise DatabaseError(f"the upgrade left {len(broken)} broken links")
            sequences_in_step(conn)  # after any revision that seeded rows with their ids
    except Exception as exc:  # any failure here must reach the user as a plain sentence
        kept = f" A copy from before the upgrade is at {saved}." if saved else ""
        reason = getattr(exc, "orig", None) or exc  # the driver's words, not SQLAlchemy's
        if (fault := known_fault(exc, describe(url))) is not None:
            raise fault from exc
        raise DatabaseError(
            f"Upgrading the database {describe(url)} failed, so it was left as it was: "
            f"{reason}.{kept}"
        ) from exc
    finally:
        # The connection would go back to the pool still at synchronous=FULL; later ones get
        # NORMAL.
        engine.dispose()
    return saved


def _os_user() -> str:
    try:
        return getpass.getuser()
    except Exception:  # no login name in some service environments
        return "unknown"


class Database:
    """An open ncdesk database: hands out short sessions, one per user action."""

    def __init__(
        self, url: str, engine: Engine, lock: OpenLock | None = None, key: bytes | None = None
    ):
        self.url = url
        self.engine = engine
        self._lock = lock
        # The database key of an encrypted file (copies and backups are keyed with it).
        self.key = key
        # Who is signed in (None: nobody yet, or a database without accounts).
        self.user: CurrentUser | None = None
        # True when the database has user accounts: then nothing is allowed until sign-in.
        self.accounts = False
        self._protected = self.path
        if self._protected is not None:
            protect(self._protected)
        self._sessions = sessionmaker(engine, expire_on_commit=False)
        self._caches: dict[str, object] = {}
        self._caches_lock = threading.Lock()
        self._os_actor = f"{_os_user()} (local)"

    @property
    def actor(self) -> str:
        """Who the audit trail names for changes made through this connection."""
        return self.user.login if self.user is not None else self._os_actor

    @property
    def encrypted(self) -> bool:
        return self.key is not None

    def cache(self, name: str, make: Callable[[], object]) -> object:
        """A per-database helper object (search index...), made on first use."""
        with self._caches_lock:
            if name not in self._caches:
                self._caches[name] = make()
            return self._caches[name]

    @property
    def path(self) -> Path | None:
        return sqlite_path(self.url)

    def session(self) -> Session:
        return self._sessions()

    @contextmanager
    def transaction(self) -> Iterator[Session]:
        """One user action: commits at the end, rolls everything back on any error. It takes
        the write lock first (SQLite's BEGIN IMMEDIATE; on a server, `server.take_write_lock`),
        so what it reads stays true until it commits: two desks never both add the next
        reference, lend the same item or chain onto one audit entry. A server out of reach
        is tried again a few times before anything is written."""
        for wait in (*RECONNECT_WAITS, None):
            session = self._sessions()
            began = session.begin()
            try:
                if self.engine.dialect.name == "sqlite":
                    session.execute(text("BEGIN IMMEDIATE"))
                else:
                    take_write_lock(session)
            except ServerUnreachable:
                session.close()  # nothing was written yet: safe to try again
                if wait is None:
                    raise
                time.sleep(wait)
                continue
            break
        with session, began:
            yield session

    def optimise(self) -> None:
        """Refresh SQLite's statistics after a bulk load, so it picks the right indexes."""
        if self.path is not None:
            with self.engine.connect() as conn:
                conn.exec_driver_sql("ANALYZE")

    def close(self) -> None:
        self.engine.dispose()
        if self._lock is not None:
            self._lock.release()
            self._lock = None
        if self._protected is not None:
            unprotect(self._protected)
            self._protected = None


def _refuse_if_not_ours(url: str, key: bytes | None) -> None:
    """Check an existing file over a plain connection first: the WAL pragma of our own
    connections rewrites the file header, and a file that is not ours or is too new must be
    left exactly as it was."""
    probe = _probe_engine(url, key)
    try:
        schema_state(probe)
    finally:
        probe.dispose()


def _probe_engine(url: str, key: bytes | None) -> Engine:
    """A bare engine: no pragmas but the key, one connection, for looking without touching."""
    engine = create_engine(url, poolclass=NullPool, module=driver(key is not None))
    if key is not None:
        event.listen(engine, "connect", lambda conn, _r: conn.execute(key_pragma(key)))
    return engine


def open_database(
    value: str | os.PathLike[str] | None = None, *, create: bool = True, key: bytes | None = None
) -> Database:
    """Open (and if needed create and migrate) the database named by `value`; `key` is the
    database key of an encrypted file (`security.access` unwraps it for whoever signs in).
    Nobody is signed in yet: where the database has accounts, every service refuses until
    someone is."""
    url = resolve_url(value)
    path = sqlite_path(url)
    if path is not None and key is None and path.exists() and looks_encrypted(path):
        if keys_path(path).is_file():
            raise DatabaseEncrypted(
                f"{path} is encrypted: sign in with your login and password to open it."
            )
        raise NotAnNcdeskDatabase(
            f"{path} is not an ncdesk database, or it is damaged (if it is an encrypted one, "
            f"its key file {keys_path(path).name} is missing: put it back beside it)."
        )
    if path is not None:
        if path.is_dir() or (not path.exists() and not create):
            raise no_database_at(path)
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise DatabaseError(f"Cannot create the folder {path.parent}: {exc.strerror}") from exc
        if path.exists() and not (os.access(path, os.W_OK) and os.access(path.parent, os.W_OK)):
            raise CannotWrite(
                f"ncdesk cannot write to {path.parent}: the folder or the database file is "
                "read-only; nothing was changed"
            )
        if path.exists() and path.stat().st_size > 0:
            _refuse_if_not_ours(url, key)
    lock = OpenLock(path) if path is not None else None
    engine = make_engine(url, key)
    try:
        migrate(engine, url)
    except (DatabaseError, DiskFull, CannotWrite):
        engine.dispose()
        if lock:
            lock.release()
        raise
    except sa_exc.OperationalError as exc:
        engine.dispose()
        if lock:
            lock.release()
        raise DatabaseError(f"Cannot open the database {path or url}: {exc.orig}") from exc
    db = Database(url, engine, lock, key)
    with db.session() as s:
        db.accounts = bool(s.scalar(select(func.count()).select_from(UserAccount)))
    return db


def integrity_problems(engine: Engine) -> list[str]:
    """What SQLite's integrity and foreign-key checks report; empty when the file is sound."""
    if engine.url.get_backend_name() != "sqlite":
        return []
    try:
        with engine.connect() as conn:
            rows = [r[0] for r in conn.execute(text("PRAGMA integrity_check"))]
            fk = conn.execute(text("PRAGMA foreign_key_check")).fetchall()
    except sa_exc.DatabaseError as exc:
        return [f"the file is damaged: {exc.orig}"]
    problems = [r for r in rows if r != "ok"]
    problems += [f"broken link in table {r[0]} row {r[1]} to {r[2]}" for r in fk]
    return problems


@dataclass
class CheckReport:
    """The result of `ncdesk check`: schema version and integrity, in plain words. A file
    that could not be checked (too new, not ours, locked) is not called damaged."""

    where: str
    state: SchemaState | None
    problems: list[str]
    not_checked: str = ""  # why the file could not be checked, when it could not

    @property
    def ok(self) -> bool:
        return not self.problems and not self.not_checked

    def lines(self) -> list[str]:
        out = [f"Database: {self.where}"]
        if self.state:
            current = self.state.current or "none (empty)"
            note = "current" if self.state.up_to_date else f"will be upgraded to {self.state.head}"
            out.append(f"Schema version: {current} ({note})")
        if self.not_checked:
            return out + [f"Not checked: {self.not_checked}"]
        out += [f"Problem: {p}" for p in self.problems]
        out.append("Integrity: ok" if self.ok else "Integrity: DAMAGED")
        return out


def _read_only_url(path: Path) -> str:
    """A URL that reads the file without writing anything. In a folder ncdesk cannot write,
    and with no write-ahead log waiting, the file is opened as immutable: SQLite would
    otherwise need to create its -shm file beside it."""
    url = f"sqlite:///file:{path}?mode=ro&uri=true"
    wal = path.with_name(path.name + "-wal")
    if not os.access(path.parent, os.W_OK) and not (wal.exists() and wal.stat().st_size):
        url += "&immutable=1"
    return url


def check_database(
    value: str | os.PathLike[str] | None, *, key: bytes | None = None
) -> CheckReport:
    """Check without changing anything: SQLite files are opened read-only (an encrypted one
    with its `key`)."""
    url = resolve_url(value)
    path = sqlite_path(url)
    if path is not None:
        if not path.is_file():
            raise no_database_at(path)
        engine = _probe_engine(_read_only_url(path), key)
    else:
        engine = make_engine(url)
    where = describe(url)
    try:
        try:
            state: SchemaState | None = schema_state(engine)
        except NotAnNcdeskDatabase as exc:
            return CheckReport(where, None, [str(exc)])
        except (DatabaseError, DiskFull, CannotWrite) as exc:
            return CheckReport(where, None, [], not_checked=str(exc))
        problems = integrity_problems(engine)
        if not problems and state is not None and state.current and state.up_to_date:
            with Session(engine) as session:
                broken = first_break(session)
            if broken is not None:
                problems.append(str(broken))
        return CheckReport(where, state, problems)
    finally:
        engine.dispose()
