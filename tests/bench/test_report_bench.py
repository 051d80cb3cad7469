"""A year's grant return on the large demo: the metrics, and the PDF + XLSX pair.

DESIGN §7 targets (median on a 2-core PC): one year's metrics ≤ 2 s; PDF + XLSX for one year
≤ 10 s. A benchmark, not a timed test: it prints each figure next to a plain SQL baseline (a
few hand-written count queries over the same tables for the same year) and checks only that
the outputs are whole and agree. Also printed: opening the records behind the largest figures
(the Reports screen's drill-down). Run with `make bench`, or

    .venv/bin/python -m pytest -q -s tests/bench/test_report_bench.py -o addopts=""
"""

from __future__ import annotations

import statistics
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from openpyxl import load_workbook
from sqlalchemy import text

from ncdesk.core.db import Database, open_database
from ncdesk.core.demo import fill_demo
from ncdesk.core.reports.drilldown import drill_down
from ncdesk.core.reports.grant_return import build_return
from ncdesk.core.reports.grant_return_pdf import write_grant_return_pdf
from ncdesk.core.reports.grant_return_xlsx import write_grant_return_xlsx
from ncdesk.core.reports.metrics import Scope, compute
from ncdesk.core.services.activities import list_activities
from ncdesk.core.services.grants import GrantInput, get_grant, save_grant

pytestmark = pytest.mark.bench

METRICS_TARGET_S = 2.0
PAIR_TARGET_S = 10.0
RUNS = 3


@dataclass
class Large:
    path: Path
    fill_seconds: float
    counts: dict[str, int]


@pytest.fixture(scope="module")
def large(tmp_path_factory: pytest.TempPathFactory) -> Large:
    """The large demo database, made once for this module, with a grant covering everything."""
    path = tmp_path_factory.mktemp("bench") / "large.db"
    db = open_database(path)
    started = time.perf_counter()
    counts = fill_demo(db, "large", seed=1)
    fill_seconds = time.perf_counter() - started
    start, end = last_financial_year(date.today())
    save_grant(
        db,
        GrantInput(
            "BENCH-1",
            "Benchmark Trust",
            start,
            end,
            activity_ids=tuple(a.id for a in list_activities(db)),
            covers_timebank=True,
            covers_loans=True,
            targets={"reach.unique_people": 10_000, "reach.age_65_plus": 4_000},
        ),
    )
    db.close()
    return Large(path, fill_seconds, counts)


def last_financial_year(day: date) -> tuple[date, date]:
    year = (day.year if day.month >= 4 else day.year - 1) - 1
    return date(year, 4, 1), date(year + 1, 3, 31)


def timed(run: Callable[[], Any]) -> tuple[float, Any]:
    started = time.perf_counter()
    result = run()
    return time.perf_counter() - started, result


def median_of(run: Callable[[], Any], times: int = RUNS) -> tuple[float, Any]:
    results = [timed(run) for _ in range(times)]
    return statistics.median(t for t, _ in results), results[-1][1]


# The baseline: what a hand-written report would ask the same tables for the same year,
# without scope, breakdowns or the rules of docs/metrics.md.
BASELINE = {
    "sessions and anonymous": """
        SELECT count(*), sum(anonymous_count) FROM dropin_session
        WHERE date BETWEEN :start AND :end AND cancelled = 0""",
    "attendances and people": """
        SELECT count(*), count(DISTINCT a.person_id) FROM attendance a
        JOIN dropin_session s ON s.id = a.session_id
        WHERE s.date BETWEEN :start AND :end AND s.cancelled = 0""",
    "exchanges and minutes": """
        SELECT count(*), sum(minutes) FROM exchange
        WHERE kind = 'service' AND voided_at IS NULL AND date BETWEEN :start AND :end""",
    "loans started": """
        SELECT count(*) FROM loan WHERE voided_at IS NULL AND start BETWEEN :start AND :end""",
    "people reached": """
        SELECT count(*) FROM (
            SELECT a.person_id FROM attendance a JOIN dropin_session s ON s.id = a.session_id
            WHERE s.date BETWEEN :start AND :end AND s.cancelled = 0
            UNION
            SELECT person_id FROM loan WHERE voided_at IS NULL AND start <= :end
                AND (returned IS NULL OR returned >= :start))""",
}


def baseline(db: Database, start: date, end: date) -> dict[str, tuple[Any, ...]]:
    with db.engine.connect() as conn:
        return {
            name: tuple(conn.execute(text(sql), {"start": start, "end": end}).one())
            for name, sql in BASELINE.items()
        }


