"""The bad-input corpus: every hostile or odd input `annotator import` meets, with the exact line it prints.

Each file is built in tmp_path at test time (no big file is committed). Every case also checks that the
batch goes on: a good file imported beside the bad one is kept, and nothing of the bad one is.
"""

from __future__ import annotations

import errno
import functools
import json
import os
import shutil
import sqlite3
import subprocess
import sys
import tempfile
import zipfile
from pathlib import Path

import docx
import pytest

from annotator.cli import main
from annotator.services import projects as project_service
from annotator.store import articles as article_store

ROOT = Path(__file__).resolve().parent.parent.parent
SAMPLES = ROOT / "resources" / "samples"
GOOD_TEXT = "“We will not sell drones,” the minister said on Thursday."


def _import(capsys, db: Path, *paths: Path | str) -> tuple[int, str, str]:
    code = main(["import", "--db", str(db), *map(str, paths)])
    captured = capsys.readouterr()
    return code, captured.out.strip(), captured.err.strip()


def _articles(db: Path) -> list[str]:
    with project_service.open_project(db) as project:
        return sorted(a.source for a in article_store.article_summaries(project, "x"))


@pytest.fixture
def good(tmp_path) -> Path:
    path = tmp_path / "good.txt"
    path.write_text(GOOD_TEXT, encoding="utf-8")
    return path


def _docx_with_body(path: Path, body: bytes) -> Path:
    """A real .docx whose document.xml holds ``body`` repeated into its <w:body>."""
    template = path.with_name("template.docx")
    document = docx.Document()
    document.add_paragraph("Hello")
    document.save(template)
    with zipfile.ZipFile(template) as source, zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as out:
        for info in source.infolist():
            data = source.read(info)
            if info.filename == "word/document.xml":
                data = data.replace(b"<w:body>", b"<w:body>" + body)
            out.writestr(info.filename, data)
    return path


def _lie_about_sizes(path: Path, declared: int) -> None:
    """Rewrite every size the archive declares (local headers and central directory) as ``declared``."""
    data = bytearray(path.read_bytes())
    with zipfile.ZipFile(path) as archive:
        infos, start = archive.infolist(), archive.start_dir
    for info in infos:
        data[info.header_offset + 22 : info.header_offset + 26] = declared.to_bytes(4, "little")
    position = start
    for _ in infos:
        assert data[position : position + 4] == b"PK\x01\x02"
        data[position + 24 : position + 28] = declared.to_bytes(4, "little")
        lengths = (int.from_bytes(data[position + k : position + k + 2], "little") for k in (28, 30, 32))
        position += 46 + sum(lengths)
    path.write_bytes(bytes(data))


PARAGRAPH = b"<w:p><w:r><w:t>" + b"a" * 200 + b"</w:t></w:r></w:p>"


# ---- files that are not what they seem --------------------------------------------------------------


