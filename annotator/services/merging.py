"""Bring annotators' project files together in a review project, idempotently.

Merging a newer file of an annotator updates that annotator's quotes in place (matched by article and
span), adds the new ones and removes those gone from the file. Review decisions follow one rule: a
decision stands only while its group is made of the very versions it was decided on. So, for each
article of a merged file, the decided groups' versions (each member's annotator, span, kind, speaker,
stance, claim and topics: what the review view compares) are noted before the merge and compared after
it; a decision whose group changed (a member added, removed or edited, or the group gone) is withdrawn
and counted as reopened. Its gold quote is kept: the review view shows it as the reopened group's gold,
and the reviewer's next decision on the group replaces it (``annotator.services.review``). An article
the reviewer had marked done is no longer marked so when one of its groups reopens. Notes, origins and
speaker or cue offsets take no part: the reviewer never compares them, so their edits reopen nothing.
"""

from __future__ import annotations

import hashlib
import string
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from annotator.core.alignment import Group
from annotator.core.model import Speaker
from annotator.core.text import plural
from annotator.services.errors import Cancelled
from annotator.services.review import review_items
from annotator.store import labels, merge_rows, registry
from annotator.store import review as review_store
from annotator.store.project import Project, ProjectError

Progress = Callable[[int, int], "bool | None"]


@dataclass
class MergeReport:
    """What came in from the merged files."""

    files: int = 0
    articles_added: int = 0
    annotators: set[str] = field(default_factory=set)
    quotes_added: int = 0
    quotes_updated: int = 0
    quotes_removed: int = 0
    quotes_unchanged: int = 0
    speakers_added: int = 0
    groups_reopened: int = 0
    conflicts: list[str] = field(default_factory=list)
    files_skipped: int = 0  # unchanged since they were last merged

    def summary(self) -> str:
        """One line for the command line and the window."""
        who = ", ".join(sorted(self.annotators)) or "nobody"
        line = (
            f"Merged {plural(self.files, 'file')} from {who}: {plural(self.articles_added, 'new article')}, "
            f"{plural(self.quotes_added, 'quote')} added, {self.quotes_updated} updated, {self.quotes_removed} removed, "
            f"{self.quotes_unchanged} unchanged, {plural(self.speakers_added, 'new speaker')}"
        )
        if self.files_skipped:
            line += f" ({plural(self.files_skipped, 'file')} unchanged since the last merge)"
        if self.groups_reopened:
            line += f", {plural(self.groups_reopened, 'decided group')} reopened"
        if self.conflicts:
            line += f", {plural(len(self.conflicts), 'speaker conflict')}"
        return line


def merge_projects(review: Project, paths: list[Path], *, progress: Progress | None = None) -> MergeReport:
    """Merge each annotator project at ``paths`` into ``review``, with the assignments they carry, all in one
    transaction.

    Parameters
    ----------
    review: the reviewer's project (written).
    paths: annotators' project files (only read; a file whose fingerprint its annotators were last merged
        from is skipped, unread).
    progress: called often as ``progress(done, total)``; returning False stops the merge, which raises
        :class:`Cancelled` and leaves ``review`` exactly as it was.
    """
    own = review.path.resolve() if review.path else None
    for path in paths:
        if Path(path).resolve() == own:
            raise ValueError(f"{path}: cannot merge a project into itself")
    report = MergeReport()
    ticker = _Ticker(progress, len(paths) * _STEPS_PER_FILE)
    try:
        with merge_rows.interruptible(review, ticker.poll):
            merge_rows.create_staging(review)
            staged = [_stage(review, k, Path(path), report, ticker) for k, path in enumerate(paths)]
            with review.atomic():
                for k, stage in enumerate(staged):
                    if stage is not None:
                        _apply(review, k, stage, report, ticker)
                    ticker.step(_APPLY_STEPS)
                # Who was given what (the review's progress chart reads it) lands with the quotes or not at all.
                merge_rows.apply_assignments(review)
    except merge_rows.Interrupted as exc:
        raise Cancelled(_CANCELLED) from exc
    finally:
        merge_rows.drop_staging(review)
    ticker.finish()
    return report


_CANCELLED = "Merge cancelled; the project was left as it was"
_STAGE_STEPS, _APPLY_STEPS = 4, 8
_STEPS_PER_FILE = _STAGE_STEPS + _APPLY_STEPS
_REPORT_EVERY = 0.05  # seconds between progress calls while a step runs


