"""Suggester: degraded (blank) mode, trained mode, topics and registry."""

from annotator.core.model import Label, Speaker
from annotator.nlp.pipeline import PIPELINE_VERSION


def test_degraded_mode_finds_direct_quotes_and_speaker(blank_suggester):
    text = "“We will not sell arms,” Smith said. Jones said: “The talks went well.”"
    found = blank_suggester.suggest(text)
    assert blank_suggester.degraded and blank_suggester.version.startswith(PIPELINE_VERSION)
    assert [text[s.start : s.end] for s in found] == ["“We will not sell arms,”", "“The talks went well.”"]
    assert [s.speaker for s in found] == ["Smith", "Jones"]
    assert text[found[0].cue_span[0] : found[0].cue_span[1]] == "said"


def test_degraded_offsets_after_emoji(blank_suggester):
    text = "😀😀 “Drones were sold months before the war,” Smith said."
    (s,) = blank_suggester.suggest(text)
    assert text[s.start : s.end] == "“Drones were sold months before the war,”"
    assert text[s.speaker_span[0] : s.speaker_span[1]] == "Smith"


def test_topics_from_keywords(blank_suggester):
    topics = [Label("Arms", keywords=("drones", "arms sales")), Label("Talks", keywords=("talks",))]
    text = "“Drones and Arms  sales are not our policy,” Smith said."
    (s,) = blank_suggester.suggest(text, topics=topics)
    assert s.topics == ("Arms",)


def test_split_quote_has_one_speaker(trained_suggester):
    text = "“We are ready,” Maria Lopez said on Monday, “and we will talk to anyone who wants peace.”"
    found = trained_suggester.suggest(text)
    assert [text[s.start : s.end] for s in found] == ["“We are ready,”", "“and we will talk to anyone who wants peace.”"]
    assert {s.speaker for s in found} == {"Maria Lopez"}


def test_reported_speech_and_pronoun(trained_suggester):
    text = ("Foreign Minister Anna Berg met reporters in Oslo. "
            "She said that the government would not change its policy on the pipeline.")
    (s,) = trained_suggester.suggest(text)
    assert s.kind == "indirect"
    assert text[s.start : s.end] == "the government would not change its policy on the pipeline"
    assert s.speaker == "Anna Berg"
    assert text[s.speaker_span[0] : s.speaker_span[1]] == "Anna Berg"


def test_role_noun_resolves_to_named_person(trained_suggester):
    text = ("Foreign Minister Anna Berg spoke to Peter Holm on Monday. "
            "“We reject the claims about the weapons,” the foreign minister insisted.")
    (s,) = trained_suggester.suggest(text)
    assert s.speaker == "Anna Berg"


def test_registry_canonical_name(trained_suggester):
    registry = [Speaker(1, "Hossein Amir-Abdollahian", aliases=("Amir Abdollahian",))]
    text = "“We are against the war and reject delivering drones,” Amir Abdollahian said."
    (s,) = trained_suggester.suggest(text, registry=registry)
    assert s.speaker == "Hossein Amir-Abdollahian"


def test_suggest_many_matches_suggest(trained_suggester):
    texts = ["“We will win the vote next week,” Smith said.", "Jones said the plan would cost billions of dollars."]
    assert list(trained_suggester.suggest_many(texts)) == [trained_suggester.suggest(t) for t in texts]
