"""Scoring quote suggestions against gold quotes: precision, recall, F1 and speaker accuracy.

Rules (shared/corpus/README.md): both spans are trimmed of whitespace, quotation marks and ``, . ; :``
at both ends; "exact" means identical trimmed offsets, "overlap" means shared characters >= 0.5 of
the longer trimmed span; gold and predictions are paired one-to-one, greedily, best pair first;
optional gold records pair like the others but count neither as hits nor as misses; figures are
micro-averaged over all documents. Pure Python: no Qt, no sqlite, no spaCy.
"""

from __future__ import annotations

import json
import re
import unicodedata
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from rapidfuzz import fuzz

TRIM = " \t\r\n\u00a0\"'“”„‟«»‘’‚‛‹›,.;:"
_HONORIFICS = frozenset({"mr", "mrs", "ms", "dr", "prof", "sir", "the"})


@dataclass(frozen=True)
class GoldQuote:
    """One gold record of the seeds-gold.jsonl format."""

    doc: str
    start: int
    end: int
    kind: str = "direct"
    speaker: str | None = None
    optional: bool = False
    id: str = ""


@dataclass(frozen=True)
class PredictedQuote:
    """A predicted quote located in a named document."""

    doc: str
    start: int
    end: int
    kind: str = "direct"
    speaker: str | None = None


def load_gold(lines: Iterable[str]) -> list[GoldQuote]:
    """Parse gold JSONL lines (blank lines skipped) into GoldQuote records."""
    gold = []
    for line in lines:
        if not line.strip():
            continue
        rec = json.loads(line)
        gold.append(
            GoldQuote(rec["doc"], int(rec["start"]), int(rec["end"]), rec.get("kind", "direct"),
                      rec.get("speaker"), bool(rec.get("optional", False)), str(rec.get("id", "")))
        )
    return gold


def predicted(doc: str, suggestions: Iterable) -> list[PredictedQuote]:
    """Wrap Suggestion-like objects (start, end, kind, speaker) of one document as predictions."""
    return [PredictedQuote(doc, s.start, s.end, s.kind, s.speaker) for s in suggestions]


def trim(text: str, start: int, end: int) -> tuple[int, int]:
    """Offsets of a span without surrounding whitespace, quotation marks and , . ; : ."""
    while start < end and text[start] in TRIM:
        start += 1
    while end > start and text[end - 1] in TRIM:
        end -= 1
    return start, end


def overlap_ratio(a: tuple[int, int], b: tuple[int, int]) -> float:
    """Shared characters over the length of the longer span (0 for empty spans)."""
    longer = max(a[1] - a[0], b[1] - b[0])
    shared = min(a[1], b[1]) - max(a[0], b[0])
    return shared / longer if longer > 0 and shared > 0 else 0.0


def _name_tokens(name: str) -> list[str]:
    plain = unicodedata.normalize("NFKD", name)
    plain = "".join(ch for ch in plain if not unicodedata.combining(ch)).casefold()
    return [t for t in re.findall(r"[^\W_]+", plain) if t not in _HONORIFICS]


def same_speaker(gold: str | None, pred: str | None) -> bool:
    """Speaker names match ignoring case, punctuation and accents, or as a token-subset variant.

    Token rule: after splitting on non-letters ("Amir-Abdollahian" -> amir, abdollahian) and dropping
    honorifics, the names match when their tokens are equal, when one's tokens are a subset of the
    other's and both end in the same token (surname or head noun: "Amir Abdollahian" vs "Hossein
    Amir-Abdollahian", "certain Western officials" vs "Western officials"), or when the joined
    strings have a rapidfuzz ratio >= 90 (spelling variants such as "Abdolahian").
    """
    if not gold or not pred:
        return False
    g, p = _name_tokens(gold), _name_tokens(pred)
    if not g or not p:
        return False
    if g == p or "".join(g) == "".join(p):
        return True
    small, big = (g, p) if len(g) <= len(p) else (p, g)
    if set(small) <= set(big) and small[-1] == big[-1]:
        return True
    return fuzz.ratio(" ".join(g), " ".join(p)) >= 90


