"""Quotes, the registry and the label scheme in the store."""

from __future__ import annotations

import pytest

from annotator.core.model import Article, Quote
from annotator.store import articles, labels, quotes, registry

TEXT = "Iran’s minister said “we do not arm either side” on Thursday. 😀 He added more."


@pytest.fixture
def article_id(project):
    return articles.insert_article(project, Article(None, TEXT, "sha-1", title="T", outlet="O"))[0]


def test_same_text_is_one_article(project, article_id):
    again, created = articles.insert_article(project, Article(None, TEXT, "sha-1", title="Other"))
    assert (again, created) == (article_id, False)
    assert articles.article_count(project) == 1


def test_quote_round_trip_with_names_and_topics(project, article_id):
    start = TEXT.index("“")
    end = TEXT.index("”") + 1
    quote_id = quotes.insert_quote(
        project,
        Quote(None, article_id, start, end, "alice", kind="direct", speaker="Amir-Abdollahian", speaker_span=(7, 15),
              cue_span=(16, 20), stance="opposes", claim="Iran arms Russia", topics=("diplomacy", "conflict"),
              note="check"),
    )
    stored = quotes.get_quote(project, quote_id)
    assert stored.text_in(TEXT) == "“we do not arm either side”"
    assert (stored.speaker, stored.claim, stored.stance) == ("Amir-Abdollahian", "Iran arms Russia", "opposes")
    assert stored.topics == ("conflict", "diplomacy")
    assert stored.speaker_span == (7, 15) and stored.cue_span == (16, 20)
    assert quotes.quote_counts(project) == {"alice": 1}


def test_unknown_stance_is_refused(project, article_id):
    import sqlite3

    with pytest.raises(sqlite3.IntegrityError):
        quotes.insert_quote(project, Quote(None, article_id, 0, 4, "alice", stance="made-up"))
    assert quotes.all_quotes(project) == []


def test_span_must_be_forward(project, article_id):
    import sqlite3

    with pytest.raises(sqlite3.IntegrityError):
        quotes.insert_quote(project, Quote(None, article_id, 5, 5, "alice"))


def test_speaker_found_by_alias_case_insensitively(project):
    speaker_id = registry.ensure_speaker(project, "Hossein Amir-Abdollahian")
    registry.add_alias(project, speaker_id, "Amir Abdollahian")
    assert registry.find_speaker(project, "amir abdollahian") == speaker_id
    assert registry.ensure_speaker(project, "AMIR ABDOLLAHIAN") == speaker_id


def test_merge_speakers_moves_quotes_and_names(project, article_id):
    a = quotes.insert_quote(project, Quote(None, article_id, 0, 4, "alice", speaker="Amir-Abdollahian"))
    b = quotes.insert_quote(project, Quote(None, article_id, 5, 9, "alice", speaker="Iran's foreign minister"))
    keep = registry.find_speaker(project, "Amir-Abdollahian")
    gone = registry.find_speaker(project, "Iran's foreign minister")
    registry.merge_speakers(project, keep, gone)
    assert quotes.get_quote(project, b).speaker == "Amir-Abdollahian" == quotes.get_quote(project, a).speaker
    assert registry.get_speaker(project, keep).aliases == ("Iran's foreign minister",)
    assert registry.speaker_quote_counts(project) == {keep: 2}


def test_article_summaries_count_and_status(project, article_id):
    quotes.insert_quote(project, Quote(None, article_id, 0, 4, "alice"))
    [summary] = articles.article_summaries(project, "alice")
    assert (summary.quotes, summary.status) == (1, "in_progress")
    assert articles.article_summaries(project, "bob")[0].status == "new"
    articles.set_article_status(project, article_id, registry.ensure_annotator(project, "alice"), "done")
    assert articles.article_summaries(project, "alice")[0].status == "done"


def test_search_matches_title_outlet_and_text(project, article_id):
    assert articles.search_articles(project, "thursday") == {article_id}
    assert articles.search_articles(project, "nothing like this") == set()


def test_default_scheme_has_stances_with_keys(project):
    scheme = labels.scheme(project)
    assert [s.name for s in scheme.stances] == ["supports", "opposes", "neutral", "unclear"]
    assert [s.key for s in scheme.stances] == ["1", "2", "3", "4"]
    assert all(t.keywords for t in scheme.topics)


def test_missing_labels_are_added_once(project):
    assert labels.ensure_topic(project, "sports") is True
    assert labels.ensure_topic(project, "sports") is False
    assert "sports" in [t.name for t in labels.scheme(project).topics]


def test_has_quotes_by_tells_whether_an_annotator_marked_anything(project, article_id):
    assert not quotes.has_quotes_by(project, "gold")  # no such annotator yet
    quotes.insert_quote(project, Quote(None, article_id, 0, 5, "alice"))
    assert quotes.has_quotes_by(project, "alice") and not quotes.has_quotes_by(project, "gold")
    quotes.insert_quote(project, Quote(None, article_id, 0, 5, "gold"))
    assert quotes.has_quotes_by(project, "gold")
