"""The indexed registry matcher picks the same speaker as comparing the surface with every name."""

from __future__ import annotations

import random

from rapidfuzz import fuzz

from annotator.core.model import Speaker
from annotator.nlp.speakers import RegistryMatcher, matcher_for, normalise

FIRST = ["Anna", "Ben", "Carla", "Dmitri", "Hossein", "Josep", "Maria", "Nasser", "Olaf", "Yuki", "Zainab"]
LAST = ["Ames", "Borrell", "Kanaani", "Amir-Abdollahian", "Scholz", "Tanaka", "Okafor", "Lindqvist", "Novak",
        "Haddad", "Moreau", "Costa"]


def _reference(registry, surface):
    """The rules stated in RegistryMatcher's docstring, applied to every name in turn."""
    tokens = normalise(surface)
    if not tokens:
        return None
    best = None
    for speaker in registry:
        for name in (speaker.name, *speaker.aliases):
            words = normalise(name) if name else []
            if not words:
                continue
            if "".join(tokens) == "".join(words):
                return speaker
            score = 95.0 if set(tokens) <= set(words) and tokens[-1] == words[-1] else fuzz.ratio(
                " ".join(tokens), " ".join(words))
            if score >= 90 and (best is None or score > best[0]):
                best = (score, speaker)
    return best[1] if best else None


def _registry(rng, n):
    speakers, seen = [], set()
    while len(speakers) < n:
        name = f"{rng.choice(FIRST)} {rng.choice(LAST)}{rng.choice(['', '', 'e', 'i', 'son'])}"
        if name in seen:
            continue
        seen.add(name)
        aliases = (f"Mr. {name.split()[-1]}",) if rng.random() < 0.3 else ()
        speakers.append(Speaker(len(speakers) + 1, name, aliases=aliases))
    return speakers


def _misspell(rng, text):
    k = rng.randrange(len(text))
    return text[:k] + text[k + 1 :] if rng.random() < 0.5 else text[:k] + rng.choice("aeiou") + text[k:]


def test_indexed_matching_agrees_with_comparing_every_name():
    rng = random.Random(3)
    registry = _registry(rng, 300)
    matcher = RegistryMatcher(registry)
    surfaces = []
    for speaker in rng.sample(registry, 120):
        surfaces += [speaker.name, speaker.name.split()[-1], _misspell(rng, speaker.name), speaker.name.upper(),
                     f"{rng.choice(FIRST)} {speaker.name.split()[-1]}"]
    surfaces += ["Joe Biden", "the minister", "Mr.", "Kanaan", "Ana Ames"]
    found = [(s, matcher.match(s)) for s in surfaces]
    assert found == [(s, _reference(registry, s)) for s in surfaces]
    assert sum(m is not None for _, m in found) > 400


def test_the_same_registry_is_indexed_once_for_many_documents():
    registry = _registry(random.Random(5), 50)
    assert matcher_for(registry) is matcher_for(registry)
    assert matcher_for(list(registry)) is not matcher_for(registry)
