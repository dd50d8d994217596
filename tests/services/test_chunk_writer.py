"""An export's file written in chunks of unjoined pieces: every byte in order; a failed write stops the export."""

from __future__ import annotations

import errno
import os

import pytest

from annotator.core.model import Article, Quote
from annotator.core.text import sha256_of
from annotator.services import chunk_writer
from annotator.services.chunk_writer import ChunkWriter, write_all
from annotator.services.errors import ExportError
from annotator.services.exporting import export_project
from annotator.services.projects import open_project
from annotator.store import articles, quotes


def test_pieces_reach_the_file_in_order_however_they_are_chunked(tmp_path, monkeypatch):
    monkeypatch.setattr(ChunkWriter, "SIZE", 7)
    pieces = [f"line {n} ".encode() * (n % 5) + b"\n" for n in range(3000)]
    with open(tmp_path / "out", "wb") as handle:
        handle.write(b"first\n")  # written through the handle before the writer takes over
        with ChunkWriter(handle) as write:
            for n in range(0, len(pieces), 3):
                write(*pieces[n : n + 3])
    assert (tmp_path / "out").read_bytes() == b"first\n" + b"".join(pieces)


def test_a_short_write_is_finished(tmp_path, monkeypatch):
    real = os.writev
    monkeypatch.setattr(os, "writev", lambda fd, buffers: real(fd, [bytes(buffers[0])[:3]]))
    with open(tmp_path / "out", "wb") as handle:
        write_all(handle.fileno(), [b"abcdef", b"ghi", b"jkl"])
    assert (tmp_path / "out").read_bytes() == b"abcdefghijkl"


def test_a_full_disk_fails_the_export_naming_the_file_and_leaves_nothing(tmp_path, monkeypatch):
    db = tmp_path / "p.annotator.db"
    with open_project(db) as project:
        for n in range(30):
            text = f"Article {n}: the minister said it was not true."
            article_id, _ = articles.insert_article(project, Article(None, text, sha256_of(text)))
            quotes.insert_quote(project, Quote(None, article_id, 0, 7, "alice"))
    monkeypatch.setattr(ChunkWriter, "SIZE", 1)

    def full(fd, pieces):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(chunk_writer, "write_all", full)
    out = tmp_path / "out.jsonl"
    with open_project(db) as project, pytest.raises(ExportError, match="out.jsonl.*No space left"):
        export_project(project, out, "jsonl")
    assert not [path.name for path in tmp_path.iterdir() if "out.jsonl" in path.name]  # nor a temporary file


def test_an_export_over_an_earlier_one_replaces_it_and_lets_the_old_file_go(tmp_path):
    import threading

    db = tmp_path / "p.annotator.db"
    with open_project(db) as project:
        text = "The minister said it was not true."
        article_id, _ = articles.insert_article(project, Article(None, text, sha256_of(text)))
        quotes.insert_quote(project, Quote(None, article_id, 0, 12, "alice"))
    out = tmp_path / "out.jsonl"
    out.write_text("an earlier export\n" * 1000)
    opened = set(os.listdir("/proc/self/fd")) if os.path.isdir("/proc/self/fd") else None
    with open_project(db) as project:
        export_project(project, out, "jsonl")
    for thread in threading.enumerate():
        if thread.name == "export-free":
            thread.join()
    assert out.read_text().count("\n") == 1 and '"The minister"' in out.read_text()
    if opened is not None:  # the old file, held open while it was replaced, is closed now
        assert set(os.listdir("/proc/self/fd")) <= opened
