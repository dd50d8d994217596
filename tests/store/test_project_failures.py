"""Opening a project when the disk or the folder gets in the way: clear messages, nothing lost."""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from annotator.store import project as project_module
from annotator.store.project import Project, ProjectError, latest_version, migrations


def _rows(path):
    with sqlite3.connect(f"file:{path}?mode=ro", uri=True) as conn:
        return conn.execute("PRAGMA user_version").fetchone()[0], conn.execute("SELECT count(*) FROM articles").fetchone()[0]


def test_disk_full_half_way_through_an_upgrade_says_so_and_leaves_the_project_as_it_was(tmp_path, monkeypatch, version_1_project):
    path = tmp_path / "old.annotator.db"
    version_1_project(path, articles=200)
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


def test_an_upgrade_step_sqlite_rolls_back_itself_is_reported_as_that_step_failing(tmp_path, monkeypatch, version_1_project):
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
    version_1_project(path, articles=3)
    with pytest.raises(ProjectError, match=f"migration {failing} failed; the file was not changed") as caught:
        Project(path)
    assert "not an Annotator project" not in str(caught.value)
    assert _rows(path) == (1, 3)


@pytest.fixture
def frozen_folder(tmp_path):
    """A folder nobody may write, root included (``chattr +i``): permissions alone do not bind root."""
    folder = tmp_path / "frozen"
    folder.mkdir()
    chattr = shutil.which("chattr")

    def freeze():
        done = chattr and subprocess.run([chattr, "+i", str(folder)], capture_output=True).returncode == 0
        if not done and os.access(folder, os.W_OK):
            folder.chmod(0o555)
            if os.access(folder, os.W_OK):
                pytest.skip("cannot make a folder read-only here (root without chattr +i)")

    yield folder, freeze
    if chattr:
        subprocess.run([chattr, "-i", str(folder)], capture_output=True)
    folder.chmod(0o755)


def _commit_then_killed(path: Path, statement: str) -> None:
    """Commit ``statement`` to ``path`` from a program that then dies at once, and drop the log's index."""
    script = ("import os, sqlite3, sys\nconn = sqlite3.connect(sys.argv[1])\nconn.execute(sys.argv[2])\n"
              "conn.commit()\nos._exit(0)\n")
    subprocess.run([sys.executable, "-c", script, str(path), statement], check=True)
    Path(f"{path}-shm").unlink()


def test_a_stopped_programs_log_in_a_read_only_folder_is_read_with_its_commits(frozen_folder):
    folder, freeze = frozen_folder
    path = folder / "p.annotator.db"
    with Project(path) as project:
        project.db.conn.execute("INSERT INTO articles (sha256, text, imported_at) VALUES ('a', 'in the file', 'now')")
    # A program killed after its last commit: the commit is only in the log, and the log's index is gone.
    _commit_then_killed(path, "INSERT INTO articles (sha256, text, imported_at) VALUES ('b', 'only in the log', 'now')")
    freeze()
    with Project(path, read_only=True) as project:
        texts = [row[0] for row in project.db.conn.execute("SELECT text FROM articles ORDER BY id")]
        assert texts == ["in the file", "only in the log"]
        assert not project.writable
    assert sorted(p.name for p in folder.iterdir()) == ["p.annotator.db", "p.annotator.db-wal"]


def _limited_file_size(limit: int):
    """For a child process: no file it writes may grow past ``limit`` bytes (a disk with no room left)."""
    import resource

    def apply():
        resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))

    return apply


def test_a_project_on_a_full_disk_is_not_called_something_else(tmp_path):
    path = tmp_path / "p.annotator.db"
    with Project(path) as project:
        project.db.conn.execute("INSERT INTO articles (sha256, text, imported_at) VALUES ('a', 'kept', 'now')")
    assert not Path(f"{path}-shm").exists()  # closed cleanly: the next reader must make the log's index
    before = path.read_bytes()
    root = Path(__file__).resolve().parents[2]
    result = subprocess.run(
        [sys.executable, "-m", "annotator", "info", "--db", str(path)], capture_output=True, text=True,
        env={**os.environ, "PYTHONPATH": str(root)}, preexec_fn=_limited_file_size(16 * 1024), timeout=120,
    )
    assert result.returncode == 1
    assert result.stderr.startswith(f"annotator: {path}: cannot be read: the disk is full or failing")
    assert "not an Annotator project" not in result.stderr and "Traceback" not in result.stderr
    assert path.read_bytes() == before


def test_a_project_file_cut_short_is_called_damaged(tmp_path, version_1_project):
    path = tmp_path / "p.annotator.db"
    version_1_project(path, articles=300)
    with Project(path):
        pass
    whole = path.read_bytes()
    path.write_bytes(whole[: len(whole) // 2])  # a copy that stopped half-way
    with pytest.raises(ProjectError) as caught:
        Project(path)
    assert str(caught.value).startswith(f"{path}: the file is damaged")
    assert "not an Annotator project" not in str(caught.value)
    assert path.read_bytes() == whole[: len(whole) // 2]


def test_an_annotator_file_with_a_stopped_programs_log_in_a_read_only_folder_merges_with_its_commits(
    frozen_folder, tmp_path
):
    from annotator.core.model import Article, Quote
    from annotator.core.text import sha256_of
    from annotator.services.merging import merge_projects
    from annotator.services.projects import open_project
    from annotator.store import articles as article_store
    from annotator.store import quotes as quote_store

    folder, freeze = frozen_folder
    path = folder / "alice.annotator.db"
    text = 'The minister said: "We deny it." Critics said the talks would go on.'
    with open_project(path) as alice:
        article_id = article_store.insert_article(alice, Article(None, text, sha256_of(text)))[0]
        quote_store.insert_quote(alice, Quote(None, article_id, 0, 17, "alice", stance="opposes"))
    # Alice's window is killed after her last quote: that quote is only in the log, whose index is gone.
    _commit_then_killed(path, 'INSERT INTO quotes (article_id, annotator_id, start, "end", stance, created_at, '
                              "updated_at) VALUES (1, 1, 19, 32, 'supports', 'now', 'now')")
    freeze()
    with open_project(tmp_path / "review.annotator.db") as review:
        report = merge_projects(review, [path])
        assert report.quotes_added == 2
        assert sorted(q.stance for q in quote_store.all_quotes(review, "alice")) == ["opposes", "supports"]
        # Merged again, the file is known: its log's commits count in its fingerprint.
        assert merge_projects(review, [path]).files_skipped == 1
    assert sorted(p.name for p in folder.iterdir()) == ["alice.annotator.db", "alice.annotator.db-wal"]
