#!/bin/sh
# Install Annotator for the current user under ~/.local (or $ANNOTATOR_PREFIX): no root needed.
# Every path it creates is recorded, so uninstall.sh puts the prefix back as it was.
set -eu

PREFIX=${ANNOTATOR_PREFIX:-$HOME/.local}
HERE=$(cd "$(dirname "$0")" && pwd)
APP=$PREFIX/lib/annotator
MANIFEST=$APP/install-manifest

case "${1:-}" in
    -h|--help) echo "Usage: install.sh   (installs into ${PREFIX}; set ANNOTATOR_PREFIX to choose another prefix)"; exit 0 ;;
esac
[ -x "$HERE/annotator/annotator" ] || { echo "install.sh: run it from the unpacked annotator-*-linux-x86_64 folder" >&2; exit 1; }
if [ -e "$APP" ]; then
    echo "Replacing the Annotator already installed in $APP"
    sh "$APP/uninstall.sh" >/dev/null
fi

before=$(mktemp)
after=$(mktemp)
trap 'rm -f "$before" "$after"' EXIT
snapshot() { if [ -e "$PREFIX" ]; then find "$PREFIX" | LC_ALL=C sort; fi; }
snapshot > "$before"

mkdir -p "$PREFIX/lib" "$PREFIX/bin"
cp -R "$HERE/annotator" "$APP"
cp "$HERE/uninstall.sh" "$APP/uninstall.sh"
ln -s "$APP/annotator" "$PREFIX/bin/annotator"
(cd "$HERE/share" && find . -type f) | while IFS= read -r file; do
    mkdir -p "$(dirname "$PREFIX/share/$file")"
    cp "$HERE/share/$file" "$PREFIX/share/$file"
done
# The menu may not have ~/.local/bin on its PATH: the entry names the program by its full path.
sed -i "s|^Exec=annotator |Exec=$PREFIX/bin/annotator |" "$PREFIX/share/applications/annotator.desktop"
if command -v update-mime-database >/dev/null; then update-mime-database "$PREFIX/share/mime"; fi
if command -v update-desktop-database >/dev/null; then update-desktop-database "$PREFIX/share/applications"; fi

snapshot > "$after"
LC_ALL=C comm -13 "$before" "$after" > "$MANIFEST"
echo "$MANIFEST" >> "$MANIFEST"
echo "Installed Annotator in $APP; run: annotator (or find it in the menu). Uninstall: $APP/uninstall.sh"
case ":$PATH:" in *":$PREFIX/bin:"*) ;; *) echo "Note: $PREFIX/bin is not on your PATH." ;; esac
