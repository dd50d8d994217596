"""Open, create and migrate a project file: one SQLite database per project."""

from __future__ import annotations

import re
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from urllib.parse import quote

import sqlite_utils

from annotator.paths import migrations_dir

_MIGRATION = re.compile(r"^(\d{4})_[\w-]+\.sql$")
PROJECT_SUFFIX = ".annotator.db"


class ProjectError(Exception):
    """A project file that cannot be opened as it is; the message says why."""


class SchemaTooNewError(ProjectError):
    """The file was written by a newer Annotator than this one."""


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


class Project:
    """A project database: the only door to SQL for the rest of the app.

    Every public write of the store runs inside :meth:`atomic`, so each user
    action is one committed transaction and a kill never leaves half a change.
    """

    def __init__(self, path: str | Path | None = None, *, memory: bool = False, read_only: bool = False):
        self.path = None if memory or path is None else Path(path)
        self.backup_path: Path | None = None
        if self.path is None:
            conn = sqlite3.connect(":memory:", check_same_thread=False)
        elif read_only:
            conn = sqlite3.connect(sqlite_uri(self.path, "ro"), uri=True, check_same_thread=False)
        else:
            conn = sqlite3.connect(str(self.path), check_same_thread=False)
        # Autocommit at the driver level: transactions are opened explicitly by atomic().
        conn.isolation_level = None
        self.db = sqlite_utils.Database(conn)
        try:
            # Refuse a newer file before anything (even the journal mode) is written to it.
            self._check_version(self.schema_version)
            self._configure(read_only)
            if not read_only:
                self._migrate()
        except sqlite3.DatabaseError as exc:
            conn.close()
            raise ProjectError(f"{self.path}: not an Annotator project ({exc})") from exc
        except ProjectError:
            conn.close()
            raise

    @classmethod
    def memory(cls) -> "Project":
        """A throwaway in-memory project, for tests."""
        return cls(memory=True)

    def _configure(self, read_only: bool) -> None:
        conn = self.db.conn
        conn.execute("PRAGMA foreign_keys = ON")
        conn.execute("PRAGMA busy_timeout = 5000")
        if self.path is not None and not read_only:
            conn.execute("PRAGMA journal_mode = WAL")
            # NORMAL in WAL mode survives a killed process; only a power cut can lose the last commits.
            conn.execute("PRAGMA synchronous = NORMAL")

    @property
    def schema_version(self) -> int:
        """The version recorded in the file (PRAGMA user_version)."""
        return self.db.conn.execute("PRAGMA user_version").fetchone()[0]

    def _check_version(self, version: int) -> None:
        if version > latest_version():
            raise SchemaTooNewError(
                f"{self.path}: made by a newer Annotator (schema version {version}; this one knows up to "
                f"{latest_version()}). Update Annotator to open it; the file was not changed."
            )

    def _migrate(self) -> None:
        version = self.schema_version
        self._check_version(version)
        if version == 0 and self.db.table_names():
            raise ProjectError(f"{self.path}: not an Annotator project (it has tables but no schema version)")
        pending = [(n, path) for n, path in migrations() if n > version]
        if not pending:
            return
        if version > 0 and self.path is not None:
            self.backup_path = self._backup(version)
        for number, path in pending:
            sql = path.read_text(encoding="utf-8")
            try:
                # One transaction per migration, the version bump included.
                self.db.conn.executescript(f"BEGIN;\n{sql}\nPRAGMA user_version = {number};\nCOMMIT;")
            except sqlite3.Error as exc:
                if self.db.conn.in_transaction:
                    self.db.conn.execute("ROLLBACK")
                raise ProjectError(f"{self.path}: migration {path.name} failed ({exc})") from exc

    def _backup(self, version: int) -> Path:
        assert self.path is not None
        target = self.path.with_name(f"{self.path.name}.v{version}.bak")
        counter = 1
        while target.exists():
            target = self.path.with_name(f"{self.path.name}.v{version}.{counter}.bak")
            counter += 1
        with sqlite3.connect(str(target)) as copy:
            self.db.conn.backup(copy)
        copy.close()
        return target

    @contextmanager
    def atomic(self) -> Iterator[sqlite_utils.Database]:
        """One transaction; a nested call joins the outer one.

        Every write in the store opens one of these, and commands and imports wrap many writes in an outer
        one: the whole user action commits or rolls back as one. Joining instead of taking a savepoint per
        nested call keeps bulk work (a merge writes tens of thousands of rows) from paying two extra
        statements a row, and an error still rolls the outermost transaction back whole.
        """
        if self.db.conn.in_transaction:
            yield self.db
            return
        with self.db.atomic():
            yield self.db

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

    def close(self) -> None:
        """Close the connection (the WAL is checkpointed by SQLite)."""
        self.db.close()

    def __enter__(self) -> "Project":
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
