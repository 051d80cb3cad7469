"""The organisation's logo on the cover of printed returns, kept inside the database (as
base64 text in the `logo_image` setting) so a backup, a restore or a move to a new PC keeps
it, and the file it came from may be moved or deleted. Databases set up before December 2026
named a file instead (`logo_path`); that file is still used while no logo is stored."""

from __future__ import annotations

import base64
import binascii
from pathlib import Path
from typing import Protocol

LOGO_SUFFIXES = (".png", ".jpg", ".jpeg")  # what the printed returns can place
MAX_LOGO_BYTES = 2_000_000  # a logo, not a photograph: the setting is read with the others
_IMAGE_STARTS = (b"\x89PNG\r\n\x1a\n", b"\xff\xd8\xff")


class LogoSettings(Protocol):
    """The two settings a logo is read from (OrgSettings has them; settings.py imports this
    module to check a logo before saving, so this one does not import it back)."""

    @property
    def logo_image(self) -> str: ...

    @property
    def logo_path(self) -> str: ...


def logo_file_problem(path: Path) -> str:
    """What is wrong with a file offered as the logo, or "" when it will do."""
    if not path.is_file():
        return f"there is no file {path}"
    if path.suffix.lower() not in LOGO_SUFFIXES:
        return "choose a PNG or JPEG picture (.png, .jpg)"
    try:
        data = path.read_bytes()
    except OSError as exc:
        return f"ncdesk cannot read {path.name}: {exc.strerror}"
    return image_problem(data, f"the file {path.name}")


def image_problem(data: bytes, what: str = "the logo") -> str:
    if not data.startswith(_IMAGE_STARTS):
        return f"{what} is not a PNG or JPEG picture"
    if len(data) > MAX_LOGO_BYTES:
        return (
            f"{what} is {len(data) / 1e6:.1f} MB; a logo up to {MAX_LOGO_BYTES / 1e6:.0f} MB "
            "will do (save a smaller copy)"
        )
    return ""


def encoded_logo(path: Path) -> str:
    """The file's picture as the setting holds it; check `logo_file_problem` first."""
    return base64.b64encode(path.read_bytes()).decode("ascii")


def stored_problem(text: str) -> str:
    """What is wrong with a `logo_image` value about to be saved, or ""."""
    if not text:
        return ""
    try:
        data = base64.b64decode(text.encode("ascii"), validate=True)
    except (binascii.Error, UnicodeEncodeError):
        return "the logo is damaged; choose the picture again"
    return image_problem(data)


def logo_bytes(settings: LogoSettings) -> bytes | None:
    """The picture to print: the stored logo, else (an older database) the file it names if
    it is still there and still a picture; None without one."""
    if settings.logo_image:
        try:
            data = base64.b64decode(settings.logo_image.encode("ascii"), validate=True)
        except (binascii.Error, UnicodeEncodeError):
            return None
        return data if not image_problem(data) else None
    if settings.logo_path:
        path = Path(settings.logo_path)
        if not logo_file_problem(path):
            return path.read_bytes()
    return None
