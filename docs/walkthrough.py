"""Walk through the window with the keyboard only, as an annotator and then as a reviewer, and screenshot it.

Run under a virtual X screen with the real xcb platform (as a user's desktop would be):

    xvfb-run -a -s "-screen 0 1600x1000x24" .venv/bin/python docs/walkthrough.py [OUTDIR]

Every step sends keys to the widget that has the keyboard (``QApplication.focusWidget()``), as a user types;
the window's state is only read, to check what a user would see. Each problem prints one ``FOUND: ...``
line and the walk goes on; the exit status is the number of problems (0: nothing found). Screenshots of
the key moments go to OUTDIR (default docs/walkthrough/, kept out of git); a walk into the default folder
copies two of them over the README's docs/screenshot.png and docs/review.png. The modules beside this one
hold the steps: walk_keys (keys, checks, pictures), walk_annotator, walk_corpus and walk_review.
tests/ui/test_walkthrough.py runs the same steps offscreen so the walk cannot rot.
"""

from __future__ import annotations

import os
import shutil
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from docs.walk_annotator import annotate  # noqa: E402 - after the repository is on the path
from docs.walk_corpus import corpus_and_panes, pane_state, reopened, write_articles  # noqa: E402
from docs.walk_keys import Walk  # noqa: E402
from docs.walk_review import annotators, export_gold, merge_by_keys, review  # noqa: E402

SIZE = (1600, 1000)


def start_window(project, annotator: str):
    """The window as the app builds it, shown at the README's size and given the keyboard (a user's click)."""
    from PySide6.QtWidgets import QApplication

    from annotator.app import build_window
    from annotator.ui.shared import icons

    window = build_window(project, annotator)
    window.resize(*SIZE)
    window.show()
    window.activateWindow()
    window.raise_()
    icons.load()
    QApplication.processEvents()
    return window


# running it --------------------------------------------------------------------------------------------
def run(out: Path | None, work: Path, wait_scale: float = 1.0) -> list[str]:
    """The whole walk in a fresh temporary project folder; the problems found."""
    from annotator.services.demo import build_demo
    from annotator.services.projects import open_project

    walk = Walk(out, wait_scale)
    # The annotator and the lead are two people: each has their own settings (layout, recent projects).
    os.environ["ANNOTATOR_HOME"] = str(work / "ana-home")
    window = start_window(build_demo(work / "ana.annotator.db"), "ana")
    names = write_articles(work)
    try:
        annotate(walk, window)
        corpus_and_panes(walk, window, names)
        before = pane_state(window)
    finally:
        close(window)
    window = start_window(open_project(work / "ana.annotator.db"), "ana")
    try:
        reopened(walk, window, before)
        side_panels(walk, window)
    finally:
        close(window)
    os.environ["ANNOTATOR_HOME"] = str(work / "lead-home")
    paths = annotators(work)
    window = start_window(open_project(work / "review.annotator.db"), "lead")
    try:
        if merge_by_keys(walk, window, paths):
            review(walk, window)
            export_gold(walk, window, work / "gold.jsonl")
    finally:
        close(window)
    return walk.found


def side_panels(walk, window) -> None:
    """Ctrl+Shift+C and Ctrl+Shift+S bring the claims board and the speakers forward; Esc goes back to the text."""
    walk.step("Ctrl+Shift+C shows the claims board, Ctrl+Shift+S the speakers; Esc back to the text")
    for keys, name, panel in (("Ctrl+Shift+C", "claims", lambda: window.claims_board),
                              ("Ctrl+Shift+S", "speakers", lambda: window.speakers_panel)):
        walk.key(keys)
        shown = panel()
        if walk.check(shown is not None and shown.isVisible(), f"{keys} did not show the {name} panel"):
            walk.wait_for(lambda shown=shown: shown.view.model().rowCount() > 0, 5)
            walk.shot(name)
        walk.key("Esc")
        view = window.current_view()
        walk.check(view is not None and walk.focus() is view.text, f"Esc in the {name} panel did not go back to the text")


def close(window) -> None:
    """Close a window and release its project file."""
    from PySide6.QtCore import QEvent
    from PySide6.QtWidgets import QApplication

    window.close()
    for worker in (window.suggestion_flow, window.training):
        if worker is not None:
            worker.stop()  # as the app does on quit: a running worker must end before its window is freed
    window.deleteLater()
    QApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
    window.session.project.close()


def main(argv: list[str]) -> int:
    """Run the walk on the real display and save its pictures."""
    from annotator.app import display_available

    if not display_available():
        print('walkthrough: no display; run it as xvfb-run -a -s "-screen 0 1600x1000x24" '
              ".venv/bin/python docs/walkthrough.py", file=sys.stderr)
        return 2
    default = ROOT / "docs" / "walkthrough"
    out = Path(argv[0]) if argv else default
    out.mkdir(parents=True, exist_ok=True)
    work = Path(tempfile.mkdtemp(prefix="annotator-walk-"))
    from PySide6.QtWidgets import QApplication

    app = QApplication.instance() or QApplication(["annotator-walkthrough"])
    app.setApplicationName("Annotator")
    from annotator.ui.shared.plain import install_plain_text

    install_plain_text()
    found = run(out, work)
    # The README's two pictures are refreshed by a walk into the default folder, not by a trial run elsewhere.
    for name, target in (("annotating", "screenshot.png"), ("agreement", "review.png")):
        if out.resolve() == default.resolve() and (out / f"{name}.png").exists():
            shutil.copyfile(out / f"{name}.png", ROOT / "docs" / target)
    shutil.rmtree(work, ignore_errors=True)
    from annotator.core.text import plural

    print(f"walkthrough: {plural(len(found), 'problem')} found" if found else "walkthrough: nothing found")
    return min(len(found), 100)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
