"""The UIMA type system of an XMI export: a quote layer, speaker and cue mentions, article details.

Type names start with ``webanno.custom.`` because INCEpTION names the layers a project manager creates
that way (a span layer "Quote" is ``webanno.custom.Quote``): a project with such layers shows the
imported quotes, and its own XMI export reads back here. The title and url also go into DKPro's
``DocumentMetaData``, which INCEpTION and DKPro Core read for every document.
"""

from __future__ import annotations

from functools import cache

PREFIX = "webanno.custom."
QUOTE = PREFIX + "Quote"
SPEAKER_MENTION = PREFIX + "SpeakerMention"
CUE = PREFIX + "Cue"
ARTICLE = PREFIX + "ArticleDetails"
DOCUMENT_META = "de.tudarmstadt.ukp.dkpro.core.api.metadata.type.DocumentMetaData"
TYPESYSTEM_NAME = "TypeSystem.xml"

STRING, INTEGER, BOOLEAN = "uima.cas.String", "uima.cas.Integer", "uima.cas.Boolean"
STRING_ARRAY = "uima.cas.StringArray"

# (feature, range, what it holds): the quote's fields, named as INCEpTION would name them.
QUOTE_FEATURES = (
    ("kind", STRING, "direct, indirect or mixed"),
    ("speaker", STRING, "the speaker's canonical name"),
    ("speakerMention", SPEAKER_MENTION, "where the text names the speaker"),
    ("cue", CUE, "the speech verb or phrase"),
    ("stance", STRING, "the speaker's stance toward the claim"),
    ("claim", STRING, "the claim the stance is toward"),
    ("topics", STRING_ARRAY, "zero or more topics"),
    ("note", STRING, "the annotator's note"),
    ("origin", STRING, "manual, suggestion or import"),
    ("annotator", STRING, "who made the quote (gold: the reviewer's version)"),
    ("quoteId", INTEGER, "the quote's id in the exporting project"),
)
ARTICLE_FEATURES = ("title", "outlet", "url", "published", "source", "sha256")
# DKPro's own features, all declared so the type agrees with INCEpTION's definition of it.
DOCUMENT_META_FEATURES = (
    ("documentTitle", STRING),
    ("documentId", STRING),
    ("documentUri", STRING),
    ("documentBaseUri", STRING),
    ("collectionId", STRING),
    ("isLastSegment", BOOLEAN),
)


@cache
def _typesystem_xml() -> str:
    """The type system built once, as XML (a TypeSystem object is mutable, so callers get fresh ones)."""
    from cassis import TypeSystem

    ts = TypeSystem()
    meta = ts.create_type(DOCUMENT_META, "uima.tcas.DocumentAnnotation", description="DKPro Core document metadata")
    for name, range_ in DOCUMENT_META_FEATURES:
        ts.create_feature(meta, name, range_)
    ts.create_type(SPEAKER_MENTION, description="A mention of a quote's speaker in the text")
    ts.create_type(CUE, description="The speech verb or phrase that introduces a quote")
    quote = ts.create_type(QUOTE, description="A span reporting someone's words")
    for name, range_, description in QUOTE_FEATURES:
        element = STRING if range_ == STRING_ARRAY else None
        ts.create_feature(quote, name, range_, elementType=element, description=description)
    article = ts.create_type(ARTICLE, "uima.cas.AnnotationBase", description="The article's details")
    for name in ARTICLE_FEATURES:
        ts.create_feature(article, name, STRING)
    return ts.to_xml()


def typesystem():
    """A new cassis TypeSystem holding the export's types."""
    from cassis import load_typesystem

    return load_typesystem(_typesystem_xml())


def typesystem_xml() -> str:
    """The type system as ``TypeSystem.xml`` holds it."""
    return _typesystem_xml()
