"""Where the window's suggestions are computed: a worker process, or a thread when no process can start.

Both backends take the same jobs (an id, the article text and what the rules need) and answer with the
same signals on the window's thread: each parsed piece's suggestions as it comes (:attr:`pieceReady`),
then the article's whole list (:attr:`answered`). The process keeps spaCy and its parsing out of the
window's process entirely, so typing never waits for the GIL; the thread is the fallback, e.g. where a
frozen build cannot spawn.
"""

from __future__ import annotations

import os
import threading
from collections import deque

from PySide6.QtCore import QObject, Qt, QThread, QTimer, Signal, Slot

from annotator.core.collector import collector_paused, set_aside_loaded
from annotator.services.suggest_worker import Enrichers, SuggestWorker, WorkerUnavailable
from annotator.ui.shared.collecting import Hold, held, hold, keep_libraries_from_switching


class Backend(QObject):
    """What the suggestion controller talks to; replies arrive on the window's thread."""

    loaded = Signal(str, bool)  # pipeline version, degraded
    pieceReady = Signal(int, object)  # job id, suggest_stream.Piece
    answered = Signal(int, int)  # job id, how many suggestions its pieces add up to
    failed = Signal(int, str)  # job id (-1: the pipeline did not load), one-line message
    died = Signal(str)  # the worker is gone; jobs sent to it will never be answered

    kind = ""

    def start(self) -> None:
        """Begin loading the pipeline; :attr:`loaded` follows."""

    def submit(self, job: int, text: str, topics, registry, trained_key: str, trained: list[dict]) -> None:
        """Ask for one article's suggestions."""

    def cancel(self, job: int) -> None:
        """Drop a job; its pieces and answer, if any still come, are the caller's to ignore."""

    def stop(self) -> None:
        """End the worker (the window is closing)."""


