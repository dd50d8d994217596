"""Topic and stance classifiers trained on the project's own quotes."""

from __future__ import annotations

import spacy

from annotator.cli import main
from annotator.core.model import Article, Quote
from annotator.nlp.suggest import Suggester
from annotator.services.learning import Classifiers, train_models
from annotator.services.suggesting import pipeline_key, suggest_project
from annotator.store import articles, quotes
from annotator.store import suggestions as suggestion_store

WAR = "“The troops fired missiles at the border and the war goes on,” the general said."
TALKS = "“The talks on the nuclear deal with the ambassador were useful,” the envoy said."


def _labelled(project, n=20):
    for i in range(n):
        for text, topic, stance in ((WAR, "conflict", "opposes"), (TALKS, "diplomacy", "supports")):
            body = f"{i}. {text}"
            article_id, _ = articles.insert_article(project, Article(None, body, f"{topic}{i}"))
            start = body.index("“")
            quotes.insert_quote(project, Quote(None, article_id, start, body.index("”") + 1, "alice",
                                               topics=(topic,), stance=stance))


def test_nothing_is_trained_below_the_threshold(project):
    _labelled(project, n=5)
    report = train_models(project)
    assert report.trained == {}
    assert "needs" in report.summary()


def test_trained_classifiers_suggest_topics_and_stance(project):
    _labelled(project, n=20)
    report = train_models(project)
    assert set(report.trained) == {"topics", "stance"}
    classifiers = Classifiers(project)
    assert classifiers
    text = "“Missiles hit the border as the war went on,” he said."
    nlp = spacy.blank("en")
    nlp.add_pipe("sentencizer")
    suggester = Suggester(nlp=nlp)
    article_id, _ = articles.insert_article(project, Article(None, text, "new"))
    before = pipeline_key(project, suggester)
    assert "topics@" in before  # retraining changes the cache key, so suggestions are recomputed
    suggest_project(project, suggester)
    found = suggestion_store.cached_suggestions(project, article_id, before)
    quote = next(s for s in found if text[s.start:s.end].startswith("“Missiles"))
    assert "conflict" in quote.topics and quote.stance == "opposes"
    from annotator.services.commands import AcceptSuggestion

    command = AcceptSuggestion(article_id, "bob", quote)
    command.do(project)
    accepted = quotes.get_quote(project, command.quote_id)
    assert (accepted.stance, accepted.origin) == ("opposes", "suggestion")  # one key confirms the stance too


def test_train_command(tmp_path, capsys):
    from annotator.services.projects import open_project

    db = tmp_path / "p.annotator.db"
    with open_project(db) as project:
        _labelled(project, n=4)
    assert main(["train", "--db", str(db), "--min-examples", "4"]) == 0
    assert "Trained topics: 8 quotes" in capsys.readouterr().out
