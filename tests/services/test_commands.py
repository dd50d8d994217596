"""Every undoable command: do, undo puts every table back exactly, redo does it again."""

from __future__ import annotations

import inspect

import pytest

from annotator.core.model import Article, Quote, Suggestion
from annotator.core.text import sha256_of
from annotator.services import commands
from annotator.store import articles as article_store
from annotator.store import quotes as quote_store
from annotator.store import registry
from annotator.store.dump import dump_tables

TEXT = "Minister Amir-Abdollahian said: “the drone is true.” Borrell said talks go on."


@pytest.fixture
def world(project):
    """A project with one article, two speakers and a tagged quote to act on."""
    article_id, _ = article_store.insert_article(project, Article(None, TEXT, sha256_of(TEXT), title="T"))
    quote_id = quote_store.insert_quote(
        project,
        Quote(None, article_id, 32, 52, "ann", speaker="Amir-Abdollahian", stance="supports", claim="Drones sold",
              topics=("conflict",), note="first"),
    )
    borrell = registry.ensure_speaker(project, "Borrell")
    registry.add_alias(project, borrell, "Josep Borrell")
    return project, article_id, quote_id, borrell


def _instances(project, article_id, quote_id, borrell):
    amir = registry.find_speaker(project, "Amir-Abdollahian")
    suggestion = Suggestion(53, 60, kind="indirect", speaker="Borrell")
    return {
        "AddQuote": commands.AddQuote(Quote(None, article_id, 0, 8, "ann", speaker="New Person", claim="New claim")),
        "DeleteQuote": commands.DeleteQuote(quote_id),
        "EditQuote": commands.EditQuote(quote_id, kind="mixed", note="x"),
        "SetKind": commands.SetKind(quote_id, "indirect"),
        "SetStance": commands.SetStance(quote_id, "opposes"),
        "SetSpeaker": commands.SetSpeaker(quote_id, "Someone New", speaker_span=(0, 8)),
        "SetClaim": commands.SetClaim(quote_id, "Another claim"),
        "SetTopics": commands.SetTopics(quote_id, ["diplomacy", "politics"]),
        "SetNote": commands.SetNote(quote_id, "changed"),
        "SetSpan": commands.SetSpan(quote_id, 31, 53),
        "MergeSpeakers": commands.MergeSpeakers(borrell, amir),
        "EditSpeaker": commands.EditSpeaker(borrell, name="Josep Borrell Fontelles", role="EU"),
        "AddAlias": commands.AddAlias(borrell, "EU foreign policy chief"),
        "AcceptSuggestion": commands.AcceptSuggestion(article_id, "ann", suggestion, mention="Josep B.",
                                                      stance="neutral"),
        "RejectSuggestion": commands.RejectSuggestion(article_id, "other annotator", suggestion),
        "SetArticleDone": commands.SetArticleDone(article_id, "ann", True),
        "Macro": commands.Macro("Two steps", [commands.SetStance(quote_id, None), commands.SetNote(quote_id, "")]),
    }


def command_classes() -> list[str]:
    return sorted(
        name for name, cls in inspect.getmembers(commands, inspect.isclass)
        if issubclass(cls, commands.Command) and cls is not commands.Command
    )


def test_every_command_class_is_covered(world):
    assert set(command_classes()) == set(_instances(*world))


@pytest.mark.parametrize("name", command_classes())
def test_do_undo_redo_restores_every_table(world, name):
    project = world[0]
    command = _instances(*world)[name]
    before = dump_tables(project)
    change = command.do(project)
    after = dump_tables(project)
    assert after != before, f"{name} changed nothing"
    assert isinstance(change, commands.Change)
    command.undo(project)
    assert dump_tables(project) == before
    command.do(project)
    assert _without_times(dump_tables(project)) == _without_times(after)
    command.undo(project)
    assert dump_tables(project) == before


def _without_times(tables: dict) -> dict:
    # A redo may stamp a later updated_at / decided_at; every other value must be identical.
    def clean(row):
        return tuple(v for v in row if not (isinstance(v, str) and len(v) == 25 and v[10:11] == "T"))

    return {name: sorted((clean(r) for r in rows), key=repr) for name, rows in tables.items()}


@pytest.mark.parametrize(
    ("new_name", "keeps_mention"),
    [("Western Officials", False), ("Hossein Amir-Abdollahian", True)],
)
def test_renaming_a_speaker_keeps_the_mention_only_if_it_still_names_them(world, new_name, keeps_mention):
    project, _article_id, quote_id, _borrell = world
    quote_store.update_quote(project, quote_id, speaker_span=(9, 25))  # "Amir-Abdollahian"
    command = commands.SetSpeaker(quote_id, new_name)
    command.do(project)
    quote = quote_store.get_quote(project, quote_id)
    assert quote.speaker == new_name
    assert quote.speaker_span == ((9, 25) if keeps_mention else None)
    command.undo(project)
    assert quote_store.get_quote(project, quote_id).speaker_span == (9, 25)


