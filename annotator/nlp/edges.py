"""Where a reported clause ends: before the writer's asides, a semicolon, a dangling "and", the speaker's
second report, or the writer's when and where after a quoted label; and where the parser cut one in two."""

from __future__ import annotations

import re

from spacy.tokens import Doc, Token

from annotator.nlp.cues import is_cue
from annotator.nlp.lexicon import LABEL_FORMS, verb_forms
from annotator.nlp.quotes import ALL_MARKS, QuoteSpan

_MIN_TOKENS = 3

# Verbs of a second report by the same speaker, beside the speech verbs: "... and called for ...",
# "... and encouraged Americans to ...".
_SECOND_REPORT_FORMS = LABEL_FORMS | frozenset(
    form for lemma in "encourage invite implore beg plead appeal".split() for form in verb_forms(lemma))


def has_subject(head: Token) -> bool:
    """True when a clause head has a subject of its own (not a relative "that" or "which")."""
    return any(c.dep_ in ("nsubj", "nsubjpass", "expl") and c.lower_ not in ("that", "which") for c in head.children)


def misparsed_tail(verb: Token, end_i: int) -> int:
    """Extend a clause over "and X" pieces the parser hung on the cue verb instead of the clause (a clause of
    its own only when quoted: "said it is “a big problem” but “nobody dares say so”")."""
    doc = verb.doc
    for child in verb.rights:
        if child.i < end_i or child.dep_ == "cc":
            continue
        is_verb = child.tag_.startswith("VB")
        quoted = doc[child.left_edge.i].text in ALL_MARKS  # "... but “nobody has the guts”": the speaker's
        if child.dep_ == "conj" and (quoted or not (is_verb and (has_subject(child) or is_cue(child, True)))):
            end_i = child.right_edge.i + 1
        else:
            break
    return end_i


def before_sibling_cue(doc: Doc, head: Token, start_i: int, end_i: int) -> int:
    """End a clause before a second report of the speaker: "..., arguing that ...", "... and warned ..."."""
    for tok in doc[head.i + 1 : end_i]:
        second = is_cue(tok, True) or tok.dep_ == "conj" and tok.tag_ in ("VBD", "VBZ") and (
            tok.lower_ in _SECOND_REPORT_FORMS)
        # "... show up at a hearing to assert their rights": an infinitive of purpose is no second report.
        purpose = any(c.dep_ == "aux" and c.tag_ == "TO" for c in tok.children)
        if tok.dep_ in ("advcl", "conj") and second and not has_subject(tok) and not purpose:
            end_i = tok.left_edge.i
            while end_i > start_i and (doc[end_i - 1].dep_ in ("cc", "punct") or doc[end_i - 1].is_space):
                end_i -= 1
            break
    return end_i


_ASIDE_PUNCT = frozenset({",", "--", "—", "–", "-", ";"})
_CONCESSIVE = frozenset({"although", "though"})


def _is_aside(tok: Token) -> bool:
    """A comment the writer hangs on a reported clause: ", which ...", ", the ...", ", although ..."."""
    if tok.dep_ == "appos":
        return True
    if tok.dep_ == "relcl":
        return tok.left_edge.lower_ in ("which", "who", "whose", "whom")
    if tok.dep_ == "advcl":
        return any(c.dep_ == "mark" and c.lower_ in _CONCESSIVE for c in tok.children) or (
            tok.tag_ == "VBG" and tok.left_edge.i == tok.i)
    return False


def before_aside(doc: Doc, start_i: int, end_i: int, nominal: bool = False) -> int:
    """End a reported clause before a trailing aside set off by a comma or dash.

    In a ``nominal`` content (an object: "the death of X in Tulsa, Oklahoma") a name after a comma is
    part of the noun phrase; only a dash sets an apposition off as the writer's.
    """
    last = end_i - 1
    while last > start_i and (doc[last].is_punct or doc[last].is_space) and doc[last].text not in ALL_MARKS:
        last -= 1
    for tok in doc[start_i + 2 : last + 1]:
        left = tok.left_edge.i
        if left - 1 <= start_i + 1 or doc[left - 1].text not in _ASIDE_PUNCT or tok.right_edge.i < last:
            continue
        if nominal and tok.dep_ == "appos" and doc[left - 1].text == ",":
            continue
        if _is_aside(tok):
            return left - 1
    return end_i


def before_semicolon(doc: Doc, start_i: int, end_i: int) -> int:
    """End a reported clause at a semicolon outside quotation marks: what follows is a sentence of its own
    ("the timing was not intentional; they only learned on Friday ...")."""
    marks = 0
    for tok in doc[start_i:end_i]:
        marks += tok.is_quote
        if tok.text == ";" and tok.i >= start_i + _MIN_TOKENS and marks % 2 == 0:
            return tok.i
    return end_i


_WHEN_WHERE = re.compile(r"[\s,]*(?:(?:during|at|in|on|after|before|while|amid|since)\b|(?:monday|tuesday|"
                         r"wednesday|thursday|friday|saturday|sunday|yesterday|today|tonight)\b|[—–]|--?\s)", re.I)


def label_end(text: str, start: int, end: int, quotes: list[QuoteSpan]) -> int:
    """The end of a quoted label's report: its last quote, when what follows is the writer's when or where
    ("called it a “crazy system” during a stop in Flint") or an aside after a dash."""
    last = max((q for q in quotes if start <= q.start and q.end <= end), key=lambda q: q.end, default=None)
    if last is None or last.end >= end or not _WHEN_WHERE.match(text, last.end, end):
        return end
    return last.end


# A conjunction or dash left at a clause's end where the parser cut the next clause off: "X, and", "Y --".
_DANGLING = re.compile(r"(?:[\s,]+(?:and|or|but)|\s*(?:--|[—–-]))[\s,]*$", re.I)


def untailed(text: str, start: int, end: int) -> int:
    """The end of a reported clause without a dangling "and" or dash."""
    while (m := _DANGLING.search(text, start, end)) and m.start() > start:
        end = m.start()  # "... more intense — and": both go
    return end


_GLUE = re.compile(r"\s*(?:(?:that|who|which)\s+)?", re.I)


def joined(doc: Doc, text: str, spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Complement clauses of one cue that touch, as one: the parser cut "... four provisions in the tax code
    that address how ..." into two clauses of "said"; nothing but a space (or a relative word) between them
    means one stretch of words said, unless the second holds a report or a label of its own ("... and
    Democrats / accused the GOP of ...", or a sentence whose full stop is missing)."""
    out: list[tuple[int, int]] = []
    for start, end in sorted(spans):
        if out and out[-1][1] <= start and _GLUE.fullmatch(text, out[-1][1], start) and not _holds_cue(
                doc, start, end):
            out[-1] = (out[-1][0], end)
        else:
            out.append((start, end))
    return out


def _holds_cue(doc: Doc, start: int, end: int) -> bool:
    span = doc.char_span(start, end, alignment_mode="expand")
    return span is None or any(is_cue(t, True) or t.lower_ in LABEL_FORMS and t.tag_.startswith("VB") for t in span)
