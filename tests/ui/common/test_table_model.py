"""The table-model base every list uses: lazy pages, sorting, and Qt's own model checks."""

from __future__ import annotations

from dataclasses import dataclass

import pytest
from PySide6.QtCore import QModelIndex, Qt
from pytestqt.modeltest import ModelTester

from ncdesk.ui.common.table_model import ID_ROLE, RIGHT, SORT_ROLE, Column, RecordTableModel


@dataclass(frozen=True)
class Item:
    id: int
    name: str
    size: int | None


ITEMS = {
    i: Item(i, f"item {i:03d}", None if i % 10 == 0 else (i * 37) % 101) for i in range(1, 451)
}


class Store:
    """Stands in for a service: counts how many rows each fetch asked for."""

    def __init__(self) -> None:
        self.asked: list[int] = []

    def fetch(self, ids: list[int]) -> list[Item]:
        self.asked.append(len(ids))
        return [ITEMS[i] for i in ids if i in ITEMS]


def make_model(store: Store, page_size: int = 200) -> RecordTableModel[Item]:
    columns = [
        Column("Name", lambda it: it.name, tooltip=lambda it: f"number {it.id}"),
        Column(
            "Size",
            lambda it: "" if it.size is None else str(it.size),
            sort_key=lambda it: it.size,
            alignment=RIGHT,
        ),
    ]
    return RecordTableModel(columns, store.fetch, lambda it: it.id, page_size=page_size)


def test_model_passes_qt_model_tester_while_paging_and_sorting(qtmodeltester: ModelTester) -> None:
    model = make_model(Store())
    model.set_ids(list(ITEMS))
    qtmodeltester.check(model)
    model.fetchMore(QModelIndex())
    model.sort(1, Qt.SortOrder.DescendingOrder)
    model.set_ids([3, 1, 2])
    model.sort(-1)


def test_only_the_first_page_is_fetched_until_the_view_asks_for_more() -> None:
    store = Store()
    model = make_model(store)
    model.set_ids(list(ITEMS))

    assert model.rowCount() == 200
    assert model.total() == 450
    assert store.asked == [200]
    assert model.canFetchMore(QModelIndex())

    model.fetchMore(QModelIndex())
    model.fetchMore(QModelIndex())
    assert model.rowCount() == 450
    assert not model.canFetchMore(QModelIndex())
    assert store.asked == [200, 200, 50]


def test_rows_already_at_hand_are_not_fetched_again() -> None:
    store = Store()
    model = make_model(store)
    model.set_ids([5, 6], rows=[ITEMS[5], ITEMS[6]])
    assert store.asked == []
    assert model.index(1, 0).data() == "item 006"


def test_cells_show_text_alignment_tooltip_and_record_id() -> None:
    model = make_model(Store())
    model.set_ids([7, 10])
    assert model.index(0, 0).data() == "item 007"
    assert model.index(0, 0).data(Qt.ItemDataRole.ToolTipRole) == "number 7"
    assert model.index(0, 1).data(Qt.ItemDataRole.TextAlignmentRole) == RIGHT
    assert model.index(1, 1).data() == ""  # size not known
    assert model.index(1, 0).data(ID_ROLE) == 10
    assert model.headerData(1, Qt.Orientation.Horizontal) == "Size"


@pytest.mark.parametrize("order", [Qt.SortOrder.AscendingOrder, Qt.SortOrder.DescendingOrder])
def test_sorting_a_column_orders_every_row_and_puts_blanks_last(order: Qt.SortOrder) -> None:
    model = make_model(Store())
    model.set_ids(list(ITEMS))
    model.sort(1, order)

    while model.canFetchMore(QModelIndex()):
        model.fetchMore(QModelIndex())
    sizes = [model.index(r, 1).data(SORT_ROLE) for r in range(model.rowCount())]
    known = [s for s in sizes if s is not None]
    assert known == sorted(known, reverse=order == Qt.SortOrder.DescendingOrder)
    assert sizes[len(known) :] == [None] * 45


def test_sorting_by_no_column_gives_back_the_order_the_ids_came_in() -> None:
    model = make_model(Store())
    model.set_ids([9, 3, 5])
    model.sort(0, Qt.SortOrder.DescendingOrder)
    assert model.ids() == [9, 5, 3]
    model.sort(-1)
    assert model.ids() == [9, 3, 5]


def test_finding_a_row_fetches_the_pages_before_it() -> None:
    model = make_model(Store(), page_size=100)
    model.set_ids(list(ITEMS))
    assert model.row_of(420) == 419
    assert model.rowCount() >= 420
    assert model.row_of(9999) is None
