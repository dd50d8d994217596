"""Label Studio tasks and the labelling config they need, from a project's articles and quotes.

One task per article: ``data`` holds the text and the article's details, ``meta`` our ids and the
annotator of each version, and every annotator's version is one entry of ``annotations`` (or of
``predictions``, for pre-annotation). In a version each quote is a ``labels`` region (QUOTE) whose
fields ride on per-region controls under the same region id: ``kind``, ``stance``, ``topics`` and
``origin`` as choices, ``speaker``, ``claim`` and ``note`` as text areas. The speaker and cue
mentions are SPEAKER and CUE regions joined to their quote by SPEAKER_OF and CUE_OF relations.
Offsets count code points, as Label Studio's do (versions before 2022 counted UTF-16 units).

``readers_labelstudio`` reads the tasks back to the same quotes. What Label Studio itself keeps of
them is said in ``labelling_config``'s docstring.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Iterator
from itertools import groupby
from pathlib import Path
from typing import IO, Any
from xml.etree import ElementTree

from annotator.core.model import GOLD, KINDS, ORIGINS, Article, LabelScheme, Quote
from annotator.services.export_targets import check_target, replacing
from annotator.services.writers import CUE, QUOTE, RELATION_LABELS, SPEAKER, article_meta

#: Names of the config's tags, which every result item repeats as from_name/to_name.
TEXT = "text"
LABELS = "label"
CHOICE_FIELDS = ("kind", "stance", "topics", "origin")
TEXT_FIELDS = ("speaker", "claim", "note")
#: The model_version of predictions names the annotator after this prefix.
MODEL_PREFIX = "annotator/"
MENTION_COLOURS = {QUOTE: "#f2c14e", SPEAKER: "#5b8def", CUE: "#9a8c98"}
# Shows the text with its line breaks and runs of spaces, on which offsets count.
PRE_WRAP = ".htx-text { white-space: pre-wrap; }"


def config_path(out: Path) -> Path:
    """The labelling config written beside a tasks file: ``tasks.json`` -> ``tasks.config.xml``."""
    return out.with_suffix(".config.xml")


def model_version(annotator: str) -> str:
    """A prediction's model_version for ``annotator``'s version (read back by the reader)."""
    return f"{MODEL_PREFIX}{annotator}"


def task(article: Article, versions: list[tuple[str, list[Quote]]], predictions: bool = False) -> dict[str, Any]:
    """One Label Studio task: the article in ``data``, each (annotator, quotes) version a result list."""
    results = [(name, regions(article.text, quotes, prefix=f"{n}-")) for n, (name, quotes) in enumerate(versions)]
    if predictions:
        entries = {"predictions": [{"model_version": model_version(name), "result": result}
                                   for name, result in results]}
    else:
        entries = {"annotations": [{"result": result, "ground_truth": name == GOLD, "was_cancelled": False}
                                   for name, result in results]}
    return {
        "data": {TEXT: article.text, **article_meta(article)},
        "meta": {"article_id": article.id, "annotators": [name for name, _ in versions]},
        **entries,
    }


def regions(text: str, quotes: Iterable[Quote], prefix: str = "") -> list[dict[str, Any]]:
    """The result items of one version: a region and its fields per quote, mention regions, relations."""
    items: list[dict[str, Any]] = []
    mentions: dict[tuple[int, int, str], str] = {}
    relations = []
    for number, quote in enumerate(sorted(quotes, key=lambda q: (q.start, q.end, q.id or -1))):
        region = f"{prefix}q{quote.id if quote.id is not None else f'x{number}'}"
        items.append(_labels(region, text, quote.start, quote.end, QUOTE))
        items.extend(_fields(region, quote))
        for label, span in ((SPEAKER, quote.speaker_span), (CUE, quote.cue_span)):
            if span is None:
                continue
            key = (span[0], span[1], label)
            if key not in mentions:
                mentions[key] = f"{prefix}{label.lower()}-{span[0]}-{span[1]}"
            relations.append({"from_id": mentions[key], "to_id": region, "type": "relation",
                              "direction": "right", "labels": [RELATION_LABELS[label]]})
    items.extend(_labels(region, text, start, end, label) for (start, end, label), region in sorted(mentions.items()))
    return items + relations


def _labels(region: str, text: str, start: int, end: int, label: str) -> dict[str, Any]:
    """A span region with one label."""
    value = {"start": start, "end": end, "text": text[start:end], "labels": [label]}
    return {"id": region, "from_name": LABELS, "to_name": TEXT, "type": "labels", "value": value}


def _fields(region: str, quote: Quote) -> Iterator[dict[str, Any]]:
    """The quote's fields as per-region results; an empty field writes nothing."""
    # The region's own item carries its text; its answers repeat only where it is (start, end).
    span = {"start": quote.start, "end": quote.end}
    choices = {"kind": [quote.kind], "stance": [quote.stance] if quote.stance else [],
               "topics": list(quote.topics), "origin": [quote.origin]}
    for name in CHOICE_FIELDS:
        if choices[name]:
            yield {"id": region, "from_name": name, "to_name": TEXT, "type": "choices",
                   "value": {**span, "choices": choices[name]}}
    typed = {"speaker": quote.speaker, "claim": quote.claim, "note": quote.note}
    for name in TEXT_FIELDS:
        if typed[name]:
            # A text area's answers take the region's "text" key, as Label Studio writes them.
            yield {"id": region, "from_name": name, "to_name": TEXT, "type": "textarea",
                   "value": {**span, "text": [typed[name]]}}


