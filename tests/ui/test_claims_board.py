"""The claims board groups quotes of all articles by claim, stance and speaker, and opens a quote."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from annotator.core.model import Article, Quote
from annotator.core.text import sha256_of
from annotator.services.commands import AddQuote, SetNote, SetStance
from annotator.store import articles as article_store
from annotator.ui.claims.board import ClaimsBoard
from annotator.ui.claims.model import CLAIM, QUOTE, SPEAKER, STANCE, ArticleIdRole, KindRole, QuoteIdRole
from annotator.ui.session import Session

pytestmark = pytest.mark.gui

CLAIM_TEXT = "Iran supplied drones to Russia"
MEHR = "Tehran denies it. “We strongly reject delivering drones to Russia,” the minister said. 👍"
PRESS = 'The minister admitted it: "the drone is true", he said.'


def _article(project, text: str, outlet: str, title: str) -> int:
    article = Article(None, text, sha256_of(text), title=title, outlet=outlet)
    return article_store.insert_article(project, article)[0]


def _quote(
    article_id: int, text: str, fragment: str, stance: str, speaker: str = "Amir-Abdollahian"
) -> Quote:
    start = text.index(fragment)
    return Quote(
        None,
        article_id,
        start,
        start + len(fragment),
        "ana",
        speaker=speaker,
        stance=stance,
        claim=CLAIM_TEXT,
    )


@pytest.fixture
def board_session(project, qtbot):
    """Two outlets quoting the same speaker on the same claim with opposite stances."""
    session = Session(project, "ana")
    mehr = _article(project, MEHR, "Mehr News", "Minister denies drone sales")
    press = _article(project, PRESS, "Iran Press", "Drones were sold")
    first = AddQuote(_quote(mehr, MEHR, "“We strongly reject delivering drones to Russia,”", "opposes"))
    second = AddQuote(_quote(press, PRESS, '"the drone is true"', "supports"))
    session.push(first)
    session.push(second)
    session.push(AddQuote(Quote(None, mehr, 0, 6, "ana", speaker="Nobody")))  # no claim: not on the board
    return session, {"mehr": mehr, "press": press, "opposing": first.quote_id, "supporting": second.quote_id}


def _children(model, parent):
    return [model.index(row, 0, parent) for row in range(model.rowCount(parent))]


def test_board_groups_opposite_stances_of_one_speaker(board_session, qtbot, qtmodeltester):
    session, ids = board_session
    board = ClaimsBoard(session)
    qtbot.addWidget(board)
    board.resize(1000, 500)  # wide: excerpt, source and annotator in their own columns
    board.show()  # a hidden board defers reloads until shown
    model = board.model
    qtmodeltester.check(model)

    (claim,) = _children(model, board.view.rootIndex())
    assert claim.data(KindRole) == CLAIM
    assert CLAIM_TEXT in claim.data() and "(2)" in claim.data()
    assert claim.data(Qt.ItemDataRole.FontRole).bold()
    stances = _children(model, claim)
    assert [s.data(KindRole) for s in stances] == [STANCE, STANCE]
    assert [s.data().split()[0] for s in stances] == ["supports", "opposes"]  # scheme order
    assert stances[0].data(Qt.ItemDataRole.BackgroundRole).name() == "#2e9d5b"  # the stance's colour

    found = {}
    for stance in stances:
        (speaker,) = _children(model, stance)
        assert speaker.data(KindRole) == SPEAKER and speaker.data().startswith("Amir-Abdollahian")
        # The speaker took both sides of the claim: the board says so on each side.
        assert speaker.siblingAtColumn(1).data().startswith("also ")
        (leaf,) = _children(model, speaker)
        assert leaf.data(KindRole) == QUOTE
        found[stance.data().split()[0]] = (
            leaf.data(),
            leaf.siblingAtColumn(1).data(),
            leaf.data(ArticleIdRole),
        )
    assert found["opposes"] == (
        "“We strongly reject delivering drones to Russia,”",
        "Mehr News · Minister denies drone sales",
        ids["mehr"],
    )
    assert found["supports"] == ('"the drone is true"', "Iran Press · Drones were sold", ids["press"])
    assert board.summary.text() == "1 claim · 2 quotes"


def test_activating_a_quote_emits_its_article_and_id(board_session, qtbot):
    session, ids = board_session
    board = ClaimsBoard(session)
    qtbot.addWidget(board)
    board.show()  # a hidden board defers reloads until shown
    assert board.select_quote(ids["opposing"])
    index = board.view.currentIndex()
    assert index.data(QuoteIdRole) == ids["opposing"]
    with qtbot.waitSignal(board.quoteActivated) as signal:
        qtbot.keyClick(board.view, Qt.Key.Key_Return)
    assert signal.args == [ids["mehr"], ids["opposing"]]


def test_activating_a_group_toggles_it_without_emitting(board_session, qtbot):
    session, _ = board_session
    board = ClaimsBoard(session)
    qtbot.addWidget(board)
    board.show()  # a hidden board defers reloads until shown
    claim = board.model.index(0, 0)
    with qtbot.assertNotEmitted(board.quoteActivated):
        board.view.activated.emit(claim)
    assert not board.view.isExpanded(claim)


def test_board_follows_commands_and_undo(board_session, qtbot, qtmodeltester):
    session, ids = board_session
    board = ClaimsBoard(session)
    qtbot.addWidget(board)
    board.show()  # a hidden board defers reloads until shown
    session.push(SetStance(ids["opposing"], "supports"))
    claim = board.model.index(0, 0)
    assert [s.data().split()[0] for s in _children(board.model, claim)] == ["supports"]
    session.undo_stack.undo()
    claim = board.model.index(0, 0)  # the model was reset: indexes are taken again
    assert [s.data().split()[0] for s in _children(board.model, claim)] == ["supports", "opposes"]
    qtmodeltester.check(board.model)


def test_filter_keeps_matching_quotes_and_their_groups(board_session, qtbot):
    session, ids = board_session
    board = ClaimsBoard(session)
    qtbot.addWidget(board)
    board.show()  # a hidden board defers reloads until shown
    board.set_filter("iran press")
    assert board.model.quote_count() == 1
    assert board.model.index_of_quote(ids["supporting"]).isValid()
    assert not board.model.index_of_quote(ids["opposing"]).isValid()
    board.set_filter("no such words")
    assert board.model.claim_count() == 0
    board.set_filter("")
    assert board.model.quote_count() == 2


def test_collapsed_groups_stay_collapsed_after_a_refresh(board_session, qtbot):
    session, ids = board_session
    board = ClaimsBoard(session)
    qtbot.addWidget(board)
    board.show()  # a hidden board defers reloads until shown
    supports = board.model.index(0, 0, board.model.index(0, 0))
    board.view.collapse(supports)
    session.push(SetStance(ids["opposing"], "neutral"))
    claim = board.model.index(0, 0)
    assert board.view.isExpanded(claim)
    assert not board.view.isExpanded(board.model.index(0, 0, claim))  # supports, still closed


def test_empty_project_shows_a_hint(project, qtbot):
    board = ClaimsBoard(Session(project, "ana"))
    qtbot.addWidget(board)
    assert board.model.claim_count() == 0
    assert not board.empty_hint.isHidden() and board.view.isHidden()


def test_hidden_board_catches_up_when_shown(board_session, qtbot):
    session, ids = board_session
    board = ClaimsBoard(session)
    qtbot.addWidget(board)
    session.push(SetStance(ids["opposing"], "supports"))
    assert board.model.quote_count() == 2 and board.model.index(0, 0).data(KindRole) == CLAIM
    assert [s.data().split()[0] for s in _children(board.model, board.model.index(0, 0))] == [
        "supports",
        "opposes",
    ]
    board.show()
    assert [s.data().split()[0] for s in _children(board.model, board.model.index(0, 0))] == ["supports"]


def test_a_note_does_not_rebuild_the_board(board_session, qtbot):
    session, ids = board_session
    board = ClaimsBoard(session)
    qtbot.addWidget(board)
    board.show()
    board.select_quote(ids["supporting"])
    with qtbot.assertNotEmitted(board.model.modelReset):
        session.push(SetNote(ids["supporting"], "admits the sale"))
    assert board.view.currentIndex().data(QuoteIdRole) == ids["supporting"]


def test_narrow_board_puts_the_outlet_in_the_first_column(board_session, qtbot):
    session, ids = board_session
    board = ClaimsBoard(session)
    qtbot.addWidget(board)
    board.resize(320, 500)
    board.show()
    assert board.view.isColumnHidden(1) and board.view.wordWrap()
    assert board.model.index_of_quote(ids["opposing"]).data().startswith("Mehr News: ")
    board.resize(1000, 500)
    assert not board.view.isColumnHidden(1)
    assert board.model.index_of_quote(ids["opposing"]).data().startswith("“We strongly")


def test_a_narrow_board_wraps_every_bold_claim_instead_of_cutting_it(board_session, qtbot):
    from PySide6.QtCore import QRect
    from PySide6.QtGui import QFontMetrics

    session, _ids = board_session
    board = ClaimsBoard(session)
    qtbot.addWidget(board)
    board.resize(330, 500)
    board.show()
    view = board.view
    claim = board.model.index(0, 0)
    assert claim.data(KindRole) == CLAIM
    metrics = QFontMetrics(claim.data(Qt.ItemDataRole.FontRole))  # a claim is bold
    lines = set()
    for width in (*range(330, 230, -6), *range(230, 340, 6)):  # the user narrows the dock, then widens it
        board.resize(width, 500)
        qtbot.waitUntil(lambda: not board._rewrap.isActive())
        room = view.visualRect(claim).width() - 8  # a claim row has no icon; the item's text margins
        needed = metrics.boundingRect(QRect(0, 0, room, 10_000), Qt.TextFlag.TextWordWrap, claim.data()).height()
        lines.add(needed // metrics.lineSpacing())
        # Tall enough for the bold text wrapped in the room the row has now, and no blank line to spare.
        assert needed <= view.visualRect(claim).height() < needed + metrics.lineSpacing(), width
    assert lines == {1, 2}  # the widths tried make the claim wrap and unwrap
