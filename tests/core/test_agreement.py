"""Agreement figures against published worked examples, the krippendorff package, and hand-made cases."""

from __future__ import annotations

import json
import math
import warnings
from dataclasses import replace

import krippendorff
import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from annotator.core.agreement import (
    agreement_report,
    cohen_kappa,
    krippendorff_alpha,
    masi_distance,
    masi_matrix,
    pairable_values,
    span_f1,
)
from annotator.core.alignment import align
from annotator.core.model import GOLD, Quote

NAN = math.nan


def q(annotator: str, start: int, end: int, **fields) -> Quote:
    return Quote(id=None, article_id=1, start=start, end=end, annotator=annotator, **fields)


def two_by_two(yes_yes: int, yes_no: int, no_yes: int, no_no: int) -> tuple[list[str], list[str]]:
    """Two raters' labels from a 2x2 table (rows rater A, columns rater B), written out item by item."""
    a = ["yes"] * (yes_yes + yes_no) + ["no"] * (no_yes + no_no)
    b = ["yes"] * yes_yes + ["no"] * yes_no + ["yes"] * no_yes + ["no"] * no_no
    return a, b


# -- Cohen's kappa: Wikipedia, "Cohen's kappa", worked examples ------------------------------------------

def test_kappa_wikipedia_fifty_applications():
    # 50 grant proposals: both yes 20, A yes B no 5, A no B yes 10, both no 15. p_o 0.7, p_e 0.5.
    a, b = two_by_two(20, 5, 10, 15)
    assert len(a) == 50
    assert cohen_kappa(a, b) == pytest.approx(0.4)


@pytest.mark.parametrize(("table", "expected"), [((45, 15, 25, 15), 0.1304), ((25, 35, 5, 35), 0.2593)])
def test_kappa_wikipedia_same_agreement_different_kappa(table, expected):
    # Both tables have p_o = 0.60; the marginals differ, and so does kappa.
    assert cohen_kappa(*two_by_two(*table)) == pytest.approx(expected, abs=5e-5)


def test_kappa_undefined_and_edge_cases():
    assert cohen_kappa([], []) is None
    assert cohen_kappa(["x"] * 5, ["x"] * 5) is None  # one category for both: p_e = 1, 0/0
    assert cohen_kappa(["x", "y", "x"], ["x", "y", "x"]) == pytest.approx(1.0)
    assert cohen_kappa(["x", "x"], ["y", "y"]) == pytest.approx(0.0)  # p_o = p_e = 0
    # None is a category like any other.
    assert cohen_kappa([None, "a", None], [None, "a", "a"]) == pytest.approx(
        cohen_kappa(["none", "a", "none"], ["none", "a", "a"]))
    with pytest.raises(ValueError):
        cohen_kappa(["x"], [])


# -- Krippendorff's alpha: Krippendorff (2011), "Computing Krippendorff's Alpha-Reliability" -----------

KRIPPENDORFF_2011_C = [  # section C: four observers, twelve units, nominal, with missing values
    [1, 2, 3, 3, 2, 1, 4, 1, 2, NAN, NAN, NAN],
    [1, 2, 3, 3, 2, 2, 4, 1, 2, 5, NAN, 3],
    [NAN, 3, 3, 3, 2, 3, 4, 2, 2, 5, 1, NAN],
    [1, 2, 3, 3, 2, 4, 4, 1, 2, 5, 1, NAN],
]


def units_of(reliability: list[list[float]]) -> list[list[float]]:
    """Coder x unit matrix (NaN missing) to the values each unit received."""
    return [[row[u] for row in reliability if not math.isnan(row[u])] for u in range(len(reliability[0]))]


def test_alpha_krippendorff_2011_nominal_with_missing_values():
    units = units_of(KRIPPENDORFF_2011_C)
    assert krippendorff_alpha(units) == pytest.approx(0.743, abs=5e-4)
    assert pairable_values(units) == 40  # unit 12 has a single value and is not pairable
    package = krippendorff.alpha(reliability_data=KRIPPENDORFF_2011_C, level_of_measurement="nominal")
    assert krippendorff_alpha(units) == pytest.approx(package, abs=1e-12)


def test_alpha_krippendorff_2011_binary_two_observers():
    # Section A: two observers, ten units, no missing values: alpha = 0.095.
    a = [0, 1, 0, 0, 0, 0, 0, 0, 1, 0]
    b = [1, 1, 1, 0, 0, 1, 0, 0, 0, 0]
    assert krippendorff_alpha(list(zip(a, b, strict=True))) == pytest.approx(0.095, abs=5e-4)


def test_alpha_undefined_cases():
    assert krippendorff_alpha([]) is None
    assert krippendorff_alpha([["x"], ["y"]]) is None  # nothing pairable
    assert krippendorff_alpha([["x", "x"], ["x", "x", "x"], ["y"]]) is None  # no variation
    assert krippendorff_alpha([["x", "x"], ["y", "y"]]) == pytest.approx(1.0)


