"""Text classifiers trained on a project's own accepted quotes: topics (multi-label) and stance (one label)."""

from __future__ import annotations

import random
from collections.abc import Sequence
from dataclasses import dataclass

import spacy
from spacy.language import Language
from spacy.training import Example
from spacy.util import minibatch

# Enough passes for a few hundred short quotes to converge on a bag-of-words model; more only overfits.
EPOCHS = 12
THRESHOLD = 0.5


@dataclass(frozen=True)
class TrainedModel:
    """A trained classifier, serialised for the project file."""

    kind: str  # "topics" or "stance"
    labels: tuple[str, ...]
    examples: int
    config: str
    data: bytes


def train(kind: str, examples: Sequence[tuple[str, Sequence[str]]], labels: Sequence[str], seed: int = 0) -> TrainedModel:
    """Train a classifier on (quote text, labels) pairs.

    Parameters
    ----------
    kind: "topics" (any number of labels per quote) or "stance" (exactly one).
    examples: quote texts with their labels; labels outside ``labels`` are ignored.
    labels: the labels to learn (those with enough examples).
    """
    if kind not in ("topics", "stance"):
        raise ValueError(f"unknown classifier kind '{kind}'")
    if not labels:
        raise ValueError("no label has enough examples to train on")
    random.seed(seed)
    nlp = spacy.blank("en")
    # A bag-of-words architecture trains in seconds on the CPU and needs no vectors.
    factory = "textcat_multilabel" if kind == "topics" else "textcat"
    textcat = nlp.add_pipe(factory, config={"model": _bow_model(exclusive=kind == "stance")})
    for label in labels:
        textcat.add_label(label)
    wanted = set(labels)
    data = [
        Example.from_dict(nlp.make_doc(text), {"cats": {label: float(label in set(given)) for label in labels}})
        for text, given in examples
        if kind == "topics" or wanted & set(given)
    ]
    spacy.util.fix_random_seed(seed)
    optimizer = nlp.initialize(lambda: data)
    for _ in range(EPOCHS):
        random.shuffle(data)
        for batch in minibatch(data, size=16):
            nlp.update(batch, sgd=optimizer, drop=0.1)
    return TrainedModel(kind, tuple(labels), len(data), nlp.config.to_str(), nlp.to_bytes())


def _bow_model(exclusive: bool) -> dict:
    name = "spacy.TextCatBOW.v3"
    return {"@architectures": name, "exclusive_classes": exclusive, "ngram_size": 2, "no_output_layer": False}


def load(model: TrainedModel) -> Language:
    """Rebuild a trained classifier from its serialised form."""
    from thinc.api import Config

    config = Config().from_str(model.config)
    nlp = spacy.util.load_model_from_config(config, auto_fill=True, validate=True)
    return nlp.from_bytes(model.data)


def predict(nlp: Language, texts: Sequence[str], kind: str) -> list[tuple[str, ...]]:
    """Labels per text: every topic scoring at least THRESHOLD, or the single best stance above it."""
    results = []
    for doc in nlp.pipe(texts):
        cats = doc.cats
        if kind == "topics":
            results.append(tuple(sorted(label for label, score in cats.items() if score >= THRESHOLD)))
        else:
            best = max(cats, key=cats.get) if cats else None
            results.append((best,) if best is not None and cats[best] >= THRESHOLD else ())
    return results
