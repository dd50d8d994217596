"""The command line end to end on the sample corpus."""

from __future__ import annotations

import csv
import json
import re
import subprocess
import sys
from pathlib import Path

import pytest

from annotator.cli import build_parser, main

ROOT = Path(__file__).resolve().parent.parent
SEEDS = [ROOT / "resources" / "samples" / "000_234c940434e90916.txt", ROOT / "resources" / "samples" / "004_3536842f9f6d9ee2.txt"]


def _subcommands() -> list[str]:
    parser = build_parser()
    action = next(a for a in parser._actions if a.__class__.__name__ == "_SubParsersAction")
    return sorted(action.choices)


@pytest.mark.parametrize("command", _subcommands())
def test_every_command_has_help_and_is_documented(command, capsys):
    with pytest.raises(SystemExit) as exit_info:
        main([command, "--help"])
    assert exit_info.value.code == 0
    assert "usage: annotator" in capsys.readouterr().out
    readme = (ROOT / "README.md").read_text()
    assert re.search(rf"^annotator (\[{command}\]|{command}) ", readme, re.M), f"README lacks `annotator {command}`"


def test_import_then_info_json(tmp_path, capsys):
    db = tmp_path / "p.annotator.db"
    assert main(["import", "--db", str(db), *map(str, SEEDS)]) == 0
    assert "2 new articles" in capsys.readouterr().out
    assert main(["import", "--db", str(db), str(SEEDS[0])]) == 0
    assert "1 already present" in capsys.readouterr().out
    assert main(["info", "--db", str(db), "--json"]) == 0
    info = json.loads(capsys.readouterr().out)
    assert info["articles"] == 2
    assert info["quotes"] == {}
    assert info["schema_version"] >= 1
    assert {"speakers", "claims", "suggestions"} <= set(info)


def test_bad_file_is_named_and_the_rest_still_imports(tmp_path, capsys):
    db = tmp_path / "p.annotator.db"
    bad = tmp_path / "broken.jsonl"
    bad.write_text('{"text": "fine"}\n{"text": oops}\n')
    assert main(["import", "--db", str(db), str(bad), str(SEEDS[0])]) == 1
    captured = capsys.readouterr()
    assert "broken.jsonl" in captured.err and "line 2" in captured.err
    assert "1 new article" in captured.out
    main(["info", "--db", str(db), "--json"])
    assert json.loads(capsys.readouterr().out)["articles"] == 1  # nothing of broken.jsonl was kept


def test_missing_project_gives_a_clear_message(tmp_path, capsys):
    assert main(["info", "--db", str(tmp_path / "nope.annotator.db")]) == 1
    assert "nope.annotator.db: no such project file" in capsys.readouterr().err


def _gold_jsonl(tmp_path: Path) -> Path:
    """The sample gold quotes as a Prodigy-style JSONL, the way a user would bring existing annotations."""
    gold = [json.loads(line) for line in (ROOT / "resources" / "samples" / "seeds-gold.jsonl").read_text().splitlines()]
    out = tmp_path / "gold.jsonl"
    with out.open("w") as handle:
        for seed in SEEDS:
            text = seed.read_text(encoding="utf-8")
            spans = [
                {"start": g["start"], "end": g["end"], "label": "QUOTE", "kind": g["kind"], "speaker": g["speaker"],
                 "stance": "neutral", "claim": "Iran supplied drones to Russia", "topics": ["conflict"]}
                for g in gold if g["doc"] == seed.name and not g["optional"]
            ]
            handle.write(json.dumps({"text": text, "meta": {"source": seed.name}, "spans": spans,
                                     "_annotator_id": "alice"}) + "\n")
    return out


def test_jsonl_round_trip_is_exact(tmp_path, capsys):
    from annotator.services.projects import open_project
    from annotator.store.quotes import all_quotes

    first, second = tmp_path / "a.annotator.db", tmp_path / "b.annotator.db"
    assert main(["import", "--db", str(first), str(_gold_jsonl(tmp_path))]) == 0
    assert main(["export", "--db", str(first), "--out", str(tmp_path / "out.jsonl")]) == 0
    assert main(["import", "--db", str(second), str(tmp_path / "out.jsonl")]) == 0

    def fields(path):
        with open_project(path) as project:
            texts = {a.id: a.text for a in __import__("annotator.store.articles", fromlist=["x"]).all_articles(project)}
            return sorted(
                (texts[q.article_id][q.start:q.end], q.start, q.end, q.kind, q.speaker, q.stance, q.claim, q.topics,
                 q.annotator)
                for q in all_quotes(project)
            )

    original = fields(first)
    assert len(original) == 17
    assert fields(second) == original


@pytest.mark.parametrize("fmt", ["jsonl", "doccano", "spacy", "csv"])
def test_export_every_format(tmp_path, fmt, capsys):
    db = tmp_path / "p.annotator.db"
    main(["import", "--db", str(db), str(_gold_jsonl(tmp_path))])
    out = tmp_path / f"out.{fmt}"
    assert main(["export", "--db", str(db), "--out", str(out), "--format", fmt]) == 0
    assert "Exported 17 quotes" in capsys.readouterr().out
    if fmt == "jsonl":
        records = [json.loads(line) for line in out.read_text().splitlines()]
        quote = next(s for s in records[0]["spans"] if s["label"] == "QUOTE")
        assert records[0]["text"][quote["start"]:quote["end"]] == quote["text"]
        assert records[0]["_annotator_id"] == "alice" and records[0]["answer"] == "accept"
        assert isinstance(records[0]["_input_hash"], int)
    elif fmt == "doccano":
        record = json.loads(out.read_text().splitlines()[0])
        assert {e["label"] for e in record["entities"]} >= {"QUOTE"}
    elif fmt == "spacy":
        import spacy
        from spacy.tokens import DocBin

        docs = list(DocBin().from_disk(out).get_docs(spacy.blank("en").vocab))
        assert sum(len(d.spans["quotes"]) for d in docs) == 17
    else:
        rows = list(csv.DictReader(out.open(encoding="utf-8")))
        assert len(rows) == 17 and rows[0]["speaker"]


