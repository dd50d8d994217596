"""Wires the GUI together: display check, annotator name, project choice, the window, screenshots."""

from __future__ import annotations

import os
import sys
from pathlib import Path

_NO_DISPLAY = (
    "annotator: no display to open a window on (neither DISPLAY nor WAYLAND_DISPLAY is set).\n"
    "  Run it from a desktop session, or under a virtual screen: xvfb-run -a annotator ...\n"
    "  To only render a picture: annotator --demo --screenshot shot.png (works headless)."
)


def display_available() -> bool:
    """Whether Qt can open a window here; checked before QApplication, which would abort instead."""
    if os.environ.get("QT_QPA_PLATFORM"):
        return True
    if sys.platform.startswith("linux"):
        return bool(os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY"))
    return True


def interactive() -> bool:
    """False for headless platforms, where no dialog can be answered."""
    return os.environ.get("QT_QPA_PLATFORM", "").split(":")[0] not in ("offscreen", "minimal", "vnc")


def _default_annotator() -> str:
    from annotator.cli import default_annotator

    return default_annotator()


def resolve_annotator(given: str | None, ask: bool) -> str:
    """The annotator's name: given on the command line, remembered, asked on first run, or the login name.

    A name given or typed is remembered; the login name (headless, or the first-run prompt cancelled, which
    says so) is used for this session only, so the prompt comes back next time.
    """
    from annotator.ui.window import settings as state

    name = given or state.saved_annotator()
    if not name and ask:
        from annotator.ui.shared.dialogs import ask_annotator_name

        name = ask_annotator_name(None, _default_annotator())
        if name:
            state.save_annotator(name)
    elif given:
        state.save_annotator(given)
    return name or _default_annotator()


def resolve_project(db: Path | None, demo: bool):
    """Open the project to show: the demo, the named file, the last one, or a new default project."""
    from annotator.services.demo import build_demo
    from annotator.services.projects import open_project
    from annotator.store.project import PROJECT_SUFFIX
    from annotator.ui.window import settings as state

    if demo:
        path = Path(db) if db else state.data_dir() / f"demo{PROJECT_SUFFIX}"
        path.parent.mkdir(parents=True, exist_ok=True)
        return build_demo(path)
    path = Path(db) if db else state.last_project() or state.data_dir() / f"default{PROJECT_SUFFIX}"
    path.parent.mkdir(parents=True, exist_ok=True)
    return open_project(path, fall_back_to_read_only=True)


def run_gui(db: Path | None, demo: bool, screenshot: Path | None, annotator: str | None,
            files: list[Path] | None = None, size: tuple[int, int] | None = None) -> int:
    """Open the window (on ``files`` side by side, at ``size``); with a screenshot path, render, save and exit."""
    if screenshot is not None and not display_available():
        os.environ["QT_QPA_PLATFORM"] = "offscreen"  # a picture needs no screen
    if not display_available():
        print(_NO_DISPLAY, file=sys.stderr)
        return 2
    try:
        from PySide6.QtCore import QEvent, QTimer
        from PySide6.QtGui import QIcon
        from PySide6.QtWidgets import QApplication, QMessageBox
    except ImportError as exc:
        from annotator.system_libs import missing_library_message

        message = missing_library_message(exc)
        if message is None:
            raise
        print(message, file=sys.stderr)
        return 1

    _quiet_offscreen_warnings()
    app = QApplication.instance() or QApplication(sys.argv[:1])
    app.setApplicationName("Annotator")
    app.setOrganizationName("Annotator")
    app.setDesktopFileName("annotator")
    from annotator.paths import icon_path

    app.setWindowIcon(QIcon(str(icon_path())))
    ask = screenshot is None and annotator is None and interactive()
    name = resolve_annotator(annotator, ask)

    from annotator.store.project import ProjectError

    try:
        project = resolve_project(db, demo)
    except (ProjectError, OSError) as exc:
        if interactive() and screenshot is None:
            QMessageBox.critical(None, "Annotator", str(exc))
        print(f"annotator: {exc}", file=sys.stderr)
        return 1
    window = build_window(project, name, demo=demo)
    if files:
        from annotator.ui.window.opening import open_files

        problems = open_files(window, files)
        for line in problems:
            print(f"annotator: {line}", file=sys.stderr)
        if problems:
            window.statusBar().showMessage("; ".join(problems), 15000)
    if size is not None:
        window.resize(*size)
    elif screenshot is not None:
        window.resize(1600, 1000)  # pictures for the README and checks have one size, whatever was saved
    from annotator.core.collector import set_aside_start_up

    # Once the window is up and its icons are in: what exists then stays to the end (see the function).
    window.shown.connect(lambda: QTimer.singleShot(1000, set_aside_start_up))
    window.show()
    if screenshot is not None:
        QTimer.singleShot(300, lambda: _save_screenshot(window, Path(screenshot)))
    code = app.exec()
    for worker in (window.suggestion_flow, window.training):
        if worker is not None:
            worker.stop()  # a running QThread must end before its objects are freed
    # Free the window while Qt is alive: left to interpreter shutdown, teardown order is undefined.
    window.deleteLater()
    QApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
    window.session.project.close()
    return code


def build_window(project, annotator: str, demo: bool = False):
    """A MainWindow on a project, with layout and panes restored (the demo shows both samples)."""
    from PySide6.QtCore import QTimer

    from annotator.store import articles as article_store
    from annotator.ui.session import Session
    from annotator.ui.shared import icons
    from annotator.ui.window import restore as window_state
    from annotator.ui.window import settings as state
    from annotator.ui.window.main_window import MainWindow

    if project.path is not None:
        state.add_recent_project(project.path)
    session = Session(project, annotator)
    from annotator.ui.shared.plain import install_plain_text

    install_plain_text()  # before any widget: names from files are never rendered as HTML
    window = MainWindow(session)
    if os.environ.get("ANNOTATOR_SUGGESTIONS", "1") != "0":
        from annotator.ui.workspace.suggestion_flow import SuggestionFlow

        # spaCy loads on a worker thread once the window is on screen, never before.
        window.suggestion_flow = SuggestionFlow(window)
        window.shown.connect(lambda: QTimer.singleShot(150, window.suggestion_flow.start))
        from annotator.ui.workspace.training import ModelTraining

        window.training = ModelTraining(window)
        window.actions_.quote_menu.addAction(window.training.action)
    from annotator.ui.review.mode import ReviewMode

    window.review_mode = ReviewMode(window)
    window.assignment.attach_review(window.review_mode)  # the lead's progress chart in review mode
    window_state.restore_layout(window)
    window_state.restore_panes(window)
    nothing_open = all(view.article is None for view in window.panes.panes())
    if demo or nothing_open:
        # The demo, and any project opened for the first time, starts with its first two articles.
        ids = window.corpus.model.article_ids()[:2]  # already read for the corpus list
        panes = window.panes.panes()
        opened = False
        for view, article_id in zip(panes, ids, strict=False):
            if view.article_id != article_id:
                window.open_article(article_id, view)
                opened = True
        if opened:
            # A fresh layout starts at the first article; a restored one keeps the pane that was active.
            window.panes.set_current(panes[0])
            panes[0].setFocus()
    window.review_mode.update_visibility()
    if not article_store.article_count(project):
        _hint_while_empty(window)
    # Icons come right after the first paint: qtawesome is the slowest import on the way to a window.
    window.shown.connect(lambda: QTimer.singleShot(30, icons.load))
    return window


EMPTY_PROJECT_HINT = "This project has no articles yet: File → Import files… (Ctrl+I) or Import folder… (Ctrl+Shift+I)"


def _hint_while_empty(window) -> None:
    """Say how to add articles, and take the hint back once any arrive (import, merge, opened files)."""
    bar, model = window.statusBar(), window.corpus.model
    bar.showMessage(EMPTY_PROJECT_HINT)

    def articles_arrived(*_args) -> None:
        if model.rowCount() and bar.currentMessage() == EMPTY_PROJECT_HINT:
            bar.clearMessage()

    model.modelReset.connect(articles_arrived)
    model.rowsInserted.connect(articles_arrived)


def _quiet_offscreen_warnings() -> None:
    """Drop the offscreen plugin's harmless "propagateSizeHints" warning; pass every other message on."""
    from PySide6.QtCore import qInstallMessageHandler

    previous = None

    def handler(mode, context, message: str) -> None:
        if "propagateSizeHints" in message:
            return
        if previous is not None:
            previous(mode, context, message)
        else:
            print(message, file=sys.stderr)

    previous = qInstallMessageHandler(handler)


def _save_screenshot(window, path: Path) -> None:
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication

    from annotator.ui.shared import icons

    if window.review_mode.waiting:  # review docks are laid out after the first paint: picture them in place
        QTimer.singleShot(100, lambda: _save_screenshot(window, path))
        return
    icons.load()
    # Twice: the first pass's layout changes (a table fitted to its rows) ask for another.
    for _ in range(2):
        QApplication.sendPostedEvents()
        QApplication.processEvents()
    path.parent.mkdir(parents=True, exist_ok=True)
    ok = window.grab().save(str(path))
    print(f"Saved {path}" if ok else f"annotator: could not write {path}", file=sys.stderr if not ok else sys.stdout)
    window.close()
    QApplication.exit(0 if ok else 1)
