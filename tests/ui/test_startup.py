"""Start-up: spaCy stays out of the way, screenshots work headless, no display gives a clear message."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap

import pytest

pytestmark = pytest.mark.gui

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))


def _run(code: str, tmp_path, **env) -> subprocess.CompletedProcess:
    full_env = {k: v for k, v in os.environ.items() if k not in ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM")}
    full_env.update(ANNOTATOR_HOME=str(tmp_path), **env)
    return subprocess.run(
        [sys.executable, "-c", textwrap.dedent(code)], cwd=ROOT, env=full_env, capture_output=True, text=True,
        timeout=60,
    )


def test_spacy_is_not_imported_before_the_window_shows(tmp_path):
    result = _run(
        f"""
        import sys
        from PySide6.QtWidgets import QApplication
        from annotator.app import build_window
        from annotator.services.demo import build_demo
        app = QApplication([])
        window = build_window(build_demo({str(tmp_path / "d.annotator.db")!r}), "ann", demo=True)
        window.show()
        app.processEvents()
        assert window.isVisible()
        print("spacy" in sys.modules, "trafilatura" in sys.modules)
        """,
        tmp_path,
        QT_QPA_PLATFORM="offscreen",
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["False", "False"]


def test_screenshot_of_the_demo(tmp_path):
    shot = tmp_path / "shot.png"
    result = _run(
        f"""
        import sys
        from annotator.cli import main
        sys.exit(main(["--demo", "--db", {str(tmp_path / "d.annotator.db")!r}, "--screenshot", {str(shot)!r}]))
        """,
        tmp_path,
        QT_QPA_PLATFORM="offscreen",
    )
    assert result.returncode == 0, result.stderr
    assert shot.stat().st_size > 10_000


def test_no_display_prints_a_clear_message(tmp_path):
    if not sys.platform.startswith("linux"):
        pytest.skip("the display check is for Linux")
    result = _run(
        """
        import sys
        from annotator.cli import main
        sys.exit(main(["--annotator", "x"]))
        """,
        tmp_path,
    )
    assert result.returncode == 2
    assert "no display" in result.stderr and "Traceback" not in result.stderr


def test_first_run_without_a_dialog_uses_the_login_name(tmp_path, monkeypatch):
    monkeypatch.setenv("ANNOTATOR_HOME", str(tmp_path))
    from annotator.app import resolve_annotator
    from annotator.cli import default_annotator
    from annotator.ui.window import settings as state

    assert resolve_annotator(None, ask=False) == default_annotator()
    assert resolve_annotator("Ana", ask=False) == "Ana"
    assert state.saved_annotator() == "Ana"
    assert resolve_annotator(None, ask=False) == "Ana"


def test_first_run_prompt_remembers_a_typed_name_but_not_a_cancel(tmp_path, monkeypatch):
    monkeypatch.setenv("ANNOTATOR_HOME", str(tmp_path))
    from annotator.app import resolve_annotator
    from annotator.cli import default_annotator
    from annotator.ui.shared import dialogs
    from annotator.ui.window import settings as state

    monkeypatch.setattr(dialogs, "ask_annotator_name", lambda parent, default: None)
    assert resolve_annotator(None, ask=True) == default_annotator()
    assert state.saved_annotator() is None  # cancelled: asked again next run
    monkeypatch.setattr(dialogs, "ask_annotator_name", lambda parent, default: "Ana")
    assert resolve_annotator(None, ask=True) == "Ana"
    assert state.saved_annotator() == "Ana"


def test_without_db_the_last_project_or_a_new_default_opens(tmp_path, monkeypatch):
    monkeypatch.setenv("ANNOTATOR_HOME", str(tmp_path))
    from annotator.app import resolve_project
    from annotator.ui.window import settings as state

    project = resolve_project(None, demo=False)
    assert project.path == tmp_path / "data" / "default.annotator.db"
    project.close()
    other = tmp_path / "elsewhere.annotator.db"
    resolve_project(other, demo=False).close()
    state.add_recent_project(other)
    project = resolve_project(None, demo=False)
    assert project.path == other.resolve()
    project.close()
    demo = resolve_project(None, demo=True)
    assert demo.path == tmp_path / "data" / "demo.annotator.db"
    demo.close()
