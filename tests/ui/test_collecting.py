"""No worker of the window ever runs Python's collector: the window's Qt objects are freed on its own thread.

A Qt object destroyed on another thread than its own crashed the window ("Timers cannot be stopped from
another thread", then a segfault). Each test leaves such an object unreachable on the window's thread,
then makes a collection due on a worker (as a long read's allocations do), and checks where it was freed.
"""

from __future__ import annotations

import gc
import threading
import weakref

import pytest
from PySide6.QtCore import QObject, QTimer

from annotator.services.projects import open_project
from annotator.ui.shared import collecting
from annotator.ui.shared.workers import ProjectJobs

pytestmark = pytest.mark.gui


class _Unreachable(QObject):
    def __init__(self):
        super().__init__()
        self.timer = QTimer(self)
        self.timer.start(60_000)
        self.cycle = self  # only Python's collector can free it


@pytest.fixture
def garbage():
    """Where the window's unreachable Qt object was freed (True: the window's thread), and a collection made
    due on the calling thread; nothing collects in between."""
    thresholds = gc.get_threshold()
    freed_on: list[bool] = []
    gc.collect()
    gc.disable()
    made = _Unreachable()
    weakref.finalize(made, lambda: freed_on.append(threading.current_thread() is threading.main_thread()))
    del made
    gc.set_threshold(1_000_000)
    gc.enable()

    def collection_due_here():
        gc.set_threshold(1)
        [[] for _ in range(100)]  # noqa: B018 - allocations, as a worker's reading makes them
        gc.set_threshold(1_000_000)

    yield freed_on, collection_due_here
    gc.set_threshold(*thresholds)
    if not gc.isenabled():
        gc.enable()


def _freed(qtbot, freed_on):
    qtbot.waitUntil(lambda: collecting.holds() == 0 and gc.isenabled(), timeout=30_000)
    gc.collect()
    return freed_on


def test_a_background_read_never_frees_the_window_s_qt_objects(project_file, qtbot, garbage):
    freed_on, collection_due_here = garbage
    jobs = ProjectJobs()
    seen = []

    def job(project):
        seen.append(gc.isenabled())
        collection_due_here()
        return 1

    with qtbot.waitSignal(jobs.finished, timeout=30_000):
        jobs.submit(project_file, job)
    assert seen == [False]  # nothing collects on the worker's thread while it reads
    assert _freed(qtbot, freed_on) == [True]


def test_a_merge_never_frees_the_window_s_qt_objects(tmp_path, qtbot, garbage, monkeypatch):
    from annotator.ui.review import merge_dialog
    from annotator.ui.session import Session

    freed_on, collection_due_here = garbage
    open_project(tmp_path / "alice.annotator.db").close()
    real = merge_dialog._merge

    def merge(review, paths, progress):
        collection_due_here()
        return real(review, paths, progress)

    monkeypatch.setattr(merge_dialog, "_merge", merge)
    with open_project(tmp_path / "review.annotator.db") as project:
        dialog = merge_dialog.MergeDialog(Session(project, "lead"))
        qtbot.addWidget(dialog)
        dialog.add_paths([tmp_path / "alice.annotator.db"])
        assert dialog.run_merge() is not None
        assert _freed(qtbot, freed_on) == [True]


def test_training_never_frees_the_window_s_qt_objects(tmp_path, qtbot, garbage, monkeypatch):
    from annotator.services import learning
    from tests.ui.conftest import make_window

    freed_on, collection_due_here = garbage
    monkeypatch.setenv("ANNOTATOR_SUGGESTIONS", "1")  # the window trains only where it suggests
    monkeypatch.setattr("annotator.ui.workspace.suggestion_flow.SuggestionFlow.start", lambda self: None)
    path = tmp_path / "p.annotator.db"
    open_project(path).close()

    def plan(project):
        collection_due_here()
        return [], {"topics": "needs 10 quotes"}

    monkeypatch.setattr(learning, "training_plan", plan)
    window = make_window(qtbot, path, demo=False)
    window.training.action.trigger()
    qtbot.waitUntil(lambda: not window.training.running, timeout=30_000)
    assert "Nothing to learn yet" in window.statusBar().currentMessage()
    assert _freed(qtbot, freed_on) == [True]
    window.close()
    window.session.project.close()


def test_the_suggestion_thread_never_frees_the_window_s_qt_objects(qtbot, garbage, monkeypatch):
    import annotator.nlp.suggest as suggest
    import annotator.services.suggest_stream as suggest_stream
    from annotator.ui.workspace import suggestion_stream
    from annotator.ui.workspace.suggestion_stream import ThreadBackend

    freed_on, collection_due_here = garbage

    class Suggester:
        version, degraded = "test", True

        def __init__(self, model=None):
            collection_due_here()  # loading spaCy makes tens of thousands of objects

    def stream(*args, **kwargs):
        collection_due_here()
        yield from ()

    monkeypatch.setattr(suggest, "Suggester", Suggester)
    monkeypatch.setattr(suggest_stream, "stream", stream)
    monkeypatch.setattr(suggestion_stream, "set_aside_loaded", lambda: None)  # it would set the garbage aside too
    backend = ThreadBackend(None)
    with qtbot.waitSignal(backend.loaded, timeout=30_000):
        backend.start()
    with qtbot.waitSignal(backend.answered, timeout=30_000):
        backend.submit(1, "text", [], [], "", [])
    backend.stop()
    assert _freed(qtbot, freed_on) == [True]


