"""The learned suggestion filter, trained on small invented gold sets (texts written for these tests)."""

import pytest

from annotator.core.model import Suggestion
from annotator.nlp.span_filter import SpanFilter, variants
from annotator.nlp.span_training import NotEnoughGold, train

NAMES = ["Ada Moss", "Ben Ortiz", "Cleo Hart", "Dev Rana", "Eva Lind", "Finn Kerr", "Gia Sol", "Hal Berg",
         "Ida Fox", "Jon Pike", "Kai Reed", "Lea Vos"]


def _article(i: int):
    """A paragraph of true reported speech ("said ...") and one of a pledge the gold does not count."""
    name = NAMES[i % len(NAMES)]
    said = f"{name} said the harbour budget would rise by {i + 3} percent next spring."
    pledge = f"The council pledged to repaint the ferry terminal before the festival {i}."
    quoted = f"“We will not close the night market,” {name.split()[0]} told reporters."
    text = "\n".join([said, pledge, quoted])
    s1 = text.index("the harbour")
    s2 = text.index("to repaint")
    s3 = text.index("We will")
    suggestions = [
        Suggestion(s1, text.index(".", s1), "indirect", name, (0, len(name)), (len(name) + 1, len(name) + 5)),
        Suggestion(s2, text.index(".", s2), "indirect", "The council", (text.index("The council"), s2 - 9),
                   (s2 - 8, s2 - 1)),
        Suggestion(s3, text.index("”"), "direct", name, None, (text.index("told"), text.index("told") + 4)),
    ]
    gold = [(suggestions[0].start, suggestions[0].end), (suggestions[2].start, suggestions[2].end)]
    return text, suggestions, gold


def _gold_articles(n: int):
    from annotator.nlp.span_filter import GoldArticle

    return [GoldArticle(*_article(i)) for i in range(n)]


def test_filter_drops_the_false_positive_it_was_shown_and_keeps_true_quotes():
    trained = train(_gold_articles(24))
    text = ("Mona Quill said the tram line would open in May.\n"
            "The board pledged to plant two hundred trees along the river.\n"
            "“Nobody told us about the fees,” Quill told reporters.")
    said = Suggestion(text.index("the tram"), text.index(" in May") + 7, "indirect", "Mona Quill", (0, 10), (11, 15))
    pledge_at = text.index("to plant")
    pledge = Suggestion(pledge_at, text.index("river") + 5, "indirect", "The board",
                        (text.index("The board"), text.index("The board") + 9), (pledge_at - 8, pledge_at - 1))
    quote = Suggestion(text.index("Nobody"), text.index("fees") + 4, "direct", "Mona Quill", None,
                       (text.rindex("told"), text.rindex("told") + 4))
    kept = trained.apply(text, [said, pledge, quote])
    assert said in kept and quote in kept
    assert pledge not in kept


def test_stored_filter_gives_the_same_suggestions_after_a_round_trip():
    trained = train(_gold_articles(24))
    again = SpanFilter.from_json(trained.to_json())
    text, suggestions, _ = _article(99)
    assert again.apply(text, suggestions) == trained.apply(text, suggestions)
    assert again.threshold == trained.threshold and again.examples == trained.examples == 48


def test_too_little_gold_is_refused_with_a_reason():
    with pytest.raises(NotEnoughGold, match="finished articles"):
        train(_gold_articles(3))


def test_boundary_model_learns_to_drop_a_leading_connective_the_gold_leaves_out():
    from annotator.nlp.span_filter import GoldArticle

    articles = []
    for i in range(24):
        name = NAMES[i % len(NAMES)]
        text = (f"{name} said that the ferry fares would fall by {i + 2} percent.\n"
                f"{name} said that, after the storm, the pier needs {i + 4} new beams.")
        first = text.index("the ferry")
        second = text.index("that, after")  # the rules start at "that,": the gold does not
        sugg = [Suggestion(first, text.index(" percent") + 8, "indirect", name, (0, len(name))),
                Suggestion(second, len(text) - 1, "indirect", name, (0, len(name)))]
        gold = [(first, sugg[0].end), (text.index("after the storm"), len(text) - 1)]
        articles.append(GoldArticle(text, sugg, gold))
    trained = train(articles)
    text = "Rui Sato said that, in the end, the bridge will reopen."
    s = Suggestion(text.index("that,"), len(text) - 1, "indirect", "Rui Sato", (0, 8))
    assert [name for name, _ in variants(text, s)] == ["orig", "no_lead"]
    (kept,) = trained.apply(text, [s])
    assert text[kept.start : kept.end] == "in the end, the bridge will reopen"


def test_loose_mode_offers_the_set_aside_quotes_and_leaves_the_rules_own_untouched(trained_suggester):
    from annotator.nlp.suggest import LOOSE_SCORE, find_all

    text = ("Mayor Rosa Linde said the new bus lanes would open in June.\n"
            "Critics called the plan “a mess” at the meeting.\n"
            "“We will listen to every shop owner on the street,” Linde told reporters.")
    doc = trained_suggester.nlp(text)
    rules = [(f.start, f.end, f.kind, who.name) for f, who in find_all(doc)]
    both = [(f.start, f.end, f.kind, who.name, f.score) for f, who in find_all(trained_suggester.nlp(text), loose=True)]
    assert [b[:4] for b in both if b[4] != LOOSE_SCORE] == rules
    loose = [text[b[0] : b[1]] for b in both if b[4] == LOOSE_SCORE]
    assert any("a mess" in snippet for snippet in loose)
    assert not any("a mess" in text[r[0] : r[1]] and r[1] - r[0] < 12 for r in rules)
