"""From a source phrase to a speaker: names over pronouns and roles, then the speaker registry."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from spacy.tokens import Doc, Span, Token

from annotator.core.model import Speaker
from annotator.nlp.cues import antecedent
from annotator.nlp.lexicon import (
    GROUP_PRONOUNS,
    HONORIFICS,
    MEDIA_NOUNS,
    PERSON_PRONOUNS,
    PRONOUNS,
    ROLE_NOUNS,
)
from annotator.nlp.names import (
    KIN,
    NAMED_ENTS,
    TITLES,
    as_written_alone,
    definite,
    inside_quotes,
    name_like,
    one_person,
    same_name,
    title_before,
    untitled,
    without_possessive,
    without_title,
)
from annotator.nlp.registry_matcher import LEADING, matcher_for
from annotator.nlp.registry_matcher import RegistryMatcher as RegistryMatcher
from annotator.nlp.registry_matcher import normalise as normalise

# Entity types of a source that is a body, not a person: "she" never points back to them.
_GROUP_ENTS = frozenset({"ORG", "GPE", "NORP"})


_GENDERED = {"mr": "m", "sir": "m", "mrs": "f", "ms": "f", "miss": "f", "madam": "f", "dame": "f",
             "spokeswoman": "f", "chairwoman": "f", "congresswoman": "f", "spokesman": "m", "chairman": "m",
             "congressman": "m"}
_TITLED_NAME = re.compile(r"\b(Mrs|Mr|Ms|Miss|Sir|Dame|Madam|[Ss]pokeswoman|[Cc]hairwoman|[Cc]ongresswoman|"
                         r"[Ss]pokesman|[Cc]hairman|[Cc]ongressman)\.?,? ((?:[A-Z][\w’'\-]+ ?){1,3})")
_PRONOUN_GENDER = {"he": "m", "him": "m", "she": "f", "her": "f"}
_POSSESSIVE = {"his": "he", "their": "they", "our": "we", "its": "it"}


@dataclass(frozen=True)
class Resolved:
    """A speaker name and the mention it was read from."""

    name: str | None
    span: tuple[int, int] | None
    # Read from a description with no name in it ("an architect", "officials"): the mention is the
    # speaker's, but no person of that name should enter the registry, so the suggestion names nobody.
    described: bool = False

    @property
    def speaker_name(self) -> str | None:
        """The name a suggestion gives: None for a description, which names no one."""
        return None if self.described else self.name


class SpeakerResolver:
    """Resolves source phrases in document order, remembering who spoke and who holds which role."""

    def __init__(self, doc: Doc, registry: Sequence[Speaker] = (), text: str | None = None):
        self.doc = doc
        self.matcher = matcher_for(registry)
        self.text = doc.text if text is None else text  # Doc.text and Doc.ents are rebuilt per access
        # Without the titles NER took into them ("Councillor Ann Roe"): a shorter mention of the person must
        # not grow back into the titled one as their full name.
        self.people = as_written_alone([untitled(e) for e in doc.ents if e.label_ == "PERSON"])
        self._tokens = [normalise(e.text) for e in self.people]
        self._mixed: set[str] = set()
        self.persons: list[Resolved] = []  # people who spoke, in order; the last is "he" or "she" by default
        self.genders = self._gender_map()
        self.last_group: Resolved | None = None
        self.roles = self._role_map()
        self._full_genders: dict[tuple[str, ...], str] | None = None  # built only when two people share a name
        self._named_words: set[str] | None = None  # words of the article's named entities, built when needed

    def _role_map(self) -> list[tuple[int, set[str], Span]]:
        """Titles written next to a person's name: "Foreign Minister X", "X, the EU's top diplomat"."""
        roles = []
        for ent in self.people:
            words: set[str] = set()
            k = ent.start - 1
            while k >= 0 and self.doc[k].tag_ in ("NNP", "NN", "JJ", "NNPS") and ent.start - k < 6:
                words.add(self.doc[k].lower_)
                k -= 1
            for tok in ent.root.children:
                if tok.dep_ == "appos" and tok.i > ent.end - 1:
                    words |= {t.lower_ for t in tok.subtree if t.is_alpha}
            if ent.root.dep_ == "appos" and ent.root.head.i < ent.start:
                # "Norway's envoy, Sigrid Aas, said": the noun the name is in apposition to is her title.
                head = ent.root.head
                words |= {t.lower_ for t in head.subtree if t.is_alpha and t.i < ent.start}
            if words:
                roles.append((ent.start_char, words, ent))
        return roles

    @property
    def last_person(self) -> Resolved | None:
        """The person who spoke last."""
        return self.persons[-1] if self.persons else None

    def _spoke(self, found: Resolved) -> None:
        self.persons.append(found)

    def _gender_map(self) -> dict[str, str]:
        """Surname -> "f" or "m" where the article writes "Ms Park" or "Mr Li Wen" (or a gendered title)."""
        genders: dict[str, str] = {}
        for m in _TITLED_NAME.finditer(self.text):
            tokens = normalise(m.group(2))
            if tokens:  # "Mr Dr" leaves no name once honorifics are dropped
                gender = _GENDERED[m.group(1).lower()]
                if genders.get(tokens[-1], gender) != gender:
                    self._mixed.add(tokens[-1])  # "Mrs. Obama" and "Mr. Obama": the surname tells nothing
                genders[tokens[-1]] = gender
        return genders

    def _known_gender(self, name: str) -> str | None:
        """"f" or "m" for a name, by its full form where two of its surname's people differ, else None."""
        tokens = normalise(name)
        if not tokens:
            return None
        if tokens[-1] in self._mixed:
            if self._full_genders is None:
                self._full_genders = self._full_gender_map()
            return self._full_genders.get(tuple(tokens))
        return self.genders.get(tokens[-1])

    def _person_for(self, pronoun: str) -> Resolved | None:
        """The latest speaker a "he" or "she" can denote: one not known to be of the other gender.

        In an exchange ("Ms Park said ... Mr Wen replied ... 'No,' she added") the last-named person is
        not always the one speaking.
        """
        want = _PRONOUN_GENDER.get(pronoun)
        for found in reversed(self.persons):
            known = self._known_gender(found.name or "")
            if want is None or known is None or known == want:
                return found
        return self.last_person

    def _subject_before(self, pronoun: Token, word: str) -> Resolved | None:
        """The person a "he" or "she" follows: the subject of its own sentence, before it, or of the one before.

        "Mr. Obama dismissed the report. “It is a distraction,” he said.": Mr. Obama, not whoever spoke
        earlier. Only a named person of the pronoun's gender (or of none known) outside quotation marks.
        """
        sent = pronoun.sent
        sentences = [sent]
        while sentences[-1].start > 0 and len(sentences) < 4:
            sentences.append(self.doc[sentences[-1].start - 1].sent)
            if any(t.pos_ in ("VERB", "AUX") for t in sentences[-1]):
                break  # a fragment without a verb ("day 0." cut off its sentence) is no sentence before
        want = _PRONOUN_GENDER.get(word)
        for k, sentence in enumerate(sentences):
            subjects = [t for t in sentence.root.children if t.dep_ == "nsubj" and (k or t.i < pronoun.i)]
            if not subjects:
                continue
            subject = subjects[0]
            if any(t.pos_ in ("VERB", "AUX") for t in sentence[: subject.left_edge.i - sentence.start]):
                return None  # "He added a note, should Clinton return": not the sentence's subject
            # "Mr. Obama dismissed", or "The senator, John Kerry, dismissed": the name or its apposition.
            ent = next((e for e in self.people if e.start <= subject.i < e.end or (
                e.root.dep_ == "appos" and e.root.head.i == subject.i)), None)
            if ent is None or inside_quotes(self.text, ent.start_char):
                return None
            ent = untitled(ent)
            name = self._full_name(ent.text, ent.start_char, ent.start_char)
            known = self._known_gender(name)
            if want is not None and known is not None and known != want:
                return None
            found = Resolved(name, (ent.start_char, ent.end_char))
            self._spoke(found)  # a "he added" after this one means the same person
            return found
        return None

    def _full_name(self, ent_text: str, before: int, at: int | None = None) -> str:
        """The longest earlier (or any) person name containing this one: "Borrell" -> "Josep Borrell".

        ``at`` is where the short name is written, for the title in front of it; when several people
        share the name, the choice is left to ``_one_of``.
        """
        tokens = set(normalise(ent_text))
        best = ent_text
        earlier: list[int] = []
        later: list[int] = []
        stopped = False
        for k, (other, other_tokens) in enumerate(zip(self.people, self._tokens, strict=True)):
            if tokens and tokens < set(other_tokens) and other_tokens[-1] in tokens:
                (later if other.start_char > before else earlier).append(k)
                if len(other.text) > len(best) and not stopped:
                    best = other.text
            # Past the mention, the first name after it counts only when none before did.
            stopped = stopped or other.start_char > before and best != ent_text
        # Only capitalised names count as other people: NER also tags "pro-Clinton".
        earlier = [k for k in earlier if name_like(self.people[k].text)]
        later = [k for k in later if name_like(self.people[k].text)]
        found = earlier or later
        if found and not one_person([self._tokens[k] for k in found]):
            return self._one_of(earlier, ent_text, before, before if at is None else at)
        if found and self._another_of_that_name(found[0], ent_text, before if at is None else at):
            return ent_text
        return best if best == ent_text else without_possessive(best)

    def _another_of_that_name(self, k: int, ent_text: str, at: int) -> bool:
        """Whether the short name may be someone other than the one person named in full.

        The article writes the surname with both "Mr." and "Mrs." ("Mrs. Obama", "Mr. Obama") but names only
        one of them in full (Michelle Obama): "President Obama" or "Obama" may be either, and "Mr. Obama" is not
        the one known to be a woman. The name is then left as written rather than given to the wrong person.
        """
        short = normalise(ent_text)
        if not short or short[-1] not in self._mixed:
            return False
        want = _GENDERED.get(title_before(self.text, at))
        if want is None:
            return True  # "Obama", "President Obama": either of them
        known = self._gender_of(k)
        return known is not None and known != want

    def _one_of(self, earlier: list[int], ent_text: str, before: int, at: int) -> str:
        """Which of several people sharing a name a short mention denotes, or the name as written.

        "Mrs. Obama" is not the one known to be a man, "President Obama" the one written with that title;
        otherwise one who is the subject of this sentence or the one before ("Secretary Jeh Johnson says
        ... Johnson said"), else the one the article named first: news names the other people who share
        the surname in full each time ("Ivanka Trump"), and the short name means its main person. With
        none before, a later one only when all later ones are the same person.
        """
        title = title_before(self.text, at)
        tokens = set(normalise(ent_text))
        pool = earlier or [k for k, t in enumerate(self._tokens) if tokens < set(t) and t[-1] in tokens and (
            name_like(self.people[k].text))]
        want = _GENDERED.get(title)
        if want is not None:
            pool = [k for k in pool if self._gender_of(k) in (None, want)] or pool
        elif title in TITLES:
            # The full names written with this title ("President Barack Obama"); not the short one itself.
            holders = [normalise(ent.text) for _, words, ent in self.roles if title in words]
            titled = [k for k in pool if any(not set(h) <= tokens and same_name(self._tokens[k], h) for h in holders)]
            pool = titled or pool
        if one_person([self._tokens[k] for k in pool]):
            return without_possessive(max((self.people[k].text for k in pool), key=len))
        if earlier:
            chosen = self._subject_nearby(pool, at) or min(pool, key=lambda k: self.people[k].start_char)
            same = [k for k in pool if same_name(self._tokens[k], self._tokens[chosen])]
            return without_possessive(max((self.people[k].text for k in same), key=len))
        return ent_text

    def _subject_nearby(self, pool: list[int], at: int) -> int | None:
        """The last of ``pool`` named as a sentence's subject in the sentence of ``at`` or the one before."""
        here = self.doc.char_span(at, at + 1, alignment_mode="expand")
        if here is None:
            return None
        sent = here[0].sent
        first = self.doc[sent.start - 1].sent.start if sent.start > 0 else sent.start
        found = None
        for k in pool:
            root = self.people[k].root
            subject = root if root.dep_ != "appos" else root.head
            if first <= root.i < sent.end and self.people[k].start_char < at and subject.dep_ in ("nsubj", "nsubjpass"):
                found = k
        return found

    def _gender_of(self, k: int) -> str | None:
        """"f" or "m" for the person of ``self.people[k]`` where the article says so, else None."""
        if self._full_genders is None:
            self._full_genders = self._full_gender_map()
        return self._full_genders.get(tuple(self._tokens[k]))

    def _full_gender_map(self) -> dict[tuple[str, ...], str]:
        """Full name -> gender, from a gendered title or role word beside the name ("Mrs. Michelle Obama",
        "his wife, Michelle Obama") or the first "he" or "she" after it before anyone else is named."""
        found: dict[tuple[str, ...], str] = {}
        for m in _TITLED_NAME.finditer(self.text):
            tokens = tuple(normalise(m.group(2)))
            if len(tokens) > 1:
                found.setdefault(tokens, _GENDERED[m.group(1).lower()])
        for _, words, ent in self.roles:
            marks = {_GENDERED[w] for w in words if w in _GENDERED} | {KIN[w] for w in words if w in KIN}
            if len(marks) == 1:
                found.setdefault(tuple(normalise(ent.text)), marks.pop())
        for k, ent in enumerate(self.people):
            tokens = tuple(self._tokens[k])
            if len(tokens) < 2 or tokens in found:
                continue
            stop = self.people[k + 1].start if k + 1 < len(self.people) else len(self.doc)
            for tok in self.doc[ent.end : min(stop, ent.end + 40)]:
                gender = _PRONOUN_GENDER.get(tok.lower_) or ("m" if tok.lower_ == "his" else None)
                if gender:
                    found[tokens] = gender
                    break
        return found

    def _nearest_person(self, before: int) -> Resolved | None:
        for ent in reversed(self.people):
            if ent.end_char <= before:
                return Resolved(self._full_name(ent.text, before, ent.start_char), (ent.start_char, ent.end_char))
        return None

    def _by_role(self, head_word: str, before: int) -> Resolved | None:
        for start, words, ent in reversed(self.roles):
            if start < before and head_word in words:
                return Resolved(self._full_name(ent.text, before, ent.start_char), (ent.start_char, ent.end_char))
        return None

    def resolve(self, source: Span | None) -> Resolved:
        """The speaker of one source phrase; pronouns and roles point back to someone named before."""
        if source is None or len(source) == 0:
            return Resolved(None, None)
        at = source.start_char
        people = [e for e in self.people if e.start >= source.start and e.end <= source.end] or [
            e for e in self.people if e.root.dep_ == "appos" and e.root.head.i == source.root.i]
        if people:
            ent = untitled(people[-1])
            found = Resolved(self._full_name(ent.text, at, ent.start_char), (ent.start_char, ent.end_char))
            self._spoke(found)
            return self._registered(found)
        head = source.root
        low = _POSSESSIVE.get(head.lower_, head.lower_)  # "his claim that ...": his words
        if len(source) == 1 and (phrase := antecedent(head)) is not None:
            return self.resolve(phrase)  # "who" of "an architect who said": the architect
        if len(source) == 1 and low in PRONOUNS:
            if low in PERSON_PRONOUNS:
                found = self._subject_before(source[0], low) or self._person_for(low) or self._nearest_person(at)
                if found is not None and found != self.last_person:
                    self._spoke(found)  # "the chair added" after "she said" is the one she was
            elif low in GROUP_PRONOUNS:
                found = self.last_group
            else:
                found = None
            return self._registered(found) if found else Resolved(source.text, (at, source.end_char))
        if low in MEDIA_NOUNS or head.ent_type_ in ("DATE", "TIME"):
            # "a statement said", "the spot says", "Monday": the parse took the medium or the day for
            # the speaker; the person the passage is about spoke.
            found = self.last_person or self._nearest_person(at)
            return self._registered(found) if found else Resolved(None, None)
        if low in ROLE_NOUNS and head.tag_ in ("NN", "NNP", ""):
            found = self._by_role(low, at) or (self.last_person if definite(source, head) else None)
            if found is not None:
                self._spoke(found)
                return self._registered(found)
        elif head.tag_ == "NN" and definite(source, head) and (found := self._by_role(low, at)) is not None:
            # "the architect" after "Ann Roe, an architect from Leeds,": the person the article described so.
            self._spoke(found)
            return self._registered(found)
        words = [t for t in source if not t.is_punct]
        while words and words[0].lower_ in LEADING:
            words = words[1:]
        if not words:
            return Resolved(None, None)
        titled = words[0].lower_.rstrip(".") in HONORIFICS or words[0].lower_ in TITLES
        words = without_title(words)
        start, end = words[0].idx, words[-1].idx + len(words[-1].text)
        name = self.text[start:end]
        if all(t.tag_ in ("NNP", "NNPS") or (not t.tag_ and t.text[:1].isupper()) for t in words):
            name = self._full_name(name, at, start)
            found = Resolved(name, (start, end))
            # "Ms Park", "Councillor Eileen Park": a person, whatever NER took the name for.
            if titled or head.ent_type_ not in _GROUP_ENTS and head.tag_ != "NNPS":
                self._spoke(found)
            else:
                self.last_group = found
        elif len(words) == 1 and any(e[-1].lower_ == words[0].lower_ for e in self.people):
            # "Rivers said", the surname tagged as a plural noun: still the person named before.
            found = Resolved(self._full_name(name, at, start), (start, end))
            self._spoke(found)
        else:
            found = Resolved(name, (start, end), not any(self._names(t) for t in words))
            if head.tag_ in ("NNS", "NNPS"):
                self.last_group = found
        return self._registered(found)

    def _names(self, tok: Token) -> bool:
        """True when a word of a source phrase is (part of) a name, not a common noun ("an architect").

        The tagger misses names it has not seen ("Politifact"), so a capital counts too, except on a
        sentence's first word: there it counts when a named entity of the article holds it, or when it is a
        singular noun ("Officials", "One official" are not) that the article never writes in lower case.
        """
        if tok.tag_ in ("NNP", "NNPS") or tok.ent_type_ in NAMED_ENTS:
            return True
        if not tok.text[:1].isupper():
            return False
        if not tok.is_sent_start or tok.lower_ in self._entity_words():
            return True  # "Rivers said", tagged a plural, after "Jo Rivers" was named
        return tok.tag_ == "NN" and re.search(rf"\b{re.escape(tok.lower_)}\b", self.text) is None

    def _entity_words(self) -> set[str]:
        if self._named_words is None:
            self._named_words = {t.lower_ for e in self.doc.ents if e.label_ in NAMED_ENTS for t in e if t.is_alpha}
        return self._named_words

    def _registered(self, found: Resolved) -> Resolved:
        if found.name is None:
            return found
        speaker = self.matcher.match(found.name)
        if speaker is None:
            return found
        # A description the registry knows ("the residents' group chair" as Eileen Park's role) names her.
        return Resolved(speaker.name, found.span)
