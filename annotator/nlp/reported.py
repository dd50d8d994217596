"""Reported (indirect) speech: a speech verb's complement clause, and "according to X" sentences."""

from __future__ import annotations

import re

from spacy.tokens import Doc, Span, Token

from annotator.nlp.attribution import Found
from annotator.nlp.cues import cue_source, is_cue, source_phrase
from annotator.nlp.edges import (
    before_aside,
    before_semicolon,
    before_sibling_cue,
    has_subject,
    joined,
    label_end,
    misparsed_tail,
    untailed,
)
from annotator.nlp.lexicon import LABEL_FORMS as _LABEL_FORMS
from annotator.nlp.lexicon import SPEECH_FORMS, verb_forms
from annotator.nlp.quotes import ALL_MARKS, QuoteSpan, word_count

# Verbs whose object or infinitive (not only a clause) is what was said: "denied any involvement",
# "mentioned the remarks", "promising to lift rules".
_OBJECT_VERBS = frozenset("""
    deny admit acknowledge announce confirm propose reveal disclose predict promise vow pledge threaten
    urge claim demand mention describe note cite stress emphasize emphasise underline underscore
    highlight reiterate recall estimate suggest agree report repeat explain affirm reaffirm proclaim
    declare ask tell warn advise
    """.split())
# Verbs whose object is the addressee: what was said is the object with its infinitive ("told his aides
# to leave", "warned officials to boost security"), never the bare object.
_ADDRESSEE_VERBS = frozenset({"tell", "ask", "warn", "urge", "advise", "inform", "assure", "remind"})
# Verbs whose topic is a prepositional object: "spoke about her ties", "complained of the noise".
_TOPIC_VERBS = frozenset({"speak", "talk", "complain", "warn", "comment", "testify", "boast", "joke", "write",
                          "tweet", "lament", "caution", "remark", "ask", "explain"})
_TOPIC_PREPS = frozenset({"about", "of", "on", "against"})
_OBJECT_DEPS = ("dobj", "dative", "xcomp", "oprd", "ccomp")
_TRIM_END = " \t\n,;:."
_SUBORDINATORS = frozenset({"when", "while", "where", "because", "if", "as", "since", "after", "before", "until",
                            "unless", "although", "though", "whether", "once"})
_MIN_TOKENS = 3
# Objects that only frame what was said, their infinitive says it: "announced plans to give $15 million".
_PLAN_NOUNS = frozenset({"plan", "plans", "intention", "intentions", "decision", "bid", "proposal", "proposals"})
_WH = frozenset({"when", "how", "why", "where", "whether"})
# A question put to someone ("asked whether the mayor would resign") reports the asker's words only in
# form: annotators never accept it as the content of a quote.
_ASK_FORMS = verb_forms("ask")
_QUESTION_WORDS = ("whether ", "if ", "why ", "how ", "what ", "when ", "who ", "where ")
# Sourcing boilerplate, not what anyone said: "spoke on condition of anonymity".
_BOILERPLATE = ("condition of anonymity", "condition that they not be named", "condition that he not be named",
                "condition that she not be named", "anonymity")


def _complements(verb: Token) -> list[Token]:
    """Clause heads a speech verb reports: ccomp, or a "that"-clause the parser hung on a noun."""
    heads = [c for c in verb.children if c.dep_ == "ccomp"]
    if heads:
        return heads
    # "said after the convention he would not accept ...": a clause with a subject and no subordinator
    # after a speech verb is its complement, whatever label the parser gave it.
    heads = [c for c in verb.rights if c.dep_ == "advcl" and has_subject(c)
             and not any(m.dep_ in ("mark", "advmod") and m.lower_ in _SUBORDINATORS or m.dep_ == "mark"
                         for m in c.children)]
    if heads:
        return heads[:1]
    if any(c.dep_ == "neg" for c in verb.children):
        # "have not said when they would vote": what was left unsaid is the content, wh-word and all.
        heads = [c for c in verb.rights if c.dep_ == "advcl" and has_subject(c) and any(
            m.dep_ == "advmod" and m.lower_ in _WH and m.i == c.left_edge.i for m in c.children)]
        if heads:
            return heads[:1]
    # "told X with unequivocal words that it is ...": a relative-looking clause opened by "that".
    for tok in verb.subtree:
        if tok.i <= verb.i or tok.sent != verb.sent:
            continue
        if is_cue(tok, True) and tok.i != verb.i:
            break
        if tok.lower_ == "that" and tok.dep_ in ("mark", "nsubj") and tok.head.dep_ in ("relcl", "acl", "ccomp"):
            head = tok.head
            if tok.dep_ == "mark" or has_subject(head):
                return [head]
    return []


