"""Open, create and migrate a project file: one SQLite database per project.

A file is taken for a project only when its header carries Annotator's ``application_id`` (or, for files
made before that mark existed, when it has a schema version and the project's tables). Anything else is
refused before a byte of it is written: no journal switch, no backup, no migration.
"""

from __future__ import annotations

import os
import re
import sqlite3
import time
from collections.abc import Iterator
from contextlib import closing, contextmanager
from datetime import UTC, datetime
from pathlib import Path
from urllib.parse import quote

from annotator.paths import migrations_dir
from annotator.store.lean_import import sqlite_utils
from annotator.store.stranded_log import log_unreadable_here, read_with_log, tidy_after_reading

_MIGRATION = re.compile(r"^(\d{4})_[\w-]+\.sql$")
PROJECT_SUFFIX = ".annotator.db"
#: "ANNT" in the SQLite header (set by migration 0007).
APPLICATION_ID = 0x414E4E54
#: Tables every project has had since schema version 1: how a project older than the mark is recognised.
_PROJECT_TABLES = frozenset({"articles", "annotators", "speakers", "claims", "quotes"})
#: How long a writer waits for another process to finish its transaction before giving up.
BUSY_TIMEOUT_MS = 5000



def _database(conn: sqlite3.Connection) -> sqlite_utils.Database:
    """sqlite-utils' wrapper of ``conn``, without the sqlite-utils plugins installed on this machine.

    A plugin may register functions on every connection sqlite-utils wraps; a project's file must read the
    same whatever else is installed, and finding the plugins (a scan of every installed package's entry
    points) was 23 ms of the window's start.
    """
    return sqlite_utils.Database(conn, execute_plugins=False)

class ProjectError(Exception):
    """A project file that cannot be opened or written as it is; the message says why."""


class SchemaTooNewError(ProjectError):
    """The file was written by a newer Annotator than this one."""


class ProjectBusyError(ProjectError):
    """Another process held the write lock for longer than the busy timeout."""


class ProjectReadOnlyError(ProjectError):
    """The project (or its folder) cannot be written."""


class ProjectConflictError(ProjectError, sqlite3.IntegrityError):
    """A write that no longer fits the file (a row id or name another program has taken meanwhile)."""


def now() -> str:
    """The current UTC time as an ISO 8601 string, to the second."""
    return datetime.now(UTC).replace(microsecond=0).isoformat()


def sqlite_uri(path: str | Path, mode: str) -> str:
    """A ``file:`` URI for ``path`` opened in ``mode`` (ro, rw, rwc), with ``#``, ``?`` and ``%`` escaped.

    Unescaped, a ``?`` or ``#`` in a file name cuts the path short: SQLite opens (or creates) another file.
    """
    return f"file:{quote(str(Path(path).absolute()), safe='/')}?mode={mode}"


def migrations() -> list[tuple[int, Path]]:
    """Numbered migration files in the order they apply."""
    found = []
    for path in migrations_dir().glob("*.sql"):
        match = _MIGRATION.match(path.name)
        if match:
            found.append((int(match.group(1)), path))
    return sorted(found)


def latest_version() -> int:
    """The schema version this code writes."""
    steps = migrations()
    return steps[-1][0] if steps else 0


def can_write(path: str | Path) -> bool:
    """Whether this process may write the project file and create its journal beside it."""
    path = Path(path)
    folder = path.parent if str(path.parent) else Path(".")
    if path.exists() and not os.access(path, os.W_OK):
        return False
    return os.access(folder, os.W_OK | os.X_OK)


def _statements(script: str) -> list[str]:
    """The SQL statements of a migration script, one by one (comments ride along with the next)."""
    statements, pending = [], ""
    for line in script.splitlines(keepends=True):
        pending += line
        if sqlite3.complete_statement(pending):
            statements.append(pending)
            pending = ""
    return statements


