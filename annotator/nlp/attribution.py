"""Attributing direct quotes: the cue verb governing a quote, or one next to it, and its source."""

from __future__ import annotations

from dataclasses import dataclass

from spacy.tokens import Doc, Span, Token

from annotator.nlp.cues import cue_source, is_cue, source_phrase
from annotator.nlp.quotes import QuoteSpan

# How far a cue may sit from a quote it introduces or follows, in tokens.
_AFTER_WINDOW = 10
_BEFORE_NEAR = 5
_BEFORE_COLON = 40


@dataclass
class Found:
    """A quote or reported clause with its cue and source phrase, before speaker resolution."""

    start: int
    end: int
    kind: str
    cue: tuple[int, int] | None = None
    source: Span | None = None
    score: float = 0.9
    continuation: bool = False
    embedded: bool = False
    headline: bool = False  # found by the "Speaker: words" headline rule


def token_quote_map(doc: Doc, quotes: list[QuoteSpan]) -> list[int]:
    """For each token, the index of the quote containing it, or -1."""
    owner = [-1] * len(doc)
    qi = 0
    for tok in doc:
        while qi < len(quotes) and quotes[qi].end <= tok.idx:
            qi += 1
        if qi < len(quotes) and quotes[qi].start <= tok.idx < quotes[qi].end:
            owner[tok.i] = qi
    return owner


def _breaks_paragraph(tok: Token) -> bool:
    return tok.is_space and "\n" in tok.text


def _governing_cue(doc: Doc, q: QuoteSpan, owner: list[int], qi: int, parsed: bool) -> Token | None:
    """A speech verb outside the quote that a word inside it depends on ("we have ...," X said)."""
    if not parsed:
        return None
    for tok in doc.char_span(q.start, q.end, alignment_mode="expand") or ():
        head = tok.head
        if owner[head.i] != qi and owner[head.i] == -1 and is_cue(head, parsed):
            if not _crosses_paragraph(doc, head.i, tok.i) and not _sentence_end_between(doc, owner, head.i, tok.i):
                return head
    return None


def _sentence_end_between(doc: Doc, owner: list[int], a: int, b: int) -> bool:
    """True when a full stop outside quotes separates two tokens: a quotation that opens a new sentence
    after "“…,” the mayor added." is not governed by "added", whatever the parser attached it to."""
    lo, hi = sorted((a, b))
    return any(owner[k] == -1 and doc[k].text in (".", "!", "?") for k in range(lo + 1, hi))


def _crosses_paragraph(doc: Doc, a: int, b: int) -> bool:
    lo, hi = sorted((a, b))
    return "\n" in doc[lo:hi].text if hi - lo > 1 else False


def _cue_after(doc: Doc, text: str, q: QuoteSpan, owner: list[int], first: int, parsed: bool) -> Token | None:
    """A cue in the few words after the quote: "...," he said / said the minister."""
    inner = text[q.start : q.end].rstrip().rstrip("\"”’»'")
    if first >= len(doc):
        return None
    cue = _first_cue(doc, owner, range(first, min(len(doc), first + _AFTER_WINDOW)), parsed)
    if inner[-1:] in ".!?" and doc[first].text[:1].isupper() and doc[first].lower_ not in ("i",):
        # The quote closed its sentence; what follows starts a new one, unless that sentence is only its
        # attribution: "“...?” Graham asked." names who asked, "“...!” Graham said the talks..." does not.
        return cue if cue is not None and parsed and _bare_attribution(doc, first, cue) else None
    return cue


def _bare_attribution(doc: Doc, first: int, cue: Token) -> bool:
    """True for "Graham asked." right after a quote: a name, the cue, then the sentence ends."""
    subject = cue_source(cue, True)
    after = doc[cue.i + 1] if cue.i + 1 < len(doc) else None
    return subject is not None and subject.start == first and (after is None or after.text in (".", "!", "?"))


def _cue_before(doc: Doc, q: QuoteSpan, owner: list[int], last: int, parsed: bool) -> Token | None:
    """A cue just before the quote ("said:", "adding", "he said,") or anywhere before a colon."""
    colon = last >= 0 and doc[last].text in (":",)
    comma = last >= 0 and doc[last].text in (",",)
    limit = _BEFORE_COLON if colon else _BEFORE_NEAR + (1 if comma else 0)
    if last >= 1 and _breaks_paragraph(doc[last]) and doc[last - 1].text == ":":
        last, limit = last - 1, _BEFORE_COLON  # "He said:" closing the paragraph before the quote
    return _first_cue(doc, owner, range(last, max(-1, last - limit), -1), parsed)


