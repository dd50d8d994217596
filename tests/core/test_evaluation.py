"""Scoring rules, checked on small hand-computed cases."""

import pytest

from annotator.core.evaluation import (
    GoldQuote,
    PredictedQuote,
    load_gold,
    overlap_ratio,
    pair,
    same_speaker,
    score,
    trim,
)

TEXT = 'He said "We will win." Then she said the plan failed badly; later: ok.'
Q1 = (8, 22)  # "We will win."
IND = (37, 58)  # the plan failed badly


def test_trim_strips_marks_space_and_punctuation():
    assert TEXT[slice(*trim(TEXT, 7, 23))] == "We will win"
    assert trim(TEXT, 8, 8) == (8, 8)


def test_overlap_ratio_uses_longer_span():
    assert overlap_ratio((0, 10), (5, 10)) == 0.5
    assert overlap_ratio((0, 10), (10, 20)) == 0.0


def test_pair_is_one_to_one_best_first():
    # Gold 0 overlaps both predictions; the better one (exact) wins, the other stays unpaired.
    assert pair([(0, 10)], [(0, 8), (0, 10)], exact=False) == [(0, 1)]
    assert pair([(0, 10), (0, 9)], [(0, 10)], exact=True) == [(0, 0)]


def test_load_gold_reads_jsonl():
    lines = ['{"doc": "a", "start": 1, "end": 4, "kind": "direct", "speaker": "X", "optional": true}', ""]
    (g,) = load_gold(lines)
    assert (g.doc, g.start, g.end, g.kind, g.speaker, g.optional) == ("a", 1, 4, "direct", "X", True)


def test_score_exact_overlap_and_speaker():
    gold = [GoldQuote("d", *Q1, "direct", "Jane Doe"), GoldQuote("d", *IND, "indirect", "Jane Doe")]
    preds = [
        PredictedQuote("d", 7, 23, "direct", "Doe"),  # exact after trimming
        PredictedQuote("d", 37, 51, "indirect", "Bob"),  # 14 of 21 chars: overlap only
        PredictedQuote("d", 0, 2, "direct", None),  # false positive
    ]
    r = score(gold, preds, {"d": TEXT})
    assert r["exact"]["tp"] == 1 and r["exact"]["precision"] == pytest.approx(1 / 3)
    assert r["exact"]["recall"] == pytest.approx(0.5)
    assert r["overlap"]["tp"] == 2 and r["overlap"]["f1"] == pytest.approx(2 * (2 / 3) / (2 / 3 + 1))
    assert r["speaker"] == {"accuracy": 0.5, "correct": 1, "matched": 2}
    assert r["by_kind"]["indirect"]["exact"]["tp"] == 0
    assert r["by_kind"]["indirect"]["overlap"]["f1"] == pytest.approx(1.0)


def test_optional_gold_neither_rewards_nor_penalises():
    gold = [GoldQuote("d", *Q1, "direct", "A"), GoldQuote("d", *IND, "indirect", "A", optional=True)]
    with_opt = score(gold, [PredictedQuote("d", *Q1), PredictedQuote("d", *IND, "indirect")], {"d": TEXT})
    without = score(gold, [PredictedQuote("d", *Q1)], {"d": TEXT})
    for r in (with_opt, without):
        assert (r["overlap"]["precision"], r["overlap"]["recall"]) == (1.0, 1.0)
        assert r["overlap"]["gold"] == 1


def test_same_speaker_token_rule():
    assert same_speaker("Hossein Amir-Abdollahian", "Amir Abdollahian")
    assert same_speaker("Hossein Amir-Abdollahian", "hossein amir abdollahian")
    assert same_speaker("Western officials and media outlets", "certain Western officials and media outlets")
    assert same_speaker("Josep Borrell", "Mr. Borrell")
    assert not same_speaker("Josep Borrell", "Joe Biden")
    assert not same_speaker("Hossein Amir-Abdollahian", "Hossein")
    assert not same_speaker(None, "X")
