"""Which distribution packages provide a Qt system library, so a missing one is named in one line."""

from __future__ import annotations

import re

# library soname prefix -> (Debian/Ubuntu package, Fedora package); the libraries PySide6's Qt loads from the system.
PACKAGES = {
    "libGL.so": ("libgl1", "mesa-libGL"),
    "libEGL.so": ("libegl1", "mesa-libEGL"),
    "libOpenGL.so": ("libopengl0", "libglvnd-opengl"),
    "libxkbcommon-x11.so": ("libxkbcommon-x11-0", "libxkbcommon-x11"),
    "libxkbcommon.so": ("libxkbcommon0", "libxkbcommon"),
    "libfontconfig.so": ("libfontconfig1", "fontconfig"),
    "libfreetype.so": ("libfreetype6", "freetype"),
    "libglib-2.0.so": ("libglib2.0-0", "glib2"),
    "libgthread-2.0.so": ("libglib2.0-0", "glib2"),
    "libdbus-1.so": ("libdbus-1-3", "dbus-libs"),
    "libxcb-cursor.so": ("libxcb-cursor0", "xcb-util-cursor"),
    "libxcb-icccm.so": ("libxcb-icccm4", "xcb-util-wm"),
    "libxcb-keysyms.so": ("libxcb-keysyms1", "xcb-util-keysyms"),
    "libX11-xcb.so": ("libx11-xcb1", "libX11-xcb"),
    "libX11.so": ("libx11-6", "libX11"),
}
_ALL_DEBIAN = "libgl1 libegl1 libxkbcommon0 libfontconfig1 libglib2.0-0 libdbus-1-3 fonts-dejavu-core"
_ALL_FEDORA = "mesa-libGL mesa-libEGL libxkbcommon fontconfig glib2 dbus-libs dejavu-sans-fonts"


def missing_library_message(error: ImportError) -> str | None:
    """One line naming the packages to install when Qt failed to load a system library, else None."""
    found = re.search(r"(lib[\w.+-]+?\.so(?:\.\d+)*): cannot open shared object file", str(error))
    if not found:
        return None
    library = found.group(1)
    prefix = next((p for p in PACKAGES if library.startswith(p)), None)
    debian, fedora = PACKAGES[prefix] if prefix else (_ALL_DEBIAN, _ALL_FEDORA)
    return (f"annotator: Qt cannot start: the system library {library} is missing. Install it with "
            f"`sudo apt install {debian}` (Debian/Ubuntu) or `sudo dnf install {fedora}` (Fedora).")