def _object_content(doc: Doc, text: str, verb: Token, label: bool = False) -> tuple[int, int] | None:
    """What an object-taking speech verb reports: its object with what follows, or its topic."""
    lemma = "describe" if label else SPEECH_FORMS.get(verb.lower_, "")
    if lemma not in _OBJECT_VERBS and lemma not in _TOPIC_VERBS:
        return None
    parts = []
    for child in verb.rights:
        if child.dep_ in _OBJECT_DEPS or (child.dep_ == "prep" and parts and not _circumstance(child)):
            parts.append(child)
        elif child.dep_ == "prep" and child.lower_ in _TOPIC_PREPS and lemma in _TOPIC_VERBS and not parts:
            parts.append(child)
            break
        elif parts or child.dep_ not in ("advmod", "prt", "npadvmod", "punct") and not (
                child.dep_ == "prep" and _circumstance(child)):
            break  # "announced on Friday the arrest of ...": the when before the object is passed over
    if not parts or (lemma not in _OBJECT_VERBS and parts[0].dep_ != "prep"):
        return None
    deps = {c.dep_ for c in parts}
    if lemma in _ADDRESSEE_VERBS and parts[0].dep_ != "prep" and not deps & {"xcomp", "ccomp"}:
        return None  # "told reporters": the addressee alone is not what was said
    start_i, end_i = parts[0].left_edge.i, parts[-1].right_edge.i + 1
    if parts[0].dep_ == "prep":
        start_i = parts[0].i + 1
    plan = next((c for c in list(parts[0].children) + list(verb.rights) if c.dep_ in ("acl", "xcomp", "advcl") and any(
        a.dep_ == "aux" and a.tag_ == "TO" for a in c.children)), None) if parts[0].lower_ in _PLAN_NOUNS else None
    if plan is not None:
        start_i, end_i = plan.left_edge.i, plan.right_edge.i + 1  # "announced plans to give ...": the plan
    end_i = misparsed_tail(verb, end_i)
    end_i = before_sibling_cue(doc, parts[-1], start_i, end_i)
    end_i = before_aside(doc, start_i, end_i, nominal=True)
    tokens = [t for t in doc[start_i:end_i] if not t.is_space]
    words = [t for t in tokens if not t.is_punct]
    if len(words) < 2 and not (words and words[0].tag_ in ("NN", "NNS", "NNP", "NNPS") and not label and (
            words[0].ent_type_ not in ("DATE", "TIME"))):
        return None  # one word only when it is a noun: "mentioned Machado", "vow consequences"
    return _piece_bounds(text, tokens)


def _circumstance(prep: Token) -> bool:
    """A when or where of the report, not part of it: "during a campaign stop", "on Tuesday"."""
    return prep.lower_ in _CIRCUMSTANCE_PREPS or any(
        c.dep_ == "pobj" and c.ent_type_ in ("DATE", "TIME") for c in prep.children)


_CIRCUMSTANCE_PREPS = frozenset({"during", "after", "before", "since", "at", "while", "amid", "despite"})


def _clause_bounds(doc: Doc, text: str, head: Token, verb: Token) -> tuple[int, int] | None:
    """Character bounds of a clause: no leading "that", no trailing comma or final period."""
    start_i, end_i = head.left_edge.i, head.right_edge.i + 1
    if head.i > verb.i:
        end_i = misparsed_tail(verb, end_i)
    # A clause the parser let run past its cue ("X, he said") stops before the cue.
    if start_i < verb.i < end_i:
        end_i = verb.i if head.i < verb.i else end_i
        start_i = start_i if head.i < verb.i else verb.i + 1
    end_i = before_sibling_cue(doc, head, start_i, end_i)
    end_i = before_aside(doc, start_i, end_i)
    end_i = before_semicolon(doc, start_i, end_i)
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


def _inside_quote(start: int, end: int, quotes: list[QuoteSpan], text: str) -> bool:
    """True when every word of the clause lies within direct quotes (it is that quote's content).

    A clause with words of its own around a quoted stretch is a mixed quote and stays reported speech.
    """
    outside = [text[max(start, a) : min(end, b)] for a, b in _gaps(start, end, quotes)]
    return word_count(" ".join(outside)) == 0


