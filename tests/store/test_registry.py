"""Registry lookups by name: case-insensitive, and served by an index rather than a table scan."""

from __future__ import annotations

import pytest

from annotator.store import registry


def _plan(project, sql: str, *params) -> str:
    rows = project.db.conn.execute(f"EXPLAIN QUERY PLAN {sql}", params).fetchall()
    return " ".join(row[-1] for row in rows)


def test_names_are_found_whatever_their_case(project):
    speaker = registry.insert_speaker(project, "Hossein Amir-Abdollahian", aliases=("Iran's foreign minister",))
    claim = registry.ensure_claim(project, "Iran supplied drones to Russia")
    assert registry.find_speaker(project, "hossein AMIR-abdollahian") == speaker
    assert registry.find_speaker(project, "IRAN'S FOREIGN MINISTER") == speaker
    assert registry.alias_owner(project, "iran's foreign minister") == speaker
    assert registry.find_claim(project, "iran supplied drones to russia") == claim
    assert registry.ensure_claim(project, "IRAN SUPPLIED DRONES TO RUSSIA") == claim


@pytest.mark.parametrize(
    ("sql", "index"),
    [
        ("SELECT id FROM speakers WHERE name = ? COLLATE NOCASE", "speakers_name_nocase"),
        ("SELECT speaker_id FROM speaker_aliases WHERE alias = ? COLLATE NOCASE ORDER BY speaker_id",
         "speaker_aliases_alias_nocase"),
        ("SELECT id FROM claims WHERE text = ? COLLATE NOCASE", "claims_text_nocase"),
    ],
)
def test_lookups_by_name_seek_an_index(project, sql, index):
    # Without a NOCASE index each lookup scans its table: with thousands of speakers, a merge or a
    # suggestion run spent most of its time there.
    plan = _plan(project, sql, "x")
    assert f"USING COVERING INDEX {index}" in plan or f"USING INDEX {index}" in plan
    assert "SCAN" not in plan.replace(f"SCAN {index}", "")
