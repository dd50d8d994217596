"""Progress per annotator: counts from assignments and statuses, and the table's wording."""

from __future__ import annotations

from annotator.core.model import Article
from annotator.core.text import sha256_of
from annotator.services.progress import progress_table, project_progress
from annotator.store import articles as article_store
from annotator.store import assignments as assignment_store
from annotator.store import registry
from annotator.store.project import now


def _article(project, text: str) -> int:
    article = Article(id=None, text=text, sha256=sha256_of(text), title="", outlet="", url="", published="",
                      source="", imported_at=now())
    return article_store.insert_article(project, article)[0]


def test_progress_counts_assigned_done_and_shared_articles_ready(project):
    ids = [_article(project, f"Article {i} text, she said.") for i in range(3)]
    shas = [article_store.get_article(project, i).sha256 for i in ids]
    assignment_store.record_assignments(project, [
        (shas[0], "alice", 1, 0), (shas[0], "bob", 1, 0), (shas[1], "alice", 1, 1), (shas[2], "bob", 1, 1)])
    for name in ("alice", "bob"):
        article_store.set_article_status(project, ids[0], registry.ensure_annotator(project, name), "done")
    report = project_progress(project)
    assert [(r["name"], r["assigned"], r["done"], r["quotes"], r["last_activity"]) for r in report["annotators"]] == \
        [("alice", 2, 1, 0, None), ("bob", 2, 1, 0, None)]
    assert report["ready_for_review"] == 1
    table = progress_table(report)
    assert "alice" in table and "Ready for review (every annotator of a shared article done): 1" in table


def test_a_project_without_assignments_says_how_to_get_them(project):
    assert "hand articles out with annotator assign" in progress_table(project_progress(project))