def test_zip_bomb_is_refused_by_its_declared_size(tmp_path, capsys, good, monkeypatch):
    bomb = _docx_with_body(tmp_path / "bomb.docx", PARAGRAPH * (112 * 2**20 // len(PARAGRAPH)))
    assert bomb.stat().st_size < 2**20
    monkeypatch.setattr(docx, "Document", lambda *a: pytest.fail("python-docx must not see a bomb"))
    code, out, err = _import(capsys, tmp_path / "p.annotator.db", bomb, good)
    assert code == 1
    assert err == (
        "rejected: bomb.docx: refused as a possible zip bomb: its part word/document.xml would expand "
        "to 112 MB (a part may hold 16 MB)"
    )
    assert out.startswith("Read 2 files: 1 new article")


def test_zip_bomb_lying_about_its_sizes_is_never_inflated_past_them(tmp_path, capsys, good):
    bomb = _docx_with_body(tmp_path / "liar.docx", PARAGRAPH * (40 * 2**20 // len(PARAGRAPH)))
    _lie_about_sizes(bomb, 1000)
    code, _, err = _import(capsys, tmp_path / "p.annotator.db", bomb, good)
    assert code == 1
    assert err == (
        "rejected: liar.docx: not a readable Word .docx file "
        "(BadZipFile: Bad CRC-32 for file '[Content_Types].xml')"
    )
    assert _articles(tmp_path / "p.annotator.db") == ["good.txt"]


def test_docx_of_many_small_parts_adding_up_is_refused(tmp_path, capsys):
    path = tmp_path / "parts.docx"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as out:
        for number in range(8):
            out.writestr(f"word/media/{number}.bin", b"\0" * (10 * 2**20))
    code, _, err = _import(capsys, tmp_path / "p.annotator.db", path)
    assert err == "rejected: parts.docx: refused as a possible zip bomb: it would expand to 80 MB (a .docx may hold 64 MB)"


def test_jsonl_nested_100000_deep_is_a_line_error_and_the_batch_goes_on(tmp_path, capsys, good):
    deep = tmp_path / "deep.jsonl"
    deep.write_text(json.dumps({"text": "fine"}) + "\n" + "[" * 100_000 + "]" * 100_000 + "\n")
    deeper = tmp_path / "deeper.jsonl"
    deeper.write_text('{"text": "x", "meta": ' + "{\"a\": " * 100_000 + "1" + "}" * 100_001 + "\n")
    code, out, err = _import(capsys, tmp_path / "p.annotator.db", deep, deeper, good)
    assert code == 1
    assert err.splitlines() == [
        "rejected: deep.jsonl, line 2: JSON nested too deeply to read",
        "rejected: deeper.jsonl, line 1: JSON nested too deeply to read",
    ]
    assert _articles(tmp_path / "p.annotator.db") == ["good.txt"]


def test_utf16_with_a_bom_is_read_as_text(tmp_path, capsys):
    path = tmp_path / "wide.txt"
    path.write_bytes(GOOD_TEXT.encode("utf-16"))  # with its byte order mark, as Notepad saves "Unicode"
    big_endian = tmp_path / "big.md"
    big_endian.write_bytes(b"\xfe\xff" + "# Title\r\nBody 🙂".encode("utf-16-be"))
    code, out, err = _import(capsys, tmp_path / "p.annotator.db", path, big_endian)
    assert (code, err) == (0, "")
    with project_service.open_project(tmp_path / "p.annotator.db") as project:
        texts = {a.text for a in map(lambda s: article_store.get_article(project, s.id),
                                     article_store.article_summaries(project, "x"))}
    assert texts == {GOOD_TEXT, "# Title\nBody 🙂"}


def test_utf16_that_breaks_off_says_so(tmp_path, capsys):
    path = tmp_path / "cut.txt"
    path.write_bytes("Hello".encode("utf-16")[:-1])
    _, _, err = _import(capsys, tmp_path / "p.annotator.db", path)
    assert err == "rejected: cut.txt: not valid UTF-16 text (bad bytes at position 10), though it starts as UTF-16"


# ---- JSONL fields of the wrong type -----------------------------------------------------------------


def _quote_record(**fields) -> dict:
    return {"text": "Borrell said no.", "spans": [{"start": 13, "end": 15, "label": "QUOTE", **fields}]}


@pytest.mark.parametrize(
    ("record", "message"),
    [
        (_quote_record(speaker={"name": "x"}), 'spans[0]: "speaker" is an object, not a string'),
        (_quote_record(stance=5), 'spans[0]: "stance" is a number, not a string'),
        (_quote_record(stance="supports\nopposes"),
         "spans[0]: \"stance\" 'supports\\nopposes' is not a label name (one line, 1 to 100 characters)"),
        (_quote_record(claim=["a"]), 'spans[0]: "claim" is a list, not a string'),
        (_quote_record(note=True), 'spans[0]: "note" is a boolean, not a string'),
        (_quote_record(topics=["war", 3]), 'spans[0]: "topics"[1] is a number, not a string'),
        (_quote_record(token_start="1"), 'spans[0]: "token_start" is a string, not an integer'),
        (_quote_record(kind=["direct"]), "spans[0]: unknown kind a list; expected direct, indirect, mixed"),
        ({"text": "abc", "spans": [{"start": 0.5, "end": 2, "label": "QUOTE"}]},
         "spans[0]: offsets must be integers (start=0.5, end=2)"),
        ({"text": "abc", "spans": [{"start": 0, "end": 2, "label": 7}]}, 'spans[0]: "label" is a number, not a string'),
        ({"text": "abc", "_annotator_id": {"id": 1}}, '"_annotator_id" is an object, not a string'),
        ({"text": "abc", "meta": {"title": ["a"]}}, '"meta.title" is a list, not a string'),
        ({"text": "abc \ud83d def"}, '"text" holds an unpaired surrogate (\\ud83d) at position 4'),
        ({"doc": "a.txt", "start": 0, "end": 3, "text": "abc"}, 'a quote record ("doc", "start", "end"), not an article'),
    ],
)
def test_jsonl_field_of_the_wrong_type_is_refused_by_line_and_field(tmp_path, capsys, record, message):
    path = tmp_path / "typed.jsonl"
    path.write_text(json.dumps({"text": "A good first line."}) + "\n" + json.dumps(record) + "\n")
    code, out, err = _import(capsys, tmp_path / "p.annotator.db", path)
    assert code == 1
    assert err == f"rejected: typed.jsonl, line 2: {message}"
    assert _articles(tmp_path / "p.annotator.db") == []
    with project_service.open_project(tmp_path / "p.annotator.db") as project:
        from annotator.store import labels

        assert [s.name for s in labels.scheme(project).stances] == ["supports", "opposes", "neutral", "unclear"]


def test_the_samples_folder_imports_its_articles_and_skips_the_gold_file(tmp_path, capsys):
    code, out, err = _import(capsys, tmp_path / "p.annotator.db", SAMPLES)
    assert code == 0
    assert err == (
        'skipped: seeds-gold.jsonl: quote records ("doc", "start", "end") for annotator eval --gold, '
        "not articles; nothing imported from it"
    )
    assert out == (
        "Read 3 files: 2 new articles, 0 already present, 0 quotes, "
        "1 skipped as not a supported type (samples.toml), 1 skipped as not articles (seeds-gold.jsonl), 0 rejected"
    )
    assert len(_articles(tmp_path / "p.annotator.db")) == 2


def test_jsonl_of_records_without_text_is_not_articles(tmp_path, capsys):
    path = tmp_path / "labels.jsonl"
    path.write_text('{"name": "supports"}\n{"name": "opposes"}\n')
    code, _, err = _import(capsys, tmp_path / "p.annotator.db", path)
    assert code == 0
    assert err == 'skipped: labels.jsonl: records without a "text", not articles; nothing imported from it'


# ---- paths: missing, loops, undecodable names, unreadable --------------------------------------------


def test_missing_path_is_named_in_full_as_given(tmp_path, capsys, good):
    missing = tmp_path / "nowhere" / "gone.txt"
    code, out, err = _import(capsys, tmp_path / "p.annotator.db", missing, good)
    assert code == 1
    assert err == f"rejected: {missing}: no such file or folder"
    assert _articles(tmp_path / "p.annotator.db") == ["good.txt"]


def test_symlink_loop_says_so(tmp_path, capsys):
    loop = tmp_path / "loop.txt"
    loop.symlink_to(loop)
    dangling = tmp_path / "dangling.txt"
    dangling.symlink_to(tmp_path / "moved.txt")
    _, _, err = _import(capsys, tmp_path / "p.annotator.db", loop, dangling)
    assert err.splitlines() == [
        f"rejected: {loop}: cannot reach it (a loop of symbolic links)",
        f"rejected: {dangling}: a symbolic link to {tmp_path / 'moved.txt'}, which does not exist",
    ]


def test_symlink_loop_inside_a_folder_says_so(tmp_path, capsys, good):
    folder = tmp_path / "corpus"
    folder.mkdir()
    (folder / "loop.txt").symlink_to(folder / "loop.txt")
    shutil.copy(good, folder / "good.txt")
    code, out, err = _import(capsys, tmp_path / "p.annotator.db", folder)
    assert err == f"rejected: {folder / 'loop.txt'}: cannot reach it (a loop of symbolic links)"
    assert "1 new article" in out


def test_file_name_that_is_not_utf8_is_shown_with_replacement_characters(tmp_path, capsys):
    folder = tmp_path / "corpus"
    folder.mkdir()
    good_name = os.fsdecode(b"caf\xe9.txt")
    (folder / good_name).write_text(GOOD_TEXT, encoding="utf-8")
    (folder / os.fsdecode(b"vide\xe9.txt")).write_text("  ")
    code, out, err = _import(capsys, tmp_path / "p.annotator.db", folder)
    assert err == "rejected: vide\ufffd.txt: empty file (no text)"
    assert out.startswith("Read 2 files: 1 new article")
    (out + err).encode("utf-8")  # printable: no lone surrogate reaches the terminal
    assert _articles(tmp_path / "p.annotator.db") == ["caf\ufffd.txt"]


def test_pipe_is_not_read(tmp_path, capsys):
    pipe = tmp_path / "pipe.txt"
    os.mkfifo(pipe)
    _, _, err = _import(capsys, tmp_path / "p.annotator.db", pipe)
    assert err == f"rejected: {pipe}: not a regular file (a pipe, socket or device)"


def test_unreadable_folder_is_reported_and_the_batch_goes_on(tmp_path, capsys, good, monkeypatch):
    locked = tmp_path / "locked"
    locked.mkdir()
    (locked / "inside.txt").write_text(GOOD_TEXT + " Again.")
    real_scandir = os.scandir

    def scandir(path="."):
        if Path(path) == locked:  # what a folder without read permission gives a user who is not root
            raise PermissionError(errno.EACCES, "Permission denied", str(path))
        return real_scandir(path)

    monkeypatch.setattr(os, "scandir", scandir)
    code, out, err = _import(capsys, tmp_path / "p.annotator.db", locked, good)
    assert code == 1
    assert err == f"rejected: {locked}: cannot read the folder (Permission denied)"
    assert _articles(tmp_path / "p.annotator.db") == ["good.txt"]


def test_unreadable_file_in_a_folder_is_reported_and_the_batch_goes_on(tmp_path, capsys, good, monkeypatch):
    folder = tmp_path / "corpus"
    folder.mkdir()
    (folder / "a-secret.txt").write_text("secret")
    shutil.copy(good, folder / "b-good.txt")
    real_read = Path.read_bytes

    def read_bytes(self):
        if self.name == "a-secret.txt":
            raise PermissionError(errno.EACCES, "Permission denied", str(self))
        return real_read(self)

    monkeypatch.setattr(Path, "read_bytes", read_bytes)
    code, out, err = _import(capsys, tmp_path / "p.annotator.db", folder)
    assert code == 1
    assert err == "rejected: a-secret.txt: cannot read the file (Permission denied)"
    assert _articles(tmp_path / "p.annotator.db") == ["b-good.txt"]


# ---- a project that cannot be written ---------------------------------------------------------------


def _open_with(monkeypatch, pragma: str) -> None:
    """Open projects for the CLI with one more PRAGMA: a real SQLite failure, not a mocked one."""
    real_open = project_service.open_project

    def open_project(path=None, **kwargs):
        project = real_open(path, **kwargs)
        project.db.conn.execute(pragma)
        return project

    monkeypatch.setattr(project_service, "open_project", open_project)


def test_disk_full_during_import_stops_with_one_line(tmp_path, capsys, good, monkeypatch):
    db = tmp_path / "p.annotator.db"
    assert _import(capsys, db, good)[0] == 0
    page_count = sqlite3.connect(db).execute("PRAGMA page_count").fetchone()[0]
    big = tmp_path / "big.txt"
    big.write_text("Long article. " * 50_000)
    _open_with(monkeypatch, f"PRAGMA max_page_count = {page_count + 2}")  # the file may not grow: SQLITE_FULL
    code, out, err = _import(capsys, db, big, tmp_path / "later.txt")
    assert code == 1
    assert err == f"annotator: {db}: cannot write to it: the disk is full; import stopped at big.txt, nothing of it kept"
    assert out == "Read 1 file: 0 new articles, 0 already present, 0 quotes, 0 rejected"
    assert _articles(db) == ["good.txt"]


def test_oserror_enospc_during_import_stops_with_one_line(tmp_path, capsys, good, monkeypatch):
    def full(*args, **kwargs):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(article_store, "insert_article", full)
    db = tmp_path / "p.annotator.db"
    code, _, err = _import(capsys, db, good)
    assert (code, err) == (1, f"annotator: {db}: cannot write to it: the disk is full; import stopped at good.txt, nothing of it kept")


def test_import_into_a_project_that_refuses_writes_stops_with_one_line(tmp_path, capsys, good, monkeypatch):
    db = tmp_path / "p.annotator.db"
    main(["import", "--db", str(db), str(SAMPLES / "000_234c940434e90916.txt")])
    capsys.readouterr()
    _open_with(monkeypatch, "PRAGMA query_only = ON")  # SQLite's own read-only refusal, even for root
    code, out, err = _import(capsys, db, good)
    assert code == 1
    assert err == f"annotator: {db}: cannot write to it: the project is read-only; import stopped at good.txt, nothing of it kept"


# Permissions do not bind root; as root these run the command as the unprivileged user "nobody".
def _run_unprivileged(*args: str, cwd: Path) -> subprocess.CompletedProcess:
    prefix: list[str] = []
    if os.geteuid() == 0:
        setpriv = shutil.which("setpriv")
        if setpriv is None:
            pytest.skip("running as root without setpriv: cannot drop privileges to test permissions")
        prefix = [setpriv, "--reuid=65534", "--regid=65534", "--clear-groups"]
    env = {**os.environ, "PYTHONPATH": str(ROOT), "HOME": str(cwd), "XDG_CONFIG_HOME": str(cwd)}
    if prefix and not _unprivileged_can_run(tuple(prefix), env["PYTHONPATH"]):
        # A checkout (or venv) in a folder only root may enter, e.g. one made by `mktemp -d`.
        pytest.skip(f"the user 'nobody' cannot run Python or import annotator from {ROOT}")
    return subprocess.run([*prefix, sys.executable, "-m", "annotator", *args], cwd=cwd, env=env,
                          capture_output=True, text=True, timeout=120)


@functools.cache
def _unprivileged_can_run(prefix: tuple[str, ...], pythonpath: str) -> bool:
    probe = subprocess.run([*prefix, sys.executable, "-c", "import annotator"], cwd="/",
                           env={**os.environ, "PYTHONPATH": pythonpath}, capture_output=True, timeout=60)
    return probe.returncode == 0


@pytest.fixture
def shared_dir():
    """A folder the unprivileged user can enter (pytest's tmp_path is private to root)."""
    path = Path(tempfile.mkdtemp(prefix="annotator-perm-"))
    path.chmod(0o777)
    yield path
    for child in path.rglob("*"):
        child.chmod(0o777) if child.is_dir() else None
    shutil.rmtree(path)


def test_import_into_a_read_only_project_file(shared_dir):
    db = shared_dir / "p.annotator.db"
    (shared_dir / "a.txt").write_text(GOOD_TEXT)
    assert main(["import", "--db", str(db), str(SAMPLES / "000_234c940434e90916.txt")]) == 0
    db.chmod(0o444)
    result = _run_unprivileged("import", "--db", "p.annotator.db", "a.txt", cwd=shared_dir)
    assert (result.returncode, result.stdout) == (1, "")
    assert result.stderr == "annotator: p.annotator.db: the project file is read-only; nothing was imported\n"


def test_import_into_a_project_in_a_read_only_folder(shared_dir):
    folder = shared_dir / "ro"
    folder.mkdir()
    db = folder / "p.annotator.db"
    (shared_dir / "a.txt").write_text(GOOD_TEXT)
    assert main(["import", "--db", str(db), str(SAMPLES / "000_234c940434e90916.txt")]) == 0
    db.chmod(0o666)
    folder.chmod(0o555)
    result = _run_unprivileged("import", "--db", "ro/p.annotator.db", "a.txt", cwd=shared_dir)
    assert (result.returncode, result.stdout) == (1, "")
    assert result.stderr == "annotator: ro/p.annotator.db: the project's folder ro is read-only; nothing was imported\n"


def test_project_path_that_is_a_folder_or_in_a_missing_folder(tmp_path, capsys, good):
    code, _, err = _import(capsys, tmp_path, good)
    assert (code, err) == (1, f"annotator: {tmp_path}: a folder, not a project file; give a file name such as corpus.annotator.db")
    missing = tmp_path / "nowhere" / "p.annotator.db"
    code, _, err = _import(capsys, missing, good)
    assert (code, err) == (1, f"annotator: {missing}: the folder {missing.parent} does not exist; nothing was imported")


@pytest.mark.parametrize(
    ("line", "reason"),
    [
        ("[" * 100_000 + "]" * 100_000, "JSON nested too deeply to read"),
        ("[1, 2]", "expected a JSON object"),
        ('{"doc": ["a"], "start": 0, "end": 1}', "doc must be a file name (a string)"),
    ],
)
def test_eval_gold_file_with_a_hostile_line_says_which(tmp_path, line, reason):
    from annotator.services.evaluating import GoldFileError, read_gold

    gold = tmp_path / "gold.jsonl"
    gold.write_text(line + "\n")

    with pytest.raises(GoldFileError) as caught:
        read_gold(gold)
    assert str(caught.value) == f"{gold}, line 1: {reason}"


def test_unreadable_folder_and_file_with_real_permissions(shared_dir):
    corpus = shared_dir / "corpus"
    (corpus / "locked").mkdir(parents=True)
    (corpus / "locked" / "inside.txt").write_text(GOOD_TEXT + " Inside.")
    (corpus / "a-secret.txt").write_text("A secret article.")
    (corpus / "b-good.txt").write_text(GOOD_TEXT)
    (corpus / "locked").chmod(0o000)
    (corpus / "a-secret.txt").chmod(0o000)
    result = _run_unprivileged("import", "--db", "p.annotator.db", "corpus", cwd=shared_dir)
    assert result.returncode == 1
    assert result.stderr.splitlines() == [
        "rejected: corpus/locked: cannot read the folder (Permission denied)",
        "rejected: a-secret.txt: cannot read the file (Permission denied)",
    ]
    assert result.stdout.startswith("Read 2 files: 1 new article")
