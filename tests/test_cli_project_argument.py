"""`annotator PROJECT.annotator.db` opens that project, as the menu entry and file managers call it."""

from __future__ import annotations

import types

import pytest

from annotator import cli


@pytest.fixture
def opened(monkeypatch):
    """Record what the window would have been asked to open."""
    calls: list[dict] = []
    import annotator.app

    monkeypatch.setattr(annotator.app, "run_gui", lambda **kwargs: calls.append(kwargs) or 0)
    return calls


def test_a_project_file_argument_opens_that_project(tmp_path, opened):
    project = tmp_path / "team.annotator.db"
    project.write_bytes(b"")
    assert cli.main([str(project)]) == 0
    assert opened[0]["db"] == project
    assert cli.main(["--annotator", "ann", str(project), "--demo"]) == 0
    assert opened[1]["db"] == project and opened[1]["annotator"] == "ann" and opened[1]["demo"]
    assert cli.main(["gui", str(project)]) == 0
    assert opened[2]["db"] == project


def test_without_a_file_the_window_opens_as_before(opened):
    assert cli.main(["--demo"]) == 0
    assert opened[0]["db"] is None and opened[0]["demo"] is True


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["notes.txt"], "notes.txt: no such file"),  # other FILEs are articles to open: this one is missing
        (["{tmp}/missing.annotator.db"], "missing.annotator.db: no such project file"),
        (["{tmp}/a.annotator.db", "{tmp}/b.annotator.db"], "b.annotator.db: one project at a time"),
    ],
)
def test_a_wrong_file_argument_is_named_in_one_line(tmp_path, opened, capsys, argv, message):
    for name in ("a", "b"):
        (tmp_path / f"{name}.annotator.db").write_bytes(b"")
    assert cli.main([arg.format(tmp=tmp_path) for arg in argv]) == 1
    err = capsys.readouterr().err
    assert message in err and err.count("\n") == 1
    assert not opened


def test_commands_still_win_over_files(tmp_path, capsys):
    assert cli.main(["info", "--db", str(tmp_path / "none.annotator.db")]) == 1
    assert "no such project file" in capsys.readouterr().err


def test_a_missing_qt_library_names_the_packages_to_install(monkeypatch, capsys):
    from annotator.app import run_gui

    class Broken(types.ModuleType):
        def __getattr__(self, name):
            raise ImportError("libGL.so.1: cannot open shared object file: No such file or directory")

    monkeypatch.setitem(__import__("sys").modules, "PySide6.QtWidgets", Broken("PySide6.QtWidgets"))
    monkeypatch.setenv("QT_QPA_PLATFORM", "offscreen")
    assert run_gui(db=None, demo=False, screenshot=None, annotator="x") == 1
    err = capsys.readouterr().err
    assert err.count("\n") == 1
    assert "libGL.so.1 is missing" in err and "apt install libgl1" in err and "dnf install mesa-libGL" in err


def test_an_unknown_library_still_gets_a_package_list_and_other_errors_none():
    from annotator.system_libs import missing_library_message

    line = missing_library_message(ImportError("libfoo.so.3: cannot open shared object file: No such file"))
    assert "libfoo.so.3" in line and "libgl1" in line and "fontconfig" in line
    assert missing_library_message(ImportError("No module named 'PySide6'")) is None
