"""Suggestions in the window: spaCy loads and runs on a worker thread; results come back by request id.

The worker never touches the project: the GUI thread reads what it needs (text, scheme topics, speaker
registry, trained classifiers), sends it over, and stores the reply itself, because a SQLite connection
belongs to the thread that uses it. Each request carries an id; a reply for an article that is no
longer wanted, or superseded by a newer request, is dropped.
"""

from __future__ import annotations

from PySide6.QtCore import QObject, QThread, Signal, Slot

from annotator.core.model import Suggestion
from annotator.services import suggesting
from annotator.store import articles as article_store
from annotator.store import labels, registry
from annotator.ui.session import Session


class _Worker(QObject):
    """Lives on the worker thread: loads the pipeline once, then answers requests."""

    loaded = Signal(str, bool)  # pipeline version, degraded
    answered = Signal(int, int, object)  # request id, article id, list[Suggestion]
    failed = Signal(int, str)

    def __init__(self, model: str | None):
        super().__init__()
        self._model = model
        self._suggester = None

    @Slot()
    def load(self) -> None:
        try:
            from annotator.nlp.suggest import Suggester

            self._suggester = Suggester(model=self._model)
        except Exception as exc:  # a broken model must not take the window down
            self.failed.emit(-1, f"could not load spaCy: {exc}")
            return
        self.loaded.emit(self._suggester.version, self._suggester.degraded)

    @Slot(int, int, str, object, object, object)
    def compute(self, request_id: int, article_id: int, text: str, topics, speakers, classifiers) -> None:
        try:
            found = self._suggester.suggest(text, topics, speakers)
            if classifiers:
                found = classifiers.enrich(text, found)
        except Exception as exc:
            self.failed.emit(request_id, str(exc))
            return
        self.answered.emit(request_id, article_id, found)


class SuggestionController(QObject):
    """Asks for suggestions per article, caches them in the project, and tells views what is open."""

    suggestionsReady = Signal(int, object)  # article id, list[Suggestion] still undecided
    busyChanged = Signal(bool)
    messageChanged = Signal(str)
    _computeRequested = Signal(int, int, str, object, object, object)

    def __init__(self, session: Session, model: str | None = None, parent: QObject | None = None):
        super().__init__(parent)
        self.session = session
        self.version: str | None = None
        self.degraded = False
        self._classifiers = None
        self._next_id = 0
        self._latest: dict[int, int] = {}  # article id -> newest request id
        self._waiting: list[int] = []  # articles asked for before the pipeline loaded
        self._stopped = False  # after stop() the project may be closed: late replies are dropped
        self._thread = QThread(self)
        self._thread.setObjectName("suggestions")
        self._worker = _Worker(model)
        self._worker.moveToThread(self._thread)
        self._thread.started.connect(self._worker.load)
        self._worker.loaded.connect(self._on_loaded)
        self._worker.answered.connect(self._on_answered)
        self._worker.failed.connect(self._on_failed)
        self._computeRequested.connect(self._worker.compute)
        session.projectReplaced.connect(self._on_project_replaced)

    def start(self) -> None:
        """Load spaCy in the background (call once the window is shown)."""
        if not self._thread.isRunning():
            self.busyChanged.emit(True)
            self.messageChanged.emit("Loading the suggestion model…")
            self._thread.start()

    def stop(self) -> None:
        """End the worker thread (the window is closing); replies still queued are ignored."""
        self._stopped = True
        self._thread.quit()
        # No time-out: a QThread destroyed while it runs aborts the whole process, and loading spaCy
        # cannot be interrupted (on a busy machine it takes longer than any fixed limit). The longest wait
        # is one load or one article's parse.
        self._thread.wait()

    @property
    def stopped(self) -> bool:
        """True once the window closed the worker."""
        return self._stopped

    @property
    def key(self) -> str | None:
        """The cache key of suggestions: pipeline version plus the project's trained classifiers."""
        if self.version is None:
            return None
        trained = suggesting.model_key(self.session.project)
        return f"{self.version}+{trained}" if trained else self.version

    def request(self, article_id: int) -> None:
        """Suggestions for an article: from the cache at once, else computed in the background."""
        if self.version is None:
            if article_id not in self._waiting:
                self._waiting.append(article_id)
            return
        project = self.session.project
        cached = suggesting.cached(project, article_id, self.key)
        if cached is not None:
            self.suggestionsReady.emit(article_id, self.open_for(article_id))
            return
        self._next_id += 1
        self._latest[article_id] = self._next_id
        article = article_store.get_article(project, article_id)
        if self._classifiers is None:
            from annotator.services.learning import Classifiers

            self._classifiers = Classifiers(project)
        self.busyChanged.emit(True)
        self._computeRequested.emit(
            self._next_id, article_id, article.text, labels.scheme(project).topics,
            registry.all_speakers(project), self._classifiers,
        )

    def open_for(self, article_id: int) -> list[Suggestion]:
        """The cached suggestions of an article the annotator has not yet decided on."""
        if self.key is None:
            return []
        return suggesting.open_suggestions(self.session.project, article_id, self.session.annotator, self.key)

    def models_retrained(self) -> None:
        """Forget loaded classifiers so the next request uses the new ones."""
        self._classifiers = None

    @Slot(str, bool)
    def _on_loaded(self, version: str, degraded: bool) -> None:
        if self._stopped:
            return
        self.version, self.degraded = version, degraded
        self.busyChanged.emit(False)
        self.messageChanged.emit(
            "Suggestions degraded: no trained spaCy model, rules only" if degraded else "Suggestions ready"
        )
        waiting, self._waiting = self._waiting, []
        for article_id in waiting:
            self.request(article_id)

    @Slot(int, int, object)
    def _on_answered(self, request_id: int, article_id: int, found: list) -> None:
        if self._stopped:
            return
        if self._latest.get(article_id) != request_id:
            return  # a newer request for this article is on its way, or the project changed
        del self._latest[article_id]
        suggesting.cache_suggestions(self.session.project, article_id, self.key, found)
        if not self._latest:
            self.busyChanged.emit(False)
        self.suggestionsReady.emit(article_id, self.open_for(article_id))

    @Slot(int, str)
    def _on_failed(self, request_id: int, message: str) -> None:
        if self._stopped:
            return
        self._latest = {a: r for a, r in self._latest.items() if r != request_id}
        self.busyChanged.emit(bool(self._latest))
        self.messageChanged.emit(f"Suggestions failed: {message}")

    def _on_project_replaced(self) -> None:
        self._latest.clear()
        self._waiting.clear()
        self._classifiers = None