def _first_cue(doc: Doc, owner: list[int], indices: range, parsed: bool) -> Token | None:
    """The first cue among tokens walked away from a quote; another quote, a paragraph break or a
    sentence end in between means the cue belongs to something else."""
    for k in indices:
        tok = doc[k]
        if owner[k] != -1 or _breaks_paragraph(tok) or tok.text in (".", "!", "?", ";"):
            return None
        if is_cue(tok, parsed):
            return tok
    return None


def _colon_source(doc: Doc, last: int) -> Span | None:
    """ "Minister: “...”": a short name-like phrase right before a colon at the start of a paragraph."""
    if last < 1 or doc[last].text != ":":
        return None
    k = last
    while k > 0 and not _breaks_paragraph(doc[k - 1]) and last - k < 6:
        k -= 1
    if k > 0 and not _breaks_paragraph(doc[k - 1]):
        return None
    phrase = doc[k:last]
    if not phrase or not phrase[0].text[:1].isupper() or any(t.is_punct for t in phrase):
        return None
    return phrase


# Nouns that announce the words a colon introduces: "made the following comment:", "used her quote as its
# headline:", "put it this way:".
_LEAD_IN_NOUNS = frozenset("""
    comment comments statement remark remarks words message quote quotes headline tweet post line slogan motto
    reply response answer warning promise way
    """.split())


def _lead_in(doc: Doc, last: int, parsed: bool) -> tuple[tuple[int, int], Span] | None:
    """ "Sanders made the following comment:" before a quotation (on the line or the next paragraph): the
    subject of the sentence the colon ends introduces it."""
    k = last
    while k >= 0 and doc[k].is_space:
        k -= 1
    if not parsed or k < 1 or doc[k].text != ":":
        return None
    sent = doc[k].sent
    noun = next((t for t in reversed(doc[sent.start : k]) if t.lower_ in _LEAD_IN_NOUNS and t.pos_ == "NOUN"), None)
    if noun is None:
        return None
    # The subject of the nearest verb above the noun: "that I had to change my answer:" is mine.
    subject = next((c for v in noun.ancestors for c in v.children if c.dep_ == "nsubj"), None)
    if subject is None or subject.lower_ in ("it", "this", "that", "there", "which", "who"):
        return None
    return (noun.idx, noun.idx + len(noun.text)), source_phrase(subject)


_WORDS_NOUNS = frozenset({"phrase", "term", "word", "words", "slogan", "expression", "label", "nickname"})


def _named_words(doc: Doc, last: int, parsed: bool) -> tuple[tuple[int, int], Span] | None:
    """ "Trump has used the phrase “Islamic terrorism”", "she added the words, “Hillary Clinton.”": the
    subject of the verb that holds the noun said the quoted words."""
    k = last
    while k >= 0 and (doc[k].is_space or doc[k].text == ","):
        k -= 1
    if not parsed or k < 0 or doc[k].lower_ not in _WORDS_NOUNS or doc[k].dep_ not in ("dobj", "pobj"):
        return None
    noun = doc[k]
    subject = next((c for v in noun.ancestors for c in v.children if c.dep_ == "nsubj"), None)
    if subject is None or subject.lower_ in ("it", "this", "that", "there", "which", "who"):
        return None
    return (noun.idx, noun.idx + len(noun.text)), source_phrase(subject)


def _dash_source(doc: Doc, text: str, q: QuoteSpan, owner: list[int]) -> tuple[tuple[int, int], Span] | None:
    """ "“...” ― Jane Doe": a name after a dash right behind the quote, as in quote collections.

    Read from the characters, since the tokenizer may glue the dash to the closing mark ("”―").
    """
    k = q.end
    while k < len(text) and text[k] in " \t\u00a0":
        k += 1
    dash = next((d for d in ("--", "―", "—", "–") if text.startswith(d, k)), None)
    if dash is None:
        return None
    j = k + len(dash)
    while j < len(text) and text[j] in " \t\u00a0":
        j += 1
    first = doc.char_span(j, j + 1, alignment_mode="expand") if j < len(text) else None
    if first is None or first[0].idx != j:
        return None
    start = end = first.start
    while end < len(doc) and end - start < 6 and owner[end] == -1 and doc[end].text[:1].isupper() and (
        doc[end].is_alpha or doc[end].text.endswith(".")
    ):
        end += 1
    return ((k, k + len(dash)), doc[start:end]) if end > start else None


