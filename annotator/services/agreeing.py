"""Agreement figures for a project (``annotator agreement`` and the window's panel)."""

from __future__ import annotations

from annotator.core.agreement import columns_report
from annotator.core.collector import collector_paused
from annotator.core.text import plural
from annotator.store import assignments as assignment_store
from annotator.store import compared as compared_store
from annotator.store import review as review_store
from annotator.store.project import Project


def project_agreement(project: Project) -> dict:
    """Pairwise span F1 and kappa, Krippendorff's alpha per field, overall and per article (gold left out).

    Every article with a quote gets a row (a team project: every article several annotators finished).
    The quotes are read as columns of plain values, never as one object each, so there is little for
    the collector to walk or for freeing to do when this runs on a worker thread beside the window.
    """
    with collector_paused():
        columns = compared_store.compared_columns(project)
        titles = review_store.article_titles(project)
        articles = set(columns.article.tolist())
        finished = None
        if assignment_store.has_assignments(project):
            # A team project compares only articles several annotators finished: a half-done one is no disagreement.
            finished = assignment_store.finished_by_several(project)
            articles &= set(finished)
        report = columns_report(columns, {article_id: titles[article_id] for article_id in articles})
        if finished is not None:
            report["finished_by_several"] = len(finished)
        return report


def _fmt(value: float | None) -> str:
    return "  -  " if value is None else f"{value:5.2f}"


def agreement_table(report: dict) -> str:
    """The report as a plain-text table for the terminal."""
    lines = [f"Annotators: {', '.join(report['annotators']) or 'none'}"]
    if "finished_by_several" in report:
        lines.append(f"On the {plural(report['finished_by_several'], 'article')} more than one annotator finished")
    lines.append(f"{'pair':30s} {'F1 exact':>8s} {'F1 ovl':>8s}   kappa: kind speaker stance claim")
    for pair in report["pairs"]:
        kappa = pair["kappa"]
        lines.append(
            f"{pair['a'] + ' / ' + pair['b']:30s} {_fmt(pair['span_f1_exact']):>8s} {_fmt(pair['span_f1_overlap']):>8s}"
            f"          {_fmt(kappa['kind'])} {_fmt(kappa['speaker'])} {_fmt(kappa['stance'])} {_fmt(kappa['claim'])}"
        )
    alpha = report["alpha"]
    units = report.get("units", {})
    lines.append(
        "Krippendorff's alpha: " + ", ".join(f"{field} {_fmt(alpha[field]).strip()} (n={units.get(field, 0)})"
                                              for field in alpha)
    )
    return "\n".join(lines)
