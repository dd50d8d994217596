"""A file that is not a project is never changed; read-only opens never write; writers wait for the lock."""

from __future__ import annotations

import sqlite3
import threading
import time

import pytest

from annotator.store import project as project_module
from annotator.store.project import (
    APPLICATION_ID,
    Project,
    ProjectBusyError,
    ProjectError,
    ProjectReadOnlyError,
    latest_version,
    migrations,
)


def _journal_mode(path) -> str:
    conn = sqlite3.connect(path)
    try:
        return conn.execute("PRAGMA journal_mode").fetchone()[0]
    finally:
        conn.close()


def _foreign(path, version: int, table: str = "stuff") -> bytes:
    conn = sqlite3.connect(path)
    conn.execute(f"CREATE TABLE {table} (x)")
    conn.execute(f"INSERT INTO {table} VALUES ('theirs')")
    conn.execute(f"PRAGMA user_version = {version}")
    conn.commit()
    conn.close()
    return path.read_bytes()


@pytest.mark.parametrize("version", [0, 1, 3])
def test_foreign_sqlite_file_is_refused_untouched(tmp_path, version):
    path = tmp_path / "theirs.db"
    before = _foreign(path, version)
    with pytest.raises(ProjectError, match="theirs.db: not an Annotator project"):
        Project(path)
    assert path.read_bytes() == before
    assert _journal_mode(path) == "delete"  # not switched to WAL
    assert sorted(p.name for p in tmp_path.iterdir()) == ["theirs.db"]  # no backup beside it


def test_file_with_another_application_id_is_refused(tmp_path):
    path = tmp_path / "other.annotator.db"
    conn = sqlite3.connect(path)
    conn.execute("PRAGMA application_id = 1234")
    conn.execute("CREATE TABLE articles (x)")
    conn.close()
    before = path.read_bytes()
    with pytest.raises(ProjectError, match="not an Annotator project"):
        Project(path)
    assert path.read_bytes() == before


def test_zero_byte_file_read_only_stays_zero_bytes(tmp_path):
    path = tmp_path / "empty.annotator.db"
    path.touch()
    with pytest.raises(ProjectError, match="empty.annotator.db: not an Annotator project"):
        Project(path, read_only=True)
    assert path.stat().st_size == 0
    assert sorted(p.name for p in tmp_path.iterdir()) == ["empty.annotator.db"]


def test_zero_byte_file_under_another_name_is_not_made_a_project(tmp_path):
    path = tmp_path / "notes.db"
    path.touch()
    with pytest.raises(ProjectError, match="notes.db: an empty file"):
        Project(path)
    assert path.stat().st_size == 0


def test_zero_byte_project_name_becomes_a_project(tmp_path):
    path = tmp_path / "new.annotator.db"
    path.touch()
    with Project(path) as project:
        assert project.schema_version == latest_version()


def test_new_project_carries_the_application_id(tmp_path):
    with Project(tmp_path / "p.annotator.db") as project:
        assert project.db.conn.execute("PRAGMA application_id").fetchone()[0] == APPLICATION_ID


def _old_project(path) -> bytes:
    first = migrations()[0][1].read_text()
    conn = sqlite3.connect(path)
    conn.executescript(f"BEGIN; {first}; PRAGMA user_version = 1; COMMIT;")
    conn.execute("INSERT INTO articles (sha256, text, imported_at) VALUES ('x', 'kept text', 'now')")
    conn.commit()
    conn.close()
    return path.read_bytes()


def test_project_older_than_the_mark_is_recognised_and_marked(tmp_path):
    path = tmp_path / "old.annotator.db"
    _old_project(path)
    with Project(path) as project:
        assert project.db.conn.execute("PRAGMA application_id").fetchone()[0] == APPLICATION_ID


