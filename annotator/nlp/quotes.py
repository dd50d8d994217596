"""Direct quotations found from quotation marks alone: no model needed, so degraded mode keeps them."""

from __future__ import annotations

import re
from dataclasses import dataclass

DOUBLE_MARKS = '"“”„«»‟〝〞'
SINGLE_MARKS = "'‘’‚‹›‛"
ALL_MARKS = DOUBLE_MARKS + SINGLE_MARKS
# Marks that open by default; their context may still turn them into closers (German „…“, »…«).
_OPENERS = set("“„«‘‚‹‟‛〝")
_CLOSERS = set("”»’›〞")
_WORD = re.compile(r"\w+(?:[’'\-]\w+)*")


@dataclass(frozen=True)
class QuoteSpan:
    """A quoted stretch of text; start and end include the marks."""

    start: int
    end: int
    closed: bool = True  # False when a mark was missing and the end was guessed
    paragraphs: int = 1

    def inner(self, text: str) -> str:
        """The words between the marks."""
        return text[self.start : self.end].strip(ALL_MARKS + " \n")


_MINOR_WORDS = frozenset("a an the and or but nor of in on at to for by with from as vs is are be".split())
_TITLE_MAX_WORDS = 10


def looks_like_title(text: str) -> bool:
    """True for a quoted title or name ("Fox News Sunday", "Legend in the Coal Fields"): every word
    but short function words capitalised, two to ten words. Such marks name a work, not a quotation."""
    words = _WORD.findall(text)
    if not 2 <= len(words) <= _TITLE_MAX_WORDS:
        return False
    return all(w[:1].isupper() or w[:1].isdigit() or w.lower() in _MINOR_WORDS for w in words) and any(
        w.lower() not in _MINOR_WORDS and w != "I" for w in words[1:])


def word_count(text: str) -> int:
    """Number of words in a string, hyphenated and apostrophe words counted once."""
    return len(_WORD.findall(text))


def _is_space(ch: str) -> bool:
    return ch == "" or ch.isspace() or ch in "([{—–-/"


def _is_after_close(ch: str) -> bool:
    return ch == "" or ch.isspace() or ch in ".,;:!?)]}…—–-" or ch in ALL_MARKS


def _role(text: str, i: int, inside: bool) -> str | None:
    """Classify the mark at i as 'open', 'close' or None (an apostrophe or a stray mark)."""
    ch = text[i]
    prev = text[i - 1] if i > 0 else ""
    nxt = text[i + 1] if i + 1 < len(text) else ""
    if ch in SINGLE_MARKS and prev.isalnum() and nxt.isalnum():
        return None  # Iran’s, don't: an apostrophe inside a word
    if ch in SINGLE_MARKS and prev == "" and nxt.isalnum():
        return "open"
    if ch in SINGLE_MARKS and nxt.isdigit() and _is_space(prev):
        return None  # ’90s
    right_closed = _is_after_close(nxt)
    if prev in ALL_MARKS and prev != "":
        # Nested marks: “‘ opens both, ’” closes both; the side facing the words decides.
        return "close" if right_closed else "open"
    left_open = _is_space(prev)
    if left_open and not right_closed:
        return "open"
    if right_closed and not left_open:
        return "close"
    if left_open and right_closed:
        # French typography pads guillemets with spaces: « mot ». Other lone marks are strays.
        if ch in "«‹" and nxt.isspace():
            return "open"
        if ch in "»›" and prev.isspace():
            return "close"
        return None
    # Glued on both sides (said:"Hello); trust the glyph, then the state.
    if ch in _OPENERS:
        return "open"
    if ch in _CLOSERS:
        return "close"
    return "close" if inside else "open"


def _paragraphs(text: str) -> list[tuple[int, int]]:
    """Return (start, end) of each non-empty line; news text puts one paragraph on a line."""
    spans = []
    for m in re.finditer(r"[^\n]+", text):
        if m.group().strip():
            spans.append((m.start(), m.end()))
    return spans


def _scan(text: str, start: int, end: int, marks: str) -> list[tuple[int, str]]:
    """Return the (index, role) of every quotation mark of the given set inside [start, end)."""
    out: list[tuple[int, str]] = []
    inside = False
    for i in range(start, end):
        if text[i] in marks:
            role = _role(text, i, inside)
            if role is not None:
                out.append((i, role))
                inside = role == "open"
    return out


def _opens_with_mark(text: str, para: tuple[int, int], opener: str) -> bool:
    """True when a paragraph reopens a quote left open by ``opener``, in the same typography.

    A straight mark is continued by a straight mark and a curly one by a curly one: an excerpt whose
    paragraphs open with '"' and quote people with “ ” inside must not run into those inner quotes.
    """
    stripped = text[para[0] : para[1]].lstrip()
    return bool(stripped) and stripped[0] in DOUBLE_MARKS and (stripped[0] == '"') == (opener == '"')