class ProcessBackend(Backend):
    """Suggestions from a long-lived worker process (services.suggest_worker).

    The worker's reader thread is a plain Python thread: it only appends replies to a deque, and a timer on
    the window's thread hands them on. It receives each reply under a hold on the collector
    (ui.shared.collecting): unpickling a piece makes many objects, and a collection run on the reader could
    free the window's Qt objects there. The timer runs only while an answer is awaited, so an idle window
    does not wake up for nothing. The reader, not the window's thread, waits on the pipe: a reply over
    16 KB arrives in two writes, and the second can wait for the worker's busy interpreter (reading on the
    window's thread when the pipe became readable stalled it 150-170 ms against 70-80 ms so).
    """

    kind = "process"
    _POLL_MS = 25  # replies are pieces of a parse: a few per second at most, each shown within a frame or two
    _deathSeen = Signal()  # emitted on the reader thread, received on the window's

    def __init__(self, model: str | None, parent: QObject | None = None):
        super().__init__(parent)
        self._replies: deque[tuple] = deque()  # appended on the reader thread, drained on the window's
        self._awaiting: set[int] = set()
        self._loading = True
        self._poll = QTimer(self)
        self._poll.setInterval(self._POLL_MS)
        self._poll.timeout.connect(self._drain)
        # An idle window's poll is off: a process killed meanwhile (the out-of-memory killer, say) would be
        # noticed only at the next job. The reader sees the end as it happens and wakes the window for it.
        self._deathSeen.connect(self._drain, Qt.ConnectionType.QueuedConnection)
        self.worker = SuggestWorker(model, self._arrived, guard=held)
        self._waiting: Hold | None = None  # the collector's hold while the process loads or an answer is due
        self._stopped = False

    def start(self) -> None:
        """Start the process; WorkerUnavailable when it cannot."""
        # Taken on the window's thread, the first hold also makes the collector's sweeper there: the holds
        # the reader gives back then switch the collector on again on the window's thread, not the reader's.
        self._await()
        try:
            self.worker.start()
        except WorkerUnavailable:
            self._done_waiting()
            raise
        self._poll.start()

    def submit(self, job: int, text: str, topics, registry, trained_key: str, trained: list[dict]) -> None:
        """Send a job to the process."""
        self._awaiting.add(job)
        self._await()
        self.worker.submit(job, text, topics, registry, trained_key, trained)
        self._poll.start()

    def cancel(self, job: int) -> None:
        """Tell the process to drop a job (through shared memory, on this thread: nothing to pickle).

        The job stays awaited, and the collector's hold out, until the process says it dropped it: a
        piece it was parsing still comes, and the reader must not wake for it with no hold out.
        """
        self.worker.cancel(job)

    def stop(self) -> None:
        """Stop the process and its reader (idempotent)."""
        self._stopped = True
        self._poll.stop()
        with held():  # the stop request is pickled on the queue's feeder thread, as a job is under its hold
            self.worker.stop()
        self._done_waiting()

    def _await(self) -> None:
        # Out while an answer is awaited, so the reader's own steps between replies (its wait makes a few
        # objects as it wakes) run with the collector off too, as a thread backend's job does.
        if self._waiting is None or not self._waiting.out:
            self._waiting = hold()

    def _done_waiting(self) -> None:
        if self._waiting is not None:
            self._waiting.release()

    def _arrived(self, reply: tuple) -> None:
        """On the reader thread, inside its hold: keep the reply for the window's thread."""
        self._replies.append(reply)
        if reply[0] == "died":
            self._deathSeen.emit()

    @Slot()
    def _drain(self) -> None:
        while self._replies and not self._stopped:
            self._on_reply(self._replies.popleft())
        if not self._loading and not self._awaiting and not self._replies:
            self._poll.stop()  # nothing more is coming until the next submit
            self._done_waiting()

    def _on_reply(self, reply: tuple) -> None:
        if self._stopped:
            return
        kind = reply[0]
        if kind in ("loaded", "load_failed", "died"):
            self._loading = False
        if kind in ("done", "failed", "cancelled"):
            self._awaiting.discard(reply[1])
        elif kind == "died":
            self._awaiting.clear()
        if kind == "loaded":
            self.loaded.emit(reply[1], reply[2])
        elif kind == "load_failed":
            self.failed.emit(-1, f"could not load spaCy: {reply[1]}")
        elif kind == "piece":
            self.pieceReady.emit(reply[1], reply[2])
        elif kind == "done":
            self.answered.emit(reply[1], reply[2])
        elif kind == "failed":
            self.failed.emit(reply[1], reply[2])
        elif kind == "died":
            self.died.emit(reply[1])


class _ThreadWorker(QObject):
    """Lives on the worker thread: loads the pipeline once, then streams each job's pieces."""

    loaded = Signal(str, bool)
    pieceReady = Signal(int, object)
    answered = Signal(int, int)
    failed = Signal(int, str)

    def __init__(self, model: str | None):
        super().__init__()
        self._model = model
        self._suggester = None
        self._enrichers = Enrichers()
        self.cancelled: set[int] = set()  # written by the window's thread, read between pieces
        self.stopping = False
        self.lock = threading.Lock()
        self.loading: Hold | None = None  # given back once the pipeline is loaded (ui.shared.collecting)

    @Slot()
    def load(self) -> None:
        try:
            self._load()
        finally:
            if self.loading is not None:
                self.loading.release()

    def _load(self) -> None:
        try:
            from annotator.nlp.suggest import Suggester

            keep_libraries_from_switching()  # before spaCy's loading reads its msgpack files
            self._suggester = Suggester(model=self._model)
        except Exception as exc:  # a broken model must not take the window down
            self.failed.emit(-1, f"could not load spaCy: {exc}")
            return
        set_aside_loaded()
        self.loaded.emit(self._suggester.version, self._suggester.degraded)

    @Slot(int, str, object, object, str, object, object)
    def compute(self, job: int, text: str, topics, registry, trained_key: str, trained, held: Hold) -> None:
        try:
            self._compute(job, text, topics, registry, trained_key, trained)
        finally:
            held.release()

    def _compute(self, job: int, text: str, topics, registry, trained_key: str, trained) -> None:
        from annotator.services.suggest_stream import merge, stream

        found: list = []
        try:
            enrich = self._enrichers.get(trained_key, trained)
            # A full pass of the collector, due now and then as the parse makes objects, holds the lock (and
            # so the window) from start to end: none runs while the article is parsed.
            with collector_paused():
                for piece in stream(self._suggester, text, topics, registry, enrich=enrich):
                    if self._is_cancelled(job):
                        return
                    found = merge(found, piece)
                    self.pieceReady.emit(job, piece)
        except Exception as exc:
            self.failed.emit(job, str(exc) or type(exc).__name__)
            return
        self.answered.emit(job, len(found))

    def _is_cancelled(self, job: int) -> bool:
        with self.lock:
            return self.stopping or job in self.cancelled


