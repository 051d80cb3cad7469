"""Render the application icon from resources/ncdesk.svg into every file that needs it.

    .venv/bin/python scripts/make_icons.py

Writes ncdesk/resources/ncdesk-SIZE.png (16 to 512 px: the window icon and the Linux icons,
inside the package so a pip install has them), resources/ncdesk.ico (Windows: the program
and the installer) and resources/ncdesk.icns (macOS). The results are committed, so a build
needs neither this script nor its tools; run it again after changing the SVG.

Each size is rendered from the SVG itself (Qt's SVG renderer, offscreen) rather than scaled
down from a big bitmap, so the small sizes stay sharp; Pillow packs them into .ico and .icns.
"""

from __future__ import annotations

import io
import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SVG = ROOT / "resources" / "ncdesk.svg"
PNG_DIR = ROOT / "ncdesk" / "resources"
ICO = ROOT / "resources" / "ncdesk.ico"
ICNS = ROOT / "resources" / "ncdesk.icns"
PNG_SIZES = (16, 24, 32, 48, 64, 128, 256, 512)
ICO_SIZES = (16, 24, 32, 48, 64, 128, 256)  # 256 is the largest an .ico holds
ICNS_EXTRA = (1024,)  # macOS wants a 1024 px "512@2x" too; not kept as a PNG


def render(size: int) -> bytes:
    """The SVG drawn at `size` × `size` pixels, as PNG bytes."""
    from PySide6.QtCore import QBuffer, QByteArray, QIODevice, Qt
    from PySide6.QtGui import QImage, QPainter
    from PySide6.QtSvg import QSvgRenderer

    renderer = QSvgRenderer(str(SVG))
    if not renderer.isValid():
        raise SystemExit(f"make_icons: Qt cannot read {SVG}")
    image = QImage(size, size, QImage.Format.Format_ARGB32)
    image.fill(Qt.GlobalColor.transparent)
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    renderer.render(painter)
    painter.end()
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    image.save(buffer, "PNG")
    return bytes(data.data())


def main() -> int:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PIL import Image
    from PySide6.QtGui import QGuiApplication

    _app = QGuiApplication(sys.argv[:1])  # noqa: F841 - Qt's painting needs one
    rendered = {size: render(size) for size in PNG_SIZES + ICNS_EXTRA}
    images = {size: Image.open(io.BytesIO(data)) for size, data in rendered.items()}

    for size in PNG_SIZES:
        path = PNG_DIR / f"ncdesk-{size}.png"
        path.write_bytes(rendered[size])
        print(f"wrote {path.relative_to(ROOT)}")
    largest_ico = images[max(ICO_SIZES)]
    largest_ico.save(
        ICO,
        format="ICO",
        sizes=[(s, s) for s in ICO_SIZES],
        append_images=[images[s] for s in ICO_SIZES],
    )
    print(f"wrote {ICO.relative_to(ROOT)}")
    images[512].save(ICNS, format="ICNS", append_images=list(images.values()))
    print(f"wrote {ICNS.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
