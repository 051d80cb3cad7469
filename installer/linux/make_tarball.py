"""Pack the Linux bundle as a tarball people unpack and install with one script:

    python3 installer/linux/make_tarball.py [BUNDLE] [OUT_FOLDER]

BUNDLE is the PyInstaller folder (dist/ncdesk); OUT_FOLDER (dist) gets
ncdesk-VERSION-linux-ARCH.tar.gz holding one folder, ncdesk-VERSION/, with the bundle, the
menu entry, the AppStream metadata (its version and date filled in here), the icons and
install.sh. The version and app id come from ncdesk/__init__.py.
"""

from __future__ import annotations

import io
import os
import platform
import sys
import tarfile
import time
from datetime import datetime, timezone
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
LINUX = ROOT / "resources" / "linux"
sys.path.insert(0, str(ROOT))

from ncdesk import APP_ID, __version__  # noqa: E402  (the package's __init__ imports nothing)


def release_date() -> str:
    """The build's day, or SOURCE_DATE_EPOCH's for a reproducible build."""
    stamp = float(os.environ.get("SOURCE_DATE_EPOCH", time.time()))
    return datetime.fromtimestamp(stamp, timezone.utc).date().isoformat()


def metainfo() -> bytes:
    template = (LINUX / f"{APP_ID}.metainfo.xml.in").read_text(encoding="utf-8")
    return template.replace("@VERSION@", __version__).replace("@DATE@", release_date()).encode()


def add_bytes(tar: tarfile.TarFile, name: str, data: bytes, mode: int = 0o644) -> None:
    info = tarfile.TarInfo(name)
    info.size, info.mode, info.mtime = len(data), mode, int(time.time())
    tar.addfile(info, io.BytesIO(data))


def build(bundle: Path, out_folder: Path) -> Path:
    if not (bundle / "ncdesk").is_file():
        raise SystemExit(f"make_tarball: {bundle} holds no ncdesk program (run make dist)")
    out_folder.mkdir(parents=True, exist_ok=True)
    top = f"ncdesk-{__version__}"
    tarball = out_folder / f"{top}-linux-{platform.machine()}.tar.gz"
    partial = tarball.with_name(tarball.name + ".partial")
    with tarfile.open(partial, "w:gz", compresslevel=6) as tar:
        tar.add(bundle, f"{top}/ncdesk")  # symlinks and the program's x bit kept as they are
        tar.add(ROOT / "installer" / "linux" / "install.sh", f"{top}/install.sh")
        tar.add(LINUX / f"{APP_ID}.desktop", f"{top}/{APP_ID}.desktop")
        add_bytes(tar, f"{top}/{APP_ID}.metainfo.xml", metainfo())
        for png in sorted((ROOT / "ncdesk" / "resources").glob("ncdesk-*.png")):
            tar.add(png, f"{top}/icons/{png.stem.removeprefix('ncdesk-')}.png")
        tar.add(ROOT / "resources" / "ncdesk.svg", f"{top}/icons/{APP_ID}.svg")
    partial.replace(tarball)  # never a half-written tarball under the real name
    return tarball


def main() -> int:
    bundle = Path(sys.argv[1]) if len(sys.argv) > 1 else ROOT / "dist" / "ncdesk"
    out = Path(sys.argv[2]) if len(sys.argv) > 2 else ROOT / "dist"
    print(f"wrote {build(bundle, out)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
