"""Merging at scale: set-based, skips unchanged files, cancellable, safe with odd file names and doubled spans."""

from __future__ import annotations

import shutil
import threading

import pytest

from annotator.core.model import Article, Quote
from annotator.core.text import sha256_of
from annotator.services.errors import Cancelled
from annotator.services.merging import merge_projects
from annotator.services.projects import open_project
from annotator.store import articles as article_store
from annotator.store import quotes as quote_store
from annotator.store.dump import dump_tables
from annotator.store.project import Project

TEXTS = [f"Article {k}. The minister said the talks would go on, and critics said they would not. " * 3
         for k in range(3)]


def _annotator_file(path, name, quotes=((0, 10, 40, "opposes"), (1, 5, 30, "neutral")), speaker="Anna Ames"):
    """An annotator's project: the three articles and ``quotes`` as (article, start, end, stance)."""
    project = open_project(path)
    ids = [article_store.insert_article(project, Article(None, t, sha256_of(t), title=f"T{k}"))[0]
           for k, t in enumerate(TEXTS)]
    for article, start, end, stance in quotes:
        quote_store.insert_quote(project, Quote(None, ids[article], start, end, name, speaker=speaker, stance=stance,
                                                claim="Talks go on", topics=("politics",)))
    project.close()
    return path


def _stances_on(review, start, end, annotator="alice"):
    return sorted(q.stance for q in quote_store.all_quotes(review, annotator) if (q.start, q.end) == (start, end))


def test_a_span_marked_twice_stays_two_quotes_with_their_own_stances(tmp_path):
    # Q pressed twice: two quotes on one span, read two ways.
    doubled = ((0, 10, 40, "supports"), (0, 10, 40, "opposes"))
    alice = _annotator_file(tmp_path / "alice.annotator.db", "alice", doubled)
    review = open_project(tmp_path / "review.annotator.db")
    assert merge_projects(review, [alice]).quotes_added == 2
    # The annotator adds a quote elsewhere: the file is merged again, not skipped.
    newer = _annotator_file(tmp_path / "alice2.annotator.db", "alice", (*doubled, (2, 0, 20, "neutral")))
    for _ in range(3):
        report = merge_projects(review, [newer])
        assert _stances_on(review, 10, 40) == ["opposes", "supports"]
    assert (report.quotes_added, report.quotes_updated, report.quotes_removed) == (0, 0, 0)
    assert len(quote_store.all_quotes(review, "alice")) == 3


def test_an_unchanged_file_is_skipped_and_a_changed_one_is_read(tmp_path):
    alice = _annotator_file(tmp_path / "alice.annotator.db", "alice")
    review = open_project(tmp_path / "review.annotator.db")
    merge_projects(review, [alice])
    before = dump_tables(review)
    again = merge_projects(review, [alice])
    assert again.files_skipped == 1 and again.quotes_unchanged == 2 and again.annotators == {"alice"}
    assert "unchanged since the last merge" in again.summary()
    assert dump_tables(review) == before
    copy = tmp_path / "alice-copy.annotator.db"  # sent again by mail: new times, same content
    shutil.copy(alice, copy)
    assert merge_projects(review, [copy]).files_skipped == 1
    with open_project(alice) as project:  # the annotator changes her mind on one stance
        quote = quote_store.all_quotes(project)[0]
        quote_store.update_quote(project, quote.id, stance="supports")
    changed = merge_projects(review, [alice])
    assert (changed.files_skipped, changed.quotes_updated, changed.quotes_unchanged) == (0, 1, 1)
    assert _stances_on(review, 10, 40) == ["supports"]


def test_a_file_name_with_hash_question_mark_and_percent_merges_and_leaves_no_stray_files(tmp_path):
    folder = tmp_path / "files"
    folder.mkdir()
    odd = _annotator_file(folder / "a#b?c%20d.annotator.db", "alice")
    review = open_project(tmp_path / "review.annotator.db")
    report = merge_projects(review, [odd])
    assert (report.files, report.quotes_added) == (1, 2)
    review.close()
    # Unescaped, the URI would cut the name at '#' or '?' and open (or create) a file called "a".
    name = odd.name
    assert {p.name for p in folder.iterdir()} <= {name, f"{name}-wal", f"{name}-shm"}


@pytest.mark.parametrize(("stop_after", "every_poll"), [(0, False), (2, False), (4, False), (6, False),
                                                       (30, True), (120, True)])
