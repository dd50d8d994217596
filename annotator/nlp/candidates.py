"""Candidate kinds beyond a cue verb's clause, each with its speaker: a fronted relative pronoun ("what
she complained about"), an unanswered request for comment, a speech noun with its owner ("warnings from
his lawyer that ..."), a pro-form ("said as much"), a label after "as" ("what analysts described as ..."),
and a headline's "Name Vows ..." first line."""

from __future__ import annotations

import re

from spacy.tokens import Doc, Span, Token

from annotator.nlp.attribution import Found
from annotator.nlp.cues import cue_source, is_cue, is_pronoun, source_phrase
from annotator.nlp.edges import label_end
from annotator.nlp.lexicon import (
    LABEL_FORMS,
    LABEL_LEMMAS,
    PLEDGE_NOUNS,
    SPEECH_FORMS,
    SPEECH_NOUN_FORMS,
    verb_forms,
)
from annotator.nlp.quotes import ALL_MARKS, QuoteSpan, word_count

# The object of a report when it is all the clause shows of what was said: "which the paper claimed".
_FRONTED = frozenset({"what", "which"})
# What someone left unanswered is still an attribution of them: "did not respond to requests for comment".
_ANSWER_FORMS = frozenset(f for f, lemma in SPEECH_FORMS.items() if lemma in ("respond", "reply", "answer"))
_REQUEST_NOUNS = frozenset({"request", "requests", "call", "calls", "message", "messages", "email", "emails",
                            "inquiry", "inquiries", "question", "questions", "query", "queries"})
_HEADLINE_MAX_WORDS = 20
# A headline subject ending in one of these is a noun phrase about a thing: "One Tweet Sums Up ...".
_NOT_HEADLINE_CUES = frozenset({"ask", "asks", "read", "reads", "report", "reports"})
_NOT_SUBJECTS = frozenset({"one", "a", "an", "the", "this", "that", "new", "every"})
_LABEL_LEMMA = {form: lemma for lemma in LABEL_LEMMAS for form in verb_forms(lemma)}
_WORDS = re.compile(r"[\w’'.\-]+")


def _source_of(verb: Token) -> Span | None:
    """The verb's source phrase, or None when it is a relative pronoun or missing."""
    source = cue_source(verb, True)
    if source is None or source.root.lower_ in ("that", "which", "who", "what"):
        return None
    return source


def _fronted_object(tok: Token) -> Found | None:
    """ "That was what the senator complained about", "the test, which state media claimed": a relative
    pronoun before a cue is the only mention of what the cue's subject said."""
    if tok.lower_ not in _FRONTED or tok.tag_ not in ("WP", "WDT"):
        return None
    verb = tok.head
    if tok.dep_ == "pobj" and verb.dep_ == "prep" and verb.i > verb.head.i:
        verb = verb.head  # a stranded preposition: "what she complained about", never "in which he said"
    elif tok.dep_ != "dobj":
        return None
    if verb.dep_ == "ccomp" and not is_cue(verb, True) and verb.head.i > tok.i:
        verb = verb.head  # "what Trump says his plan would do": the object of the reported clause
    # "what he called ..." names a thing inside someone's words; only a cue's own object is the content.
    if verb.i <= tok.i or verb.i - tok.i > 8 or not is_cue(verb, True) or verb.lower_ in LABEL_FORMS:
        return None
    if any(c.dep_ == "aux" and c.tag_ == "TO" for c in verb.children):
        return None  # "what to say": nothing was said yet
    source = _source_of(verb)
    if source is None or source.start < tok.i:
        return None
    return Found(tok.idx, tok.idx + len(tok.text), "indirect", (verb.idx, verb.idx + len(verb.text)), source, 0.6)


