"""The generated corpus behind bench_scale.py: N news-like articles annotated by three people, cached.

Everything comes from one seeded random generator, so the same N and GENERATOR_VERSION give the same
files byte for byte. Projects are created with the app (``open_project``: migrations and the default
scheme apply), then filled with bulk INSERTs straight into SQLite: building 10,000 articles row by row
through the store would take longer than the figures it serves. The review project is made with the
app's own ``merge_projects``, as a reviewer would, and cached beside the annotators' files.
"""

from __future__ import annotations

import json
import os
import random
import shutil
import sqlite3
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

# Bump whenever anything below changes what is generated: the cache is keyed on it.
GENERATOR_VERSION = 1
ANNOTATORS = ("alice", "bob", "carol")
N_SPEAKERS = 2000
N_CLAIMS = 1000
N_OUTLETS = 40
STAMP = "2026-01-05T09:00:00+00:00"
STANCES = ("supports", "opposes", "neutral", "unclear")
TOPICS = ("conflict", "diplomacy", "politics", "human rights", "economy", "health")

FIRST = (
    "Amir Maria Jonas Leila Pavel Sofia Tariq Elena Hugo Nadia Omar Ingrid Kenji Aisha Lukas Chiara Mateo Yara "
    "Dmitri Fatima Oskar Hana Rafael Zeynep Viktor Amara Tomas Lucia Idris Marta Samuel Noor Felix Irina "
    "Karim Beatriz Anders Mei Emeka Clara Ravi Astrid Bruno Layla Stefan Olga Diego Selin Malik Greta"
).split()
LAST = (
    "Abdollahian Fischer Okafor Novak Haddad Lindqvist Moreau Kowalski Petrov Rossi Tanaka Mensah Kovacs "
    "Herrera Nakamura Schmidt Amini Dubois Larsen Costa Yilmaz Ivanova Brennan Castillo Sato Mwangi Jansen "
    "Farouk Silva Horvath Nilsson Ortega Demir Kaur Bauer Romano Varga Hussain Leclerc Popescu Adeyemi "
    "Esposito Moretti Lindgren Quinn Zhou Bakr Ferreira Weber Mahmoud Sorensen Aziz Keller Duarte Volkov"
).split()
ROLES = (
    "foreign minister", "defence minister", "spokesperson", "opposition leader", "economist", "senator",
    "ambassador", "central bank governor", "union leader", "analyst", "health minister", "mayor",
)
PLACES = (
    "Tehran Kyiv Brussels Ankara Moscow Berlin Lagos Nairobi Madrid Warsaw Cairo Lima Oslo Seoul Manila "
    "Geneva Vienna Doha Accra Quito"
).split()
ORG_KINDS = ("Institute", "Council", "Agency", "Union", "Committee", "Foundation", "Ministry", "Alliance")
OUTLET_WORDS = (
    "Herald Tribune Gazette Courier Observer Post Times Dispatch Chronicle Ledger Monitor Express Review "
    "Standard Sentinel Journal Bulletin Register Mirror Wire"
).split()

SUBJECTS = (
    "the government", "officials", "the ministry", "negotiators", "the central bank", "protesters",
    "the coalition", "aid agencies", "investors", "the army", "diplomats", "the parliament", "health workers",
)
VERBS = (
    "announced new measures on", "rejected the proposal on", "met again to discuss", "warned about",
    "published figures on", "postponed the vote on", "reopened talks over", "raised concerns about",
    "signed an agreement on", "denied reports about", "called for an inquiry into", "cut spending on",
)
OBJECTS = (
    "drone exports", "oil prices", "the ceasefire", "fuel subsidies", "refugee camps", "the sanctions regime",
    "vaccine supplies", "the election timetable", "grain shipments", "border crossings", "interest rates",
    "military aid", "the trade deal", "press freedom", "hospital funding", "the pension reform",
)
TAILS = (
    "on Thursday", "late on Monday", "after weeks of pressure", "according to local media",
    "in a statement", "despite objections", "for the second time this year", "amid rising tension",
    "", "", "",
)
CUES = ("said", "told reporters", "added", "insisted", "warned", "stressed", "argued", "noted")
REPORT_CUES = ("said", "denied", "claimed", "insisted", "warned", "argued", "acknowledged")
CLAIM_VERBS = (
    "supplied", "will cut", "is responsible for", "secretly funds", "blocked", "will raise", "underreported",
    "must end", "violated", "benefits from",
)
# Opening and closing marks of the direct-quote styles news text uses.
MARKS = (("“", "”"), ('"', '"'), ("‘", "’"), ("«", "»"), ("„", "“"))


