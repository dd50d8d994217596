"""Opening a project when the disk or the folder gets in the way: clear messages, nothing lost."""

from __future__ import annotations

import sqlite3

import pytest

from annotator.store import project as project_module
from annotator.store.project import Project, ProjectError, latest_version, migrations


def _version_1(path, articles=200):
    """An old (schema version 1) project holding a few hundred articles."""
    conn = sqlite3.connect(path)
    conn.executescript(f"BEGIN; {migrations()[0][1].read_text()}; PRAGMA user_version = 1; COMMIT;")
    conn.executemany(
        "INSERT INTO articles (sha256, text, imported_at) VALUES (?, ?, 'now')",
        [(f"h{i}", f"Article {i}: \"we deny it,\" the minister said. " * 30) for i in range(articles)],
    )
    conn.commit()
    conn.close()


def _rows(path):
    with sqlite3.connect(f"file:{path}?mode=ro", uri=True) as conn:
        return conn.execute("PRAGMA user_version").fetchone()[0], conn.execute("SELECT count(*) FROM articles").fetchone()[0]


def test_disk_full_half_way_through_an_upgrade_says_so_and_leaves_the_project_as_it_was(tmp_path, monkeypatch):
    path = tmp_path / "old.annotator.db"
    _version_1(path)
    backup = Project._backup

    def backup_then_fill_the_disk(self, version):
        made = backup(self, version)
        # The file may not grow by another page: the upgrade's first growing step meets a full disk,
        # which SQLite answers by rolling the whole transaction back itself.
        pages = self.db.conn.execute("PRAGMA page_count").fetchone()[0]
        self.db.conn.execute(f"PRAGMA max_page_count = {pages}")
        return made

    monkeypatch.setattr(project_module.Project, "_backup", backup_then_fill_the_disk)
    with pytest.raises(ProjectError) as caught:
        Project(path)
    message = str(caught.value)
    assert "full" in message and "not changed" in message and "not an Annotator project" not in message
    assert _rows(path) == (1, 200)
    # The backup of an unchanged file is only clutter on a full disk.
    assert not list(tmp_path.glob("*.bak"))
    monkeypatch.undo()
    with Project(path) as project:
        assert project.schema_version == latest_version()


def test_an_upgrade_step_sqlite_rolls_back_itself_is_reported_as_that_step_failing(tmp_path, monkeypatch):
    # A full disk met while the log is written makes SQLite end the transaction on its own; a constraint
    # declared OR ROLLBACK does the same, and is what this test can cause on any disk.
    steps = tmp_path / "db"
    steps.mkdir()
    for _number, path in migrations():
        (steps / path.name).write_text(path.read_text(encoding="utf-8"), encoding="utf-8")
    failing = f"{latest_version() + 1:04d}_rolled_back.sql"
    (steps / failing).write_text(
        "CREATE TABLE once (x INTEGER UNIQUE);\nINSERT INTO once VALUES (1);\nINSERT OR ROLLBACK INTO once VALUES (1);\n",
        encoding="utf-8",
    )
    monkeypatch.setattr(project_module, "migrations_dir", lambda: steps)
    path = tmp_path / "old.annotator.db"
    _version_1(path, articles=3)
    with pytest.raises(ProjectError, match=f"migration {failing} failed; the file was not changed") as caught:
        Project(path)
    assert "not an Annotator project" not in str(caught.value)
    assert _rows(path) == (1, 3)
