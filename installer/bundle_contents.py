"""What goes into ncdesk's bundle, and what is left out: the rules installer/ncdesk.spec applies
to what PyInstaller's analysis found. docs/install.md explains each choice.

PyInstaller collects every Qt plugin a module might load, every locale Faker has and every
library those link to. ncdesk needs far less, so the spec keeps the plugins named here, drops
Qt's translations and the unused locales and data, and then drops each shared library that
nothing kept links to any more (read from each binary's own list of the libraries it needs).
"""

from __future__ import annotations

import importlib.util
import re
import subprocess
import sys
from collections.abc import Iterable
from pathlib import Path, PurePosixPath

# Python packages that are installed beside ncdesk (its tests, tools) or pulled in by an
# optional import, but never used by the program.
EXCLUDES = [
    "tkinter",
    "PIL.ImageTk",
    "PIL._imagingtk",
    # Pillow's optional parts (AVIF and WebP images, colour profiles, fonts) with the codecs
    # they link to: ReportLab only reads a logo, and Pillow treats each as optional.
    "PIL._avif",
    "PIL._webp",
    "PIL._imagingcms",
    "PIL._imagingft",
    # OpenSSL (5 MB): ncdesk opens no network connection; hashes come from Python's own.
    "ssl",
    "_ssl",
    "_hashlib",
    # Codecs for Chinese, Japanese and Korean files (imports are UTF-8), and line editing.
    "_multibytecodec",
    "_codecs_cn",
    "_codecs_hk",
    "_codecs_iso2022",
    "_codecs_jp",
    "_codecs_kr",
    "_codecs_tw",
    "readline",
    "_pydecimal",  # only where the C decimal module is missing
    "charset_normalizer",  # ReportLab guesses the encoding of bytes with it; ncdesk gives text
    "pygments",  # Mako's tracebacks in colour, for Alembic's developers
    "pydoc",
    "pydoc_data",
    "doctest",
    "unittest",
    "lib2to3",
    "setuptools",
    "pkg_resources",
    "pip",
    "numpy",
    "pytest",
    "_pytest",
    "hypothesis",
    "pytestqt",
    "zxingcpp",
    "mypy",
    "IPython",
    "faker.sphinx",
    "faker.cli",
    "faker.contrib",
    # rapidfuzz's AVX2 builds (5 MB): it falls back to its plain x86-64 build, which every PC
    # runs, at no cost measured for ncdesk's short names (docs/install.md).
    "rapidfuzz.fuzz_cpp_avx2",
    "rapidfuzz.process_cpp_avx2",
    "rapidfuzz.utils_cpp_avx2",
    "rapidfuzz.distance.metrics_cpp_avx2",
    # phonenumbers' place names, carriers and time zones: ncdesk only parses and formats.
    "phonenumbers.geocoder",
    "phonenumbers.geodata",
    "phonenumbers.carrier",
    "phonenumbers.carrierdata",
    "phonenumbers.timezone",
    "phonenumbers.tzdata",
]

# The Qt modules ncdesk imports; every other one is excluded (see unused_qt_modules). QtSvg
# and QtSvgWidgets show the charts (Home, Reports); QtPrintSupport prints the recovery key
# from the first-run wizard.
QT_MODULES_USED = {
    "QtCore",
    "QtGui",
    "QtWidgets",
    "QtSvg",
    "QtSvgWidgets",
    "QtPrintSupport",
}

LINUX = sys.platform.startswith("linux")

# Faker's locales ncdesk's demo data uses (en_GB), and the ones its providers fall back to.
FAKER_LOCALES = {"en", "en_GB", "en_US", "la"}
_LOCALE = re.compile(r"^[a-z]{2,3}(_[A-Z]{2})?$")

