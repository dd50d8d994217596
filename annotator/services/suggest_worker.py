"""A long-lived worker process that loads spaCy once and streams suggestions back, piece by piece.

Parsing in the window's own process competes with typing for the GIL; in a process of its own it only
competes for a CPU core. The process is started with ``spawn`` (forking a process that runs Qt threads is
unsafe), loads the pipeline, then answers jobs one at a time. Between pieces it reads its inbox, so a
job cancelled (the article was closed) or a stop (the window closed) takes effect within one piece.

Messages to the process: ``("job", id, text, topics, registry, trained_key, trained)`` and ``("stop",)``;
cancelled job ids go through shared memory instead (:class:`Cancellations`). Replies, handed to
``on_reply`` on a reader thread: ``("loaded", version, degraded)``, ``("load_failed", message)``,
``("piece", id, Piece)``, ``("done", id, count)`` (the pieces, merged, hold the article's ``count``
suggestions: the window has them already, so they are not sent twice),
``("failed", id, message)``, ``("cancelled", id)`` once a cancelled job is dropped (nothing more of it
comes after), ``("died", message)`` when the process ended without being asked to.

The reader thread blocks, with no timeout, until a reply or the process's end: an idle reader runs no
Python at all. Any allocation on it could be the one that makes a collection of the cyclic garbage due,
and Python runs that collection on the allocating thread, where it could free the window's unreachable Qt
objects. So it receives and hands on each reply inside ``guard()``, which the window makes keep the
collector off (ui.shared.collecting); services stay Qt-free and default to no guard.
"""

from __future__ import annotations

import contextlib
import multiprocessing
import multiprocessing.connection
import os
import queue
import threading
from collections import deque
from collections.abc import Callable, Sequence
from contextlib import AbstractContextManager
from typing import Any

from annotator.core.model import Label, Speaker

Reply = tuple
Guard = Callable[[], AbstractContextManager]
# How often a waiting process checks that the window that started it is still there.
_PARENT_CHECK_SECONDS = 1.0
# Cancelled job ids the process can still learn of: an older one it misses is parsed for nothing (its
# replies are dropped by the window all the same), never wrongly answered.
_CANCEL_SLOTS = 256


class WorkerUnavailable(Exception):
    """The worker process could not be started (the caller falls back to a thread)."""


class Enrichers:
    """The project's trained classifiers' ``enrich``, loaded once per set of models (by their key)."""

    def __init__(self):
        self._loaded: tuple[str, Any] = ("", None)

    def get(self, key: str, trained: list[dict]):
        """``enrich`` of the classifiers stored as ``trained``; None when there are none."""
        if not trained:
            return None
        if self._loaded[0] != key:
            from annotator.services.learning import Classifiers

            self._loaded = (key, Classifiers(stored=trained))
        return self._loaded[1].enrich


class Cancellations:
    """The job ids the window dropped, in a ring of shared memory the process reads between pieces.

    A cancel put on the request queue was pickled by the queue's feeder thread, and pickling allocates:
    a collection of the cyclic garbage could start there and free the window's Qt objects off their
    thread (ui.shared.collecting). Writing an integer into shared memory on the caller's thread
    allocates nothing worth collecting and needs no other thread; ids only grow, so an id never comes back.
    """

    def __init__(self, ctx):
        self._ids = ctx.Array("q", _CANCEL_SLOTS + 1)  # slot 0: how many ids were ever written
        self._seen = 0  # the process's side: how many it has read

    def add(self, job: int) -> None:
        """Mark a job cancelled (the window's side)."""
        with self._ids.get_lock():
            written = self._ids[0]
            self._ids[1 + written % _CANCEL_SLOTS] = job
            self._ids[0] = written + 1

    def news(self) -> list[int]:
        """The ids cancelled since the last call (the process's side)."""
        with self._ids.get_lock():
            written = self._ids[0]
            first = max(self._seen, written - _CANCEL_SLOTS)
            fresh = [self._ids[1 + n % _CANCEL_SLOTS] for n in range(first, written)]
        self._seen = written
        return fresh