@dataclass
class Speaker:
    """A registry entry as generated."""

    name: str
    type: str
    role: str
    aliases: tuple[str, ...]


@dataclass
class Span:
    """One quote in the generated text, before annotators' variations."""

    start: int
    end: int
    kind: str
    speaker: int  # index into the speaker list
    speaker_span: tuple[int, int]
    cue_span: tuple[int, int]
    stance: str | None
    claim: int | None  # index into the claim list
    topics: tuple[str, ...]


@dataclass
class Article:
    """A generated article and its quotes."""

    text: str
    title: str
    outlet: str
    published: str
    spans: list[Span] = field(default_factory=list)


def _speakers(rng: random.Random) -> list[Speaker]:
    """2,000 distinct speakers (most people, some organisations), each with one or two aliases."""
    names = [(f, la) for f in FIRST for la in LAST]
    rng.shuffle(names)
    people = []
    for first, last in names[: N_SPEAKERS - 200]:
        initial = rng.choice("ABCDEFGHJKLMNPRSTW")
        role = rng.choice(ROLES)
        aliases = (f"{first} {initial}. {last}",) + ((f"{first[0]}. {last}",) if rng.random() < 0.5 else ())
        people.append(Speaker(f"{first} {last}", "person", role, aliases))
    orgs = []
    combos = [(p, k, w) for p in PLACES for k in ORG_KINDS for w in ("Energy", "Trade", "Rights", "Health", "Peace",
                                                                     "Press", "Labour", "Water", "Finance", "Civic")]
    rng.shuffle(combos)
    for place, kind, word in combos[:200]:
        name = f"{place} {word} {kind}"
        orgs.append(Speaker(name, "organisation", "", (f"the {word} {kind} of {place}",)))
    # One alias per person ("F. Last") may repeat across people; keep the first owner only, as a registry would.
    seen: set[str] = set()
    result = []
    for speaker in people + orgs:
        aliases = tuple(a for a in speaker.aliases if a not in seen)
        seen.update(aliases)
        seen.add(speaker.name)
        result.append(Speaker(speaker.name, speaker.type, speaker.role, aliases))
    return result


def _claims(rng: random.Random, speakers: list[Speaker]) -> list[str]:
    """1,000 distinct short propositions."""
    claims: list[str] = []
    seen: set[str] = set()
    while len(claims) < N_CLAIMS:
        who = rng.choice(PLACES + [s.name for s in speakers[:50]])
        text = f"{who} {rng.choice(CLAIM_VERBS)} {rng.choice(OBJECTS)}"
        if text not in seen:
            seen.add(text)
            claims.append(text)
    return claims


def _outlets(rng: random.Random) -> list[str]:
    """40 outlet names."""
    combos = [f"The {p} {w}" for p in PLACES for w in OUTLET_WORDS]
    rng.shuffle(combos)
    return combos[:N_OUTLETS]


def _narrative(rng: random.Random) -> str:
    tail = rng.choice(TAILS)
    sentence = f"{rng.choice(SUBJECTS)} {rng.choice(VERBS)} {rng.choice(OBJECTS)}" + (f" {tail}" if tail else "")
    return sentence[0].upper() + sentence[1:] + "."


def _words(rng: random.Random, low: int, high: int) -> str:
    parts = [f"{rng.choice(SUBJECTS)} {rng.choice(VERBS)} {rng.choice(OBJECTS)}"]
    while len(parts) < rng.randint(low, high):
        parts.append(rng.choice(("and", "but", "because", "while")) + f" {rng.choice(SUBJECTS)} "
                     f"{rng.choice(VERBS)} {rng.choice(OBJECTS)}")
    return " ".join(parts)


