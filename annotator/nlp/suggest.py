"""The public entry of the NLP layer: text in, quote suggestions out. Never writes a store."""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Sequence

from spacy.language import Language
from spacy.tokens import Doc, Span

from annotator.core.model import Label, Speaker, Suggestion
from annotator.nlp.attribution import Found, attribute_quotes
from annotator.nlp.candidates import find_candidates
from annotator.nlp.cues import has_parse
from annotator.nlp.pipeline import PIPELINE_VERSION, is_degraded, load_pipeline, parse, parse_many
from annotator.nlp.quotes import ALL_MARKS, find_quotes, looks_like_title, word_count
from annotator.nlp.reported import find_reported
from annotator.nlp.roles import title_before
from annotator.nlp.speakers import Resolved, SpeakerResolver
from annotator.nlp.topics import TopicMatcher

# Quoted fragments this short with no cue of their own are scare quotes, not quotations.
MIN_FRAGMENT_WORDS = 4
# A phrase quoted inside a sentence, not introduced by "said:" or "said,", needs this many words.
MIN_EMBEDDED_WORDS = 4
# An unattributed quote continues the previous speaker only across this many paragraph breaks.
MAX_CONTINUATION_BREAKS = 2
# The score of a quote the rules set aside, offered only to a trained suggestion filter (no rule scores this low).
LOOSE_SCORE = 0.1
_NOBODY = Resolved(None, None)
_HEADLINE = re.compile(r"^(?P<who>[A-Z][^\W\d_][\w’'.\- ]{0,40}?):[ \t]+(?P<what>\S[^\n]{10,200}?)[ \t]*$", re.M)
# A transcript line: a speaker label in capitals ("PENCE:", "CHRIS WALLACE:"), then the words.
_SPEAKER_LABEL = re.compile(
    r"^[\"“]?(?P<who>[A-Z][A-Z.’'\-]+(?: [A-Z][A-Z.’'\-]+){0,2}):[ \t]+(?P<what>\S[^\n]*)$", re.M
)
# A headline's lead-in that holds one of these is a topic ("Stealth Over Health:", "Obama on Climate Change:"),
# not a speaker: a speaker's name and title take "of" at most ("Secretary of State").
_TOPIC_WORDS = re.compile(r"\b(?:over|on|in|with|after|before|for|about|against|vs)\b", re.I)
_NOT_SOURCES = frozenset({"read more", "related news", "note", "editor's note", "update", "photo", "source",
                          "watch", "see also", "related", "advertisement", "image", "video", "caption",
                          # rubrics a headline may open with: a section label, not a speaker
                          "long read", "the long read", "analysis", "opinion", "explainer", "live", "comment",
                          "exclusive", "breaking", "in pictures", "podcast", "factcheck", "fact check",
                          "review", "interview", "profile", "obituary", "letters", "editorial",
                          # the paper's own notes on the story
                          "clarification", "correction", "disclosure", "disclaimer"})


class Suggester:
    """Suggests direct and reported quotes with speakers, cues and keyword topics."""

    def __init__(self, nlp: Language | None = None, model: str | None = None):
        if nlp is None:
            nlp, degraded = load_pipeline(model)
        else:
            degraded = is_degraded(nlp)
        self.nlp = nlp
        self.degraded = degraded
        self.version = PIPELINE_VERSION + ("-degraded" if degraded else "")

    def suggest(self, text: str, topics: Sequence[Label] = (), registry: Sequence[Speaker] = ()) -> list[Suggestion]:
        """Suggestions for one text (of any length: a long one is parsed in pieces), in text order."""
        return self.from_doc(parse(self.nlp, text), topics, registry)

    def suggest_many(
        self,
        texts: Iterable[str],
        topics: Sequence[Label] = (),
        registry: Sequence[Speaker] = (),
        n_process: int = 1,
    ) -> Iterator[list[Suggestion] | Exception]:
        """Suggestions for many texts, parsed in batches (and processes), one list per text in order.

        A text that cannot be parsed or suggested for gives the exception instead of a list, and the
        others go on.
        """
        for doc in parse_many(self.nlp, texts, n_process=n_process, batch_size=16):
            if isinstance(doc, Exception):
                yield doc
                continue
            try:
                yield self.from_doc(doc, topics, registry)
            except Exception as exc:  # noqa: BLE001 - one article's failure is the caller's to report
                yield exc

    def from_doc(self, doc: Doc, topics: Sequence[Label] = (), registry: Sequence[Speaker] = ()) -> list[Suggestion]:
        """Suggestions for an already parsed doc."""
        matcher = TopicMatcher(topics)
        out = []
        text = doc.text
        for item, who in find_all(doc, registry, text):
            snippet = text[item.start : item.end]
            out.append(
                Suggestion(
                    item.start, item.end, item.kind, who.speaker_name, who.span, item.cue,
                    matcher.topics_for(snippet), round(item.score, 2), role=title_before(text, who.span),
                )
            )
        return out


