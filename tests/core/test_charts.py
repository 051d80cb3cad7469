"""Charts drawn once in the core: the SVG the screens show is well-formed SVG that Qt's SVG
Tiny renderer can draw (no clip paths), hides small counts as the tables do, and the printed
return that places the same drawings still renders page by page."""

from __future__ import annotations

import shutil
import subprocess
import xml.etree.ElementTree as ET
from datetime import date
from pathlib import Path

import pytest

from ncdesk.core.db import Database
from ncdesk.core.demo import fill_demo
from ncdesk.core.reports.charts import Chart, return_charts, to_svg
from ncdesk.core.reports.grant_return import build_return
from ncdesk.core.reports.grant_return_pdf import write_grant_return_pdf
from ncdesk.core.reports.home import home_figures
from ncdesk.core.reports.metrics import Scope

SVG = "{http://www.w3.org/2000/svg}"


def texts(svg: bytes) -> list[str]:
    return [t.text or "" for t in ET.fromstring(svg).iter(f"{SVG}text")]


def test_a_chart_is_well_formed_svg_with_its_labels_and_values() -> None:
    chart = Chart("attendance", "Attendances by month", ("Apr 2026", "May 2026"), ((12, 30),))
    svg = to_svg(chart)
    root = ET.fromstring(svg)  # raises on anything that is not well-formed XML
    assert root.tag == f"{SVG}svg"
    assert root.get("viewBox") == "0 0 510 176"
    assert {"Apr 2026", "May 2026", "12", "30"} <= set(texts(svg))
    assert b"clipPath" not in svg and b"clip-path" not in svg  # Qt would paint it black


def test_small_counts_get_no_bar_and_read_less_than_n_as_in_the_tables() -> None:
    chart = Chart("ages", "Ages", ("65-74", "75-84"), ((3, 40),), suppress_below=5)
    labels = texts(to_svg(chart))
    assert "<5" in labels and "40" in labels and "3" not in labels


def test_the_return_draws_every_chart_and_the_pdf_still_renders(
    db: Database, tmp_path: Path
) -> None:
    fill_demo(db, "small", seed=3)
    figures = home_figures(db)
    r = build_return(db, Scope(figures.year.scope.start, figures.year.scope.end))
    keys = [c.key for c in return_charts(r)]
    assert keys == ["attendance", "hours", "ages", "deprivation", "outcomes"]
    assert all(ET.fromstring(to_svg(c)).tag == f"{SVG}svg" for c in return_charts(r))

    pdf = tmp_path / "return.pdf"
    write_grant_return_pdf(r, pdf)
    assert pdf.read_bytes().startswith(b"%PDF")
    if shutil.which("pdftoppm") is None:
        pytest.skip("pdftoppm (poppler-utils) is not installed")
    subprocess.run(["pdftoppm", "-png", "-r", "30", str(pdf), str(tmp_path / "page")], check=True)
    pages = sorted(tmp_path.glob("page-*.png"))
    assert len(pages) >= 6
    text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True).stdout
    assert "Outcomes: people with two or more scores" in text
    assert "Attendances by month" in text


def test_home_counts_this_month_inside_this_financial_year(db: Database) -> None:
    figures = home_figures(db, on=date(2026, 12, 7))
    assert (figures.month.scope.start, figures.month.scope.end) == (
        date(2026, 12, 1),
        date(2026, 12, 7),
    )
    assert figures.year.scope.start == date(2026, 4, 1)
    assert figures.grant is None and figures.headlines()[0].target is None


def test_home_takes_a_current_grants_targets_and_draws_progress_first(db: Database) -> None:
    from ncdesk.core.services.grants import GrantInput, save_grant

    save_grant(
        db,
        GrantInput(
            code="NC-1",
            funder="Neighbourhood Cares Fund",
            start=date(2026, 4, 1),
            end=date(2027, 3, 31),
            targets={"reach.unique_people": 100},
        ),
    )
    figures = home_figures(db, on=date(2026, 12, 7))
    assert figures.grant is not None and figures.grant.code == "NC-1"
    reached = next(h for h in figures.headlines() if h.metric_id == "reach.unique_people")
    assert reached.target == 100 and reached.progress == 0
    assert return_charts(figures.year)[0].key == "targets"
    assert home_figures(db, everything=True, on=date(2026, 12, 7)).grant is None
