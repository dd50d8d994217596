"""Review at scale, through real project files: merge three annotator projects, re-merge, agreement, adjudicate.

Run: .venv/bin/python bench/bench_review.py [--articles N] [--work DIR]
Each figure is printed beside a bare baseline measured in the same run (issue 9):
  merge three files      <= 3x a bare ATTACH + INSERT...SELECT merge with ids remapped by joins
  merge the same again   <= 2 s
  agreement              <= 2x reading every quote of the review project (quotes.all_quotes)
  adjudicate --unanimous <= 3 s
``--work DIR`` keeps the generated annotator projects there and reuses them on the next run; ``--repeat``
sets how many runs each median takes; ``--cpu`` times with this process's CPU time instead of the wall
clock (every figure and baseline here runs in this one thread), steadier on a shared machine.
"""

from __future__ import annotations

import argparse
import shutil
import sqlite3
import statistics
import sys
import time
from pathlib import Path
from urllib.parse import quote as url_quote

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _common import report, scratch_folder  # noqa: E402
from bench_agreement import ANNOTATORS, make_rows  # noqa: E402

from annotator.core.model import Article, Quote  # noqa: E402
from annotator.core.text import sha256_of  # noqa: E402
from annotator.services.agreeing import project_agreement  # noqa: E402
from annotator.services.merging import merge_projects  # noqa: E402
from annotator.services.projects import open_project  # noqa: E402
from annotator.services.review import unanimous_decisions  # noqa: E402
from annotator.store import articles, quotes  # noqa: E402

STANCES = {"pro": "supports", "con": "opposes", "neutral": "neutral", None: None}
TOPICS = ("conflict", "diplomacy", "politics", "human rights", "economy", "health")


