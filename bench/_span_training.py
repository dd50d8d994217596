"""Training the suggestion filter (_span_filter) on a project's gold articles.

Labels come from matching each article's rule suggestions to its gold quotes: a suggestion overlapping
a gold quote by half is one to keep; a boundary variant whose span is a gold quote's is the right one.
The keep threshold is chosen on out-of-fold scores of the training articles (folds by article), so it
is never chosen on the articles it is then measured on. scikit-learn is imported only here.
"""

from __future__ import annotations

from collections.abc import Sequence

from _span_filter import (
    MIN_GOLD_QUOTES,
    GoldArticle,
    LinearModel,
    SpanFilter,
    exact_label,
    features,
    keep_label,
    variants,
)

# Inverse regularisation strength: a few thousand sparse features learned from a few hundred articles.
C = 0.3
FOLDS = 4
THRESHOLDS = [i / 100 for i in range(0, 80, 2)]


class NotEnoughGold(ValueError):
    """Too few gold articles or quotes to learn a filter from."""


def _fit(rows: list[dict], labels: list[int]) -> LinearModel:
    from sklearn.feature_extraction import DictVectorizer
    from sklearn.linear_model import LogisticRegression

    vec = DictVectorizer()
    x = vec.fit_transform(rows)
    if len(set(labels)) < 2:
        # Every example agrees: no weights, a bias saying so.
        return LinearModel({}, 10.0 if labels and labels[0] else -10.0)
    model = LogisticRegression(C=C, max_iter=3000)
    model.fit(x, labels)
    weights = {name: float(w) for name, w in zip(vec.feature_names_, model.coef_[0], strict=True) if abs(w) > 1e-6}
    return LinearModel(weights, float(model.intercept_[0]))


def _keep_rows(articles: Sequence[GoldArticle]) -> tuple[list[dict], list[int], list[int]]:
    rows, labels, groups = [], [], []
    for i, a in enumerate(articles):
        for s in a.suggestions:
            rows.append(features(a.text, s))
            labels.append(int(keep_label(a.text, s, a.gold)))
            groups.append(i)
    return rows, labels, groups


def _bound_rows(articles: Sequence[GoldArticle]) -> tuple[list[dict], list[int]]:
    rows, labels = [], []
    for a in articles:
        for s in a.suggestions:
            options = variants(a.text, s)
            if len(options) == 1 or not keep_label(a.text, s, a.gold):
                continue
            for name, v in options:
                rows.append(features(a.text, v, name))
                labels.append(int(exact_label(a.text, v, a.gold)))
    return rows, labels


def best_threshold(probs: Sequence[float], labels: Sequence[int], gold: int) -> float:
    """The threshold maximising overlap F1 (kept positives against all gold) on held-out scores.

    Where several thresholds tie, the middle one: the edge of a plateau sits right on the held-out
    scores and moves with the slightest change of wording.
    """
    scored = []
    for t in THRESHOLDS:
        kept = [y for p, y in zip(probs, labels, strict=True) if p >= t]
        tp = min(sum(kept), gold)
        scored.append((2 * tp / (len(kept) + gold) if kept or gold else 0.0, t))
    top = max(f1 for f1, _ in scored)
    ties = [t for f1, t in scored if f1 >= top - 1e-9]
    return ties[len(ties) // 2]


def train(articles: Sequence[GoldArticle], folds: int = FOLDS) -> SpanFilter:
    """A filter learned from gold articles; NotEnoughGold when there is too little to learn from."""
    gold = sum(len(a.gold) for a in articles)
    rows, labels, groups = _keep_rows(articles)
    if len(articles) < 2 * folds or gold < MIN_GOLD_QUOTES or not rows:
        raise NotEnoughGold(f"needs {2 * folds}+ finished articles with {MIN_GOLD_QUOTES}+ quotes and suggestions "
                            f"(has {len(articles)} articles, {gold} quotes, {len(rows)} suggestions)")
    held_out = [0.0] * len(rows)
    for k in range(folds):
        train_idx = [i for i, g in enumerate(groups) if g % folds != k]
        test_idx = [i for i, g in enumerate(groups) if g % folds == k]
        model = _fit([rows[i] for i in train_idx], [labels[i] for i in train_idx])
        for i in test_idx:
            held_out[i] = model.prob(rows[i])
    threshold = best_threshold(held_out, labels, gold)
    keep = _fit(rows, labels)
    bound_rows, bound_labels = _bound_rows(articles)
    bounds = _fit(bound_rows, bound_labels) if len(set(bound_labels)) == 2 else None
    info = {"articles": len(articles), "suggestions": len(rows), "kept_right": sum(labels)}
    return SpanFilter(keep, threshold, bounds, gold, info)