def _gaps(start: int, end: int, quotes: list[QuoteSpan]) -> list[tuple[int, int]]:
    gaps, cursor = [], start
    for q in quotes:
        if q.end <= start or q.start >= end:
            continue
        if q.start > cursor:
            gaps.append((cursor, q.start))
        cursor = max(cursor, q.end)
    if cursor < end:
        gaps.append((cursor, end))
    return gaps


def _fit_quotes(text: str, start: int, end: int, quotes: list[QuoteSpan]) -> tuple[int, int]:
    """Never end a clause inside a quote it opened, nor start one inside a quote it closes (the parser
    leaves the opening mark of “budget cuts” and ... to the verb); take in a quote that closes its sentence."""
    for q in quotes:
        if q.start < start < q.end <= end and not text[q.start + 1 : start].strip(ALL_MARKS + " "):
            start = q.start
        if start <= q.start < end < q.end:
            end = q.end
        elif q.start >= end and not text[end : q.start].strip() and q.start - end < 3:
            after = text[q.end : q.end + 2]
            if q.inner(text)[-1:] in ".!?" or not after.strip():
                end = q.end
    return start, end


def _according(doc: Doc, cue: Token, quotes: list[QuoteSpan]) -> tuple[int, int] | None:
    """The rest of an "according to X" sentence."""
    sent = cue.sent
    phrase = {t.i for t in cue.subtree}
    words = [t for t in sent if not t.is_space]
    if words and words[0].i == cue.i and len(phrase) >= len(words) - 1:
        # "According to X, the move reeks of fear": the parser hung the sentence on "According"; the
        # source phrase ends at the first comma.
        comma = next((t.i for t in words if t.text == ","), None)
        phrase = set(range(cue.i, comma + 1)) if comma is not None else phrase
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


def _piece_bounds(text: str, tokens: list[Token]) -> tuple[int, int] | None:
    """Character bounds of a run of tokens without edge punctuation (closing quote marks stay)."""
    while tokens and (tokens[0].is_punct or tokens[0].is_space) and tokens[0].text not in ALL_MARKS:
        tokens = tokens[1:]
    while tokens and (tokens[-1].is_punct or tokens[-1].is_space) and tokens[-1].text not in ALL_MARKS:
        tokens = tokens[:-1]
    if not any(t.is_alpha or t.like_num for t in tokens):
        return None
    if tokens[0].dep_ == "prep" and not any(t.tag_.startswith("VB") or t.tag_ == "MD" for t in tokens):
        return None  # "During his years in office, he said, ...": the writer's when or where, no report
    return tokens[0].idx, tokens[-1].idx + len(tokens[-1].text)


def _parenthetical(doc: Doc, text: str, cue: Token) -> list[tuple[int, int]]:
    """ "A, X said, B." and "A, X said.": the clause around a cue the parser hung on it (parataxis).

    The clause is reported in two pieces around the attribution, like a split direct quote; the left
    piece alone must be a clause of its own.
    """
    head = cue.head
    lo, hi = cue.left_edge.i, cue.right_edge.i
    clause = [t for t in head.subtree if not lo <= t.i <= hi and t.sent == cue.sent]
    left = [t for t in clause if t.i < lo]
    right = [t for t in clause if t.i > hi]
    bounds = [_piece_bounds(text, left), _piece_bounds(text, right)]
    if bounds[1] is None and (bounds[0] is None or len(left) < _MIN_TOKENS + 1):
        return []
    return [b for b in bounds if b is not None]


def _noun_report(doc: Doc, text: str, noun: Token, quotes: list[QuoteSpan]) -> Found | None:
    """ "Trump's claim that there were thousands of shootings": a speech noun whose owner said the
    "that"-clause it heads."""
    if noun.tag_ not in ("NN", "NNS"):
        return None
    owner = next((c for c in noun.children if c.dep_ == "poss"), None)
    clause = next((c for c in noun.children if c.dep_ in ("acl", "ccomp") and any(
        m.dep_ == "mark" and m.lower_ == "that" for m in c.children)), None)
    if owner is None or clause is None:
        return None
    bounds = _clause_bounds(doc, text, clause, noun)
    if bounds is None:
        return None
    start, end = _fit_quotes(text, *bounds, quotes)
    return Found(start, end, "indirect", (noun.idx, noun.idx + len(noun.text)), source_phrase(owner), 0.6)