def _pro_form(tok: Token) -> Found | None:
    """ "X said as much", "Y has said the same thing", "Z said so": the pro-form stands for what was said."""
    if not tok.tag_.startswith("VB") or not is_cue(tok, True) or tok.lower_ == "according":
        return None
    first = next((c for c in tok.rights if c.dep_ in ("dobj", "advmod")), None)
    if first is None:
        return None
    doc = tok.doc
    if first.lower_ == "much" and first.i == tok.i + 2 and doc[tok.i + 1].lower_ == "as":
        start, end = doc[tok.i + 1], first
    elif first.dep_ == "dobj" and any(t.lower_ == "same" for t in doc[first.left_edge.i : first.i + 1]):
        start, end = first.left_edge, first.right_edge
        comma = next((t for t in doc[first.i : end.i] if t.text == ","), None)
        end = doc[comma.i - 1] if comma is not None else end  # "the same thing, including ...": an aside
    elif first.lower_ == "so" and first.i == tok.i + 1:
        start = end = first
    else:
        return None
    source = _source_of(tok)
    if source is None:
        return None
    return Found(start.idx, end.idx + len(end.text), "indirect", (tok.idx, tok.idx + len(tok.text)), source, 0.5)


def _described_as(tok: Token) -> Found | None:
    """ "what analysts described as age-old tactics", "a blast that the mayor called “an intentional act”":
    the object was named before the cue, the label after "as" is what was said."""
    if tok.lower_ not in LABEL_FORMS or not tok.tag_.startswith("VB"):
        return None
    if any(c.dep_ == "dobj" and c.i > tok.i for c in tok.children):
        return None  # "described the move as ...": the object's own rule reports both
    prep = next((c for c in tok.rights if c.dep_ == "prep" and c.lower_ == "as" and c.i == tok.i + 1), None)
    if prep is None or not any(c.dep_ == "pobj" for c in prep.children):
        return None
    source = _source_of(tok)
    if source is None or source.start > tok.i:
        return None
    tokens = [t for t in tok.doc[prep.i + 1 : prep.right_edge.i + 1] if not t.is_space]
    while tokens and tokens[-1].is_punct and not tokens[-1].is_quote:
        tokens.pop()
    if not tokens:
        return None
    end = tokens[-1].idx + len(tokens[-1].text)
    return Found(tokens[0].idx, end, "indirect", (tok.idx, tok.idx + len(tok.text)), source, 0.6)


def _unanswered(tok: Token) -> Found | None:
    """ "The campaign did not immediately respond to requests for comment": the request is the content."""
    if tok.lower_ not in _ANSWER_FORMS or not tok.tag_.startswith("VB"):
        return None
    prep = next((c for c in tok.rights if c.dep_ == "prep" and c.lower_ == "to"), None)
    obj = next((c for c in prep.children if c.dep_ == "pobj"), None) if prep is not None else None
    if obj is None or obj.lower_ not in _REQUEST_NOUNS:
        return None
    source = _source_of(tok)
    if source is None:
        return None
    end = obj.right_edge
    return Found(prep.idx, end.idx + len(end.text), "indirect", (tok.idx, tok.idx + len(tok.text)), source, 0.6)


def _present(form: str) -> bool:
    """True for a present-tense form ("Vows", "urge"): headlines report in the present, a past tense opens
    a sentence ("Mary Stone spoke on Monday.")."""
    lemma = SPEECH_FORMS.get(form) or _LABEL_LEMMA.get(form, "")
    return form in (lemma, lemma + "s", lemma + "es", lemma[:-1] + "ies")


def _headline(doc: Doc, text: str, quotes: list[QuoteSpan]) -> Found | None:
    """A first line "Sanders Vows To End Tax Breaks" or "Lawmaker urges retaliation on Russia": the words
    before a speech verb name the speaker, the words after are what was said. Title case hides the verb
    from the tagger, so the line is read word by word; a verb of judgement ("Rips", "Hails") needs a quote."""
    line_end = text.find("\n")
    line = text if line_end < 0 else text[:line_end]
    words = list(_WORDS.finditer(line))
    if not 2 <= len(words) <= _HEADLINE_MAX_WORDS or ":" in line:
        return None
    clause = line.rfind(",", 0, words[-1].start())
    for k, m in enumerate(words[1:7], start=1):
        low = m.group().lower()
        if m.start() < clause:
            continue
        label = low in LABEL_FORMS and low not in SPEECH_FORMS
        if low not in SPEECH_FORMS and not label or not _present(low) or low in _NOT_HEADLINE_CUES:
            continue
        start, end = m.end() + 1, len(line.rstrip())
        while end > start and line[end - 1] in ".;: " and line[end - 2 : end - 1] not in ALL_MARKS:
            end -= 1
        rest = line[start:end]
        if word_count(rest) < 2 or (label and not any(ch in rest for ch in ALL_MARKS)):
            return None
        first = words[0].start() if clause < 0 else clause + 1
        who = line[first : m.start()].strip()
        if not who or not all(w[:1].isupper() for w in _WORDS.findall(who)) or k > 5:
            return None
        at = line.index(who, first)
        source = doc.char_span(at, at + len(who), alignment_mode="expand")
        if source is None or is_pronoun(source) or source[-1].lower_ in _NOT_SUBJECTS:
            return None
        if text[start] in ALL_MARKS:
            end = label_end(text, start, end, quotes)  # "Speaks ‘Directly To Voters’ After The Vote"
        return Found(start, end, "indirect", (m.start(), m.end()), source, 0.4, headline=True)
    return None


