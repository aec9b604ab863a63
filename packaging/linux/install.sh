#!/bin/sh
# Install wargame from this unpacked tarball: the app, its menu entry, its icon and the
# *.wargame file type. For the current user by default (no root needed); system-wide with
# `sudo ./install.sh --prefix /usr/local`. Run again to upgrade; `--uninstall` removes it.
#
#   ./install.sh [--prefix DIR] [--uninstall]
#
# Files written (PREFIX defaults to ~/.local):
#   PREFIX/lib/wargame/                      the app (this folder's wargame + _internal/)
#   PREFIX/bin/wargame                       a link to it
#   PREFIX/share/applications/io.github.wargame.Wargame.desktop
#   PREFIX/share/metainfo/io.github.wargame.Wargame.metainfo.xml
#   PREFIX/share/mime/packages/io.github.wargame.Wargame.xml
#   PREFIX/share/icons/hicolor/*/apps/io.github.wargame.Wargame.{png,svg}
# Games, scenarios, settings and logs live in the user's folders and are never touched.
set -eu

APP_ID=io.github.wargame.Wargame
here=$(cd "$(dirname "$0")" && pwd)
prefix="${HOME}/.local"
action=install

while [ $# -gt 0 ]; do
    case "$1" in
        --prefix) prefix="$2"; shift 2 ;;
        --prefix=*) prefix="${1#--prefix=}"; shift ;;
        --uninstall) action=uninstall; shift ;;
        -h|--help) sed -n '2,16p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
        *) echo "install.sh: unknown option $1 (try --help)" >&2; exit 2 ;;
    esac
done

appdir="$prefix/lib/wargame"
share="$prefix/share"

refresh() {
    # Let the desktop notice the new entry, file type and icon (each tool is optional).
    if command -v update-mime-database >/dev/null 2>&1; then
        update-mime-database "$share/mime" >/dev/null 2>&1 || true
    fi
    if command -v update-desktop-database >/dev/null 2>&1; then
        update-desktop-database "$share/applications" >/dev/null 2>&1 || true
    fi
    if command -v gtk-update-icon-cache >/dev/null 2>&1 && [ -f "$share/icons/hicolor/index.theme" ]; then
        gtk-update-icon-cache -q -t -f "$share/icons/hicolor" >/dev/null 2>&1 || true
    fi
}

if [ "$action" = uninstall ]; then
    rm -rf "$appdir"
    rm -f "$prefix/bin/wargame" \
        "$share/applications/$APP_ID.desktop" \
        "$share/metainfo/$APP_ID.metainfo.xml" \
        "$share/mime/packages/$APP_ID.xml"
    for icon in "$share"/icons/hicolor/*/apps/"$APP_ID".*; do
        [ -e "$icon" ] && rm -f "$icon"
    done
    refresh
    echo "wargame removed from $prefix (your games, scenarios and logs are kept)"
    exit 0
fi

[ -x "$here/wargame" ] && [ -d "$here/_internal" ] || {
    echo "install.sh: run me from the unpacked wargame folder (wargame and _internal/ beside me)" >&2
    exit 1
}

mkdir -p "$appdir" "$prefix/bin" "$share/applications" "$share/metainfo" "$share/mime/packages"
rm -rf "$appdir/_internal"
cp -R "$here/wargame" "$here/_internal" "$appdir/"
ln -sf "$appdir/wargame" "$prefix/bin/wargame"

sed "s|^Exec=wargame |Exec=\"$appdir/wargame\" |" "$here/share/applications/$APP_ID.desktop" \
    > "$share/applications/$APP_ID.desktop"
cp "$here/share/metainfo/$APP_ID.metainfo.xml" "$share/metainfo/"
cp "$here/share/mime/packages/$APP_ID.xml" "$share/mime/packages/"
(cd "$here/share" && find icons -type f) | while read -r icon; do
    mkdir -p "$share/$(dirname "$icon")"
    cp "$here/share/$icon" "$share/$icon"
done
refresh
echo "wargame installed in $appdir; run it from the menu or with $prefix/bin/wargame"
