"""No export writes onto a project or any SQLite file; a killed export's temporary files are cleaned up."""

from __future__ import annotations

import hashlib
import os
import sqlite3
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from annotator.cli import main
from annotator.core.model import Article, Quote
from annotator.core.text import sha256_of
from annotator.services.export_targets import TEMP_MARK, remove_stale
from annotator.services.projects import open_project
from annotator.store import articles, quotes

TEXT = "“We never sold drones,” the minister said. Nobody believed him."


@pytest.fixture
def db(tmp_path) -> Path:
    path = tmp_path / "p.annotator.db"
    with open_project(path) as project:
        article_id, _ = articles.insert_article(project, Article(None, TEXT, sha256_of(TEXT)))
        quotes.insert_quote(project, Quote(None, article_id, 1, 22, "alice", speaker="the minister"))
    return path


def _fingerprint(folder: Path) -> dict[str, str]:
    """Every file under ``folder`` with a hash of its bytes."""
    return {str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest() if p.is_file() else "dir"
            for p in sorted(folder.rglob("*"))}


def _refused(db: Path, out: Path | str, capsys, *extra: str) -> str:
    folder = db.parent
    before = _fingerprint(folder)
    assert main(["export", "--db", str(db), "--out", str(out), *extra]) == 1
    err = capsys.readouterr().err.strip()
    assert len(err.splitlines()) == 1 and "Traceback" not in err
    assert _fingerprint(folder) == before  # nothing touched, not even the project's journal
    return err


@pytest.mark.parametrize("fmt", ["jsonl", "doccano", "spacy", "csv"])
def test_export_onto_its_own_project_is_refused(db, capsys, fmt):
    err = _refused(db, db, capsys, "--format", fmt)
    assert f"{db} is the project being exported" in err
    with open_project(db) as project:
        assert project.db.conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        assert articles.article_count(project) == 1


def test_export_onto_the_projects_journal_files_is_refused(db, capsys):
    for suffix in ("-wal", "-shm"):
        assert f"is the {suffix[1:]} file of the project" in _refused(db, f"{db}{suffix}", capsys)


def test_export_through_a_link_to_the_project_is_refused(db, capsys):
    link = db.parent / "out.jsonl"
    link.symlink_to(db)
    assert "is the project being exported" in _refused(db, link, capsys)
    hard = db.parent / "hard.csv"
    os.link(db, hard)
    assert "is the project being exported" in _refused(db, hard, capsys)


def test_export_onto_another_project_or_sqlite_file_is_refused(db, tmp_path, capsys):
    other = tmp_path / "other.annotator.db"
    open_project(other).close()
    assert "an export never overwrites one" in _refused(db, other, capsys, "--format", "jsonl")
    foreign = tmp_path / "data.jsonl"  # a SQLite file whatever its name says
    with sqlite3.connect(foreign) as conn:
        conn.execute("CREATE TABLE t (x)")
    conn.close()
    assert f"{foreign} is an SQLite database" in _refused(db, foreign, capsys)
    assert f"{foreign}-journal" in _refused(db, f"{foreign}-journal", capsys)
    new = tmp_path / "new.annotator.db"
    assert "names Annotator projects" in _refused(db, new, capsys, "--format", "jsonl")
    assert not new.exists()


def test_suggestions_are_never_written_onto_the_project(db, capsys):
    assert main(["suggest", "--db", str(db), "--out", str(db)]) == 1
    assert "is the project being exported" in capsys.readouterr().err
    with open_project(db) as project:
        assert articles.article_count(project) == 1


def _dead_pid() -> int:
    child = subprocess.Popen([sys.executable, "-c", "pass"])
    child.wait()
    return child.pid


def test_temporary_files_of_dead_exports_are_removed_by_the_next_export(db, tmp_path, capsys):
    dead, alive = _dead_pid(), os.getppid()
    stale_file = tmp_path / f".out.csv{TEMP_MARK}{dead}-a1b2c3"
    stale_file.write_text("half an export")
    stale_folder = tmp_path / f".train.spacy{TEMP_MARK}{dead}-d4e5f6"
    stale_folder.mkdir()
    (stale_folder / "part-0000.spacy").write_bytes(b"shard")
    running = tmp_path / f".other.jsonl{TEMP_MARK}{alive}-000000"  # an export still running elsewhere
    running.write_text("in progress")
    mine = tmp_path / ".hidden-notes"
    mine.write_text("not an export's")
    assert main(["export", "--db", str(db), "--out", str(tmp_path / "out.csv")]) == 0
    assert not stale_file.exists() and not stale_folder.exists()
    assert running.exists() and mine.exists()
    assert sorted(p.name for p in tmp_path.iterdir() if TEMP_MARK in p.name) == [running.name]


def test_a_killed_export_leaves_a_temporary_file_the_next_export_removes(db, tmp_path):
    out = tmp_path / "out.csv"
    # The export kills its own process while writing: what a user's kill -9 leaves behind.
    script = textwrap.dedent(f"""
        import os, signal
        import annotator.services.writers as writers
        def die(*args):
            os.kill(os.getpid(), signal.SIGKILL)
        writers.csv_rows = die
        from annotator.cli import main
        main(["export", "--db", {str(db)!r}, "--out", {str(out)!r}])
    """)
    result = subprocess.run([sys.executable, "-c", script], env={**os.environ, "PYTHONPATH": os.getcwd()})
    assert result.returncode == -9
    left = [p for p in tmp_path.iterdir() if TEMP_MARK in p.name]
    assert len(left) == 1 and left[0].name.startswith(".out.csv") and not out.exists()
    assert main(["export", "--db", str(db), "--out", str(out)]) == 0
    assert out.exists() and not [p for p in tmp_path.iterdir() if TEMP_MARK in p.name]


def test_remove_stale_leaves_folders_that_hold_something_else(tmp_path):
    folder = tmp_path / f".x.spacy{TEMP_MARK}{_dead_pid()}-aaaaaa"
    folder.mkdir()
    (folder / "thesis.tex").write_text("keep")
    assert remove_stale(tmp_path) == [] and (folder / "thesis.tex").exists()
