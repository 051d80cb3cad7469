"""Opening the Loans lists on the large demo (2,000 items, 50,000 loans): time from asking for
a list to its rows on screen, on the real tabs.

DESIGN §7 target: any list screen opens in ≤ 300 ms (median on a 2-core PC), then scrolls
smoothly. A benchmark, not a timed test: it prints each figure next to a plain SQL baseline on
the same data and only checks that the lists hold something. Run with `make bench`, or

    .venv/bin/python -m pytest -q -s tests/bench/test_loans_bench.py -o addopts=""
"""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")  # before Qt makes its application

import sqlite3
import statistics
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest
from PySide6.QtCore import QModelIndex
from PySide6.QtWidgets import QWidget

from ncdesk.core.db import open_database
from ncdesk.core.demo import fill_demo
from ncdesk.core.parsing import today
from ncdesk.core.services import equipment as E
from ncdesk.core.services import fleet as F
from ncdesk.core.services import loan_views as V
from ncdesk.ui.common.desk_context import DeskContext
from ncdesk.ui.common.table_model import PAGE_SIZE
from ncdesk.ui.common.tasks import TaskRunner
from ncdesk.ui.loans.loans_screen import LoansScreen

pytestmark = pytest.mark.bench

TARGET_MS = 300.0
RUNS = 9


@dataclass
class Large:
    path: Path
    fill_seconds: float


@pytest.fixture(scope="module")
def large(tmp_path_factory: pytest.TempPathFactory) -> Large:
    """The large demo database, made once for this module in a temporary folder."""
    path = tmp_path_factory.mktemp("loans-bench") / "large.db"
    db = open_database(path)
    started = time.perf_counter()
    fill_demo(db, "large", seed=1)
    seconds = time.perf_counter() - started
    db.close()
    return Large(path, seconds)


def ms(seconds: float) -> float:
    return seconds * 1000


def timed(run: Callable[[], object]) -> float:
    started = time.perf_counter()
    run()
    return time.perf_counter() - started


class ListTimer:
    """Asks a tab for its list and times until the rows are in the model (`rows`) and until
    the view has painted them (`painted`)."""

    def __init__(self, qtbot, tab: QWidget, view: QWidget) -> None:
        self.qtbot, self.tab, self.view = qtbot, tab, view
        self.started = 0.0
        self.rows = 0.0
        self.painted = 0.0
        tab.list_shown.connect(self._shown)  # type: ignore[attr-defined]

    def _shown(self) -> None:
        self.rows = time.perf_counter() - self.started
        self.view.repaint()  # the first screenful drawn, fetching what it shows
        self.painted = time.perf_counter() - self.started

    def once(self, ask: Callable[[], None]) -> tuple[float, float]:
        with self.qtbot.waitSignal(self.tab.list_shown, timeout=30_000):  # type: ignore[attr-defined]
            self.started = time.perf_counter()
            ask()
        return self.rows, self.painted


def summary(samples: list[float]) -> tuple[float, float]:
    values = sorted(ms(s) for s in samples)
    return statistics.median(values), values[-1]