# Qt plugins by folder: the names kept (without "lib", "q" and the file's suffix), or "*".
QT_PLUGINS: dict[str, set[str]] = {
    "platforms": {"xcb", "offscreen", "windows", "cocoa"},  # offscreen: the smoke tests
    "platforminputcontexts": {"*"},  # compose (dead keys, accents) and ibus on Linux
    "platformthemes": {"xdgdesktopportal"},  # the desktop's file dialogs; no GTK
    "imageformats": {"jpeg", "gif", "webp"},  # item photos; PNG is built into Qt
    "styles": {"*"},  # the native look on Windows and macOS
    "xcbglintegrations": {"*"},
}
# Linux: the desktop's own libraries, which every desktop has and which must match it (the
# rule AppImage's exclusion list follows): X11, fonts, GLib, the C++ runtime, zlib, and
# the message bus (with its systemd and libgcrypt). The bundle uses the running desktop's
# copies; what only they needed goes too.
HOST_LIBRARIES = {
    "libdbus-1.so.3",
    "libX11.so.6",
    "libfontconfig.so.1",
    "libfreetype.so.6",
    "libharfbuzz.so.0",
    "libexpat.so.1",
    "libglib-2.0.so.0",
    "libgobject-2.0.so.0",
    "libgio-2.0.so.0",
    "libgthread-2.0.so.0",
    "libgpg-error.so.0",
    "libstdc++.so.6",
    "libgcc_s.so.1",
    "libuuid.so.1",
    "libz.so.1",
}
# pycryptodomex loads its C parts by path at run time, so no binary links to them and the
# walk below would drop them all: these, which AES-GCM (the wrapped database keys) loads, are
# kept as roots; its others (RSA, elliptic curves, other ciphers and hashes) are left out.
CRYPTODOME_USED = {
    "_raw_aes",
    "_raw_aesni",
    "_raw_ctr",
    "_raw_ecb",
    "_ghash_clmul",
    "_ghash_portable",
    "_BLAKE2s",
    "_cpuid_c",
}
_CRYPTODOME_NAMES = {name.lower() for name in CRYPTODOME_USED}
_PLUGIN = re.compile(r"(?:^|/)PySide6/(?:Qt/)?plugins/([^/]+)/([^/]+)$")
_TRANSLATIONS = re.compile(r"(?:^|/)PySide6/(?:Qt/)?translations/")
_SHARED_LIBRARY = re.compile(r"\.(so(\.[\d.]+)?|dll|dylib)$|^[^.]+$", re.IGNORECASE)


def ncdesk_files(root: Path) -> list[tuple[str, str]]:
    """ncdesk's own files that are read as files, not imported: the migrations (Alembic loads
    them by path, so they must be real .py files in the bundle) and the icons; and the data
    files of two libraries that read theirs through importlib.resources (nicknames also
    looks up its own version)."""
    from PyInstaller.utils.hooks import collect_data_files, copy_metadata

    package = root / "ncdesk"
    files = [
        (str(path), str(path.parent.relative_to(root)))
        for pattern in ("migrations/*.py", "migrations/*.mako", "migrations/versions/*.py")
        for path in sorted(package.glob(pattern))
    ]
    files += [(str(path), "ncdesk/resources") for path in sorted(package.glob("resources/*"))]
    libraries = collect_data_files("nicknames") + copy_metadata("nicknames")
    return files + libraries + collect_data_files("anyascii")


MIGRATIONS = "ncdesk.migrations"


def ncdesk_modules() -> list[str]:
    """Every module of ncdesk, for Analysis(hiddenimports=...): the window names its areas'
    screens as "module:Class" and imports each on its first visit (docs/architecture.md,
    "Start-up"), which PyInstaller cannot see by reading the code. The migrations are data
    (see ncdesk_files)."""
    from PyInstaller.utils.hooks import collect_submodules

    return collect_submodules("ncdesk", filter=lambda name: not name.startswith(MIGRATIONS))


def unused_qt_modules() -> list[str]:
    """Every PySide6 module but QT_MODULES_USED, for Analysis(excludes=...), so that no
    library's optional Qt support pulls one in (the full PySide6 may be installed here)."""
    spec = importlib.util.find_spec("PySide6")
    assert spec is not None and spec.submodule_search_locations, "PySide6 is not installed"
    folder = Path(next(iter(spec.submodule_search_locations)))
    names = {
        path.name.split(".")[0]
        for path in folder.iterdir()
        if path.name.startswith("Qt") and path.suffix in (".so", ".pyd") and path.is_file()
    }
    return [f"PySide6.{name}" for name in sorted(names - QT_MODULES_USED)]


def unused_faker_locales() -> list[str]:
    """Faker's locale modules other than FAKER_LOCALES, for Analysis(excludes=...)."""
    from PyInstaller.utils.hooks import collect_submodules

    return [
        name
        for name in collect_submodules("faker.providers")
        if len(parts := name.split(".")) == 4
        and _LOCALE.match(parts[3])
        and parts[3] not in FAKER_LOCALES
    ]


def _kept_plugin(dest: str) -> bool | None:
    """True/False for a Qt plugin, None for anything else."""
    match = _PLUGIN.search(dest.replace("\\", "/"))
    if match is None:
        return None
    folder, filename = match.groups()
    name = re.sub(r"^(lib)?q?", "", filename.split(".")[0])
    wanted = QT_PLUGINS.get(folder, set())
    return "*" in wanted or name in wanted