class ThreadBackend(Backend):
    """Suggestions computed on a QThread of the window's process (the fallback)."""

    _computeRequested = Signal(int, str, object, object, str, object, object)
    kind = "thread"

    def __init__(self, model: str | None, parent: QObject | None = None):
        super().__init__(parent)
        self._thread = QThread(self)
        self._thread.setObjectName("suggestions")
        self._worker = _ThreadWorker(model)
        self._worker.moveToThread(self._thread)
        self._thread.started.connect(self._worker.load)
        self._worker.loaded.connect(self.loaded)
        self._worker.pieceReady.connect(self.pieceReady)
        self._worker.answered.connect(self.answered)
        self._worker.failed.connect(self.failed)
        self._computeRequested.connect(self._worker.compute)
        self._holds: list[Hold] = []  # one per job sent; given back by the worker, or here when it stops

    def start(self) -> None:
        """Start the thread (it loads spaCy)."""
        if not self._thread.isRunning():
            self._worker.loading = hold()
            self._holds.append(self._worker.loading)
            self._thread.start()

    def submit(self, job: int, text: str, topics, registry, trained_key: str, trained: list[dict]) -> None:
        """Queue a job on the thread."""
        self._holds = [taken for taken in self._holds if taken.out]
        taken = hold()
        self._holds.append(taken)
        self._computeRequested.emit(job, text, topics, registry, trained_key, trained, taken)

    def cancel(self, job: int) -> None:
        """Mark a job cancelled; the thread checks between pieces."""
        with self._worker.lock:
            self._worker.cancelled.add(job)

    def stop(self) -> None:
        """End the thread once its current piece is done."""
        with self._worker.lock:
            self._worker.stopping = True  # whatever is queued is not worth finishing
        self._thread.quit()
        # No time-out: a QThread destroyed while it runs aborts the whole process, and loading spaCy
        # cannot be interrupted. The longest wait is one load or one piece's parse.
        self._thread.wait()
        for taken in self._holds:  # jobs still queued never ran
            taken.release()
        self._holds.clear()


def start_backend(model: str | None, parent: QObject | None = None) -> tuple[Backend, str]:
    """A started backend, and why it fell back, if it did: the worker process, or a thread where no process
    can start (or with ``ANNOTATOR_SUGGEST_PROCESS=0``).

    The process keeps a long article's parse out of the window's interpreter: on a thread, spaCy's long
    calls and the collector's passes over its objects hold the GIL, and the window waits for them.
    """
    if os.environ.get("ANNOTATOR_SUGGEST_PROCESS", "1") != "0":
        backend = ProcessBackend(model, parent)
        try:
            backend.start()
            return backend, ""
        except WorkerUnavailable as exc:
            backend.deleteLater()
            reason = f"no suggestion process ({exc}); suggesting on a thread"
    else:
        reason = ""
    backend = ThreadBackend(model, parent)
    backend.start()
    return backend, reason
