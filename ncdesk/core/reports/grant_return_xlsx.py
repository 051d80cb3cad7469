"""The grant return as an Excel workbook: a Summary sheet the funder can paste from, breakdown
sheets with native charts, and the methods. Text from users can never become a formula."""

from __future__ import annotations

from pathlib import Path

from openpyxl import Workbook
from openpyxl.chart import BarChart, Reference
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.worksheet.worksheet import Worksheet

from ncdesk.core.figures import is_decimal
from ncdesk.core.files import output_file
from ncdesk.core.io.xlsx_export import safe_text
from ncdesk.core.reports.grant_return import GrantReturn, suppressed

HEADER_FILL = PatternFill("solid", fgColor="E4E7EB")
BOLD = Font(bold=True)


def _cell_value(r: GrantReturn, metric_id: str, value: float) -> object:
    """A number where it may be shown; '<N' text where a small count is suppressed."""
    if is_decimal(metric_id):
        return float(value)
    text = suppressed(int(value), r.suppress_below)
    return text if text.startswith("<") else int(value)


def _header(sheet: Worksheet, row: int, titles: list[str], widths: list[int]) -> None:
    for col, (title, width) in enumerate(zip(titles, widths, strict=True), start=1):
        cell = sheet.cell(row=row, column=col, value=title)
        cell.font = BOLD
        cell.fill = HEADER_FILL
        sheet.column_dimensions[cell.column_letter].width = width
    sheet.freeze_panes = f"A{row + 1}"  # a coordinate: touching a cell would add a blank row


def _summary(book: Workbook, r: GrantReturn) -> None:
    sheet = book.active
    sheet.title = "Summary"
    sheet["A1"] = safe_text(r.organisation)
    sheet["A1"].font = Font(bold=True, size=14)
    sheet["A2"] = safe_text(f"Grant return: {r.title}")
    sheet["A3"] = f"Period: {r.period_text}"
    if r.suppress_below > 1:
        sheet["A4"] = f"Counts from 1 to {r.suppress_below - 1} are shown as <{r.suppress_below}."
    _header(sheet, 6, ["Metric id", "Figure", "Value", "Target", "Progress"], [32, 40, 12, 12, 11])
    for row, line in enumerate(r.summary(), start=7):
        sheet.cell(row=row, column=1, value=line.metric_id)
        sheet.cell(row=row, column=2, value=safe_text(line.label))
        value = sheet.cell(row=row, column=3, value=_cell_value(r, line.metric_id, line.value))
        value.number_format = "#,##0.00" if is_decimal(line.metric_id) else "#,##0"
        value.alignment = Alignment(horizontal="right")
        if line.target is not None:
            target = sheet.cell(
                row=row,
                column=4,
                value=line.target if is_decimal(line.metric_id) else int(line.target),
            )
            target.number_format = value.number_format
        if line.progress is not None:
            sheet.cell(row=row, column=5, value=round(line.progress, 4)).number_format = "0%"


def _table(
    book: Workbook,
    title: str,
    headers: list[str],
    rows: list[list[object]],
    widths: list[int],
    chart: str | None = None,
) -> Worksheet:
    sheet = book.create_sheet(title)
    _header(sheet, 1, headers, widths)
    for row in rows:
        sheet.append([safe_text(v) for v in row])
    if chart and rows:
        bars = BarChart()
        bars.type = "col"
        bars.title = chart
        bars.legend = None
        bars.height, bars.width = 7.5, 16
        data = Reference(sheet, min_col=2, min_row=1, max_row=len(rows) + 1)
        bars.add_data(data, titles_from_data=True)
        bars.set_categories(Reference(sheet, min_col=1, min_row=2, max_row=len(rows) + 1))
        sheet.add_chart(bars, f"{chr(ord('A') + len(headers) + 1)}2")
    return sheet


def _impact(book: Workbook, r: GrantReturn) -> None:
    """Where people live (deciles, wards, referral sources) and the outcomes."""
    rows: list[list[object]] = [
        [
            f"Decile {k}" if k.isdigit() else r.name(k),
            _cell_value(r, f"reach.imd_decile.{k}", v),
        ]
        for k, v in r.family("reach.imd_decile.")
    ]
    most = r.figures.get("reach.most_deprived_20pc", 0)
    rows.append(
        ["Deciles 1 and 2 (most deprived 20%)", _cell_value(r, "reach.most_deprived_20pc", most)]
    )
    rows += [["", ""], ["Ward", "People"]]
    rows += [[ward, _cell_value(r, "reach.unique_people", n)] for ward, n in r.wards]
    rows += [["", ""], ["Referred by", "People"]]
    rows += [
        [r.name(k), _cell_value(r, f"reach.referred_by.{k}", v)]
        for k, v in r.family("reach.referred_by.")
    ]
    _table(book, "Where people live", ["Deprivation (IMD decile)", "People"], rows, [40, 10])
    outcome_rows = [
        [
            m.label,
            m.question,
            f"{m.low}-{m.high}, " + ("higher" if m.higher_is_better else "lower") + " is better",
            _cell_value(r, f"outcomes.{m.id}.people", people),
            _cell_value(r, f"outcomes.{m.id}.improved", improved),
            float(change),
        ]
        for m, people, improved, change in r.outcomes()
    ]
    sheet = _table(
        book,
        "Outcomes",
        ["Measure", "Question asked", "Scale", "People", "Better", "Average change"],
        outcome_rows,
        [30, 60, 22, 10, 10, 15],
    )
    for row in sheet.iter_rows(min_row=2, min_col=6, max_col=6):
        row[0].number_format = "+0.00;-0.00;0.00"
    for row in sheet.iter_rows(min_row=2, min_col=2, max_col=2):
        row[0].alignment = Alignment(wrap_text=True, vertical="top")


def write_grant_return_xlsx(r: GrantReturn, path: Path) -> None:
    book = Workbook()
    _summary(book, r)
    monthly = _table(
        book,
        "By month",
        ["Month", "Attendances", "Timebank hours"],
        [[m, a, h] for m, a, h in r.months],
        [12, 14, 16],
        chart="Attendances by month",
    )
    for row in monthly.iter_rows(min_row=2, min_col=3, max_col=3):
        row[0].number_format = "#,##0.00"
    _table(
        book,
        "Age bands",
        ["Age band", "People"],
        [[band, _cell_value(r, f"reach.age.{band}", v)] for band, v in r.family("reach.age.")],
        [12, 10],
        chart="People reached by age band",
    )
    _table(
        book,
        "Referrals",
        ["Referral type", "Referrals"],
        [
            [r.name(k), _cell_value(r, f"referrals.by_type.{k}", v)]
            for k, v in r.family("referrals.by_type.")
        ],
        [30, 12],
    )
    rows = [
        ["Gender", r.name(k), _cell_value(r, f"reach.gender.{k}", v)]
        for k, v in r.family("reach.gender.")
    ]
    rows += [
        ["Disability", k.capitalize(), _cell_value(r, f"reach.disability.{k}", v)]
        for k, v in r.family("reach.disability.")
    ]
    _table(
        book, "Gender and disability", ["Breakdown", "Recorded as", "People"], rows, [14, 22, 10]
    )
    _impact(book, r)
    methods = _table(
        book,
        "Methods",
        ["Metric id", "Figure", "How it was counted"],
        [list(m) for m in r.methods()],
        [30, 34, 100],
    )
    for row in methods.iter_rows(min_row=2, min_col=3, max_col=3):
        row[0].alignment = Alignment(wrap_text=True, vertical="top")
    with output_file(path) as partial:
        book.save(partial)