class SuggestWorker:
    """The window's handle on the worker process: start, send jobs, cancel them, stop."""

    def __init__(self, model: str | None, on_reply: Callable[[Reply], None],
                 guard: Guard = contextlib.nullcontext):
        self._model = model
        self._on_reply = on_reply
        self._guard = guard  # entered on the reader thread around each reply's receiving and hand-off
        self._process: multiprocessing.process.BaseProcess | None = None
        self._inbox: Any = None
        self._outbox: Any = None
        self._cancelled: Cancellations | None = None
        self._reader: threading.Thread | None = None
        self._stopping = threading.Event()

    @property
    def pid(self) -> int | None:
        """The worker process's id (None before start)."""
        return self._process.pid if self._process is not None else None

    def is_alive(self) -> bool:
        """Whether the worker process runs."""
        return self._process is not None and self._process.is_alive()

    def start(self) -> None:
        """Start the process (it loads spaCy and replies "loaded"); WorkerUnavailable if it cannot start."""
        try:
            ctx = multiprocessing.get_context("spawn")
            self._inbox, self._outbox = ctx.Queue(), ctx.Queue()
            # Jobs never sent when the window closes are dropped, not waited for at exit.
            self._inbox.cancel_join_thread()
            self._cancelled = Cancellations(ctx)
            self._process = ctx.Process(
                target=serve, args=(self._inbox, self._outbox, self._model, self._cancelled),
                name="annotator-suggest", daemon=True,
            )
            self._process.start()
        except (OSError, RuntimeError, ValueError, ImportError) as exc:
            self._process = None
            raise WorkerUnavailable(str(exc) or type(exc).__name__) from exc
        self._reader = threading.Thread(target=self._read, name="annotator-suggest-reader", daemon=True)
        self._reader.start()

    def submit(self, job: int, text: str, topics: Sequence[Label], registry: Sequence[Speaker],
               trained_key: str = "", trained: list[dict] | None = None) -> None:
        """Ask for an article's suggestions; replies come as "piece"s, then "done" (or "failed")."""
        self._inbox.put(("job", job, text, list(topics), list(registry), trained_key, trained or []))

    def cancel(self, job: int) -> None:
        """Drop a job: not started, it never starts; running, it stops after the current piece."""
        if self._cancelled is not None:
            self._cancelled.add(job)  # not through the inbox: see Cancellations

    def stop(self, timeout: float = 0.25) -> None:
        """End the process and the reader thread; a process that does not stop in time is killed.

        The process never writes the project, so killing it loses nothing: a window closing in the middle
        of a long paragraph's parse waits ``timeout``, not for the parse.
        """
        if self._process is None or self._stopping.is_set():
            return
        self._stopping.set()
        try:
            self._inbox.put(("stop",))
        except (OSError, ValueError):
            pass  # the queue is closed already
        self._process.join(timeout)
        if self._process.is_alive():
            # Loading spaCy cannot be interrupted; nothing in the process is worth waiting for.
            self._process.terminate()
            self._process.join(1.0)
        if self._process.is_alive():
            self._process.kill()
            self._process.join()
        if self._reader is not None:
            # Not woken by a message of the window's own: its queue's feeder thread could wait forever
            # for the write lock of a process killed while writing. The process's end wakes it (a reply
            # cut short by that kill would keep it waiting in the read: it is a daemon).
            self._reader.join(0.5)
        for q in (self._inbox, self._outbox):
            q.close()

    def _read(self) -> None:
        """Reader thread: hand every reply to ``on_reply`` until the process ends."""
        # The outbox's reading end: waited on directly, as Queue.get(timeout=...) would wake (and raise
        # queue.Empty) on every look while nothing comes.
        pipe = self._outbox._reader
        ends = [pipe, self._process.sentinel]
        while True:
            try:
                ready = multiprocessing.connection.wait(ends)
            except (OSError, ValueError):
                return  # the queue was closed under us: the window is closing
            with self._guard():
                if pipe in ready:
                    if not self._receive():
                        return
                    continue
                # Only the process's end: every reply it wrote before it ended has been read.
                if not self._stopping.is_set():
                    self._process.join(1.0)  # its end is seen a moment before it can be reaped
                    code = self._process.exitcode
                    self._on_reply(("died", f"the suggestion process ended unexpectedly (exit code {code})"))
                return

    def _receive(self) -> bool:
        """Read one reply and hand it on; False when the reader is done."""
        try:
            reply = self._outbox.get()
        except (EOFError, OSError, ValueError):
            return False  # the queue was closed under us: the window is closing
        if self._stopping.is_set():
            return True  # drain, but nobody wants the answer any more
        self._on_reply(reply)
        return reply[0] != "load_failed"  # the process ends next; its failure is already told