def _owner(noun: Token) -> Token | None:
    """Who a speech noun belongs to: "the mayor's claim", "warnings from his lawyer", "a claim by X"."""
    poss = next((c for c in noun.children if c.dep_ == "poss"), None)
    if poss is not None:
        return poss
    for prep in noun.rights:
        if prep.dep_ == "prep" and prep.lower_ in ("from", "by") and prep.i <= noun.i + 2:
            return next((c for c in prep.children if c.dep_ == "pobj"), None)
    return None


def _nominal(doc: Doc, text: str, noun: Token) -> Found | None:
    """ "warnings from his attorney that the vote was fruitless", "his comments about the strike", "her
    pledge to rebuild the pier": a speech noun with an owner, and what was said as its clause, infinitive
    or topic."""
    if noun.lower_ not in SPEECH_NOUN_FORMS or noun.tag_ not in ("NN", "NNS"):
        return None
    owner = _owner(noun)
    if owner is None:
        return None
    start_i = end_i = None
    for child in noun.rights:
        if child.dep_ in ("acl", "ccomp", "relcl") and any(m.dep_ == "mark" and m.lower_ == "that"
                                                          for m in child.children):
            start_i, end_i = child.left_edge.i, child.right_edge.i + 1
        elif child.dep_ in ("acl", "relcl") and noun.lower_ in PLEDGE_NOUNS and any(
                a.dep_ == "aux" and a.tag_ == "TO" for a in child.children):
            start_i, end_i = child.left_edge.i, child.right_edge.i + 1
        elif child.dep_ == "prep" and child.lower_ in ("about", "on") and child.i - noun.i <= 2:
            start_i, end_i = child.i + 1, child.right_edge.i + 1
        else:
            continue
        break
    if start_i is None:
        return None
    while start_i < end_i and doc[start_i].lower_ == "that":
        start_i += 1
    tokens = [t for t in doc[start_i:end_i] if not t.is_space]
    while tokens and tokens[-1].is_punct and tokens[-1].text not in ALL_MARKS:
        tokens.pop()
    if len(tokens) < 2:
        return None
    end = tokens[-1].idx + len(tokens[-1].text)
    return Found(tokens[0].idx, end, "indirect", (noun.idx, noun.idx + len(noun.text)), source_phrase(owner), 0.5)


_TRIGGERS = _FRONTED | _ANSWER_FORMS | SPEECH_NOUN_FORMS | SPEECH_FORMS.keys() | LABEL_FORMS


def find_candidates(doc: Doc, text: str, quotes: list[QuoteSpan], found: list[Found]) -> list[Found]:
    """The extra candidate kinds of a parsed doc that no earlier attribution overlaps."""
    extra = []
    for tok in doc:
        if tok.lower_ not in _TRIGGERS:
            continue  # most words start no candidate; the checks below walk the parse
        item = (_fronted_object(tok) or _unanswered(tok) or _nominal(doc, text, tok) or _pro_form(tok)
                or _described_as(tok))
        if item is not None:
            extra.append(item)
    head = _headline(doc, text, quotes)
    if head is not None:
        extra.append(head)
    out: list[Found] = []
    for item in extra:
        # A quoted label inside a headline ("Rip X As A ‘Fraud.’") is part of it, as in a reported clause.
        if not any(f.start < item.end and item.start < f.end and not (
                item.headline and f.kind == "direct" and item.start <= f.start and f.end <= item.end)
                for f in found + out):
            out.append(item)
    return out
