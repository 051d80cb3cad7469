"""The timebank's table models pass Qt's own model checks while they are used."""

from __future__ import annotations

from PySide6.QtCore import Qt
from pytestqt.modeltest import ModelTester
from pytestqt.qtbot import QtBot

from ncdesk.core.db import Database
from ncdesk.core.services.ledger import exchange_ids, exchange_rows, void_exchange
from ncdesk.ui.common.desk_context import DeskContext
from ncdesk.ui.common.tasks import TaskRunner
from ncdesk.ui.timebank.batch_model import COL_GIVER, COL_HOURS, COL_RECEIVER, BatchModel
from ncdesk.ui.timebank.member_directory import MemberDirectory
from ncdesk.ui.timebank.tables import EX_DATE, EX_STATUS, ExchangeModel


def test_the_ledger_model_pages_sorts_and_marks_voids(
    qtmodeltester: ModelTester, demo_db: Database
) -> None:
    ids = exchange_ids(demo_db)
    void_exchange(demo_db, ids[5], "typed twice")
    ids = exchange_ids(demo_db)
    model = ExchangeModel(lambda page: exchange_rows(demo_db, page))
    model.set_ids(ids)
    qtmodeltester.check(model, force_py=True)
    while model.canFetchMore(model.index(-1, -1)):
        model.fetchMore(model.index(-1, -1))
    assert model.rowCount() == len(ids)

    statuses = [model.index(r, EX_STATUS).data() for r in range(model.rowCount())]
    assert "Voided: typed twice" in statuses
    row = statuses.index("Voided: typed twice")
    assert model.index(row, EX_DATE).data(Qt.ItemDataRole.FontRole).strikeOut()
    assert model.index(row, EX_STATUS).data(Qt.ItemDataRole.FontRole) is None  # the reason reads
    model.sort(EX_DATE, Qt.SortOrder.AscendingOrder)
    dates = [model.record_at(r).date for r in range(model.rowCount())]  # type: ignore[union-attr]
    assert dates == sorted(dates)


def test_the_batch_model_checks_rows_as_they_change(
    qtmodeltester: ModelTester, qtbot: QtBot, demo_db: Database, tasks: TaskRunner
) -> None:
    directory = MemberDirectory(DeskContext(demo_db, tasks))
    directory.refresh()
    qtbot.waitUntil(lambda: directory.is_loaded)
    ann, bob = [a for a in directory.accounts if a.kind == "member" and a.status == "active"][:2]
    model = BatchModel(directory)
    qtmodeltester.check(model, force_py=True)

    model.setData(model.index(0, COL_GIVER), ann.ref)
    assert model.rowCount() == 2  # a fresh row to type the next slip into
    model.setData(model.index(0, COL_RECEIVER), bob.ref)
    model.setData(model.index(0, COL_HOURS), "2")
    assert "To fill in: date" in model.check_text(0)
    model.remove_row(0)
    assert model.rowCount() == 1 and model.filled_rows() == []
    model.clear()
    assert model.rowCount() == 1
