"""What the signed-in user's role lets a screen show (DESIGN §9).

A screen never has rules of its own: it asks the guard on the service an action calls
(`allowed(db, set_archived)` reads that service's `@needs` line) and hides what would only be
refused. Lists written to a spreadsheet go through no guarded service, so the one rule the
core states in words, "a volunteer makes no exports", is asked here as `may_export`.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtWidgets import QTabWidget, QWidget

from ncdesk.core.db import Database
from ncdesk.core.security.roles import COORDINATOR, VOLUNTEER, may, needed_role

# DESIGN §9: exports, reports and imports are for coordinators and admins.
EXPORTS = COORDINATOR


def allowed(db: Database, service: Callable[..., Any]) -> bool:
    """May whoever has `db` open use `service`? (Its own guard says which role it needs.)"""
    return may(db, needed_role(service) or VOLUNTEER)


def may_export(db: Database) -> bool:
    return may(db, EXPORTS)


def hide_unless(permitted: bool, *widgets: QWidget) -> None:
    """Hide (and disable, so no shortcut reaches them) widgets for an action the role may not
    take. Call once, when the screen is built; nothing shows them again."""
    if permitted:
        return
    for widget in widgets:
        widget.setEnabled(False)
        widget.hide()


def drop_tab_unless(permitted: bool, tabs: QTabWidget, page: QWidget) -> None:
    """Take a whole tab away (its underlined letter and Alt+number with it) when the role
    may not use what it shows."""
    if permitted:
        return
    index = tabs.indexOf(page)
    if index >= 0:
        tabs.removeTab(index)
    page.setEnabled(False)
    page.hide()
