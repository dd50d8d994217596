"""An export goes without the token cache when the project cannot take it now: the file is still written."""

from __future__ import annotations

import json
import sqlite3

from annotator.core.model import Article, Quote
from annotator.services.exporting import export_project
from annotator.store import articles, quotes
from annotator.store.project import Project

TEXT = '"We will never sell drones," the minister said.'


def _project(path, count=1):
    with Project(path) as project:
        for n in range(count):
            # Each article long enough that the cache of all of them needs pages the file does not have.
            text = TEXT + f" Story {n}." * (200 if count > 1 else 0)
            article_id, _ = articles.insert_article(project, Article(None, text, f"sha-{n}"))
            quotes.insert_quote(project, Quote(None, article_id, 1, 27, annotator="ann"))


def test_an_export_from_a_project_on_a_full_disk_is_written_without_the_cache(tmp_path):
    path = tmp_path / "p.annotator.db"
    _project(path, count=40)
    out = tmp_path / "out.jsonl"
    with Project(path) as project:
        pages = project.db.conn.execute("PRAGMA page_count").fetchone()[0]
        project.db.conn.execute(f"PRAGMA max_page_count = {pages}")  # the file may not grow: a full disk
        export_project(project, out)
    records = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert len(records) == 40
    assert [span["text"] for span in records[-1]["spans"]] == ["We will never sell drones,"]


def test_an_export_while_another_program_holds_the_project_is_written_without_the_cache(tmp_path):
    path = tmp_path / "p.annotator.db"
    _project(path)
    out = tmp_path / "out.jsonl"
    other = sqlite3.connect(path, isolation_level=None)
    other.execute("BEGIN IMMEDIATE")  # a long import, say
    try:
        with Project(path) as project:
            project.set_busy_timeout(50)
            export_project(project, out)
    finally:
        other.execute("ROLLBACK")
        other.close()
    assert json.loads(out.read_text(encoding="utf-8"))["spans"][0]["text"] == "We will never sell drones,"
