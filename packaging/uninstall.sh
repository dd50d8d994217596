#!/bin/sh
# Remove a per-user Annotator installed by install.sh: exactly the paths it created. Projects are kept.
set -eu

PREFIX=${ANNOTATOR_PREFIX:-$HOME/.local}
APP=$PREFIX/lib/annotator
MANIFEST=$APP/install-manifest

case "${1:-}" in
    -h|--help) echo "Usage: uninstall.sh   (removes Annotator from ${PREFIX}; your projects stay)"; exit 0 ;;
esac
[ -f "$MANIFEST" ] || { echo "uninstall.sh: no Annotator installed in $APP" >&2; exit 1; }

list=$(mktemp)
trap 'rm -f "$list"' EXIT
LC_ALL=C sort -r "$MANIFEST" > "$list"
rm -rf "$APP"
# Deepest paths first, so each folder is empty when its turn comes; folders someone else filled stay.
while IFS= read -r path; do
    case "$path" in "$APP"|"$APP"/*) continue ;; "$PREFIX"*) ;; *) continue ;; esac
    if [ -d "$path" ] && [ ! -L "$path" ]; then
        rmdir "$path" 2>/dev/null || true
    elif [ -e "$path" ] || [ -L "$path" ]; then
        rm -f "$path"
    fi
done < "$list"
# Caches that existed before the install are rebuilt without Annotator's entries.
if [ -d "$PREFIX/share/mime/packages" ] && command -v update-mime-database >/dev/null; then
    update-mime-database "$PREFIX/share/mime"
fi
if [ -f "$PREFIX/share/applications/mimeinfo.cache" ] && command -v update-desktop-database >/dev/null; then
    update-desktop-database "$PREFIX/share/applications"
fi
echo "Removed Annotator from $PREFIX (your projects and settings are kept)."
