"""Cue verbs and their sources: which token reports the speech and which noun phrase speaks."""

from __future__ import annotations

from spacy.tokens import Doc, Span, Token

from annotator.nlp.lexicon import (
    AMBIGUOUS_FORMS,
    GROUP_PRONOUNS,
    MEDIA_NOUNS,
    PERSON_PRONOUNS,
    PRONOUNS,
    ROLE_NOUNS,
    SELF_PRONOUNS,
    SPEECH_FORMS,
)

_SUBJECTS = ("nsubj", "nsubjpass", "csubj")
# Pronouns that can name a speaker next to a cue ("said he"); "that", "which", "it" open the content.
_PERSONAL = PERSON_PRONOUNS | GROUP_PRONOUNS | SELF_PRONOUNS
# Right-hand dependents kept in a source phrase: "the Minister of Foreign Affairs", "spokesman for X".
_SOURCE_PREPS = frozenset({"of", "for", "at"})


def has_parse(doc: Doc) -> bool:
    """True when the doc carries dependency arcs (a trained parser ran)."""
    return doc.has_annotation("DEP")


def is_cue(token: Token, parsed: bool) -> bool:
    """True for a speech verb ("said", "adding", "told") or the "according" of "according to"."""
    low = token.lower_
    if low == "according":
        return any(c.lower_ == "to" for c in token.children) if parsed else _next_is_to(token)
    if low not in SPEECH_FORMS:
        return False
    if parsed:
        return token.tag_.startswith("VB") or _verb_tagged_as_noun(token)
    return low not in AMBIGUOUS_FORMS


def _verb_tagged_as_noun(token: Token) -> bool:
    """ "Trump claims that ...", "..., the doctor maintains.": a present-tense cue the tagger took for a
    plural noun, recognisable by the clause it governs."""
    if token.tag_ != "NNS" or not token.lower_.endswith("s"):
        return False
    doc, left = token.doc, token.left_edge.i
    if left > token.sent.start and doc[left - 1].text == "," and all(
            t.is_punct or t.is_space for t in doc[token.i + 1 : token.sent.end]):
        return True  # ends its sentence after a comma: "..., the chief maintains."
    return any(c.dep_ == "ccomp" or (c.dep_ in ("acl", "relcl") and any(
        m.dep_ == "mark" and m.lower_ == "that" for m in c.children)) for c in token.children)


def _next_is_to(token: Token) -> bool:
    return token.i + 1 < len(token.doc) and token.doc[token.i + 1].lower_ == "to"


def _subject_of(verb: Token) -> Token | None:
    """The subject of a verb, borrowed from the governing verb for "adding", "and said", "to say"."""
    for _ in range(3):
        subjects = [_past_dateline(c) for c in verb.children if c.dep_ in _SUBJECTS]
        subjects = [c for c in subjects if c is not None]
        if subjects:
            # "TEHRAN – Iran's minister told": of two subjects, the one nearest the verb.
            return min(subjects, key=lambda c: abs(c.i - verb.i))
        if verb.tag_ == "NNS":
            # A cue tagged as a noun has its speaker as a modifier: "the former doctor maintains".
            mods = [c for c in verb.lefts if c.dep_ in ("compound", "nmod", "amod") and c.pos_ in ("NOUN", "PROPN")]
            if mods:
                return mods[-1]
        # Passive "was told by X" names its source in the agent phrase.
        for child in verb.children:
            if child.dep_ == "agent":
                for grand in child.children:
                    if grand.dep_ == "pobj":
                        return grand
        if verb.dep_ == "acl" and verb.head.lower_ in MEDIA_NOUNS and verb.head.dep_ in ("dobj", "pobj"):
            # "she said at a news conference announcing", "the Council issued a statement calling": the
            # medium's speaker is the subject of the verb that holds the medium.
            holder = verb.head.head if verb.head.dep_ == "dobj" else verb.head.head.head
            if holder.i != verb.i and holder.pos_ in ("VERB", "AUX"):
                verb = holder
                continue
        if verb.dep_ == "acl" and verb.head.pos_ in ("NOUN", "PROPN", "PRON"):
            return verb.head  # "footage of Trump saying ...", "one saying that ..."
        if verb.dep_ in ("conj", "advcl", "xcomp", "acl") and verb.head.i != verb.i:
            verb = verb.head
        elif verb.dep_ == "pcomp" and verb.head.head.i != verb.head.i:
            verb = verb.head.head  # "by announcing", "before asking her": the subject of the main verb
        else:
            break
    return None


