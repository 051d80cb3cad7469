"""Settings every test shares, and the kinds of database a run uses (tests/databases.py)."""

from __future__ import annotations

import os
from collections.abc import Iterator

import pytest

from tests import databases, pg_server

# Argon2id at full strength takes a quarter of a second per password; the suite makes
# hundreds. New hashes and key slots made by the tests use cheap parameters instead (they
# are stored with each hash, so the code that checks them is the same).
os.environ.setdefault("NCDESK_TESTING_WEAK_KDF", "1")

_server: pg_server.PgServer | None = None
_no_postgres: str | None = None  # why a --postgres run cannot have its server


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--encrypted",
        action="store_true",
        help="make every test database encrypted with SQLCipher (the core and GUI suites)",
    )
    parser.addoption(
        "--postgres",
        action="store_true",
        help="make every test database on a throwaway PostgreSQL server (the core and CLI "
        "suites); tests marked sqlite_only are skipped",
    )


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line(
        "markers", "sqlite_only(reason): a test of SQLite files themselves, skipped on PostgreSQL"
    )
    if config.getoption("--encrypted"):
        databases.ENCRYPTED = True
    if config.getoption("--postgres"):
        global _no_postgres
        _no_postgres = pg_server.unavailable()
        if _no_postgres is None:
            databases.POSTGRES = server()


def server() -> pg_server.PgServer:
    """The run's one test server, started on first use."""
    global _server
    if _server is None:
        _server = pg_server.PgServer().start()
    return _server


def pytest_unconfigure(config: pytest.Config) -> None:
    global _server
    if _server is not None:
        _server.stop()
        _server = None


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    if _no_postgres is not None:  # only where PostgreSQL cannot be installed (.ci/run tries)
        for item in items:
            item.add_marker(pytest.mark.skip(reason=f"--postgres: {_no_postgres}"))
        return
    if databases.POSTGRES is None:
        return
    for item in items:
        marker = item.get_closest_marker("sqlite_only")
        if marker is not None:
            reason = marker.args[0] if marker.args else "a test of SQLite files"
            item.add_marker(pytest.mark.skip(reason=f"SQLite only: {reason}"))


@pytest.fixture(autouse=True)
def _drop_test_databases() -> Iterator[None]:
    """The server databases a test made go when it ends (those of module fixtures, made
    before it starts, stay for the module's other tests)."""
    before = set(_server.made) if _server is not None else set()
    yield
    if _server is not None:
        for name in _server.made - before:
            _server.drop(name)


@pytest.fixture(scope="session")
def pg() -> pg_server.PgServer:
    """A real PostgreSQL server for the tests that need one whatever the run (concurrency,
    copying, SQLite and PostgreSQL side by side); skipped, saying why, where none can start."""
    why = pg_server.unavailable()
    if why is not None:
        pytest.skip(f"no PostgreSQL server for this test: {why}")
    return server()
