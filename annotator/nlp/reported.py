"""Reported (indirect) speech: a speech verb's complement clause, and "according to X" sentences."""

from __future__ import annotations

from spacy.tokens import Doc, Span, Token

from annotator.nlp.attribution import Found
from annotator.nlp.cues import cue_source, is_cue
from annotator.nlp.lexicon import SPEECH_FORMS
from annotator.nlp.quotes import ALL_MARKS, QuoteSpan

# Verbs whose object or infinitive (not only a clause) is what was said.
_OBJECT_VERBS = frozenset({"deny", "admit", "acknowledge", "announce", "confirm", "propose", "reveal", "disclose",
                           "predict", "promise", "vow", "pledge", "threaten", "urge", "claim", "demand"})
_TRIM_END = " \t\n,;:."
_MIN_TOKENS = 3


def _has_subject(head: Token) -> bool:
    return any(c.dep_ in ("nsubj", "nsubjpass", "expl") and c.lower_ not in ("that", "which") for c in head.children)


def _complements(verb: Token) -> list[Token]:
    """Clause heads a speech verb reports: ccomp, or a "that"-clause the parser hung on a noun."""
    heads = [c for c in verb.children if c.dep_ == "ccomp"]
    if heads:
        return heads
    lemma = SPEECH_FORMS.get(verb.lower_, "")
    if lemma in _OBJECT_VERBS:
        # "denied any involvement", "urged North Korea to resume talks", "promising to lift rules"
        objs = [c for c in verb.rights if c.dep_ in ("dobj", "xcomp") and len(list(c.subtree)) >= _MIN_TOKENS]
        if objs:
            return objs
    # "told X with unequivocal words that it is ...": a relative-looking clause opened by "that".
    for tok in verb.subtree:
        if tok.i <= verb.i or tok.sent != verb.sent:
            continue
        if is_cue(tok, True) and tok.i != verb.i:
            break
        if tok.lower_ == "that" and tok.dep_ in ("mark", "nsubj") and tok.head.dep_ in ("relcl", "acl", "ccomp"):
            head = tok.head
            if tok.dep_ == "mark" or _has_subject(head):
                return [head]
    return []


def _misparsed_tail(verb: Token, end_i: int) -> int:
    """Extend a clause over "and X" pieces the parser hung on the cue verb instead of the clause."""
    for child in verb.rights:
        if child.i < end_i or child.dep_ == "cc":
            continue
        is_verb = child.tag_.startswith("VB")
        if child.dep_ == "conj" and not (is_verb and (_has_subject(child) or is_cue(child, True))):
            end_i = child.right_edge.i + 1
        else:
            break
    return end_i


def _clause_bounds(doc: Doc, text: str, head: Token, verb: Token) -> tuple[int, int] | None:
    """Character bounds of a clause: no leading "that", no trailing comma or final period."""
    start_i, end_i = head.left_edge.i, head.right_edge.i + 1
    if head.i > verb.i:
        end_i = _misparsed_tail(verb, end_i)
    # A clause the parser let run past its cue ("X, he said") stops before the cue.
    if start_i < verb.i < end_i:
        end_i = verb.i if head.i < verb.i else end_i
        start_i = start_i if head.i < verb.i else verb.i + 1
    while start_i < end_i and (doc[start_i].lower_ in ("that", ",", ":") or doc[start_i].is_space):
        start_i += 1
    if end_i - start_i < _MIN_TOKENS:
        return None
    start, end = doc[start_i].idx, doc[end_i - 1].idx + len(doc[end_i - 1].text)
    closing = text[end - 1 : end] in ALL_MARKS
    if not closing:
        while end > start and text[end - 1] in _TRIM_END:
            end -= 1
    return start, end


def _inside_quote(start: int, end: int, quotes: list[QuoteSpan]) -> bool:
    """True when the clause lies mostly within one direct quote (it is that quote's content)."""
    for q in quotes:
        shared = min(end, q.end) - max(start, q.start)
        if shared > 0 and (start >= q.start or shared >= 0.5 * (end - start)):
            return True
    return False


def _according(doc: Doc, cue: Token, quotes: list[QuoteSpan]) -> tuple[int, int] | None:
    """The rest of an "according to X" sentence."""
    sent = cue.sent
    phrase = {t.i for t in cue.subtree}
    rest = [t for t in sent if t.i not in phrase and not t.is_space]
    while rest and (rest[0].is_punct or rest[0].lower_ == "that"):
        rest.pop(0)
    while rest and rest[-1].is_punct and rest[-1].text not in ALL_MARKS:
        rest.pop()
    if len(rest) < _MIN_TOKENS:
        return None
    # Only a contiguous remainder makes sense as one span.
    if rest[-1].i - rest[0].i + 1 != len(rest):
        before = [t for t in rest if t.i < cue.i]
        after = [t for t in rest if t.i > cue.i]
        rest = before if len(before) >= len(after) else after
        while rest and rest[-1].is_punct:
            rest.pop()
        if len(rest) < _MIN_TOKENS:
            return None
    return rest[0].idx, rest[-1].idx + len(rest[-1].text)


def find_reported(doc: Doc, text: str, quotes: list[QuoteSpan]) -> list[Found]:
    """Every speech verb with a complement clause that is not itself a direct quote."""
    found: list[Found] = []
    for tok in doc:
        if not is_cue(tok, True):
            continue
        if tok.lower_ == "according":
            bounds = _according(doc, tok, quotes)
            spans = [bounds] if bounds else []
        else:
            spans = [b for h in _complements(tok) if (b := _clause_bounds(doc, text, h, tok))]
        source: Span | None = cue_source(tok, True) if spans else None
        for start, end in spans:
            if _inside_quote(start, end, quotes):
                continue
            found.append(Found(start, end, "indirect", (tok.idx, tok.idx + len(tok.text)), source, 0.8))
    return found
