"""The review panel's list of groups gives a quote the room its chips do not need, and reads it from its start."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QFont, QFontMetrics

from annotator.core.model import Article, Quote
from annotator.core.text import sha256_of
from annotator.services.projects import open_project
from annotator.store import articles as article_store
from annotator.store import quotes as quote_store
from annotator.ui.review.model import ChipsRole
from annotator.ui.review.panel import ReviewPanel
from annotator.ui.session import Session

pytestmark = pytest.mark.gui

TEXT = ("Ingrid Lindgren claimed “that the central bank reopened talks over the sanctions regime, after weeks "
        "in which the ministry denied every report of a meeting and the coalition said the border stays closed” "
        "on Monday, while the coalition said nothing.")


@pytest.fixture
def session(tmp_path):
    """Three annotators mark one quote and disagree on its stance, claim and topics."""
    project = open_project(tmp_path / "review.annotator.db")
    article_id, _ = article_store.insert_article(project, Article(None, TEXT, sha256_of(TEXT), title="Talks"))
    start, end = TEXT.index("“"), TEXT.index("”") + 1
    for name, stance, claim, topics in (("alice", "opposes", "Talks resumed", ("economy",)),
                                        ("bob", "unclear", None, ("economy", "human rights")),
                                        ("carol", "supports", "Sanctions stay", ())):
        quote_store.insert_quote(project, Quote(None, article_id, start, end, name, kind="direct",
                                                speaker="Ingrid Lindgren", stance=stance, claim=claim,
                                                topics=topics))
    yield Session(project, "lead")
    project.close()


def test_a_groups_quote_reads_from_its_start_and_its_chips_stay_whole(qtbot, session):
    panel = ReviewPanel(session)
    qtbot.addWidget(panel)
    panel.resize(590, 440)  # the review dock beside a laptop's corpus list
    panel.show()
    qtbot.waitExposed(panel)
    panel.set_article(1)
    qtbot.wait(20)
    view, model = panel.groups_view, panel.groups
    assert model.index(0, 3).data(ChipsRole) and len(model.index(0, 3).data(ChipsRole)) == 3
    quote = TEXT[TEXT.index("“"):TEXT.index("”") + 1]
    metrics = view.fontMetrics()
    shown = metrics.elidedText(model.index(0, 1).data(), view.textElideMode(), view.columnWidth(1) - 8)
    # Cut in the middle in a fixed 150/190-pixel layout, it read "“that the c…sanctions regime”".
    assert shown.startswith("“that the central bank reopened talks") and shown.endswith("…")
    # Every chip is drawn (none cut to "…"): each chips column is as wide as its chips (9/10 of the font).
    font = QFont(view.font())
    font.setPointSizeF(font.pointSizeF() * 0.9)
    chip_metrics = QFontMetrics(font)
    for column in (2, 3):
        chips = model.index(0, column).data(ChipsRole)
        needed = sum(chip_metrics.horizontalAdvance(label) + 12 + 4 for label, _colour in chips) - 4 + 8
        assert view.columnWidth(column) >= needed, column
    assert view.columnWidth(1) > max(view.columnWidth(2), view.columnWidth(3))
    assert model.index(0, 1).data(Qt.ItemDataRole.ToolTipRole) == quote
    # In a wider dock, a quote over 140 characters was also cut in the middle ("… the U … ring …").
    panel.resize(1100, 440)
    qtbot.wait(20)
    shown = metrics.elidedText(model.index(0, 1).data(), view.textElideMode(), view.columnWidth(1) - 8)
    assert len(shown) > 80 and quote.startswith(shown[:-1]) and shown.endswith("…")
