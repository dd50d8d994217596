"""Why a write to the project failed, in words a user can act on, without showing SQLite's exceptions.

Services catch failures of a whole batch here (a full disk, a read-only file, another writer): such a
failure is the project's, not the current file's, so a batch stops at it instead of failing every
file that follows in the same way.
"""

from __future__ import annotations

import errno
import sqlite3

# SQLite's primary result codes; an extended code (SQLITE_READONLY_DBMOVED, ...) keeps them in its low byte.
_SQLITE_REASONS = {
    sqlite3.SQLITE_FULL: "the disk is full",
    sqlite3.SQLITE_READONLY: "the project is read-only",
    sqlite3.SQLITE_PERM: "the project is read-only",
    sqlite3.SQLITE_CANTOPEN: "the project file cannot be opened for writing",
    sqlite3.SQLITE_BUSY: "another program is writing to it",
    sqlite3.SQLITE_LOCKED: "another program is writing to it",
    sqlite3.SQLITE_IOERR: "the disk reported an error",
    sqlite3.SQLITE_CORRUPT: "the file is damaged",
    sqlite3.SQLITE_NOTADB: "the file is not a database",
}
_OS_REASONS = {
    errno.ENOSPC: "the disk is full",
    errno.EDQUOT: "the disk quota is used up",
    errno.EROFS: "the project is on a read-only file system",
    errno.EACCES: "the project is read-only",
    errno.EPERM: "the project is read-only",
    errno.EIO: "the disk reported an error",
}


def write_failure(exc: BaseException) -> str | None:
    """Why ``exc`` means the project cannot be written at all, or None if it is some other error."""
    if isinstance(exc, sqlite3.Error):
        code = getattr(exc, "sqlite_errorcode", None)
        if code is None:
            return None
        return _SQLITE_REASONS.get(code & 0xFF)
    if isinstance(exc, OSError):
        return _OS_REASONS.get(exc.errno, exc.strerror or None)
    return None