def _prf(tp: int, n_pred: int, n_gold: int) -> dict[str, float]:
    precision = tp / n_pred if n_pred else 0.0
    recall = tp / n_gold if n_gold else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {"precision": precision, "recall": recall, "f1": f1, "tp": tp, "predicted": n_pred, "gold": n_gold}


def pair(gold_spans: Sequence[tuple[int, int]], pred_spans: Sequence[tuple[int, int]], exact: bool):
    """Greedy one-to-one pairing, best ratio first; returns (gold index, predicted index) pairs."""
    candidates = []
    for gi, g in enumerate(gold_spans):
        for pi, p in enumerate(pred_spans):
            ratio = 1.0 if g == p else (0.0 if exact else overlap_ratio(g, p))
            if ratio >= (1.0 if exact else 0.5):
                candidates.append((-ratio, gi, pi))
    candidates.sort()
    used_g, used_p, pairs = set(), set(), []
    for _, gi, pi in candidates:
        if gi not in used_g and pi not in used_p:
            used_g.add(gi)
            used_p.add(pi)
            pairs.append((gi, pi))
    return pairs


def _score_set(gold: list[GoldQuote], pred: list[PredictedQuote], texts: Mapping[str, str], exact: bool):
    """Counts for one matching mode: (tp, counted predictions, required gold, matched pairs)."""
    tp = n_pred = n_gold = 0
    matched: list[tuple[GoldQuote, PredictedQuote]] = []
    for doc in sorted({g.doc for g in gold} | {p.doc for p in pred}):
        text = texts[doc]
        gs = [g for g in gold if g.doc == doc]
        ps = [p for p in pred if p.doc == doc]
        pairs = pair([trim(text, g.start, g.end) for g in gs], [trim(text, p.start, p.end) for p in ps], exact)
        neutral = {pi for gi, pi in pairs if gs[gi].optional}
        hits = [(gs[gi], ps[pi]) for gi, pi in pairs if not gs[gi].optional]
        tp += len(hits)
        n_pred += len(ps) - len(neutral)
        n_gold += sum(not g.optional for g in gs)
        matched += hits
    return tp, n_pred, n_gold, matched


def score(
    gold: Sequence[GoldQuote],
    predictions: Sequence[PredictedQuote],
    texts: Mapping[str, str],
    kinds: Sequence[str] = ("direct", "indirect"),
) -> dict:
    """P/R/F1 for exact and overlap matching, overall and by kind, plus speaker accuracy.

    texts maps each document name to its text (needed to trim spans). Speaker accuracy is over the
    overlap-matched pairs of required gold records, kinds together.
    """
    gold, predictions = list(gold), list(predictions)
    result: dict = {}
    for mode in ("exact", "overlap"):
        tp, n_pred, n_gold, matched = _score_set(gold, predictions, texts, mode == "exact")
        result[mode] = _prf(tp, n_pred, n_gold)
        if mode == "overlap":
            right = sum(same_speaker(g.speaker, p.speaker) for g, p in matched)
            result["speaker"] = {"accuracy": right / len(matched) if matched else 0.0, "correct": right,
                                 "matched": len(matched)}
        for kind in kinds:
            g_k = [g for g in gold if g.kind == kind]
            p_k = [p for p in predictions if p.kind == kind]
            tp, n_pred, n_gold, _ = _score_set(g_k, p_k, texts, mode == "exact")
            result.setdefault("by_kind", {}).setdefault(kind, {})[mode] = _prf(tp, n_pred, n_gold)
    return result


def format_report(result: dict, label: str = "") -> str:
    """A few human-readable lines summarising a score() result."""
    lines = [label] if label else []
    for mode in ("exact", "overlap"):
        r = result[mode]
        lines.append(f"  {mode:8s} P={r['precision']:.3f} R={r['recall']:.3f} F1={r['f1']:.3f} "
                     f"(tp={r['tp']} pred={r['predicted']} gold={r['gold']})")
    for kind, modes in result.get("by_kind", {}).items():
        parts = " ".join(f"{m} F1={v['f1']:.3f}" for m, v in modes.items())
        lines.append(f"  {kind:8s} {parts}")
    sp = result["speaker"]
    lines.append(f"  speaker  accuracy={sp['accuracy']:.3f} ({sp['correct']}/{sp['matched']})")
    return "\n".join(lines)
