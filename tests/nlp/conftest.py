"""Shared fixtures: a blank rules-only pipeline (the trained one is in tests/conftest.py, for every folder)."""

import pytest
import spacy

from annotator.nlp.suggest import Suggester


@pytest.fixture(scope="session")
def blank_suggester():
    nlp = spacy.blank("en")
    nlp.add_pipe("sentencizer")
    return Suggester(nlp=nlp)