def _kept_data(dest: str) -> bool:
    parts = PurePosixPath(dest.replace("\\", "/")).parts
    if _TRANSLATIONS.search("/".join(parts)):
        return False  # ncdesk loads no Qt translation (its text is British English already)
    faker_locale = parts[:2] == ("faker", "providers") and len(parts) > 4
    return not (faker_locale and _LOCALE.match(parts[3]) and parts[3] not in FAKER_LOCALES)


def _needed(path: str) -> list[str]:
    """The libraries a binary names as its own direct needs (not theirs in turn)."""
    if LINUX:  # PyInstaller itself needs binutils here; ldd would list needs of needs too
        out = subprocess.run(["objdump", "-p", path], capture_output=True, text=True).stdout
        return re.findall(r"^\s*NEEDED\s+(\S+)", out, re.MULTILINE)
    from PyInstaller.depend.bindepend import get_imports

    return [name for name, _path in get_imports(path)]


def _basename(dest: str) -> str:
    return PurePosixPath(dest.replace("\\", "/")).name.lower()


def _linked(binaries: list[tuple[str, str, str]], roots: Iterable[int]) -> set[int]:
    """The entries reachable from `roots` through the libraries each links to, never going
    into the desktop's own libraries (HOST_LIBRARIES)."""
    host = {name.lower() for name in HOST_LIBRARIES} if LINUX else set()
    by_name: dict[str, list[int]] = {}
    for i, (dest, _src, _kind) in enumerate(binaries):
        if _basename(dest) not in host:
            by_name.setdefault(_basename(dest), []).append(i)
    seen, todo = set(roots), list(roots)
    while todo:
        for name in _needed(binaries[todo.pop()][1]):
            for j in by_name.get(_basename(name), []):
                if j not in seen:
                    seen.add(j)
                    todo.append(j)
    return seen


def _always_kept(dest: str, kind: str) -> bool:
    """Roots of the walk: Python's own library (the bootloader loads it by name), extension
    modules, anything that is not a shared library, and macOS frameworks (their folders hold
    symlinks and resources besides the binary, so they are kept whole); of pycryptodomex's
    C parts, CRYPTODOME_USED."""
    name = _basename(dest)
    if PurePosixPath(dest.replace("\\", "/")).parts[0] == "Cryptodome":
        return name.split(".")[0] in _CRYPTODOME_NAMES
    return (
        kind != "BINARY"
        or name.startswith(("python", "libpython"))
        or not _SHARED_LIBRARY.search(name)
        or ".framework/" in dest
    )


def trim(
    binaries: list[tuple[str, str, str]], datas: list[tuple[str, str, str]]
) -> tuple[list[tuple[str, str, str]], list[tuple[str, str, str]], list[str]]:
    """The binaries and data files to bundle, and the names of what was left out."""
    binaries = list(binaries)
    plugins = [_kept_plugin(dest) for dest, _src, _kind in binaries]
    roots = [
        i
        for i, (dest, _src, kind) in enumerate(binaries)
        if plugins[i] or (plugins[i] is None and _always_kept(dest, kind))
    ]
    kept = _linked(binaries, roots)
    kept_binaries = [entry for i, entry in enumerate(binaries) if i in kept]
    dropped = [entry[0] for i, entry in enumerate(binaries) if i not in kept]
    dropped_names = set(dropped)
    kept_datas = []
    for dest, src, kind in datas:
        if kind == "SYMLINK" and src in dropped_names:
            dropped.append(dest)  # a link to a library dropped above
        elif kind != "SYMLINK" and not _kept_data(dest):
            dropped.append(dest)
        else:
            kept_datas.append((dest, src, kind))
    return kept_binaries, kept_datas, dropped


def report(dropped: list[str]) -> None:
    """What was left out, a line per kind, for the build log."""
    groups: dict[str, list[str]] = {}
    for dest in dropped:
        parts = PurePosixPath(dest.replace("\\", "/")).parts
        if len(parts) == 1:
            group = "libraries only what was left out needed, or the desktop's own"
        elif parts[0] == "faker":
            group = f"faker's locales but {', '.join(sorted(FAKER_LOCALES))}"
        else:
            group = "/".join(parts[:-1])
        groups.setdefault(group, []).append(parts[-1])
    print(f"ncdesk.spec: left out {len(dropped)} files", file=sys.stderr)
    for group, names in sorted(groups.items()):
        shown = ", ".join(sorted(names)) if len(names) <= 60 else f"{len(names)} files"
        print(f"  {group}: {shown}", file=sys.stderr)
