"""What the signed-in user's role lets a screen show (DESIGN §9).

A screen never has rules of its own: it asks the guard on the service an action calls
(`allowed(db, set_archived)` reads that service's `@needs` line) and hides what would only be
refused. Lists written to a spreadsheet go through no guarded service, so the one rule the
core states in words, "a volunteer makes no exports", is asked here as `may_export`.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from typing import Any

from PySide6.QtWidgets import QTabWidget, QWidget

from ncdesk.core.db import Database
from ncdesk.core.security.roles import ADMIN, COORDINATOR, VOLUNTEER, may, needed_role

# DESIGN §9: exports, reports and imports are for coordinators and admins.
EXPORTS = COORDINATOR


def allowed(db: Database, service: Callable[..., Any]) -> bool:
    """May whoever has `db` open use `service`? (Its own guard says which role it needs.)"""
    return may(db, needed_role(service) or VOLUNTEER)


def allowed_by_name(db: Database, service: str) -> bool:
    """`allowed` for a service named "module:function", whose module is imported only when
    the answer depends on it: whoever may do everything (an admin, or anyone on a database
    without accounts) passes every guard, so the window opens without loading it."""
    if may(db, ADMIN):
        return True
    module, _, name = service.partition(":")
    return allowed(db, getattr(importlib.import_module(module), name))


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
