"""The claims board of a merged review project: gold and undecided groups, or one annotator's quotes."""

from __future__ import annotations

import pytest

from annotator.core.model import Article, Quote
from annotator.core.text import sha256_of
from annotator.services.projects import open_project
from annotator.services.review import DecideGroup, review_items
from annotator.store import articles as article_store
from annotator.store import quotes as quote_store
from annotator.ui.claims.board import ClaimsBoard
from annotator.ui.claims.model import QUOTE, KindRole
from annotator.ui.claims.versions import version_lines
from annotator.ui.review.progress import decided_members
from annotator.ui.session import Session

pytestmark = pytest.mark.gui

CLAIM = "Iran supplied drones to Russia"
TEXT = "Article. " + " ".join(f"Sentence {k} says something about drones." for k in range(20))


def _quote(article_id: int, who: str, start: int, end: int, stance: str, claim: str = CLAIM) -> Quote:
    return Quote(None, article_id, start, end, who, speaker="Kanaani", stance=stance, claim=claim)


@pytest.fixture
def review(tmp_path):
    """alice and bob's quotes on one article: agreeing, disagreeing on stance, alice alone (twice)."""
    project = open_project(tmp_path / "review.annotator.db")
    article_id = article_store.insert_article(project, Article(None, TEXT, sha256_of(TEXT), outlet="Mehr"))[0]
    for who, shift in (("alice", 0), ("bob", 2)):
        quote_store.insert_quote(project, _quote(article_id, who, 10 + shift, 40, "supports"))  # agree
        quote_store.insert_quote(project, _quote(article_id, who, 100, 140, "supports" if who == "alice"
                                                 else "opposes"))  # disagree on stance
    quote_store.insert_quote(project, _quote(article_id, "alice", 200, 240, "supports"))  # alone
    quote_store.insert_quote(project, _quote(article_id, "alice", 300, 340, "opposes"))  # alone
    session = Session(project, "lead")
    yield session, article_id
    project.close()


def _lines(board) -> list[tuple[str, str]]:
    """Every quote line on the board: (stance, whose)."""
    model, out = board.model, []

    def walk(parent, stance):
        for row in range(model.rowCount(parent)):
            index = model.index(row, 0, parent)
            if index.data(KindRole) == QUOTE:
                out.append((stance, index.siblingAtColumn(2).data()))
            else:
                walk(index, stance or index.data().split("  (")[0])

    for row in range(model.rowCount()):
        walk(model.index(row, 0), "")
    return sorted(out)


def _board(qtbot, session) -> ClaimsBoard:
    board = ClaimsBoard(session)
    qtbot.addWidget(board)
    board.resize(1000, 600)  # wide: the annotator column shows
    board.show()
    qtbot.waitUntil(lambda: board.model.claim_count() == 1 and not board._loading, timeout=10_000)
    return board


def test_review_board_shows_one_line_per_group_naming_whose_versions(review, qtbot):
    session, _ = review
    board = _board(qtbot, session)
    assert board.current_view() == "gold"
    assert _lines(board) == [
        ("opposes", "alice"), ("opposes", "bob"),  # a disagreement: each version under its stance
        ("supports", "alice"), ("supports", "alice"),
        ("supports", "alice, bob"),  # two annotators agreeing: one line, not two
    ]
    assert board.summary.text() == "1 claim · 5 quotes · 5 not reviewed yet"
    assert board.view_combo.isVisible()
    assert [board.view_combo.itemText(k) for k in range(board.view_combo.count())] == ["Gold", "alice", "bob"]


def test_decisions_show_gold_and_a_rejected_quote_no_longer_counts(review, qtbot):
    session, article_id = review
    board = _board(qtbot, session)
    items = {item.group.quotes[0].start: item for item in review_items(session.project, article_id)}
    agreed, alone = items[10], items[300]
    session.push(DecideGroup(article_id, agreed.key, agreed.group.quotes[0], "alice"))
    session.push(DecideGroup(article_id, alone.key, None, ""))  # rejected: no gold, its stance loses it
    qtbot.waitUntil(lambda: board.model.quote_count() == 4, timeout=5000)
    assert _lines(board) == [("opposes", "bob"), ("supports", "alice"), ("supports", "alice"), ("supports", "gold")]
    assert board.summary.text() == "1 claim · 4 quotes · 3 not reviewed yet"
    board.set_filter("gold")
    assert board.summary.text() == "1 claim · 1 quote"  # the reviewed quotes alone
    board.set_filter("")
    claim = board.model.index(0, 0)
    from annotator.ui.claims.model import StanceCountsRole

    assert [(name, n) for name, _, n in claim.data(StanceCountsRole)] == [("supports", 3), ("opposes", 1)]


def test_reviewer_switches_to_one_annotators_view_and_back(review, qtbot):
    session, _ = review
    board = _board(qtbot, session)
    board.view_combo.setCurrentIndex(2)
    board.view_combo.activated.emit(2)
    qtbot.waitUntil(lambda: board.current_view() == "bob" and not board._loading, timeout=5000)
    assert _lines(board) == [("opposes", "bob"), ("supports", "bob")]
    assert board.summary.text() == "1 claim · 2 quotes"  # one annotator's view: nothing to review in it
    assert board.view_combo.currentText() == "bob"
    board.set_view("gold")
    qtbot.waitUntil(lambda: board.current_view() == "gold" and not board._loading, timeout=5000)
    assert board.model.quote_count() == 5


def test_a_one_annotator_project_has_no_views(project, qtbot):
    article_id = article_store.insert_article(project, Article(None, TEXT, sha256_of(TEXT)))[0]
    quote_store.insert_quote(project, _quote(article_id, "ana", 10, 40, "supports"))
    board = _board(qtbot, Session(project, "ana"))
    assert board.current_view() == "" and not board.view_combo.isVisible()
    assert _lines(board) == [("supports", "ana")]


def test_a_narrow_board_names_whose_versions_in_the_line(review, qtbot):
    session, _ = review
    board = _board(qtbot, session)
    board.resize(400, 600)  # a side dock: no annotator column
    qtbot.waitUntil(lambda: board.view.isColumnHidden(2))
    texts = []
    model = board.model
    stack = [model.index(row, 0) for row in range(model.rowCount())]
    while stack:
        index = stack.pop()
        stack += [model.index(row, 0, index) for row in range(model.rowCount(index))]
        if index.data(KindRole) == QUOTE:
            texts.append(index.data())
    assert sum(text.endswith("— alice, bob") for text in texts) == 1


def test_decision_keys_name_their_members():
    assert decided_members(["alice:10-40|bob:12-40", "bad"]) == {("alice", 10, 40), ("bob", 12, 40)}
    assert version_lines([]) == []
