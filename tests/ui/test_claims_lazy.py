"""The claims board at scale: read in the background, groups built when opened, edits applied row by row."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDockWidget, QLabel, QMainWindow

from annotator.core.model import Article, Quote
from annotator.core.text import sha256_of
from annotator.services.commands import SetStance
from annotator.services.projects import open_project
from annotator.store import articles as article_store
from annotator.store import quotes as quote_store
from annotator.ui.claims.board import ClaimsBoard
from annotator.ui.claims.model import CLAIM, STANCE, KindRole, QuoteIdRole, StanceCountsRole
from annotator.ui.session import Session

pytestmark = pytest.mark.gui

CLAIMS = ("Drones were sold to Russia", "Sanctions hurt the economy", "The talks will resume")
SPEAKERS = ("Amir-Abdollahian", "Kanaani", "Borrell")


def _fill(project) -> dict[str, list[int]]:
    """Three articles from two outlets; each claim quoted by each speaker, supporting or opposing."""
    ids: dict[str, list[int]] = {claim: [] for claim in CLAIMS}
    for a in range(3):
        text = f"Article {a}. " + " ".join(f"sentence {k} of the report." for k in range(60))
        outlet = "Mehr News" if a < 2 else "Iran Press"
        article_id = article_store.insert_article(
            project, Article(None, text, sha256_of(text), title=f"Report {a}", outlet=outlet))[0]
        for c, claim in enumerate(CLAIMS):
            for s, speaker in enumerate(SPEAKERS):
                start = 20 + (c * 3 + s) * 25
                stance = "supports" if (a + s) % 2 else "opposes"
                ids[claim].append(quote_store.insert_quote(project, Quote(
                    None, article_id, start, start + 20, "ana", speaker=speaker, stance=stance, claim=claim)))
    return ids


@pytest.fixture
def file_session(tmp_path):
    """A project file (so the board reads it on a worker thread) with three claims of nine quotes each."""
    project = open_project(tmp_path / "claims.annotator.db")
    ids = _fill(project)
    session = Session(project, "ana")
    yield session, ids
    project.close()


def _board(qtbot, session, limit: int | None = None) -> ClaimsBoard:
    board = ClaimsBoard(session)
    if limit is not None:
        board.expand_limit = limit
    qtbot.addWidget(board)
    board.resize(1000, 600)
    return board


def _claim_labels(model) -> list[str]:
    return [model.index(row, 0).data().rsplit("  (", 1)[0] for row in range(model.rowCount())]


def test_a_hidden_board_reads_nothing_and_reads_in_the_background_when_shown(file_session, qtbot):
    session, _ = file_session
    board = _board(qtbot, session)
    assert board.model.claim_count() == 0 and not board.jobs.busy()  # not on screen: no work at all
    board.show()
    qtbot.waitUntil(lambda: board.model.claim_count() == 3, timeout=10_000)
    assert _claim_labels(board.model) == sorted(CLAIMS, key=str.casefold)
    assert board.summary.text() == "3 claims · 27 quotes"


def test_claim_groups_are_built_when_the_claim_is_expanded(file_session, qtbot, qtmodeltester):
    session, _ = file_session
    board = _board(qtbot, session, limit=0)  # as on a big project: claims start closed
    board.show()
    qtbot.waitUntil(lambda: board.model.claim_count() == 3, timeout=10_000)
    model = board.model
    assert model.built_claims() == 0
    claim = model.index(0, 0)
    assert model.hasChildren(claim) and not board.view.isExpanded(claim)
    # The chips are worked out for a painted claim without building its groups.
    assert [(name, count) for name, _, count in claim.data(StanceCountsRole)] == [("supports", 4), ("opposes", 5)]
    assert claim.data(Qt.ItemDataRole.ToolTipRole).endswith("On more than one side: Amir-Abdollahian, Borrell, Kanaani")
    assert model.built_claims() == 0
    board.view.expand(claim)
    assert model.built_claims() == 1
    stances = [model.index(row, 0, claim) for row in range(model.rowCount(claim))]
    assert [s.data(KindRole) for s in stances] == [STANCE, STANCE]
    assert [s.data().split()[0] for s in stances] == ["supports", "opposes"]
    assert board.view.isExpanded(stances[0])  # an opened claim shows its speakers at once
    qtmodeltester.check(model)


def test_filter_shows_the_claims_that_match(file_session, qtbot):
    session, ids = file_session
    board = _board(qtbot, session)
    board.show()
    qtbot.waitUntil(lambda: board.model.claim_count() == 3, timeout=10_000)
    board.set_filter("sanctions")
    assert _claim_labels(board.model) == ["Sanctions hurt the economy"] and board.model.quote_count() == 9
    board.set_filter("sanctions borrell")  # every word, any field
    assert board.model.quote_count() == 3
    board.set_filter("sanctions")  # back to a filter just shown
    assert board.model.quote_count() == 9
    session.push(SetStance(ids["Sanctions hurt the economy"][0], "neutral"))
    board.set_filter("sanctions neutral")
    assert board.model.quote_count() == 1  # the edited quote, found after the edit
    board.set_filter("iran press kanaani")  # outlet and speaker: one quote under each claim
    assert board.model.claim_count() == 3 and board.model.quote_count() == 3
    assert board.summary.text() == "3 claims · 3 quotes"
    board.set_filter("")
    assert board.model.quote_count() == 27


def test_typing_in_the_filter_applies_once_the_keys_pause(file_session, qtbot):
    session, _ = file_session
    board = _board(qtbot, session)
    board.show()
    qtbot.waitUntil(lambda: board.model.claim_count() == 3, timeout=10_000)
    qtbot.keyClicks(board.filter_edit, "talks")
    assert board.model.claim_count() == 3  # not on every key
    qtbot.waitUntil(lambda: _claim_labels(board.model) == ["The talks will resume"], timeout=2000)


def test_an_edit_changes_its_claim_only(file_session, qtbot):
    session, ids = file_session
    board = _board(qtbot, session)
    board.show()
    qtbot.waitUntil(lambda: board.model.claim_count() == 3, timeout=10_000)
    model = board.model
    other = model.index(0, 0)  # "Drones…": built, as the board opens every group of a small project
    first_stance = model.index(0, 0, other)
    quote_id = ids["The talks will resume"][0]
    changed = []
    model.dataChanged.connect(lambda top, _bottom, _roles: changed.append(top.row()))
    with qtbot.assertNotEmitted(model.modelReset):
        session.push(SetStance(quote_id, "neutral"))
    assert changed == [2]  # the claim's own row, nothing else
    assert first_stance.isValid() and model.index(0, 0, other) == first_stance  # the other claim untouched
    talks = model.index(2, 0)
    assert [s.data().split()[0] for s in (model.index(r, 0, talks) for r in range(model.rowCount(talks)))] == [
        "supports", "opposes", "neutral"]
    assert board.select_quote(quote_id) and board.view.currentIndex().data(QuoteIdRole) == quote_id
    session.undo_stack.undo()
    assert [s.data().split()[0] for s in (model.index(r, 0, talks) for r in range(model.rowCount(talks)))] == [
        "supports", "opposes"]


def test_a_board_in_a_background_tab_catches_up_when_its_tab_is_chosen(file_session, qtbot):
    session, ids = file_session
    window = QMainWindow()
    qtbot.addWidget(window)
    window.setCentralWidget(QLabel("article"))
    front, back = QDockWidget("Corpus", window), QDockWidget("Claims", window)
    front.setWidget(QLabel("corpus"))
    board = ClaimsBoard(session)
    back.setWidget(board)
    for dock in (front, back):
        window.addDockWidget(Qt.DockWidgetArea.LeftDockWidgetArea, dock)
    window.tabifyDockWidget(front, back)
    front.raise_()
    window.resize(900, 600)
    window.show()
    qtbot.waitExposed(window)
    qtbot.wait(50)
    assert board.model.claim_count() == 0  # behind the corpus tab: not read
    back.raise_()
    qtbot.waitUntil(lambda: board.model.claim_count() == 3, timeout=10_000)
    front.raise_()
    qtbot.wait(20)
    session.push(SetStance(ids["Drones were sold to Russia"][0], "neutral"))
    assert "neutral" not in [name for name, _, _ in board.model.index(0, 0).data(StanceCountsRole)]
    back.raise_()
    qtbot.waitUntil(
        lambda: "neutral" in [name for name, _, _ in board.model.index(0, 0).data(StanceCountsRole)], timeout=5000)
    assert board.model.index(0, 0).data(KindRole) == CLAIM


def test_new_stance_colours_show_with_the_next_edit(file_session, qtbot):
    from annotator.core.model import Label
    from annotator.store import labels

    session, ids = file_session
    board = _board(qtbot, session)
    board.show()
    qtbot.waitUntil(lambda: board.model.claim_count() == 3, timeout=10_000)
    scheme = labels.scheme(session.project)
    recoloured = tuple(Label(s.name, "#123456" if s.name == "supports" else s.colour, s.key) for s in scheme.stances)
    labels.apply_scheme(session.project, type(scheme)(scheme.name, recoloured, scheme.topics))
    session.push(SetStance(ids["The talks will resume"][0], "neutral"))
    colours = dict((name, colour) for name, colour, _ in board.model.index(0, 0).data(StanceCountsRole))
    assert colours["supports"] == "#123456"


def test_renaming_a_speaker_rereads_the_board_and_frees_the_old_rows_on_the_worker(file_session, qtbot):
    from annotator.services.commands import EditSpeaker
    from annotator.store import registry

    session, _ = file_session
    board = _board(qtbot, session)
    board.show()
    qtbot.waitUntil(lambda: board.model.claim_count() == 3, timeout=10_000)
    old = board.model.claims_index
    session.push(EditSpeaker(registry.find_speaker(session.project, "Borrell"), name="Josep Borrell"))
    qtbot.waitUntil(lambda: board.model.claims_index is not old, timeout=10_000)
    board.set_filter("josep")
    assert board.model.quote_count() == 9
    board.jobs.wait()
    assert len(old) == 0  # emptied a slice at a time on the worker thread


def test_a_filter_typed_while_the_board_is_read_applies_once_the_rows_are_in(file_session, qtbot):
    session, _ = file_session
    board = _board(qtbot, session)
    board.show()
    assert board._loading  # the reading runs on the worker; the keys come before its answer
    qtbot.keyClicks(board.filter_edit, "talks")
    qtbot.waitUntil(lambda: _claim_labels(board.model) == ["The talks will resume"], timeout=10_000)
    assert board.model.quote_count() == 9 and "3 claims" not in board.summary.text()