def test_read_only_open_of_an_old_project_reads_a_migrated_copy_and_leaves_the_file(tmp_path):
    path = tmp_path / "old.annotator.db"
    before = _old_project(path)
    with Project(path, read_only=True) as project:
        assert project.file_version == 1
        assert project.db.conn.execute("SELECT text FROM articles").fetchone()[0] == "kept text"
        with pytest.raises(ProjectReadOnlyError, match="old.annotator.db: opened read-only"):
            project.set_setting("x", "y")
    assert path.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["old.annotator.db"]


def test_read_only_open_of_a_missing_file_creates_nothing(tmp_path):
    with pytest.raises(ProjectError, match="gone.annotator.db: no such project file"):
        Project(tmp_path / "gone.annotator.db", read_only=True)
    assert list(tmp_path.iterdir()) == []


def test_private_copy_takes_writes_without_touching_the_file(tmp_path):
    path = tmp_path / "p.annotator.db"
    Project(path).close()
    before = path.read_bytes()
    with Project(path, private_copy=True) as project:
        project.set_setting("cache", "only here")
        assert project.get_setting("cache") == "only here"
    assert path.read_bytes() == before


def test_read_only_open_of_a_name_with_uri_characters(tmp_path):
    path = tmp_path / "a#b?c%d.annotator.db"
    Project(path).close()
    with Project(path, read_only=True) as project:
        assert project.schema_version == latest_version()
    assert sorted(p.name for p in tmp_path.iterdir() if "%d" not in p.name) == []


def test_writer_waits_for_another_writer_instead_of_failing(tmp_path):
    """A read-then-write action started while another process writes waits for it, then succeeds."""
    path = tmp_path / "p.annotator.db"
    project = Project(path)
    other = sqlite3.connect(path, isolation_level=None, check_same_thread=False)
    other.execute("BEGIN IMMEDIATE")
    other.execute("INSERT INTO settings (key, value) VALUES ('other', '1')")

    def finish() -> None:
        time.sleep(0.3)
        other.execute("COMMIT")

    thread = threading.Thread(target=finish)
    thread.start()
    with project.atomic() as db:
        count = db.conn.execute("SELECT count(*) FROM settings").fetchone()[0]
        time.sleep(0.5)  # the other writer commits while this action is between its read and its write
        db.conn.execute("INSERT INTO settings (key, value) VALUES ('mine', ?)", (str(count),))
    thread.join()
    other.close()
    assert dict(project.db.conn.execute("SELECT key, value FROM settings WHERE key IN ('other', 'mine')")) == {
        "other": "1", "mine": "1"}
    project.close()


def test_an_upgrade_held_up_by_another_programs_long_read_says_so(tmp_path, monkeypatch, version_1_project):
    monkeypatch.setattr(project_module, "BUSY_TIMEOUT_MS", 100)
    # An old project in rollback-journal mode (a backup restored by renaming): switching it to WAL needs
    # the file to itself, and another program is in the middle of reading it.
    path = version_1_project(tmp_path / "p.annotator.db", articles=3)
    reader = sqlite3.connect(path, isolation_level=None)
    reader.execute("BEGIN")
    reader.execute("SELECT count(*) FROM articles").fetchone()
    with pytest.raises(ProjectBusyError) as caught:
        Project(path)
    reader.execute("COMMIT")
    reader.close()
    assert str(caught.value) == (
        f"{path}: another program has this project open and is reading it (waited 0.1 s); it was not opened. "
        "Try again when it has finished."
    )
    with Project(path) as project:  # and once it has finished, the upgrade goes ahead
        assert project.file_version == 1


def test_writer_gives_up_with_one_line_naming_the_project(tmp_path, monkeypatch):
    monkeypatch.setattr(project_module, "BUSY_TIMEOUT_MS", 100)
    path = tmp_path / "p.annotator.db"
    project = Project(path)
    other = sqlite3.connect(path, isolation_level=None)
    other.execute("BEGIN IMMEDIATE")
    with pytest.raises(ProjectBusyError, match="p.annotator.db: another program is writing this project"):
        project.set_setting("mine", "1")
    other.execute("ROLLBACK")
    other.close()
    assert project.get_setting("mine") is None
    assert not project.db.conn.in_transaction
    project.close()