def test_cancelling_leaves_the_review_exactly_as_it_was(tmp_path, monkeypatch, stop_after, every_poll):
    if every_poll:  # report at every poll, so that the stop lands inside a running SQL statement
        monkeypatch.setattr("annotator.services.merging._REPORT_EVERY", 0)
        monkeypatch.setattr("annotator.store.merge_rows._OPS_PER_POLL", 50)
    alice = _annotator_file(tmp_path / "alice.annotator.db", "alice")
    bob = _annotator_file(tmp_path / "bob.annotator.db", "bob", speaker="Ben Bow")
    review = open_project(tmp_path / "review.annotator.db")
    merge_projects(review, [alice])
    with open_project(alice) as project:
        quote_store.update_quote(project, quote_store.all_quotes(project)[0].id, stance="supports")
    before = dump_tables(review)
    calls = []

    def progress(done, total):
        calls.append((done, total))
        return len(calls) <= stop_after

    with pytest.raises(Cancelled):
        merge_projects(review, [alice, bob], progress=progress)
    assert dump_tables(review) == before
    report = merge_projects(review, [alice, bob])  # and the project still works
    assert report.quotes_updated == 1 and report.annotators == {"alice", "bob"}


def test_progress_counts_up_to_its_total(tmp_path):
    paths = [_annotator_file(tmp_path / f"{n}.annotator.db", n) for n in ("alice", "bob")]
    review = open_project(tmp_path / "review.annotator.db")
    calls = []
    merge_projects(review, paths, progress=lambda done, total: calls.append((done, total)))
    assert len(calls) > 4 and all(b[0] >= a[0] for a, b in zip(calls, calls[1:], strict=False))
    assert calls[-1][0] == calls[-1][1]


def test_a_worker_thread_merges_through_its_own_connection(tmp_path):
    alice = _annotator_file(tmp_path / "alice.annotator.db", "alice")
    path = tmp_path / "review.annotator.db"
    window = open_project(path)  # what the window holds open meanwhile
    reports = []

    def work():
        with Project(path) as own:
            reports.append(merge_projects(own, [alice]))

    worker = threading.Thread(target=work)
    worker.start()
    worker.join()
    assert reports[0].quotes_added == 2
    assert quote_store.quote_counts(window) == {"alice": 2}
    window.close()


def test_a_file_that_is_not_a_project_is_named_in_one_line(tmp_path):
    from annotator.store.project import ProjectError

    bad = tmp_path / "notes.annotator.db"
    bad.write_text("not a database at all, just some words " * 100)
    review = open_project(tmp_path / "review.annotator.db")
    before = dump_tables(review)
    with pytest.raises(ProjectError, match="notes.annotator.db: not an Annotator project"):
        merge_projects(review, [bad])
    assert dump_tables(review) == before


def test_a_project_with_an_odd_name_opens_read_only(tmp_path):
    odd = _annotator_file(tmp_path / "q?a#b%41.annotator.db", "alice")
    with Project(odd, read_only=True) as project:
        assert quote_store.quote_counts(project) == {"alice": 2}
    assert {p.name.split(".annotator.db")[0] for p in tmp_path.iterdir()} == {"q?a#b%41"}


def test_speakers_match_by_name_then_alias_in_any_ascii_case_as_the_registry_finds_them(tmp_path):
    from annotator.store import registry

    alice = _annotator_file(tmp_path / "alice.annotator.db", "alice", speaker="Anna Ames")
    project = open_project(alice)
    registry.add_alias(project, registry.find_speaker(project, "Anna Ames"), "A. Ames")
    project.close()
    bob = _annotator_file(tmp_path / "bob.annotator.db", "bob", speaker="a. AMES")  # alice's alias, other case
    carol = _annotator_file(tmp_path / "carol.annotator.db", "carol", speaker="ÉLISE Ames")
    dan = _annotator_file(tmp_path / "dan.annotator.db", "dan", speaker="élise Ames")  # NOCASE folds ASCII only
    review = open_project(tmp_path / "review.annotator.db")
    report = merge_projects(review, [alice, bob, carol, dan])
    assert report.speakers_added == 3
    speakers = {q.annotator: q.speaker for q in quote_store.all_quotes(review)}
    assert speakers == {"alice": "Anna Ames", "bob": "Anna Ames", "carol": "ÉLISE Ames", "dan": "élise Ames"}
    anna = registry.get_speaker(review, registry.find_speaker(review, "Anna Ames"))
    assert anna.aliases == ("A. Ames",)  # "a. AMES" is that alias already
    review.close()