def test_a_years_grant_return_on_the_large_demo(large: Large, tmp_path: Path, capsys) -> None:
    db = open_database(large.path)
    try:
        start, end = last_financial_year(date.today())
        grant = get_grant(db, 1)
        everything = Scope(start, end)
        granted = Scope(start, end, grant)

        cold, _ = timed(lambda: compute(db, everything))
        sql_s, plain = median_of(lambda: baseline(db, start, end))
        metrics_s, figures = median_of(lambda: compute(db, everything))
        grant_metrics_s, grant_figures = median_of(lambda: compute(db, granted))

        pdf_path, xlsx_path = tmp_path / "return.pdf", tmp_path / "return.xlsx"
        parts: dict[str, list[float]] = {"figures and monthly series": [], "PDF": [], "XLSX": []}
        pair: list[float] = []
        for _ in range(2):
            build_s, r = timed(lambda: build_return(db, granted, suppress_below=5))
            pdf_s, _ = timed(lambda r=r: write_grant_return_pdf(r, pdf_path))
            xlsx_s, _ = timed(lambda r=r: write_grant_return_xlsx(r, xlsx_path))
            for name, took in zip(parts, (build_s, pdf_s, xlsx_s), strict=True):
                parts[name].append(took)
            pair.append(build_s + pdf_s + xlsx_s)
        pair_s = statistics.median(pair)

        drills = {}
        for metric_id in ("reach.unique_people", "dropin.attendances_registered"):
            took, drill = timed(lambda m=metric_id: drill_down(db, granted, m))
            drills[metric_id] = (took, len(drill.rows), drill.total == grant_figures[metric_id])

        with capsys.disabled():
            print()
            print(
                f"grant return, large demo ({large.counts.get('people', 0):,} people), "
                f"{start:%d/%m/%Y} to {end:%d/%m/%Y}:"
            )
            verdict = "within target" if metrics_s <= METRICS_TARGET_S else "OVER TARGET"
            print(
                f"  one year's metrics: median {metrics_s:.2f} s all activities, "
                f"{grant_metrics_s:.2f} s with a grant (target ≤ {METRICS_TARGET_S:.0f} s, "
                f"{verdict}); cold first run {cold:.2f} s"
            )
            verdict = "within target" if pair_s <= PAIR_TARGET_S else "OVER TARGET"
            print(
                f"  PDF + XLSX for the year: median {pair_s:.2f} s (target ≤ "
                f"{PAIR_TARGET_S:.0f} s, {verdict}) = "
                + ", ".join(f"{n} {statistics.median(t):.2f} s" for n, t in parts.items())
            )
            print(
                f"  plain SQL baseline ({len(BASELINE)} hand-written count queries): median "
                f"{sql_s:.3f} s; ratio metrics/SQL {metrics_s / sql_s:.1f}x, "
                f"PDF+XLSX/SQL {pair_s / sql_s:.1f}x"
            )
            for name, row in plain.items():
                print(f"    {name:<24} {', '.join(f'{v:,}' for v in row)}")
            print(
                f"  ncdesk: sessions {figures['dropin.sessions']:,}, attendances "
                f"{figures['dropin.attendances']:,}, people at drop-ins "
                f"{figures['dropin.unique_people']:,}, exchanges "
                f"{figures['timebank.exchanges']:,}, loans started "
                f"{figures['loans.started']:,}, people reached "
                f"{figures['reach.unique_people']:,} (65+: {figures['reach.age_65_plus']:,})"
            )
            for metric_id, (took, rows, agrees) in drills.items():
                print(
                    f"  records behind {metric_id}: {rows:,} rows in {took:.2f} s"
                    + ("" if agrees else " (DISAGREES WITH THE FIGURE)")
                )
            print(f"  (making the large demo took {large.fill_seconds:.1f} s)")

        assert figures["dropin.sessions"] == plain["sessions and anonymous"][0]
        assert figures["loans.started"] == plain["loans started"][0]
        assert all(agrees for _, _, agrees in drills.values())
        assert pdf_path.read_bytes().startswith(b"%PDF")
        summary = load_workbook(xlsx_path, read_only=True)["Summary"]
        written = {row[0]: row[2] for row in summary.iter_rows(min_row=7, values_only=True)}
        assert written["reach.unique_people"] == grant_figures["reach.unique_people"]
    finally:
        db.close()
