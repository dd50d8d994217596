"""Export 100,000 quotes as JSONL; compare with a bare SELECT + json.dumps loop over the same rows.

Run: .venv/bin/python bench/bench_export.py
Goal (issue 2): export <= 1.5x the bare dump. The first export of a project tokenises every article with
spaCy (the Prodigy format needs tokens) and caches the token lists in the project; later exports reuse
them. Both are printed. The bare loop reads the same articles and quotes with one
SELECT each and writes one JSON line per article with its text and spans; ours adds what the format
needs beyond that (spaCy tokens, token indices, relations, hashes) and the write-then-rename.
"""

from __future__ import annotations

import json
import random
import sqlite3
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _common import article_text, median_time, report  # noqa: E402

from annotator.core.model import Article, Quote  # noqa: E402
from annotator.core.text import sha256_of  # noqa: E402
from annotator.services.exporting import export_project  # noqa: E402
from annotator.services.projects import open_project  # noqa: E402
from annotator.store import articles, quotes  # noqa: E402

ARTICLES, PER_ARTICLE = 1000, 100


def build(path: Path) -> None:
    """A project of 1,000 articles with 100 tagged quotes each."""
    rng = random.Random(11)
    project = open_project(path)
    with project.atomic():
        for i in range(ARTICLES):
            text = article_text(rng, 3000)
            article_id, _ = articles.insert_article(project, Article(None, text, sha256_of(text), title=f"A{i}"))
            for j in range(PER_ARTICLE):
                start = rng.randrange(0, len(text) - 60)
                quotes.insert_quote(
                    project,
                    Quote(None, article_id, start, start + rng.randint(10, 60), f"ann{j % 3}",
                          kind=rng.choice(("direct", "indirect")), speaker=f"Speaker {j % 40}",
                          stance=rng.choice(("supports", "opposes", "neutral")), claim=f"Claim {j % 7}",
                          topics=("conflict",) if j % 2 else ()),
                )
    project.close()


def bare_dump(db: Path, out: Path) -> None:
    conn = sqlite3.connect(db)
    texts = dict(conn.execute("SELECT id, text FROM articles"))
    rows = conn.execute(
        'SELECT q.article_id, n.name, q.start, q."end", q.kind, s.name, q.stance, c.text FROM quotes q '
        "JOIN annotators n ON n.id = q.annotator_id LEFT JOIN speakers s ON s.id = q.speaker_id "
        "LEFT JOIN claims c ON c.id = q.claim_id ORDER BY q.article_id, n.name, q.start"
    )
    with out.open("w", encoding="utf-8") as handle:
        current, spans = None, []
        for article_id, annotator, start, end, kind, speaker, stance, claim in rows:
            if (article_id, annotator) != current and current is not None:
                handle.write(json.dumps({"text": texts[current[0]], "spans": spans, "_annotator_id": current[1]}) + "\n")
                spans = []
            current = (article_id, annotator)
            spans.append({"start": start, "end": end, "text": texts[article_id][start:end], "kind": kind,
                          "speaker": speaker, "stance": stance, "claim": claim})
        if current:
            handle.write(json.dumps({"text": texts[current[0]], "spans": spans, "_annotator_id": current[1]}) + "\n")
    conn.close()


def main() -> None:
    work = Path(tempfile.mkdtemp(prefix="bench-export-"))
    db = work / "p.annotator.db"
    build(db)
    project = open_project(db)

    def ours() -> None:
        result = export_project(project, work / "ours.jsonl", "jsonl")
        assert result.quotes == ARTICLES * PER_ARTICLE

    bare_time = median_time(lambda: bare_dump(db, work / "bare.jsonl"))
    cold_time = median_time(ours, repeat=1)  # tokenises every article and fills the project's token cache
    ours_time = median_time(ours)
    print(f"JSONL export of {ARTICLES * PER_ARTICLE:,} quotes in {ARTICLES} articles (median of 3)")
    report("export, tokens cached (ours)", ours_time, bare_time, 1.5, "bare SELECT + json.dumps")
    report("first export, tokenising (ours)", cold_time, bare_time, 1.5, "bare SELECT + json.dumps")


if __name__ == "__main__":
    main()
