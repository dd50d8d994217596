"""Undoable user actions: each command does and undoes itself over the store and says what changed.

The UI's undo stack only adapts these; every ``do``/``undo`` runs in one transaction, so an action is
committed whole or not at all. Commands keep full row snapshots: an undone delete comes back with its id,
and names a command created (a new speaker typed into the inspector, say) go away again on undo.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from typing import Any

from annotator.core.model import Quote, Suggestion
from annotator.nlp.lexicon import PRONOUNS
from annotator.nlp.roles import title_before
from annotator.store import articles as article_store
from annotator.store import quotes as quote_store
from annotator.store import registry
from annotator.store import suggestions as suggestion_store
from annotator.store.project import Project


@dataclass
class Change:
    """What a command touched, so views refresh only those rows."""

    quotes: set[int] = field(default_factory=set)
    articles: set[int] = field(default_factory=set)
    speakers: bool = False
    claims: bool = False
    #: Anything may have changed (another program wrote the file, or a failed step was rolled back):
    #: views re-read what they show instead of patching rows.
    everything: bool = False

    def __or__(self, other: "Change") -> "Change":
        return Change(
            self.quotes | other.quotes,
            self.articles | other.articles,
            self.speakers or other.speakers,
            self.claims or other.claims,
            self.everything or other.everything,
        )

    def absorb(self, other: "Change") -> "Change":
        """Add ``other`` to this change in place (a macro of thousands of steps stays linear)."""
        self.quotes |= other.quotes
        self.articles |= other.articles
        self.speakers = self.speakers or other.speakers
        self.claims = self.claims or other.claims
        self.everything = self.everything or other.everything
        return self


class Command:
    """Base of all commands: wraps do/undo in a transaction and removes registry rows it created."""

    text = "Action"
    #: Commands with the same non-None merge key, pushed one after another, become one undo step.
    merge_key: Any = None

    def __init__(self) -> None:
        # The registry rows this command created, by id: undo removes exactly these.
        self._created: dict[str, list[tuple]] | None = None

    def do(self, project: Project) -> Change:
        """Apply the command in one transaction (a redo restores the names it created, same ids)."""
        with project.atomic():
            # Taken inside the transaction, which holds the write lock: no other program can add rows
            # between the mark and the command's own writes.
            marks = registry.registry_marks(project) if self._created is None else None
            if self._created is not None:
                registry.restore_rows(project, self._created)
            change = self._do(project)
            if marks is not None:
                self._created = registry.rows_after(project, marks)
            return change

    def undo(self, project: Project) -> Change:
        """Revert the command in one transaction."""
        with project.atomic():
            change = self._undo(project)
            if self._created is not None:
                registry.drop_rows(project, self._created)
            return change

    def merge(self, other: "Command") -> bool:
        """Absorb a later command of the same kind; True if it was absorbed."""
        return False

    def _do(self, project: Project) -> Change:  # pragma: no cover - abstract
        raise NotImplementedError

    def _undo(self, project: Project) -> Change:  # pragma: no cover - abstract
        raise NotImplementedError


class AddQuote(Command):
    """Create a quote; redo brings it back with the same id."""

    text = "Add quote"

    def __init__(self, quote: Quote):
        super().__init__()
        self.quote = quote
        self.quote_id: int | None = quote.id
        self._snapshot: dict | None = None

    @classmethod
    def inserted(cls, quote: Quote, snapshot: dict) -> "AddQuote":
        """The command of a quote already inserted (in bulk) as ``snapshot``: undo and redo work as usual."""
        command = cls(quote)
        command.quote_id, command._snapshot = snapshot["row"][0], snapshot
        return command

    def _do(self, project: Project) -> Change:
        if self._snapshot is None:
            self.quote_id = quote_store.insert_quote(project, self.quote)
            self._snapshot = quote_store.snapshot_quote(project, self.quote_id)
        else:
            quote_store.restore_quote(project, self._snapshot)
        return self._change()

    def _undo(self, project: Project) -> Change:
        quote_store.delete_quote(project, self.quote_id)
        return self._change()

    def _change(self) -> Change:
        # A quote with neither speaker nor claim (a plain Q) changes no name and no speaker's count: the
        # name lists and the speakers' counts are not reread for it.
        named = bool(self.quote.speaker or self.quote.claim)
        return Change(quotes={self.quote_id}, articles={self.quote.article_id}, speakers=named, claims=named)


class DeleteQuote(Command):
    """Remove a quote; undo restores it with the same id and fields."""

    text = "Delete quote"

    def __init__(self, quote_id: int):
        super().__init__()
        self.quote_id = quote_id
        self._snapshot: dict | None = None
        self._article_id: int | None = None

    def _do(self, project: Project) -> Change:
        self._snapshot = quote_store.snapshot_quote(project, self.quote_id)
        self._article_id = self._snapshot["row"][1]
        quote_store.delete_quote(project, self.quote_id)
        return Change(quotes={self.quote_id}, articles={self._article_id}, speakers=True, claims=True)

    def _undo(self, project: Project) -> Change:
        quote_store.restore_quote(project, self._snapshot)
        return Change(quotes={self.quote_id}, articles={self._article_id}, speakers=True, claims=True)


class EditQuote(Command):
    """Change one or more fields of a quote (the base of every Set* command)."""

    text = "Edit quote"

    def __init__(self, quote_id: int, **changes: Any):
        super().__init__()
        self.quote_id = quote_id
        self.changes = changes
        self._before: dict | None = None
        self._article_id: int | None = None

    def _do(self, project: Project) -> Change:
        if self._before is None:
            self._before = quote_store.snapshot_quote(project, self.quote_id)
            self._article_id = self._before["row"][1]
        quote_store.update_quote(project, self.quote_id, **self.changes)
        return self._change()

    def _undo(self, project: Project) -> Change:
        quote_store.overwrite_quote(project, self._before)
        return self._change()

    def _change(self) -> Change:
        named = bool({"speaker", "claim"} & set(self.changes))
        return Change(quotes={self.quote_id}, articles={self._article_id}, speakers=named, claims=named)

    def merge(self, other: Command) -> bool:
        # Typing a note on one quote is one undo step, not one per keystroke.
        if type(other) is type(self) and other.quote_id == self.quote_id and set(other.changes) == set(self.changes):
            self.changes = other.changes
            return True
        return False


class SetKind(EditQuote):
    text = "Set kind"

    def __init__(self, quote_id: int, kind: str):
        super().__init__(quote_id, kind=kind)


class SetStance(EditQuote):
    text = "Set stance"

    def __init__(self, quote_id: int, stance: str | None):
        super().__init__(quote_id, stance=stance)


class SetSpeaker(EditQuote):
    """Name a quote's speaker. Without a new mention, the old one stays only if it still fits the name.

    A mention that names someone else ("Western officials" on a quote now given to Josep Borrell)
    would export a wrong link, so it is dropped; a pronoun ("he") or a variant of the new name
    ("Amir Abdollahian" for "Hossein Amir-Abdollahian") is still the text's way of naming the speaker.
    """

    text = "Set speaker"

    def __init__(self, quote_id: int, speaker: str | None, speaker_span: tuple[int, int] | None = None):
        changes: dict[str, Any] = {"speaker": speaker}
        if speaker_span is not None:
            changes["speaker_span"] = speaker_span
        super().__init__(quote_id, **changes)

    def _do(self, project: Project) -> Change:
        if "speaker_span" not in self.changes:
            quote = quote_store.get_quote(project, self.quote_id)
            if quote.speaker_span is not None:
                start, end = quote.speaker_span
                from annotator.core.evaluation import same_speaker  # rapidfuzz: kept off the start-up path

                mention = article_store.get_article(project, quote.article_id).text[start:end]
                fits = mention.lower() in PRONOUNS or same_speaker(mention, self.changes["speaker"])
                if not fits:
                    self.changes["speaker_span"] = None
        return super()._do(project)


class SetClaim(EditQuote):
    text = "Set claim"

    def __init__(self, quote_id: int, claim: str | None):
        super().__init__(quote_id, claim=claim)


class SetTopics(EditQuote):
    # Each toggle is its own undo step: two topics added with two keys come off one at a time.
    text = "Set topics"

    def __init__(self, quote_id: int, topics: Sequence[str]):
        super().__init__(quote_id, topics=tuple(topics))


class SetNote(EditQuote):
    text = "Edit note"
    merge_key = "note"

    def __init__(self, quote_id: int, note: str):
        super().__init__(quote_id, note=note)


class SetSpan(EditQuote):
    text = "Change span"

    def __init__(self, quote_id: int, start: int, end: int):
        if not 0 <= start < end:
            raise ValueError(f"a quote needs 0 <= start < end, not {start}..{end}")
        super().__init__(quote_id, start=start, end=end)


class MergeSpeakers(Command):
    """Fold one speaker into another: quotes follow, names become aliases."""

    text = "Merge speakers"

    def __init__(self, keep_id: int, gone_id: int):
        super().__init__()
        if keep_id == gone_id:
            raise ValueError("cannot merge a speaker into itself")
        self.keep_id, self.gone_id = keep_id, gone_id
        self._gone: dict | None = None
        self._keep_aliases: list[str] = []

    def _do(self, project: Project) -> Change:
        self._gone = registry.speaker_rows(project, self.gone_id)
        self._keep_aliases = list(registry.get_speaker(project, self.keep_id).aliases)
        registry.merge_speakers(project, self.keep_id, self.gone_id)
        return Change(quotes=set(self._gone["quotes"]), speakers=True)

    def _undo(self, project: Project) -> Change:
        registry.unmerge_speakers(project, self.keep_id, self._gone, self._keep_aliases)
        return Change(quotes=set(self._gone["quotes"]), speakers=True)


class EditSpeaker(Command):
    """Rename a speaker or change its type or role."""

    text = "Edit speaker"

    def __init__(self, speaker_id: int, **fields: str):
        super().__init__()
        self.speaker_id, self.fields = speaker_id, fields
        self._before: dict[str, str] = {}

    def _do(self, project: Project) -> Change:
        speaker = registry.get_speaker(project, self.speaker_id)
        self._before = {name: getattr(speaker, name) for name in self.fields}
        registry.update_speaker(project, self.speaker_id, **self.fields)
        return Change(speakers=True)

    def _undo(self, project: Project) -> Change:
        registry.update_speaker(project, self.speaker_id, **self._before)
        return Change(speakers=True)


class AddAlias(Command):
    """Give a speaker another name."""

    text = "Add alias"

    def __init__(self, speaker_id: int, alias: str):
        super().__init__()
        self.speaker_id, self.alias = speaker_id, alias
        self._added = False

    def _do(self, project: Project) -> Change:
        self._added = registry.add_alias(project, self.speaker_id, self.alias)
        return Change(speakers=True)

    def _undo(self, project: Project) -> Change:
        if self._added:
            registry.remove_alias(project, self.speaker_id, self.alias)
        return Change(speakers=True)


class AcceptSuggestion(Command):
    """Turn a suggestion into a quote of the annotator (origin "suggestion") and remember the decision."""

    text = "Accept suggestion"

    def __init__(
        self,
        article_id: int,
        annotator: str,
        suggestion: Suggestion,
        mention: str | None = None,
        suggested_at: tuple[int, int] | None = None,
        **edits: Any,
    ):
        super().__init__()
        self.article_id, self.annotator, self.suggestion = article_id, annotator, suggestion
        # A suggestion reshaped before accepting is decided at the span it was suggested with, so that the
        # suggestion does not come back beside the quote made of it.
        self._decided = suggested_at or (suggestion.start, suggestion.end)
        # The words the text uses for the speaker ("Amir Abdollahian"), kept as an alias of the speaker.
        self.mention = " ".join(mention.split()) if mention else None
        self._aliases_added: list[tuple[int, str]] = []
        self._role_given: int | None = None  # the speaker whose empty role this command filled in
        self._proposed: str | None = None  # the suggested name, when the registry knew the speaker as another
        self._match_name = "speaker" not in edits  # a name the annotator typed is taken as typed
        self._own_speaker = not {"speaker", "speaker_span"} & set(edits)  # the role is the suggested speaker's
        quote = Quote(
            id=None, article_id=article_id, start=suggestion.start, end=suggestion.end, annotator=annotator,
            kind=suggestion.kind, speaker=suggestion.speaker, speaker_span=suggestion.speaker_span,
            cue_span=suggestion.cue_span, topics=suggestion.topics, stance=suggestion.stance, origin="suggestion",
        )
        self._add = AddQuote(Quote(**{**quote.__dict__, **edits}))

    @property
    def quote_id(self) -> int | None:
        return self._add.quote_id

    def _do(self, project: Project) -> Change:
        if self._add.quote_id is None and self._match_name:
            self._match_registry(project)
        change = self._add._do(project)
        annotator_id = registry.ensure_annotator(project, self.annotator)
        suggestion_store.record_decision(
            project, self.article_id, annotator_id, self._decided, "accepted", self._add.quote_id)
        self._remember_names(project)
        self._keep_role(project)
        return change

    def _keep_role(self, project: Project) -> None:
        """Give the speaker the title the text glued to their name ("EU trade chief"), if they have no role."""
        speaker = self._add.quote.speaker
        span = self._add.quote.speaker_span
        speaker_id = registry.find_speaker(project, speaker) if speaker and span and self._own_speaker else None
        if speaker_id is None or registry.get_speaker(project, speaker_id).role:
            return
        role = self.suggestion.role
        if not role:
            # Cached suggestions keep the name's offsets, not the role: read it from the text again.
            role = title_before(article_store.get_article(project, self.article_id).text, span)
        if role:
            registry.update_speaker(project, speaker_id, role=role)
            self._role_given = speaker_id

    def _match_registry(self, project: Project) -> None:
        """Give the quote to the one registered speaker the suggested name is a variant of.

        Suggestions for several articles are made before any is accepted, so each may spell the same
        person its own way ("Amir Abdollahian", "Amir-Abdollahian"); one person stays one speaker.
        """
        name = self._add.quote.speaker
        if not name or registry.find_speaker(project, name) is not None:
            return
        from annotator.core.evaluation import same_speaker  # rapidfuzz: kept off the start-up path

        matches = [s for s in registry.all_speakers(project) if any(same_speaker(n, name) for n in (s.name, *s.aliases))]
        if len(matches) == 1:
            self._proposed = name
            self._add.quote = replace(self._add.quote, speaker=matches[0].name)

    def _remember_names(self, project: Project) -> None:
        """Keep the text's words for the speaker (and a variant the suggestion used) as aliases."""
        speaker = self._add.quote.speaker
        speaker_id = registry.find_speaker(project, speaker) if speaker else None
        if speaker_id is None:
            return
        for name in (self.mention, self._proposed):
            # Pronouns and role nouns start lower-case ("he", "the minister"): they name nobody on their own.
            if not name or not name[0].isupper() or name.casefold() == speaker.casefold():
                continue
            if registry.find_speaker(project, name) is None:
                registry.add_alias(project, speaker_id, name)
                self._aliases_added.append((speaker_id, name))

    def _undo(self, project: Project) -> Change:
        annotator_id = registry.ensure_annotator(project, self.annotator)
        suggestion_store.forget_decision(project, self.article_id, annotator_id, self._decided)
        if self._role_given is not None:
            registry.update_speaker(project, self._role_given, role="")
            self._role_given = None
        for speaker_id, alias in self._aliases_added:
            registry.remove_alias(project, speaker_id, alias)
        self._aliases_added = []
        return self._add._undo(project)