def test_opening_the_loans_lists_on_the_large_demo(large: Large, qtbot, capsys) -> None:
    db = open_database(large.path)
    tasks = TaskRunner()
    screen = LoansScreen(DeskContext(db, tasks))
    qtbot.addWidget(screen)
    screen.resize(1060, 700)
    screen.show()
    qtbot.waitExposed(screen)
    try:
        results: list[tuple[str, list[float], list[float], float, list[float]]] = []

        def measure(
            name: str, tab: QWidget, view: QWidget, ask: Callable[[], None], baseline: Callable
        ) -> None:
            screen.tabs.setCurrentWidget(tab)
            qtbot.waitUntil(lambda: not tasks.busy())
            timer = ListTimer(qtbot, tab, view)
            cold = timer.once(ask)[1]
            rows, painted = [], []
            for _ in range(RUNS):
                r, p = timer.once(ask)
                rows.append(r)
                painted.append(p)
            sql = [timed(baseline) for _ in range(RUNS)]
            results.append((name, rows, painted, cold, sql))

        on = today().isoformat()
        # The baselines: plain SQL through the bare sqlite3 module, reading the same facts.
        raw = sqlite3.connect(large.path)
        try:

            def sql_items() -> object:
                """The items with their category, the loans holding them today and each
                item's latest check of each kind: what the items list is built from."""
                return (
                    raw.execute(
                        "SELECT i.id, i.item_ref, i.name, c.name, i.location FROM item i"
                        " LEFT JOIN equipment_category c ON c.id = i.category_id"
                        " ORDER BY i.item_ref"
                    ).fetchall(),
                    raw.execute(
                        "SELECT l.item_id, l.due, p.first_name, p.last_name FROM loan l"
                        " JOIN person p ON p.id = l.person_id WHERE l.voided_at IS NULL"
                        " AND (l.returned IS NULL OR l.returned >= ?) AND +l.start <= ?",
                        (on, on),
                    ).fetchall(),
                    raw.execute(
                        "SELECT s.item_id, s.check_type_id, s.done_on, s.passed"
                        " FROM safety_check s JOIN (SELECT item_id, check_type_id,"
                        " max(done_on) AS d FROM safety_check GROUP BY item_id, check_type_id)"
                        " m ON m.item_id = s.item_id AND m.check_type_id IS s.check_type_id"
                        " AND m.d = s.done_on"
                    ).fetchall(),
                )

            def sql_loans(where: str) -> Callable[[], object]:
                def run() -> object:
                    ids = raw.execute(
                        "SELECT id FROM loan WHERE voided_at IS NULL"
                        f" {where} ORDER BY start IS NULL, start DESC, id DESC"
                    ).fetchall()
                    first = ",".join(str(i) for (i,) in ids[:PAGE_SIZE]) or "0"
                    return raw.execute(
                        "SELECT l.id, i.item_ref, i.name, p.first_name, p.last_name, l.start,"
                        " l.due, l.returned, l.deposit_pence FROM loan l"
                        " JOIN item i ON i.id = l.item_id JOIN person p ON p.id = l.person_id"
                        f" WHERE l.id IN ({first})"
                    ).fetchall()

                return run

            def sql_due_checks() -> object:
                """The items in use with their category, the checks each category needs and
                each item's latest check of each kind: what the due-soon list is built from."""
                return (
                    raw.execute(
                        "SELECT i.id, i.item_ref, i.name, c.name, i.location, i.category_id,"
                        " i.check_every_days FROM item i"
                        " LEFT JOIN equipment_category c ON c.id = i.category_id"
                        " WHERE i.retired_on IS NULL"
                    ).fetchall(),
                    raw.execute(
                        "SELECT id, category_id, name, interval_days FROM safety_check_type"
                        " WHERE active"
                    ).fetchall(),
                    raw.execute(
                        "SELECT s.item_id, s.check_type_id, s.done_on, s.passed"
                        " FROM safety_check s JOIN (SELECT item_id, check_type_id,"
                        " max(done_on) AS d FROM safety_check GROUP BY item_id, check_type_id)"
                        " m ON m.item_id = s.item_id AND m.check_type_id IS s.check_type_id"
                        " AND m.d = s.done_on"
                    ).fetchall(),
                )

            def sql_overdue() -> object:
                return raw.execute(
                    "SELECT l.id, i.item_ref, i.name, p.person_ref, p.first_name, p.last_name,"
                    " p.phone, p.email, l.start, l.due FROM loan l"
                    " JOIN item i ON i.id = l.item_id JOIN person p ON p.id = l.person_id"
                    " WHERE l.voided_at IS NULL AND l.returned IS NULL AND l.due < ?"
                    " ORDER BY l.due",
                    (on,),
                ).fetchall()

            items = screen.items
            measure(
                "items (2,000, with status and safety)",
                items,
                items.view,
                items.refresh,
                sql_items,
            )
            loans = screen.loans
            measure(
                "loans out now",
                loans,
                loans.view,
                loans.refresh,
                sql_loans("AND returned IS NULL"),
            )
            loans.show_loans(V.LOAN_ALL)
            qtbot.waitUntil(lambda: not loans.is_loading())
            measure("loans, all 50,000", loans, loans.view, loans.refresh, sql_loans(""))
            overdue = screen.overdue
            measure(
                "overdue loans",
                overdue,
                overdue.view,
                overdue.refresh,
                sql_overdue,
            )
            # Scrolling the 50,000: each further page of 200 rows as the view asks for it.
            screen.tabs.setCurrentWidget(loans)
            pages = []
            for _ in range(10):
                started = time.perf_counter()
                loans.model.fetchMore(QModelIndex())
                pages.append(time.perf_counter() - started)
            scans = []
            refs = [r.item.item_ref for r in V.item_list(db)[::97]]
            for ref in refs:
                started = time.perf_counter()
                V.item_detail(db, E.item_id_for_ref(db, ref))
                scans.append(time.perf_counter() - started)
            fleet_statuses = timed(lambda: F.item_statuses(db))
            due_checks = [timed(lambda: V.due_checks(db, 30)) for _ in range(RUNS)]
            due_sql = [timed(sql_due_checks) for _ in range(RUNS)]
        finally:
            raw.close()

        assert items.model.total() == 2000
        assert [r.item for r in V.item_list(db)] == F.item_statuses(db)  # the same statuses
        assert loans.model.total() >= 49_000
        assert overdue.model.total() > 0

        with capsys.disabled():
            print()
            print(f"Loans lists on the large demo (target ≤ {TARGET_MS:.0f} ms to open):")
            for name, rows, painted, cold, sql in results:
                median_rows, _ = summary(rows)
                median_painted, worst = summary(painted)
                median_sql, _ = summary(sql)
                verdict = "within target" if median_painted <= TARGET_MS else "OVER TARGET"
                print(
                    f"  {name:<38} median {median_painted:6.1f} ms to painted rows "
                    f"({median_rows:6.1f} ms to rows in the model), max {worst:6.1f} ms, "
                    f"first {ms(cold):6.1f} ms; {verdict}"
                )
                print(
                    f"  {'':<38} plain SQL baseline {median_sql:6.1f} ms; "
                    f"ratio {median_painted / median_sql:4.1f}x"
                )
            page_median, page_worst = summary(pages)
            print(
                f"  scrolling all loans: {page_median:.1f} ms per further page of {PAGE_SIZE} "
                f"(max {page_worst:.1f} ms)"
            )
            scan_median, scan_worst = summary(scans)
            print(
                f"  opening one item by its reference (detail, checks, history): median "
                f"{scan_median:.1f} ms, max {scan_worst:.1f} ms over {len(scans)} items"
            )
            due_median, due_worst = summary(due_checks)
            due_sql_median, _ = summary(due_sql)
            print(
                f"  safety checks due in 30 days (loan_views.due_checks): median "
                f"{due_median:.1f} ms, max {due_worst:.1f} ms; plain SQL baseline "
                f"{due_sql_median:.1f} ms; ratio {due_median / due_sql_median:4.1f}x"
            )
            print(
                f"  (fleet.item_statuses, the statuses alone, which the items list builds on: "
                f"{ms(fleet_statuses):.0f} ms)"
            )
            print(f"  (making the large demo took {large.fill_seconds:.1f} s)")
    finally:
        screen.close()
        tasks.wait_for_done()
        db.close()
