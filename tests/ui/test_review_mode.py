"""Review mode in the window: on for a merged project, following the current article, F8 toggles."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from annotator.services.merging import merge_projects
from annotator.services.projects import open_project
from tests.services.test_review import _annotator_project, _gold
from tests.ui.conftest import make_window

pytestmark = pytest.mark.gui


@pytest.fixture
def review_path(tmp_path, samples):
    records = _gold(samples)
    alice = _annotator_project(tmp_path / "alice.annotator.db", "alice", records)
    bob = _annotator_project(tmp_path / "bob.annotator.db", "bob", records,
                             stance_of=lambda r: "supports" if r["id"] == "000-01" else "opposes")
    path = tmp_path / "review.annotator.db"
    with open_project(path) as review:
        merge_projects(review, [alice, bob])
    return path


def test_merged_project_opens_in_review_mode_on_its_first_article(qtbot, review_path):
    window = make_window(qtbot, review_path, annotator="lead", demo=False)
    mode = window.review_mode
    assert mode.mode.isChecked() and mode.docks[0].isVisible()
    assert not window.docks[1].isVisible()  # the annotator's inspector makes room
    view = window.current_view()
    assert view is not None and mode.panel.current_item() is not None
    assert mode.panel.current_item().article_id == view.article_id
    qtbot.keyClick(window, Qt.Key_F8)
    assert not mode.mode.isChecked() and not mode.docks[0].isVisible() and window.docks[1].isVisible()
    window.close()
    window.session.project.close()


def test_single_annotator_project_stays_in_annotation_mode(window):
    assert not window.review_mode.mode.isChecked()
    assert window.review_mode.panel is None  # review widgets are not even built, so start-up stays light
    assert window.docks[1].isVisible()
