"""Score the quote suggester on PolNeAR dev and test (speech attributions only).

PolNeAR (Newell, Margolin & Ruths, LREC 2018) has no licence: it is read at run time from
../shared/eval/quotes/polnear beside the repository (or --root) and nothing of it is stored in this repository.

How PolNeAR attributions are mapped to our quote records:
- one annotator per article: the first ``.ann`` file in sorted order;
- only relations with a Source, and only speech: the Cue contains a form of a reporting verb of
  ``GOLD_SPEECH_LEMMAS`` (frozen here) or "according", or the Content holds quotation marks
  (beliefs, intentions and nominal cues such as "talks" are left out);
- Content span -> quote span. Content pieces separated only by whitespace (or a paragraph break and
  a reopening quotation mark) are joined first: the annotation tool stores a multi-sentence content
  as one piece per sentence, an artefact of the tool, not a judgement of the annotator. Otherwise a
  discontinuous Content ("A," he said, "B.") becomes one gold record per piece, like our split
  quotes. kind = direct when the whole Content is enclosed in quotation marks, else indirect (mixed
  quotes count as indirect);
- Source span -> speaker. PolNeAR has no canonical names and no coreference, so a speaker counts as
  right when our source mention (which may be the pronoun) or our resolved mention overlaps the gold
  Source span, or our speaker name matches the Source text by the evaluation's token rule;
- Cue -> cue (not scored).
That speaker figure cannot see a wrong name on a right mention ("he" resolved to the wrong person
overlaps the gold "he"), so a stricter "speaker name accuracy" is printed beside it: over matched
quotes whose gold Source is a name (see ``source_name``), right only when our speaker name matches that
name by the same token rule (``same_speaker``).
A leading "that" of a Content (before a space, a no-break space or a comma: "that, if elected, ...") is
dropped, as the PolNeAR README advises for exact matching.
Predicted direct quotes nested inside another prediction (quoted fragments of reported speech) are
dropped, since PolNeAR annotates them only as part of the enclosing content. Gold is never optional.

Run: .venv/bin/python bench/eval_polnear.py [--split dev|test|both]
"""

from __future__ import annotations

import argparse
import re
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from annotator.core.evaluation import (  # noqa: E402
    GoldQuote,
    PredictedQuote,
    format_report,
    overlap_ratio,
    pair,
    same_speaker,
    score,
    trim,
)
from annotator.core.model import Suggestion  # noqa: E402
from annotator.nlp.lexicon import verb_forms  # noqa: E402
from annotator.nlp.quotes import ALL_MARKS  # noqa: E402
from annotator.nlp.suggest import Suggester, find_all  # noqa: E402

# ../shared beside the repository, or beside the folder of worktrees a repository may sit in.
ROOT = next((p / "shared" / "eval" / "quotes" / "polnear" for p in Path(__file__).resolve().parents[2:4]
             if (p / "shared" / "eval" / "quotes" / "polnear").exists()),
            Path(__file__).resolve().parents[2] / "shared" / "eval" / "quotes" / "polnear")
CITRON = "citron (published): exact F1 0.593, overlap F1 0.833"
# The figures of the pipeline version before the current one, measured with this script on main before
# the rules changed, so each run shows what the change did: (exact F1, overlap F1, speaker accuracy).
# quotes-9's with the gold's complementizer dropped also before a comma (dev exact read 0.777 before that).
PREVIOUS = ("quotes-9", {"dev": (0.781, 0.860, 0.967), "test": (0.750, 0.831, 0.957)})

# Which PolNeAR cues count as speech. Frozen here, apart from the suggester's own lexicon, so that
# widening the suggester's cue list cannot move the target (it was lexicon.SPEECH_LEMMAS of
# pipeline quotes-1).
GOLD_SPEECH_LEMMAS = frozenset("""
    say tell add stress insist deny warn claim emphasize emphasise note explain argue assert state
    declare announce write tweet reply respond answer ask acknowledge admit agree concede confirm
    contend suggest predict observe remark comment mention recall reiterate repeat maintain allege
    testify urge vow promise pledge threaten boast complain charge counter retort quip joke conclude
    continue underline underscore highlight reveal disclose indicate caution shout yell whisper
    exclaim report speak estimate posit recount describe lament propose demand
    proclaim affirm reaffirm hint reason concur object protest assure inform read
""".split())
GOLD_SPEECH_FORMS = frozenset(form for lemma in GOLD_SPEECH_LEMMAS for form in verb_forms(lemma))


