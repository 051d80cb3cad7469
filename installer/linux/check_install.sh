#!/bin/sh
# Try a Linux tarball as someone would: unpack it, install it for a throw-away user, run the
# installed command, uninstall, and check the user's records were left where they were.
#   installer/linux/check_install.sh dist/ncdesk-VERSION-linux-ARCH.tar.gz
# make dist-test runs it on the real tarball, tests/test_installers.py on a stub one.
set -eu
tarball=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
home=$work/home
data=$home/.local/share/ncdesk  # ncdesk's data folder (platformdirs' user_data_dir)
mkdir -p "$data" && echo "someone's records" > "$data/ncdesk.db"
as_user() { env -i PATH=/usr/bin:/bin HOME="$home" "$@"; }
fail() { echo "check_install: $1" >&2; exit 1; }

cd "$work" && tar -xzf "$tarball"
as_user sh ncdesk-*/install.sh > /dev/null
as_user "$home/.local/bin/ncdesk" --version | grep -q '^ncdesk ' || fail "the installed command did not run"
ls "$home"/.local/share/applications/*.desktop > /dev/null || fail "no menu entry"
ls "$home"/.local/share/icons/hicolor/48x48/apps/*.png > /dev/null || fail "no icon"
as_user sh ncdesk-*/install.sh > /dev/null || fail "installing again (an update) failed"

as_user sh ncdesk-*/install.sh --uninstall > /dev/null
[ ! -e "$home/.local/bin/ncdesk" ] && [ ! -e "$home/.local/lib/ncdesk" ] || fail "the program is still there"
ls "$home"/.local/share/applications/*.desktop > /dev/null 2>&1 && fail "the menu entry is still there"
[ "$(cat "$data/ncdesk.db")" = "someone's records" ] || fail "the data folder was touched"
echo "check_install: installed, ran, updated and uninstalled; the data folder was kept"