def _name_after(doc: Doc, cue: Token, owner: list[int]) -> Span | None:
    """ "said Tulsa police Chief Jordan": the noun phrase right after a cue, outside any quote."""
    for tok in doc[cue.i + 1 : cue.i + 4]:
        if owner[tok.i] != -1 or tok.is_punct or tok.ent_type_ in ("DATE", "TIME"):
            break  # "said Monday": a day, not a speaker
        if tok.pos_ in ("PROPN", "NOUN", "PRON"):
            return source_phrase(tok.head if tok.dep_ == "compound" else tok)
    # "..., Tulsa police Chief Chuck Jordan said Monday.": the capitalised name right before the cue.
    k = cue.i
    while k > 0 and cue.i - k < 6 and owner[k - 1] == -1 and doc[k - 1].is_alpha and doc[k - 1].text[:1].isupper():
        k -= 1
    if k < cue.i:
        return doc[k : cue.i]
    # "..., Flynn, a top surrogate, said": the last person named before the cue in its sentence.
    people = [e for e in doc.ents if e.label_ == "PERSON" and cue.sent.start <= e.start and e.end <= cue.i
              and owner[e.start] == -1]
    return people[-1] if people else None


def _introduces(doc: Doc, last: int, cue: Token) -> bool:
    """True when the cue opens the quote: "said:", "said,", "adding “...", or across "He said:" + break."""
    if last < 0:
        return False
    if _breaks_paragraph(doc[last]):
        return last >= 1 and doc[last - 1].text == ":"
    return doc[last].text in (":", ",") or doc[last].i == cue.i


def attribute_quotes(doc: Doc, text: str, quotes: list[QuoteSpan], parsed: bool) -> list[Found]:
    """Find the cue and source of every direct quote that has one; leave the others unattributed."""
    owner = token_quote_map(doc, quotes)
    found: list[Found] = []
    for qi, q in enumerate(quotes):
        span = doc.char_span(q.start, q.end, alignment_mode="expand")
        if span is None or len(span) == 0:
            continue
        first, last = span.end, span.start - 1
        while first < len(doc) and doc[first].is_space and "\n" not in doc[first].text:
            first += 1
        while last >= 0 and doc[last].is_space and "\n" not in doc[last].text:
            last -= 1
        cue = (
            _governing_cue(doc, q, owner, qi, parsed)
            or _cue_after(doc, text, q, owner, first, parsed)
            or _cue_before(doc, q, owner, last, parsed)
        )
        item = Found(q.start, q.end, "direct", score=0.9 if q.closed else 0.6)
        if cue is not None and cue.i < span.start and not _introduces(doc, last, cue):
            # A phrase quoted inside a sentence ("called it “a disaster”"): kept only when long enough.
            item.embedded = True
        if cue is not None:
            item.cue = (cue.idx, cue.idx + len(cue.text))
            item.source = cue_source(cue, parsed)
            if item.source is not None and owner[item.source.root.i] != -1:
                # The parser took a quoted word (of this quote, or a quoted title: 'on “Fox and Friends.”')
                # for the subject: the name after (or before) the cue speaks.
                item.source = _name_after(doc, cue, owner)
        elif (dash := _dash_source(doc, text, q, owner)) is not None:
            item.cue, item.source = dash
        else:
            colon_src = _colon_source(doc, last)
            lead_in = _lead_in(doc, last, parsed) if colon_src is None else None
            if colon_src is not None:
                colon = doc[last]
                item.cue, item.source = (colon.idx, colon.idx + 1), colon_src
            elif lead_in is not None:
                item.cue, item.source = lead_in
            elif (named := _named_words(doc, last, parsed)) is not None:
                item.cue, item.source = named
            else:
                item.continuation = True
                item.score = 0.5
        found.append(item)
    return found