def test_installed_command_runs(tmp_path):
    exe = Path(sys.executable).with_name("annotator")
    if not exe.exists():
        pytest.skip("annotator is not installed in this environment")
    result = subprocess.run([str(exe), "info", "--db", str(tmp_path / "x.annotator.db")], capture_output=True, text=True)
    assert result.returncode == 1 and "no such project file" in result.stderr


def test_export_of_an_unknown_annotator_names_the_known_ones(tmp_path, capsys):
    db = tmp_path / "p.annotator.db"
    main(["import", "--db", str(db), str(_gold_jsonl(tmp_path))])
    out = tmp_path / "x.jsonl"
    assert main(["export", "--db", str(db), "--out", str(out), "--annotator", "nobody"]) == 1
    assert "no annotator named 'nobody' in this project (annotators: alice)" in capsys.readouterr().err
    assert not out.exists()


def test_exported_file_is_readable_by_others_like_any_new_file(tmp_path):
    import os
    import stat

    db = tmp_path / "p.annotator.db"
    main(["import", "--db", str(db), str(SEEDS[0])])
    out = tmp_path / "out.csv"
    umask = os.umask(0o022)
    try:
        assert main(["export", "--db", str(db), "--out", str(out), "--format", "csv"]) == 0
    finally:
        os.umask(umask)
    assert stat.S_IMODE(out.stat().st_mode) == 0o644


def test_folder_import_names_what_it_skipped(tmp_path, capsys):
    folder = tmp_path / "corpus"
    folder.mkdir()
    (folder / "a.txt").write_text("Some article text.")
    (folder / "notes.xyz").write_text("not an article")
    assert main(["import", "--db", str(tmp_path / "p.annotator.db"), str(folder)]) == 0
    out = capsys.readouterr().out
    assert out.startswith("Read 1 file: 1 new article")
    assert "1 skipped as not a supported type (notes.xyz)" in out


def test_output_cut_short_by_its_reader_is_not_a_traceback(tmp_path):
    """`annotator info ... | head -1` stops reading early: the command ends quietly, with no traceback."""
    import subprocess
    import sys
    from pathlib import Path

    root = Path(__file__).resolve().parents[1]
    db = tmp_path / "p.annotator.db"
    (tmp_path / "a.txt").write_text("Headline\n\n" + '"We will not give in," the minister said. ' * 50)
    env = {**__import__("os").environ, "PYTHONPATH": str(root)}
    subprocess.run([sys.executable, "-m", "annotator", "import", "--db", str(db), str(tmp_path / "a.txt")],
                   check=True, capture_output=True, env=env)
    shell = f"{sys.executable} -m annotator info --db {db} --json | head -c 1"
    done = subprocess.run(["bash", "-c", shell], capture_output=True, text=True, env=env)
    assert "Traceback" not in done.stderr and "BrokenPipe" not in done.stderr, done.stderr


def test_import_meta_gives_plain_text_files_their_outlets(tmp_path, capsys):
    folder = tmp_path / "batch"
    folder.mkdir()
    (folder / "one.txt").write_text("Iran denied it. \"We never sold drones,\" the minister said.\n")
    (folder / "two.txt").write_text("Days later he said: \"The drone is true.\"\n")
    meta = tmp_path / "meta.csv"
    meta.write_text("file,title,outlet,date,url\none.txt,Iran denies,IRNA,2022-11-01,https://irna.ir/x\n"
                    "two.txt,Drone is true,Reuters,2022-11-05,\n")
    db = tmp_path / "p.annotator.db"
    assert main(["import", "--db", str(db), "--meta", str(meta), str(folder)]) == 0
    assert "details of 2 articles from meta.csv" in capsys.readouterr().out
    from annotator.services.projects import open_project
    from annotator.store import articles as article_store

    with open_project(db, read_only=True) as project:
        outlets = {a.source: (a.outlet, a.title, a.published) for a in article_store.all_articles(project)}
    assert outlets == {"one.txt": ("IRNA", "Iran denies", "2022-11-01"), "two.txt": ("Reuters", "Drone is true", "2022-11-05")}


def test_import_meta_with_bad_lines_names_them_and_imports_nothing(tmp_path, capsys):
    (tmp_path / "one.txt").write_text("Some text.\n")
    meta = tmp_path / "meta.csv"
    meta.write_text("file,date\none.txt,01/11/2022\n,2022-11-01\n")
    db = tmp_path / "p.annotator.db"
    assert main(["import", "--db", str(db), "--meta", str(meta), str(tmp_path / "one.txt")]) == 1
    err = capsys.readouterr().err
    assert "error: meta.csv line 2 (one.txt): date '01/11/2022' is not a date (YYYY-MM-DD)" in err
    assert "error: meta.csv line 3: no file name" in err
    assert "2 bad lines; nothing was imported" in err
    assert not db.exists()
