"""`export --format spacy --dev` gives train and dev files split by article that the shipped config trains on."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
import spacy
from spacy.tokens import DocBin

from annotator.cli import main
from annotator.services.exporting import dev_article
from tests.test_cli import _gold_jsonl

ROOT = Path(__file__).resolve().parents[1]
CONFIG = ROOT / "resources" / "spacy" / "quotes-spancat.cfg"


def _split(tmp_path) -> tuple[Path, Path]:
    db = tmp_path / "p.annotator.db"
    main(["import", "--db", str(db), str(_gold_jsonl(tmp_path))])
    main(["import", "--db", str(db), "--annotator", "bob", str(_gold_jsonl(tmp_path))])  # a second version
    assert main(["export", "--db", str(db), "--out", str(tmp_path / "corpus.spacy"), "--dev", "0.2"]) == 0
    return tmp_path / "corpus-train.spacy", tmp_path / "corpus-dev.spacy"


def _articles(path: Path) -> list[str]:
    docs = DocBin().from_disk(path).get_docs(spacy.blank("en").vocab)
    return [doc.user_data["meta"]["article_sha256"] for doc in docs]


def test_dev_split_keeps_each_article_on_one_side(tmp_path, capsys):
    train, dev = _split(tmp_path)
    assert "(dev, 2 records)" in capsys.readouterr().out
    assert len(_articles(dev)) == 2 and len(set(_articles(dev))) == 1  # alice's and bob's versions together
    assert not set(_articles(dev)) & set(_articles(train))


def test_dev_share_takes_one_article_in_five_and_at_least_one():
    assert [dev_article(i, 0.2) for i in range(10)] == [True, False, False, False, False] * 2
    assert dev_article(0, 0.01)


def test_dev_is_refused_for_other_formats(tmp_path, capsys):
    assert main(["export", "--db", str(tmp_path / "p.annotator.db"), "--out", str(tmp_path / "a.csv"),
                 "--dev", "0.2"]) != 0
    assert "--dev is for .spacy exports" in capsys.readouterr().err


@pytest.mark.slow
def test_spacy_train_runs_on_the_export_with_the_shipped_config(tmp_path, capsys):
    train, dev = _split(tmp_path)
    result = subprocess.run(
        [sys.executable, "-m", "spacy", "train", str(CONFIG), "--paths.train", str(train), "--paths.dev", str(dev),
         "--training.max_steps", "4", "--training.eval_frequency", "2", "--output", str(tmp_path / "model")],
        capture_output=True, text=True, timeout=900,
    )
    assert result.returncode == 0, result.stderr[-2000:]
    assert (tmp_path / "model" / "model-last" / "spancat").is_dir()
    assert spacy.load(tmp_path / "model" / "model-last").get_pipe("spancat").key == "quotes"
