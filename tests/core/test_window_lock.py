"""One window per database: a second window is refused plainly, the lock goes with the
window, and commands (which take no window lock) are not affected."""

from __future__ import annotations

from pathlib import Path

import pytest

from ncdesk.core.errors import OpenInAnotherWindow
from ncdesk.core.locks import sole_window, window_lock_path
from tests.databases import new_database, reopen


def test_a_second_window_on_the_same_database_is_refused_plainly(tmp_path: Path) -> None:
    path = tmp_path / "desk.db"
    first = sole_window(path)
    try:
        with pytest.raises(OpenInAnotherWindow) as refused:
            sole_window(path)
        assert str(refused.value) == (
            "This database is already open in another ncdesk window on this PC. Close that "
            "window first, or switch to it."
        )
    finally:
        first.release()


def test_the_lock_goes_with_the_window(tmp_path: Path) -> None:
    path = tmp_path / "desk.db"
    sole_window(path).release()
    again = sole_window(path)
    again.release()
    again.release()  # twice does no harm
    assert window_lock_path(path).name == "desk.db.window"


def test_another_database_in_the_same_folder_is_not_affected(tmp_path: Path) -> None:
    first = sole_window(tmp_path / "one.db")
    second = sole_window(tmp_path / "two.db")
    first.release()
    second.release()


def test_a_command_opens_the_database_beside_a_window(tmp_path: Path) -> None:
    path = tmp_path / "desk.db"
    new_database(path).close()
    window = sole_window(path)
    try:
        reopen(path).close()  # what a command does: no window lock asked for
    finally:
        window.release()


def test_a_read_only_folder_holds_nothing_and_refuses_nothing(tmp_path: Path) -> None:
    folder = tmp_path / "shelf"
    folder.mkdir()
    folder.chmod(0o555)
    try:
        if _writable(folder):
            pytest.skip("this user can write to a read-only folder (root)")
        sole_window(folder / "desk.db").release()
    finally:
        folder.chmod(0o755)


def _writable(folder: Path) -> bool:
    try:
        (folder / "probe").touch()
    except OSError:
        return False
    (folder / "probe").unlink()
    return True