def _pieces(offsets: str) -> list[tuple[int, int]]:
    return [(int(a), int(b)) for a, b in (p.split() for p in offsets.split(";"))]


_COMPLEMENTIZER = re.compile(r"that(?:\s+|\s*,\s*)", re.I)
_CONTINUED = re.compile(r"\s*|\s*\n\s*[\"“]")


def _join_sentences(text: str, pieces: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Merge Content pieces separated only by whitespace (or a paragraph break and a reopening mark).

    The BRAT annotation tool cannot draw a span across a sentence or paragraph boundary, so a
    multi-sentence quote is stored as one piece per sentence; the annotator marked one contiguous
    content, and that is what we score.
    """
    merged: list[tuple[int, int]] = []
    for a, b in sorted(pieces):
        if merged and _CONTINUED.fullmatch(text[merged[-1][1] : a]):
            merged[-1] = (merged[-1][0], b)
        else:
            merged.append((a, b))
    return merged


def read_ann(path: Path, text: str) -> list[dict]:
    """Speech attribution relations of one .ann file as gold dicts (one per content piece)."""
    spans, relations = {}, []
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.startswith("T"):
            tid, label_offsets, _ = line.split("\t", 2)
            label, offsets = label_offsets.split(" ", 1)
            spans[tid] = (label, _pieces(offsets))
        elif line.startswith("E"):
            relations.append(dict(arg.split(":") for arg in line.split("\t")[1].split()))
    gold = []
    for rel in relations:
        if "Source" not in rel or "Content" not in rel or "Cue" not in rel:
            continue
        content, cue, source = spans[rel["Content"]][1], spans[rel["Cue"]][1], spans[rel["Source"]][1]
        cue_words = re.findall(r"\w+", " ".join(text[a:b] for a, b in cue).lower())
        content_text = " ".join(text[a:b] for a, b in content)
        quoted = any(ch in ALL_MARKS.replace("'", "").replace("’", "") for ch in content_text)
        if not (quoted or any(w in GOLD_SPEECH_FORMS or w == "according" for w in cue_words)):
            continue
        for a, b in _join_sentences(text, content):
            if b - a < 3:
                continue
            if that := _COMPLEMENTIZER.match(text, a, b):
                a = that.end()  # PolNeAR keeps the complementizer; our convention (and the seed gold) drops it
            s, e = trim(text, a, b)
            piece = text[a:b].strip()
            direct = piece[:1] in ALL_MARKS and piece[-1:] in ALL_MARKS or (
                text[a - 1 : a] in ALL_MARKS and text[b : b + 1] in ALL_MARKS)
            gold.append({"start": a, "end": b, "kind": "direct" if direct else "indirect",
                         "source": source, "source_text": " ".join(text[x:y] for x, y in source),
                         "trimmed": (s, e)})
    return gold


_PART = re.compile(r"[^,(]+")
_PREPOSITION = re.compile(r"\s(?:of|at|for|by|from|in|with|on|to|including)\s")
_WORD = re.compile(r"[^\W\d_][\w.'’-]*")
_SUFFIXES = re.compile(r"\s+(?:Jr|Sr|II|III|IV)\.?$")
_NOT_NAMES = frozenset("""i we you he she it they this that these those who one each both all some
                        my your his her its our their""".split())


def common_plurals(doc) -> frozenset[int]:
    """Start offsets of the words the model tags as plural common nouns (NNS: "Experts", not "Democrats")."""
    return frozenset(t.idx for t in doc if t.tag_ == "NNS")


def source_name(text: str, pieces: list[tuple[int, int]], plurals: frozenset[int] = frozenset()) -> str | None:
    """The name a gold Source gives, or None when it gives none (a pronoun, a description, a group).

    Rule: the Source (its first piece, up to any parenthesis) is cut at commas into parts, and each
    part at its first preposition ("the chair of the DNC" -> "the chair"); the first part that names
    one speaker is the name ("Len Burman, head of ..." -> "Len Burman"; "Another critic, Laurence H.
    Tribe," -> "Laurence H. Tribe"). A part names one speaker when it holds no "and"/"&" and its last
    word (the head noun; a trailing "Jr." is dropped) is capitalised, not a pronoun or determiner, not a
    possessive ("Clinton's campaign" ends in "campaign"), and, when that word begins a sentence, its
    lower-case form is not a word elsewhere in the article ("Officials said" vs "Trump said") and it is
    not a plural common noun there (its offset in ``plurals``, see ``common_plurals``) that the article
    never writes capitalised after a sentence's start ("Experts said", "Investigators found"; the small
    model also tags "Sanders" or "WikiLeaks" NNS at a sentence's start, and those recur mid-sentence).
    Organisations named by proper nouns ("The Republican National Committee") count as names.
    """
    a, b = pieces[0]
    paren = text.find("(", a, b)
    for part in _PART.finditer(text, a, paren if paren >= 0 else b):
        cut = _PREPOSITION.search(text, part.start(), part.end())
        start, end = part.start(), cut.start() if cut else part.end()
        head = _SUFFIXES.sub("", " ".join(text[start:end].split()))
        words = list(_WORD.finditer(head))
        if not words or re.search(r"\s(?:and|&)\s", f" {head} "):
            continue
        word = words[-1].group().rstrip(".")
        if not word[:1].isupper() or word.lower() in _NOT_NAMES or re.search(r"['’]s?$", word):
            continue
        at = start + text[start:end].find(words[-1].group())
        before = text[:at].rstrip(" \t\"“‘'")
        if not before or before[-1] in ".!?\n":
            if re.search(rf"\b{re.escape(word.lower())}\b", text):
                continue
            if at in plurals and not _written_mid_sentence(text, word):
                continue
        return head
    return None


def _written_mid_sentence(text: str, word: str) -> bool:
    """Whether the article writes ``word`` (capitalised as given) somewhere not at a sentence's start."""
    for m in re.finditer(rf"\b{re.escape(word)}\b", text):
        before = text[: m.start()].rstrip(" \t\"“‘'")
        if before and before[-1] not in ".!?\n":
            return True
    return False


def _nested(item, items) -> bool:
    return any(o is not item and o.start <= item.start and item.end <= o.end and (o.end - o.start) >
               (item.end - item.start) for o in items)


def collect(split: str, suggester: Suggester, root: Path, loose: bool = False) -> list[dict]:
    """Per article of a split: name, text, gold dicts and predictions as (Suggestion, source mentions)."""
    text_dir, ann_dir = root / split / "text", root / split / "attributions"
    names = sorted(p.stem for p in text_dir.glob("*.txt"))
    texts = {n: (text_dir / f"{n}.txt").read_text(encoding="utf-8") for n in names}
    articles = []
    docs = suggester.nlp.pipe([texts[n] for n in names], batch_size=8)
    for name, doc in zip(names, docs, strict=True):
        anns = sorted(ann_dir.glob(f"{name}_*.ann"))
        gold = read_ann(anns[0], texts[name]) if anns else []
        found = find_all(doc, loose=loose)
        items = [f for f, _ in found]
        preds = []
        for f, who in found if anns else ():
            if f.kind == "direct" and _nested(f, items):
                continue
            mentions = [m for m in (who.span, (f.source.start_char, f.source.end_char) if f.source else None) if m]
            preds.append((Suggestion(f.start, f.end, f.kind, who.speaker_name, who.span, f.cue, score=round(f.score, 2)),
                          mentions))
        articles.append({"name": name, "text": texts[name], "gold": gold, "preds": preds, "annotated": bool(anns),
                         "plurals": common_plurals(doc)})
    return articles


def score_articles(articles: list[dict], label: str) -> dict:
    """Print P/R/F1 and speaker accuracy of collected articles (predictions as in ``collect``), return them."""
    golds, preds, extra = [], [], {}
    texts = {a["name"]: a["text"] for a in articles}
    plurals = {a["name"]: a.get("plurals", frozenset()) for a in articles}
    for a in articles:
        name = a["name"]
        for k, g in enumerate(a["gold"]):
            golds.append(GoldQuote(name, g["start"], g["end"], g["kind"], g["source_text"], False, f"{name}:{k}"))
            extra[golds[-1].id] = g
        for s, mentions in a["preds"]:
            preds.append((PredictedQuote(name, s.start, s.end, s.kind, s.speaker), mentions))
    result = score(golds, [p for p, _ in preds], texts)
    # Speaker accuracy by mention overlap (see module docstring).
    right = total = name_right = name_total = 0
    for name, text in texts.items():
        gs = [g for g in golds if g.doc == name]
        ps = [p for p in preds if p[0].doc == name]
        pairs = pair([trim(text, g.start, g.end) for g in gs], [trim(text, p.start, p.end) for p, _ in ps],
                     exact=False)
        for gi, pi in pairs:
            total += 1
            gold_src = extra[gs[gi].id]["source"]
            p, mentions = ps[pi]
            ok = any(overlap_ratio(m, g) > 0 for m in mentions for g in gold_src)
            right += ok or same_speaker(gs[gi].speaker, p.speaker)
            gold_name = source_name(text, gold_src, plurals[name])
            if gold_name:
                name_total += 1
                name_right += same_speaker(gold_name, p.speaker) or same_speaker(gs[gi].speaker, p.speaker)
    result["speaker"] = {"accuracy": right / total if total else 0.0, "correct": right, "matched": total}
    result["speaker_name"] = {"accuracy": name_right / name_total if name_total else 0.0, "correct": name_right,
                              "matched": name_total}
    print(format_report(result, f"{label}: {len(articles)} articles, {len(golds)} gold, {len(preds)} predicted"))
    print(f"  speaker name accuracy {result['speaker_name']['accuracy']:.3f} ({name_right}/{name_total} matched "
          f"quotes whose gold Source is a name; speaker accuracy above {result['speaker']['accuracy']:.3f})")
    described = sum(s.speaker is None and s.speaker_span is not None for a in articles for s, _ in a["preds"])
    print(f"  {described} suggestions keep a description's mention and name nobody ('an architect', 'officials')")
    return result


def evaluate(split: str, suggester: Suggester, root: Path) -> dict:
    """Print P/R/F1 and speaker accuracy for one split, and return them."""
    return score_articles(collect(split, suggester, root), f"PolNeAR {split}")


def compare(split: str, version: str, result: dict) -> str:
    """One line: this version's headline figures beside the previous version's."""
    now = (result["exact"]["f1"], result["overlap"]["f1"], result["speaker"]["accuracy"])
    before_version, figures = PREVIOUS
    before = figures[split]
    cells = [f"{label} {b:.3f} -> {n:.3f}" for label, b, n in zip(("exact F1", "overlap F1", "speaker"), before, now,
                                                                  strict=True)]
    cells.append(f"speaker name {result['speaker_name']['accuracy']:.3f}")
    return f"  {split}: {before_version} -> {version}: " + ", ".join(cells)


def main() -> None:
    """Command-line entry."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--split", choices=("dev", "test", "both"), default="both")
    parser.add_argument("--root", type=Path, default=ROOT)
    args = parser.parse_args()
    if not args.root.exists():
        sys.exit(f"PolNeAR not found at {args.root}")
    suggester = Suggester()
    print(f"pipeline {suggester.version}, degraded={suggester.degraded}; {CITRON}")
    lines = []
    for split in ("dev", "test") if args.split == "both" else (args.split,):
        lines.append(compare(split, suggester.version, evaluate(split, suggester, args.root)))
    print("previous pipeline beside this one:", *lines, sep="\n")


if __name__ == "__main__":
    main()