class Project:
    """A project database: the only door to SQL for the rest of the app.

    Every public write of the store runs inside :meth:`atomic`, so each user action is one committed
    transaction and a kill never leaves half a change. ``read_only`` projects never write their file; an
    older one read that way is migrated in a private in-memory copy. ``private_copy`` reads the file once
    into memory and writes only there (a command that caches while it reads, like ``eval``).
    """

    def __init__(
        self,
        path: str | Path | None = None,
        *,
        memory: bool = False,
        read_only: bool = False,
        create: bool = True,
        private_copy: bool = False,
    ):
        self.path = None if memory or path is None else Path(path)
        self.backup_path: Path | None = None
        self._copied = False  # reading a migrated in-memory copy of the file
        self.busy_timeout_ms = BUSY_TIMEOUT_MS
        #: The schema version the file had when opened (0 for a new one), before any migration.
        self.file_version = 0
        read_only = read_only or private_copy
        self.read_only = read_only and self.path is not None
        # A read-only connection cannot remove the WAL companions it makes; close() tidies them away.
        self._tidy = self.read_only and not any(p.exists() for p in self._companions())
        if self.path is not None and not self.path.exists() and (read_only or not create):
            raise ProjectError(f"{self.path}: no such project file")
        if self.path is not None and self.path.is_dir():
            raise ProjectError(f"{self.path}: is a folder, not a project file")
        try:
            if self.path is None:
                conn = sqlite3.connect(":memory:", check_same_thread=False)
            elif read_only and log_unreadable_here(self.path):
                conn = read_with_log(self.path)
                self._copied = True
            elif read_only:
                conn = sqlite3.connect(sqlite_uri(self.path, "ro"), uri=True, check_same_thread=False)
            else:
                conn = sqlite3.connect(str(self.path), check_same_thread=False)
        except (sqlite3.Error, OSError) as exc:
            raise ProjectError(f"{self.path}: cannot be opened ({exc})") from exc
        # Autocommit at the driver level: transactions are opened explicitly by atomic().
        conn.isolation_level = None
        self.db = _database(conn)
        try:
            # Everything is read and checked before anything (even the journal mode) is written.
            fresh = self._identify()
            self._configure()
            if self.read_only and (self._copied or private_copy or self.schema_version < latest_version()):
                if not self._copied:
                    self._copy_to_memory()
                self.read_only = not private_copy
            if not self.read_only or self._copied:
                self._migrate(fresh)
        except sqlite3.DatabaseError as exc:
            self.db.conn.close()
            if isinstance(exc, sqlite3.OperationalError) and ("locked" in str(exc) or "busy" in str(exc)):
                raise self._write_error(exc, "it was not opened") from exc
            if "disk i/o" in str(exc).lower() or "is full" in str(exc).lower():
                # Even reading needs room: SQLite makes the log's index (-shm, 32 KB) beside the file.
                raise ProjectError(
                    f"{self.path}: cannot be read: the disk is full or failing ({exc}); the file was not changed"
                ) from exc
            if "malformed" in str(exc).lower():
                # A copy cut short or a failing disk: a project, but one SQLite cannot read all of.
                raise ProjectError(
                    f"{self.path}: the file is damaged ({exc}); open a backup or an earlier copy of it instead"
                    "; the file was not changed"
                ) from exc
            raise ProjectError(f"{self.path}: not an Annotator project ({exc})") from exc
        except ProjectError:
            self.db.conn.close()
            raise

    @property
    def writable(self) -> bool:
        """Whether actions can be saved: false for a project opened read-only."""
        return not self.read_only

    @classmethod
    def memory(cls) -> "Project":
        """A throwaway in-memory project, for tests."""
        return cls(memory=True)

    @property
    def name(self) -> str:
        """The file name users know the project by (":memory:" for a throwaway one)."""
        return self.path.name if self.path is not None else ":memory:"

    def _identify(self) -> bool:
        """Refuse a file that is not a project (or is too new); True for a new, empty one to create."""
        if self.path is None:
            return True
        empty = not self.path.exists() or self.path.stat().st_size == 0
        if not empty:
            conn = self.db.conn
            # One read transaction, so the three answers come from one moment: another process creating
            # or migrating this file at the same time could otherwise commit between them.
            conn.execute("BEGIN")
            try:
                app_id = conn.execute("PRAGMA application_id").fetchone()[0]
                version = self.file_version = self.schema_version
                tables = set(self.db.table_names())
            finally:
                # A read that failed on the disk (no room for the log's index) has ended the transaction.
                if conn.in_transaction:
                    conn.execute("COMMIT")
            if app_id == APPLICATION_ID:
                self._check_version(version)
                return False
            if app_id == 0 and version > 0 and _PROJECT_TABLES <= tables:
                self._check_version(version)
                return False  # a project made before the mark existed
            if app_id != 0 or version != 0 or tables:
                raise ProjectError(f"{self.path}: not an Annotator project; the file was not changed")
        if self.read_only:
            raise ProjectError(f"{self.path}: not an Annotator project (an empty file); the file was not changed")
        if self.path.exists() and not self.path.name.endswith(PROJECT_SUFFIX):
            # An empty file under another name is somebody's placeholder, not an invitation.
            raise ProjectError(
                f"{self.path}: an empty file, not an Annotator project; name a new project *{PROJECT_SUFFIX}"
            )
        return True

    def _configure(self) -> None:
        conn = self.db.conn
        conn.execute("PRAGMA foreign_keys = ON")
        self.set_busy_timeout(BUSY_TIMEOUT_MS)
        if self.path is not None and not self.read_only:
            self._enter_wal()
            # NORMAL in WAL mode survives a killed process; only a power cut can lose the last commits.
            conn.execute("PRAGMA synchronous = NORMAL")

    def _enter_wal(self) -> None:
        """Switch the file to WAL, waiting out other processes that open it at the same moment.

        Changing the journal mode needs the file to itself, and SQLite answers "database is locked" at once
        (without its busy wait) when several connections to a new file each hold a read lock and want it.
        So the wait is done here, backing off, within the same busy timeout as every other write.
        """
        deadline = time.monotonic() + self.busy_timeout_ms / 1000
        pause = 0.005
        while True:
            try:
                self.db.conn.execute("PRAGMA journal_mode = WAL")
                return
            except sqlite3.OperationalError as exc:
                text = str(exc).lower()
                if ("locked" not in text and "busy" not in text) or time.monotonic() + pause > deadline:
                    raise self._write_error(exc, "it was not opened") from exc
            time.sleep(pause)
            pause = min(pause * 2, 0.1)

    def _copy_to_memory(self) -> None:
        """Read an older project through a migrated in-memory copy, leaving the file as it is."""
        copy = sqlite3.connect(":memory:", check_same_thread=False)
        copy.isolation_level = None
        self.db.conn.backup(copy)
        self.db.conn.close()
        self._tidy_companions()
        copy.execute("PRAGMA foreign_keys = ON")
        self.db = _database(copy)
        self._copied = True

    def set_busy_timeout(self, milliseconds: int) -> None:
        """How long a write waits for another program's transaction before giving up (the window waits less)."""
        self.busy_timeout_ms = milliseconds
        self.db.conn.execute(f"PRAGMA busy_timeout = {int(milliseconds)}")

    @property
    def schema_version(self) -> int:
        """The version recorded in the file (PRAGMA user_version)."""
        return self.db.conn.execute("PRAGMA user_version").fetchone()[0]

    @property
    def data_version(self) -> int:
        """A number that changes when another connection commits to the file (PRAGMA data_version)."""
        return self.db.conn.execute("PRAGMA data_version").fetchone()[0]

    def _check_version(self, version: int) -> None:
        if version > latest_version():
            raise SchemaTooNewError(
                f"{self.path}: made by a newer Annotator (schema version {version}; this one knows up to "
                f"{latest_version()}). Update Annotator to open it; the file was not changed."
            )

    def _migrate(self, fresh: bool) -> None:
        if self.schema_version >= latest_version():
            return
        conn = self.db.conn
        # The whole upgrade is one transaction, its write lock taken before the version is read again:
        # two processes opening one old (or new) file at once take turns, the second finds the work done
        # (no second backup, no step run twice), and another process never sees a file part-way through
        # its migrations. A new project is made the same way.
        # Off for the upgrade (it cannot change inside a transaction): a migration that rebuilds a table
        # (0011) drops the old one, and with foreign keys on that drop would delete or unlink its children.
        conn.execute("PRAGMA foreign_keys = OFF")
        try:
            self._run_migrations(fresh)
        finally:
            conn.execute("PRAGMA foreign_keys = ON")

    def _run_migrations(self, fresh: bool) -> None:
        conn = self.db.conn
        try:
            conn.execute("BEGIN IMMEDIATE")
        except sqlite3.Error as exc:
            raise self._write_error(exc, "it was not opened") from exc
        step = ""
        try:
            version = self.schema_version
            pending = [(n, path) for n, path in migrations() if n > version]
            if pending and not fresh and self.path is not None and not self.read_only and not self._copied:
                self.backup_path = self._backup(version)
            for number, path in pending:
                step = path.name
                for statement in _statements(path.read_text(encoding="utf-8")):
                    conn.execute(statement)
                conn.execute(f"PRAGMA user_version = {number}")
            conn.execute("COMMIT")
        except BaseException as exc:
            # SQLite ends the transaction itself after some failures (a full disk met while writing the
            # log): a second ROLLBACK would replace the real reason with "no transaction is active".
            if conn.in_transaction:
                conn.execute("ROLLBACK")
            # The backup is of a file left as it was: on a full disk it is only in the way.
            if self.backup_path is not None:
                self.backup_path.unlink(missing_ok=True)
                self.backup_path = None
            if isinstance(exc, sqlite3.Error):
                raise self._write_error(exc, f"migration {step} failed; the file was not changed") from exc
            raise

    def _backup(self, version: int) -> Path:
        assert self.path is not None
        target = self.path.with_name(f"{self.path.name}.v{version}.bak")
        counter = 1
        while target.exists():
            target = self.path.with_name(f"{self.path.name}.v{version}.{counter}.bak")
            counter += 1
        # Read through a connection of its own: this one holds the upgrade's write lock, and SQLite's
        # backup cannot read through a connection in a write transaction. Nothing is written yet, so the
        # reader sees the file as it is (WAL lets it read beside the lock).
        # The copy is written under a name of its own and renamed when whole: a program killed while
        # copying leaves no half-written file under a backup's name. A leftover of such a kill is removed
        # here: only the holder of the write lock writes backups.
        partial = target.with_name(f"{self.path.name}.v{version}.bak-partial")
        leftovers = (partial, *(partial.with_name(partial.name + s) for s in ("-journal", "-wal", "-shm")))
        try:
            for leftover in leftovers:
                leftover.unlink(missing_ok=True)
            with closing(sqlite3.connect(sqlite_uri(self.path, "ro"), uri=True)) as source, \
                    closing(sqlite3.connect(str(partial))) as copy:
                source.backup(copy)
                # The copy took the project's WAL mode with its pages: a backup is one self-contained file
                # that opening (to look, or to restore it by renaming) leaves alone, with no -wal/-shm.
                copy.execute("PRAGMA journal_mode = DELETE")
            os.replace(partial, target)
        except (sqlite3.Error, OSError) as exc:
            for leftover in leftovers:
                leftover.unlink(missing_ok=True)
            raise self._write_error(exc, f"no backup could be written before migrating ({target.name})") from exc
        return target

    def _write_error(self, exc: Exception, doing: str = "nothing was changed") -> ProjectError:
        """The one-line error for a write SQLite refused, naming the project and the reason."""
        text = str(exc).lower()
        where = self.path if self.path is not None else ":memory:"
        if "locked" in text or "busy" in text:
            return ProjectBusyError(
                f"{where}: another program {self._busy_holder()} (waited {self.busy_timeout_ms / 1000:g} s); "
                f"{doing}. Try again when it has finished."
            )
        if "is full" in text:
            return ProjectError(f"{where}: the disk is full (or the file may grow no more); {doing}")
        if "readonly" in text or "read-only" in text or "permission" in text:
            return ProjectReadOnlyError(f"{where}: the project (or its folder) cannot be written; {doing}")
        return ProjectError(f"{where}: could not write ({exc}); {doing}")

    def _busy_holder(self) -> str:
        """What the program this one waited for is doing: writing, or only reading (a long read, say).

        Asked after the wait, by taking the write lock without waiting: only a writer holds it. A reader is
        in the way of what needs the file to itself (switching it to WAL, committing in rollback-journal
        mode), which is how an upgrade of a restored backup can wait on another program's long read.
        """
        conn = self.db.conn
        if conn.in_transaction:
            return "is using this project"
        try:
            conn.execute("PRAGMA busy_timeout = 0")
            conn.execute("BEGIN IMMEDIATE")
            conn.execute("ROLLBACK")
        except sqlite3.Error as exc:
            if "locked" in str(exc).lower() or "busy" in str(exc).lower():
                return "is writing this project"
            return "is using this project"
        finally:
            conn.execute(f"PRAGMA busy_timeout = {int(self.busy_timeout_ms)}")
        return "has this project open and is reading it"

    @contextmanager
    def atomic(self) -> Iterator[sqlite_utils.Database]:
        """One write transaction, its lock taken up front; a nested call joins the outer one.

        Every write in the store opens one of these, and commands and imports wrap many writes in an outer
        one: the whole user action commits or rolls back as one. Joining instead of taking a savepoint per
        nested call keeps bulk work (a merge writes tens of thousands of rows) from paying two extra
        statements a row, and an error still rolls the outermost transaction back whole. ``BEGIN
        IMMEDIATE`` waits (busy timeout) for another writer here, before anything is read: a deferred
        transaction that read first could not wait later and would fail half-way.
        """
        conn = self.db.conn
        if conn.in_transaction:
            yield self.db
            return
        if self.read_only:
            where = self.path if self.path is not None else ":memory:"
            raise ProjectReadOnlyError(f"{where}: opened read-only; nothing was changed")
        try:
            conn.execute("BEGIN IMMEDIATE")
        except sqlite3.OperationalError as exc:
            raise self._write_error(exc) from exc
        try:
            yield self.db
        except BaseException as exc:
            if conn.in_transaction:
                conn.execute("ROLLBACK")
            # An interrupt is the caller's own stop (a cancelled merge), not a failed write: it passes as is.
            if isinstance(exc, sqlite3.OperationalError) and "interrupt" not in str(exc):
                raise self._write_error(exc) from exc
            if isinstance(exc, sqlite3.IntegrityError) and not isinstance(exc, ProjectError):
                raise ProjectConflictError(
                    f"{self.name}: the change no longer fits the project as it is now ({exc}), perhaps after "
                    "another program's work; nothing was changed"
                ) from exc
            raise
        try:
            conn.execute("COMMIT")
        except sqlite3.Error as exc:
            if conn.in_transaction:
                conn.execute("ROLLBACK")
            raise self._write_error(exc) from exc

    def get_setting(self, key: str, default: str | None = None) -> str | None:
        """A project-level setting stored in the file."""
        row = self.db.conn.execute("SELECT value FROM settings WHERE key = ?", (key,)).fetchone()
        return row[0] if row else default

    def set_setting(self, key: str, value: str) -> None:
        """Store a project-level setting."""
        with self.atomic():
            self.db.conn.execute(
                "INSERT INTO settings (key, value) VALUES (?, ?) "
                "ON CONFLICT(key) DO UPDATE SET value = excluded.value",
                (key, value),
            )

    @contextmanager
    def snapshot(self) -> Iterator[sqlite_utils.Database]:
        """One read transaction: everything read inside sees the project as it was at one moment."""
        conn = self.db.conn
        conn.execute("BEGIN")
        try:
            yield self.db
        finally:
            if conn.in_transaction:  # SQLite ends it itself after some failures of the disk
                conn.execute("ROLLBACK")

    @property
    def is_open(self) -> bool:
        """Whether the connection is still open (a timer may fire after the window closed the project)."""
        try:
            self.db.conn.total_changes  # noqa: B018  (raises once the connection is closed)
        except sqlite3.ProgrammingError:
            return False
        return True

    def close(self) -> None:
        """Close the connection (the WAL is checkpointed by SQLite)."""
        self.db.close()
        self._tidy_companions()

    def _companions(self) -> list[Path]:
        if self.path is None:
            return []
        return [self.path.with_name(self.path.name + suffix) for suffix in ("-wal", "-shm")]

    def _tidy_companions(self) -> None:
        """Remove the -wal/-shm files a read-only look created, leaving the folder as it was found.

        A brief writable connection does it the safe way: closing, SQLite deletes them only when it is the
        last connection to the file and the log is empty, so another program's open project is left alone.
        """
        if not self._tidy or not any(p.exists() for p in self._companions()):
            return
        self._tidy = False
        tidy_after_reading(self.path)

    def __enter__(self) -> "Project":
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