class _Writer:
    """Builds one article's text left to right, noting where each quote, speaker and cue lands."""

    def __init__(self) -> None:
        self.parts: list[str] = []
        self.length = 0

    def add(self, piece: str) -> tuple[int, int]:
        start = self.length
        self.parts.append(piece)
        self.length += len(piece)
        return start, self.length

    def text(self) -> str:
        return "".join(self.parts)


def _quote_sentence(rng: random.Random, w: _Writer, speakers: list[Speaker], n_claims: int) -> Span:
    """Write one quote-bearing sentence (direct, reported or mixed) and return its span."""
    index = rng.randrange(len(speakers))
    speaker = speakers[index]
    mention = speaker.name if rng.random() < 0.8 or not speaker.aliases else speaker.aliases[0]
    words = _words(rng, 1, 3)
    style = rng.random()
    if style < 0.45:  # “Words,” Name said.
        opening, closing = rng.choice(MARKS)
        quote = w.add(f"{opening}{words[0].upper()}{words[1:]},{closing} ")
        who = w.add(mention)
        w.add(" ")
        cue = w.add(rng.choice(CUES))
        w.add(".")
        kind = "direct"
    elif style < 0.65:  # Name said: "Words."
        opening, closing = rng.choice(MARKS)
        who = w.add(mention)
        w.add(" ")
        cue = w.add(rng.choice(CUES))
        w.add(": ")
        quote = w.add(f"{opening}{words[0].upper()}{words[1:]}.{closing}")
        kind = "direct"
    elif style < 0.9:  # Name denied that words.
        who = w.add(mention)
        w.add(" ")
        cue = w.add(rng.choice(REPORT_CUES))
        w.add(" ")
        quote = w.add(f"that {words}")
        w.add(".")
        kind = "indirect"
    else:  # Name said the plan was "words" for voters.
        who = w.add(mention)
        w.add(" ")
        cue = w.add("said")
        opening, closing = rng.choice(MARKS)
        quote = w.add(f" the plan was {opening}{words}{closing} for everyone")
        quote = (quote[0] + 1, quote[1])
        w.add(".")
        kind = "mixed"
    stance = rng.choice(STANCES) if rng.random() < 0.7 else None
    claim = rng.randrange(n_claims) if rng.random() < 0.5 else None
    topics = tuple(sorted(rng.sample(TOPICS, rng.choice((0, 1, 1, 2)))))
    return Span(quote[0], quote[1], kind, index, who, cue, stance, claim, topics)


def _article(rng: random.Random, number: int, speakers: list[Speaker], n_claims: int, outlets: list[str]) -> Article:
    """About 3 KB of paragraphs with eight quotes among narrative sentences."""
    w = _Writer()
    w.add(f"{_narrative(rng)[:-1]} ({number})\n\n")
    spans: list[Span] = []
    quote_slots = set(rng.sample(range(37), 8))
    for slot in range(37):
        if slot in quote_slots:
            spans.append(_quote_sentence(rng, w, speakers, n_claims))
        else:
            w.add(_narrative(rng))
        w.add("\n\n" if rng.random() < 0.45 else " ")
    text = w.text().rstrip() + "\n"
    title = _narrative(rng)[:-1].split(" ", 1)[1].capitalize()
    published = f"2025-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"
    return Article(text, title, rng.choice(outlets), published, spans)


