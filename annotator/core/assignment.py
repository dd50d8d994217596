"""Handing a corpus out to annotators: which articles each gets, with a controlled overlap.

Pure maths over opaque article keys (the store uses text hashes), so it is tested on its own: every
article goes to someone; ``round(overlap * n)`` articles go to ``per_article`` annotators each and the rest
to exactly one; loads differ by at most one article; the annotator groups sharing an article are used
evenly; the same seed gives the same answer.
"""

from __future__ import annotations

import math
import random
from collections.abc import Hashable, Mapping, Sequence
from dataclasses import dataclass
from itertools import combinations

from annotator.core.text import plural


class AssignmentError(ValueError):
    """Options that cannot be met (no annotators, an overlap out of range, too many per article)."""


@dataclass(frozen=True)
class Assignment:
    """Each annotator's articles in the order they should be annotated, and the shared articles."""

    by_annotator: dict[str, list[Hashable]]
    overlap: frozenset

    def annotators_of(self, key: Hashable) -> list[str]:
        """The annotators an article was given to."""
        return [name for name, keys in self.by_annotator.items() if key in keys]


def check_options(annotators: Sequence[str], overlap: float, per_article: int) -> None:
    """Raise AssignmentError with a one-line reason when the options cannot be met."""
    if not annotators:
        raise AssignmentError("--to names no annotator")
    if len(set(annotators)) != len(annotators):
        raise AssignmentError("--to names an annotator twice")
    if any(not name.strip() or "/" in name or "\\" in name for name in annotators):
        raise AssignmentError("--to: an annotator name is empty or holds a slash")
    if not 0.0 <= overlap <= 1.0:
        raise AssignmentError(f"--overlap {overlap}: give a fraction between 0 and 1")
    if per_article < 1:
        raise AssignmentError(f"--per-article {per_article}: give at least 1")
    if overlap > 0 and per_article > len(annotators):
        raise AssignmentError(f"--per-article {per_article}: only {plural(len(annotators), 'annotator')} to share with")


def assign(
    keys: Sequence[Hashable],
    annotators: Sequence[str],
    overlap: float = 0.0,
    per_article: int = 2,
    seed: int = 0,
    prior: Mapping[str, int] | None = None,
) -> Assignment:
    """Hand ``keys`` out to ``annotators``; a fraction ``overlap`` goes to ``per_article`` of them each.

    ``prior`` counts the articles each annotator had from earlier batches: single articles go to the least
    loaded first, so batch after batch the totals stay even instead of the same annotator taking every odd one.
    """
    check_options(annotators, overlap, per_article)
    rng = random.Random(seed)
    order = list(keys)
    rng.shuffle(order)
    shared = round(overlap * len(order)) if per_article > 1 else 0
    names = list(annotators)
    rng.shuffle(names)  # ties are broken by this order, so no annotator is always first
    rank = {name: i for i, name in enumerate(names)}
    load = dict.fromkeys(names, 0)
    out: dict[str, list[Hashable]] = {name: [] for name in annotators}
    groups = _groups(names, per_article) if shared else []
    rng.shuffle(groups)
    rounds, rest = divmod(shared, len(groups)) if groups else (0, 0)
    # Whole rounds use every group once; the last, partial round takes groups that load everyone evenly.
    sequence = groups * rounds + _balanced_round(groups, rest, names)
    # Shared articles come first in everyone's order: agreement can be measured from the first days on.
    for key, group in zip(order[:shared], sequence, strict=True):
        for name in group:
            load[name] += 1
            out[name].append(key)
    before = prior or {}
    for key in order[shared:]:
        name = min(names, key=lambda n: (before.get(n, 0) + load[n], load[n], rank[n]))
        load[name] += 1
        out[name].append(key)
    return Assignment(out, frozenset(order[:shared]))


#: More annotator groups than this (say 30 annotators, 15 per article) would take too long to balance.
MAX_GROUPS = 5000
#: Search steps before settling for a greedy pick (never reached in practice; a bound, not a budget).
_MAX_STEPS = 200_000


def _groups(names: list[str], per_article: int) -> list[tuple[str, ...]]:
    """Every set of ``per_article`` annotators, refusing numbers too large to balance."""
    if math.comb(len(names), per_article) > MAX_GROUPS:
        raise AssignmentError(
            f"--per-article {per_article} of {len(names)} annotators makes too many groups to balance; "
            "give fewer annotators or a smaller --per-article"
        )
    return list(combinations(names, per_article))


def _balanced_round(groups: list[tuple[str, ...]], count: int, names: list[str]) -> list[tuple[str, ...]]:
    """``count`` distinct groups giving every annotator the same number of articles, give or take one."""
    if count == 0:
        return []
    low, extra = divmod(count * len(groups[0]), len(names))
    cap = low + (extra > 0)
    degree = dict.fromkeys(names, 0)
    chosen: list[int] = []
    steps = 0

    def search(start: int) -> bool:
        nonlocal steps
        if len(chosen) == count:
            return True
        for index in range(start, len(groups) - (count - len(chosen)) + 1):
            steps += 1
            if steps > _MAX_STEPS:
                return False
            group = groups[index]
            if any(degree[n] >= cap for n in group):
                continue
            for n in group:
                degree[n] += 1
            # Only ``extra`` annotators may end one above the others.
            if sum(1 for n in names if degree[n] > low) <= extra:
                chosen.append(index)
                if search(index + 1):
                    return True
                chosen.pop()
            for n in group:
                degree[n] -= 1
        return False

    if search(0):
        return [groups[i] for i in chosen]
    return groups[:count]  # pragma: no cover - a bound for pathological sizes, not met by any real team
