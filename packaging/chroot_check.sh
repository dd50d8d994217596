#!/usr/bin/env bash
# Prove the artefacts on a fresh minimal Debian 12 (as root): the .deb pulls what Qt needs and renders the demo,
# its desktop files validate, the MIME type opens the app, removal leaves nothing; the tarball's install.sh
# then uninstall.sh leave ~/.local as it was.
set -euo pipefail

usage() {
    cat <<'TEXT'
Usage: sudo packaging/chroot_check.sh [--chroot DIR] [--mirror URL] [--help]

Runs debootstrap --variant=minbase bookworm into DIR (default /tmp/annotator-chroot; reused if it holds
a system already, so make a fresh one for a real check), then inside it, against dist/annotator_*.deb and
dist/annotator-*-linux-x86_64.tar.gz (build them with: make package):
  1. no Qt system library is installed; apt-get install ./annotator_*.deb pulls them
  2. no bundled Qt library, plugin or Python extension lacks a system library (ldd)
  3. as a normal user: annotator --demo --screenshot (saved to dist/chroot-demo.png to look at)
  4. desktop-file-validate, appstreamcli validate, xdg-mime query default/filetype
  5. apt-get remove annotator: no file of the package, no MIME or menu cache entry is left
  6. tarball: install.sh then uninstall.sh as the user; ~/.local is compared before and after
Needs root, debootstrap and a Debian mirror (network).
TEXT
}

CHROOT=/tmp/annotator-chroot
MIRROR=http://deb.debian.org/debian
while [ $# -gt 0 ]; do
    case "$1" in
        -h|--help) usage; exit 0 ;;
        --chroot) CHROOT="${2:?--chroot needs a folder}"; shift ;;
        --mirror) MIRROR="${2:?--mirror needs a URL}"; shift ;;
        *) echo "chroot_check.sh: unknown option $1 (see --help)" >&2; exit 2 ;;
    esac
    shift
done
cd "$(dirname "$0")/.."
DEB=$(ls dist/annotator_*_amd64.deb 2>/dev/null | tail -1)
TARBALL=$(ls dist/annotator-*-linux-x86_64.tar.gz 2>/dev/null | tail -1)
[ -n "$DEB" ] && [ -n "$TARBALL" ] || { echo "chroot_check.sh: build first (make package)" >&2; exit 1; }
[ "$(id -u)" = 0 ] || { echo "chroot_check.sh: needs root (debootstrap, chroot)" >&2; exit 1; }

if [ ! -x "$CHROOT/usr/bin/apt-get" ]; then
    command -v debootstrap >/dev/null || { echo "chroot_check.sh: install debootstrap first" >&2; exit 1; }
    debootstrap --variant=minbase bookworm "$CHROOT" "$MIRROR"
fi
mount -t proc proc "$CHROOT/proc"
trap 'umount "$CHROOT/proc"' EXIT
cp "$DEB" "$TARBALL" "$CHROOT/tmp/"
cp packaging/deb-depends.txt "$CHROOT/tmp/"
in_root() { chroot "$CHROOT" /usr/bin/env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin HOME=/root LANG=C.UTF-8 "$@"; }
as_user() { chroot "$CHROOT" /usr/bin/env -i PATH=/home/ann/.local/bin:/usr/bin:/bin HOME=/home/ann LANG=C.UTF-8 \
    setpriv --reuid=ann --regid=ann --init-groups "$@"; }
pass() { echo "PASS: $*"; }
fail() { echo "FAIL: $*"; FAILED=1; }
FAILED=0

in_root sh -c 'id ann >/dev/null 2>&1 || useradd -m ann'
in_root apt-get update -qq
echo "--- 1. install the .deb on a system without Qt's libraries"
already=$(in_root dpkg-query -W -f='${Package} ${Status}\n' $(grep -v '^#' packaging/deb-depends.txt) 2>/dev/null \
    | grep -c " installed" || true)
[ "$already" = 0 ] && pass "none of the $(grep -vc '^#' packaging/deb-depends.txt) Depends was installed before" \
    || echo "note: $already of the Depends were installed already (chroot reused)"
in_root find / -xdev \( -path /proc -o -path /tmp -o -path /home -o -path /root -o -path /var/cache \
    -o -path /var/lib/apt -o -path /var/lib/dpkg -o -path /var/log \) -prune -o -print | sort > /tmp/chroot-before
in_root sh -c "DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends /tmp/$(basename "$DEB")" \
    >/tmp/chroot-apt.log 2>&1 && pass "apt-get install ./$(basename "$DEB")" || { cat /tmp/chroot-apt.log; exit 1; }

