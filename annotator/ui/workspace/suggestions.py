"""Suggestions in the window: computed off the window's process, shown piece by piece, cached when whole.

The computing side (a worker process, or a thread as fallback: ui.suggestion_stream) never touches the
project: the GUI thread reads what it needs (text, scheme topics, speaker registry, trained classifiers),
sends it over, and stores the reply itself, because a SQLite connection belongs to the thread that uses
it. Each job has an id; a piece or answer for an article that is no longer wanted, or superseded by a
newer job, is dropped. A long article's suggestions are shown as each piece is parsed and cached once
the last piece is in, so a half-suggested article is never taken for a suggested one.
"""

from __future__ import annotations

from PySide6.QtCore import QObject, QTimer, Signal, Slot

from annotator.core.model import Suggestion
from annotator.core.text import plural
from annotator.services import learning, suggesting
from annotator.services.suggest_stream import Piece, merge
from annotator.store import articles as article_store
from annotator.store import labels, registry
from annotator.store.project import ProjectError
from annotator.ui.session import Session
from annotator.ui.workspace.suggestion_stream import Backend, start_backend

_RETRY_STORE_MS = 250
_DEATHS_BEFORE_WAITING = 2  # processes dying running, none answering, before a new one waits to be needed


class SuggestionController(QObject):
    """Asks for suggestions per article, caches them in the project, and tells views what is open."""

    suggestionsReady = Signal(int, object)  # article id, list[Suggestion] still undecided (so far)
    busyChanged = Signal(bool)
    progressChanged = Signal(int, int)  # characters parsed, characters in the article being suggested
    messageChanged = Signal(str)

    def __init__(self, session: Session, model: str | None = None, parent: QObject | None = None):
        super().__init__(parent)
        self.session = session
        self.model = model
        self.version: str | None = None
        self.degraded = False
        self.backend: Backend | None = None
        self._trained: tuple[str, list[dict]] | None = None  # (model key, stored classifiers) sent with jobs
        self._next_id = 0
        self._jobs: dict[int, tuple[int, str]] = {}  # job id -> (article id, cache key it computes for)
        self._latest: dict[int, int] = {}  # article id -> its running job
        self._partial: dict[int, list[Suggestion]] = {}  # article id -> suggestions of the pieces so far
        self._waiting: list[int] = []  # articles asked for before the pipeline loaded
        self._uncached: dict[int, tuple[str, list[Suggestion]]] = {}  # finished, refused by a busy project
        self._stopped = False  # after stop() the project may be closed: late replies are dropped
        self._deaths = 0  # worker processes that died since one last answered
        self.death = ""  # what the last process's death was said as, until a new one has loaded
        session.projectReplaced.connect(self._on_project_replaced)
        session.externalChange.connect(self._cache_refused)

    def start(self) -> None:
        """Start the worker, which loads spaCy (call once the window is shown)."""
        if self.backend is not None or self._stopped:
            return
        self.busyChanged.emit(True)
        self.messageChanged.emit("Loading the suggestion model…")
        self.backend, reason = start_backend(self.model, self)
        self._connect(self.backend)
        if reason:
            self.messageChanged.emit(reason)

    def stop(self) -> None:
        """End the worker (the window is closing); replies still on their way are ignored."""
        self._stopped = True
        if self.backend is not None:
            self.backend.stop()

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
        """Suggestions for an article: from the cache at once, else computed and shown as they come."""
        if self.version is not None:
            if suggesting.cached(self.session.project, article_id, self.key) is not None:
                self.suggestionsReady.emit(article_id, self.open_for(article_id))
                return
            if article_id in self._partial:
                # On its way, or done and about to be cached: what is in so far.
                self.suggestionsReady.emit(article_id, self.open_for(article_id))
                return
        if self.backend is None and self._deaths:
            self.start()  # the last process died: this is the next time suggestions are needed
        if self.version is None or self.backend is None:
            if article_id not in self._waiting:
                self._waiting.append(article_id)
            return
        # A process started again loads the same pipeline: the job waits in its queue meanwhile.
        self._submit(article_id, [])

    def cancel(self, article_id: int) -> None:
        """Stop suggesting for an article (closed, or replaced in its pane); nothing of it is cached."""
        if article_id in self._waiting:
            self._waiting.remove(article_id)
        job = self._latest.pop(article_id, None)
        if job is None:
            return
        self._jobs.pop(job, None)
        self._partial.pop(article_id, None)
        if self.backend is not None:
            self.backend.cancel(job)
        self.busyChanged.emit(bool(self._latest))

    def keep_only(self, article_ids: set[int]) -> None:
        """Cancel the jobs of every article not in ``article_ids`` (those no pane shows any more)."""
        for article_id in [*self._latest, *self._waiting]:
            if article_id not in article_ids:
                self.cancel(article_id)

    def running(self) -> list[int]:
        """The articles whose suggestions are being computed."""
        return list(self._latest)

    def open_for(self, article_id: int) -> list[Suggestion]:
        """The suggestions of an article (cached, or the pieces in so far) the annotator has not decided on."""
        if self.key is None:
            return []
        project, annotator = self.session.project, self.session.annotator
        if article_id in self._partial:
            return suggesting.still_open(project, article_id, annotator, self._partial[article_id])
        return suggesting.open_suggestions(project, article_id, annotator, self.key)

    def models_retrained(self) -> None:
        """Forget loaded classifiers so the next request uses the new ones."""
        self._trained = None

    def _submit(self, article_id: int, shown: list[Suggestion]) -> None:
        project = self.session.project
        key = self.key
        trained_key = suggesting.model_key(project)
        if self._trained is None or self._trained[0] != trained_key:
            self._trained = (trained_key, learning.stored_classifiers(project) if trained_key else [])
        self._next_id += 1
        job = self._next_id
        self._jobs[job] = (article_id, key)
        self._latest[article_id] = job
        self._partial[article_id] = shown
        self.busyChanged.emit(True)
        self.backend.submit(
            job, article_store.get_article(project, article_id).text, labels.scheme(project).topics,
            registry.all_speakers(project), *self._trained,
        )

    def _connect(self, backend: Backend) -> None:
        backend.loaded.connect(self._on_loaded)
        backend.pieceReady.connect(self._on_piece)
        backend.answered.connect(self._on_answered)
        backend.failed.connect(self._on_failed)
        backend.died.connect(self._on_died)

    def _current(self, job: int) -> int | None:
        """The article a job is for, if its replies are still wanted."""
        entry = self._jobs.get(job)
        if self._stopped or entry is None or self._latest.get(entry[0]) != job:
            return None
        return entry[0]

    @Slot(str, bool)
    def _on_loaded(self, version: str, degraded: bool) -> None:
        if self._stopped:
            return
        self.version, self.degraded = version, degraded
        self.death = ""  # suggestions work again
        self.busyChanged.emit(bool(self._latest))  # jobs sent to a process started again wait in its queue
        self.messageChanged.emit(
            "Suggestions degraded: no trained spaCy model, rules only" if degraded else "Suggestions ready"
        )
        waiting, self._waiting = self._waiting, []
        for article_id in waiting:
            self.request(article_id)

    @Slot(int, object)
    def _on_piece(self, job: int, piece: Piece) -> None:
        article_id = self._current(job)
        if article_id is None:
            return
        self._partial[article_id] = merge(self._partial[article_id], piece)
        self.progressChanged.emit(piece.done, piece.total)
        self.suggestionsReady.emit(article_id, self.open_for(article_id))

    @Slot(int, int)
    def _on_answered(self, job: int, count: int) -> None:
        article_id = self._current(job)
        if article_id is None:
            return  # a newer job for this article is on its way, or the project changed
        _, key = self._jobs.pop(job)
        del self._latest[article_id]
        self._deaths = 0
        found = self._partial[article_id]
        if len(found) != count:  # a piece went missing on the way: never cache a partial list
            del self._partial[article_id]
            self.busyChanged.emit(bool(self._latest))
            self.messageChanged.emit(f"Suggestions failed: {plural(count - len(found), 'suggestion')} lost on the way")
            return
        # The last piece usually arrives with this answer: showing it and writing the cache in one turn
        # of the event loop would hold the window twice as long. The pieces stay what is shown meanwhile.
        QTimer.singleShot(0, self, lambda: self._store(article_id, key, found))

    def _store(self, article_id: int, key: str, found: list[Suggestion]) -> None:
        """Cache an article's finished suggestions; the window shows them already."""
        if self._stopped or self._partial.get(article_id) is not found:
            return  # the window closed, the project changed, or the article was asked for anew
        if self.session.worker_writing:  # this window's import or merge holds the write lock: wait for it
            QTimer.singleShot(_RETRY_STORE_MS, self, lambda: self._store(article_id, key, found))
            return
        try:
            suggesting.cache_suggestions(self.session.project, article_id, key, found)
        except ProjectError:
            # Read-only, or another program writing. The finished list stays what the article's open
            # suggestions are read from: dropped, the next refresh of the pane (an accept) showed none.
            # A busy project is tried again once the other program has committed (not on a timer: each
            # try freezes the window for the busy timeout).
            if self.session.writable:
                self._uncached[article_id] = (key, found)
            self.busyChanged.emit(bool(self._latest))
            return
        del self._partial[article_id]
        self.busyChanged.emit(bool(self._latest))
        if key != self.key:
            # Classifiers were retrained meanwhile: these stay cached for the old models, and the new
            # models' run starts from them on screen.
            self._submit(article_id, found)

    @Slot(int, str)
    def _on_failed(self, job: int, message: str) -> None:
        if self._stopped:
            return
        article_id = self._jobs.pop(job, (None, ""))[0]
        if article_id is not None and self._latest.get(article_id) == job:
            del self._latest[article_id]
            self._partial.pop(article_id, None)
        self.busyChanged.emit(bool(self._latest))
        self.messageChanged.emit(f"Suggestions failed: {message}")

    @Slot(str)
    def _on_died(self, message: str) -> None:
        """The worker process is gone (killed, say): tell the user, and start a new one when it is needed.

        Not on a thread of the window's own: what killed the process (memory, most often) would then take
        the window down with it. Articles it was suggesting are asked for again at once, unless the process
        died twice running without answering one: the same article may be what kills it.
        """
        if self._stopped:
            return
        pending = [*self._latest, *self._waiting]
        for article_id in self._latest:
            self._partial.pop(article_id, None)  # half-suggested: computed anew (finished lists are kept)
        self._jobs.clear()
        self._latest.clear()
        self._waiting.clear()
        # The version stays: what is cached for it is still what the open panes show (the next process loads
        # the same pipeline), so an accept in the meantime does not empty them.
        old, self.backend = self.backend, None
        if old is not None:
            old.stop()
            old.deleteLater()
        self._deaths += 1
        self.busyChanged.emit(False)
        if pending and self._deaths < _DEATHS_BEFORE_WAITING:
            for article_id in pending:
                self.request(article_id)  # starts the new process
            self.death = f"Suggestions stopped: {message}; starting them again"
            self.messageChanged.emit(self.death)  # after "Loading"
            return
        self.death = f"Suggestions stopped: {message}; they start again when an article needs them"
        self.messageChanged.emit(self.death)

    def _cache_refused(self) -> None:
        """Another program committed: its lock is gone, so cache what it kept from being cached."""
        refused, self._uncached = self._uncached, {}
        for article_id, (key, found) in refused.items():
            self._store(article_id, key, found)

    def _on_project_replaced(self) -> None:
        for article_id in list(self._latest):
            self.cancel(article_id)
        self._partial.clear()  # finished lists not yet cached belong to the other project
        self._uncached.clear()
        self._waiting.clear()
        self._trained = None
