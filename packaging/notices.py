"""Collect third-party licence notices from the build environment into one text file for the bundle.

Run with the build environment's Python: every installed distribution is listed with its version and licence,
followed by the licence files it ships. PySide6/Qt wheels ship no licence file, so the LGPL-3.0 text is taken
from the build system (Debian's /usr/share/common-licenses) and the user's rights under it are stated.
"""

from __future__ import annotations

import argparse
import sys
from importlib import metadata
from pathlib import Path

_LICENCE_NAMES = ("LICENSE", "LICENCE", "COPYING", "NOTICE", "AUTHORS")
_COMMON_LICENSES = Path("/usr/share/common-licenses")
_QT_NOTICE = """\
Qt and PySide6 (Qt for Python), shiboken6
-----------------------------------------
This bundle contains the Qt 6 libraries and the PySide6 / shiboken6 bindings, unmodified, as published
on PyPI by The Qt Company. They are used under the GNU Lesser General Public License version 3
(LGPL-3.0-only), whose full text follows at the end of this file. They are separate shared libraries in
the bundle's _internal/PySide6 and _internal/shiboken6 folders: you may replace them with a compatible
build of your own. Their source code is available from https://download.qt.io/official_releases/ and
https://code.qt.io/ (pyside/pyside-setup for PySide6).
"""


def _licence(dist: metadata.Distribution) -> str:
    meta = dist.metadata
    text = meta.get("License-Expression") or meta.get("License") or ""
    if not text or len(text) > 80 or "\n" in text:  # some packages paste the whole licence here
        classifiers = [c.split(" :: ")[-1] for c in meta.get_all("Classifier") or [] if c.startswith("License ::")]
        text = ", ".join(classifiers) or (text.splitlines()[0] if text else "see the licence text below")
    return text


def _licence_files(dist: metadata.Distribution) -> list[Path]:
    files = []
    for entry in dist.files or []:
        name = entry.name.upper()
        in_dist_info = ".dist-info" in str(entry.parent) or "licenses" in entry.parts
        if in_dist_info and name.startswith(_LICENCE_NAMES):
            files.append(Path(dist.locate_file(entry)))
    return sorted(set(files))


def collect(out: Path) -> int:
    """Write the notices file; returns how many distributions it names."""
    dists = sorted(metadata.distributions(), key=lambda d: (d.metadata["Name"] or "").lower())
    skip = {"pip", "setuptools", "pyinstaller", "pyinstaller-hooks-contrib", "altgraph", "packaging"}
    dists = [d for d in dists if (d.metadata["Name"] or "").lower() not in skip]
    parts = ["Third-party software in the Annotator bundle", "=" * 45, "",
             f"Python {sys.version.split()[0]} (Python Software Foundation License)", ""]
    parts += [f"{d.metadata['Name']} {d.version}: {_licence(d)}" for d in dists]
    parts += ["", _QT_NOTICE]
    python_licence = Path(sys.base_prefix) / "lib" / f"python{sys.version_info[0]}.{sys.version_info[1]}" / "LICENSE.txt"
    if python_licence.is_file():
        parts += ["", "Python", "------", python_licence.read_text(encoding="utf-8", errors="replace")]
    for dist in dists:
        for path in _licence_files(dist):
            parts += ["", f"{dist.metadata['Name']} {dist.version}: {path.name}", "-" * 60,
                      path.read_text(encoding="utf-8", errors="replace")]
    lgpl = _COMMON_LICENSES / "LGPL-3"
    gpl = _COMMON_LICENSES / "GPL-3"
    for title, path in (("GNU Lesser General Public License v3 (Qt, PySide6)", lgpl),
                        ("GNU General Public License v3 (which the LGPL v3 extends)", gpl)):
        if not path.is_file():
            print(f"notices: {path} is missing; install base-files or add the text by hand", file=sys.stderr)
            return -1
        parts += ["", title, "-" * 60, path.read_text(encoding="utf-8")]
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text("\n".join(parts) + "\n", encoding="utf-8")
    return len(dists)


def main() -> int:
    """Command line: notices.py OUT."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", type=Path, help="the notices file to write")
    count = collect(parser.parse_args().out)
    if count < 0:
        return 1
    print(f"Wrote licence notices for {count} packages")
    return 0


if __name__ == "__main__":
    sys.exit(main())