echo "--- 2. every bundled Qt library and extension finds its system libraries"
# The bundle's own libraries resolve each other (rpath / the bootloader); only system ones may be missing.
missing=$(in_root sh -c 'cd /opt/annotator/_internal && export LD_LIBRARY_PATH=$PWD && for f in $(find PySide6 shiboken6 -name "*.so*" \
    ! -path "*sqldrivers*" ! -path "*wayland*" ! -name "libqgtk3.so" ! -path "*qmltooling*" ! -name "libqpdf.so") \
    lib*.so* ../annotator; do ldd "$f" 2>/dev/null | grep "not found" | sed "s|^|$f: |"; done | sort -u')
[ -z "$missing" ] && pass "ldd finds every library" || { fail "missing libraries:"; echo "$missing"; }

echo "--- 3. the demo renders (no display: offscreen)"
as_user sh -c 'cd && QT_QPA_PLATFORM=offscreen annotator --demo --db /tmp/x.annotator.db --annotator ann \
    --screenshot /tmp/chroot-demo.png' \
    && pass "annotator --demo --screenshot" || fail "the demo did not render"
cp "$CHROOT/tmp/chroot-demo.png" dist/chroot-demo.png 2>/dev/null && echo "look at dist/chroot-demo.png"

echo "--- 4. desktop integration"
in_root sh -c 'DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends desktop-file-utils \
    appstream xdg-utils shared-mime-info libfile-mimeinfo-perl' >/tmp/chroot-tools.log 2>&1 || { cat /tmp/chroot-tools.log; exit 1; }
in_root desktop-file-validate /usr/share/applications/annotator.desktop && pass "desktop-file-validate" \
    || fail "desktop-file-validate"
in_root appstreamcli validate --no-net /usr/share/metainfo/io.github.annotator.Annotator.metainfo.xml \
    && pass "appstreamcli validate" || fail "appstreamcli validate"
default=$(as_user xdg-mime query default application/x-annotator-project)
[ "$default" = annotator.desktop ] && pass "xdg-mime query default: $default" || fail "xdg-mime default: '$default'"
filetype=$(as_user xdg-mime query filetype /tmp/x.annotator.db 2>/dev/null || true)
[ "$filetype" = application/x-annotator-project ] && pass "xdg-mime query filetype: $filetype" \
    || fail "xdg-mime filetype of a project: '$filetype'"

echo "--- 5. apt-get remove leaves nothing behind"
in_root sh -c 'DEBIAN_FRONTEND=noninteractive apt-get remove -y -qq annotator' >/dev/null 2>&1
left=$(in_root find / -xdev \( -path /proc -o -path /tmp -o -path /home -o -path /root -o -path /var/cache \
    -o -path /var/lib/apt -o -path /var/lib/dpkg -o -path /var/log \) -prune -o -iname '*annotator*' -print)
cached=$(in_root grep -rl -i annotator /usr/share/mime /usr/share/applications 2>/dev/null || true)
[ -z "$left$cached" ] && pass "no annotator file or cache entry is left" || fail "left behind: $left $cached"
filetype=$(as_user xdg-mime query filetype /tmp/x.annotator.db 2>/dev/null || true)
echo "after removal a project file is $filetype"

echo "--- 6. tarball install.sh / uninstall.sh as a normal user"
name=$(basename "$TARBALL" .tar.gz)
as_user sh -c "cd /tmp && rm -rf $name && tar xzf /tmp/$name.tar.gz"
as_user sh -c 'mkdir -p ~/.local/share ~/.local/bin && echo mine > ~/.local/share/keep.txt'
snapshot='cd && find .local -printf "%p %y %s\n" | sort; find .local -type f -exec md5sum {} + | sort'
as_user sh -c "$snapshot" > /tmp/chroot-local-before
as_user sh "/tmp/$name/install.sh" && as_user annotator --version && pass "install.sh; annotator on PATH" \
    || fail "install.sh"
as_user sh -c 'cd && QT_QPA_PLATFORM=offscreen ~/.local/bin/annotator --demo --db /tmp/t.annotator.db --screenshot /tmp/t.png' \
    >/dev/null && pass "the per-user install renders the demo" || fail "the per-user install did not render"
as_user sh -c 'cd && ~/.local/lib/annotator/uninstall.sh' && pass "uninstall.sh" || fail "uninstall.sh"
as_user sh -c "$snapshot" > /tmp/chroot-local-after
diff /tmp/chroot-local-before /tmp/chroot-local-after && pass "~/.local is as it was" || fail "~/.local changed"

[ "$FAILED" = 0 ] && echo "chroot check: all passed" || { echo "chroot check: FAILED"; exit 1; }
