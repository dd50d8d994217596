"""Time ``agreement_report`` on 1,000 articles x 3 annotators x 20 quotes beside a bare read baseline.

Run: ``.venv/bin/python bench/bench_agreement.py [--articles N] [--seed S]``. Goal: agreement <= 2 s.
The baseline only builds and walks the Quote lists; it stands in for reading the quotes from a store,
which the lead can swap in (``read_quotes``) so the ratio shows what agreement adds to a real read.
"""

from __future__ import annotations

import argparse
import random
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _common import median_time  # noqa: E402

from annotator.core.agreement import agreement_report  # noqa: E402
from annotator.core.model import Quote  # noqa: E402

ANNOTATORS = ("alice", "bob", "carol")
QUOTES_EACH = 20
TRUE_QUOTES = 22  # each annotator misses a couple of real quotes and adds none: 20 each
KINDS = ("direct", "indirect", "mixed")
STANCES = ("pro", "con", "neutral", None)
TOPICS = tuple(f"topic-{k}" for k in range(12))
SPEAKERS = tuple(f"Speaker {k}" for k in range(2000))
CLAIMS = tuple(f"Claim {k}" for k in range(300))

Row = tuple  # (start, end, annotator, kind, speaker, stance, claim, topics)


def _jitter(rng: random.Random, start: int, end: int) -> tuple[int, int]:
    # Most spans agree exactly; the rest move by a word or so, sometimes dropping the lead-in clause.
    r = rng.random()
    if r < 0.6:
        return start, end
    if r < 0.9:
        return max(0, start + rng.randint(-8, 8)), end + rng.randint(-8, 8)
    return start + (end - start) // 3, end


def _maybe(rng: random.Random, p: float, value, choices):
    return rng.choice(choices) if rng.random() < p else value


def make_rows(n_articles: int, seed: int) -> list[tuple[str, list[Row]]]:
    """Random but seeded raw quote rows: real quotes laid out in the text, each annotator's noisy copy."""
    rng = random.Random(seed)
    articles = []
    for t in range(n_articles):
        speakers = rng.sample(SPEAKERS, 6)
        truth, pos = [], rng.randint(0, 200)
        for _ in range(TRUE_QUOTES):
            start = pos + rng.randint(20, 400)
            end = start + rng.randint(40, 300)
            pos = end
            topics = tuple(rng.sample(TOPICS, rng.randint(0, 3)))
            truth.append((start, end, rng.choice(KINDS), rng.choice(speakers), rng.choice(STANCES),
                          rng.choice((None, rng.choice(CLAIMS))), topics))
        rows = []
        for annotator in ANNOTATORS:
            for k in sorted(rng.sample(range(TRUE_QUOTES), QUOTES_EACH)):
                start, end, kind, speaker, stance, claim, topics = truth[k]
                start, end = _jitter(rng, start, end)
                if rng.random() < 0.25:  # add or drop a topic
                    topics = tuple(set(topics) ^ {rng.choice(TOPICS)})
                rows.append((start, end, annotator, _maybe(rng, 0.1, kind, KINDS),
                             _maybe(rng, 0.08, speaker, (*speakers, None)),
                             _maybe(rng, 0.15, stance, STANCES),
                             _maybe(rng, 0.2, claim, (None, *CLAIMS[:20])), topics))
        articles.append((f"Article {t}", rows))
    return articles


def read_quotes(raw: list[tuple[str, list[Row]]]) -> list[tuple[str, list[Quote]]]:
    """Baseline: build each article's Quote list and touch every field, as reading them would."""
    out, touched = [], 0
    for t, (title, rows) in enumerate(raw):
        quotes = [Quote(id=None, article_id=t, start=s, end=e, annotator=a, kind=k, speaker=sp, stance=st,
                        claim=c, topics=tp) for s, e, a, k, sp, st, c, tp in rows]
        for q in quotes:
            fields = (q.start, q.end, q.annotator, q.kind, q.speaker, q.stance, q.claim, q.topics)
            touched += len(fields)
        out.append((title, quotes))
    assert touched == 8 * sum(len(qs) for _, qs in out)
    return out




def main() -> None:
    """Generate the corpus, time the baseline and the report, print both and the ratio."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=1000)
    parser.add_argument("--seed", type=int, default=20240601)
    args = parser.parse_args()
    raw = make_rows(args.articles, args.seed)
    articles = read_quotes(raw)
    n_quotes = sum(len(qs) for _, qs in articles)

    baseline = median_time(lambda: read_quotes(raw))
    agreement = median_time(lambda: agreement_report(articles))
    report = agreement_report(articles)

    print(f"{args.articles} articles, {len(ANNOTATORS)} annotators, {n_quotes} quotes (seed {args.seed})")
    print(f"baseline (build + walk Quote lists): {baseline:.3f} s  (median of 3)")
    print(f"agreement_report:                    {agreement:.3f} s  (median of 3)")
    print(f"ratio agreement / baseline:          {agreement / baseline:.1f}x")
    print(f"goal agreement <= 2 s:               {'met' if agreement <= 2.0 else 'MISSED'}")
    pair = report["pairs"][0]
    print(f"sanity: {pair['a']}-{pair['b']} F1 exact {pair['span_f1_exact']:.3f} overlap "
          f"{pair['span_f1_overlap']:.3f}; alpha "
          + ", ".join(f"{f} {v:.3f}" for f, v in report["alpha"].items() if v is not None)
          + f"; units {report['units']['stance']}")


if __name__ == "__main__":
    main()
