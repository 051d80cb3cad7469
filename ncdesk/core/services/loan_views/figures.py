"""Fleet figures added up per category, for the Figures tab."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from ncdesk.core.services.fleet import FleetFigures


@dataclass(frozen=True)
class CategoryFigures:
    category: str
    items: int
    idle_items: int
    days_in_fleet: int
    days_on_loan: int
    loans: int
    service_cost_pence: int

    @property
    def utilisation(self) -> float:
        return self.days_on_loan / self.days_in_fleet if self.days_in_fleet else 0.0


def category_figures(figures: Sequence[FleetFigures]) -> list[CategoryFigures]:
    """Item figures added up by category (items out of the fleet all period are left out)."""
    totals: dict[str, list[int]] = {}
    for f in figures:
        if f.days_in_fleet == 0:
            continue
        row = totals.setdefault(f.category, [0, 0, 0, 0, 0, 0])
        row[0] += 1
        row[1] += f.days_on_loan == 0
        row[2] += f.days_in_fleet
        row[3] += f.days_on_loan
        row[4] += f.loans
        row[5] += f.service_cost_pence
    return [CategoryFigures(name, *values) for name, values in sorted(totals.items())]
