"""Shared benchmark data: the large demo database (DESIGN §7), built once per `make bench` run
and handed to every benchmark, so they measure the same data and the run stays short."""

from __future__ import annotations

import time
from dataclasses import dataclass
from pathlib import Path

import pytest

from ncdesk.core.db import open_database
from ncdesk.core.demo import fill_demo


@dataclass(frozen=True)
class LargeDemo:
    path: Path
    counts: dict[str, int]
    fill_seconds: float


@pytest.fixture(scope="session")
def large_demo(tmp_path_factory) -> LargeDemo:
    path = tmp_path_factory.mktemp("bench") / "large.db"
    db = open_database(path)
    started = time.perf_counter()
    counts = fill_demo(db, "large", seed=1)
    seconds = time.perf_counter() - started
    db.close()
    made = ", ".join(f"{n:,} {k}" for k, n in counts.items())
    print(f"\nlarge demo: {made} made in {seconds:.1f} s (DESIGN §7 target ≤ 90 s)")
    return LargeDemo(path, counts, seconds)


@pytest.fixture(scope="session")
def small_demo(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("bench") / "small.db"
    db = open_database(path)
    fill_demo(db, "small", seed=1)
    db.close()
    return path
