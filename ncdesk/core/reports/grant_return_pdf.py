"""The grant return as a PDF: cover, summary against targets, charts, breakdowns, methods."""

from __future__ import annotations

import io
from datetime import date
from pathlib import Path

from reportlab.graphics.shapes import Drawing, Rect, String
from reportlab.lib import colors
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import (
    Image,
    KeepTogether,
    PageBreak,
    Paragraph,
    Spacer,
    Table,
    TableStyle,
)

from ncdesk.core.reports.charts import ACCENT as CHART_ACCENT
from ncdesk.core.reports.charts import (
    Chart,
    age_chart,
    attendance_chart,
    deprivation_chart,
    drawing,
    hours_chart,
    outcomes_chart,
    targets_chart,
)
from ncdesk.core.reports.grant_return import GrantReturn, suppressed
from ncdesk.core.reports.pdf_style import (
    BODY,
    INK,
    MARGIN,
    PAGE,
    RULE,
    SHADE,
    SMALL,
    TITLE,
    build_pdf,
    esc,
)

ACCENT = colors.HexColor(CHART_ACCENT)
COVER = ParagraphStyle("ncCover", parent=TITLE, fontSize=28, leading=34, spaceAfter=10)
H2 = ParagraphStyle("ncH2", parent=TITLE, fontSize=14, leading=18, spaceBefore=6, spaceAfter=4)
USABLE = PAGE[0] - 2 * MARGIN


def _cover(r: GrantReturn) -> list[object]:
    story: list[object] = [Spacer(1, 30 * mm)]
    if r.logo is not None:
        logo = Image(io.BytesIO(r.logo))
        scale = min(50 * mm / logo.imageWidth, 30 * mm / logo.imageHeight)
        logo.drawWidth, logo.drawHeight = logo.imageWidth * scale, logo.imageHeight * scale
        logo.hAlign = "LEFT"
        story += [logo, Spacer(1, 8 * mm)]
    story += [
        Paragraph(esc(r.organisation), COVER),
        Paragraph("Grant return", H2),
        Spacer(1, 6 * mm),
    ]
    rows = [["Period", r.period_text]]
    if r.scope.grant:
        g = r.scope.grant
        rows += [
            ["Funder", g.funder],
            ["Grant", f"{g.code}" + (f" — {g.name}" if g.name else "")],
            ["Grant period", f"{g.start:%d/%m/%Y} to {g.end:%d/%m/%Y}"],
        ]
        if g.amount_pence:
            rows.append(["Amount", f"£{g.amount_pence / 100:,.2f}"])
        rows.append(["Counts", "; ".join(_coverage(r))])
    else:
        rows.append(["Counts", "every activity, the timebank and the loan scheme"])
    rows.append(["Produced", f"{date.today():%d/%m/%Y} with ncdesk"])
    if r.suppress_below > 1:
        rows.append(
            [
                "Small numbers",
                f"counts from 1 to {r.suppress_below - 1} are shown as <{r.suppress_below}",
            ]
        )
    table = Table(
        [[a, Paragraph(esc(b), BODY)] for a, b in rows],
        colWidths=[40 * mm, USABLE - 40 * mm],
        hAlign="LEFT",
    )
    table.setStyle(
        TableStyle(
            [
                ("FONT", (0, 0), (0, -1), "Helvetica-Bold", 10),
                ("TEXTCOLOR", (0, 0), (-1, -1), INK),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("LINEBELOW", (0, 0), (-1, -1), 0.3, RULE),
            ]
        )
    )
    story += [
        table,
        Spacer(1, 10 * mm),
        Paragraph(
            "Every figure is counted from the records as they stand, as the methods note at the "
            "end explains. People are counted once however many times they came.",
            BODY,
        ),
        PageBreak(),
    ]
    return story


def _coverage(r: GrantReturn) -> list[str]:
    g = r.scope.grant
    assert g is not None
    parts = [
        ("drop-ins: " + ", ".join(g.activity_names))
        if g.activity_names
        else "no drop-in activities"
    ]
    parts.append("the timebank" if g.covers_timebank else "not the timebank")
    parts.append("the loan scheme" if g.covers_loans else "not the loan scheme")
    return parts


