"""Alignment of annotators' quotes by span overlap: hand-made cases and properties."""

from __future__ import annotations

import random
from collections import Counter
from dataclasses import replace
from itertools import combinations

from hypothesis import given, settings
from hypothesis import strategies as st

from annotator.core.alignment import (
    Group,
    align,
    align_article,
    group_key,
    overlap_ratio,
    pair_matches,
    spans_match,
)
from annotator.core.model import GOLD, Quote


def q(annotator: str, start: int, end: int, **fields) -> Quote:
    return Quote(id=None, article_id=1, start=start, end=end, annotator=annotator, **fields)


def spans(group: Group) -> dict[str, tuple[int, int]]:
    return {x.annotator: (x.start, x.end) for x in group.quotes}


def test_identical_spans_form_one_unanimous_group():
    quotes = [q(a, 10, 50, speaker="Ann", topics=("x", "y")) for a in ("carol", "alice", "bob")]
    [group] = align(quotes)
    assert group.annotators == ("alice", "bob", "carol")
    assert (group.start, group.end) == (10, 50)
    assert group.disagreements() == ()
    assert group.is_unanimous(["alice", "bob", "carol", GOLD])


def test_overlap_threshold_is_half_of_the_longer_span():
    # shared 50 of a longer span of 100: exactly half matches; 49 does not.
    assert spans_match(q("a", 0, 100), q("b", 50, 120))
    assert overlap_ratio(q("a", 0, 100), q("b", 50, 120)) == 0.5
    assert not spans_match(q("a", 0, 100), q("b", 51, 120))
    assert len(align([q("a", 0, 100), q("b", 51, 120)])) == 2
    # Containment counts against the longer span: 40 inside 100 is not the same quote.
    assert not spans_match(q("a", 0, 100), q("b", 30, 70))


def test_a_quote_only_one_annotator_marked_is_its_own_group():
    groups = align([q("alice", 0, 40), q("bob", 2, 40), q("alice", 100, 150)])
    assert [spans(g) for g in groups] == [{"alice": (0, 40), "bob": (2, 40)}, {"alice": (100, 150)}]
    assert groups[1].disagreements() == ()
    assert not groups[1].is_unanimous(["alice", "bob"])


def test_overlapping_quotes_of_one_annotator_never_share_a_group():
    # Alice marked a sentence and a clause inside it; Bob the sentence. Bob pairs with the better overlap.
    quotes = [q("alice", 0, 100), q("alice", 10, 90), q("bob", 0, 100)]
    groups = align(quotes)
    assert [spans(g) for g in groups] == [{"alice": (0, 100), "bob": (0, 100)}, {"alice": (10, 90)}]
    assert pair_matches(quotes) == {("alice", "bob"): [(quotes[0], quotes[2])]}


def test_chain_best_link_wins_and_the_third_stays_alone():
    # A-B share 60/100, B-C share 80/100, A-C only 40/100 (no match): B-C is the better link.
    a, b, c = q("A", 0, 100), q("B", 40, 140), q("C", 60, 160)
    groups = align([a, b, c])
    assert [spans(g) for g in groups] == [{"A": (0, 100)}, {"B": (40, 140), "C": (60, 160)}]
    # Pairings are per annotator pair and do not depend on the third annotator.
    assert pair_matches([a, b, c]) == {("A", "B"): [(a, b)], ("B", "C"): [(b, c)]}


def test_chain_ties_are_broken_by_position():
    a, b, c = q("A", 0, 100), q("B", 40, 140), q("C", 80, 180)  # A-B 0.6, B-C 0.6, A-C 0.2
    assert [spans(g) for g in align([c, b, a])] == [{"A": (0, 100), "B": (40, 140)}, {"C": (80, 180)}]


def test_a_quote_joins_a_group_when_it_pairs_with_every_member():
    a, b, c = q("A", 0, 100), q("B", 5, 100), q("C", 0, 90)
    [group] = align([a, b, c])
    assert group.annotators == ("A", "B", "C")
    assert group.disagreements() == ("span",)