def package_alpha(reliability: np.ndarray, metric=None) -> float | None:
    """The krippendorff package's alpha, None where it refuses or divides by zero."""
    try:
        with warnings.catch_warnings(), np.errstate(all="ignore"):
            warnings.simplefilter("ignore")
            value = krippendorff.alpha(reliability_data=reliability, level_of_measurement=metric or "nominal")
    except ValueError:
        return None
    return None if not np.isfinite(value) else float(value)


reliability_matrices = st.integers(2, 5).flatmap(
    lambda coders: st.lists(
        st.lists(st.one_of(st.none(), st.integers(0, 3)), min_size=coders, max_size=coders),
        min_size=1, max_size=30,
    )
)


@settings(max_examples=300, deadline=None)
@given(reliability_matrices)
def test_alpha_nominal_matches_the_krippendorff_package(unit_rows):
    matrix = np.array([[NAN if v is None else v for v in row] for row in unit_rows], dtype=float).T
    ours = krippendorff_alpha(units_of(matrix.tolist()))
    theirs = package_alpha(matrix)
    if theirs is None or ours is None:
        assert ours is None and theirs is None
    else:
        assert ours == pytest.approx(theirs, abs=1e-9)


# -- MASI: Passonneau (2006), MASI = 1 - J x M ---------------------------------------------------------

@pytest.mark.parametrize(("a", "b", "expected"), [
    ({"x", "y"}, {"x", "y"}, 0.0),                # identical: J 1, M 1
    ({"x"}, {"x", "y"}, 1 - 1 / 2 * 2 / 3),        # subset: J 1/2, M 2/3 -> 2/3
    ({"x", "y"}, {"y", "z"}, 1 - 1 / 3 * 1 / 3),   # overlap: J 1/3, M 1/3 -> 8/9
    ({"x", "y", "z"}, {"x"}, 1 - 1 / 3 * 2 / 3),   # superset: J 1/3, M 2/3 -> 7/9
    ({"x"}, {"y"}, 1.0),                           # disjoint: M 0
    (set(), set(), 0.0),                           # no topics on both sides agree
    (set(), {"x"}, 1.0),
])
def test_masi_distance_hand_computed(a, b, expected):
    assert masi_distance(a, b) == pytest.approx(expected)
    assert masi_distance(b, a) == pytest.approx(expected)


topic_sets = st.frozensets(st.sampled_from("abcde"), max_size=4)


@settings(max_examples=100, deadline=None)
@given(st.lists(topic_sets, min_size=1, max_size=12, unique=True))
def test_masi_matrix_matches_masi_distance(sets):
    matrix = masi_matrix(sets)
    for i, a in enumerate(sets):
        for j, b in enumerate(sets):
            assert matrix[i, j] == pytest.approx(masi_distance(a, b), abs=1e-12)


@settings(max_examples=150, deadline=None)
@given(st.lists(st.lists(st.one_of(st.none(), topic_sets), min_size=3, max_size=3), min_size=1, max_size=20))
def test_alpha_masi_matches_the_krippendorff_package_with_a_metric(unit_rows):
    domain = sorted({v for row in unit_rows for v in row if v is not None}, key=sorted)
    code = {v: k for k, v in enumerate(domain)}
    distances = masi_matrix(domain) if domain else np.zeros((0, 0))

    def metric(v1, v2, i1, i2, n_v, dtype=np.float64):
        return distances[i1, i2].astype(dtype)

    matrix = np.array([[NAN if v is None else code[v] for v in row] for row in unit_rows], dtype=float).T
    ours = krippendorff_alpha([[v for v in row if v is not None] for row in unit_rows], masi_distance)
    theirs = package_alpha(matrix, metric) if len(domain) > 1 else None
    if ours is None or theirs is None:
        assert ours is None and theirs is None
    else:
        assert ours == pytest.approx(theirs, abs=1e-9)


# -- span F1 and the report ----------------------------------------------------------------------------

def small_corpus() -> list[tuple[str, list[Quote]]]:
    first = [
        q("alice", 0, 50, speaker="Ann", stance="pro", topics=("x",)),
        q("bob", 0, 50, speaker="Ann", stance="pro", topics=("x",)),
        q("alice", 100, 150, speaker="Ben", stance="con", topics=("x", "y")),
        q("bob", 102, 150, speaker="Ben", stance="pro", topics=("y",)),
        q("bob", 300, 340, speaker="Cy"),  # only Bob marked it
        q(GOLD, 0, 50, speaker="Zed", stance="con"),  # gold is no annotator
    ]
    second = [q("alice", 10, 60, speaker="Dee")]  # Bob did not annotate this one
    return [("First", first), ("Second", second)]