def _variant(rng: random.Random, span: Span, text: str, n_speakers: int, n_claims: int) -> tuple:
    """One annotator's version of a span: mostly the same, sometimes a few characters or a field off."""
    start, end = span.start, span.end
    if rng.random() < 0.15:
        start = min(end - 1, start + rng.randint(1, 3))  # left a mark or a word out
    if rng.random() < 0.1:
        end = max(start + 1, end - rng.randint(1, 4))
    kind = span.kind if rng.random() > 0.05 else rng.choice(("direct", "indirect", "mixed"))
    speaker: int | None = span.speaker
    roll = rng.random()
    if roll < 0.04:
        speaker = rng.randrange(n_speakers)
    elif roll < 0.08:
        speaker = None
    stance = span.stance if rng.random() > 0.15 else rng.choice((*STANCES, None))
    claim = span.claim if rng.random() > 0.1 else rng.choice((None, rng.randrange(n_claims)))
    topics = span.topics if rng.random() > 0.15 else tuple(sorted(rng.sample(TOPICS, rng.choice((0, 1, 2)))))
    spk = span.speaker_span if speaker == span.speaker else None
    cue = span.cue_span if rng.random() > 0.1 else None
    origin = "suggestion" if rng.random() < 0.3 else "manual"
    return start, end, kind, speaker, spk, cue, stance, claim, topics, origin


@dataclass
class ScaleCorpus:
    """Paths of a generated corpus and what it holds."""

    folder: Path
    counts: dict

    @property
    def annotator_files(self) -> list[Path]:
        """The three annotators' project files (read only: copy before writing)."""
        return [self.folder / f"{name}.annotator.db" for name in ANNOTATORS]

    @property
    def one(self) -> Path:
        """The one-annotator project: alice's file."""
        return self.folder / "alice.annotator.db"

    @property
    def review(self) -> Path:
        """The review project merged from the three with the app's merge."""
        return self.folder / "review.annotator.db"


def cache_root() -> Path:
    """Where generated corpora are kept between runs."""
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "annotator-bench"


def generate(n_articles: int, seed: int = 20260105) -> tuple[list[Article], list[Speaker], list[str], list[list[tuple]]]:
    """Articles, speakers, claims and, per annotator, their quote rows (deterministic for a seed)."""
    rng = random.Random(seed)
    speakers = _speakers(rng)
    claims = _claims(rng, speakers)
    outlets = _outlets(rng)
    articles = [_article(rng, i, speakers, len(claims), outlets) for i in range(n_articles)]
    per_annotator: list[list[tuple]] = [[] for _ in ANNOTATORS]
    for number, article in enumerate(articles):
        for span in article.spans:
            roll = rng.random()
            if roll < 0.6:
                who = [0, 1, 2]
            elif roll < 0.9:
                who = sorted(rng.sample([0, 1, 2], 2))
            else:
                who = [rng.randrange(3)]
            for a in who:
                per_annotator[a].append((number, *_variant(rng, span, article.text, len(speakers), len(claims))))
    return articles, speakers, claims, per_annotator


def _write_project(path: Path, annotator: str, articles: list[Article], speakers: list[Speaker], claims: list[str],
                   rows: list[tuple], done: set[int], extra_speakers: list[str]) -> None:
    """Create a project with the app, then bulk-insert one annotator's articles, registry and quotes."""
    from annotator.core.text import sha256_of
    from annotator.services.projects import open_project

    open_project(path).close()  # migrations and the default scheme, as the app makes a project
    conn = sqlite3.connect(path, isolation_level=None)
    conn.execute("PRAGMA foreign_keys = ON")
    conn.execute("BEGIN")
    conn.execute("INSERT INTO annotators (id, name) VALUES (1, ?)", (annotator,))
    conn.executemany(
        "INSERT INTO articles (id, sha256, text, title, outlet, url, published, source, imported_at) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
        ((i + 1, sha256_of(a.text), a.text, a.title, a.outlet, f"https://news.example/{i:06d}", a.published,
          f"scale/{i:06d}.txt", STAMP) for i, a in enumerate(articles)),
    )
    all_speakers = speakers + [Speaker(name, "person", "", ()) for name in extra_speakers]
    conn.executemany("INSERT INTO speakers (id, name, type, role) VALUES (?, ?, ?, ?)",
                     ((i + 1, s.name, s.type, s.role) for i, s in enumerate(all_speakers)))
    conn.executemany("INSERT INTO speaker_aliases (speaker_id, alias) VALUES (?, ?)",
                     ((i + 1, alias) for i, s in enumerate(all_speakers) for alias in s.aliases))
    conn.executemany("INSERT INTO claims (id, text) VALUES (?, ?)", ((i + 1, t) for i, t in enumerate(claims)))
    quote_rows, topic_rows = [], []
    extra_rng = random.Random(len(rows))
    for quote_id, (number, start, end, kind, speaker, spk, cue, stance, claim, topics, origin) in enumerate(rows, 1):
        speaker_id = None if speaker is None else speaker + 1
        if speaker_id is not None and extra_speakers and extra_rng.random() < 0.002:
            speaker_id = len(speakers) + 1 + extra_rng.randrange(len(extra_speakers))  # a name only they typed
        spk = spk or (None, None)
        cue = cue or (None, None)
        quote_rows.append((quote_id, number + 1, start, end, kind, speaker_id, spk[0], spk[1], cue[0], cue[1], stance,
                           None if claim is None else claim + 1, origin))
        topic_rows.extend((quote_id, t) for t in topics)
    conn.executemany(
        'INSERT INTO quotes (id, article_id, annotator_id, start, "end", kind, speaker_id, speaker_start, '
        "speaker_end, cue_start, cue_end, stance, claim_id, note, origin, created_at, updated_at) "
        f"VALUES (?, ?, 1, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, '', ?, '{STAMP}', '{STAMP}')",
        quote_rows,
    )
    conn.executemany("INSERT INTO quote_topics (quote_id, topic) VALUES (?, ?)", topic_rows)
    conn.executemany("INSERT INTO article_status (article_id, annotator_id, status) VALUES (?, 1, 'done')",
                     ((n + 1,) for n in sorted(done)))
    conn.execute("COMMIT")
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    conn.close()


