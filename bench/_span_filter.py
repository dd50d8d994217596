"""A suggestion filter learned from a project's gold: which of the rules' suggestions to keep, and where
each one's content best starts and ends.

The rules propose; this model, trained on the quotes of a project's finished articles, scores every
suggestion from what the suggestion and the text around it show (cue word, kind, length, marks, speaker
found or not, position in the paragraph, the rule's own score ...) and drops those scored below a
threshold chosen on the training articles. For each kept suggestion a second model compares boundary
variants (without a leading connective or "that", without a trailing ", which ..." clause) and keeps the
one most likely to match the annotators' edges.

Both models are logistic regressions trained with scikit-learn and stored as plain weights (JSON), so a
project file never carries pickled code and applying them needs neither scikit-learn nor any parse.
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Sequence
from dataclasses import dataclass, field, replace

from annotator.core.evaluation import overlap_ratio, trim
from annotator.core.model import Suggestion

MARKS = "\"'“”‘’«»„‹›"
_PRONOUNS = frozenset("he she they it i we you him her them who which this that".split())
_FIRST_PERSON = re.compile(r"\b(I|I'm|I’m|we|We|my|My|our|Our|me|us)\b")
_WORD = re.compile(r"[^\W\d_][\w’'\-]*")
# Words that may open a reported clause without belonging to it, in the annotators' eyes or not.
_LEADERS = re.compile(
    r"(?:that|but|and|so|also|however|still|yet|now|then|instead|meanwhile|moreover|indeed)\b[,]?\s+", re.I
)
# A clause hung on the end of a content: ", which ...", ", who ...", " – ...", ", according to ...".
_TRAILERS = re.compile(r",\s+(?:which|who|where|when|while|as|adding|saying|according)\b|\s+[–—-]\s+")
# Gold quotes a filter needs before its threshold means anything.
MIN_GOLD_QUOTES = 30


def _words(s: str) -> list[str]:
    return _WORD.findall(s)


def _bucket(n: int, edges: Sequence[int]) -> str:
    for edge in edges:
        if n <= edge:
            return f"<={edge}"
    return f">{edges[-1]}"


def features(text: str, s: Suggestion, variant: str = "orig") -> dict[str, float]:
    """What the filter sees of one suggestion: names of present features (value 1) and a few numbers."""
    content = text[s.start : s.end]
    words = _words(content)
    f: dict[str, float] = {f"kind={s.kind}": 1.0, f"score={s.score:.1f}": 1.0, f"var={variant}": 1.0,
                           f"var={variant}|kind={s.kind}": 1.0}
    n = len(words)
    f[f"len={_bucket(n, (2, 4, 7, 12, 20, 35, 60))}"] = 1.0
    f["loglen"] = math.log1p(n)
    f[f"len={_bucket(n, (4, 12, 35))}|kind={s.kind}"] = 1.0
    if s.cue_span:
        cue = text[s.cue_span[0] : s.cue_span[1]].lower()
        cue_words = _words(cue)
        head = cue_words[-1] if cue_words else cue.strip()
        f[f"cue={head}"] = 1.0
        f[f"cue={head}|kind={s.kind}"] = 1.0
        where = "before" if s.cue_span[1] <= s.start else "after" if s.cue_span[0] >= s.end else "inside"
        f[f"cuepos={where}"] = 1.0
        gap = s.start - s.cue_span[1] if where == "before" else s.cue_span[0] - s.end if where == "after" else 0
        f[f"cuegap={_bucket(gap, (1, 3, 8, 30))}"] = 1.0
        after = _words(text[s.cue_span[1] : s.cue_span[1] + 20])
        f[f"cuenext={after[0].lower() if after else ''}"] = 1.0
    else:
        f["cue=none"] = 1.0
    f[f"speaker={_speaker_kind(text, s)}"] = 1.0
    f[f"speaker={_speaker_kind(text, s)}|kind={s.kind}"] = 1.0
    stripped = content.strip()
    f[f"opens_mark={stripped[:1] in MARKS}"] = 1.0
    f[f"closes_mark={stripped[-1:] in MARKS}"] = 1.0
    if any(ch in MARKS.replace("'", "").replace("’", "") for ch in stripped[1:-1]):
        f["inner_mark"] = 1.0
    if "?" in content:
        f["question"] = 1.0
    if _FIRST_PERSON.search(content):
        f["first_person"] = 1.0
    if words:
        f[f"first={words[0].lower()}"] = 1.0
        f[f"last={words[-1].lower()}"] = 1.0
    f[f"endch={stripped[-1:] if stripped[-1:] in '.,;:!?' + MARKS else 'w'}"] = 1.0
    before = _words(text[max(0, s.start - 25) : s.start])
    f[f"before={before[-1].lower() if before else ''}"] = 1.0
    line_start = text.rfind("\n", 0, s.start) + 1
    line_end = text.find("\n", s.end)
    line_end = len(text) if line_end < 0 else line_end
    f[f"para_start={not text[line_start : s.start].strip(MARKS + ' ')}"] = 1.0
    f[f"para_end={not text[s.end : line_end].strip(MARKS + ' .,')}"] = 1.0
    f[f"para={_bucket(text.count(chr(10), 0, s.start), (0, 1, 3, 8))}"] = 1.0
    if re.match(r"[\"“]?[A-Z][A-Z.’'\- ]{1,30}:", text[line_start : line_start + 34]):
        f["label_line"] = 1.0
    if re.search(r",\s+(?:which|who)\b", content):
        f["has_which"] = 1.0
    return f


def _speaker_kind(text: str, s: Suggestion) -> str:
    if not s.speaker:
        return "none"
    if s.speaker_span is None:
        return "registry"
    mention = text[s.speaker_span[0] : s.speaker_span[1]].strip()
    if mention.lower() in _PRONOUNS:
        return "pronoun"
    return "name" if mention[:1].isupper() else "noun"


def variants(text: str, s: Suggestion) -> list[tuple[str, Suggestion]]:
    """Boundary variants of a suggestion: itself, and its content without a leading connective or a
    trailing clause (reported clauses only; a quotation's edges are its marks)."""
    out = [("orig", s)]
    if s.kind == "direct":
        return out
    content = text[s.start : s.end]
    lead = _LEADERS.match(content)
    if lead and lead.end() < len(content) - 8:
        out.append(("no_lead", replace(s, start=s.start + lead.end())))
    for m in _TRAILERS.finditer(content):
        if m.start() > 12:
            out.append((f"cut_{m.group(0).strip(' ,')[:8].lower() or 'dash'}", replace(s, end=s.start + m.start())))
            break
    return out


@dataclass
class LinearModel:
    """A logistic regression as weights per feature name: cheap to store and to apply."""

    weights: dict[str, float]
    bias: float

    def prob(self, feats: dict[str, float]) -> float:
        """The model's probability for one feature dict."""
        z = self.bias + sum(v * self.weights.get(k, 0.0) for k, v in feats.items())
        return 1.0 / (1.0 + math.exp(-max(-30.0, min(30.0, z))))


@dataclass
class SpanFilter:
    """The trained keep model, its threshold, and the boundary model."""

    keep: LinearModel
    threshold: float
    bounds: LinearModel | None = None
    examples: int = 0  # gold quotes it was trained on
    info: dict = field(default_factory=dict)

    def apply(self, text: str, suggestions: Sequence[Suggestion]) -> list[Suggestion]:
        """The suggestions the filter keeps, each with the boundary variant it prefers, in order."""
        kept = []
        for s in suggestions:
            if self.keep.prob(features(text, s)) < self.threshold:
                continue
            kept.append(self._best_variant(text, s))
        return kept

    def _best_variant(self, text: str, s: Suggestion) -> Suggestion:
        if self.bounds is None:
            return s
        options = variants(text, s)
        if len(options) == 1:
            return s
        scored = [(self.bounds.prob(features(text, v, name)), i, v) for i, (name, v) in enumerate(options)]
        return max(scored, key=lambda t: (t[0], -t[1]))[2]

    def to_json(self) -> str:
        """The filter as JSON (weights, threshold, how it was trained)."""
        data = {"keep": [self.keep.weights, self.keep.bias], "threshold": self.threshold,
                "bounds": [self.bounds.weights, self.bounds.bias] if self.bounds else None,
                "examples": self.examples, "info": self.info}
        return json.dumps(data, sort_keys=True)

    @classmethod
    def from_json(cls, raw: str | bytes) -> SpanFilter:
        """A filter back from :meth:`to_json`."""
        data = json.loads(raw)
        bounds = LinearModel(*data["bounds"]) if data["bounds"] else None
        return cls(LinearModel(*data["keep"]), data["threshold"], bounds, data["examples"], data.get("info", {}))


@dataclass
class GoldArticle:
    """One training article: its text, the rules' suggestions and the gold quote spans."""

    text: str
    suggestions: list[Suggestion]
    gold: list[tuple[int, int]]


def keep_label(text: str, s: Suggestion, gold: Sequence[tuple[int, int]]) -> bool:
    """True when the suggestion overlaps a gold quote by half (the evaluation's overlap match)."""
    span = trim(text, s.start, s.end)
    return any(overlap_ratio(span, trim(text, *g)) >= 0.5 for g in gold)


def exact_label(text: str, s: Suggestion, gold: Sequence[tuple[int, int]]) -> bool:
    """True when the suggestion's trimmed span is a gold quote's."""
    span = trim(text, s.start, s.end)
    return any(span == trim(text, *g) for g in gold)
