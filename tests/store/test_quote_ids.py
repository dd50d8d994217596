"""A quote id is never given to a second quote: undo steps, other windows and exported files hold ids."""

from __future__ import annotations

import sqlite3

from annotator.core.model import Article, Quote
from annotator.core.text import sha256_of
from annotator.services.commands import AddQuote, DeleteQuote
from annotator.services.merging import merge_projects
from annotator.services.projects import open_project
from annotator.store import articles as article_store
from annotator.store import quotes as quote_store
from annotator.store.project import Project, migrations

TEXT = 'The minister said: "We deny it." Critics said the talks would go on. ' * 3


def _project_with_article(path):
    project = open_project(path)
    article_id = article_store.insert_article(project, Article(None, TEXT, sha256_of(TEXT), title="Talks"))[0]
    return project, article_id


def test_a_quote_added_after_an_undone_add_gets_an_id_of_its_own(project):
    article_id = article_store.insert_article(project, Article(None, TEXT, sha256_of(TEXT)))[0]
    first = AddQuote(Quote(None, article_id, 0, 17, "ann", stance="opposes"))
    first.do(project)
    first.undo(project)
    second = AddQuote(Quote(None, article_id, 20, 31, "ann", stance="supports"))
    second.do(project)
    assert second.quote_id != first.quote_id
    # Redo of the first one (another program undid and redid) brings it back beside the second.
    first.do(project)
    assert [q.stance for q in quote_store.quotes_for_article(project, article_id)] == ["opposes", "supports"]


def test_undoing_an_add_in_one_window_leaves_the_quote_another_window_added(tmp_path):
    path = tmp_path / "shared.annotator.db"
    window_a, article_id = _project_with_article(path)
    window_b = open_project(path)
    added = AddQuote(Quote(None, article_id, 0, 17, "ann", stance="opposes"))
    added.do(window_a)
    # The other window deletes that quote and marks its own.
    DeleteQuote(added.quote_id).do(window_b)
    theirs = AddQuote(Quote(None, article_id, 20, 31, "bob", stance="supports", note="bob's reading"))
    theirs.do(window_b)
    added.undo(window_a)
    kept = quote_store.quotes_for_article(window_b, article_id)
    assert [(q.annotator, q.note) for q in kept] == [("bob", "bob's reading")]
    window_a.close()
    window_b.close()


def test_bulk_inserted_quotes_skip_the_ids_of_deleted_ones(project):
    article_id = article_store.insert_article(project, Article(None, TEXT, sha256_of(TEXT)))[0]
    gone = quote_store.insert_quote(project, Quote(None, article_id, 0, 17, "ann"))
    quote_store.delete_quote(project, gone)
    snapshots = quote_store.insert_quotes(project, [Quote(None, article_id, 20, 31, "gold")])
    assert snapshots[0]["row"][0] > gone


def test_a_merge_after_an_undone_gold_quote_leaves_its_redo_working(tmp_path):
    alice, article_id = _project_with_article(tmp_path / "alice.annotator.db")
    quote_store.insert_quote(alice, Quote(None, article_id, 20, 31, "alice", stance="supports"))
    alice.close()
    review, review_article = _project_with_article(tmp_path / "review.annotator.db")
    quote_store.insert_quote(review, Quote(None, review_article, 40, 50, "gold"))
    gold = AddQuote(Quote(None, review_article, 0, 17, "gold", stance="opposes"))
    gold.do(review)
    gold.undo(review)
    assert merge_projects(review, [tmp_path / "alice.annotator.db"]).quotes_added == 1
    gold.do(review)  # Redo
    assert sorted(q.annotator for q in quote_store.all_quotes(review)) == ["alice", "gold", "gold"]
    review.close()


def _version_10_project(path):
    """A project as Annotator wrote it at schema version 10: quotes with topics and decisions on them."""
    conn = sqlite3.connect(path)
    conn.execute("PRAGMA journal_mode = WAL")
    for number, script in migrations():
        if number <= 10:
            conn.executescript(f"BEGIN; {script.read_text()}; PRAGMA user_version = {number}; COMMIT;")
    conn.executescript(
        f"""
        INSERT INTO articles (id, sha256, text, imported_at) VALUES (1, 'h', '{TEXT}', 'now');
        INSERT INTO annotators (id, name) VALUES (1, 'ann');
        INSERT INTO topics (name) VALUES ('politics');
        INSERT INTO quotes (id, article_id, annotator_id, start, "end", created_at, updated_at)
            VALUES (1, 1, 1, 0, 17, 'now', 'now'), (2, 1, 1, 20, 31, 'now', 'now');
        INSERT INTO quote_topics VALUES (1, 'politics'), (2, 'politics');
        INSERT INTO suggestion_decisions VALUES (1, 1, 20, 31, 'accepted', 2, 'now');
        INSERT INTO review_decisions VALUES (1, 'ann:0-17', 'gold', 'ann', 1, 'now');
        """
    )
    conn.close()
    return path


def test_upgrading_keeps_every_quote_with_its_topics_and_decisions(tmp_path):
    path = _version_10_project(tmp_path / "old.annotator.db")
    with Project(path) as project:
        assert project.file_version == 10
        quotes = quote_store.all_quotes(project)
        assert [(q.id, q.topics) for q in quotes] == [(1, ("politics",)), (2, ("politics",))]
        conn = project.db.conn
        assert conn.execute("SELECT quote_id FROM suggestion_decisions").fetchall() == [(2,)]
        assert conn.execute("SELECT gold_quote_id FROM review_decisions").fetchall() == [(1,)]
        assert conn.execute("PRAGMA foreign_keys").fetchone() == (1,)
        # And from now on the highest id is not given out again.
        quote_store.delete_quote(project, 2)
        assert quote_store.insert_quote(project, Quote(None, 1, 40, 50, "ann")) == 3
