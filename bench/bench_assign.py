"""Time ``annotator assign`` (one file per annotator) beside a bare copy of the corpus file per annotator.

Run: ``.venv/bin/python bench/bench_assign.py [--articles N] [--annotators K]``. Files go under /tmp.
The baseline copies the corpus file once per annotator (``shutil.copyfile``): the least any hand-out that
writes a file per annotator from one corpus must do. Assign copies only each annotator's rows into a new
file and records the assignment; the ratio shows what that costs. Goal: <= 10x the copies (assign
rewrites the kept rows and builds their indexes; a copy moves pages).
"""

from __future__ import annotations

import argparse
import random
import shutil
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _common import article_text, median_time, report  # noqa: E402

from annotator.core.model import Article  # noqa: E402
from annotator.core.text import sha256_of  # noqa: E402
from annotator.services.assigning import assign_corpus  # noqa: E402
from annotator.services.projects import open_project  # noqa: E402
from annotator.store import articles as article_store  # noqa: E402
from annotator.store.project import now  # noqa: E402


def build(path: Path, count: int) -> None:
    """A corpus of ``count`` generated articles."""
    rng = random.Random(1)
    with open_project(path) as project, project.atomic():
        for i in range(count):
            text = article_text(rng)
            article_store.insert_article(project, Article(None, text, sha256_of(text), title=f"Article {i}",
                                                          imported_at=now()))


def main() -> None:
    """Build a corpus, then time assign and the bare copies (medians of 3)."""
    parser = argparse.ArgumentParser()
    parser.add_argument("--articles", type=int, default=10_000)
    parser.add_argument("--annotators", type=int, default=5)
    args = parser.parse_args()
    names = [f"annotator{i}" for i in range(args.annotators)]
    with tempfile.TemporaryDirectory(dir="/tmp") as tmp:
        folder = Path(tmp)
        corpus = folder / "corpus.annotator.db"
        build(corpus, args.articles)
        pristine = folder / "pristine.db"
        shutil.copyfile(corpus, pristine)
        runs = iter(range(100))

        def fresh() -> None:
            shutil.copyfile(pristine, corpus)

        def ours() -> None:
            with open_project(corpus) as project:
                assign_corpus(project, names, folder / f"out{next(runs)}", overlap=0.1, per_article=2)

        def bare() -> None:
            out = folder / f"bare{next(runs)}"
            out.mkdir()
            for name in names:
                shutil.copyfile(corpus, out / f"{name}.annotator.db")

        size = corpus.stat().st_size / 1e6
        print(f"{args.articles} articles ({size:.0f} MB), {args.annotators} annotators, overlap 0.1")
        report("assign", median_time(ours, setup=fresh), median_time(bare), 10.0, "copy the corpus per annotator")


if __name__ == "__main__":
    main()
