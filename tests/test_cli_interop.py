"""Exports for the tools users take them to: Excel's CSV, Prodigy's review recipe."""

from __future__ import annotations

import csv
import json

from annotator.cli import main
from tests.test_cli import _gold_jsonl


def test_excel_csv_starts_with_a_bom_and_keeps_curly_quotes(tmp_path, capsys):
    db = tmp_path / "p.annotator.db"
    main(["import", "--db", str(db), str(_gold_jsonl(tmp_path))])
    plain, excel = tmp_path / "plain.csv", tmp_path / "excel.csv"
    assert main(["export", "--db", str(db), "--out", str(plain)]) == 0
    assert main(["export", "--db", str(db), "--out", str(excel), "--excel"]) == 0
    assert excel.read_bytes().startswith(b"\xef\xbb\xbf") and not plain.read_bytes().startswith(b"\xef\xbb\xbf")
    rows = list(csv.DictReader(excel.open(encoding="utf-8-sig")))
    assert rows == list(csv.DictReader(plain.open(encoding="utf-8")))
    assert any("“" in row["text"] for row in rows)


def test_excel_is_refused_for_other_formats_with_one_line(tmp_path, capsys):
    db = tmp_path / "p.annotator.db"
    main(["import", "--db", str(db), str(_gold_jsonl(tmp_path))])
    assert main(["export", "--db", str(db), "--out", str(tmp_path / "x.jsonl"), "--excel"]) != 0
    assert "--excel is for CSV exports" in capsys.readouterr().err
    assert not (tmp_path / "x.jsonl").exists()


def test_prodigy_records_carry_session_and_view_for_the_review_recipe(tmp_path, capsys):
    db = tmp_path / "p.annotator.db"
    main(["import", "--db", str(db), str(_gold_jsonl(tmp_path))])
    out = tmp_path / "out.jsonl"
    assert main(["export", "--db", str(db), "--out", str(out)]) == 0
    records = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert {(r["_session_id"], r["_view_id"]) for r in records} == {("quotes-alice", "relations")}
