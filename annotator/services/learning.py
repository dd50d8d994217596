"""Learning from the project: train topic and stance classifiers on its quotes, and apply them."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, replace

from annotator.core.model import Suggestion
from annotator.core.text import plural
from annotator.store import articles as article_store
from annotator.store import models as model_store
from annotator.store import quotes as quote_store
from annotator.store.project import Project

KINDS = ("topics", "stance")
DEFAULT_MIN_EXAMPLES = 20
MIN_EXAMPLES_SETTING = "min_examples_per_label"


def min_examples(project: Project) -> int:
    """Quotes a label needs before a classifier learns it (a project setting, 20 by default)."""
    return int(project.get_setting(MIN_EXAMPLES_SETTING, str(DEFAULT_MIN_EXAMPLES)))


def training_examples(project: Project) -> dict[str, list[tuple[str, tuple[str, ...]]]]:
    """(quote text, labels) per kind, from every quote of the project."""
    texts = {a.id: a.text for a in article_store.all_articles(project)}
    examples: dict[str, list[tuple[str, tuple[str, ...]]]] = {"topics": [], "stance": []}
    for quote in quote_store.all_quotes(project):
        text = texts[quote.article_id][quote.start : quote.end]
        examples["topics"].append((text, quote.topics))
        if quote.stance:
            examples["stance"].append((text, (quote.stance,)))
    return examples


def ready_labels(examples: list[tuple[str, tuple[str, ...]]], minimum: int) -> list[str]:
    """Labels with at least ``minimum`` examples."""
    counts = Counter(label for _, labels in examples for label in labels)
    return sorted(label for label, n in counts.items() if n >= minimum)


@dataclass
class TrainReport:
    """Which classifiers were trained, on how many quotes."""

    trained: dict[str, tuple[int, list[str]]]
    skipped: dict[str, str]

    def summary(self) -> str:
        """One line for the command line and the status bar."""
        parts = [f"{kind}: {n} quotes, labels {', '.join(labels)}" for kind, (n, labels) in self.trained.items()]
        parts += [f"{kind} not trained ({why})" for kind, why in self.skipped.items()]
        return "Trained " + "; ".join(parts) if self.trained else "Nothing trained: " + "; ".join(parts)


def training_plan(project: Project) -> tuple[list[tuple[str, list, list[str]]], dict[str, str]]:
    """What can be trained now: (kind, examples, labels) per ready kind, and why the others cannot."""
    minimum = min_examples(project)
    plan, skipped = [], {}
    for kind, examples in training_examples(project).items():
        labels = ready_labels(examples, minimum)
        # A stance classifier choosing among one label would always say it; it needs two.
        needed = 2 if kind == "stance" else 1
        if len(labels) < needed:
            skipped[kind] = f"needs {plural(needed, 'label')} with {minimum}+ quotes each"
        else:
            plan.append((kind, examples, labels))
    return plan, skipped


def store_model(project: Project, model, pipeline: str = "") -> None:
    """Keep a trained classifier in the project file (replacing the previous one of its kind)."""
    model_store.save_model(project, model.kind, pipeline, model.examples, list(model.labels), model.data, model.config)


def store_models(project: Project, models: list, pipeline: str = "") -> None:
    """Keep several trained classifiers in one transaction: all of them, or none (ProjectError)."""
    with project.atomic():
        for model in models:
            store_model(project, model, pipeline)


def train_models(project: Project, pipeline: str = "") -> TrainReport:
    """Train (or retrain) the topic and stance classifiers on the project's quotes and store them."""
    from annotator.nlp import classifier

    plan, skipped = training_plan(project)
    report = TrainReport({}, skipped)
    for kind, examples, labels in plan:
        model = classifier.train(kind, examples, labels)
        store_model(project, model, pipeline)
        report.trained[kind] = (model.examples, list(model.labels))
    return report


def trained_kinds(project: Project) -> set[str]:
    """The kinds of classifier the project already holds."""
    return {name for name, _, _ in model_store.model_summaries(project)}


def model_key(project: Project) -> str:
    """A short key naming the stored models' versions, so retraining refreshes cached suggestions."""
    return ",".join(f"{name}@{trained_at}" for name, trained_at, _ in model_store.model_summaries(project))


def stored_classifiers(project: Project) -> list[dict]:
    """The project's trained classifiers as plain data, to load where suggestions are computed."""
    return [{"kind": kind, **stored} for kind in KINDS if (stored := model_store.load_model(project, kind))]


class Classifiers:
    """The project's trained classifiers, loaded once, applied to suggestions."""

    def __init__(self, project: Project | None = None, stored: list[dict] | None = None):
        from annotator.nlp import classifier

        self._classifier = classifier
        self.models = {}
        # A worker process has no project: it gets the stored models as data (stored_classifiers).
        for item in stored if stored is not None else stored_classifiers(project):
            trained = classifier.TrainedModel(item["kind"], tuple(item["labels"]), item["examples"],
                                              item["config"], item["data"])
            self.models[item["kind"]] = classifier.load(trained)

    def __bool__(self) -> bool:
        return bool(self.models)

    def enrich(self, text: str, suggestions: list[Suggestion]) -> list[Suggestion]:
        """Add classifier topics (beside keyword ones) and a stance to each suggestion."""
        if not self.models or not suggestions:
            return suggestions
        snippets = [text[s.start : s.end] for s in suggestions]
        topics = self._predict("topics", snippets)
        stances = self._predict("stance", snippets)
        enriched = []
        for i, s in enumerate(suggestions):
            merged = tuple(sorted(set(s.topics) | set(topics[i]))) if topics else s.topics
            stance = stances[i][0] if stances and stances[i] else s.stance
            enriched.append(replace(s, topics=merged, stance=stance))
        return enriched

    def _predict(self, kind: str, snippets: list[str]) -> list[tuple[str, ...]]:
        nlp = self.models.get(kind)
        return self._classifier.predict(nlp, snippets, kind) if nlp is not None else []
