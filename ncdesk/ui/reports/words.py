"""The Reports area's words in one place: names of the figures in plain English, periods,
money, targets and progress as the screen shows them."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QCoreApplication

from ncdesk.core.figures import figure, is_decimal, label, member_value


def tr(text: str, disambiguation: str | None = None, n: int = -1) -> str:
    return QCoreApplication.translate("Reports", text, disambiguation, n)


def figure_label(metric_id: str, names: dict[str, str] | None = None) -> str:
    """What a figure is called on screen: 'People reached aged 65 or over', 'Referrals to GP'.

    `names` maps a value inside an id to how it was recorded ('gp' → 'GP')."""
    entry, value, names = figure(metric_id), member_value(metric_id), names or {}
    if entry and value in names and value not in entry.member_labels:
        shown = names[value].lower() if entry.id == "reach.gender." else names[value]
        return tr(entry.label.replace("{}", "{value}")).format(value=shown)
    return tr(label(metric_id))


def number_text(metric_id: str, value: float) -> str:
    """An exact figure: hours with 2 decimals, counts as whole numbers with thousands commas."""
    if is_decimal(metric_id):
        return f"{value:,.2f}"
    return f"{int(value):,}"


def target_text(metric_id: str, target: float | None) -> str:
    if target is None:
        return ""
    if is_decimal(metric_id) or target != int(target):
        return f"{target:,.2f}"
    return f"{int(target):,}"


def progress_text(progress: float | None) -> str:
    """'62%' of the target, or 'Met (104%)' once reached; words, not only a colour."""
    if progress is None:
        return ""
    percent = f"{progress * 100:.0f}%"
    return tr("Met ({percent})").format(percent=percent) if progress >= 1 else percent


def money_text(pence: int) -> str:
    return f"£{pence / 100:,.2f}"


def period_text(start: date, end: date) -> str:
    return tr("{start} to {end}").format(start=f"{start:%d/%m/%Y}", end=f"{end:%d/%m/%Y}")


def count_text(count: int, one: str, many: str) -> str:
    """'1 person' / '1,204 people' without a translation file for English plurals."""
    return tr(one) if count == 1 else tr(many).format(count=f"{count:,}")


# What one row of a drill-down is, in the plural, for counts above the list.
ROW_KINDS = {
    "person": ("1 person", "{count} people"),
    "session": ("1 session", "{count} sessions"),
    "check-in": ("1 check-in", "{count} check-ins"),
    "referral": ("1 referral", "{count} referrals"),
    "volunteer": ("1 volunteer", "{count} volunteers"),
    "volunteer shift": ("1 volunteer shift", "{count} volunteer shifts"),
    "exchange": ("1 exchange", "{count} exchanges"),
    "member": ("1 member", "{count} members"),
    "borrower": ("1 borrower", "{count} borrowers"),
    "loan": ("1 loan", "{count} loans"),
    "item": ("1 item", "{count} items"),
}


def rows_text(row_kind: str, count: int) -> str:
    one, many = ROW_KINDS.get(row_kind, ("1 record", "{count} records"))
    return count_text(count, one, many)
