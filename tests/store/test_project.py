"""Opening, creating and migrating project files."""

from __future__ import annotations

import sqlite3
from contextlib import closing

import pytest

from annotator.store.project import (
    APPLICATION_ID,
    Project,
    ProjectError,
    SchemaTooNewError,
    latest_version,
    migrations,
)


def test_new_file_gets_latest_schema_and_wal(tmp_path):
    path = tmp_path / "p.annotator.db"
    with Project(path) as project:
        assert project.schema_version == latest_version()
        assert project.db.conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        assert project.db.conn.execute("PRAGMA foreign_keys").fetchone()[0] == 1
        assert {"articles", "quotes", "speakers", "claims", "suggestions"} <= set(project.db.table_names())


def test_migrations_are_numbered_in_order():
    # Numbers are handed out to work in progress, so one may land before the one below it: unique and rising.
    numbers = [n for n, _ in migrations()]
    assert numbers[0] == 1 and numbers == sorted(set(numbers))


def test_version_1_file_is_backed_up_then_migrated(tmp_path):
    path = tmp_path / "old.annotator.db"
    first = migrations()[0][1].read_text()
    conn = sqlite3.connect(path)
    conn.executescript(f"BEGIN; {first}; PRAGMA user_version = 1; COMMIT;")
    conn.execute("INSERT INTO articles (sha256, text, imported_at) VALUES ('x', 'kept text', 'now')")
    conn.commit()
    conn.close()
    with Project(path) as project:
        assert project.schema_version == latest_version() > 1
        assert project.backup_path is not None and project.backup_path.exists()
        assert project.db.conn.execute("SELECT text FROM articles").fetchone()[0] == "kept text"
    backup = sqlite3.connect(project.backup_path)
    assert backup.execute("PRAGMA user_version").fetchone()[0] == 1
    assert backup.execute("SELECT text FROM articles").fetchone()[0] == "kept text"


def test_a_backup_is_one_self_contained_file_that_opening_leaves_alone(tmp_path, version_1_project):
    path = version_1_project(tmp_path / "old.annotator.db", articles=3)
    with sqlite3.connect(path) as conn:
        conn.execute("PRAGMA journal_mode = WAL")  # as every project Annotator wrote
    with Project(path) as project:
        backup = project.backup_path
    assert backup.read_bytes()[18:20] == b"\x01\x01"  # rollback journal, not WAL, in the file's header
    # Looking into it (before restoring it by renaming) makes no -wal/-shm beside it.
    with closing(sqlite3.connect(backup)) as look:
        assert look.execute("SELECT count(*) FROM articles").fetchone()[0] == 3
        assert look.execute("PRAGMA journal_mode").fetchone()[0] == "delete"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["old.annotator.db", backup.name]


def test_newer_file_is_refused_and_left_untouched(tmp_path):
    path = tmp_path / "new.annotator.db"
    conn = sqlite3.connect(path)
    conn.execute(f"PRAGMA application_id = {APPLICATION_ID}")
    conn.execute(f"PRAGMA user_version = {latest_version() + 5}")
    conn.close()
    before = path.read_bytes()
    with pytest.raises(SchemaTooNewError, match="newer Annotator"):
        Project(path)
    assert path.read_bytes() == before


def test_not_a_database_is_refused_with_its_name(tmp_path):
    path = tmp_path / "notes.txt"
    path.write_text("this is not sqlite, just some words " * 20)
    with pytest.raises(ProjectError, match="notes.txt"):
        Project(path)


def test_foreign_sqlite_file_is_refused(tmp_path):
    path = tmp_path / "other.db"
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE stuff (x)")
    conn.close()
    with pytest.raises(ProjectError, match="not an Annotator project"):
        Project(path)


def test_committed_action_survives_a_killed_process(tmp_path):
    """A child process writes a quote and dies without closing; the quote is there."""
    import subprocess
    import sys
    import textwrap

    path = tmp_path / "kill.annotator.db"
    script = textwrap.dedent(
        f"""
        import os
        from annotator.core.model import Article, Quote
        from annotator.services.projects import open_project
        from annotator.store import articles, quotes
        p = open_project({str(path)!r})
        aid, _ = articles.insert_article(p, Article(None, "He said hi.", "h"))
        quotes.insert_quote(p, Quote(None, aid, 3, 7, "ann"))
        os._exit(9)
        """
    )
    result = subprocess.run([sys.executable, "-c", script])
    assert result.returncode == 9
    with Project(path) as project:
        assert project.db.conn.execute('SELECT start, "end" FROM quotes').fetchall() == [(3, 7)]


def test_a_snapshot_does_not_see_a_commit_made_meanwhile(tmp_path):
    """A background read sees one moment of the project, even while another program commits."""
    from annotator.store.project import Project

    path = tmp_path / "p.annotator.db"
    with Project(path) as writer, Project(path, read_only=True) as reader:
        writer.set_setting("probe", "before")
        with reader.snapshot() as db:
            first = db.execute("SELECT value FROM settings WHERE key = 'probe'").fetchone()[0]
            writer.set_setting("probe", "after")
            again = db.execute("SELECT value FROM settings WHERE key = 'probe'").fetchone()[0]
        assert (first, again) == ("before", "before")
        assert reader.is_open
    assert not reader.is_open