def _interrupting(doc: Doc, text: str, cue: Token) -> list[tuple[int, int]]:
    """ "The museum, Mr. Obama said, would make visitors face hard truths.": an attribution set off by
    commas inside the sentence it reports, which the parser made the sentence's root. Both pieces."""
    source = cue_source(cue, True)
    sent = cue.sent
    if cue.dep_ != "ROOT" or source is None or source.end != cue.i or source.start - 1 <= sent.start or (
            doc[source.start - 1].text != ","):
        return []
    close = next((k for k in range(cue.i + 1, min(sent.end, cue.i + 8)) if doc[k].text == ","), None)
    if close is None or any(is_cue(t, True) or t.text in ALL_MARKS for t in doc[cue.i + 1 : close]):
        return []
    left = _piece_bounds(text, [t for t in doc[sent.start : source.start - 1] if not t.is_space])
    right = _piece_bounds(text, [t for t in doc[close + 1 : sent.end] if not t.is_space])
    if left is None or right is None or word_count(text[right[0] : right[1]]) < _MIN_TOKENS:
        return []
    return [left, right]


def _before_final_noun_cue(text: str, cue: Token) -> list[tuple[int, int]]:
    """ "Crime is falling, the former chief maintains.": the clause before a sentence-final cue the
    tagger took for a noun (its subject's words hang on it)."""
    sent = cue.sent
    after = [t for t in sent if t.i > cue.i and not (t.is_punct or t.is_space)]
    comma = cue.left_edge.i - 1
    if after or comma <= sent.start or cue.doc[comma].text != ",":
        return []
    bounds = _piece_bounds(text, [t for t in sent if t.i < comma])
    if bounds is None or word_count(text[bounds[0] : bounds[1]]) < _MIN_TOKENS:
        return []
    return [bounds]


def _unrealised(verb: Token) -> bool:
    """A cue nothing was said under: an infinitive under a verb that is no report itself ("refused to
    testify", "declined to threaten or declare"), or a negated cue in a condition or a relative clause
    ("if they did not confirm their address", "groups that don't disclose their donors")."""
    if any(c.dep_ == "neg" for c in verb.children) and (verb.dep_ == "relcl" or any(
            c.dep_ == "mark" and c.lower_ in ("if", "unless") for c in verb.children)):
        return True
    if not any(c.dep_ == "aux" and c.tag_ == "TO" for c in verb.children):
        return verb.dep_ == "conj" and verb.head.i != verb.i and verb.head.tag_ == "VB" and _unrealised(verb.head)
    head = verb.head
    went_on = head.lower_ in ("went", "go", "goes", "going", "gone")  # "went on to say"
    return head.i == verb.i or not (is_cue(head, True) or went_on)


def _label(doc: Doc, text: str, verb: Token, quotes: list[QuoteSpan]) -> list[Found]:
    """ "called X “Y”", "condemned X as “Y”": the object and its quoted label, when there is one."""
    bounds = _object_content(doc, text, verb, label=True)
    if bounds is None or not any(bounds[0] <= q.start < bounds[1] for q in quotes):
        return []
    start, end = _fit_quotes(text, *bounds, quotes)
    end = label_end(text, start, end, quotes)
    return [Found(start, end, "indirect", (verb.idx, verb.idx + len(verb.text)), cue_source(verb, True), 0.7)]


def _colon_block(doc: Doc, text: str, colon: Token, quotes: list[QuoteSpan]) -> Found | None:
    """ "The governor added:" closing a paragraph, then the words in the next paragraph without marks."""
    nxt = colon.i + 1
    if nxt >= len(doc) or not (doc[nxt].is_space and "\n" in doc[nxt].text):
        return None
    cue = next((t for t in doc[max(0, colon.i - 3) : colon.i] if is_cue(t, True)), None)
    if cue is None or cue.lower_ == "according" or cue.tag_ == "VB":
        return None  # "Read more:" is an imperative, not an attribution
    source = cue_source(cue, True)
    if source is None:
        return None
    start = doc[nxt].idx + len(doc[nxt].text)
    line_end = text.find("\n", start)
    end = len(text) if line_end < 0 else line_end
    while end > start and text[end - 1] in _TRIM_END:
        end -= 1
    if end <= start or text[start] in ALL_MARKS or any(start <= q.start < end for q in quotes):
        return None
    if word_count(text[start:end]) < _MIN_TOKENS:
        return None
    return Found(start, end, "indirect", (cue.idx, cue.idx + len(cue.text)), source, 0.7)


