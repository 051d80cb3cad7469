"""The charts of a grant return, drawn once with ReportLab: the printed PDF places the same
drawings on its pages that the Home and Reports screens show as SVG, so a chart on screen is
the chart the funder gets.

`Chart` is plain data (what to draw); `drawing()` and `to_svg()` draw it. ReportLab is imported
inside them, so importing this module costs nothing at start-up.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

from ncdesk.core.reports.grant_return import GrantReturn

if TYPE_CHECKING:
    from reportlab.graphics.shapes import Drawing

ACCENT = "#2f6f8f"
SECOND = "#d08c2d"  # the second series: distinct from ACCENT in hue and lightness
INK = "#1f2933"
# Sizes in points: the printed page's usable width (A4 less 15 mm margins) and a chart height.
WIDTH = 510.0
HEIGHT = 176.0
# Short names for the outcome measures, so a chart's axis stays readable.
SHORT_MEASURE = {
    "wellbeing_life_satisfaction": "Life satisfaction",
    "wellbeing_worthwhile": "Worthwhile",
    "wellbeing_happy": "Happiness",
    "wellbeing_anxious": "Anxiety",
    "loneliness_ucla3": "Loneliness (UCLA)",
    "loneliness_direct": "Lonely (ONS)",
}


@dataclass(frozen=True)
class Chart:
    """A bar chart as data: one bar per label in each series."""

    key: str
    title: str
    labels: tuple[str, ...]
    series: tuple[tuple[float, ...], ...]
    series_names: tuple[str, ...] = ()
    decimals: bool = False
    # Counts from 1 to N−1 get no bar and the label '<N' (as the tables print them).
    suppress_below: int = 0
    percent: bool = False  # values are shares of a target (1.0 = met), drawn across the page

    @property
    def empty(self) -> bool:
        return not any(v for values in self.series for v in values)


# --- the charts of a return -----------------------------------------------------------------


def attendance_chart(r: GrantReturn) -> Chart:
    return Chart(
        "attendance",
        "Attendances by month",
        tuple(m for m, _, _ in r.months),
        (tuple(float(a) for _, a, _ in r.months),),
    )


def hours_chart(r: GrantReturn) -> Chart:
    return Chart(
        "hours",
        "Timebank hours by month",
        tuple(m for m, _, _ in r.months),
        (tuple(h for _, _, h in r.months),),
        decimals=True,
    )


def age_chart(r: GrantReturn) -> Chart:
    ages = r.family("reach.age.")
    return Chart(
        "ages",
        "People reached by age band",
        tuple(a for a, _ in ages),
        (tuple(v for _, v in ages),),
        suppress_below=r.suppress_below,
    )


def deprivation_chart(r: GrantReturn) -> Chart:
    deciles = r.family("reach.imd_decile.")
    return Chart(
        "deprivation",
        "People reached by the deprivation of where they live (IMD decile, 1 = most deprived)",
        tuple(r.name(k) for k, _ in deciles),
        (tuple(v for _, v in deciles),),
        suppress_below=r.suppress_below,
    )


def outcomes_chart(r: GrantReturn) -> Chart:
    """People with a change to show on each measure, and how many of them are better."""
    rows = r.outcomes()
    return Chart(
        "outcomes",
        "Outcomes: people with two or more scores, and how many are better",
        tuple(SHORT_MEASURE.get(m.id, m.label) for m, *_ in rows),
        (tuple(p for _, p, _, _ in rows), tuple(i for _, _, i, _ in rows)),
        ("People with a change", "Better than at first"),
        suppress_below=r.suppress_below,
    )


def targets_chart(r: GrantReturn) -> Chart | None:
    """Each targeted headline figure as a share of its target; None when nothing has one."""
    lines = [line for line in r.summary() if line.progress is not None]
    if not lines:
        return None
    return Chart(
        "targets",
        "Progress against the grant's targets",
        tuple(line.label for line in lines),
        (tuple(line.progress or 0.0 for line in lines),),
        percent=True,
    )


def return_charts(r: GrantReturn) -> list[Chart]:
    """Every chart of the return, in the order the PDF prints them."""
    charts = [c for c in (targets_chart(r),) if c is not None]
    charts.append(attendance_chart(r))
    if r.scope.timebank:
        charts.append(hours_chart(r))
    charts += [age_chart(r), deprivation_chart(r), outcomes_chart(r)]
    return charts


# --- drawing --------------------------------------------------------------------------------


def height_for(chart: Chart) -> float:
    """A targets chart grows with its lines (one bar each); the others are one height."""
    if chart.percent:
        return max(60.0, 28.0 + 20.0 * len(chart.labels))
    return HEIGHT + (14.0 if chart.series_names else 0.0)


def drawing(chart: Chart, width: float = WIDTH, height: float | None = None) -> Drawing:
    """The chart as a ReportLab drawing (for a PDF story, or `to_svg`)."""
    from reportlab.graphics.shapes import Drawing, Rect
    from reportlab.lib import colors

    height = height_for(chart) if height is None else height
    d = Drawing(width, height)
    # Paper behind the chart, so it reads the same on a dark screen as on the page.
    d.add(Rect(0, 0, width, height, fillColor=colors.white, strokeColor=None))
    if chart.percent:
        _draw_progress(d, chart, width, height)
    else:
        _draw_bars(d, chart, width, height)
    return d


def to_svg(chart: Chart, width: float = WIDTH, height: float | None = None) -> bytes:
    """The chart as SVG, for the screen (Qt's SVG renderer draws it)."""
    from reportlab.graphics import renderSVG

    text = renderSVG.drawToString(drawing(chart, width, height))
    text = text if isinstance(text, str) else text.decode("utf-8")
    # Qt draws SVG Tiny, which has no clip paths: it would paint the clip rectangle black.
    # Nothing is drawn outside the drawing, so the clip can go.
    text = re.sub(r"<clipPath.*?</clipPath>", "", text, flags=re.DOTALL)
    text = text.replace(' style="clip-path: url(#clip)"', "")
    return text.encode("utf-8")


def _shown(value: float, chart: Chart) -> str:
    if chart.suppress_below > 1 and 0 < value < chart.suppress_below:
        return f"<{chart.suppress_below}"
    return f"{value:,.2f}" if chart.decimals else f"{value:,.0f}"


def _draw_bars(d: Drawing, chart: Chart, width: float, height: float) -> None:
    from reportlab.graphics.charts.barcharts import VerticalBarChart
    from reportlab.graphics.charts.legends import Legend
    from reportlab.lib import colors

    many = len(chart.labels) > 8
    legend_room = 14.0 if chart.series_names else 0.0
    bars = VerticalBarChart()
    bars.x, bars.y = 34.0, 34.0 if many else 22.0
    bars.width = width - bars.x - 8.0
    bars.height = height - bars.y - 16.0 - legend_room
    hidden = [
        [chart.suppress_below > 1 and 0 < v < chart.suppress_below for v in values]
        for values in chart.series
    ]
    bars.data = [
        [0 if h else v for v, h in zip(values, hide, strict=True)] or [0]
        for values, hide in zip(chart.series, hidden, strict=True)
    ]
    bars.categoryAxis.categoryNames = list(chart.labels) or [""]
    bars.categoryAxis.labels.fontSize = 8
    bars.categoryAxis.labels.angle = 30 if many else 0
    bars.categoryAxis.labels.boxAnchor = "ne" if many else "n"
    bars.valueAxis.valueMin = 0
    if chart.empty:
        bars.valueAxis.valueMax = 1  # an empty chart still gets an axis
    bars.valueAxis.labels.fontSize = 8
    bars.valueAxis.labelTextFormat = "%0.1f" if chart.decimals else "%d"
    if not chart.decimals:
        bars.valueAxis.valueStep = _whole_step(max((v for s in chart.series for v in s), default=0))
    # Every bar carries its value as the tables print it (hours to two places; suppressed
    # counts as '<N', with no bar, so a chart discloses no more than the tables).
    bars.barLabelFormat = "values"
    bars.barLabelArray = [[_shown(v, chart) for v in values] for values in chart.series]
    bars.barLabels.fontSize = 7
    bars.barLabels.nudge = 5
    for i, colour in enumerate((ACCENT, SECOND)[: len(chart.series)]):
        bars.bars[i].fillColor = colors.HexColor(colour)
        bars.bars[i].strokeColor = None
    d.add(bars)
    if chart.series_names:
        legend = Legend()
        legend.x, legend.y = bars.x, height - 4.0
        legend.alignment = "right"
        legend.columnMaximum = 1
        legend.fontSize = 8
        legend.boxAnchor = "nw"
        legend.dx = legend.dy = 8
        legend.deltax = 150
        legend.colorNamePairs = [
            (colors.HexColor(c), name)
            for c, name in zip((ACCENT, SECOND), chart.series_names, strict=False)
        ]
        d.add(legend)


def _whole_step(top: float) -> float:
    """A whole-number step for a count axis, so small counts are not labelled 0, 0, 1, 1."""
    for step in (1, 2, 5, 10, 20, 25, 50, 100, 200, 250, 500, 1000, 2000, 5000, 10000):
        if top / step <= 8:
            return step
    return max(1.0, round(top / 8, -3))


def _draw_progress(d: Drawing, chart: Chart, width: float, height: float) -> None:
    """One bar per target: the share reached, with 100% marked, so 'met' needs no colour."""
    from reportlab.graphics.shapes import Line, Rect, String
    from reportlab.lib import colors

    # Labels start at the left edge: a screen without Helvetica draws them a little wider,
    # and text anchored at its end would then run into the bars.
    label_w = min(200.0, width * 0.42)
    track_x, track_w = label_w + 8.0, width - label_w - 44.0
    top = max((v for v in chart.series[0]), default=1.0)
    scale = max(1.0, min(top, 2.0))  # bars beyond 200% are cut at the edge
    accent, ink = colors.HexColor(ACCENT), colors.HexColor(INK)
    for i, (label, value) in enumerate(zip(chart.labels, chart.series[0], strict=True)):
        y = height - 18.0 - 20.0 * i
        d.add(String(2, y + 3, _clip(label, 40), fontSize=8, fillColor=ink))
        d.add(Rect(track_x, y, track_w, 12, fillColor=colors.HexColor("#e4e7eb"), strokeColor=None))
        reached = track_w * min(value, scale) / scale
        d.add(Rect(track_x, y, reached, 12, fillColor=accent, strokeColor=None))
        d.add(String(track_x + track_w + 4, y + 3, f"{value:.0%}", fontSize=8, fillColor=ink))
    target_x = track_x + track_w / scale
    d.add(Line(target_x, 4, target_x, height - 4, strokeColor=ink, strokeWidth=1))
    d.add(String(target_x, 1.5, "target", fontSize=6, textAnchor="middle", fillColor=ink))


def _clip(text: str, length: int) -> str:
    return text if len(text) <= length else text[: length - 1] + "\N{HORIZONTAL ELLIPSIS}"


__all__ = [
    "Chart",
    "age_chart",
    "attendance_chart",
    "deprivation_chart",
    "drawing",
    "hours_chart",
    "outcomes_chart",
    "return_charts",
    "targets_chart",
    "to_svg",
]
