"""Accepting a suggestion whose speaker's name had a title glued to it gives the speaker that role."""

from annotator.core.model import Article, Speaker, Suggestion
from annotator.services.commands import AcceptSuggestion
from annotator.store import articles, registry

TEXT = "Residents' group chair Eileen Park said the plan would price families out of the harbour."
NAME = (TEXT.index("Eileen"), TEXT.index(" said"))
CLAUSE = (TEXT.index("the plan"), len(TEXT) - 1)


def _suggestion(role: str = "") -> Suggestion:
    return Suggestion(*CLAUSE, "indirect", speaker="Eileen Park", speaker_span=NAME, role=role)


def _role(project, name: str) -> str | None:
    speaker_id = registry.find_speaker(project, name)
    return None if speaker_id is None else registry.get_speaker(project, speaker_id).role


def test_accepting_creates_the_speaker_with_the_glued_title_as_role(project):
    article_id, _ = articles.insert_article(project, Article(None, TEXT, "h1"))
    command = AcceptSuggestion(article_id, "alice", _suggestion("Residents' group chair"))
    command.do(project)
    assert _role(project, "Eileen Park") == "Residents' group chair"
    command.undo(project)
    assert _role(project, "Eileen Park") is None
    command.do(project)
    assert _role(project, "Eileen Park") == "Residents' group chair"


def test_a_cached_suggestion_without_role_reads_the_title_from_the_text(project):
    article_id, _ = articles.insert_article(project, Article(None, TEXT, "h1"))
    AcceptSuggestion(article_id, "alice", _suggestion()).do(project)
    assert _role(project, "Eileen Park") == "Residents' group chair"


def test_an_existing_role_is_kept_and_an_empty_one_comes_back_on_undo(project):
    article_id, _ = articles.insert_article(project, Article(None, TEXT, "h1"))
    registry.insert_speaker(project, "Eileen Park", role="mayor")
    AcceptSuggestion(article_id, "alice", _suggestion()).do(project)
    assert _role(project, "Eileen Park") == "mayor"
    registry.update_speaker(project, registry.find_speaker(project, "Eileen Park"), role="")
    command = AcceptSuggestion(article_id, "bob", _suggestion())
    command.do(project)
    assert _role(project, "Eileen Park") == "Residents' group chair"
    command.undo(project)
    assert _role(project, "Eileen Park") == ""


def test_a_speaker_the_annotator_typed_gets_no_role_from_the_suggested_mention(project):
    article_id, _ = articles.insert_article(project, Article(None, TEXT, "h1"))
    AcceptSuggestion(article_id, "alice", _suggestion("Residents' group chair"), speaker="Li Wen").do(project)
    assert _role(project, "Li Wen") == ""


def test_registry_role_then_resolves_the_role_noun(project):
    """The point of keeping the role: a later "the residents' group chair" is the same speaker."""
    from annotator.nlp.speakers import RegistryMatcher

    article_id, _ = articles.insert_article(project, Article(None, TEXT, "h1"))
    AcceptSuggestion(article_id, "alice", _suggestion()).do(project)
    matcher = RegistryMatcher(registry.all_speakers(project))
    assert matcher.match("the residents' group chair") == Speaker(
        registry.find_speaker(project, "Eileen Park"), "Eileen Park", role="Residents' group chair")
