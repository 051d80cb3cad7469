"""Pictures made here for tests (no picture from anywhere else)."""

from __future__ import annotations

import struct
import zlib


def tiny_png(rgb: bytes = b"\x2e\x7d\x32") -> bytes:
    """A one-pixel PNG of the colour given."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return (
            struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
        )

    header = struct.pack(">IIBBBBB", 1, 1, 8, 2, 0, 0, 0)
    pixels = zlib.compress(b"\x00" + rgb)
    return (
        b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", pixels) + chunk(b"IEND", b"")
    )
