"""Matching a name written in an article to a speaker of the registry, fast with thousands of speakers."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence

from rapidfuzz import fuzz, process

from annotator.core.model import Speaker
from annotator.nlp.lexicon import HONORIFICS

_FUZZY_MIN = 90
LEADING = frozenset({"the", "a", "an", "certain", "some"})


def normalise(name: str) -> list[str]:
    """Lower-case word tokens of a name, hyphens and apostrophes split, accents and honorifics dropped."""
    plain = unicodedata.normalize("NFKD", name)
    plain = "".join(ch for ch in plain if not unicodedata.combining(ch)).casefold()
    tokens = re.findall(r"[^\W_]+", plain.replace("’s", " ").replace("'s", " "))
    return [t for t in tokens if t not in HONORIFICS]


class RegistryMatcher:
    """Matches a surface name to a registry speaker by exact alias, surname subset or fuzzy ratio.

    Rules, in order: a name equal to a registry name (spaces aside) is that speaker, the first one in
    registry order; otherwise the best-scoring name wins, ties to the earlier: a name whose words include
    all of the surface's and end with the same surname scores 95, any other its fuzzy ratio, and only
    scores of 90 or more count; otherwise a speaker whose role is the surface. The names are indexed once
    (joined spellings, last words) and fuzzy ratios come from one rapidfuzz pass that skips names too
    different in length, so a match costs little with thousands of speakers.
    """

    def __init__(self, registry: Sequence[Speaker]):
        self._speakers: list[Speaker] = []
        self._joined: list[str] = []
        self._words: list[frozenset[str]] = []
        self._exact: dict[str, int] = {}
        self._by_surname: dict[str, list[int]] = {}
        self._by_trigram: dict[str, list[int]] = {}
        for speaker in registry:
            for name in (speaker.name, *speaker.aliases):
                tokens = normalise(name) if name else []
                if not tokens:
                    continue  # a name of honorifics alone matches nothing
                k = len(self._speakers)
                self._speakers.append(speaker)
                self._joined.append(" ".join(tokens))
                self._words.append(frozenset(tokens))
                self._exact.setdefault("".join(tokens), k)
                self._by_surname.setdefault(tokens[-1], []).append(k)
                for gram in _trigrams(self._joined[-1]):
                    self._by_trigram.setdefault(gram, []).append(k)
        self._roles = {" ".join(normalise(s.role)): s for s in registry if s.role}

    def match(self, surface: str) -> Speaker | None:
        """The registry speaker a surface name denotes, or None."""
        tokens = normalise(surface)
        if not tokens:
            return None
        exact = self._exact.get("".join(tokens))
        if exact is not None:
            return self._speakers[exact]
        joined = " ".join(tokens)
        scores = {k: score for _, score, k in process.extract(
            joined, self._fuzzy_candidates(joined), scorer=fuzz.ratio, score_cutoff=_FUZZY_MIN, limit=None)}
        # "Amir Abdollahian" or "Abdollahian" for "Hossein Amir-Abdollahian": same surname.
        words = set(tokens)
        for k in self._by_surname.get(tokens[-1], ()):
            if words <= self._words[k]:
                scores[k] = 95.0
        if scores:
            best = max(scores.items(), key=lambda item: (item[1], -item[0]))
            return self._speakers[best[0]]
        return self._roles.get(joined) or self._roles.get(" ".join(t for t in tokens if t not in LEADING))

    def _fuzzy_candidates(self, joined: str) -> dict[int, str] | list[str]:
        """The names that can reach the fuzzy minimum: those sharing a trigram with ``joined``.

        A ratio of 90 allows at most (l1 + l2) / 10 single-character insertions or deletions, each of which
        breaks at most three of the name's trigrams; from seven characters on, at least one survives.
        """
        if len(joined) < _BLOCKED_FROM:
            return self._joined
        found: set[int] = set()
        for gram in _trigrams(joined):
            found.update(self._by_trigram.get(gram, ()))
        return {k: self._joined[k] for k in found}


_BLOCKED_FROM = 7


def _trigrams(text: str) -> set[str]:
    return {text[k : k + 3] for k in range(len(text) - 2)}


_MATCHERS: list[tuple[Sequence[Speaker], int, RegistryMatcher]] = []


def matcher_for(registry: Sequence[Speaker]) -> RegistryMatcher:
    """The matcher of a registry, built once while the same registry is passed for document after document."""
    if _MATCHERS and _MATCHERS[0][0] is registry and _MATCHERS[0][1] == len(registry):
        return _MATCHERS[0][2]
    matcher = RegistryMatcher(registry)
    _MATCHERS[:] = [(registry, len(registry), matcher)]
    return matcher
