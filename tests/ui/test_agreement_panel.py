"""The agreement panel shows hand-computed figures as a table and charts."""

from __future__ import annotations

import random
from pathlib import Path

import pytest
from PySide6.QtCore import Qt

from annotator.core.model import Article, Quote
from annotator.core.text import sha256_of
from annotator.store import articles as article_store
from annotator.store import quotes as quote_store
from annotator.ui.review.agreement import AgreementPanel, PairsModel
from annotator.ui.review.charts import BarChart, HeatmapChart, ink_on, scale_colour
from annotator.ui.session import Session

pytestmark = pytest.mark.gui

SHOTS = Path(__file__).resolve().parents[2] / "build" / "screenshots"


@pytest.fixture
def hand_case(project):
    """Three annotators on one article (a second article has no quotes).

    a: 0-10 supports, 20-30 opposes, 40-50 opposes
    b: 0-10 supports, 20-28 opposes, 60-70 supports
    c: 0-10 supports, 40-50 supports
    """
    text = "x" * 80
    first = article_store.insert_article(project, Article(None, text, sha256_of(text), title="One"))[0]
    other = "y" * 50
    article_store.insert_article(project, Article(None, other, sha256_of(other), title="Two"))
    marks = {"a": [(0, 10, "supports"), (20, 30, "opposes"), (40, 50, "opposes")],
             "b": [(0, 10, "supports"), (20, 28, "opposes"), (60, 70, "supports")],
             "c": [(0, 10, "supports"), (40, 50, "supports")]}
    for name, spans in marks.items():
        for start, end, stance in spans:
            quote_store.insert_quote(project, Quote(None, first, start, end, name, stance=stance))
    return Session(project, "lead")


def _panel(qtbot, session, width=1100, height=900) -> AgreementPanel:
    panel = AgreementPanel(session)
    qtbot.addWidget(panel)
    panel.resize(width, height)
    panel.show()
    qtbot.waitExposed(panel)
    panel.refresh()
    qtbot.wait(50)  # let the scroll area lay the charts out at their new sizes
    return panel


def test_hand_computed_figures(hand_case, qtbot, qtmodeltester):
    panel = _panel(qtbot, hand_case)
    model = panel.pairs
    qtmodeltester.check(model)
    rows = {model.index(r, 0).data(): [model.index(r, c).data() for c in range(1, 7)] for r in range(3)}
    # a/b: 1 exact and 2 overlapping matches of 3 + 3 quotes: 2/6 and 4/6. Stance agrees on both pairs,
    # half supports, half opposes: kappa 1. Kind is "direct" everywhere: kappa undefined.
    assert rows["a / b"] == ["0.33", "0.67", "–", "–", "1.00", "–"]
    # a/c: 2 matches of 3 + 2: 4/5. Stance agrees on 1 of 2 (po .5), c always supports (pe .5): kappa 0.
    assert rows["a / c"] == ["0.80", "0.80", "–", "–", "0.00", "–"]
    # b/c: 1 match of 3 + 2: 2/5; one paired quote, both supports: kappa undefined.
    assert rows["b / c"] == ["0.40", "0.40", "–", "–", "–", "–"]
    assert panel.heatmap.labels == ["a", "b", "c"]
    assert panel.heatmap.values[0][1] == pytest.approx(2 / 3) and panel.heatmap.values[2][1] == pytest.approx(0.4)
    assert panel.heatmap.values[1][1] is None
    # Alpha on stance: units {S,S,S}, {O,O}, {O,S}; o_SS 3, o_OO 2, o_SO = o_OS = 1; n_S 4, n_O 3, n 7:
    # 1 - (2/7) / (2*4*3 / (7*6)) = 0.5, on 7 pairable values.
    stance = dict((label, (value, text)) for label, value, text in panel.alpha.rows)["stance"]
    assert stance[0] == pytest.approx(0.5) and stance[1] == "0.50  (n = 7)"
    # Per article: 5 matched pairs over 16 quotes pooled across the three pairs: 10/16.
    assert panel.articles.rows == [("One", 0.625, "0.62")]
    assert panel.progress_rows == [("a", 1, 3), ("b", 1, 3), ("c", 1, 2)]
    assert panel.progress.rows[0][2] == "1/2 articles · 3 quotes"


