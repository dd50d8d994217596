"""`annotator [--db P] FILE...`: article files side by side (new ones imported), --size, project files."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from annotator import cli
from annotator.store import articles as article_store
from tests.ui.conftest import make_window

pytestmark = pytest.mark.gui
ROOT = Path(__file__).resolve().parents[2]


def _articles(folder: Path, count: int) -> list[Path]:
    paths = []
    for index in range(count):
        path = folder / f"a{index}.txt"
        path.write_text(f"Headline {index}\n\n\"We said {index} things,\" the minister said.\n")
        paths.append(path)
    return paths


def test_the_files_open_side_by_side_and_new_ones_are_imported(qtbot, demo_path, tmp_path):
    from annotator.ui.window.opening import open_files

    window = make_window(qtbot, demo_path)
    before = article_store.article_count(window.session.project)
    paths = _articles(tmp_path, 3)
    assert open_files(window, [paths[2], paths[0], paths[1], paths[0]]) == []
    shown = [view.article.source for view in window.panes.panes()]
    assert shown == ["a2.txt", "a0.txt", "a1.txt"]  # in the order given, the repeated one once
    assert article_store.article_count(window.session.project) == before + 3
    assert window.corpus.model.rowCount() == before + 3
    # Named again, the same files are found, not imported twice.
    assert open_files(window, paths[:2]) == []
    assert article_store.article_count(window.session.project) == before + 3
    assert [view.article.source for view in window.panes.panes()] == ["a0.txt", "a1.txt"]
    window.close()
    window.session.project.close()


def test_a_file_that_cannot_be_read_is_named_and_the_others_open(qtbot, demo_path, tmp_path):
    from annotator.ui.window.opening import open_files

    window = make_window(qtbot, demo_path)
    good = _articles(tmp_path, 1)[0]
    bad = tmp_path / "broken.docx"
    bad.write_bytes(b"not a zip")
    problems = open_files(window, [bad, good])
    assert len(problems) == 1 and problems[0].startswith("broken.docx: ")
    assert [view.article.source for view in window.panes.panes()] == ["a0.txt"]
    window.close()
    window.session.project.close()


def test_the_command_line_sends_articles_and_a_project_to_the_window(monkeypatch, tmp_path, capsys):
    seen = {}
    monkeypatch.setattr("annotator.app.run_gui", lambda **kwargs: seen.update(kwargs) or 0)
    a, b = _articles(tmp_path, 2)
    project = tmp_path / "p.annotator.db"
    project.write_bytes(b"")
    assert cli.main(["--size", "1280x800", str(project), str(a), str(b)]) == 0
    assert (seen["db"], seen["files"], seen["size"]) == (project, [a, b], (1280, 800))
    assert cli.main([str(project)]) == 0 and seen["db"] == project and seen["files"] == []
    assert cli.main(["--db", str(project), str(tmp_path / "gone.txt")]) == 1
    assert "gone.txt: no such file" in capsys.readouterr().err
    with pytest.raises(SystemExit):
        cli.main(["--size", "big", str(a)])
    assert "'big' is not WIDTHxHEIGHT" in capsys.readouterr().err
    assert cli.main(["--db", str(tmp_path / "other.annotator.db"), str(project)]) == 1
    assert "one project at a time" in capsys.readouterr().err


def test_a_screenshot_at_a_size_shows_the_named_files(tmp_path):
    paths = _articles(tmp_path, 2)
    shot = tmp_path / "shot.png"
    env = {k: v for k, v in os.environ.items() if k not in ("DISPLAY", "WAYLAND_DISPLAY")}
    env.update(ANNOTATOR_HOME=str(tmp_path), QT_QPA_PLATFORM="offscreen", ANNOTATOR_SUGGESTIONS="0")
    argv = ["--db", str(tmp_path / "p.annotator.db"), "--size", "1024x700", "--screenshot", str(shot),
            *map(str, paths)]
    code = f"""
        import sys
        from PySide6.QtGui import QImage
        from annotator.cli import main
        code = main({argv!r})
        image = QImage({str(shot)!r})
        print(image.width(), image.height())
        sys.exit(code)
        """
    result = subprocess.run([sys.executable, "-c", textwrap.dedent(code)], cwd=ROOT, env=env, capture_output=True,
                            text=True, timeout=90)
    assert result.returncode == 0, result.stderr
    width, height = map(int, result.stdout.split()[-2:])
    assert (width, height) == (1024, 700)


def test_the_empty_project_hint_goes_once_articles_arrive(qtbot, tmp_path):
    from annotator.app import EMPTY_PROJECT_HINT
    from annotator.ui.window.opening import open_files

    window = make_window(qtbot, tmp_path / "empty.annotator.db", demo=False)
    assert window.statusBar().currentMessage() == EMPTY_PROJECT_HINT
    assert open_files(window, _articles(tmp_path, 2)) == []
    qtbot.waitUntil(lambda: window.statusBar().currentMessage() != EMPTY_PROJECT_HINT)
    window.close()
    window.session.project.close()