class _Ticker:
    """Throttled progress calls; remembers a request to stop and makes SQLite abandon its statement."""

    def __init__(self, callback: Progress | None, total: int):
        self.callback, self.total, self.done = callback, max(total, 1), 0
        self.cancelled = False
        self._last = time.monotonic()

    def poll(self) -> bool:
        """Report progress if it is time; True once the user asked to stop."""
        if self.callback is not None and not self.cancelled and time.monotonic() - self._last >= _REPORT_EVERY:
            self._call()
        return self.cancelled

    def _call(self) -> None:
        self._last = time.monotonic()
        if self.callback(min(self.done, self.total), self.total) is False:
            self.cancelled = True

    def check(self) -> None:
        """Raise Cancelled if the user asked to stop (for Python loops between statements)."""
        if self.poll():
            raise Cancelled(_CANCELLED)

    def step(self, n: int = 1) -> None:
        """A piece of work is done: count it, report, stop if asked."""
        self.done += n
        if self.callback is not None and not self.cancelled:
            self._call()
        self.check()

    def finish(self) -> None:
        """The last call: everything done."""
        if self.callback is not None and self.done < self.total:
            self.callback(self.total, self.total)


@dataclass
class _Staged:
    """What staging learnt of one file, for the apply phase."""

    speakers: list[Speaker]
    stances: list[str]
    topics: list[str]
    annotators: list[str]  # every annotator the file records, for its fingerprint
    fingerprint: str | None  # None: the file changed while it was read, so it is not recorded
    stamp: str


def _stage(review: Project, k: int, path: Path, report: MergeReport, ticker: _Ticker) -> _Staged | None:
    """Copy one file into the staging tables, or skip it (None) when its annotators were merged from it."""
    before = _stamp(path)
    with merge_rows.attached(review, path):
        merge_rows.stage_assignments(review)  # an unchanged file's too: an earlier merge may predate them
        annotators = merge_rows.source_annotators(review)
        merged = merge_rows.merged_fingerprints(review, annotators) if annotators else set()
        # An untouched file (same sizes and times) needs no hashing; a copied or touched one is hashed.
        fingerprint = next((fp for fp, stamp in merged if stamp == before), None) or _fingerprint(path, ticker)
        ticker.step()
        if len(merged) == 1 and fingerprint == next(iter(merged))[0]:
            authors, count = merge_rows.source_quote_summary(review)
            report.files += 1
            report.annotators |= authors
            report.quotes_unchanged += count
            report.files_skipped += 1
            ticker.step(_STAGE_STEPS - 1)
            return None
        merge_rows.stage_file(review, k)
        ticker.step()
        speakers = merge_rows.source_speakers(review)
        stances, topics = merge_rows.source_labels(review)
        ticker.step(_STAGE_STEPS - 2)
    # A file written while it was read is merged but not recorded: its fingerprint may not match its rows.
    return _Staged(speakers, stances, topics, annotators, fingerprint if _stamp(path) == before else None, before)


def _stamp(path: Path) -> str:
    """Size and modification time of a file and its write-ahead log: what changes when it is written."""
    out = []
    for part in (path, path.with_name(path.name + "-wal")):
        try:
            st = part.stat()
        except FileNotFoundError:
            st = None
        # Reading a file may create its log empty, which changes nothing that was written.
        out.append(f"{st.st_size}:{st.st_mtime_ns}" if st and st.st_size else "-")
    return " ".join(out)


def _fingerprint(path: Path, ticker: _Ticker) -> str:
    """SHA-256 of a file's bytes and its write-ahead log's: equal fingerprints, equal content."""
    digest = hashlib.sha256()
    for part in (path, path.with_name(path.name + "-wal")):
        try:
            with open(part, "rb") as handle:
                chunk = handle.read(1 << 22)
                if not chunk:
                    continue  # an empty log holds nothing: the same as none
                while chunk:
                    digest.update(chunk)
                    ticker.check()
                    chunk = handle.read(1 << 22)
                digest.update(b"\0")
        except FileNotFoundError:
            continue
        except OSError as exc:
            raise ProjectError(f"{part}: cannot be read ({exc.strerror or exc})") from exc
    return digest.hexdigest()


def _apply(review: Project, k: int, stage: _Staged, report: MergeReport, ticker: _Ticker) -> None:
    """Write one staged file into the review (inside the merge's transaction)."""
    report.files += 1
    report.articles_added += merge_rows.insert_new_articles(review, k)
    names, speaker_index = _merge_speakers(review, stage.speakers, report, ticker)
    for stance in stage.stances:
        labels.ensure_stance(review, stance)
    for topic in stage.topics:
        labels.ensure_topic(review, topic)
    authors, marking = merge_rows.staged_annotators(review, k)
    for name in (*authors, *marking):
        registry.ensure_annotator(review, name)
    report.annotators.update(authors)
    ids = {}
    for name, canonical in names.items():
        ids[name] = speaker_index.find(canonical)
    merge_rows.map_speakers(review, ids)
    merge_rows.map_claims(review, k)
    counts = merge_rows.pair_quotes(review, k)
    report.quotes_added += counts["added"]
    report.quotes_updated += counts["updated"]
    report.quotes_removed += counts["removed"]
    report.quotes_unchanged += counts["unchanged"]
    # Only articles whose quotes change can change a decided group: the others keep their decisions.
    decided = {}
    for article_id in merge_rows.touched_articles(review):
        decided[article_id] = _decided_versions(review, article_id)
        ticker.check()
    merge_rows.apply_quotes(review, k)
    # An annotator's "done" (Ctrl+D) travels too: an article marked done without quotes is their answer
    # "no quotes here", which the exports keep.
    merge_rows.apply_statuses(review, k)
    for article_id, before in decided.items():
        if before is not None:
            report.groups_reopened += _withdraw_changed(review, article_id, before)
        ticker.check()
    if stage.fingerprint is not None and stage.annotators:
        merge_rows.record_fingerprint(review, stage.annotators, stage.fingerprint, stage.stamp)


