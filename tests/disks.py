"""Disks that fill up or cannot be written, for the tests that prove a full disk or a
read-only folder is said plainly and changes nothing (the command line's and the window's).
Each mounts a small tmpfs of its own, so they need root; elsewhere they are skipped."""

from __future__ import annotations

import os
import subprocess
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest


def _mount(point: Path, options: str) -> bool:
    point.mkdir(parents=True, exist_ok=True)
    done = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", options, "tmpfs", str(point)], capture_output=True
    )
    return done.returncode == 0


def _unmount(point: Path) -> None:
    subprocess.run(["umount", "-l", str(point)], capture_output=True)


def fill_up(folder: Path) -> None:
    """Leave no free space at all on the folder's disk."""
    free = os.statvfs(folder)
    (folder / "ballast").write_bytes(b"\0" * (free.f_bavail * free.f_frsize))


@pytest.fixture
def small_disk(tmp_path: Path) -> Iterator[Path]:
    """A folder on a 1.2 MB disk of its own (tmpfs), to fill up; skipped where mounting is not
    allowed (tests run as root in CI)."""
    point = tmp_path / "small-disk"
    if not _mount(point, "size=1200k"):
        pytest.skip("cannot mount a small tmpfs here (needs root)")
    yield point
    _unmount(point)


@pytest.fixture
def read_only_folder(tmp_path: Path) -> Iterator[tuple[Path, Callable[[], None]]]:
    """Returns (folder, make_read_only): fill the folder, then make it read-only (nothing in
    it may be open for writing then: the disk refuses to turn read-only under a writer)."""
    point = tmp_path / "read-only"
    if not _mount(point, "size=8m"):
        pytest.skip("cannot mount a tmpfs here (needs root)")

    def make_read_only() -> None:
        subprocess.run(["mount", "-o", "remount,ro", str(point)], check=True)

    yield point, make_read_only
    _unmount(point)
