#!/bin/sh
# Install this Factdesk bundle for the current user (no root needed), or remove it again.
#
#   ./install.sh              copy the bundle to ~/.local/lib/factdesk, add `factdesk` to
#                             ~/.local/bin, the icon and a desktop-menu entry
#   ./install.sh --uninstall  remove all of that (your workspace and settings stay)
set -eu

DATA="${XDG_DATA_HOME:-$HOME/.local/share}"
LIB="$HOME/.local/lib/factdesk"
BIN="$HOME/.local/bin"
ICON="$DATA/icons/hicolor/scalable/apps/factdesk.svg"
ENTRY="$DATA/applications/factdesk.desktop"

refresh() {
    command -v update-desktop-database >/dev/null 2>&1 \
        && update-desktop-database -q "$DATA/applications" 2>/dev/null || true
    command -v gtk-update-icon-cache >/dev/null 2>&1 \
        && gtk-update-icon-cache -q -t "$DATA/icons/hicolor" 2>/dev/null || true
}

if [ "${1:-}" = "--uninstall" ]; then
    rm -rf "$LIB"
    rm -f "$ENTRY" "$ICON"
    # Only our own link: never a `factdesk` that some other install put there.
    if [ -L "$BIN/factdesk" ] && [ "$(readlink "$BIN/factdesk")" = "$LIB/factdesk" ]; then
        rm -f "$BIN/factdesk"
    fi
    refresh
    echo "Factdesk removed. Your workspace and settings were kept."
    exit 0
fi

HERE="$(cd "$(dirname "$0")" && pwd)"
[ -x "$HERE/factdesk" ] || { echo "install.sh: run it from the unpacked bundle" >&2; exit 1; }
mkdir -p "$BIN" "$(dirname "$ICON")" "$(dirname "$ENTRY")" "$HOME/.local/lib"
if [ "$HERE" != "$LIB" ]; then
    rm -rf "$LIB.new"
    cp -R "$HERE" "$LIB.new"
    rm -rf "$LIB"
    mv "$LIB.new" "$LIB"
fi
ln -sfn "$LIB/factdesk" "$BIN/factdesk"
cp "$LIB/_internal/resources/icons/factdesk.svg" "$ICON"
sed -e "s|^Exec=.*|Exec=\"$LIB/factdesk\" gui|" -e "s|^Icon=.*|Icon=$ICON|" \
    "$LIB/factdesk.desktop" > "$ENTRY"
chmod 644 "$ENTRY"
refresh
echo "Factdesk installed in $LIB; it is in your applications menu."
case ":$PATH:" in
    *":$BIN:"*) ;;
    *) echo "To use the command line, add $BIN to your PATH." ;;
esac
