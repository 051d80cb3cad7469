#!/usr/bin/env bash
# Make .venv ready for ncdesk: create it, install ncdesk with its test and dev tools, and say
# plainly which system package is missing when something cannot work. Safe to run every time:
# it reinstalls only when pyproject.toml has changed since the last install.
set -euo pipefail
cd "$(dirname "$0")/.."

missing() { echo "ncdesk set-up: $1" >&2; echo "  install it with:  sudo apt-get install $2" >&2; exit 1; }

PY=${PYTHON:-python3}
command -v "$PY" >/dev/null 2>&1 || missing "python3 (3.10 or newer) is not installed" "python3 python3-venv"
"$PY" -c 'import sys; sys.exit(sys.version_info < (3, 10))' \
  || missing "ncdesk needs Python 3.10 or newer; $("$PY" --version) found" "python3"
"$PY" -c 'import venv, ensurepip' >/dev/null 2>&1 || missing "Python's venv module is missing" "python3-venv"

if [ ! -x .venv/bin/python ]; then
  echo "ncdesk set-up: creating .venv (first run only)"
  "$PY" -m venv .venv || missing "could not create a virtual environment" "python3-venv"
fi

stamp=.venv/.ncdesk-installed
want=$(sha256sum pyproject.toml | cut -d' ' -f1)
if [ ! -f "$stamp" ] || [ "$(cat "$stamp")" != "$want" ]; then
  echo "ncdesk set-up: installing ncdesk and its libraries into .venv (a few minutes the first time)"
  .venv/bin/python -m pip install --quiet --disable-pip-version-check --upgrade pip
  .venv/bin/python -m pip install --quiet --disable-pip-version-check -e ".[dev]"
  echo "$want" > "$stamp"
fi
# `scripts/bootstrap.sh dist` (make dist) also installs PyInstaller, the optional dist extra.
if [ "${1:-}" = dist ]; then
  command -v objdump >/dev/null 2>&1 || missing "PyInstaller needs objdump to build" "binutils"
  if [ "$(cat .venv/.ncdesk-dist-installed 2>/dev/null)" != "$want" ]; then
    echo "ncdesk set-up: installing PyInstaller into .venv (make dist only)"
    .venv/bin/python -m pip install --quiet --disable-pip-version-check -e ".[dev,dist]"
    echo "$want" > .venv/.ncdesk-dist-installed
  fi
fi

# Qt needs a few shared libraries that a minimal Linux may lack.
if ! err=$(QT_QPA_PLATFORM=offscreen .venv/bin/python -c 'import PySide6.QtWidgets' 2>&1); then
  lib=$(printf '%s' "$err" | grep -o 'lib[A-Za-z0-9_+-]*\.so[.0-9]*' | head -1)
  echo "ncdesk set-up: Qt cannot load ${lib:-a system library}: $err" >&2
  missing "Qt's system libraries are missing" "libegl1 libgl1 libxkbcommon0 libfontconfig1 libdbus-1-3"
fi
# To open a real window Qt's X11 plugin needs more libraries still; name the missing ones.
if [ -z "${QT_QPA_PLATFORM:-}" ] && [ -n "${DISPLAY:-}" ] && command -v ldd >/dev/null; then
  qt=$(.venv/bin/python -c 'import os, PySide6; print(os.path.join(list(PySide6.__path__)[0], "Qt"))')
  libs=$(ldd "$qt/plugins/platforms/libqxcb.so" "$qt"/lib/libQt6XcbQpa.so.6 2>/dev/null \
         | awk '/not found/ {print $1}' | sort -u)
  # Qt loads the cursor library at run time, so ldd cannot see it missing.
  if command -v ldconfig >/dev/null && ! ldconfig -p 2>/dev/null | grep -q 'libxcb-cursor\.so\.0'; then
    libs="$libs libxcb-cursor.so.0"
  fi
  libs=$(echo $libs)
  if [ -n "$libs" ]; then
    # libxcb-icccm.so.4 -> libxcb-icccm4; libxkbcommon-x11.so.0 -> libxkbcommon-x11-0
    pkgs=$(for l in $libs; do n=${l%%.so*}; v=${l##*.so.}; case $n in *[0-9]) echo "$n-$v";; *) echo "$n$v";; esac; done | sort -u | tr '\n' ' ')
    missing "Qt needs X11 libraries to open a window: $(echo $libs | tr '\n' ' ')" "$pkgs"
  fi
fi
