"""Loose candidates: what the rules set aside, offered for bench/eval_polnear_learned.py's filter to judge."""


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