# The writer's links between sentences, not the speaker's words: "But the goal is not revenue, she said."
_CONNECTIVE = re.compile(r"(?:(?:and|but|yet)\s+|(?:however|moreover|furthermore|nevertheless|nonetheless|"
                         r"meanwhile|in addition|in fact|of course),\s+)", re.I)


def _after_connective(text: str, start: int, end: int) -> int:
    """The start of a reported clause past a connective it opens with ("But ", "However, ")."""
    m = _CONNECTIVE.match(text, start, end)
    return m.end() if m and word_count(text[m.end() : end]) >= _MIN_TOKENS else start


def _ends_sentence(doc: Doc, verb: Token) -> bool:
    """True when nothing but the cue's own phrase and punctuation follows it in the sentence."""
    after = doc[verb.i + 1 : verb.sent.end]
    return all(t.is_punct or t.is_space or verb in t.ancestors for t in after) and not any(
        c.dep_ in ("ccomp", "dobj", "xcomp") and c.i > verb.i for c in verb.children)


def _not_said(cue: Token, content: str) -> bool:
    """True for contents nobody said: a question put to someone, or an anonymity formula."""
    low = content.lower()
    if cue.lower_ in _ASK_FORMS and low.startswith(_QUESTION_WORDS):
        return True
    return low.startswith(_BOILERPLATE)


def _nested_in(item: Found, others: list[Found]) -> bool:
    """True when an attribution, cue and clause, lies inside another attribution's clause."""
    return any(
        o is not item and o.start <= item.start and item.end <= o.end and o.start <= item.cue[0] < o.end
        for o in others
    )


def find_reported(doc: Doc, text: str, quotes: list[QuoteSpan]) -> list[Found]:
    """Every speech verb with a complement clause that is not itself a direct quote."""
    found: list[Found] = []
    for tok in doc:
        if tok.text == ":" and (block := _colon_block(doc, text, tok, quotes)) is not None:
            found.append(block)
        low = tok.lower_
        if low not in SPEECH_FORMS and low not in _LABEL_FORMS and low != "according":
            continue  # most words: no cue, nothing to look at (the checks below walk the parse)
        if _unrealised(tok):
            continue  # "refusing to testify about", "if they did not confirm": nothing was said
        if not is_cue(tok, True):
            if tok.lower_ in _LABEL_FORMS and tok.tag_.startswith("VB"):
                found += _label(doc, text, tok, quotes)
            elif (noun := _noun_report(doc, text, tok, quotes)) is not None:
                found.append(noun)
            continue
        if tok.lower_ == "according":
            bounds = _according(doc, tok, quotes)
            spans = [bounds] if bounds else []
        else:
            spans = joined(doc, text, [b for h in _complements(tok) if (b := _clause_bounds(doc, text, h, tok))])
            if spans and all(e <= tok.idx for _, e in spans) and _ends_sentence(doc, tok):
                # "A, but B, the source added": everything before a final attribution is one report.
                first = next(t for t in tok.sent if not (t.is_space or t.is_punct) or t.text in ALL_MARKS)
                spans = [(min(first.idx, spans[0][0]), spans[-1][1])]
            if not spans and tok.dep_ == "parataxis" and tok.head.i != tok.i:
                spans = _parenthetical(doc, text, tok)
            if not spans:
                spans = _interrupting(doc, text, tok)
            if not spans and tok.tag_ == "NNS":
                spans = _before_final_noun_cue(text, tok)
            if not spans and (obj := _object_content(doc, text, tok)) is not None:
                spans = [obj]
        source: Span | None = cue_source(tok, True) if spans else None
        for start, end in (_fit_quotes(text, _after_connective(text, a, untailed(text, a, b)), untailed(text, a, b),
                                       quotes) for a, b in spans):
            if _inside_quote(start, end, quotes, text) or _not_said(tok, text[start:end]):
                continue
            found.append(Found(start, end, "indirect", (tok.idx, tok.idx + len(tok.text)), source, 0.8))
    # Univocal attributions: a report inside another report's clause belongs to that clause.
    return [f for f in found if not _nested_in(f, found)]