def test_span_f1():
    assert span_f1(1, 2, 3) == pytest.approx(0.4)
    assert span_f1(0, 0, 0) is None
    assert span_f1(0, 0, 4) == 0.0


def test_report_on_hand_made_articles():
    report = agreement_report(small_corpus())
    json.dumps(report, allow_nan=False)  # JSON-able, no NaN
    assert set(report) == {"annotators", "pairs", "alpha", "units", "articles"}
    assert report["annotators"] == ["alice", "bob"]
    [pair] = report["pairs"]
    assert set(pair) == {"a", "b", "span_f1_exact", "span_f1_overlap", "kappa"}
    # First article only (Bob marked nothing in the second): Alice 2 quotes, Bob 3; 1 exact, 2 overlapping.
    assert (pair["a"], pair["b"]) == ("alice", "bob")
    assert pair["span_f1_exact"] == pytest.approx(2 * 1 / 5)
    assert pair["span_f1_overlap"] == pytest.approx(2 * 2 / 5)
    assert pair["kappa"]["kind"] is None  # everybody "direct": undefined
    assert pair["kappa"]["speaker"] == pytest.approx(1.0)
    assert pair["kappa"]["stance"] == pytest.approx(cohen_kappa(["pro", "con"], ["pro", "pro"]))
    assert pair["kappa"]["claim"] is None  # None for both everywhere: one category
    assert report["units"] == {"kind": 4, "speaker": 4, "stance": 4, "claim": 4, "topics": 4}
    assert report["alpha"]["stance"] == pytest.approx(krippendorff_alpha([["pro", "pro"], ["con", "pro"]]))
    expected_topics = krippendorff_alpha(
        [[frozenset("x"), frozenset("x")], [frozenset("xy"), frozenset("y")]], masi_distance)
    assert report["alpha"]["topics"] == pytest.approx(expected_topics)
    assert report["alpha"]["kind"] is None
    first, second = report["articles"]
    assert first["title"] == "First" and first["span_f1_overlap"] == pytest.approx(0.8)
    assert first["alpha"]["stance"] == pytest.approx(report["alpha"]["stance"])
    assert second == {"title": "Second", "span_f1_overlap": None, "alpha": dict.fromkeys(first["alpha"])}


def test_report_of_nothing():
    assert agreement_report([]) == {"annotators": [], "pairs": [], "alpha": dict.fromkeys(
        ("kind", "speaker", "stance", "claim", "topics")), "units": dict.fromkeys(
        ("kind", "speaker", "stance", "claim", "topics"), 0), "articles": []}


@st.composite
def corpora(draw) -> list[tuple[str, list[Quote]]]:
    articles = []
    for t in range(draw(st.integers(1, 4))):
        quotes = []
        for _ in range(draw(st.integers(0, 12))):
            start, length = draw(st.integers(0, 150)), draw(st.integers(1, 50))
            quotes.append(q(draw(st.sampled_from(("alice", "bob", "carol"))), start, start + length,
                            stance=draw(st.sampled_from([None, "pro", "con"])),
                            topics=tuple(draw(topic_sets))))
        articles.append((f"a{t}", quotes))
    return articles


def rename(articles, old_new: dict[str, str]):
    return [(t, [replace(x, annotator=old_new.get(x.annotator, x.annotator)) for x in qs])
            for t, qs in articles]


@settings(max_examples=150, deadline=None)
@given(corpora())
def test_report_properties(articles):
    report = agreement_report(articles)
    json.dumps(report, allow_nan=False)
    swap = {"alice": "bob", "bob": "alice"}
    swapped = agreement_report(rename(articles, swap))
    for pair in report["pairs"]:
        for key in ("span_f1_exact", "span_f1_overlap"):
            value = pair[key]
            assert value is None or 0.0 <= value <= 1.0
            if value is not None:
                assert pair["span_f1_exact"] <= pair["span_f1_overlap"] + 1e-12
        names = {swap.get(pair["a"], pair["a"]), swap.get(pair["b"], pair["b"])}
        other = next(p for p in swapped["pairs"] if {p["a"], p["b"]} == names)
        assert other["span_f1_exact"] == pair["span_f1_exact"]  # F1 is symmetric
        assert other["span_f1_overlap"] == pair["span_f1_overlap"]
        for value in pair["kappa"].values():
            assert value is None or -1.0 - 1e-9 <= value <= 1.0 + 1e-9
    # The per-article figures equal alpha computed on that article's groups alone.
    for (_, quotes), article in zip(articles, report["articles"], strict=True):
        units = [[x.stance for x in g.quotes] for g in align(quotes)]
        assert article["alpha"]["stance"] == pytest.approx(krippendorff_alpha(units))
