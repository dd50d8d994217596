"""Word lists the rules share: speech verbs and their forms, pronouns, titles."""

from __future__ import annotations

# Verbs that report speech or a stated position. Cognition verbs (believe, think) are left out on
# purpose: they report attitudes, which the project's gold treats as borderline at best.
SPEECH_LEMMAS = frozenset(
    """
    say tell add stress insist deny warn claim emphasize emphasise note explain argue assert state
    declare announce write tweet reply respond answer ask acknowledge admit agree concede confirm
    contend suggest predict observe remark comment mention recall reiterate repeat maintain allege
    testify urge vow promise pledge threaten boast complain charge counter retort quip joke conclude
    continue underline underscore highlight reveal disclose indicate caution shout yell whisper
    exclaim report speak insist estimate posit recount describe lament acknowledge propose demand
    proclaim affirm reaffirm hint reason contend concur object protest predict assure inform read
    chant scream shriek holler mutter murmur mumble
    """.split()
)

# Irregular or consonant-doubling forms an affix rule would get wrong.
_IRREGULAR = {
    "say": ("said",),
    "tell": ("told",),
    "write": ("wrote", "written"),
    "read": ("reads",),
    "speak": ("spoke", "spoken"),
    "admit": ("admitted", "admitting"),
    "quip": ("quipped", "quipping"),
    "concur": ("concurred", "concurring"),
}


def verb_forms(lemma: str) -> set[str]:
    """Return the inflected forms of a regular English verb plus known irregular ones."""
    forms = {lemma}
    if lemma.endswith("y") and lemma[-2] not in "aeiou":
        forms |= {lemma[:-1] + "ies", lemma[:-1] + "ied", lemma + "ing"}
    elif lemma.endswith("e"):
        forms |= {lemma + "s", lemma + "d", lemma[:-1] + "ing"}
    elif lemma.endswith(("s", "sh", "ch", "x")):
        forms |= {lemma + "es", lemma + "ed", lemma + "ing"}
    else:
        forms |= {lemma + "s", lemma + "ed", lemma + "ing"}
    forms |= set(_IRREGULAR.get(lemma, ()))
    return forms


# The lemmatizer is disabled for speed, so cue verbs are recognised by their surface forms.
SPEECH_FORMS: dict[str, str] = {form: lemma for lemma in SPEECH_LEMMAS for form in verb_forms(lemma)}

# Verbs that report what someone called something; cues only when the label is quoted:
# Clinton called them “deplorables”, condemned the test as “provocative”.
LABEL_LEMMAS = frozenset("""
    call dub label brand characterize characterise criticize criticise condemn denounce blast slam dismiss
    praise hail laud deride mock decry describe
    liken compare accuse rip pound attack blame tout ridicule lambaste chide scold rebuke applaud commend
    castigate berate assail
    """.split())
LABEL_FORMS = frozenset(form for lemma in LABEL_LEMMAS for form in verb_forms(lemma))

# Nouns that name something said, whose owner is its speaker: "the mayor's claim that ...", "his comments
# about ...", "warnings from his lawyer that ...", "her pledge to ...".
SPEECH_NOUNS = frozenset("""
    claim comment remark statement warning promise pledge vow threat assertion allegation accusation
    announcement admission insistence prediction suggestion denial
    """.split())
SPEECH_NOUN_FORMS = frozenset(SPEECH_NOUNS | {n + "s" for n in SPEECH_NOUNS} | {"insistences", "denials"})
# Of those, the ones whose infinitive is what was said: "his promise to cut taxes".
PLEDGE_NOUNS = frozenset({"promise", "promises", "pledge", "pledges", "vow", "vows", "threat", "threats"})

# Forms that are too often something else when not tagged as verbs.
AMBIGUOUS_FORMS = frozenset({"state", "states", "report", "reports", "answer", "comment", "comments",
                             "charge", "charges", "object", "promise", "joke", "counter", "continue",
                             "continues", "continued", "continuing", "estimate", "protest", "demand", "read",
                             "reading"})

PERSON_PRONOUNS = frozenset({"he", "she", "him", "her"})
GROUP_PRONOUNS = frozenset({"they", "them", "we", "us"})
SELF_PRONOUNS = frozenset({"i", "me", "you"})
PRONOUNS = PERSON_PRONOUNS | GROUP_PRONOUNS | SELF_PRONOUNS | {"it", "who", "which", "that"}

# Nouns that name a person by office; "the minister" refers back to someone already named.
ROLE_NOUNS = frozenset(
    """
    minister president premier chancellor secretary spokesman spokeswoman spokesperson official
    ambassador envoy diplomat chief director governor senator congressman congresswoman
    representative mayor leader chairman chairwoman chair ceo founder head commander general
    prime king queen prince candidate nominee adviser advisor aide lawyer attorney judge fm
    """.split()
)

# Where words appear, never who said them: "a statement said", "at a news conference announcing".
MEDIA_NOUNS = frozenset("""
    statement letter speech spot ad advert advertisement conference briefing interview comment comments
    remarks post tweet release memo report video op-ed editorial column
    """.split())

HONORIFICS = frozenset({"mr", "mrs", "ms", "dr", "prof", "sir", "dame", "madam", "rev", "gen", "sen", "rep"})