def test_refreshes_after_changes_when_shown(hand_case, qtbot):
    panel = _panel(qtbot, hand_case)
    from annotator.services.commands import AddQuote

    hand_case.push(AddQuote(Quote(None, 1, 40, 50, "b", stance="opposes")))
    qtbot.waitUntil(lambda: panel.pairs.index(0, 1).data() == "0.57", timeout=3000)  # 2*2 / (3+4)


def test_models_and_charts_cope_with_nothing(project, qtbot, qtmodeltester):
    panel = _panel(qtbot, Session(project, "lead"), width=500)
    qtmodeltester.check(PairsModel())
    assert panel.pairs.rowCount() == 0 and panel.articles.rows == []
    for chart in (HeatmapChart(), BarChart()):
        qtbot.addWidget(chart)
        chart.resize(300, 200)
        assert not chart.grab().isNull()


def test_colour_scale_and_ink():
    assert scale_colour(0).name() == "#440154" and scale_colour(1).name() == "#fde725"
    assert scale_colour(2).name() == "#fde725"
    assert ink_on(scale_colour(0)).name() == "#ffffff" and ink_on(scale_colour(1)).name() == "#000000"


def _busy_project(project):
    """Three annotators over six articles with a deterministic spread of agreement, for the screenshot."""
    rng = random.Random(7)
    for k in range(6):
        text = " ".join(f"word{i}" for i in range(400))
        article_id = article_store.insert_article(
            project, Article(None, text + str(k), sha256_of(text + str(k)), title=f"Sample article {k + 1}"))[0]
        for n in range(12):
            start = n * 200
            for name, skill in (("alice", 0.95), ("bob", 0.8), ("carol", 0.6)):
                if rng.random() < skill or name == "alice":
                    shift = 0 if rng.random() < skill else rng.randint(1, 30)
                    stance = "opposes" if rng.random() < skill else "supports"
                    quote_store.insert_quote(project, Quote(None, article_id, start + shift, start + 120, name,
                                                            kind="direct", stance=stance, speaker="Someone"))
    return Session(project, "lead")


def test_screenshot(project, qtbot):
    SHOTS.mkdir(parents=True, exist_ok=True)
    panel = _panel(qtbot, _busy_project(project), width=1100, height=980)
    panel.grab().save(str(SHOTS / "agreement_panel.png"))
    narrow = _panel(qtbot, panel.session, width=520, height=1400)
    narrow.grab().save(str(SHOTS / "agreement_panel_narrow.png"))
    assert narrow.pairs.rowCount() == 3 and Qt.AlignRight


def test_a_narrow_panel_keeps_pair_names_whole_and_every_row_in_view(hand_case, qtbot):
    panel = _panel(qtbot, hand_case, width=320)
    table = panel.table
    qtbot.wait(20)
    width = table.fontMetrics().horizontalAdvance("a / b")
    assert table.columnWidth(0) >= width  # the pair is what a row is about: not elided
    rows = sum(table.rowHeight(r) for r in range(panel.pairs.rowCount()))
    bar = table.horizontalScrollBar()
    assert bar.maximum() > 0  # the figures scroll across in a narrow dock ...
    assert table.height() >= table.horizontalHeader().height() + rows + bar.sizeHint().height()  # ... below the rows


def test_computes_in_the_background_on_its_own_connection(tmp_path, qtbot):
    from annotator.services.commands import AddQuote
    from annotator.services.projects import open_project

    project = open_project(tmp_path / "review.annotator.db")
    text = "x" * 80
    article = article_store.insert_article(project, Article(None, text, sha256_of(text), title="One"))[0]
    for name, spans in {"a": [(0, 10), (20, 30)], "b": [(0, 10), (40, 50)]}.items():
        for start, end in spans:
            quote_store.insert_quote(project, Quote(None, article, start, end, name, stance="supports"))
    session = Session(project, "lead")
    panel = AgreementPanel(session)
    qtbot.addWidget(panel)
    panel.resize(900, 700)
    session.push(AddQuote(Quote(None, article, 60, 70, "a")))
    assert not panel.computing and panel.pairs.rowCount() == 0  # never shown: nothing computed
    panel.show()
    qtbot.waitUntil(lambda: panel.pairs.rowCount() == 1, timeout=10_000)
    # a: 3 quotes, b: 2, one exact match: F1 = 2 / 5.
    assert panel.pairs.index(0, 0).data() == "a / b" and panel.pairs.index(0, 1).data() == "0.40"
    assert panel.progress_rows == [("a", 1, 3), ("b", 1, 2)]
    assert panel.summary.text().startswith("2 annotators · 1 article · 1 pair.")  # counted, not "(s)"
    panel.refresh()
    assert panel.computing and panel.summary.text() == "Computing agreement…"  # the window is free meanwhile
    assert panel.pairs.index(0, 1).data() == "0.40"  # the last figures stay until the new ones are in
    qtbot.waitUntil(lambda: not panel.computing, timeout=10_000)
    session.push(AddQuote(Quote(None, article, 40, 50, "a")))  # a now has b's second quote too
    qtbot.waitUntil(lambda: panel.pairs.index(0, 1).data() == "0.67", timeout=10_000)  # 2 * 2 / (4 + 2)
    panel.jobs.wait()
    project.close()


