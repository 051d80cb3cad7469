"""Screenshots of the Timebank screens for the docs, from the small demo.

    QT_QPA_PLATFORM=offscreen .venv/bin/python -m tests.ui.timebank.make_screenshots [OUT_DIR]

Writes timebank-ledger.png, timebank-batch.png and timebank-matching.png to docs/screenshots
(or OUT_DIR), plus the other tabs and dialogs with an `extra-` prefix when OUT_DIR is given.
"""

from __future__ import annotations

import os
import sys
import tempfile
from collections.abc import Callable
from datetime import timedelta
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from PySide6.QtCore import QEventLoop, QTimer
from PySide6.QtWidgets import QApplication, QWidget

from ncdesk.core.db import open_database
from ncdesk.core.demo import fill_demo
from ncdesk.core.parsing import format_date, today
from ncdesk.core.services.ledger import exchange_ids, exchange_rows, void_exchange
from ncdesk.core.services.skills import find_helpers, listings, record_match
from ncdesk.ui.common.desk_context import DeskContext
from ncdesk.ui.common.tasks import TaskRunner
from ncdesk.ui.main_window import MainWindow
from ncdesk.ui.timebank.batch_model import (
    COL_CATEGORY,
    COL_DATE,
    COL_GIVER,
    COL_HOURS,
    COL_RECEIVER,
    COL_WHAT,
)
from ncdesk.ui.timebank.timebank_screen import TimebankScreen

DOCS = Path(__file__).resolve().parents[3] / "docs" / "screenshots"


def settle(tasks: TaskRunner, ms: int = 250) -> None:
    """Let queued work and painting finish (a script, not a widget: no nested-loop worries)."""
    for _ in range(40):
        loop = QEventLoop()
        QTimer.singleShot(ms // 5, loop.quit)
        loop.exec()
        if not tasks.busy():
            break
    loop = QEventLoop()
    QTimer.singleShot(ms, loop.quit)
    loop.exec()


def main(out: Path, extras: bool) -> None:
    app = QApplication.instance() or QApplication(sys.argv[:1])
    folder = Path(tempfile.mkdtemp(prefix="ncdesk-shots-"))
    db = open_database(folder / "demo.db")
    fill_demo(db, "small", seed=1)
    ids = exchange_ids(db)
    void_exchange(db, ids[2], "entered twice")
    tasks = TaskRunner()
    window = MainWindow(DeskContext(db, tasks))
    window.resize(1200, 750)
    window.show()
    settle(tasks)
    screen = window.area(TimebankScreen)
    assert screen is not None
    window.show_screen(screen)
    settle(tasks)
    out.mkdir(parents=True, exist_ok=True)

    def shot(name: str, widget: QWidget | None = None) -> None:
        settle(tasks)
        (widget or window).grab().save(str(out / name))
        print(out / name)

    # The ledger with a voided entry and its reversal near the top.
    screen.ledger.select_exchange(ids[2])
    screen.ledger.say(f"Voided No. {ids[2]}; a reversing entry now cancels it.")
    shot("timebank-ledger.png")

    # Batch entry part-way through a stack of slips, one with a mistake.
    screen.show_tab(screen.batch)
    members = [a for a in screen.directory.accounts if a.kind == "member" and a.status == "active"]
    day = format_date(today() - timedelta(days=2))
    slips = [
        (day, members[0].ref, members[1].name.split()[-1], "1:30", "garden", "weeding"),
        ("", members[2].ref, members[3].ref, "90m", "lifts", "lift to the GP"),
        ("", members[4].ref, members[4].ref, "an hour", "", "tea and a chat"),
        ("", members[5].ref, members[6].ref, "2", "computer", "set up video calls"),
    ]
    model = screen.batch.model
    for number, slip in enumerate(slips):
        columns = (COL_DATE, COL_GIVER, COL_RECEIVER, COL_HOURS, COL_CATEGORY, COL_WHAT)
        for column, text in zip(columns, slip, strict=True):
            if text:
                model.setData(model.index(number, column), text)
    screen.batch.grid.go_to(2, COL_HOURS)  # the slip with mistakes, its reasons below
    shot("timebank-batch.png")

    # Matching: a request with a helper close by, one match already made.
    requests = listings(db, kind="request")
    request = next(r for r in requests if any(c.same_district for c in find_helpers(db, r.id)))
    helpers = find_helpers(db, request.id)
    record_match(db, request.id, helpers[1].account_id, "rang, busy this week")
    screen.show_tab(screen.matching)
    screen.matching.reload()
    settle(tasks)
    screen.matching.select_request(request.id)
    shot("timebank-matching.png")

    if extras:
        screen.show_tab(screen.members)
        shot("extra-members.png")
        screen.show_tab(screen.inactive)
        screen.inactive.months.setValue(1)
        shot("extra-inactive.png")
        screen.show_tab(screen.ledger)
        settle(tasks)
        dialogs: list[tuple[str, Callable[[], QWidget | None]]] = [
            ("extra-record.png", screen.ledger.record_hours),
            ("extra-donate.png", lambda: screen.ledger.open_chest("donate")),
            ("extra-void.png", screen.ledger.void_selected),
            ("extra-join.png", screen.members.join),
            ("extra-organisation.png", screen.members.add_organisation),
            ("extra-categories.png", screen.members.edit_categories),
            ("extra-offer.png", lambda: screen.members.panel.add_listing("offer")),
        ]
        screen.ledger.select_exchange(exchange_rows(db, exchange_ids(db)[:1])[0].id)
        for name, open_dialog in dialogs:
            dialog = open_dialog()
            if dialog is None:
                continue
            shot(name, dialog)
            dialog.close()
        record = screen.ledger.record_hours()
        record.mode.setCurrentIndex(1)
        record.giver.one.setText(members[0].ref)
        record.hours.setText("lots")
        record.save()
        shot("extra-record-group-problems.png", record)
        record.close()
    window.close()
    tasks.wait_for_done()
    db.close()
    del app


if __name__ == "__main__":
    given = Path(sys.argv[1]) if len(sys.argv) > 1 else None
    main(given or DOCS, extras=given is not None)
