"""Which encoding a CSV file was saved in, among those a UK charity's files come in.

A byte-order mark says so outright (UTF-8 or UTF-16, as Excel's "CSV UTF-8" and "Unicode
Text" write); otherwise text that decodes as UTF-8 is UTF-8, since other encodings almost
never happen to; otherwise it is Windows-1252 (Excel's plain "CSV" on a UK PC, a superset of
Latin-1 for every printable character), or Latin-1 for the five bytes Windows-1252 leaves
undefined. Decided by these rules, not guessed statistically, so the same file always reads
the same way (a library such as charset-normalizer picks among a hundred encodings and can
choose a Cyrillic or Mac one for a short file of names).
"""

from __future__ import annotations

import codecs

UTF8, UTF8_BOM, UTF16, WINDOWS, LATIN1 = (
    "UTF-8",
    "UTF-8 with BOM",
    "UTF-16",
    "Windows-1252",
    "Latin-1",
)


def decode_text(data: bytes) -> tuple[str, str]:
    """The file's text and the name of the encoding it was read in."""
    if data.startswith(codecs.BOM_UTF8):
        return data[len(codecs.BOM_UTF8) :].decode("utf-8"), UTF8_BOM
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return data.decode("utf-16"), UTF16
    try:
        return data.decode("utf-8"), UTF8
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("cp1252"), WINDOWS
    except UnicodeDecodeError:
        return data.decode("latin-1"), LATIN1
