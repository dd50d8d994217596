"""Review at scale, through real project files: merge three 1,000-article annotator projects, then agreement.

Run: .venv/bin/python bench/bench_review.py [--articles N]
Goals (issue 5): merging the three projects <= 10 s; agreement over 1,000 articles x 3 annotators x 20
quotes <= 2 s, printed beside the time of only reading those quotes from the review project.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _common import median_time  # noqa: E402
from bench_agreement import ANNOTATORS, make_rows  # noqa: E402

from annotator.core.model import Article, Quote  # noqa: E402
from annotator.core.text import sha256_of  # noqa: E402
from annotator.services.agreeing import project_agreement  # noqa: E402
from annotator.services.merging import merge_projects  # noqa: E402
from annotator.services.projects import open_project  # noqa: E402
from annotator.store import articles, quotes  # noqa: E402

STANCES = {"pro": "supports", "con": "opposes", "neutral": "neutral", None: None}
TOPICS = ("conflict", "diplomacy", "politics", "human rights", "economy", "health")


def build_annotator_projects(folder: Path, n_articles: int) -> list[Path]:
    """One project per annotator over the same generated articles, each with that annotator's quotes."""
    raw = make_rows(n_articles, 20240601)
    texts = [f"Article {t}. " + ("word " * 2400) for t in range(n_articles)]
    paths = []
    for annotator in ANNOTATORS:
        path = folder / f"{annotator}.annotator.db"
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
        paths.append(path)
    return paths


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=1000)
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="bench-review-"))
    paths = build_annotator_projects(work, args.articles)
    counter = iter(range(100))

    def merge() -> None:
        review = open_project(work / f"review{next(counter)}.annotator.db")
        merge_projects(review, paths)
        review.close()

    merge_time = median_time(merge)
    review = open_project(work / "review0.annotator.db")
    n_quotes = len(quotes.all_quotes(review))
    read_time = median_time(lambda: quotes.all_quotes(review))
    agreement_time = median_time(lambda: project_agreement(review))
    print(f"{args.articles} articles x {len(ANNOTATORS)} annotators, {n_quotes} quotes (median of 3)")
    print(f"merge three annotator projects: {merge_time:.3f} s ({'meets' if merge_time <= 10 else 'misses'} goal <= 10 s)")
    print(f"agreement from the project: {agreement_time:.3f} s | only reading the quotes: {read_time:.3f} s | "
          f"ratio {agreement_time / read_time:.2f}x ({'meets' if agreement_time <= 2 else 'misses'} goal <= 2 s)")
    start = time.perf_counter()
    again = merge_projects(review, paths)
    print(f"merging the same files again: {time.perf_counter() - start:.3f} s, "
          f"{again.quotes_added} added, {again.quotes_updated} updated (idempotent)")


if __name__ == "__main__":
    main()
