#!/usr/bin/env bash
# Build Annotator for Linux: a PyInstaller one-folder bundle, then a .deb and a per-user tarball.
set -euo pipefail

usage() {
    cat <<'TEXT'
Usage: packaging/build.sh [--reuse-bundle] [--python PYTHON] [--help]

Builds, from a clean clone, in a pinned environment of its own (build/venv, from
packaging/requirements-build.txt; no test tools):
  dist/annotator/                                 the one-folder bundle (PyInstaller)
  dist/annotator_VERSION_amd64.deb                files under /opt/annotator, /usr/bin/annotator,
                                                  menu entry, icon, AppStream metainfo, MIME type
  dist/annotator-VERSION-linux-x86_64.tar.gz      install.sh / uninstall.sh for ~/.local

Options:
  --reuse-bundle    package the existing dist/annotator instead of rebuilding it
  --python PYTHON   interpreter for the build environment (default: python3; 3.11 or 3.12)
  --help            show this text and exit

Needs dpkg-deb, objdump (binutils) and GNU tar; takes a few minutes and ~1.5 GB under build/ and dist/.
The bundle runs on glibc >= the build machine's (build on Debian 12 for glibc 2.36).
Check the .deb in a fresh Debian 12 chroot with: sudo packaging/chroot_check.sh
TEXT
}

PYTHON=python3
REUSE=0
while [ $# -gt 0 ]; do
    case "$1" in
        -h|--help) usage; exit 0 ;;
        --reuse-bundle) REUSE=1 ;;
        --python) PYTHON="${2:?--python needs an interpreter}"; shift ;;
        *) echo "build.sh: unknown option $1 (see --help)" >&2; exit 2 ;;
    esac
    shift
done

cd "$(dirname "$0")/.."
ROOT=$PWD
VERSION=$(sed -n 's/^__version__ = "\(.*\)"/\1/p' annotator/__init__.py)
VENV=build/venv
BUNDLE=dist/annotator
# Fixed timestamps make the archives depend only on their contents.
export SOURCE_DATE_EPOCH=${SOURCE_DATE_EPOCH:-$(git log -1 --format=%ct 2>/dev/null || date +%s)}

if [ "$REUSE" = 0 ]; then
    start=$(date +%s)
    rm -rf "$VENV" build/pyinstaller "$BUNDLE"
    "$PYTHON" -m venv "$VENV"
    "$VENV/bin/python" -m pip install -q --disable-pip-version-check -r packaging/requirements-build.txt
    "$VENV/bin/python" -m pip install -q --disable-pip-version-check --no-deps .
    "$VENV/bin/pyinstaller" --noconfirm --clean --log-level WARN --distpath dist --workpath build/pyinstaller \
        packaging/annotator.spec
    echo "Bundle built in $(( $(date +%s) - start )) s"
fi
[ -x "$BUNDLE/annotator" ] || { echo "build.sh: no bundle at $BUNDLE (run without --reuse-bundle)" >&2; exit 1; }

# Licences ship inside the bundle, so both artefacts carry them.
install -Dm644 LICENSE "$BUNDLE/licenses/LICENSE"
"$VENV/bin/python" packaging/notices.py "$BUNDLE/licenses/THIRD-PARTY-NOTICES.txt"

# The newest glibc symbol version any bundled file needs is the oldest system it can run on.
GLIBC=$(find "$BUNDLE" -type f \( -name '*.so*' -o -name annotator \) -exec objdump -T {} + 2>/dev/null \
    | grep -o 'GLIBC_2\.[0-9]*' | sort -t. -k2 -n -u | tail -1 | sed 's/GLIBC_//')
echo "$GLIBC" > "$BUNDLE/licenses/GLIBC_BASELINE"

# Files both artefacts install beside the bundle, in the layout of a /usr or ~/.local prefix.
stage_share() {
    local share=$1
    install -Dm644 packaging/annotator.desktop "$share/applications/annotator.desktop"
    install -Dm644 resources/icons/annotator.svg "$share/icons/hicolor/scalable/apps/annotator.svg"
    install -Dm644 packaging/io.github.annotator.Annotator.metainfo.xml \
        "$share/metainfo/io.github.annotator.Annotator.metainfo.xml"
    install -Dm644 packaging/annotator-mime.xml "$share/mime/packages/annotator.xml"
}

# --- .deb -------------------------------------------------------------------------------------------
DEB_ROOT=build/deb
rm -rf "$DEB_ROOT"
mkdir -p "$DEB_ROOT/opt" "$DEB_ROOT/usr/bin" "$DEB_ROOT/DEBIAN"
cp -al "$BUNDLE" "$DEB_ROOT/opt/annotator"  # hard links: the bundle is ~500 MB
ln -s /opt/annotator/annotator "$DEB_ROOT/usr/bin/annotator"
stage_share "$DEB_ROOT/usr/share"
install -Dm644 LICENSE "$DEB_ROOT/usr/share/doc/annotator/copyright"
DEPENDS="libc6 (>= $GLIBC), $(grep -v '^#' packaging/deb-depends.txt | xargs | sed 's/ /, /g')"
SIZE=$(du -sk --exclude=DEBIAN "$DEB_ROOT" | cut -f1)
sed -e "s/@VERSION@/$VERSION/" -e "s/@DEPENDS@/$DEPENDS/" -e "s/@SIZE@/$SIZE/" packaging/deb-control \
    > "$DEB_ROOT/DEBIAN/control"
find "$DEB_ROOT" -exec touch -h -d "@$SOURCE_DATE_EPOCH" {} +
chmod -R u=rwX,go=rX "$DEB_ROOT"
DEB=dist/annotator_${VERSION}_amd64.deb
# gzip, not xz: xz spends minutes of CPU on the ~500 MB bundle for a ~30% smaller file.
dpkg-deb --root-owner-group -Zgzip --build "$DEB_ROOT" "$DEB" >/dev/null

# --- tarball ----------------------------------------------------------------------------------------
NAME=annotator-$VERSION-linux-x86_64
TAR_ROOT=build/tar/$NAME
rm -rf build/tar
mkdir -p "$TAR_ROOT"
cp -al "$BUNDLE" "$TAR_ROOT/annotator"
stage_share "$TAR_ROOT/share"
install -m755 packaging/install.sh packaging/uninstall.sh "$TAR_ROOT/"
install -m644 LICENSE "$TAR_ROOT/LICENSE"
TARBALL=$ROOT/dist/$NAME.tar.gz
(cd build/tar && tar --sort=name --mtime="@$SOURCE_DATE_EPOCH" --owner=0 --group=0 --numeric-owner \
    -cf - "$NAME" | gzip -n > "$TARBALL")

echo "Built $DEB ($(du -h "$DEB" | cut -f1)) and dist/$NAME.tar.gz ($(du -h "$TARBALL" | cut -f1));" \
     "bundle $(du -sh "$BUNDLE" | cut -f1), $(find "$BUNDLE" -type f | wc -l) files, needs glibc >= $GLIBC"
