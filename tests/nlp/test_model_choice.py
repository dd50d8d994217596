"""Which spaCy model suggests: a model asked for by name, or the default with a visible fallback."""

import json
from pathlib import Path

import pytest
import spacy

from annotator.cli import main
from annotator.nlp import pipeline
from annotator.nlp.pipeline import ModelNotInstalled, load_pipeline

SEED = Path(__file__).resolve().parents[2] / "resources" / "samples" / "000_234c940434e90916.txt"


def test_named_model_not_installed_raises_naming_the_installed_ones():
    with pytest.raises(ModelNotInstalled) as info:
        load_pipeline("xx_no_such_model")
    message = str(info.value)
    assert "'xx_no_such_model' is not installed" in message
    for name in spacy.util.get_installed_models():
        assert name in message
    if not spacy.util.get_installed_models():
        assert "installed models: none" in message


def test_default_model_missing_falls_back_degraded(monkeypatch):
    monkeypatch.setattr(pipeline, "DEFAULT_MODELS", ("xx_no_such_model",))
    nlp, degraded = load_pipeline()
    assert degraded and nlp.pipe_names == ["sentencizer"]


def test_cli_suggest_with_missing_model_exits_1_and_stores_nothing(tmp_path, capsys):
    db = tmp_path / "p.annotator.db"
    assert main(["import", "--db", str(db), str(SEED)]) == 0
    capsys.readouterr()
    assert main(["suggest", "--db", str(db), "--model", "xx_no_such_model"]) == 1
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "'xx_no_such_model' is not installed; installed models:" in err
    main(["info", "--db", str(db), "--json"])
    assert not json.loads(capsys.readouterr().out)["suggestions"]


def test_cli_suggest_without_default_model_says_degraded_and_succeeds(tmp_path, capsys, monkeypatch):
    monkeypatch.setattr(pipeline, "DEFAULT_MODELS", ("xx_no_such_model",))
    db = tmp_path / "p.annotator.db"
    assert main(["import", "--db", str(db), str(SEED)]) == 0
    assert main(["suggest", "--db", str(db)]) == 0
    assert "suggestions are degraded (rules only)" in capsys.readouterr().err
