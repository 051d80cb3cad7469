"""Read-only views of the loan scheme for the Loans screens: the items list with each item's
safety state, one item in full, the loans list a page at a time, reservations, checks falling
due, and figures per category. One module per view; every public name is here too, so callers
write `from ncdesk.core.services import loan_views as V` and `V.item_list(...)`.

Every function here only reads. The rules themselves (what blocks a loan, how a status is
derived) live in `equipment`, `lending` and `fleet`; these views follow them, and the tests
check that they agree.
"""

from __future__ import annotations

from ncdesk.core.services.loan_views.checks_due import DueCheckRow, due_checks
from ncdesk.core.services.loan_views.figures import CategoryFigures, category_figures
from ncdesk.core.services.loan_views.item_detail import (
    HISTORY_LENGTH,
    CheckRecord,
    ItemDetail,
    item_detail,
)
from ncdesk.core.services.loan_views.items_list import ItemListRow, item_list
from ncdesk.core.services.loan_views.loans_list import (
    LOAN_ALL,
    LOAN_ORDERS,
    LOAN_OUT,
    LOAN_OVERDUE,
    LOAN_RETURNED,
    LOAN_SHOWS,
    LoanRow,
    loan_ids,
    loan_row,
    loan_rows,
)
from ncdesk.core.services.loan_views.reservations import (
    ReservationRow,
    reservation_row,
    reservation_rows,
)
from ncdesk.core.services.loan_views.safety import (
    DUE_SOON_DAYS,
    SAFETY_DUE_SOON,
    SAFETY_FAILED,
    SAFETY_NEVER,
    SAFETY_NONE,
    SAFETY_OK,
    SAFETY_OVERDUE,
    SafetySummary,
    check_states_for,
    summarise_checks,
)
from ncdesk.core.services.loan_views.service_partners import service_partners

__all__ = [
    "DUE_SOON_DAYS",
    "HISTORY_LENGTH",
    "LOAN_ALL",
    "LOAN_ORDERS",
    "LOAN_OUT",
    "LOAN_OVERDUE",
    "LOAN_RETURNED",
    "LOAN_SHOWS",
    "SAFETY_DUE_SOON",
    "SAFETY_FAILED",
    "SAFETY_NEVER",
    "SAFETY_NONE",
    "SAFETY_OK",
    "SAFETY_OVERDUE",
    "CategoryFigures",
    "CheckRecord",
    "DueCheckRow",
    "ItemDetail",
    "ItemListRow",
    "LoanRow",
    "ReservationRow",
    "SafetySummary",
    "category_figures",
    "check_states_for",
    "due_checks",
    "item_detail",
    "item_list",
    "loan_ids",
    "loan_row",
    "loan_rows",
    "reservation_row",
    "reservation_rows",
    "service_partners",
    "summarise_checks",
]
