"""The claims board and agreement panel on a big review project, each figure beside a bare baseline.

Run: .venv/bin/python bench/bench_claims.py [--articles N] [--db PATH]
Builds (once, cached under the temp folder) a review project of N articles (default 3,300: about
200,000 quotes of three annotators, 116,000 with a claim) from bench_agreement's generator, then,
offscreen, prints medians of:
- a filter keystroke on the claims board, beside one list comprehension over the same keys (the
  least a substring filter can cost);
- an edit with the board on screen, beside reading that quote's board row;
- the agreement panel's refresh on the window's thread, beside computing the figures there.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench_agreement import make_rows  # noqa: E402
from bench_review import STANCES, TOPICS  # noqa: E402

from annotator.core.model import Article, Quote  # noqa: E402
from annotator.core.text import sha256_of  # noqa: E402
from annotator.services.projects import open_project  # noqa: E402
from annotator.store import articles, quotes  # noqa: E402

KEYSTROKES = ("c", "cl", "cla", "claim", "claim 1", "claim 12", "", "s", "sp", "speaker 1", "speaker 19", "",
              "w", "wo", "word", "", "outlet 3", "", "opposes", "")


def build(path: Path, n_articles: int) -> None:
    """A review project as a merge of three annotators would leave it (written directly, no merge)."""
    project = open_project(path)
    with project.atomic():
        for t, (title, rows) in enumerate(make_rows(n_articles, 20240601)):
            text = f"Article {t}. " + ("word " * 2400)
            article = Article(None, text, sha256_of(text), title=title, outlet=f"Outlet {t % 40}")
            article_id, _ = articles.insert_article(project, article)
            for start, end, who, kind, speaker, stance, claim, topics in rows:
                names = tuple(sorted({TOPICS[int(x.split("-")[1]) % len(TOPICS)] for x in topics}))
                quotes.insert_quote(project, Quote(None, article_id, start, min(end, len(text)), who, kind=kind,
                                                   speaker=speaker, stance=STANCES[stance], claim=claim,
                                                   topics=names))
    project.close()


def _ms(fn) -> float:
    start = time.perf_counter()
    fn()
    return (time.perf_counter() - start) * 1000


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=3300)
    parser.add_argument("--db", type=Path)
    args = parser.parse_args()
    path = args.db or Path(tempfile.gettempdir()) / f"bench-claims-{args.articles}.annotator.db"
    if not path.exists():
        print(f"building {path} ...", flush=True)
        build(path, args.articles)

    from PySide6.QtWidgets import QApplication

    from annotator.services.agreeing import project_agreement
    from annotator.services.commands import SetStance
    from annotator.ui.claims.board import ClaimsBoard
    from annotator.ui.review.agreement import AgreementPanel
    from annotator.ui.session import Session

    app = QApplication.instance() or QApplication([])
    project = open_project(path)
    session = Session(project, "lead")
    board = ClaimsBoard(session)
    board.resize(1000, 800)
    shown = _ms(lambda: (board.show(), app.processEvents()))
    start = time.perf_counter()
    board.wait_loaded(600_000)
    loaded = time.perf_counter() - start
    model = board.model
    print(f"{args.articles} articles: {model.claim_count()} claims, {model.quote_count()} quotes with a claim")
    print(f"board shown: {shown:.0f} ms on the window's thread; rows read in the background in {loaded:.1f} s")

    filters = [_ms(lambda text=text: (board.set_filter(text), app.processEvents())) for text in KEYSTROKES]
    keys = model._index.keys
    bare = [_ms(lambda word=word: [k for k in keys if word in k]) for word in ("c", "cl", "speaker 19", "w", "opposes")]
    f, b = statistics.median(filters), statistics.median(bare)
    print(f"filter keystroke: median {f:.0f} ms (max {max(filters):.0f}) | bare scan of the keys {b:.0f} ms | "
          f"ratio {f / b:.1f}x ({'meets' if f <= 100 else 'misses'} goal <= 100 ms)")

    quote_id = project.db.conn.execute(
        "SELECT id FROM quotes WHERE claim_id IS NOT NULL LIMIT 1 OFFSET 5000").fetchone()[0]
    edits = [_ms(lambda stance=stance: (session.push(SetStance(quote_id, stance)), app.processEvents()))
             for stance in ("neutral", "opposes", "supports", "unclear", "neutral")]
    bare_session = Session(project, "lead")  # no view listens: the command's own write and commit
    bare_edits = [_ms(lambda stance=stance: bare_session.push(SetStance(quote_id, stance)))
                  for stance in ("neutral", "opposes", "supports", "unclear", "neutral")]
    e, r = statistics.median(edits), statistics.median(bare_edits)
    print(f"stance edit, board on screen: median {e:.1f} ms | the same edit with no view {r:.1f} ms | "
          f"ratio {e / r:.1f}x")

    panel = AgreementPanel(session)
    panel.resize(1100, 900)
    panel.show()
    app.processEvents()
    panel.jobs.wait()
    app.processEvents()
    refresh = _ms(panel.refresh)
    start = time.perf_counter()
    while panel.computing:
        app.processEvents()
        time.sleep(0.005)
    background = time.perf_counter() - start
    inline = _ms(lambda: project_agreement(project)) / 1000
    print(f"agreement refresh: {refresh:.1f} ms on the window's thread, figures in {background:.1f} s | "
          f"computing them on the window's thread {inline:.1f} s")
    project.close()


if __name__ == "__main__":
    main()