def _headlines(doc: Doc, text: str) -> list[Found]:
    """Headline attributions: "Minister: Iran ready for talks" or "Warren Hammers CEO: ‘You Should Go.’"."""
    found = []
    for m in _HEADLINE.finditer(text):
        who, what = m.group("who").strip(), m.group("what")
        quoted = _whole_quote(what)
        not_source = who.lower().replace("’", "'") in _NOT_SOURCES or _TOPIC_WORDS.search(who) is not None
        # A quoted headline may name its speaker in a short clause ("Warren Hammers Wells Fargo CEO").
        if not_source or len(who.split()) > (7 if quoted else 5) or (what[:1] in ALL_MARKS and not quoted):
            continue
        if what.rstrip().endswith(":") or word_count(what) > 25 or (
                what.rstrip().endswith(".") and not _title_case(what) and not quoted):
            continue  # a sentence or a lead-in, not a headline
        source = doc.char_span(m.start("who"), m.start("who") + len(who), alignment_mode="expand")
        if quoted and source is not None:
            source = _headline_speaker(doc, source)
        colon = m.end("who")
        start, end = m.start("what"), m.end("what")
        while not quoted and text[end - 1] in ".;:" and text[end - 2 : end - 1] not in ALL_MARKS:
            end -= 1  # a reported clause ends before the sentence's full stop
        kind = "direct" if quoted else "indirect"
        found.append(Found(start, end, kind, (colon, colon + 1), source, 0.4, headline=True))
    return found


def _headline_speaker(doc: Doc, clause: Span) -> Span:
    """The name inside a headline's speaker clause ("Warren Hammers Wells Fargo CEO" -> "Warren").

    Title case misleads the tagger, so the name is the longest person or organisation the article's
    body names that the clause contains; failing that, the clause's first entity, or the clause.
    """
    body = {e.text for e in doc.ents if e.start_char >= clause.end_char and e.label_ in ("PERSON", "ORG")}
    words = clause.text
    best = max((n for n in body if f"{n} " in f"{words} " and len(n.split()) <= len(clause) - 1), key=len,
               default=None)
    if best is not None:
        at = clause.start_char + words.index(best)
        span = doc.char_span(at, at + len(best), alignment_mode="expand")
        if span is not None:
            return span
    return next((e for e in clause.ents if e.label_ in ("PERSON", "ORG")), clause)


def _whole_quote(what: str) -> bool:
    """True when a headline's words are one quotation: ‘You Should Be Investigated.’"""
    body = what.rstrip().rstrip(".")
    return len(body) > 2 and body[0] in ALL_MARKS and body[-1] in ALL_MARKS and not any(
        ch in ALL_MARKS.replace("'", "").replace("’", "") for ch in body[1:-1])


def _title_case(line: str) -> bool:
    """Most words capitalised, as in a headline ("Donald Trump Is Right on Chicago.")."""
    words = re.findall(r"[^\W\d_][\w’'\-]*", line)
    return len(words) >= 3 and sum(w[0].isupper() for w in words) >= 0.7 * len(words)