def _versions(group: Group) -> tuple:
    """What a decision was made on: each member's span and the fields the review view compares."""
    return tuple(sorted((q.annotator, q.start, q.end, q.kind, q.speaker or "", q.stance or "", q.claim or "",
                         tuple(sorted(q.topics))) for q in group.quotes))


def _decided_versions(review: Project, article_id: int) -> dict[str, tuple] | None:
    """The versions of each decided group of an article, by key (None: the article has no decision)."""
    if not review_store.decisions(review, article_id):
        return None
    return {item.key: _versions(item.group) for item in review_items(review, article_id) if item.decision}


def _withdraw_changed(review: Project, article_id: int, before: dict[str, tuple]) -> int:
    """Withdraw every decision whose group is not what it was decided on; returns how many groups reopen."""
    now = {item.key: _versions(item.group) for item in review_items(review, article_id)}
    reopened = 0
    for key in review_store.decisions(review, article_id):
        if key in before and now.get(key) == before[key]:
            continue
        # A key no group had before the merge belongs to no group at all: drop it, or it would come
        # back to life, with versions nobody decided on, when a later merge happens to recreate it.
        review_store.delete_decision(review, article_id, key)
        reopened += key in before
    if reopened and review_store.review_status(review, article_id) == "done":
        review_store.set_review_status(review, article_id, None)
    return reopened


# SQLite's NOCASE folds ASCII letters only: the in-memory index folds the same way.
_NOCASE = str.maketrans(string.ascii_uppercase, string.ascii_lowercase)


class _SpeakerIndex:
    """The review's speaker names and aliases in memory for one file's merge, matched as ``find_speaker``
    matches them (name first, then alias; NOCASE; the lowest id): a query per incoming name and alias
    was most of the time a merge of a 1,000-article corpus took."""

    def __init__(self, review: Project):
        self.names: dict[int, str] = {}
        self._by_name: dict[str, int] = {}
        self._by_alias: dict[str, int] = {}
        for speaker in registry.all_speakers(review):
            self.added(speaker.id, speaker.name, speaker.aliases)

    def added(self, speaker_id: int, name: str, aliases: tuple[str, ...] = ()) -> None:
        """Record a speaker (and its aliases) the registry now holds."""
        self.names[speaker_id] = name
        key = name.translate(_NOCASE)
        if self._by_name.get(key, speaker_id) >= speaker_id:
            self._by_name[key] = speaker_id
        for alias in aliases:
            self.aliased(speaker_id, alias)

    def aliased(self, speaker_id: int, alias: str) -> None:
        """Record an alias the registry now holds."""
        key = alias.translate(_NOCASE)
        if self._by_alias.get(key, speaker_id) >= speaker_id:
            self._by_alias[key] = speaker_id

    def find(self, name: str) -> int | None:
        """The speaker whose name, else alias, is ``name`` (any ASCII case)."""
        key = name.translate(_NOCASE)
        found = self._by_name.get(key)
        return found if found is not None else self._by_alias.get(key)


def _merge_speakers(review: Project, speakers: list[Speaker], report: MergeReport,
                    ticker: _Ticker) -> tuple[dict[str, str], _SpeakerIndex]:
    """Map each incoming speaker name to the review registry's canonical name, creating speakers when new."""
    names: dict[str, str] = {}
    index = _SpeakerIndex(review)
    for speaker in speakers:
        ticker.check()
        by_name = index.find(speaker.name)
        by_alias = {index.find(alias) for alias in speaker.aliases} - {None}
        matches = ({by_name} - {None}) | by_alias
        if not matches:
            new_id = registry.insert_speaker(review, speaker.name, speaker.type, speaker.role, speaker.aliases)
            index.added(new_id, speaker.name, tuple(alias for alias in speaker.aliases if alias != speaker.name))
            report.speakers_added += 1
            names[speaker.name] = speaker.name
            continue
        target = by_name if by_name is not None else min(matches)
        if len(matches) > 1:
            others = ", ".join(index.names[m] for m in sorted(matches) if m != target)
            kept = index.names[target]
            report.conflicts.append(
                f"speaker '{speaker.name}' matches '{kept}' and also {others}; its quotes went to '{kept}'"
            )
        for alias in (speaker.name, *speaker.aliases):
            if index.find(alias) is None:
                registry.add_alias(review, target, alias)
                index.aliased(target, alias)
        names[speaker.name] = index.names[target]
    return names, index