def test_closing_the_project_while_the_corpus_list_reads_frees_the_window_s_qt_objects_on_its_thread(
    tmp_path, qtbot, garbage, monkeypatch
):
    # The order-dependent segfault (crash17): a window's leftovers collected on the corpus read's thread,
    # then the next event on the window's thread crashed; here the read makes the collection due itself.
    from annotator.core.model import Article, Quote
    from annotator.core.text import sha256_of
    from annotator.services.commands import AddQuote
    from annotator.store import articles as article_store
    from annotator.store import corpus as corpus_store
    from annotator.ui.corpus.corpus_list import CorpusPanel
    from annotator.ui.session import Session

    freed_on, collection_due_here = garbage
    project = open_project(tmp_path / "p.annotator.db")
    article_store.insert_article(project, Article(None, "Some text.", sha256_of("Some text."), title="A"))
    real = corpus_store.article_sort_keys

    def sort_keys(p):
        collection_due_here()
        return real(p)

    monkeypatch.setattr(corpus_store, "article_sort_keys", sort_keys)
    session = Session(project, "ana")
    panel = CorpusPanel(session)
    qtbot.addWidget(panel)
    panel.model.preload_sort_keys()
    session.push(AddQuote(Quote(None, 1, 0, 4, "ana")))  # an edit while the keys are read
    panel.model.refresh_articles({1})
    project.close()  # the user closed the project before the answer came
    panel.model._reader.wait(30_000)
    assert _freed(qtbot, freed_on) == [True]
    assert panel.model.rowCount() == 1 and panel.model.index(0, 0).data() == "A"


def test_loading_spacy_on_the_suggestion_thread_never_frees_the_window_s_qt_objects(qtbot, garbage, monkeypatch):
    # srsly, reading spaCy's msgpack files, switched the collector back on mid-load whatever the hold.
    srsly = pytest.importorskip("srsly")
    import annotator.nlp.suggest as suggest
    from annotator.ui.workspace import suggestion_stream
    from annotator.ui.workspace.suggestion_stream import ThreadBackend

    freed_on, collection_due_here = garbage
    on_while_loading = []

    class Suggester:
        version, degraded = "test", True

        def __init__(self, model=None):
            assert srsly.msgpack_loads(srsly.msgpack_dumps({"vectors": [1, 2]})) == {"vectors": [1, 2]}
            on_while_loading.append(gc.isenabled())
            collection_due_here()  # the rest of the load's allocations

    monkeypatch.setattr(suggest, "Suggester", Suggester)
    monkeypatch.setattr(suggestion_stream, "set_aside_loaded", lambda: None)
    backend = ThreadBackend(None)
    with qtbot.waitSignal(backend.loaded, timeout=30_000):
        backend.start()
    backend.stop()
    assert on_while_loading == [False]
    assert _freed(qtbot, freed_on) == [True]
    assert srsly.msgpack_loads(srsly.msgpack_dumps([1])) == [1] and gc.isenabled()  # no hold: back on after


def test_the_window_keeps_collecting_its_own_garbage_while_a_long_read_runs(project_file, qtbot):
    jobs = ProjectJobs()
    release = threading.Event()

    class Node:
        pass

    def job(project):
        release.wait(30)
        return 1

    jobs.submit(project_file, job)
    try:
        assert not gc.isenabled()
        node = Node()
        node.cycle = node
        gone = weakref.ref(node)
        del node
        kept = []
        for _ in range(5):  # the window goes on making objects, as it paints and handles keys
            kept.extend([] for _ in range(1000))
            qtbot.wait(20)
        assert gone() is None and jobs.busy()  # swept on the window's thread, the read still running
    finally:
        release.set()
    qtbot.waitUntil(lambda: not jobs.busy(), timeout=30_000)
    qtbot.waitUntil(lambda: gc.isenabled(), timeout=30_000)
    assert collecting.holds() == 0


def test_holds_from_several_workers_switch_the_collector_back_on_after_the_last(qtbot):
    before = gc.get_threshold()
    first, second = collecting.hold(), collecting.hold()
    assert not gc.isenabled()
    done = threading.Thread(target=first.release)
    done.start()
    done.join()
    first.release()  # twice: no effect
    qtbot.wait(30)
    assert not gc.isenabled() and collecting.holds() == 1
    second.release()  # on the window's thread: at once
    assert gc.isenabled() and collecting.holds() == 0 and gc.get_threshold() == before