def _transcript(doc: Doc, text: str) -> list[Found]:
    """Interview transcripts: a paragraph opened by a speaker label in capitals, "PENCE: Well, ..."."""
    found = []
    for m in _SPEAKER_LABEL.finditer(text):
        who = m.group("who")
        if who.lower() in _NOT_SOURCES or word_count(m.group("what")) < 3:
            continue
        start, end = m.start("what"), m.end("what")
        while end > start and text[end - 1] in " \t\"”.,;:":
            end -= 1
        source = doc.char_span(m.start("who"), m.end("who"), alignment_mode="expand")
        colon = m.end("who")
        found.append(Found(start, end, "indirect", (colon, colon + 1), source, 0.5))
    return found


def _breaks_between(text: str, a: int, b: int) -> int:
    return text.count("\n", a, b) if a < b else 0


def find_all(doc: Doc, registry: Sequence[Speaker] = (), text: str | None = None,
             loose: bool = False) -> list[tuple[Found, Resolved]]:
    """Every quote and reported clause of a parsed doc with its resolved speaker, in text order.

    With ``loose``, the quotes the rules set aside (titles, short quoted phrases, quotes with no speaker
    to continue) come too, scored LOOSE_SCORE, for a trained filter to judge.
    """
    text = doc.text if text is None else text
    quotes = find_quotes(text)
    parsed = has_parse(doc)
    items = attribute_quotes(doc, text, quotes, parsed)
    items += find_reported(doc, text, quotes) if parsed else []
    items += find_candidates(doc, text, quotes, items) if parsed else []
    lines = _transcript(doc, text)
    # An interview printed as one long quote, each paragraph reopened: its speaker labels split it.
    items = [f for f in items if not (f.kind == "direct" and "\n" in text[f.start : f.end] and any(
        f.start <= h.start < f.end for h in lines))]
    heads = [h for h in _headlines(doc, text) + lines if not any(
        f.start < h.end and h.start < f.end and not (f.kind == "direct" and h.start <= f.start and f.end <= h.end)
        for f in items)]
    # A quote the headline rule attributed replaces the same, unattributed quote.
    items = [f for f in items if not any(h.kind == "direct" and h.start <= f.start and f.end <= h.end for h in heads)]
    items += heads
    attributed = [f for f in items if f.kind == "direct" and f.cue is not None]
    items = [f for f in items if not _swallows_attribution(f, attributed, text)]
    items.sort(key=lambda f: (f.start, -f.end))
    resolver = SpeakerResolver(doc, registry, text)
    result: list[tuple[Found, Resolved]] = []
    last: tuple[Found, Resolved] | None = None
    set_aside: list[tuple[Found, Resolved]] = []
    for item in items:
        if item.kind == "direct" and not item.headline and looks_like_title(text[item.start : item.end]) and not (
                _standalone_sentence(text, item)):
            set_aside.append((item, _NOBODY))
            continue
        if item.kind == "direct" and (item.embedded and _inside_reported(item, result) or _opens_reported(item, result)):
            item.continuation = True  # a quoted part of the reported clause around it
        elif item.kind == "direct" and item.embedded and word_count(text[item.start : item.end]) < MIN_EMBEDDED_WORDS:
            set_aside.append((item, _NOBODY))
            continue
        if item.kind == "direct" and item.continuation:
            kept = _continue(item, last, result, text)
            if kept is not None:
                result.append(kept)
            else:
                set_aside.append((item, _NOBODY))
            continue
        who = resolver.resolve(item.source)
        if item.kind != "direct" and who.name is None:
            # Reported speech is words put in someone's mouth: with nobody to name, it is no suggestion.
            set_aside.append((item, who))
            continue
        result.append((item, who))
        last = (item, who)
    if loose:
        result = _with_loose(result, set_aside, resolver, text)
    return result


