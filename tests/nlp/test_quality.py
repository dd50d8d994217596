"""Regression gate: suggestion quality on the two seed articles against their gold."""

from pathlib import Path

import pytest

from annotator.core.evaluation import load_gold, predicted, score

REPO = Path(__file__).resolve().parents[2]
SHARED = REPO.parent / "shared"  # the team's shared folder beside the repository
SEED_DOCS = ("000_234c940434e90916.txt", "004_3536842f9f6d9ee2.txt")


def _seed_paths():
    """Repo copies in resources/samples first, then the shared corpus."""
    for texts, gold in ((REPO / "resources" / "samples", REPO / "resources" / "samples" / "seeds-gold.jsonl"),
                        (SHARED / "corpus" / "seeds", SHARED / "corpus" / "seeds-gold.jsonl")):
        if gold.exists() and all((texts / d).exists() for d in SEED_DOCS):
            return texts, gold
    pytest.skip("seed articles and seeds-gold.jsonl not found")


def test_seed_quality(trained_suggester):
    text_dir, gold_path = _seed_paths()
    gold = load_gold(gold_path.read_text(encoding="utf-8").splitlines())
    texts = {d: (text_dir / d).read_text(encoding="utf-8") for d in SEED_DOCS}
    preds = []
    for doc, found in zip(SEED_DOCS, trained_suggester.suggest_many(texts[d] for d in SEED_DOCS), strict=True):
        preds += predicted(doc, found)
    result = score(gold, preds, texts)
    assert result["overlap"]["f1"] >= 0.92, result
    assert result["speaker"]["accuracy"] >= 0.92, result
