"""How fast hostile files are refused: a .docx zip bomb and a JSONL line nested 100,000 deep.

Baselines measured in the same run: python-docx opening a normal one-page .docx, and json.loads of a
flat line of the same length. Goal: refusing costs about what reading a normal file costs, well under
a second, whatever the file would expand to.

    python bench/bench_bad_input.py [--repeat 5]
"""

from __future__ import annotations

import argparse
import io
import json
import sys
import tempfile
import zipfile
from pathlib import Path

import docx

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from _common import median_time  # noqa: E402

from annotator.services.errors import ImportFileError  # noqa: E402
from annotator.services.readers import read_path  # noqa: E402

PARAGRAPH = b"<w:p><w:r><w:t>" + b"a" * 200 + b"</w:t></w:r></w:p>"


def _docx(folder: Path, name: str, expanded_mb: int) -> Path:
    """A real .docx whose body grows by ``expanded_mb`` MB of paragraphs (0: one short paragraph)."""
    template = io.BytesIO()
    document = docx.Document()
    document.add_paragraph("Hello")
    document.save(template)
    path = folder / name
    with zipfile.ZipFile(template) as source, zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as out:
        for info in source.infolist():
            data = source.read(info)
            if info.filename == "word/document.xml" and expanded_mb:
                data = data.replace(b"<w:body>", b"<w:body>" + PARAGRAPH * (expanded_mb * 2**20 // len(PARAGRAPH)))
            out.writestr(info.filename, data)
    return path


def _lie_about_sizes(path: Path, declared: int) -> None:
    """Rewrite every uncompressed size the archive declares as ``declared`` bytes."""
    data = bytearray(path.read_bytes())
    with zipfile.ZipFile(path) as archive:
        infos, position = archive.infolist(), archive.start_dir
    for info in infos:
        data[info.header_offset + 22 : info.header_offset + 26] = declared.to_bytes(4, "little")
    for _ in infos:
        data[position + 24 : position + 28] = declared.to_bytes(4, "little")
        position += 46 + sum(int.from_bytes(data[position + k : position + k + 2], "little") for k in (28, 30, 32))
    path.write_bytes(bytes(data))


def report(name: str, ours: float, bare: float, goal: float, bare_name: str) -> None:
    """One line: our median, the baseline's, the ratio and the goal (times in ms: they are short)."""
    ratio = ours / bare if bare else float("inf")
    verdict = "meets" if ratio <= goal else "misses"
    print(f"{name}: {ours * 1000:.2f} ms | {bare_name}: {bare * 1000:.2f} ms | ratio {ratio:.2f}x "
          f"({verdict} goal <= {goal}x)")


def _refused(path: Path) -> None:
    try:
        read_path(path)
    except ImportFileError:
        return
    raise SystemExit(f"{path.name} was not refused")


def main() -> None:
    """Print the refusal times beside their baselines."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        normal = _docx(folder, "normal.docx", 0)
        bomb = _docx(folder, "bomb.docx", 112)
        print(f"bomb.docx: {bomb.stat().st_size / 1024:.0f} KB on disk, 112 MB inflated")
        bare = median_time(lambda: docx.Document(str(normal)), args.repeat)
        ours = median_time(lambda: _refused(bomb), args.repeat)
        report("refuse a 112 MB .docx bomb", ours, bare, 2.0, "python-docx opens a one-page .docx")
        liar = _docx(folder, "liar.docx", 100)
        _lie_about_sizes(liar, 1000)
        ours = median_time(lambda: _refused(liar), args.repeat)
        report("refuse a 100 MB bomb declaring 1 KB parts", ours, bare, 2.0, "python-docx opens a one-page .docx")

        deep = folder / "deep.jsonl"
        deep.write_text("[" * 100_000 + "]" * 100_000 + "\n")
        flat = json.dumps(["x" * 199_990])
        bare = median_time(lambda: json.loads(flat), args.repeat)
        ours = median_time(lambda: _refused(deep), args.repeat)
        report("refuse a JSONL line nested 100,000 deep", ours, bare, 50.0, "json.loads of a flat 200 KB line")


if __name__ == "__main__":
    main()