def build_annotator_projects(folder: Path, n_articles: int) -> list[Path]:
    """One project per annotator over the same generated articles, each with that annotator's quotes."""
    paths = [folder / f"{annotator}.annotator.db" for annotator in ANNOTATORS]
    done = folder / f"built-{n_articles}"
    if done.exists() and all(p.exists() for p in paths):
        return paths
    raw = make_rows(n_articles, 20240601)
    # Each text just longer than its last quote, so the corpus is about as big as a real one.
    texts = [f"Article {t}. " + "word " * (max(r[1] for r in rows) // 5 + 4) for t, (_, rows) in enumerate(raw)]
    for annotator, path in zip(ANNOTATORS, paths, strict=True):
        path.unlink(missing_ok=True)
        project = open_project(path)
        with project.atomic():
            for t, (title, rows) in enumerate(raw):
                text = texts[t]
                article_id, _ = articles.insert_article(project, Article(None, text, sha256_of(text), title=title))
                for start, end, who, kind, speaker, stance, claim, topics in rows:
                    if who != annotator:
                        continue
                    topic_names = tuple(sorted({TOPICS[int(x.split("-")[1]) % len(TOPICS)] for x in topics}))
                    quotes.insert_quote(project, Quote(None, article_id, start, min(end, len(text)), annotator,
                                                       kind=kind, speaker=speaker, stance=STANCES[stance],
                                                       claim=claim, topics=topic_names))
        project.close()
    done.touch()
    return paths


_BARE = """
INSERT INTO articles (sha256, text, title, outlet, url, published, source, imported_at)
  SELECT sha256, text, title, outlet, url, published, source, imported_at FROM src.articles s
  WHERE NOT EXISTS (SELECT 1 FROM articles a WHERE a.sha256 = s.sha256) ORDER BY s.id;
INSERT OR IGNORE INTO annotators (name) SELECT name FROM src.annotators;
INSERT OR IGNORE INTO speakers (name, type, role) SELECT name, type, role FROM src.speakers;
INSERT OR IGNORE INTO claims (text) SELECT text FROM src.claims;
INSERT OR IGNORE INTO stances (name) SELECT name FROM src.stances;
INSERT OR IGNORE INTO topics (name) SELECT name FROM src.topics;
CREATE TEMP TABLE base AS SELECT coalesce(max(id), 0) AS n FROM quotes;
INSERT INTO quotes (id, article_id, annotator_id, start, "end", kind, speaker_id, speaker_start, speaker_end,
                    cue_start, cue_end, stance, claim_id, note, origin, created_at, updated_at)
  SELECT (SELECT n FROM base) + row_number() OVER (ORDER BY q.id), a.id, n.id, q.start, q."end", q.kind, sp.id,
         q.speaker_start, q.speaker_end, q.cue_start, q.cue_end, q.stance, c.id, q.note, q.origin,
         q.created_at, q.updated_at
  FROM src.quotes q
  JOIN src.articles sa ON sa.id = q.article_id JOIN articles a ON a.sha256 = sa.sha256
  JOIN src.annotators sn ON sn.id = q.annotator_id JOIN annotators n ON n.name = sn.name
  LEFT JOIN src.speakers ss ON ss.id = q.speaker_id LEFT JOIN speakers sp ON sp.name = ss.name
  LEFT JOIN src.claims sc ON sc.id = q.claim_id LEFT JOIN claims c ON c.text = sc.text
  ORDER BY q.id;
INSERT INTO quote_topics (quote_id, topic)
  SELECT (SELECT n FROM base) + r.k, t.topic FROM src.quote_topics t
  JOIN (SELECT id, row_number() OVER (ORDER BY id) AS k FROM src.quotes) r ON r.id = t.quote_id;
DROP TABLE temp.base;
"""


def bare_merge(target: Path, paths: list[Path]) -> None:
    """The baseline: ATTACH each file and copy its rows with INSERT ... SELECT, ids remapped by joins."""
    open_project(target).close()  # the same schema and scheme as a real review project
    conn = sqlite3.connect(target, isolation_level=None)
    for path in paths:
        conn.execute("ATTACH ? AS src", (f"file:{url_quote(str(path))}?mode=ro",))
        conn.executescript(f"BEGIN IMMEDIATE;{_BARE}COMMIT;")
        conn.execute("DETACH src")
    conn.close()


def main() -> None:
    """Build (or reuse) the annotator projects, time each figure and its baseline, print them."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=1000)
    parser.add_argument("--work", type=Path, help="folder that keeps the generated projects between runs")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--cpu", action="store_true", help="time with process CPU time, not wall time")
    args = parser.parse_args()
    clock = time.process_time if args.cpu else time.perf_counter

    def median_time(fn, setup=None) -> float:
        times = []
        for _ in range(args.repeat):
            if setup:
                setup()
            start = clock()
            fn()
            times.append(clock() - start)
        return statistics.median(times)
    folder = args.work or scratch_folder("bench-review-")
    folder.mkdir(parents=True, exist_ok=True)
    t0 = time.perf_counter()
    paths = build_annotator_projects(folder, args.articles)
    print(f"annotator projects ready in {time.perf_counter() - t0:.1f} s ({folder})")
    runs = folder / "runs"
    shutil.rmtree(runs, ignore_errors=True)
    runs.mkdir()
    counter = iter(range(1000))

    def fresh() -> Path:
        return runs / f"review{next(counter)}.annotator.db"

    def merge() -> None:
        with open_project(fresh()) as review:
            merge_projects(review, paths)

    bare_time = median_time(lambda: bare_merge(fresh(), paths))
    merge_time = median_time(merge)
    print(f"{args.articles} articles x {len(ANNOTATORS)} annotators "
          f"(median of {args.repeat}, {'CPU' if args.cpu else 'wall'} time)")
    report("merge three annotator projects", merge_time, bare_time, 3, "bare ATTACH + INSERT...SELECT")

    review_path = fresh()
    with open_project(review_path) as review:
        merge_projects(review, paths)
        again = median_time(lambda: merge_projects(review, paths))
        summary = merge_projects(review, paths)
        print(f"merging the same files again: {again:.3f} s ({'meets' if again <= 2 else 'misses'} goal <= 2 s); "
              f"{summary.quotes_added} added, {summary.quotes_updated} updated, {summary.quotes_removed} removed")
        n_quotes = quotes.quote_counts(review)
        read_time = median_time(lambda: quotes.all_quotes(review))
        agreement_time = median_time(lambda: project_agreement(review))
    print(f"{sum(n_quotes.values())} quotes in the review project")
    report("agreement", agreement_time, read_time, 2, "reading every quote")

    copies: list[Path] = []

    def copy_review() -> None:
        copies.append(fresh())
        shutil.copy(review_path, copies[-1])

    def adjudicate() -> None:
        with open_project(copies[-1]) as project:
            macro = unanimous_decisions(project)
            if macro is not None:
                macro.do(project)

    adjudicate_time = median_time(adjudicate, setup=copy_review)
    print(f"adjudicate --unanimous: {adjudicate_time:.3f} s ({'meets' if adjudicate_time <= 3 else 'misses'} "
          f"goal <= 3 s)")
    shutil.rmtree(runs, ignore_errors=True)


if __name__ == "__main__":
    main()
