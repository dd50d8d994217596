"""The PolNeAR evaluation's speaker name accuracy: which gold Sources are names, and what it counts right."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

BENCH = Path(__file__).resolve().parent.parent / "bench"
sys.path.insert(0, str(BENCH))
eval_polnear = pytest.importorskip("eval_polnear")

from annotator.core.model import Suggestion  # noqa: E402


def _source(text: str, source: str) -> list[tuple[int, int]]:
    start = text.index(source)
    return [(start, start + len(source))]


@pytest.mark.parametrize(("text", "source", "name"), [
    ("The plan failed, Mara Quill said on Monday.", "Mara Quill", "Mara Quill"),
    ("Tom Arden, head of the port authority, said it was late.", "Tom Arden, head of the port authority,",
     "Tom Arden"),
    ("Another critic, Lena B. Hollis, said no.", "Another critic, Lena B. Hollis,", "Lena B. Hollis"),
    ("Quill said so. Later Rep. Jo Vance (D-Ore.) agreed.", "Rep. Jo Vance (D-Ore.)", "Rep. Jo Vance"),
    ("It rained. Quill said the ferry was late.", "Quill", "Quill"),
    ("The Harbour Board said it would wait.", "The Harbour Board", "The Harbour Board"),
])
def test_a_named_source_gives_the_name_before_any_description(text: str, source: str, name: str) -> None:
    assert eval_polnear.source_name(text, _source(text, source)) == name


@pytest.mark.parametrize(("text", "source"), [
    ("Quill arrived. He said the ferry was late.", "He"),
    ("Quill arrived. Then she said no.", "she"),
    ("The port's chair of the board said no.", "The port's chair of the board"),
    ("Mara Quill's campaign said no.", "Mara Quill's campaign"),
    ("Quill and Arden said no.", "Quill and Arden"),
    ("Officials said no, and other officials agreed.", "Officials"),
    ("the chair of the DNC said no.", "the chair of the DNC"),
    ("Quill arrived. His aide said no.", "His"),
])
def test_pronouns_descriptions_and_groups_give_no_name(text: str, source: str) -> None:
    assert eval_polnear.source_name(text, _source(text, source)) is None


def _plural_at(text: str, word: str) -> frozenset[int]:
    return frozenset({text.index(word)})


def test_a_plural_common_noun_opening_a_sentence_is_no_name() -> None:
    text = "The ferry was late again. Experts said the timetable could not work."
    assert eval_polnear.source_name(text, _source(text, "Experts"), _plural_at(text, "Experts")) is None
    # Without the model's tag it still reads as a name, as the rule did before.
    assert eval_polnear.source_name(text, _source(text, "Experts")) == "Experts"


def test_a_name_the_model_tags_plural_stays_a_name_when_written_mid_sentence() -> None:
    text = "Voters met Ella Sanders on Monday. Sanders said the ferry was late."
    start = text.index("Sanders said")
    assert eval_polnear.source_name(text, [(start, start + 7)], frozenset({start})) == "Sanders"


def test_the_model_tags_a_sentence_initial_plural_role_noun(trained_suggester) -> None:
    text = "The ferry was late again. Investigators said the timetable could not work."
    assert text.index("Investigators") in eval_polnear.common_plurals(trained_suggester.nlp(text))


def _article(text: str, source: str, speaker: str, mention: str) -> dict:
    """One article with one gold quote and one prediction on it, the speaker's mention at ``mention``."""
    start = text.index('"')
    end = text.index('"', start + 1) + 1
    span = _source(text, mention)[0]
    gold = {"start": start, "end": end, "kind": "direct", "source": _source(text, source), "source_text": source,
            "trimmed": (start, end)}
    return {"name": text.split()[0], "text": text, "gold": [gold], "annotated": True,
            "preds": [(Suggestion(start, end, "direct", speaker, span), [span])]}


def test_a_wrong_name_on_the_right_mention_counts_right_for_speakers_but_wrong_for_names(capsys) -> None:
    wrong = _article('Mara Quill met Tom Arden. "We wait," Mara Quill said.', "Mara Quill", "Tom Arden",
                     "Mara Quill")
    right = _article('Lena Hollis spoke. "It is late," Lena Hollis said.', "Lena Hollis", "Hollis", "Lena Hollis")
    pronoun = _article('Jo Vance spoke. "No," she said.', "she", "Mara Quill", "she")
    result = eval_polnear.score_articles([wrong, right, pronoun], "invented")
    assert result["speaker"] == {"accuracy": 1.0, "correct": 3, "matched": 3}
    # The pronoun's gold Source names nobody, so only the two named quotes are judged by name.
    assert result["speaker_name"] == {"accuracy": 0.5, "correct": 1, "matched": 2}
    assert "speaker name accuracy 0.500 (1/2" in capsys.readouterr().out


def test_the_complementizer_goes_from_gold_before_a_comma_as_before_a_space(tmp_path) -> None:
    text = "Vance said that, if elected, she would fix the ferry. Quill said that the pier was late."
    first, second = text.index("that, if"), text.index("that the pier")
    ann = tmp_path / "a_1.ann"
    ann.write_text("\n".join([
        "T1\tSource 0 5\tVance", "T2\tCue 6 10\tsaid", f"T3\tContent {first} 52\t{text[first:52]}",
        "E1\tCue:T2 Source:T1 Content:T3",
        "T4\tSource 54 59\tQuill", "T5\tCue 60 64\tsaid", f"T6\tContent {second} 87\t{text[second:87]}",
        "E2\tCue:T5 Source:T4 Content:T6"]), encoding="utf-8")
    contents = [text[g["trimmed"][0] : g["trimmed"][1]] for g in eval_polnear.read_ann(ann, text)]
    assert contents == ["if elected, she would fix the ferry", "the pier was late"]
