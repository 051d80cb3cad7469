"""Build the Windows installer from the bundle with NSIS:

    python installer/windows/make_installer.py [BUNDLE] [OUT_FOLDER]

BUNDLE is the PyInstaller folder (dist/ncdesk); the installer is written to OUT_FOLDER (dist)
as ncdesk-VERSION-windows-setup.exe. The version comes from ncdesk/__init__.py, the one place
it is kept. makensis (NSIS 3) must be on PATH; on Linux it builds the same installer, which is
how the tests keep ncdesk.nsi compiling.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
SCRIPT = Path(__file__).with_name("ncdesk.nsi")
sys.path.insert(0, str(ROOT))

from ncdesk import __version__  # noqa: E402  (the package's __init__ imports nothing)


def version_quad(text: str) -> str:
    """Windows wants four numbers: 0.1.0 -> 0.1.0.0, 1.2rc1 -> 1.2.0.0."""
    release = re.match(r"[\d.]*\d", text)
    numbers = release.group().split(".")[:3] if release else []
    return ".".join((numbers + ["0", "0", "0", "0"])[:4])


def build(bundle: Path, out_folder: Path, makensis: str = "makensis") -> Path:
    if not (bundle / "ncdesk.exe").is_file():
        raise SystemExit(f"make_installer: {bundle} holds no ncdesk.exe (build it with make dist)")
    out_folder.mkdir(parents=True, exist_ok=True)
    release = __version__
    installer = out_folder / f"ncdesk-{release}-windows-setup.exe"
    # NSIS reads the defines' paths Windows-style whatever it runs on.
    defines = {
        "VERSION": release,
        "VERSION_QUAD": version_quad(release),
        "BUNDLE": str(bundle.resolve()),
        "ICON": str(ROOT / "resources" / "ncdesk.ico"),
        "OUTFILE": str(installer.resolve()),
    }
    command = [makensis, "-V2", "-WX", *(f"-D{k}={v}" for k, v in defines.items()), str(SCRIPT)]
    subprocess.run(command, check=True)
    return installer


def main() -> int:
    makensis = shutil.which("makensis")
    if makensis is None:
        raise SystemExit("make_installer: makensis (NSIS 3) is not installed")
    bundle = Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT / "dist" / "ncdesk"
    out = Path(sys.argv[2]) if len(sys.argv) > 2 else ROOT / "dist"
    print(f"wrote {build(bundle, out, makensis)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
