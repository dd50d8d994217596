"""A merge and the assignments it brings in land together or not at all.

The review mode's progress chart reads who was given what from the assignments an annotator's file carries.
Were they written in a second transaction after the merge's, another program taking the write lock in
between would leave the quotes merged and the chart without them, with the merge reported as failed.
"""

from __future__ import annotations

from contextlib import contextmanager
from pathlib import Path

import pytest

from annotator.cli import main
from annotator.core.model import Article, Quote
from annotator.core.text import sha256_of
from annotator.services.assigning import assign_corpus
from annotator.services.projects import open_project
from annotator.store import articles as article_store
from annotator.store import assignments as assignment_store
from annotator.store import project as project_module
from annotator.store import quotes as quote_store
from annotator.store.project import Project
from tests.reliability.test_window_locked_actions import BUSY, _OtherProcess


@pytest.fixture
def files(tmp_path):
    """Alice's handed-out file with one quote of hers, and an empty review project beside it."""
    corpus = open_project(tmp_path / "corpus.annotator.db")
    for i in range(3):
        text = f"Article {i}: the minister said the talks would go on. “We stay,” she added."
        article_store.insert_article(corpus, Article(None, text, sha256_of(text), title=f"Article {i}"))
    assign_corpus(corpus, ["alice"], tmp_path / "out", seed=3)
    corpus.close()
    alice = tmp_path / "out" / "alice.annotator.db"
    with Project(alice) as project:
        quote_store.insert_quote(project, Quote(None, article_store.article_ids(project)[0], 0, 9, "alice"))
    review = tmp_path / "review.annotator.db"
    open_project(review).close()
    return review, alice


@pytest.fixture
def lock_after_each_commit(monkeypatch):
    """After each write transaction to the review commits, another program takes its write lock."""
    monkeypatch.setattr(project_module, "BUSY_TIMEOUT_MS", 100)
    original = Project.atomic
    others: list[_OtherProcess] = []
    armed: list[Path] = []

    @contextmanager
    def atomic(self):
        outermost = not self.db.conn.in_transaction
        with original(self) as db:
            yield db
        if outermost and armed and self.path == armed[0] and not others:
            others.append(_OtherProcess(self.path))

    monkeypatch.setattr(Project, "atomic", atomic)
    yield armed.append
    for other in others:
        other.finish()


def _landed(review: Path) -> tuple[int, int]:
    """How many quotes and assignments the review holds."""
    with Project(review, read_only=True) as project:
        return len(quote_store.all_quotes(project)), len(assignment_store.assigned_article_ids(project, "alice"))


def test_a_lock_taken_after_the_merge_commits_cannot_leave_it_without_its_assignments(
        files, lock_after_each_commit, capsys):
    review, alice = files
    lock_after_each_commit(review)
    code = main(["merge", "--db", str(review), str(alice)])
    err = capsys.readouterr().err
    # Both or neither: here both, as the merge is one transaction and the lock came after it.
    assert code == 0, err
    assert _landed(review) == (1, 3)


def test_a_merge_refused_by_a_lock_leaves_neither_and_says_so_in_one_line(files, monkeypatch, capsys):
    monkeypatch.setattr(project_module, "BUSY_TIMEOUT_MS", 100)
    review, alice = files
    other = _OtherProcess(review)
    try:
        assert main(["merge", "--db", str(review), str(alice)]) == 1
    finally:
        other.finish()
    err = capsys.readouterr().err.strip()
    assert BUSY in err and "\n" not in err and "Traceback" not in err
    assert _landed(review) == (0, 0)
    assert main(["merge", "--db", str(review), str(alice)]) == 0
    assert _landed(review) == (1, 3)


@pytest.mark.gui
def test_the_merge_dialog_brings_the_assignments_in_with_the_merge_despite_a_lock_after_it(
        files, lock_after_each_commit, qtbot):
    from annotator.ui.review.merge_dialog import MergeDialog
    from annotator.ui.session import Session

    review, alice = files
    project = Project(review)
    session = Session(project, annotator="lead")
    try:
        dialog = MergeDialog(session)
        qtbot.addWidget(dialog)
        dialog.add_paths([alice])
        lock_after_each_commit(review)
        report = dialog.run_merge()
        assert report is not None, dialog.summary.text()
        assert not dialog.summary.text().startswith("Merge failed")
    finally:
        project.close()
    assert _landed(review) == (1, 3)
