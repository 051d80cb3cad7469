"""The packaging files stay sound without a real build: the Windows installer script compiles
(against a stub bundle), the Linux tarball installs and uninstalls for a throw-away user and
leaves their records, the menu entry and AppStream metadata validate, the icons have every
size, and no packaging file carries a version of its own (ncdesk/__init__.py is the one)."""

from __future__ import annotations

import importlib.util
import os
import shutil
import subprocess
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Any

import pytest
from PIL import Image

from ncdesk import APP_ID, __version__

ROOT = Path(__file__).resolve().parent.parent
LINUX = ROOT / "resources" / "linux"


def script(path: Path) -> Any:
    """One of the build scripts in installer/, loaded as a module."""
    spec = importlib.util.spec_from_file_location(path.stem, path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


make_tarball = script(ROOT / "installer" / "linux" / "make_tarball.py")
make_installer = script(ROOT / "installer" / "windows" / "make_installer.py")
STUB_PROGRAM = f'#!/bin/sh\necho "ncdesk {__version__}"\n'


def stub_bundle(folder: Path, *programs: str) -> Path:
    """A folder shaped like dist/ncdesk, whose programs only say their version."""
    bundle = folder / "ncdesk"
    (bundle / "_internal").mkdir(parents=True)
    (bundle / "_internal" / "base_library.zip").write_bytes(b"stub")
    for name in programs:
        (bundle / name).write_text(STUB_PROGRAM)
        (bundle / name).chmod(0o755)
    return bundle


def tool(name: str) -> str:
    found = shutil.which(name)
    if found is None:
        pytest.skip(f"{name} is not installed (.ci/run installs it)")
    return found


def test_the_windows_installer_script_compiles(tmp_path):
    makensis = tool("makensis")
    bundle = stub_bundle(tmp_path, "ncdesk.exe", "ncdesk-cli.exe")
    installer = make_installer.build(bundle, tmp_path / "out", makensis)
    assert installer.name == f"ncdesk-{__version__}-windows-setup.exe"
    assert installer.read_bytes()[:2] == b"MZ"  # a Windows program


def test_the_windows_version_has_four_numbers():
    assert make_installer.version_quad("0.1.0") == "0.1.0.0"
    assert make_installer.version_quad("1.2rc1") == "1.2.0.0"
    assert make_installer.version_quad("2.0.3+local") == "2.0.3.0"


@pytest.mark.skipif(os.name != "posix", reason="install.sh is for Linux")
def test_the_linux_tarball_installs_updates_and_uninstalls_leaving_the_records(tmp_path):
    tarball = make_tarball.build(stub_bundle(tmp_path, "ncdesk"), tmp_path / "out")
    check = ROOT / "installer" / "linux" / "check_install.sh"
    result = subprocess.run([str(check), str(tarball)], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert "the data folder was kept" in result.stdout


def test_the_menu_entry_validates():
    validate = tool("desktop-file-validate")
    subprocess.run([validate, str(LINUX / f"{APP_ID}.desktop")], check=True)


def test_the_appstream_metadata_is_well_formed_and_validates(tmp_path):
    filled = tmp_path / f"{APP_ID}.metainfo.xml"
    filled.write_bytes(make_tarball.metainfo())
    root = ET.parse(filled).getroot()
    assert root.findtext("id") == APP_ID
    assert root.find("releases/release").get("version") == __version__  # type: ignore[union-attr]
    appstreamcli = tool("appstreamcli")
    subprocess.run([appstreamcli, "validate", "--no-net", str(filled)], check=True)


def test_the_icons_come_in_every_size():
    for size in (16, 24, 32, 48, 64, 128, 256, 512):
        assert Image.open(ROOT / "ncdesk" / "resources" / f"ncdesk-{size}.png").size == (
            size,
            size,
        )
    ico = Image.open(ROOT / "resources" / "ncdesk.ico")
    assert {(s, s) for s in (16, 24, 32, 48, 256)} <= set(ico.info["sizes"])
    assert Image.open(ROOT / "resources" / "ncdesk.icns").size == (1024, 1024)  # 512@2x


def test_no_packaging_file_carries_its_own_version():
    files = [
        ROOT / "installer" / "ncdesk.spec",
        ROOT / "installer" / "windows" / "ncdesk.nsi",
        LINUX / f"{APP_ID}.metainfo.xml.in",
        LINUX / f"{APP_ID}.desktop",
        ROOT / ".github" / "workflows" / "release.yml",
    ]
    for path in files:
        assert __version__ not in path.read_text(encoding="utf-8"), path
