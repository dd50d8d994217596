"""annotator export --format xmi and annotator import of what it wrote, from the command line."""

from __future__ import annotations

from annotator.cli import main
from annotator.services.projects import open_project
from annotator.store.quotes import all_quotes
from tests.test_cli import _gold_jsonl


def _quotes(db) -> list[tuple]:
    with open_project(db, read_only=True) as project:
        return sorted((q.annotator, q.start, q.end, q.kind, q.speaker, q.stance, q.claim, q.topics)
                      for q in all_quotes(project))


def test_xmi_folder_and_zip_round_trip_through_the_command_line(tmp_path, capsys):
    first = tmp_path / "a.annotator.db"
    assert main(["import", "--db", str(first), str(_gold_jsonl(tmp_path))]) == 0
    folder, archive = tmp_path / "inception", tmp_path / "inception.zip"
    assert main(["export", "--db", str(first), "--format", "xmi", "--out", str(folder)]) == 0
    assert "as xmi to" in capsys.readouterr().out
    assert main(["export", "--db", str(first), "--out", str(archive)]) == 0  # .zip says xmi
    assert (folder / "TypeSystem.xml").is_file() and len(list(folder.glob("*.xmi"))) == 2
    for source in (folder, archive):
        copy = tmp_path / f"{source.name}.annotator.db"
        assert main(["import", "--db", str(copy), str(source)]) == 0
        summary = capsys.readouterr().out
        assert "skipped" not in summary and "0 rejected" in summary
        assert _quotes(copy) == _quotes(first)


def test_an_xmi_target_that_cannot_be_written_is_one_line_before_the_project_opens(tmp_path, capsys):
    db = tmp_path / "a.annotator.db"
    assert main(["import", "--db", str(db), str(_gold_jsonl(tmp_path))]) == 0
    capsys.readouterr()
    assert main(["export", "--db", str(db), "--format", "xmi", "--out", str(tmp_path / "one.xmi")]) != 0
    err = capsys.readouterr().err
    assert "folder or a .zip" in err and "Traceback" not in err and len(err.strip().splitlines()) == 1
    assert main(["export", "--db", str(db), "--format", "xmi", "--out", str(tmp_path / "x.csv")]) != 0
    assert "--format xmi contradicts" in capsys.readouterr().err
    assert not (tmp_path / "one.xmi").exists() and not (tmp_path / "x.csv").exists()
