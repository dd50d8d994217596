"""The team walk-through from the command line: assign, annotate, merge, progress, agreement, a second batch."""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

from annotator.cli import main
from annotator.store import articles as article_store
from annotator.store import assignments as assignment_store
from annotator.store import registry
from annotator.store.project import Project

NAMES = ["alice", "bob", "carol"]


def _corpus(folder: Path, first: int, count: int) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for i in range(first, first + count):
        (folder / f"article{i:03d}.txt").write_text(
            f"Minister {i} said on Monday that the talks would go on. \"We are not leaving,\" she added.\n"
        )
    return folder


def _shas(path: Path) -> list[str]:
    with Project(path, read_only=True) as project:
        return [article.sha256 for article in article_store.all_articles(project)]


def _annotate(path: Path, name: str, done: bool, named: bool = True) -> None:
    """One quote on every article (imported as JSONL), and every article marked done if ``done``."""
    with Project(path, read_only=True) as project:
        texts = [article.text for article in article_store.all_articles(project)]
    jsonl = path.with_suffix(".jsonl")
    jsonl.write_text("".join(json.dumps({"text": text, "spans": [{"start": 0, "end": 10, "label": "QUOTE"}]}) + "\n"
                             for text in texts))
    assert main(["import", "--db", str(path), *(["--annotator", name] if named else []), str(jsonl)]) == 0
    if done:
        with Project(path) as project:
            annotator_id = registry.ensure_annotator(project, name)
            for article_id in article_store.article_ids(project):
                article_store.set_article_status(project, article_id, annotator_id, "done")


def _assign(corpus: Path, out: Path, seed: int = 5) -> int:
    return main(["assign", "--db", str(corpus), "--to", ",".join(NAMES), "--overlap", "0.2", "--per-article", "2",
                 "--seed", str(seed), "--out", str(out)])


def test_assign_annotate_merge_progress_agreement_then_a_second_batch(tmp_path, capsys):
    corpus = tmp_path / "corpus.annotator.db"
    twin = tmp_path / "twin.annotator.db"
    for db in (corpus, twin):
        assert main(["import", "--db", str(db), str(_corpus(tmp_path / "in", 0, 30))]) == 0
    assert _assign(corpus, tmp_path / "out") == 0
    assert "6 to several annotators and 24 to one" in capsys.readouterr().out
    files = {name: tmp_path / "out" / f"{name}.annotator.db" for name in NAMES}
    held = {name: _shas(path) for name, path in files.items()}
    copies = Counter(sha for shas in held.values() for sha in shas)
    assert sorted(Counter(copies.values()).items()) == [(1, 24), (2, 6)]
    assert sorted(len(shas) for shas in held.values()) == [12, 12, 12]
    # The same seed on the same corpus gives the same files.
    assert _assign(twin, tmp_path / "twin") == 0
    assert {name: sorted(_shas(tmp_path / "twin" / f"{name}.annotator.db")) for name in NAMES} == \
        {name: sorted(shas) for name, shas in held.items()}

    _annotate(files["alice"], "alice", done=True)
    _annotate(files["bob"], "bob", done=True)
    _annotate(files["carol"], "carol", done=False, named=False)  # the file knows it is carol's
    review = tmp_path / "review.annotator.db"
    assert main(["merge", "--db", str(review), *map(str, files.values())]) == 0
    capsys.readouterr()
    assert main(["progress", "--db", str(review), "--json"]) == 0
    progress = json.loads(capsys.readouterr().out)
    rows = {row["name"]: row for row in progress["annotators"]}
    assert {name: (row["assigned"], row["done"], row["quotes"]) for name, row in rows.items()} == \
        {"alice": (12, 12, 12), "bob": (12, 12, 12), "carol": (12, 0, 12)}
    assert all(row["last_activity"] for row in rows.values())
    shared_ab = len(set(held["alice"]) & set(held["bob"]))
    assert shared_ab == 2  # six shared articles spread evenly over three pairs
    assert progress["ready_for_review"] == shared_ab
    assert main(["agreement", "--db", str(review), "--json"]) == 0
    agreement = json.loads(capsys.readouterr().out)
    assert agreement["finished_by_several"] == 2
    assert main(["agreement", "--db", str(review)]) == 0
    assert "On the 2 articles more than one annotator finished" in capsys.readouterr().out

    # Ten more articles: a second assign hands out only those ten, in batch files.
    assert main(["import", "--db", str(corpus), str(_corpus(tmp_path / "more", 30, 10))]) == 0
    assert _assign(corpus, tmp_path / "out") == 0
    assert "Batch 2: 10 articles handed out" in capsys.readouterr().out
    batches = {name: tmp_path / "out" / f"{name}.batch2.annotator.db" for name in NAMES}
    new = {sha for path in batches.values() for sha in _shas(path)}
    assert len(new) == 10 and not new & set(copies)
    assert _assign(corpus, tmp_path / "out3") == 0
    assert "No new article to hand out" in capsys.readouterr().out
    assert not (tmp_path / "out3").exists()

    # Alice adds her batch: her quotes and statuses stay, the new articles follow hers in order.
    assert main(["import", "--db", str(files["alice"]), str(batches["alice"])]) == 0
    with Project(files["alice"], read_only=True) as project:
        assert len(article_store.all_articles(project)) == 12 + len(_shas(batches["alice"]))
        order = assignment_store.assigned_article_ids(project, "alice")
        assert len(order) == len(article_store.all_articles(project))
    capsys.readouterr()
    assert main(["progress", "--db", str(files["alice"]), "--json"]) == 0
    mine = json.loads(capsys.readouterr().out)["annotators"]
    assert [(r["name"], r["assigned"], r["done"], r["quotes"]) for r in mine] == \
        [("alice", 12 + len(_shas(batches["alice"])), 12, 12)]
    # Someone else's batch is refused, and nothing of it is added.
    assert main(["import", "--db", str(files["alice"]), str(batches["bob"])]) == 1
    assert "a batch for bob, and this project is alice's" in capsys.readouterr().err
