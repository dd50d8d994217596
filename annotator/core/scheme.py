"""Read a label scheme (stances, topics and their guidelines) from TOML, with clear messages on bad input."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

from annotator.core.model import KINDS, Label, LabelScheme

_COLOUR = re.compile(r"^#[0-9a-fA-F]{6}$")


class SchemeError(ValueError):
    """A label scheme file that cannot be used; the message names the file and field."""


def load_scheme(path: Path) -> LabelScheme:
    """Parse a scheme file; raise SchemeError naming the file and the bad field."""
    try:
        data = tomllib.loads(Path(path).read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError) as exc:
        raise SchemeError(f"{path}: cannot read the scheme ({exc})") from exc
    except tomllib.TOMLDecodeError as exc:
        raise SchemeError(f"{path}: not valid TOML ({exc})") from exc
    return scheme_from_dict(data, source=str(path))


def scheme_from_dict(data: dict, source: str = "scheme") -> LabelScheme:
    """Build a LabelScheme from parsed TOML, validating names, colours and keys."""
    stances = _labels(data.get("stances", []), "stances", source)
    topics = _labels(data.get("topics", []), "topics", source)
    if not stances:
        raise SchemeError(f"{source}: needs at least one [[stances]] entry")
    keys = [label.key.lower() for label in (*stances, *topics) if label.key]
    duplicates = sorted({key for key in keys if keys.count(key) > 1})
    if duplicates:
        raise SchemeError(f"{source}: shortcut keys used twice: {', '.join(duplicates)}")
    kinds = _labels(data.get("kinds", []), "kinds", source)
    for kind in kinds:
        if kind.name not in KINDS:
            raise SchemeError(f"{source}: kinds: '{kind.name}' is not a quote kind ({', '.join(KINDS)})")
    guidelines = data.get("guidelines", "")
    if not isinstance(guidelines, str):
        raise SchemeError(f"{source}: 'guidelines' must be a string (Markdown)")
    return LabelScheme(name=str(data.get("name", Path(source).stem)), stances=stances, topics=topics,
                       kinds=kinds, guidelines=guidelines)


def _labels(entries: object, section: str, source: str) -> tuple[Label, ...]:
    if not isinstance(entries, list):
        raise SchemeError(f"{source}: '{section}' must be a list of tables ([[{section}]])")
    labels: list[Label] = []
    seen: set[str] = set()
    for index, entry in enumerate(entries, start=1):
        where = f"{source}: {section} #{index}"
        if not isinstance(entry, dict):
            raise SchemeError(f"{where}: must be a table")
        name = str(entry.get("name", "")).strip()
        if not name:
            raise SchemeError(f"{where}: 'name' is missing")
        if name in seen:
            raise SchemeError(f"{where}: name '{name}' is used twice")
        seen.add(name)
        colour = str(entry.get("colour", entry.get("color", "#888888")))
        if not _COLOUR.match(colour):
            raise SchemeError(f"{where} ({name}): colour '{colour}' is not of the form #rrggbb")
        key = str(entry.get("key", ""))
        if len(key) > 1:
            raise SchemeError(f"{where} ({name}): key '{key}' must be a single character")
        keywords = entry.get("keywords", [])
        if not isinstance(keywords, list) or not all(isinstance(k, str) for k in keywords):
            raise SchemeError(f"{where} ({name}): 'keywords' must be a list of strings")
        description = entry.get("description", "")
        if not isinstance(description, str):
            raise SchemeError(f"{where} ({name}): 'description' must be a string")
        examples = entry.get("examples", [])
        if not isinstance(examples, list) or not all(isinstance(e, str) for e in examples):
            raise SchemeError(f"{where} ({name}): 'examples' must be a list of strings")
        labels.append(Label(name=name, colour=colour, key=key, keywords=tuple(keywords),
                            description=description.strip(), examples=tuple(examples)))
    return tuple(labels)
