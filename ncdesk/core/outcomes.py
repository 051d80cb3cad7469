"""The outcome measures ncdesk records (DESIGN §5): the ONS4 personal wellbeing questions, the
three-item UCLA loneliness scale and the ONS direct loneliness question, with their scales,
which way is better, and the words asked. Plain data: the form, the import, the figures and
the printed return all read it, and each score keeps the wording it was given under.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Measure:
    id: str
    label: str
    low: int
    high: int
    higher_is_better: bool
    question: str
    scale_note: str
    group: str  # how the form groups them: "wellbeing" or "loneliness"

    def better(self, later: int, earlier: int) -> bool:
        return later > earlier if self.higher_is_better else later < earlier


_ONS_SCALE = "0 = not at all, 10 = completely"

MEASURES: tuple[Measure, ...] = (
    Measure(
        "wellbeing_life_satisfaction",
        "Life satisfaction",
        0,
        10,
        True,
        "Overall, how satisfied are you with your life nowadays?",
        _ONS_SCALE,
        "wellbeing",
    ),
    Measure(
        "wellbeing_worthwhile",
        "Things done in life are worthwhile",
        0,
        10,
        True,
        "Overall, to what extent do you feel that the things you do in your life are worthwhile?",
        _ONS_SCALE,
        "wellbeing",
    ),
    Measure(
        "wellbeing_happy",
        "Happiness yesterday",
        0,
        10,
        True,
        "Overall, how happy did you feel yesterday?",
        _ONS_SCALE,
        "wellbeing",
    ),
    Measure(
        "wellbeing_anxious",
        "Anxiety yesterday",
        0,
        10,
        False,
        "Overall, how anxious did you feel yesterday?",
        "0 = not at all anxious, 10 = completely anxious (lower is better)",
        "wellbeing",
    ),
    Measure(
        "loneliness_ucla3",
        "Loneliness (UCLA, three questions)",
        3,
        9,
        False,
        "How often do you feel that you lack companionship? How often do you feel left out? "
        "How often do you feel isolated from others?",
        "each answered 1 = hardly ever, 2 = some of the time, 3 = often; the three added "
        "(3 to 9, lower is better)",
        "loneliness",
    ),
    Measure(
        "loneliness_direct",
        "How often lonely (ONS direct question)",
        1,
        5,
        True,
        "How often do you feel lonely?",
        "1 = often or always, 2 = some of the time, 3 = occasionally, 4 = hardly ever, "
        "5 = never (higher is better)",
        "loneliness",
    ),
)
BY_ID = {m.id: m for m in MEASURES}
# How often the demo asks its regulars again (the desk reminds after the months in Settings).
ASK_AGAIN_DAYS = 91


def measure(measure_id: str) -> Measure | None:
    return BY_ID.get(measure_id.strip().lower())


def scale_problem(m: Measure, score: int) -> str | None:
    """Why a score is not on the measure's scale, or None."""
    if not m.low <= score <= m.high:
        return f"must be a whole number from {m.low} to {m.high} for {m.id}"
    return None
