"""Settings every test shares."""

from __future__ import annotations

import os

import pytest

from tests import databases

# Argon2id at full strength takes a quarter of a second per password; the suite makes
# hundreds. New hashes and key slots made by the tests use cheap parameters instead (they
# are stored with each hash, so the code that checks them is the same).
os.environ.setdefault("NCDESK_TESTING_WEAK_KDF", "1")


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--encrypted",
        action="store_true",
        help="make every test database encrypted with SQLCipher (the core and GUI suites)",
    )


def pytest_configure(config: pytest.Config) -> None:
    if config.getoption("--encrypted"):
        databases.ENCRYPTED = True