def labelling_config(scheme: LabelScheme, stances: Iterable[str] = (), topics: Iterable[str] = ()) -> str:
    """The labelling config XML for the tasks: the project's stances and topics, plus any others used.

    Label Studio keeps every field of ours: spans (code points), kind, speaker name, speaker and cue
    mentions (relations), stance, claim, topics, note and origin. It does not keep the annotator's name
    (it records its own user) unless the task's ``meta`` survives, nor quote ids (new ones on import).
    """
    view = ElementTree.Element("View")
    ElementTree.SubElement(view, "Style").text = PRE_WRAP
    ElementTree.SubElement(view, "Header", value="$title")
    labels = ElementTree.SubElement(view, "Labels", name=LABELS, toName=TEXT)
    for label, colour in MENTION_COLOURS.items():
        ElementTree.SubElement(labels, "Label", value=label, background=colour)
    ElementTree.SubElement(view, "Text", name=TEXT, value=f"${TEXT}")
    relations = ElementTree.SubElement(view, "Relations")
    for label in RELATION_LABELS.values():
        ElementTree.SubElement(relations, "Relation", value=label)
    fields = ElementTree.SubElement(view, "View", visibleWhen="region-selected", whenTagName=LABELS,
                                    whenLabelValue=QUOTE)
    stance_names = _names((label.name for label in scheme.stances), stances)
    topic_names = _names((label.name for label in scheme.topics), topics)
    colours = {label.name: label.colour for label in (*scheme.stances, *scheme.topics)}
    for name, values, choice in (("kind", KINDS, "single"), ("stance", stance_names, "single"),
                                 ("topics", topic_names, "multiple")):
        _choices(fields, name, values, choice, colours)
    for name in TEXT_FIELDS:
        ElementTree.SubElement(fields, "Header", value=name.capitalize())
        ElementTree.SubElement(fields, "TextArea", name=name, toName=TEXT, perRegion="true", editable="true",
                               maxSubmissions="1", rows="1" if name != "note" else "3")
    _choices(fields, "origin", ORIGINS, "single", colours)
    ElementTree.indent(view)
    return ElementTree.tostring(view, encoding="unicode") + "\n"


def _choices(parent: ElementTree.Element, name: str, values: Iterable[str], choice: str,
             colours: dict[str, str]) -> None:
    """A per-region Choices block under a header."""
    ElementTree.SubElement(parent, "Header", value=name.capitalize())
    block = ElementTree.SubElement(parent, "Choices", name=name, toName=TEXT, perRegion="true", choice=choice,
                                   showInline="true")
    for value in values:
        attributes = {"value": value}
        if value in colours:
            attributes["background"] = colours[value]
        ElementTree.SubElement(block, "Choice", attributes)


def _names(ordered: Iterable[str], extra: Iterable[str]) -> list[str]:
    """The scheme's names in order, then the extra ones it lacks, sorted."""
    names = list(dict.fromkeys(ordered))
    return names + sorted(set(extra) - set(names))


def write_tasks(
    out: Path,
    selected: Iterable[tuple[Article, str, list[Quote]]],
    scheme: LabelScheme,
    predictions: bool = False,
    progress: Callable[[int], None] | None = None,
    project_path: Path | None = None,
) -> tuple[int, int]:
    """Write the tasks file (a JSON list) and its labelling config beside it; returns (tasks, quotes).

    ``selected`` gives (article, annotator, quotes) in article order, as ``exporting.records`` does;
    one article's versions become one task. Tasks are written as they come, so memory stays flat.
    """
    config = config_path(out)
    check_target(config, project_path)
    stances: set[str] = set()
    topics: set[str] = set()
    count = quotes_written = 0
    with replacing(config) as config_handle:
        with replacing(out) as handle:
            handle.write("[")
            for _, group in groupby(selected, key=lambda record: record[0].id):
                records = list(group)
                article = records[0][0]
                versions = [(name, quotes) for _, name, quotes in records]
                for _, quotes in versions:
                    for quote in quotes:
                        stances.update([quote.stance] if quote.stance else [])
                        topics.update(quote.topics)
                    quotes_written += len(quotes)
                _write(handle, count == 0, task(article, versions, predictions))
                count += 1
                if progress:
                    progress(count)
            handle.write("\n]\n")
        config_handle.write(labelling_config(scheme, stances, topics))
    return count, quotes_written


def _write(handle: IO[str], first: bool, record: dict[str, Any]) -> None:
    """One task of the list, one per line."""
    handle.write(("\n" if first else ",\n") + json.dumps(record, ensure_ascii=False))
