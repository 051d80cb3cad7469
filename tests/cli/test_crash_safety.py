"""A killed process loses nothing it had finished and leaves nothing half-written: ncdesk is
killed (SIGKILL, no chance to tidy up) in the middle of an import and in the middle of a
queue of the window's background writes; afterwards the database opens, passes `check`,
and holds each interrupted piece of work whole or not at all."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

from tests.cli.conftest import write_csv

pytestmark = pytest.mark.sqlite_only("kills writers and reads the database file afterwards")

ROWS = 8_000


def wait_for(condition, timeout: float = 60.0) -> None:  # type: ignore[no-untyped-def]
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError("timed out")
        time.sleep(0.01)


def count(db: Path, table: str) -> int:
    connection = sqlite3.connect(db)
    try:
        return int(connection.execute(f"SELECT count(*) FROM {table}").fetchone()[0])
    finally:
        connection.close()


def kill(process: subprocess.Popen[bytes]) -> None:
    os.kill(process.pid, signal.SIGKILL)
    process.wait(timeout=30)


@pytest.mark.parametrize("moment", ["while writing", "just before commit"])
def test_an_import_killed_part_way_leaves_all_of_it_or_none(ncdesk, tmp_path, moment) -> None:
    db = tmp_path / "d.db"
    assert ncdesk("demo", "--db", db).code == 0
    people_before = count(db, "person")
    lines = ["person_ref,first_name,last_name,notes"]
    lines += [f"K{i:06d},Kit{i},Crashley,{'note ' * 20}" for i in range(ROWS)]
    big = write_csv(tmp_path / "big.csv", "\n".join(lines) + "\n")
    wal = db.with_name(db.name + "-wal")
    process = subprocess.Popen(
        [sys.executable, "-m", "ncdesk", "import", "people", str(big), "--db", str(db)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        threshold = 256_000 if moment == "while writing" else 4_000_000
        wait_for(
            lambda: (wal.exists() and wal.stat().st_size > threshold) or process.poll() is not None
        )
    finally:
        kill(process)
    assert ncdesk("check", "--db", db).code == 0
    assert count(db, "person") in (people_before, people_before + ROWS)
    # and the database takes work again at once
    retry = ncdesk("import", "people", big, "--db", db)
    assert retry.code == 0, retry.err
    assert count(db, "person") == people_before + ROWS


WINDOW_WRITES = textwrap.dedent(
    """
    import os, sys
    os.environ["QT_QPA_PLATFORM"] = "offscreen"
    from datetime import date, timedelta
    from PySide6.QtWidgets import QApplication
    from ncdesk.core.db import open_database
    from ncdesk.core.services import ledger as L, timebank_accounts as T
    from ncdesk.ui.common.tasks import TaskRunner, TIMEBANK

    app = QApplication([])
    db = open_database(sys.argv[1])
    members = [a.id for a in T.list_accounts(db, kinds=("member",)) if a.status == "active"]
    runner = TaskRunner()
    day = date.today() - timedelta(days=1)
    for batch in range(200):  # as a broker saving one batch of typed-in slips after another
        slips = [L.ExchangeInput(day, members[i % len(members)], members[(i + 1) % len(members)],
                                 30, None, f"crashtest {batch:03d} slip {i}") for i in range(50)]
        runner.run_operation(lambda slips=slips: L.record_batch(db, slips), lambda _r: None,
                             changes=(TIMEBANK,))
    print("queued", flush=True)
    app.exec()
    """
)


def test_a_queue_of_window_writes_killed_part_way_keeps_every_batch_whole(ncdesk, tmp_path):
    db = tmp_path / "d.db"
    assert ncdesk("demo", "--db", db).code == 0
    before = count(db, "exchange")
    process = subprocess.Popen(
        [sys.executable, "-c", WINDOW_WRITES, str(db)],
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
    )
    try:
        assert process.stdout is not None and process.stdout.readline().strip() == b"queued"
        wait_for(lambda: count(db, "exchange") >= before + 50 * 20)
    finally:
        kill(process)
    assert ncdesk("check", "--db", db).code == 0
    added = count(db, "exchange") - before
    assert added % 50 == 0 and 50 * 20 <= added < 50 * 200  # whole batches only, some not done
    connection = sqlite3.connect(db)
    try:
        credited = connection.execute("SELECT sum(minutes) FROM exchange").fetchone()[0]
        per_batch = connection.execute(
            "SELECT substr(description, 1, 13), count(*) FROM exchange "
            "WHERE description LIKE 'crashtest %' GROUP BY substr(description, 1, 13)"
        ).fetchall()
    finally:
        connection.close()
    assert credited is not None
    assert {n for _batch, n in per_batch} == {50}