def _past_dateline(subject: Token) -> Token | None:
    """A subject, or for a dateline the parser took for one the name it hung on it ("WASHINGTON -- President
    Obama, opening the museum, said": Obama), else None."""
    if not _is_dateline(subject):
        return subject
    return next((c for c in subject.rights if c.dep_ == "appos" and c.pos_ in ("PROPN", "NOUN")), None)


def _is_dateline(token: Token) -> bool:
    """A dateline ("TEHRAN –", "Tehran (IP)-") the parser took for a subject."""
    doc = token.doc
    at_start = token.i == 0 or (doc[token.i - 1].is_space and "\n" in doc[token.i - 1].text)
    nxt = doc[token.i + 1].text if token.i + 1 < len(doc) else ""
    # "WASHINGTON, Sept. 3" is a dateline; "Rendell, a Clinton surrogate, said" is a subject with an apposition;
    # "Kall -- co-editor of ... -- said": before a dash, only a place (or a word in capitals) is a dateline.
    place = token.text.isupper() or token.ent_type_ == "GPE"
    return at_start and (nxt[:1] == "(" or nxt[:1] in "–—-" and place or nxt == "," and token.text.isupper()) and (
        token.text[:1].isupper())


def source_phrase(head: Token) -> Span:
    """The noun phrase around a source head, without relative clauses and trailing comments."""
    doc = head.doc
    start = head.left_edge.i
    # A left edge that is punctuation or a clause marker belongs to something else.
    while start < head.i and (doc[start].is_punct or doc[start].is_space):
        start += 1
    end = head.i + 1
    for child in head.rights:
        if child.dep_ in ("compound", "flat", "nummod") or (
            child.dep_ == "prep" and child.lower_ in _SOURCE_PREPS
        ):
            end = max(end, child.right_edge.i + 1)
        elif child.dep_ == "cc" or child.dep_ == "conj":
            end = max(end, child.right_edge.i + 1)  # "officials and media outlets"
        else:
            break
    return doc[start:end]


def cue_source(cue: Token, parsed: bool) -> Span | None:
    """The source phrase of a cue: its subject, the object of "according to", or a nearby name."""
    doc = cue.doc
    if parsed:
        if cue.lower_ == "according":
            for to in cue.children:
                for obj in to.children:
                    if obj.dep_ == "pobj":
                        return source_phrase(obj)
            return None
        subject = _subject_of(cue)
        if subject is not None and subject.lower_ not in ("that", "which", "who"):
            return source_phrase(subject)
        if subject is not None and antecedent(subject) is not None:
            return doc[subject.i : subject.i + 1]  # "officials who said": "who", resolved to "officials"
    return _adjacent_name(doc, cue)


def antecedent(pronoun: Token) -> Span | None:
    """The phrase a relative pronoun subject stands for: "officials" of "officials who said"."""
    if pronoun.lower_ not in ("who", "which", "that") or pronoun.dep_ != "nsubj" or pronoun.head.dep_ != "relcl":
        return None
    return source_phrase(pronoun.head.head)


def _name_like(token: Token) -> bool:
    return (token.text[:1].isupper() and token.is_alpha) or token.lower_ in _PERSONAL or token.lower_ in (
        ROLE_NOUNS
    )


def _adjacent_name(doc: Doc, cue: Token) -> Span | None:
    """Without a parse: the capitalised words or pronoun right after or right before the cue."""
    i = cue.i + 1
    if cue.lower_ == "according":
        i += 1
    j = i
    while j < len(doc) and j < i + 5 and (_name_like(doc[j]) or doc[j].lower_ in ("the", "'s", "’s")):
        j += 1
    if j > i and doc[j - 1].lower_ not in ("the",):
        return doc[i:j]
    k = cue.i
    while k > 0 and k > cue.i - 6 and (_name_like(doc[k - 1]) or doc[k - 1].lower_ in ("the", "'s", "’s")):
        k -= 1
    return doc[k : cue.i] if k < cue.i else None


def is_pronoun(span: Span) -> bool:
    """True when the phrase is a bare pronoun such as "he" or "they"."""
    return len(span) == 1 and span[0].lower_ in PRONOUNS
