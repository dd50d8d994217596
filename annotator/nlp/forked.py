"""spaCy's worker processes (``nlp.pipe(n_process=...)``) end when the program that forked them does.

On Linux spaCy forks its workers, and a worker waits for texts on a pipe it holds both ends of: when
the program is killed (``kill``, ``kill -9``, the out-of-memory killer) nothing tells the workers, and
each stays for good with a loaded pipeline in memory. Linux can send a process a signal when its parent
ends (``prctl(PR_SET_PDEATHSIG)``); each process forked while :func:`workers_die_with_us` is active
asks for SIGKILL: a worker holds nothing worth saving, and the program's own end already lost its work.
"""

from __future__ import annotations

import ctypes
import os
import signal
import sys
import threading
from collections.abc import Iterator
from contextlib import contextmanager

_PR_SET_PDEATHSIG = 1
_lock = threading.Lock()
_active = 0  # parses forking workers now; forks at other times (subprocesses, tests) are left alone
_hooked = False
_forker = 0  # the pid of the process that forks, read by the child to see whether it is already gone


def _prctl():
    try:
        return ctypes.CDLL(None, use_errno=True).prctl
    except (OSError, AttributeError):
        return None


def _before_fork() -> None:
    global _forker
    _forker = os.getpid()


def _in_child() -> None:
    if not _active:
        return
    prctl = _prctl()
    if prctl is not None:
        prctl(_PR_SET_PDEATHSIG, signal.SIGKILL)
    if os.getppid() != _forker:
        os._exit(1)  # the parent ended between the fork and the request: it would never be signalled


@contextmanager
def workers_die_with_us() -> Iterator[None]:
    """Within this block, processes forked (by spaCy) are killed when this program ends (Linux only)."""
    global _active, _hooked
    if not sys.platform.startswith("linux"):
        yield
        return
    with _lock:
        if not _hooked:
            os.register_at_fork(before=_before_fork, after_in_child=_in_child)
            _hooked = True
        _active += 1
    try:
        yield
    finally:
        with _lock:
            _active -= 1
