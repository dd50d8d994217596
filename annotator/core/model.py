"""Plain dataclasses for the product's vocabulary: no Qt, no SQL, no spaCy."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

KINDS = ("direct", "indirect", "mixed")
ORIGINS = ("manual", "suggestion", "import")
SPEAKER_TYPES = ("person", "organisation")
GOLD = "gold"


@dataclass(frozen=True)
class Article:
    """An imported document; its text is never edited after import."""

    id: int | None
    text: str
    sha256: str
    title: str = ""
    outlet: str = ""
    url: str = ""
    published: str = ""
    source: str = ""
    imported_at: str = ""


@dataclass(frozen=True)
class Speaker:
    """An entry of the speaker registry: one person or organisation, many names."""

    id: int | None
    name: str
    type: str = "person"
    role: str = ""
    aliases: tuple[str, ...] = ()


@dataclass(frozen=True)
class Claim:
    """A short proposition shared across articles; stances point at it."""

    id: int | None
    text: str


@dataclass(frozen=True)
class Quote:
    """A span of an article reporting someone's words, with its tags.

    Offsets are Python ``str`` indices into ``Article.text``, end exclusive.
    ``speaker`` and ``claim`` are names (canonical speaker name, claim text),
    resolved to registry ids by the store. ``id`` and ``article_id`` are None
    for a quote not stored yet (read from a file, say).
    """

    id: int | None
    article_id: int | None
    start: int
    end: int
    annotator: str
    kind: str = "direct"
    speaker: str | None = None
    speaker_span: tuple[int, int] | None = None
    cue_span: tuple[int, int] | None = None
    stance: str | None = None
    claim: str | None = None
    topics: tuple[str, ...] = ()
    note: str = ""
    origin: str = "manual"
    created_at: str = ""
    updated_at: str = ""

    def text_in(self, article_text: str) -> str:
        """The quote's text, always sliced from the stored article."""
        return article_text[self.start : self.end]


@dataclass(frozen=True)
class Suggestion:
    """A quote proposed by the NLP layer; not an annotation until accepted."""

    start: int
    end: int
    kind: str = "direct"
    speaker: str | None = None
    speaker_span: tuple[int, int] | None = None
    cue_span: tuple[int, int] | None = None
    topics: tuple[str, ...] = ()
    score: float = 1.0
    stance: str | None = None
    # The title written before the speaker's name ("EU trade chief"): given to the speaker when accepted.
    # Derived from the text and speaker_span, so it takes no part in equality (cached copies lack it).
    role: str = field(default="", compare=False)


@dataclass(frozen=True)
class Label:
    """A stance, topic or quote kind of the label scheme, with its guideline (description and examples)."""

    name: str
    colour: str = "#888888"
    key: str = ""
    keywords: tuple[str, ...] = ()
    description: str = ""
    examples: tuple[str, ...] = ()


@dataclass(frozen=True)
class LabelScheme:
    """The stances and topics a project annotates with, and its guidelines (per label and a document)."""

    name: str
    stances: tuple[Label, ...] = ()
    topics: tuple[Label, ...] = field(default_factory=tuple)
    #: Guidelines for the quote kinds (direct, indirect, mixed): only descriptions and examples.
    kinds: tuple[Label, ...] = ()
    #: The project's guidelines document, Markdown.
    guidelines: str = ""

    def guide(self, section: str, name: str) -> Label | None:
        """The label ``name`` of ``section`` (stances, topics or kinds), None when the scheme lacks it."""
        return next((label for label in getattr(self, section) if label.name == name), None)


@dataclass(frozen=True)
class Document:
    """A file's content read for import: normalised text, metadata, existing quotes.

    ``quotes`` carry offsets into ``text`` (already normalised); their
    ``annotator`` is "" when the file does not name one.
    """

    text: str
    title: str = ""
    outlet: str = ""
    url: str = ""
    published: str = ""
    source: str = ""
    annotator: str = ""
    quotes: tuple[Quote, ...] = ()


@dataclass(frozen=True)
class Tokens:
    """An article's tokens as the JSONL export writes them, with each token's offsets to place spans.

    ``json`` is the Prodigy token list serialised as UTF-8, ready to be written as it is; ``starts`` and
    ``ends`` hold the same tokens' offsets (end exclusive), so spans find their tokens without decoding it.
    ``parts``, when given, are the pieces ``json`` was joined from, a few a token (``store.tokens`` lays
    them out): a line whose span cuts a token re-joins them with a few tokens split, not re-encoded whole.
    """

    json: bytes
    starts: Sequence[int]
    ends: Sequence[int]
    parts: Sequence[bytes] = field(default=(), compare=False, repr=False)
