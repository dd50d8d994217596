"""PolNeAR with a learned suggestion filter: rules alone beside rules + filter trained on dev.

PolNeAR has no train split here, so dev plays a project's gold: the filter is trained on dev and
reported on test (test is never used to choose anything). Dev figures are cross-validated: each fold
of dev articles is scored by a filter trained on the other folds, with the threshold chosen inside
the training folds. Nothing of PolNeAR is stored: it is read from ../shared at run time, and the rules'
output per split is cached under /tmp only to save re-parsing.

Run: .venv/bin/python bench/eval_polnear_learned.py [--folds 5] [--no-cache]
"""

from __future__ import annotations

import argparse
import pickle
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from eval_polnear import ROOT, collect, score_articles  # noqa: E402

from annotator.nlp import span_filter, span_training  # noqa: E402
from annotator.nlp.pipeline import PIPELINE_VERSION  # noqa: E402

CACHE = Path("/tmp/annotator-polnear")


def rules_output(split: str, root: Path, use_cache: bool) -> list[dict]:
    """The rules' predictions per article of a split, cached under /tmp per pipeline version."""
    path = CACHE / f"{PIPELINE_VERSION}-{split}.pickle"
    if use_cache and path.exists():
        return pickle.loads(path.read_bytes())
    from annotator.nlp.suggest import Suggester

    articles = collect(split, Suggester(), root)
    CACHE.mkdir(parents=True, exist_ok=True)
    path.write_bytes(pickle.dumps(articles))
    return articles


def gold_articles(articles: list[dict]) -> list[span_filter.GoldArticle]:
    """Collected articles as the filter's training examples (annotated ones only)."""
    return [span_filter.GoldArticle(a["text"], [s for s, _ in a["preds"]], [(g["start"], g["end"]) for g in a["gold"]])
            for a in articles if a["annotated"]]


def filtered(articles: list[dict], trained: span_filter.SpanFilter) -> list[dict]:
    """The articles with their predictions passed through a trained filter (mentions kept per quote)."""
    out = []
    for a in articles:
        mentions = {(s.cue_span, s.speaker_span, s.kind): m for s, m in a["preds"]}
        kept = trained.apply(a["text"], [s for s, _ in a["preds"]])
        out.append({**a, "preds": [(s, mentions[(s.cue_span, s.speaker_span, s.kind)]) for s in kept]})
    return out


def cross_validated(articles: list[dict], folds: int) -> list[dict]:
    """Each fold of articles filtered by a filter trained on the other folds."""
    out = []
    for k in range(folds):
        train = [a for i, a in enumerate(articles) if i % folds != k]
        held = [a for i, a in enumerate(articles) if i % folds == k]
        out += filtered(held, span_training.train(gold_articles(train)))
    return out


def main() -> None:
    """Command-line entry."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--root", type=Path, default=ROOT)
    parser.add_argument("--folds", type=int, default=5)
    parser.add_argument("--no-cache", action="store_true")
    args = parser.parse_args()
    if not args.root.exists():
        sys.exit(f"PolNeAR not found at {args.root}")
    dev = rules_output("dev", args.root, not args.no_cache)
    test = rules_output("test", args.root, not args.no_cache)
    rows = [("dev, rules", score_articles(dev, f"PolNeAR dev, rules {PIPELINE_VERSION}"))]
    rows.append(("dev, rules + filter (cross-validated)",
                 score_articles(cross_validated(dev, args.folds), f"PolNeAR dev, rules + filter, {args.folds}-fold CV")))
    rows.append(("test, rules", score_articles(test, f"PolNeAR test, rules {PIPELINE_VERSION}")))
    trained = span_training.train(gold_articles(dev))
    print(f"filter trained on dev: threshold {trained.threshold:.2f}, {len(trained.keep.weights)} keep weights, "
          f"boundary model {'yes' if trained.bounds else 'no'}")
    rows.append(("test, rules + filter trained on dev",
                 score_articles(filtered(test, trained), "PolNeAR test, rules + filter trained on dev")))
    print("\n| PolNeAR | exact P / R / F1 | overlap P / R / F1 | speaker |\n|---|---|---|---|")
    for label, r in rows:
        cells = [" / ".join(f"{r[m][k]:.3f}" for k in ("precision", "recall", "f1")) for m in ("exact", "overlap")]
        sp = r["speaker"]
        print(f"| {label} | {cells[0]} | {cells[1]} | {sp['accuracy']:.3f} ({sp['correct']}/{sp['matched']}) |")


if __name__ == "__main__":
    main()
