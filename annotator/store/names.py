"""The names the inspector offers while typing: speakers with their aliases, and claims; plain strings only."""

from __future__ import annotations

from dataclasses import dataclass

from annotator.store.project import Project


@dataclass(frozen=True)
class RegistryNames:
    """What the speaker and claim boxes list and complete."""

    speakers: tuple[str, ...]  # canonical names, as the registry orders them
    speaker_completions: tuple[str, ...]  # names and aliases, sorted ignoring case
    claims: tuple[str, ...]


def registry_names(project: Project) -> RegistryNames:
    """The registry's names as strings: a few milliseconds for thousands, where Speaker objects cost more."""
    conn = project.db.conn
    speakers = tuple(row[0] for row in conn.execute("SELECT name FROM speakers ORDER BY name COLLATE NOCASE"))
    aliases = {row[0] for row in conn.execute("SELECT alias FROM speaker_aliases")}
    completions = tuple(sorted(set(speakers) | aliases, key=str.casefold))
    claims = tuple(row[0] for row in conn.execute("SELECT text FROM claims ORDER BY text COLLATE NOCASE"))
    return RegistryNames(speakers, completions, claims)