def _swallows_attribution(item: Found, attributed: list[Found], text: str) -> bool:
    """True for a reported clause that is a direct quotation with its attribution taken in as words said.

    "X recalled, “A, he said, B.”" (the cue inside the quotation) and "X scolded him: “A,” she said." (the
    quotation's own cue) give a clause running from the sentence's start over the lead-in; the quotation
    is suggested on its own, so the clause would only repeat it with the attribution inside.
    """
    if item.kind == "direct" or item.cue is None:
        return False
    for quote in attributed:
        if not item.start < quote.start < quote.end <= item.end + 1:
            continue
        lead = text[item.start : quote.start].rstrip()
        lead_has_cue = item.start <= quote.cue[0] < quote.start  # "X recalled, “...”"
        if (quote.start <= item.cue[0] < quote.end or item.cue == quote.cue) and (
                lead.endswith(":") or lead.endswith(",") and lead_has_cue):
            return True
    return False


def _standalone_sentence(text: str, item: Found) -> bool:
    """A quotation that is a sentence of its own (“We're America.” after “..., the president added.”):
    it opens after a sentence's end in its paragraph and closes on its own full stop, so it is no title."""
    inner = text[item.start : item.end].strip(ALL_MARKS + " ")
    before = text[max(0, item.start - 3) : item.start].rstrip(ALL_MARKS + " ")
    line_start = text.rfind("\n", 0, item.start) + 1
    # Alone on its line it is a section heading ("'All Bets Are Off.'"), a title after all.
    return inner[-1:] in ".!?" and before[-1:] in ".!?" and text[line_start : item.start].strip() != ""


def _with_loose(result: list, set_aside: list, resolver: SpeakerResolver, text: str) -> list:
    """``result`` with the set-aside quotes, scored LOOSE_SCORE, each given the speaker of its own cue or,
    lacking one, of the suggestion before it in its paragraph or the one before (resolved after the rules
    ran, so the rules' own speakers stay as they were)."""
    out = list(result)
    for item, _ in set_aside:
        item.score = LOOSE_SCORE
        who = resolver.resolve(item.source) if item.source is not None else _NOBODY
        if who.name is None:
            before = [(f, w) for f, w in result if f.end <= item.start and w.name]
            if before and _breaks_between(text, before[-1][0].end, item.start) <= 1:
                who = before[-1][1]
        out.append((item, who))
    out.sort(key=lambda pair: (pair[0].start, -pair[0].end))
    return out


def _opens_reported(item: Found, result: list) -> bool:
    """True for the quoted phrase that opens a reported clause of the same cue ("said “budget cuts” and the
    sale ..."): a part of that clause, not a quotation of its own."""
    return item.cue is not None and item.cue[1] <= item.start and any(
        o.kind != "direct" and o.start == item.start and item.end < o.end and o.cue == item.cue for o, _ in result)


def _inside_reported(item: Found, result: list) -> bool:
    return any(o.kind != "direct" and o.start <= item.start and item.end <= o.end + 1 for o, _ in result)


def _continue(item: Found, last: tuple[Found, Resolved] | None, result: list, text: str):
    """An unattributed direct quote: part of a reported clause, the previous speaker's, or dropped."""
    words = word_count(text[item.start : item.end])
    for outer, who in reversed(result):
        if outer.kind != "direct" and outer.start <= item.start and item.end <= outer.end + 1:
            # A quoted stretch inside reported speech ("mixed" quote); short ones are scare quotes.
            return (item, who) if words >= MIN_FRAGMENT_WORDS else None
    if last is None:
        return None
    prev, who = last
    breaks = _breaks_between(text, prev.end, item.start)
    # In the paragraph of its speaker a short quote is the second half of a split quote.
    if who.name is None or breaks > MAX_CONTINUATION_BREAKS or (breaks and words < MIN_FRAGMENT_WORDS):
        return None
    before = text[max(prev.end, text.rfind("\n", 0, item.start) + 1) : item.start].strip()
    if before and before[-1] not in ".!?:" + ALL_MARKS:
        return None  # the quote sits mid-sentence: a title or scare quote, not a continuation
    item.cue = prev.cue if breaks == 0 else None
    item.source = prev.source  # the same attribution's source expression ("he" of "“A,” he said. “B.”")
    return item, who
