"""Merging reads the annotators' files and leaves their folders as they were."""

from __future__ import annotations

from annotator.core.model import Article, Quote
from annotator.core.text import sha256_of
from annotator.services.merging import merge_projects
from annotator.services.projects import open_project
from annotator.store import articles as article_store
from annotator.store import quotes as quote_store

TEXT = "The minister said the talks would go on, and critics said they would not."


def _annotators_file(tmp_path):
    """Alice's project, closed cleanly (no journal files beside it), alone in its folder."""
    folder = tmp_path / "alice"
    folder.mkdir()
    path = folder / "alice.annotator.db"
    with open_project(path) as project:
        article_id, _ = article_store.insert_article(project, Article(None, TEXT, sha256_of(TEXT)))
        quote_store.insert_quote(project, Quote(None, article_id, 0, 12, "alice"))
    assert [p.name for p in folder.iterdir()] == ["alice.annotator.db"]
    return folder, path


def test_merging_an_annotators_file_leaves_no_journal_files_beside_it(tmp_path):
    folder, path = _annotators_file(tmp_path)
    with open_project(tmp_path / "review.annotator.db") as review:
        assert merge_projects(review, [path]).quotes_added == 1
    assert [p.name for p in folder.iterdir()] == ["alice.annotator.db"]


def test_the_merge_command_leaves_no_journal_files_beside_the_annotators_file(tmp_path):
    # annotator merge also copies the file's assignments, through a second read of it.
    from annotator.cli import main

    folder, path = _annotators_file(tmp_path)
    assert main(["merge", "--db", str(tmp_path / "review.annotator.db"), str(path)]) == 0
    assert [p.name for p in folder.iterdir()] == ["alice.annotator.db"]