class SetArticleDone(Command):
    """Mark an article done for an annotator, or back to in progress (Ctrl+D)."""

    def __init__(self, article_id: int, annotator: str, done: bool):
        super().__init__()
        self.article_id, self.annotator, self.done = article_id, annotator, done
        self.text = "Mark done" if done else "Mark in progress"
        self._before: str | None = None

    def _do(self, project: Project) -> Change:
        annotator_id = registry.ensure_annotator(project, self.annotator)
        self._before = article_store.article_status(project, self.article_id, annotator_id)
        article_store.set_article_status(project, self.article_id, annotator_id, "done" if self.done else None)
        return Change(articles={self.article_id})

    def _undo(self, project: Project) -> Change:
        annotator_id = registry.ensure_annotator(project, self.annotator)
        article_store.set_article_status(project, self.article_id, annotator_id, self._before)
        return Change(articles={self.article_id})


class RejectSuggestion(Command):
    """Remember that a suggestion was rejected so it does not come back."""

    text = "Reject suggestion"

    def __init__(self, article_id: int, annotator: str, suggestion: Suggestion):
        super().__init__()
        self.article_id, self.annotator, self.suggestion = article_id, annotator, suggestion

    def _do(self, project: Project) -> Change:
        annotator_id = registry.ensure_annotator(project, self.annotator)
        span = (self.suggestion.start, self.suggestion.end)
        suggestion_store.record_decision(project, self.article_id, annotator_id, span, "rejected", None)
        return Change(articles={self.article_id})

    def _undo(self, project: Project) -> Change:
        annotator_id = registry.ensure_annotator(project, self.annotator)
        span = (self.suggestion.start, self.suggestion.end)
        suggestion_store.forget_decision(project, self.article_id, annotator_id, span)
        return Change(articles={self.article_id})


class Macro(Command):
    """Several commands as one undo step ("Accept 12 suggestions")."""

    def __init__(self, text: str, commands: Sequence[Command]):
        super().__init__()
        self.text = text
        self.commands = list(commands)

    def _do(self, project: Project) -> Change:
        change = Change()
        for command in self.commands:
            change.absorb(command._do(project))
        return change

    def _undo(self, project: Project) -> Change:
        change = Change()
        for command in reversed(self.commands):
            change.absorb(command._undo(project))
        return change
