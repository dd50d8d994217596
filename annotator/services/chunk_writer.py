"""A large export file written on a thread of its own, so that making its bytes and writing them overlap."""

from __future__ import annotations

import os
import queue
import threading
from collections.abc import Sequence
from typing import IO

# Buffers one writev takes at most (POSIX guarantees 16; Linux and macOS take 1024).
_IOV_MAX = min(os.sysconf("SC_IOV_MAX"), 1024) if hasattr(os, "sysconf") and hasattr(os, "writev") else 1


class ChunkWriter:
    """Collects a file's pieces and writes them about a megabyte at a time on a writer thread.

    A JSONL export's line is a few pieces (its head, its tokens, its spans); writing each as it came
    made system calls for every line, and writing on the exporting thread left the second core idle
    while the next lines were formatted. The pieces go to the file without being joined first (one
    ``writev``). At most DEPTH chunks wait, so memory stays bounded when the disk is slow. Use it as a
    context manager: leaving it writes the rest and waits; a failed write raises its OSError there,
    in the exporting thread, and an export that fails stops the writer without writing more.
    """

    SIZE = 1 << 20
    DEPTH = 4

    def __init__(self, handle: IO[bytes]) -> None:
        handle.flush()  # what the handle holds goes first; from here on the file descriptor is written
        self._fd = handle.fileno()
        self._pending: list[bytes] = []
        self._size = 0
        self._queue: queue.Queue[list[bytes] | None] = queue.Queue(self.DEPTH)
        self._error: BaseException | None = None
        self._thread = threading.Thread(target=self._drain, name="export-writer", daemon=True)
        self._thread.start()

    def __call__(self, *pieces: bytes) -> None:
        """Add ``pieces`` to the file, in order."""
        self._pending += pieces
        self._size += sum(map(len, pieces))
        if self._size >= self.SIZE:
            self._hand_over()

    def __enter__(self) -> ChunkWriter:
        return self

    def __exit__(self, exc_type, exc, traceback) -> None:
        try:
            if exc_type is None and self._pending:
                self._hand_over()
        finally:
            self._queue.put(None)
            self._thread.join()
        if exc_type is None and self._error is not None:
            raise self._error

    def _hand_over(self) -> None:
        if self._error is not None:  # the disk is full or gone: stop making lines for nothing
            raise self._error
        self._queue.put(self._pending)
        self._pending = []
        self._size = 0

    def _drain(self) -> None:
        while (pieces := self._queue.get()) is not None:
            if self._error is None:
                try:
                    write_all(self._fd, pieces)
                except BaseException as exc:  # noqa: BLE001 - raised in the exporting thread
                    self._error = exc


def write_all(fd: int, pieces: Sequence[bytes]) -> None:
    """Write ``pieces`` to ``fd`` in order, whole."""
    for first in range(0, len(pieces), _IOV_MAX):
        batch = pieces[first : first + _IOV_MAX]
        written = os.writev(fd, batch) if _IOV_MAX > 1 else os.write(fd, batch[0])
        if written < sum(map(len, batch)):  # a short write (a signal, a full disk): the rest one by one
            rest = memoryview(b"".join(batch))[written:]
            while rest:
                rest = rest[os.write(fd, rest) :]