def serve(inbox: Any, outbox: Any, model: str | None, cancelled: Cancellations) -> None:
    """The worker process's main loop: load the pipeline, then answer jobs until told to stop."""
    outbox.cancel_join_thread()  # a reply nobody reads must not keep a stopping process alive
    try:
        from annotator.nlp.suggest import Suggester

        suggester = Suggester(model=model)
    except Exception as exc:  # noqa: BLE001 - reported in the window as one line
        outbox.put(("load_failed", str(exc).splitlines()[0] if str(exc) else type(exc).__name__))
        return
    outbox.put(("loaded", suggester.version, suggester.degraded))
    _Server(suggester, inbox, outbox, cancelled).run()
    # Tearing down an interpreter holding a loaded pipeline took over a second, and the closing window
    # waits for it. The process holds nothing to save (it never writes the project) and a stopping
    # window wants no more replies, so it ends here, without the teardown.
    os._exit(0)


class _Server:
    """Runs inside the worker process: a queue of jobs, the set of cancelled ones, loaded classifiers."""

    def __init__(self, suggester, inbox: Any, outbox: Any, cancellations: Cancellations):
        self.suggester, self.inbox, self.outbox = suggester, inbox, outbox
        self.cancellations = cancellations
        self.jobs: deque[tuple] = deque()
        self.cancelled: set[int] = set()
        self.stopped = False
        self._enrichers = Enrichers()
        self._parent = multiprocessing.parent_process()

    def orphaned(self) -> bool:
        """Whether the window's process is gone (killed): nobody will read another reply."""
        return self._parent is not None and not self._parent.is_alive()

    def run(self) -> None:
        """Answer jobs until a stop arrives or the window's process is gone."""
        while not self.stopped:
            if not self.jobs:
                try:
                    self._handle(self.inbox.get(timeout=_PARENT_CHECK_SECONDS))
                except queue.Empty:
                    if self.orphaned():
                        return  # the window was killed: nobody will ever ask again
                continue
            if self.orphaned():
                return
            self._drain()  # jobs cancelled while they waited are dropped unstarted
            job = self.jobs.popleft() if self.jobs else None
            # A cancel can be read before its job: the job went through the queue's feeder thread, the
            # cancel straight into shared memory.
            if job is not None and job[1] in self.cancelled:
                self.outbox.put(("cancelled", job[1]))
            elif job is not None:
                self._answer(job)

    def _handle(self, message: tuple) -> None:
        kind = message[0]
        if kind == "job":
            self.jobs.append(message)
        elif kind == "stop":
            self.stopped = True

    def _drain(self) -> None:
        while True:
            try:
                self._handle(self.inbox.get_nowait())
            except queue.Empty:
                break
        fresh = self.cancellations.news()
        if fresh:
            self.cancelled.update(fresh)
            for job in [j for j in self.jobs if j[1] in self.cancelled]:
                self.outbox.put(("cancelled", job[1]))
            self.jobs = deque(j for j in self.jobs if j[1] not in self.cancelled)

    def _answer(self, job: tuple) -> None:
        from annotator.services.suggest_stream import merge, stream

        _, job_id, text, topics, registry, trained_key, trained = job
        found: list = []
        try:
            enrich = self._enrichers.get(trained_key, trained)
            for piece in stream(self.suggester, text, topics, registry, enrich=enrich):
                found = merge(found, piece)
                self.outbox.put(("piece", job_id, piece))
                self._drain()
                # A killed window's long article is dropped within a piece, not parsed on for minutes.
                if self.stopped or self.orphaned():
                    return
                if job_id in self.cancelled:
                    self.outbox.put(("cancelled", job_id))
                    return
        except Exception as exc:  # noqa: BLE001 - one article's failure is reported, the process goes on
            self.outbox.put(("failed", job_id, f"{type(exc).__name__}: {str(exc).splitlines()[0][:200] if str(exc) else ''}"))
            return
        self.outbox.put(("done", job_id, len(found)))