def _progress_bar(fraction: float | None) -> Drawing | str:
    if fraction is None:
        return ""
    width, height = 30 * mm, 3.5 * mm
    d = Drawing(width + 14 * mm, height)
    d.add(Rect(0, 0, width, height, fillColor=SHADE, strokeColor=None))
    d.add(Rect(0, 0, width * min(fraction, 1.0), height, fillColor=ACCENT, strokeColor=None))
    d.add(
        String(
            width + 2 * mm, 0.5, f"{fraction:.0%}", fontName="Helvetica", fontSize=8, fillColor=INK
        )
    )
    return d


def _summary(r: GrantReturn) -> list[object]:
    rows: list[list[object]] = [["Figure", "Value", "Target", "Progress"]]
    for line in r.summary():
        target = "" if line.target is None else r.target_text(line)
        rows.append(
            [
                Paragraph(esc(line.label), BODY),
                r.shown(line.metric_id),
                target,
                _progress_bar(line.progress),
            ]
        )
    table = Table(rows, colWidths=[USABLE - 95 * mm, 25 * mm, 25 * mm, 45 * mm], repeatRows=1)
    table.setStyle(
        TableStyle(
            [
                ("FONT", (0, 0), (-1, 0), "Helvetica-Bold", 9),
                ("FONT", (1, 1), (2, -1), "Helvetica", 10),
                ("BACKGROUND", (0, 0), (-1, 0), SHADE),
                ("ALIGN", (1, 0), (2, -1), "RIGHT"),
                ("LINEBELOW", (0, 0), (-1, -1), 0.3, RULE),
                ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
            ]
        )
    )
    story: list[object] = [Paragraph("Summary", H2), table]
    if (targets := targets_chart(r)) is not None:
        story += [Spacer(1, 4 * mm), _chart(targets)]
    return story


def _chart(chart: Chart) -> KeepTogether:
    """A chart of the return, drawn by the same code the screens show as SVG."""
    return KeepTogether([Paragraph(esc(chart.title), H2), drawing(chart, USABLE)])


def _breakdown(title: str, rows: list[tuple[str, str]]) -> KeepTogether:
    table = Table(
        [["", "People"] if "People" in title else ["", "Count"]]
        + [[Paragraph(esc(a), BODY), b] for a, b in rows],
        colWidths=[90 * mm, 30 * mm],
        hAlign="LEFT",
    )
    table.setStyle(
        TableStyle(
            [
                ("FONT", (0, 0), (-1, 0), "Helvetica-Bold", 9),
                ("BACKGROUND", (0, 0), (-1, 0), SHADE),
                ("ALIGN", (1, 0), (1, -1), "RIGHT"),
                ("LINEBELOW", (0, 0), (-1, -1), 0.3, RULE),
            ]
        )
    )
    return KeepTogether([Paragraph(title, H2), table, Spacer(1, 3 * mm)])


def _where_people_live(r: GrantReturn) -> list[object]:
    """Deprivation of where the people reached live, by decile, with the wards and who
    referred them in."""
    story: list[object] = [
        _chart(deprivation_chart(r)),
        Paragraph(
            f"From the 20% most deprived areas (deciles 1 and 2): "
            f"<b>{r.shown('reach.most_deprived_20pc')}</b> of "
            f"{r.shown('reach.unique_people')} people reached.",
            BODY,
        ),
        Spacer(1, 3 * mm),
        _breakdown(
            "People reached by ward",
            [(ward, suppressed(n, r.suppress_below)) for ward, n in r.wards] or [("None", "0")],
        ),
        _breakdown(
            "People reached by who referred them",
            [
                (r.name(k), r.shown(f"reach.referred_by.{k}"))
                for k, _ in r.family("reach.referred_by.")
            ]
            or [("None", "0")],
        ),
    ]
    return story