def build(n_articles: int, folder: Path, log=print) -> dict:
    """Write the three annotators' projects and the merged review project into ``folder``; returns counts."""
    from annotator.services.merging import merge_projects
    from annotator.services.projects import open_project

    started = time.perf_counter()
    articles, speakers, claims, per_annotator = generate(n_articles)
    log(f"generated {n_articles} articles in {time.perf_counter() - started:.1f} s")
    rng = random.Random(7)
    counts = {"articles": n_articles, "speakers": len(speakers), "claims": len(claims),
              "text_chars": sum(len(a.text) for a in articles), "quotes": {}, "done": {}}
    for index, name in enumerate(ANNOTATORS):
        done = {n for n in range(n_articles) if rng.random() < 0.35}
        extra = [f"{name.title()}'s unnamed source {k}" for k in range(5)]
        _write_project(folder / f"{name}.annotator.db", name, articles, speakers, claims, per_annotator[index], done,
                       extra)
        counts["quotes"][name] = len(per_annotator[index])
        counts["done"][name] = len(done)
    log(f"wrote the annotators' projects at {time.perf_counter() - started:.1f} s")
    merge_started = time.perf_counter()
    review = open_project(folder / "review.annotator.db")
    merge_projects(review, [folder / f"{name}.annotator.db" for name in ANNOTATORS])
    review.db.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    review.close()
    counts["review_merge_seconds"] = round(time.perf_counter() - merge_started, 2)
    counts["build_seconds"] = round(time.perf_counter() - started, 2)
    log(f"merged the review project in {counts['review_merge_seconds']} s")
    return counts


def corpus(n_articles: int, log=print) -> ScaleCorpus:
    """The cached corpus for ``n_articles``, built first when missing or made by another generator version."""
    folder = cache_root() / f"scale-{n_articles}-v{GENERATOR_VERSION}"
    meta = folder / "corpus.json"
    if meta.exists():
        return ScaleCorpus(folder, json.loads(meta.read_text(encoding="utf-8")))
    # Built aside and renamed into place, so an interrupted build is never taken for a finished one.
    partial = folder.with_name(folder.name + ".partial")
    shutil.rmtree(partial, ignore_errors=True)
    partial.mkdir(parents=True)
    log(f"building the {n_articles}-article corpus in {folder} (cached for later runs)")
    counts = build(n_articles, partial, log)
    (partial / "corpus.json").write_text(json.dumps(counts, indent=2), encoding="utf-8")
    shutil.rmtree(folder, ignore_errors=True)
    partial.rename(folder)
    return ScaleCorpus(folder, counts)