def test_disagreements_name_the_differing_fields():
    quotes = [
        q("alice", 0, 50, kind="direct", speaker="Ann", stance="pro", claim="c1", topics=("x", "y")),
        q("bob", 0, 50, kind="direct", speaker="Ann", stance="con", claim="c1", topics=("y", "x")),
        q("carol", 0, 50, kind="direct", speaker=None, stance="pro", claim="c1", topics=("x", "y")),
    ]
    [group] = align(quotes)
    assert group.disagreements() == ("speaker", "stance")  # topic order does not matter
    assert not group.is_unanimous(["alice", "bob", "carol"])


def test_gold_is_ignored_unless_asked():
    quotes = [q("alice", 0, 50), q("bob", 0, 50), q(GOLD, 0, 50, stance="pro")]
    [group] = align(quotes)
    assert group.annotators == ("alice", "bob")
    [with_gold] = align(quotes, include_gold=True)
    assert with_gold.annotators == ("alice", "bob", GOLD)
    assert with_gold.disagreements() == ("stance",)


def test_unanimity_needs_every_annotator_of_the_article():
    [group] = align([q("alice", 0, 50), q("bob", 0, 50)])
    assert group.is_unanimous(["alice", "bob"])
    assert not group.is_unanimous(["alice", "bob", "carol"])
    assert not group.is_unanimous([])


def test_group_key_is_stable_and_readable():
    quotes = [q("bob", 12, 52), q("alice", 10, 52), q("alice", 200, 230)]
    groups = align(quotes)
    assert [g.key for g in groups] == ["alice:10-52|bob:12-52", "alice:200-230"]
    assert [g.key for g in align(list(reversed(quotes)))] == [g.key for g in groups]
    assert group_key(groups[0].quotes) == groups[0].key
    # Field edits keep the key; a span edit changes it.
    assert align([replace(quotes[0], stance="pro"), quotes[1]])[0].key == groups[0].key
    assert align([replace(quotes[0], end=53), quotes[1]])[0].key != groups[0].key


def test_empty_article():
    assert align([]) == []
    assert align_article([]).pairs == {}


# -- properties ---------------------------------------------------------------------------------------

ANNOTATORS = ("alice", "bob", "carol", GOLD)


@st.composite
def article_quotes(draw) -> list[Quote]:
    n = draw(st.integers(0, 25))
    out = []
    for _ in range(n):
        start = draw(st.integers(0, 200))
        length = draw(st.integers(0, 60))
        out.append(q(draw(st.sampled_from(ANNOTATORS)), start, start + length,
                     stance=draw(st.sampled_from([None, "pro", "con"]))))
    return out


@settings(max_examples=300, deadline=None)
@given(article_quotes(), st.randoms(use_true_random=False))
def test_alignment_properties(quotes, rnd):
    alignment = align_article(quotes)
    groups = list(alignment.groups)
    non_gold = [x for x in quotes if x.annotator != GOLD]
    # An exact partition of the input quotes (gold left out).
    assert Counter(x for g in groups for x in g.quotes) == Counter(non_gold)
    for g in groups:
        assert len(set(g.annotators)) == len(g.quotes)  # at most one quote per annotator
        assert g.start == min(x.start for x in g.quotes) and g.end == max(x.end for x in g.quotes)
    # Pairings are one-to-one, each pair matches, and every two members of a group are paired.
    pairs = {pair: set(v) for pair, v in alignment.pairs.items()}
    for (a, b), matched in pairs.items():
        assert a < b
        assert len({x for x, _ in matched}) == len({y for _, y in matched}) == len(matched)
        assert all(spans_match(x, y) and x.annotator == a and y.annotator == b for x, y in matched)
    for g in groups:
        for x, y in combinations(g.quotes, 2):
            assert (x, y) in pairs.get((x.annotator, y.annotator), set())
    # Deterministic whatever the input order.
    shuffled = list(quotes)
    rnd.shuffle(shuffled)
    assert align(shuffled) == groups


def test_alignment_of_a_long_article_is_deterministic():
    rng = random.Random(7)
    quotes = []
    for k in range(80):
        for a in ("alice", "bob", "carol"):
            s = k * 50 + rng.randint(-8, 8)
            quotes.append(q(a, max(0, s), s + 40 + rng.randint(-8, 8)))
    groups = align(quotes)
    assert sum(len(g.quotes) for g in groups) == len(quotes)
    assert align(sorted(quotes, key=lambda x: (-x.start, x.annotator))) == groups