def test_accepting_a_suggestion_spelled_differently_keeps_one_speaker(world):
    project, article_id, _quote_id, _borrell = world
    before = {s.name for s in registry.all_speakers(project)}
    suggestion = Suggestion(53, 60, kind="indirect", speaker="Amir Abdollahian")  # registry: "Amir-Abdollahian"
    command = commands.AcceptSuggestion(article_id, "ann", suggestion)
    command.do(project)
    assert quote_store.get_quote(project, command.quote_id).speaker == "Amir-Abdollahian"
    assert {s.name for s in registry.all_speakers(project)} == before
    assert "Amir Abdollahian" in registry.get_speaker(project, registry.find_speaker(project, "Amir-Abdollahian")).aliases
    command.undo(project)
    amir = registry.get_speaker(project, registry.find_speaker(project, "Amir-Abdollahian"))
    assert "Amir Abdollahian" not in amir.aliases


def test_a_name_the_annotator_typed_is_taken_as_typed(world):
    project, article_id, _quote_id, _borrell = world
    suggestion = Suggestion(53, 60, kind="indirect", speaker="Amir Abdollahian")
    command = commands.AcceptSuggestion(article_id, "ann", suggestion, speaker="Amir Abdollahian Jr")
    command.do(project)
    assert quote_store.get_quote(project, command.quote_id).speaker == "Amir Abdollahian Jr"


def test_undo_removes_only_the_rows_its_command_created(world):
    """Speakers, claims and annotators another program adds after a command survive its undo."""
    project, article_id, _quote_id, _borrell = world
    add = commands.AddQuote(Quote(None, article_id, 0, 8, "ann", speaker="New Person", claim="New claim"))
    add.do(project)
    # Another writer, after the command: a speaker in use by its own quote, a bare claim and annotator.
    quote_store.insert_quote(project, Quote(None, article_id, 53, 60, "second window", speaker="Someone Else"))
    registry.ensure_claim(project, "Their claim")
    add.undo(project)
    speakers = {s.name for s in registry.all_speakers(project)}
    assert "New Person" not in speakers and "Someone Else" in speakers
    assert {c.text for c in registry.all_claims(project)} >= {"Their claim"}
    assert "New claim" not in {c.text for c in registry.all_claims(project)}
    assert "second window" in registry.annotator_names(project)
    add.do(project)  # redo brings the command's own names back beside the others
    assert {"New Person", "Someone Else"} <= {s.name for s in registry.all_speakers(project)}


def test_undo_keeps_a_created_speaker_someone_else_now_uses(world):
    project, article_id, _quote_id, _borrell = world
    add = commands.AddQuote(Quote(None, article_id, 0, 8, "ann", speaker="New Person"))
    add.do(project)
    quote_store.insert_quote(project, Quote(None, article_id, 53, 60, "other", speaker="New Person"))
    add.undo(project)
    assert "New Person" in {s.name for s in registry.all_speakers(project)}
    assert [q.speaker for q in quote_store.quotes_for_article(project, article_id, "other")] == ["New Person"]


def test_macro_of_many_steps_reports_every_quote(world):
    project, article_id, _quote_id, _borrell = world
    adds = [commands.AddQuote(Quote(None, article_id, i, i + 1, "ann")) for i in range(300)]
    change = commands.Macro("Add 300", adds).do(project)
    assert change.quotes == {a.quote_id for a in adds} and len(change.quotes) == 300


def test_redo_after_another_writer_made_the_same_name_keeps_one(world):
    """Undo drops a new speaker; another window types the same name (same id); redo succeeds."""
    project, article_id, _quote_id, _borrell = world
    add = commands.AddQuote(Quote(None, article_id, 0, 8, "ann", speaker="New Person"))
    add.do(project)
    add.undo(project)
    registry.ensure_speaker(project, "New Person")
    add.do(project)
    assert [s.name for s in registry.all_speakers(project)].count("New Person") == 1
    assert quote_store.get_quote(project, add.quote_id).speaker == "New Person"


def test_a_plain_new_quote_tells_the_views_no_name_changed(world):
    project, article_id, _quote_id, _borrell = world
    plain = commands.AddQuote(Quote(None, article_id, 0, 8, "ann")).do(project)
    assert plain.quotes and not plain.speakers and not plain.claims  # name lists and counts are not reread
    named = commands.AddQuote(Quote(None, article_id, 53, 60, "ann", speaker="Someone Else")).do(project)
    assert named.speakers and registry.find_speaker(project, "Someone Else") is not None
