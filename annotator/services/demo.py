"""The demo project: the bundled sample articles, ready to annotate."""

from __future__ import annotations

import tomllib
from pathlib import Path

from annotator.core.model import Document
from annotator.core.text import normalise
from annotator.paths import samples_dir
from annotator.services.importing import ImportReport, store_document
from annotator.services.projects import open_project
from annotator.store.project import Project


def sample_documents() -> list[Document]:
    """The bundled sample articles with their titles and outlets."""
    folder = samples_dir()
    meta = tomllib.loads((folder / "samples.toml").read_text(encoding="utf-8"))["articles"]
    documents = []
    for name, fields in sorted(meta.items()):
        text, _ = normalise((folder / name).read_text(encoding="utf-8"))
        documents.append(Document(text=text, source=name, **{k: str(v) for k, v in fields.items()}))
    return documents


def build_demo(path: Path | str | None = None, annotator: str = "demo") -> Project:
    """Open (creating when needed) a project holding the sample articles; adding them twice is harmless."""
    project = open_project(path, memory=path is None)
    report = ImportReport()
    with project.atomic():
        for document in sample_documents():
            store_document(project, document, annotator, report)
    return project