def test_a_panel_behind_another_dock_tab_computes_when_its_tab_is_chosen(tmp_path, qtbot):
    from PySide6.QtWidgets import QDockWidget, QLabel, QMainWindow

    from annotator.services.commands import AddQuote
    from annotator.services.projects import open_project

    project = open_project(tmp_path / "review.annotator.db")
    text = "x" * 80
    article = article_store.insert_article(project, Article(None, text, sha256_of(text), title="One"))[0]
    for name in ("a", "b"):
        quote_store.insert_quote(project, Quote(None, article, 0, 10, name))
    session = Session(project, "lead")
    window = QMainWindow()
    qtbot.addWidget(window)
    window.setCentralWidget(QLabel("article"))
    front, back = QDockWidget("All annotators", window), QDockWidget("Agreement", window)
    front.setWidget(QLabel("every version"))
    panel = AgreementPanel(session)
    back.setWidget(panel)
    for dock in (front, back):
        window.addDockWidget(Qt.DockWidgetArea.BottomDockWidgetArea, dock)
    window.tabifyDockWidget(front, back)
    front.raise_()
    window.resize(1000, 700)
    window.show()
    qtbot.waitExposed(window)
    qtbot.wait(50)
    session.push(AddQuote(Quote(None, article, 20, 30, "a")))
    qtbot.wait(700)  # past the pause after edits
    assert panel.jobs.latest == 0 and panel.pairs.rowCount() == 0  # behind a tab: nothing computed
    back.raise_()
    qtbot.waitUntil(lambda: panel.pairs.rowCount() == 1, timeout=10_000)
    assert panel.pairs.index(0, 1).data() == "0.67"  # a: 2 quotes, b: 1, one match: 2 / 3
    panel.jobs.wait()
    project.close()


def test_only_the_weakest_articles_come_back_from_the_worker(project, qtbot):
    from annotator.ui.review.agreement import MAX_ARTICLE_BARS, compute_figures

    for k in range(MAX_ARTICLE_BARS + 5):
        text = f"article {k} " + "z" * 60
        article_id = article_store.insert_article(project, Article(None, text, sha256_of(text), title=f"A{k}"))[0]
        for name in ("a", "b"):
            end = 30 if name == "a" or k % 2 else 20 + k % 7
            quote_store.insert_quote(project, Quote(None, article_id, 10, end, name))
    figures = compute_figures(project)
    assert len(figures["weakest"]) == MAX_ARTICLE_BARS and "articles" not in figures["report"]
    panel = _panel(qtbot, Session(project, "lead"))
    assert len(panel.articles.rows) == MAX_ARTICLE_BARS
    assert f"The {MAX_ARTICLE_BARS} weakest of {MAX_ARTICLE_BARS + 5} are shown." in panel.articles_note.text()


@pytest.mark.parametrize("width", [1100, 520])
def test_every_kappa_column_shows_its_dash_under_its_header(hand_case, qtbot, width):
    panel = _panel(qtbot, hand_case, width=width, height=700)
    header = panel.table.horizontalHeader()
    claim = PairsModel.HEADERS.index("κ claim")
    assert panel.pairs.index(0, claim).data() == "–"
    # As wide as its header, like its neighbours: the dash sits under "κ claim", not far to its right.
    assert header.sectionSize(claim) <= header.sectionSizeHint(claim) + 4
    rect = panel.table.visualRect(panel.pairs.index(0, claim))
    assert panel.table.viewport().rect().contains(rect) or panel.table.horizontalScrollBar().maximum() > 0
