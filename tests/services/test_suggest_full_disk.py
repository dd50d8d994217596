"""A suggest run stopped by a full disk says what it kept, and the next run goes on from there."""

from __future__ import annotations

import pytest
import spacy

from annotator.core.model import Article
from annotator.nlp.suggest import Suggester
from annotator.services.suggesting import suggest_project
from annotator.store import articles
from annotator.store.project import Project, ProjectError

TEXT = '"We will never sell drones," the minister said. ' * 40


def test_a_suggest_run_on_a_full_disk_says_the_earlier_articles_are_kept(tmp_path):
    nlp = spacy.blank("en")
    nlp.add_pipe("sentencizer")
    rules = Suggester(nlp=nlp)
    path = tmp_path / "p.annotator.db"
    with Project(path) as project:
        for n in range(30):
            articles.insert_article(project, Article(None, f"Story {n}. {TEXT}", f"h{n}"))
        pages = project.db.conn.execute("PRAGMA page_count").fetchone()[0]
        project.db.conn.execute(f"PRAGMA max_page_count = {pages + 3}")  # room for a few articles' worth
        with pytest.raises(ProjectError) as caught:
            suggest_project(project, rules)
    message = str(caught.value)
    assert "the disk is full" in message
    kept = int(message.split("suggestions already stored for ")[1].split(" ")[0])
    assert 0 < kept < 30 and "the next run goes on from there" in message
    with Project(path) as project:
        again = suggest_project(project, rules)
    assert (again.cached, again.computed) == (kept, 30 - kept)
