"""Label Studio's documented task JSON and config tags, checked without Label Studio installed.

What is checked is what Label Studio's docs say an import needs (tasks with ``data`` holding each
object tag's ``$value``; annotations and predictions with a ``result`` list; result items with
``id``, ``from_name``, ``to_name``, ``type`` and a ``value`` shaped per control tag; relations with
``from_id``/``to_id`` of regions in the same result and a direction) and what its config tags take
(``Labels``/``Label``, ``Choices``/``Choice``, ``TextArea``, ``Relations``/``Relation``, ``Text``,
each with its required attributes and known values). label-studio-sdk's own validation runs in
test_labelstudio_sdk.py where the SDK is installed.
"""

from __future__ import annotations

from typing import Any
from xml.etree import ElementTree

CONTROLS = {"Labels": "labels", "Choices": "choices", "TextArea": "textarea"}
OBJECTS = {"Text"}
LAYOUT = {"View", "Header", "Style", "Relations", "Relation", "Label", "Choice"}
REQUIRED = {
    "Labels": ("name", "toName"), "Choices": ("name", "toName"), "TextArea": ("name", "toName"),
    "Text": ("name", "value"), "Label": ("value",), "Choice": ("value",), "Relation": ("value",),
}
ENUMS = {
    "choice": ("single", "single-radio", "multiple"),
    "perRegion": ("true", "false"),
    "editable": ("true", "false"),
    "showInline": ("true", "false"),
    "visibleWhen": ("region-selected", "choice-selected", "no-region-selected", "choice-unselected"),
}
DIRECTIONS = ("left", "right", "bi")


class Config:
    """The parts of a labelling config a task is checked against."""

    def __init__(self, xml: str) -> None:
        root = ElementTree.fromstring(xml)
        assert root.tag == "View", f"the config's root is <{root.tag}>, not <View>"
        self.controls: dict[str, tuple[str, set[str], set[str]]] = {}  # name -> (type, values, toName)
        self.objects: dict[str, str] = {}  # name -> data key
        self.relations: set[str] = set()
        # Data keys any tag shows ("$title" in a Header): every task must hold them.
        self.variables = {tag.get("value")[1:] for tag in root.iter() if (tag.get("value") or "").startswith("$")}
        names = []
        for tag in root.iter():
            assert tag.tag in CONTROLS or tag.tag in OBJECTS or tag.tag in LAYOUT, f"unknown tag <{tag.tag}>"
            for attribute in REQUIRED.get(tag.tag, ()):
                assert tag.get(attribute), f"<{tag.tag}> lacks its {attribute}"
            for attribute, allowed in ENUMS.items():
                assert tag.get(attribute) in (None, *allowed), f"<{tag.tag} {attribute}={tag.get(attribute)!r}>"
            if tag.tag in CONTROLS:
                children = "Label" if tag.tag == "Labels" else "Choice"
                values = {child.get("value") for child in tag if child.tag == children}
                self.controls[tag.get("name")] = (CONTROLS[tag.tag], values, set(tag.get("toName").split(",")))
                names.append(tag.get("name"))
            elif tag.tag in OBJECTS:
                assert tag.get("value").startswith("$"), "an object tag's value names a data key with $"
                self.objects[tag.get("name")] = tag.get("value")[1:]
                names.append(tag.get("name"))
            elif tag.tag == "Relation":
                self.relations.add(tag.get("value"))
        assert len(names) == len(set(names)), "tag names must be unique"
        for name, (_, _, targets) in self.controls.items():
            assert targets <= set(self.objects), f"{name} points at no object tag"


def check_tasks(tasks: Any, xml: str) -> int:
    """Assert ``tasks`` is an importable list of tasks for the config ``xml``; returns the result items seen."""
    config = Config(xml)
    assert isinstance(tasks, list) and tasks, "an import file is a non-empty JSON list of tasks"
    seen = 0
    for task in tasks:
        assert isinstance(task.get("data"), dict), "each task has a data object"
        for key in config.objects.values():
            assert isinstance(task["data"].get(key), str), f"data.{key} is the text"
        assert config.variables <= set(task["data"]), f"data lacks {config.variables - set(task['data'])}"
        for entries in ("annotations", "predictions"):
            for entry in task.get(entries, []):
                assert isinstance(entry.get("result"), list)
                if entries == "predictions":
                    assert isinstance(entry.get("model_version", ""), str)
                seen += _check_result(entry["result"], config, task["data"])
    return seen


def _check_result(result: list, config: Config, data: dict) -> int:
    """Check one annotation's or prediction's result items."""
    regions = {}
    for item in result:
        if item.get("type") == "relation":
            continue
        for key in ("id", "from_name", "to_name", "type", "value"):
            assert key in item, f"a result item lacks {key}"
        kind, values, targets = config.controls[item["from_name"]]
        assert item["type"] == kind and item["to_name"] in targets
        value = item["value"]
        if kind in ("labels", "choices"):
            chosen = value[kind]
            assert isinstance(chosen, list) and set(chosen) <= values, f"{chosen} not among {sorted(values)}"
        if kind == "labels":
            text = data[config.objects[item["to_name"]]]
            assert 0 <= value["start"] < value["end"] <= len(text)
            assert value["text"] == text[value["start"] : value["end"]], "offsets count code points"
            regions[item["id"]] = item
        if kind == "textarea":
            assert isinstance(value["text"], list) and all(isinstance(t, str) for t in value["text"])
        if kind != "labels":
            assert item["id"] in regions or any(r.get("id") == item["id"] and r.get("type") == "labels"
                                                for r in result), "a per-region answer shares its region's id"
    for item in result:
        if item.get("type") == "relation":
            assert item["from_id"] in regions and item["to_id"] in regions
            assert item.get("direction") in DIRECTIONS
            assert set(item.get("labels", [])) <= config.relations
    return len(result)
