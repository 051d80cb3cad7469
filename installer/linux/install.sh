#!/bin/sh
# Install ncdesk for you alone (no administrator needed), from the unpacked tarball:
#
#   ./install.sh              install, or update an earlier install
#   ./install.sh --uninstall  remove the program, its menu entry and icons
#
# The program goes to ~/.local/lib/ncdesk with the command ~/.local/bin/ncdesk; the menu
# entry, icons and software-centre metadata go under ~/.local/share. Your records are in
# ~/.local/share/ncdesk (ncdesk's data folder), which this script never touches.
set -eu

here=$(cd "$(dirname "$0")" && pwd)
share=${XDG_DATA_HOME:-$HOME/.local/share}
program=$HOME/.local/lib/ncdesk
command=$HOME/.local/bin/ncdesk
entry=$(basename "$here"/*.desktop)  # org.ncdesk.ncdesk.desktop: the app id names every file
app_id=${entry%.desktop}

refresh() {  # menus and icon caches notice the change (both tools are optional)
  command -v update-desktop-database >/dev/null 2>&1 && update-desktop-database -q "$share/applications" || true
  command -v gtk-update-icon-cache >/dev/null 2>&1 && gtk-update-icon-cache -q -t "$share/icons/hicolor" || true
}

if [ "${1:-}" = "--uninstall" ]; then
  rm -rf "$program"
  [ -L "$command" ] && rm -f "$command"
  rm -f "$share/applications/$entry" "$share/metainfo/$app_id.metainfo.xml"
  rm -f "$share"/icons/hicolor/*/apps/"$app_id".png "$share/icons/hicolor/scalable/apps/$app_id.svg"
  refresh
  echo "ncdesk is uninstalled. Your records are still in $share/ncdesk."
  exit 0
fi

# The new copy is put beside the old one and swapped in, so a failed copy leaves the old.
mkdir -p "$(dirname "$program")" "$(dirname "$command")"
rm -rf "$program.new"
cp -R "$here/ncdesk" "$program.new"
rm -rf "$program"
mv "$program.new" "$program"
ln -sfn "$program/ncdesk" "$command"

mkdir -p "$share/applications" "$share/metainfo" "$share/icons/hicolor/scalable/apps"
sed "s|^Exec=.*|Exec=\"$program/ncdesk\"|" "$here/$entry" > "$share/applications/$entry"
cp "$here/$app_id.metainfo.xml" "$share/metainfo/"
for icon in "$here"/icons/*.png; do
  size=$(basename "$icon" .png)  # icons/48.png -> hicolor/48x48
  mkdir -p "$share/icons/hicolor/${size}x${size}/apps"
  cp "$icon" "$share/icons/hicolor/${size}x${size}/apps/$app_id.png"
done
cp "$here/icons/$app_id.svg" "$share/icons/hicolor/scalable/apps/"
refresh

echo "ncdesk $("$program/ncdesk" --version | cut -d' ' -f2) is installed: find it in your menu, or run $command"
case ":$PATH:" in *":$HOME/.local/bin:"*) ;; *) echo "($HOME/.local/bin is not on your PATH, so type the full path.)" ;; esac