def _outcomes(r: GrantReturn) -> list[object]:
    """Each measure's change: how many people have one to show, how many are better than at
    first, and the average change, with the question asked."""
    rows: list[list[object]] = [["Measure", "People", "Better", "Average change"]]
    for m, people, improved, change in r.outcomes():
        better = "higher" if m.higher_is_better else "lower"
        rows.append(
            [
                Paragraph(
                    f"<b>{esc(m.label)}</b><br/><font size=7>{esc(m.question)} "
                    f"({esc(_scale_and_direction(m.scale_note, better))})</font>",
                    BODY,
                ),
                suppressed(int(people), r.suppress_below),
                suppressed(int(improved), r.suppress_below),
                f"{change:+.2f}" if people else "–",
            ]
        )
    table = Table(rows, colWidths=[USABLE - 75 * mm, 20 * mm, 20 * mm, 35 * mm], repeatRows=1)
    table.setStyle(
        TableStyle(
            [
                ("FONT", (0, 0), (-1, 0), "Helvetica-Bold", 9),
                ("BACKGROUND", (0, 0), (-1, 0), SHADE),
                ("ALIGN", (1, 0), (-1, -1), "RIGHT"),
                ("LINEBELOW", (0, 0), (-1, -1), 0.3, RULE),
                ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
            ]
        )
    )
    return [
        Paragraph("Outcomes: the difference made", H2),
        Paragraph(
            "For each measure: people reached with two or more scores, the latest in the "
            "period; how many of them are better than their first score; and the average "
            "change from their first score to their latest.",
            BODY,
        ),
        Spacer(1, 3 * mm),
        table,
        Spacer(1, 6 * mm),
        _chart(outcomes_chart(r)),
    ]


def _scale_and_direction(note: str, better: str) -> str:
    """The scale, saying which way is better once (some scale notes say it already, in
    brackets, which would nest inside the brackets printed around the note)."""
    note = note.replace(f" ({better} is better)", "")
    return note if f"{better} is better" in note else f"{note}; {better} is better"


def write_grant_return_pdf(r: GrantReturn, path: Path) -> None:
    story = _cover(r) + _summary(r) + [PageBreak()]
    story += [_chart(attendance_chart(r)), _chart(age_chart(r))]
    if r.scope.timebank:
        story.append(_chart(hours_chart(r)))
    ages = r.family("reach.age.")
    story.append(PageBreak())
    referrals = r.family("referrals.by_type.")
    story.append(
        _breakdown(
            "Signposting and referrals by type",
            [(r.name(k), r.shown(f"referrals.by_type.{k}")) for k, _ in referrals]
            or [("None", "0")],
        )
    )
    story.append(
        _breakdown("People reached by age band", [(k, r.shown(f"reach.age.{k}")) for k, _ in ages])
    )
    story.append(
        _breakdown(
            "People reached by gender",
            [(r.name(k), r.shown(f"reach.gender.{k}")) for k, _ in r.family("reach.gender.")],
        )
    )
    story.append(
        _breakdown(
            "People reached by disability",
            [
                (k.capitalize(), r.shown(f"reach.disability.{k}"))
                for k, _ in r.family("reach.disability.")
            ],
        )
    )
    story += [PageBreak()] + _where_people_live(r) + [PageBreak()] + _outcomes(r)
    story += [
        PageBreak(),
        Paragraph("Methods: how each figure was counted", H2),
        Paragraph(
            f"Period {r.period_text}, both days included. Ages are on {r.scope.end:%d/%m/%Y}.", BODY
        ),
        Spacer(1, 3 * mm),
    ]
    for metric_id, label, method in r.methods():
        story.append(
            Paragraph(
                f"<b>{esc(label)}</b> <font color='#7b8794'>({metric_id})</font>: {esc(method)}",
                SMALL,
            )
        )
        story.append(Spacer(1, 1.5 * mm))
    code = f" {r.scope.grant.code}" if r.scope.grant else ""
    build_pdf(
        path,
        story,
        title=f"Grant return {r.title} {r.period_text}",
        author=r.organisation,
        footer_text=f"{r.organisation} — grant return{code}, {r.period_text}",
    )