def _sentence_end_before(text: str, start: int, limit: int) -> int:
    """Guess where a quote with a lost closing mark ends: the last sentence end before limit."""
    segment = text[start:limit]
    ends = [m.end() for m in re.finditer(r"[.!?…](?=\s|$)", segment)]
    end = start + ends[-1] if ends else limit
    while end > start and text[end - 1].isspace():
        end -= 1
    return end


def _closes_twice(marks: list[tuple[int, str]]) -> bool:
    """True when the marks from a second opener on close it and then the quote around it ("…what he
    calls “hell” than live …”"): the writer nested a quotation in the same marks."""
    depth = 2
    for _, role in marks[1:]:
        depth += 1 if role == "open" else -1
        if depth == 0:
            return True
    return False


def find_double_quotes(text: str) -> list[QuoteSpan]:
    """Find double-quoted spans, joining quotes that run over paragraphs and mending odd marks locally."""
    paras = _paragraphs(text)
    quotes: list[QuoteSpan] = []
    open_at: int | None = None
    n_paras = 1
    for p_index, (p_start, p_end) in enumerate(paras):
        continued = open_at is not None
        marks = _scan(text, p_start, p_end, DOUBLE_MARKS)
        nested = 0
        for k, (i, role) in enumerate(marks):
            if nested:
                nested += 1 if role == "open" else -1  # a quotation inside the quotation, in the same marks
            elif role == "open" and continued:
                pass  # the mark that reopens a quote carried over from the previous paragraph
            elif role == "open" and open_at is not None and _closes_twice(marks[k:]):
                nested = 1
            elif role == "open" and open_at is not None:
                # Two openers in a row: end the first at its last sentence end, keep going.
                quotes.append(QuoteSpan(open_at, _sentence_end_before(text, open_at, i), False))
                open_at, n_paras = i, 1
            elif role == "open":
                open_at, n_paras = i, 1
            elif open_at is not None:
                quotes.append(QuoteSpan(open_at, i + 1, True, n_paras))
                open_at = None
            continued = False
        if open_at is not None:
            nxt = paras[p_index + 1] if p_index + 1 < len(paras) else None
            if nxt is not None and _opens_with_mark(text, nxt, text[open_at]) and n_paras < 8:
                n_paras += 1  # the convention for a quote continued in the next paragraph
                continue
            end = p_end
            while end > open_at and text[end - 1].isspace():
                end -= 1
            quotes.append(QuoteSpan(open_at, end, False, n_paras))
            open_at = None
    return [q for q in quotes if q.end - q.start > 2]


def find_single_quotes(text: str, start: int, end: int) -> list[QuoteSpan]:
    """Find single-quoted spans within [start, end) of one paragraph; unpaired marks are ignored."""
    found: list[QuoteSpan] = []
    open_at: int | None = None
    for i, role in _scan(text, start, end, SINGLE_MARKS):
        if role == "open":
            open_at = i
        elif open_at is not None:
            found.append(QuoteSpan(open_at, i + 1))
            open_at = None
    return found


# Two straight apostrophes stand for a double mark in some wire copy (''We're here,'' he said).
_TWO_APOSTROPHES_CLOSE = re.compile(r"(?<=\S)''(?=[\s.,;:!?)\]—–-]|$)")
_TWO_APOSTROPHES_OPEN = re.compile(r"(?:(?<=[\s(\[—–-])|^)''(?=\S)", re.M)


def _as_double_marks(text: str) -> str:
    """The text with each '' pair read as one double mark, same length: ''We -> ' "We, here.'' -> here." ."""
    if "''" not in text:
        return text
    text = _TWO_APOSTROPHES_CLOSE.sub('" ', text)
    return _TWO_APOSTROPHES_OPEN.sub(' "', text)


def find_quotes(text: str) -> list[QuoteSpan]:
    """All top-level quotes: double-quoted ones, plus single-quoted ones outside any double quote."""
    text = _as_double_marks(text)
    doubles = find_double_quotes(text)
    result = list(doubles)
    for p_start, p_end in _paragraphs(text):
        cursor = p_start
        inside = [q for q in doubles if q.start < p_end and q.end > p_start]
        gaps = []
        for q in inside:
            if q.start > cursor:
                gaps.append((cursor, q.start))
            cursor = max(cursor, q.end)
        if cursor < p_end:
            gaps.append((cursor, p_end))
        for g_start, g_end in gaps:
            result.extend(find_single_quotes(text, g_start, g_end))
    return sorted(result, key=lambda q: q.start)
