"""The desktop integration files agree with each other and with the app, without building anything."""

from __future__ import annotations

import configparser
import os
import shutil
import subprocess
import tomllib
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from annotator import __version__
from annotator.paths import icon_path
from annotator.store.project import PROJECT_SUFFIX

ROOT = Path(__file__).resolve().parent.parent
PACKAGING = ROOT / "packaging"
MIME_TYPE = "application/x-annotator-project"
MIME_NS = "{http://www.freedesktop.org/standards/shared-mime-info}"
MAIN_CATEGORIES = {"AudioVideo", "Audio", "Video", "Development", "Education", "Game", "Graphics", "Network",
                   "Office", "Science", "Settings", "System", "Utility"}
METAINFO = PACKAGING / "io.github.annotator.Annotator.metainfo.xml"


def _desktop() -> dict[str, str]:
    parser = configparser.ConfigParser(interpolation=None)
    parser.optionxform = str  # keys are case-sensitive in desktop files
    parser.read(PACKAGING / "annotator.desktop", encoding="utf-8")
    return dict(parser["Desktop Entry"])


def test_desktop_entry_launches_the_app_with_one_project_and_claims_only_its_type():
    entry = _desktop()
    assert entry["Type"] == "Application" and entry["Terminal"] == "false"
    assert entry["Exec"] in ("annotator %f", "annotator %F")
    assert entry["Icon"] == icon_path().stem == "annotator"
    categories = [c for c in entry["Categories"].split(";") if c]
    assert len([c for c in categories if c in MAIN_CATEGORIES]) == 1
    assert [t for t in entry["MimeType"].split(";") if t] == [MIME_TYPE]


def test_desktop_entry_passes_desktop_file_validate():
    if not shutil.which("desktop-file-validate"):
        pytest.skip("desktop-file-validate is not installed (apt install desktop-file-utils); "
                    "packaging/chroot_check.sh runs it")
    result = subprocess.run(["desktop-file-validate", str(PACKAGING / "annotator.desktop")],
                            capture_output=True, text=True)
    assert result.returncode == 0 and "error" not in result.stdout.lower(), result.stdout


def test_mime_definition_names_project_files_and_the_icon():
    root = ET.parse(PACKAGING / "annotator-mime.xml").getroot()
    (mime,) = root.findall(f"{MIME_NS}mime-type")
    assert mime.get("type") == MIME_TYPE
    assert [g.get("pattern") for g in mime.findall(f"{MIME_NS}glob")] == [f"*{PROJECT_SUFFIX}"]
    assert mime.find(f"{MIME_NS}sub-class-of").get("type") == "application/vnd.sqlite3"
    assert mime.find(f"{MIME_NS}generic-icon").get("name") == _desktop()["Icon"]
    assert mime.find(f"{MIME_NS}comment").text


def test_metainfo_matches_the_desktop_file_version_and_licence():
    root = ET.parse(METAINFO).getroot()
    assert root.get("type") == "desktop-application"
    assert root.findtext("id") == METAINFO.name.removesuffix(".metainfo.xml")
    assert root.findtext("launchable") == "annotator.desktop"
    assert root.find("provides/mediatype").text == MIME_TYPE
    assert root.find("provides/binary").text == "annotator"
    licence = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["license"]["text"]
    assert root.findtext("project_license") == licence == "MIT"
    assert "MIT License" in (ROOT / "LICENSE").read_text()
    assert root.find("releases/release").get("version") == __version__
    assert len(root.findall("description/p")) >= 1


def test_metainfo_passes_appstreamcli():
    if not shutil.which("appstreamcli"):
        pytest.skip("appstreamcli is not installed (apt install appstream); packaging/chroot_check.sh runs it")
    result = subprocess.run(["appstreamcli", "validate", "--no-net", str(METAINFO)], capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr


def test_icon_is_a_square_scalable_svg():
    root = ET.parse(icon_path()).getroot()
    assert root.tag == "{http://www.w3.org/2000/svg}svg"
    x, y, width, height = (float(v) for v in root.get("viewBox").split())
    assert width == height > 0


def test_build_script_help_builds_nothing():
    result = subprocess.run(["bash", str(PACKAGING / "build.sh"), "--help"], capture_output=True, text=True,
                            cwd=ROOT, timeout=30)
    assert result.returncode == 0 and "Usage: packaging/build.sh" in result.stdout
    assert ".deb" in result.stdout and ".tar.gz" in result.stdout


def test_build_requirements_are_pinned_and_free_of_test_tools():
    lines = [line for line in (PACKAGING / "requirements-build.txt").read_text().splitlines()
             if line and not line.startswith("#")]
    assert all("==" in line for line in lines)
    names = {line.split("==")[0].lower() for line in lines}
    assert {"pyinstaller", "spacy", "pyside6_essentials"} <= names
    assert not names & {"pytest", "pytest-qt", "hypothesis", "ruff", "import-linter"}


def _snapshot(folder: Path) -> dict[str, bytes | None]:
    return {str(p.relative_to(folder)): (p.read_bytes() if p.is_file() else None) for p in folder.rglob("*")}


def test_per_user_install_then_uninstall_leaves_local_as_it_was(tmp_path):
    unpacked = tmp_path / "annotator-0-linux-x86_64"
    (unpacked / "annotator").mkdir(parents=True)
    stub = unpacked / "annotator" / "annotator"
    stub.write_text("#!/bin/sh\necho stub annotator\n")
    stub.chmod(0o755)
    for source, target in [("annotator.desktop", "applications/annotator.desktop"),
                           ("annotator-mime.xml", "mime/packages/annotator.xml"),
                           (METAINFO.name, f"metainfo/{METAINFO.name}")]:
        (unpacked / "share" / target).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy(PACKAGING / source, unpacked / "share" / target)
    for script in ("install.sh", "uninstall.sh"):
        shutil.copy(PACKAGING / script, unpacked / script)
    home = tmp_path / "home"
    (home / ".local" / "share" / "Annotator").mkdir(parents=True)  # a user's projects, which must survive
    (home / ".local" / "share" / "Annotator" / "mine.annotator.db").write_bytes(b"work")
    (home / ".local" / "bin").mkdir()
    before = _snapshot(home)
    env = {**os.environ, "HOME": str(home)}
    env.pop("ANNOTATOR_PREFIX", None)

    subprocess.run(["sh", str(unpacked / "install.sh")], env=env, check=True, capture_output=True)
    program = home / ".local" / "bin" / "annotator"
    assert subprocess.run([str(program)], capture_output=True, text=True).stdout == "stub annotator\n"
    menu = (home / ".local" / "share" / "applications" / "annotator.desktop").read_text()
    assert f"Exec={program} %f" in menu  # the menu need not have ~/.local/bin on its PATH
    assert (home / ".local" / "share" / "mime" / "packages" / "annotator.xml").is_file()

    result = subprocess.run(["sh", str(home / ".local" / "lib" / "annotator" / "uninstall.sh")], env=env,
                            capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert _snapshot(home) == before
