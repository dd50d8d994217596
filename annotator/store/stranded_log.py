"""Reading a project whose log a stopped program left in a folder nobody may write.

A program killed after its last commits leaves them in the log (``-wal``), without the log's index
(``-shm``). SQLite must make that index beside the file to read the log; in a read-only folder it cannot,
and the file would not open at all (or would be read without its last commits). Such a project is read
through copies of the file and its log in a private folder, into memory; the folder is left as it is.
And the other way round: the empty -wal/-shm a read-only look at a file made are removed after it.
"""

from __future__ import annotations

import os
import shutil
import sqlite3
import tempfile
from collections.abc import Iterator
from contextlib import closing, contextmanager
from pathlib import Path


def log_unreadable_here(path: Path) -> bool:
    """Whether ``path``'s log holds commits SQLite cannot read where they are (see the module's docstring)."""
    log, index = path.with_name(path.name + "-wal"), path.with_name(path.name + "-shm")
    folder = path.parent if str(path.parent) else Path(".")
    return (log.exists() and log.stat().st_size > 0 and not index.exists()
            and not os.access(folder, os.W_OK | os.X_OK))


@contextmanager
def readable_copy(path: Path) -> Iterator[Path]:
    """Copies of the file at ``path`` and its log in a private folder, for the time of the block; OSError."""
    with tempfile.TemporaryDirectory(prefix="annotator-") as folder:
        copy = Path(folder) / path.name
        shutil.copyfile(path, copy)
        shutil.copyfile(path.with_name(path.name + "-wal"), copy.with_name(copy.name + "-wal"))
        yield copy


@contextmanager
def readable(path: Path) -> Iterator[Path]:
    """``path`` itself, or a private copy with its log when SQLite could not read the log where it is."""
    if not log_unreadable_here(path):
        yield path
        return
    with readable_copy(path) as copy:
        yield copy


def read_with_log(path: Path) -> sqlite3.Connection:
    """An in-memory copy of the project at ``path`` with its log's commits; OSError, sqlite3.Error."""
    with readable_copy(path) as copy:
        memory = sqlite3.connect(":memory:", check_same_thread=False)
        with closing(sqlite3.connect(str(copy))) as source:
            source.backup(memory)
    return memory


def tidy_after_reading(path: Path) -> None:
    """Remove the empty -wal/-shm a read-only look at ``path`` made, if no other program has it open.

    A read-only connection cannot remove them; a brief writable one does it the safe way: closing,
    SQLite deletes them only when it is the last connection to the file and the log is empty.
    """
    folder = path.parent if str(path.parent) else Path(".")
    if not os.access(path, os.W_OK) or not os.access(folder, os.W_OK | os.X_OK):
        return
    try:
        conn = sqlite3.connect(str(path))
        conn.execute("PRAGMA application_id").fetchone()
        conn.close()
    except sqlite3.Error:
        pass
