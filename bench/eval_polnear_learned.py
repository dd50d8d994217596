"""PolNeAR with a learned suggestion filter: rules alone beside rules + filter trained on dev.

PolNeAR has no train split here, so dev plays a project's gold: the filter is trained on dev and
reported on test (test is never used to choose anything). Dev figures are cross-validated: each fold
of dev articles is scored by a filter trained on the other folds, with the threshold chosen inside
the training folds. Nothing of PolNeAR is stored: it is read from ../shared at run time, and the rules'
output per split is cached under /tmp only to save re-parsing.

Rows: the rules alone; rules + filter (the filter judges the rules' own suggestions); rules + loose +
filter (the filter also judges the quotes the rules set aside, find_all(loose=True)). It also prints
the sample articles with the rules alone and with the filter trained on dev.

Needs scikit-learn (`pip install -e ".[bench]"`). Run: .venv/bin/python bench/eval_polnear_learned.py [--folds 5] [--no-cache]
"""

from __future__ import annotations

import argparse
import pickle
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
sys.path.insert(0, str(Path(__file__).resolve().parent))

import _span_filter as span_filter  # noqa: E402
import _span_training as span_training  # noqa: E402
from eval_polnear import ROOT, collect, score_articles  # noqa: E402

from annotator.nlp.pipeline import PIPELINE_VERSION  # noqa: E402
from annotator.nlp.suggest import LOOSE_SCORE  # noqa: E402

CACHE = Path("/tmp/annotator-polnear")


def rules_output(split: str, root: Path, use_cache: bool) -> list[dict]:
    """The rules' predictions per article of a split, with the loose ones, cached under /tmp per version."""
    path = CACHE / f"{PIPELINE_VERSION}-{split}-loose.pickle"
    if use_cache and path.exists():
        return pickle.loads(path.read_bytes())
    from annotator.nlp.suggest import Suggester

    articles = collect(split, Suggester(), root, loose=True)
    CACHE.mkdir(parents=True, exist_ok=True)
    path.write_bytes(pickle.dumps(articles))
    return articles


def strict(articles: list[dict]) -> list[dict]:
    """The articles with only what the rules suggest on their own (no loose candidates)."""
    return [{**a, "preds": [(s, m) for s, m in a["preds"] if s.score != LOOSE_SCORE]} for a in articles]


def gold_articles(articles: list[dict]) -> list[span_filter.GoldArticle]:
    """Collected articles as the filter's training examples (annotated ones only)."""
    return [span_filter.GoldArticle(a["text"], [s for s, _ in a["preds"]], [(g["start"], g["end"]) for g in a["gold"]])
            for a in articles if a["annotated"]]


def filtered(articles: list[dict], trained: span_filter.SpanFilter) -> list[dict]:
    """The articles with their predictions passed through a trained filter (mentions kept per quote)."""
    # The filter judges each suggestion on its own, so applying it one by one keeps each one's mentions.
    return [{**a, "preds": [(kept, m) for s, m in a["preds"] for kept in trained.apply(a["text"], [s])]}
            for a in articles]


def cross_validated(articles: list[dict], folds: int) -> list[dict]:
    """Each fold of articles filtered by a filter trained on the other folds."""
    out = []
    for k in range(folds):
        train = [a for i, a in enumerate(articles) if i % folds != k]
        held = [a for i, a in enumerate(articles) if i % folds == k]
        out += filtered(held, span_training.train(gold_articles(train)))
    return out


def samples(trained: span_filter.SpanFilter) -> None:
    """The sample articles' figures with the rules alone and with the filter trained on dev."""
    from annotator.core.evaluation import format_report, load_gold, predicted, score
    from annotator.nlp.suggest import Suggester

    folder = Path(__file__).resolve().parents[1] / "resources" / "samples"
    gold = load_gold((folder / "seeds-gold.jsonl").read_text(encoding="utf-8").splitlines())
    texts = {p.name: p.read_text(encoding="utf-8") for p in sorted(folder.glob("*.txt"))}
    suggester = Suggester()
    rules = {name: suggester.suggest(text) for name, text in texts.items()}
    for label, found in (("rules", rules),
                         ("rules + filter trained on PolNeAR dev", {n: trained.apply(texts[n], s) for n, s in rules.items()})):
        preds = [p for name, s in found.items() for p in predicted(name, s)]
        print(format_report(score(gold, preds, texts), f"sample articles, {label}"))


def main() -> None:
    """Command-line entry."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--root", type=Path, default=ROOT)
    parser.add_argument("--folds", type=int, default=5)
    parser.add_argument("--no-cache", action="store_true")
    args = parser.parse_args()
    if not args.root.exists():
        sys.exit(f"PolNeAR not found at {args.root}")
    loose_dev = rules_output("dev", args.root, not args.no_cache)
    loose_test = rules_output("test", args.root, not args.no_cache)
    dev, test = strict(loose_dev), strict(loose_test)
    rows = [("dev, rules", score_articles(dev, f"PolNeAR dev, rules {PIPELINE_VERSION}"))]
    rows.append(("dev, rules + filter (cross-validated)",
                 score_articles(cross_validated(dev, args.folds), f"PolNeAR dev, rules + filter, {args.folds}-fold CV")))
    rows.append(("dev, rules + loose + filter (cross-validated)",
                 score_articles(cross_validated(loose_dev, args.folds), "PolNeAR dev, rules + loose + filter, CV")))
    rows.append(("test, rules", score_articles(test, f"PolNeAR test, rules {PIPELINE_VERSION}")))
    for label, train_on, apply_to in (("rules + filter trained on dev", dev, test),
                                      ("rules + loose + filter trained on dev", loose_dev, loose_test)):
        trained = span_training.train(gold_articles(train_on))
        print(f"{label}: threshold {trained.threshold:.2f}, {len(trained.keep.weights)} keep weights, "
              f"boundary model {'yes' if trained.bounds else 'no'}")
        rows.append((f"test, {label}", score_articles(filtered(apply_to, trained), f"PolNeAR test, {label}")))
        if train_on is dev:
            samples(trained)
    print("\n| PolNeAR | exact P / R / F1 | overlap P / R / F1 | speaker |\n|---|---|---|---|")
    for label, r in rows:
        cells = [" / ".join(f"{r[m][k]:.3f}" for k in ("precision", "recall", "f1")) for m in ("exact", "overlap")]
        sp = r["speaker"]
        print(f"| {label} | {cells[0]} | {cells[1]} | {sp['accuracy']:.3f} ({sp['correct']}/{sp['matched']}) |")


if __name__ == "__main__":
    main()
