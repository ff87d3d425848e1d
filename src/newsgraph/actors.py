"""Actors: find the people, organisations and countries of one document.

Mentions — names, short forms ("Mr. Kim"), titles ("the Chinese leader"),
subject pronouns, countries, capitals standing for governments, demonyms used
as nouns — are resolved to one :class:`~newsgraph.records.DocActor` each.
Attributes (country, sector, roles, gender) come from the text first (modifiers
and appositions) and from the actor dictionary second.

Short forms are sticky: once "Mr. Kim" names an actor, later "Mr. Kim"s keep
naming it (news style introduces a second Kim by full name), unless the
honorific's gender rules it out. Different full names never merge.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import cache, lru_cache
from typing import TYPE_CHECKING

from newsgraph import geography
from newsgraph.annotate import keep_text
from newsgraph.dictionary import (
    ActorDictionary,
    ActorEntry,
    RoleWord,
    default_dictionary,
    load_roles,
    role_key,
    role_word,
)
from newsgraph.records import ActorMention, DocActor, PartialDate

if TYPE_CHECKING:
    from spacy.tokens import Doc, Span, Token

HONORIFICS: dict[str, str | None] = {
    "mr": "m", "mrs": "f", "ms": "f", "miss": "f", "sir": "m", "madam": "f", "dame": "f", "dr": None,
}
PRONOUNS = {"he": "m", "she": "f"}
POSSESSIVES = {"his": "m", "her": "f"}
OBJECT_PRONOUNS = {"him": "m"}  # not "her": it is also the possessive
OBJECTS = frozenset({"dobj", "pobj", "dative"})
SUBJECTS = frozenset({"nsubj", "nsubjpass"})
NOMINAL = frozenset({"nsubj", "nsubjpass", "dobj", "pobj", "conj", "appos", "attr", "dative", "ROOT"})
MODIFIERS = frozenset({"compound", "amod", "poss", "nmod", "det", "case", "punct"})
CONFIDENCE = {
    "name": 0.95, "organization": 0.9, "country": 0.9, "capital": 0.8, "short": 0.85, "title": 0.8,
    "demonym": 0.75, "pronoun": 0.6,
}

# Looked up again and again for the same few words in every document; each call cleans, folds and matches
# the text anew. They are pure functions of the bundled tables, so their answers are kept.
_lookup_country = lru_cache(maxsize=1 << 14)(geography.country)
_lookup_demonym = lru_cache(maxsize=1 << 14)(geography.demonym)
_lookup_capital = lru_cache(maxsize=1 << 14)(geography.capital_of)
_lookup_role = lru_cache(maxsize=1 << 14)(role_word)


@lru_cache(maxsize=1 << 14)
def _lookup_entry(dictionary: ActorDictionary, name: str) -> ActorEntry | None:
    """``dictionary.lookup(name)``, kept like the lookups above (a dictionary does not change once built)."""
    return dictionary.lookup(name)


@dataclass
class ActorResult:
    """What :meth:`ActorFinder.find` returns: actors by key, mentions in order, token → mention."""

    actors: dict[str, DocActor] = field(default_factory=dict)
    mentions: list[ActorMention] = field(default_factory=list)
    by_token: dict[int, ActorMention] = field(default_factory=dict)

    def country(self, iso3: str) -> DocActor | None:
        """The document's actor for a country (ISO3), added when the text has not named it yet."""
        key = f"country:{iso3}"
        if key not in self.actors:
            found = geography.country_by_code(iso3)
            if found is None:
                return None
            self.actors[key] = DocActor(key, found.name, "country", found.iso3, aliases=[found.name])
        return self.actors[key]

    def actor_at(self, token_i: int) -> DocActor | None:
        """The actor a token belongs to, if it is part of a mention."""
        mention = self.by_token.get(token_i)
        return self.actors[mention.actor] if mention else None


def _strings(doc: Doc, column: str) -> tuple[list[int], list[str]]:
    """The hashes of a string column of ``doc`` ("ORTH", "LOWER") and their strings, each looked up once."""
    keys = doc.to_array(column).tolist()
    store = doc.vocab.strings
    names = {key: store[key] for key in set(keys)}
    return keys, [names[key] for key in keys]


@dataclass(frozen=True, slots=True)
class _Words:
    """A document's token texts, lower-case forms (and their hashes) and trailing spaces, as plain lists.

    Read a column at a time with ``Doc.to_array``: building a spaCy Token for every
    token and every check cost more than all the checks together.
    """

    text: list[str]
    lower: list[str]
    lower_keys: list[int]
    space: list[int]  # 1: the token is followed by a space

    @classmethod
    def of(cls, doc: Doc) -> _Words:
        """The columns of ``doc``."""
        if not len(doc):
            return cls([], [], [], [])
        _, text = _strings(doc, "ORTH")
        lower_keys, lower = _strings(doc, "LOWER")
        return cls(text, lower, lower_keys, doc.to_array("SPACY").tolist())

    def doc_text(self) -> str:
        """What ``doc.text`` says."""
        return "".join([text + " " if space else text for text, space in zip(self.text, self.space, strict=True)])

    def span_text(self, start: int, end: int) -> str:
        """What ``doc[start:end].text`` says, without building the Span and its Tokens."""
        if end <= start:
            return ""
        inner = "".join(self.text[i] + (" " if self.space[i] else "") for i in range(start, end - 1))
        return inner + self.text[end - 1]


@dataclass
class _State:
    """Resolution state while walking one document left to right."""

    result: ActorResult
    published: PartialDate | None
    words: _Words
    organizations: dict[str, str]  # see _organization_names
    short_forms: dict[str, str] = field(default_factory=dict)  # "kim" -> actor key
    last_seen: dict[str, int] = field(default_factory=dict)  # actor key -> token index of last mention
    subjects: dict[int, str] = field(default_factory=dict)  # sentence index -> person key of its main subject
    storms: frozenset[str] = frozenset()  # names the text gives to storms ("Cyclone Chido"): no persons


class ActorFinder:
    """spaCy component: find a document's actors (``doc._.ng_actors``) and mentions (``doc.spans``)."""

    def __init__(self, dictionary: ActorDictionary | None = None) -> None:
        self.dictionary = dictionary or default_dictionary()

    def __call__(self, doc: Doc) -> Doc:
        self.write(doc, self.find(doc, doc._.ng_published))
        return doc

    def find(self, doc: Doc, published: PartialDate | None = None) -> ActorResult:
        """Resolve every actor mention of ``doc`` (pure: the doc is not changed)."""
        words = _Words.of(doc)
        keep_text(doc, words.doc_text())  # for the stages after this one (annotate.doc_text)
        entities = doc.ents  # spaCy builds the tuple anew on each read
        organizations = _organization_names(entities, words)
        state = _State(ActorResult(), published, words, organizations, storms=_storm_names(doc, words))
        sent_of = _sentence_index(doc)
        for kind, span in _candidates(doc, entities, words, organizations):
            handler = _HANDLERS[kind]
            handler(self, state, span, sent_of)
        return state.result

    @staticmethod
    def write(doc: Doc, result: ActorResult) -> None:
        """Store a result on the doc: ``doc._.ng_actors`` and the ``ng_actors`` span group."""
        from spacy.tokens import Span

        doc._.ng_actors = result
        doc.spans["ng_actors"] = [
            Span(doc, m.start_token, m.end_token, label=m.kind, kb_id=m.actor) for m in result.mentions
        ]

    # -- mention handlers ---------------------------------------------------------------------

    def _person(self, state: _State, span: Span, sent_of: list[int]) -> None:
        tokens = _strip(span)
        words = state.words
        if not tokens or any(words.lower[i] in STORM_WORDS or words.text[i] in state.storms
                             for i in range(span.start, span.end)):
            return  # "Cyclones Chido", and "Chido" later, name a storm
        if _lookup_country(_text(words, tokens)) is not None:
            self._country(state, span, sent_of)  # the recognizer took "Malawi" for a person
            return
        honorific = _honorific(span, words)
        name = _text(words, tokens)
        modifiers = _left_modifiers(span) + [t for t in span if t not in tokens]
        described = _describe(modifiers + _appositions(span), self.dictionary)
        gender = HONORIFICS.get(honorific) if honorific else None
        if len(tokens) == 1 and "-" not in name:
            actor = self._short(state, name, gender)
            kind = "short"
        else:
            actor = self._named_person(state, name)
            kind = "name"
        _merge_description(actor, described, gender)
        if kind == "short":
            span = _with_honorific(span)  # "Mr. Kim", "Professor Ahn": the honorific is part of the short form
        _add_alias(actor, _text(words, _strip(span, drop_titles=False)))
        self._mention(state, span, actor, kind, sent_of)

    def _short(self, state: _State, surname: str, gender: str | None) -> DocActor:
        """The actor a bare surname names: sticky earlier use, else the latest matching full name."""
        actors = state.result.actors
        known = state.short_forms.get(surname.casefold())
        if known and _gender_ok(actors[known], gender):
            return actors[known]
        candidates = [a for a in actors.values() if a.type == "person" and _has_name_part(a, surname)
                      and _gender_ok(a, gender)]
        if candidates:
            actor = max(candidates, key=lambda a: state.last_seen.get(a.key, -1))
        else:
            actor = _get_or_add(state, DocActor(f"person:{surname.casefold()}", surname, "person"))
        state.short_forms[surname.casefold()] = actor.key
        return actor

    def _named_person(self, state: _State, name: str) -> DocActor:
        entry = _lookup_entry(self.dictionary, name)
        if entry is not None and entry.type == "person":
            return _from_entry(state, entry, alias=name)
        return _get_or_add(state, DocActor(f"person:{_key(name)}", name, "person"))

    def _organization(self, state: _State, span: Span, sent_of: list[int]) -> None:
        span = _with_count(span)
        tokens = _strip(span, drop_titles=False)
        if not tokens or _is_part_of_title(span) or _is_generic(tokens):
            return
        name = _text(state.words, tokens)
        if _lookup_country(name) is not None or name in ("North", "South"):
            self._country(state, span, sent_of)  # "The North said" tagged as an organisation
            return
        entry = _lookup_entry(self.dictionary, name)
        if entry is not None:
            actor = _from_entry(state, entry, alias=name)
        else:
            actor = _get_or_add(state, DocActor(f"organization:{_key(name)}", name, "organization"))
        described = _describe(_left_modifiers(span) + list(tokens), self.dictionary, kind="organization")
        _merge_description(actor, described, None)
        self._mention(state, span, actor, "organization", sent_of)

    def _shortened(self, state: _State, span: Span, sent_of: list[int]) -> None:
        """ "the canal authority": the organisation whose name it shortens, named anywhere in the text."""
        full = state.organizations.get(span.text.lower())
        if full is None:
            return
        entry = _lookup_entry(self.dictionary, full)
        actor = (_from_entry(state, entry, alias=full) if entry is not None else
                 _get_or_add(state, DocActor(f"organization:{_key(full)}", full, "organization")))
        self._mention(state, span, actor, "organization", sent_of)

    def _country(self, state: _State, span: Span, sent_of: list[int]) -> None:
        if _is_dateline(span, state.words):
            return  # "SINGAPORE —" says where the report was filed, not who acted
        name = _text(state.words, _strip(span, drop_titles=False))
        if name in ("North", "South"):
            halves = [a for a in state.result.actors.values() if a.type == "country" and a.name.startswith(name + " ")]
            if len(halves) == 1:
                self._mention(state, span, halves[0], "country", sent_of)
            return
        found = _lookup_country(name)
        kind = "country"
        if found is None:
            found = _lookup_capital(name)
            kind = "capital"
        if found is None:
            return
        actor = _country_actor(state, found)
        self._mention(state, span, actor, kind, sent_of)

    def _demonym(self, state: _State, span: Span, sent_of: list[int]) -> None:
        root = span.root
        if root.dep_ not in NOMINAL or (root.dep_ == "ROOT" and root.pos_ != "NOUN"):
            return
        found = _lookup_demonym(span.text)
        if found is not None:
            self._mention(state, span, _country_actor(state, found), "demonym", sent_of)

    def _title(self, state: _State, span: Span, sent_of: list[int]) -> None:
        head = span.root
        role = office(head)
        if role is None:
            return
        actor: DocActor | None
        if head.dep_ == "appos" and head.head.i in state.result.by_token:
            actor = state.result.actors[state.result.by_token[head.head.i].actor]
        else:
            country = _country_of(list(head.children))
            actor = self._title_holder(state, role.word, country)
        if actor is None:
            return
        country = _country_of(list(head.children))
        if (role.word, country) not in actor.roles:
            actor.roles.append((role.word, country))
        self._mention(state, span, actor, "title", sent_of)

    def _title_holder(self, state: _State, title: str, country: str | None) -> DocActor | None:
        """The person holding ``title`` (of ``country``): in the text first, then the dictionary."""
        people = [a for a in state.result.actors.values() if a.type == "person" and _holds(a, title, country)]
        if people:
            return max(people, key=lambda a: state.last_seen.get(a.key, -1))
        if country is None:
            return None
        on = state.published.iso if state.published else None
        entry = self.dictionary.holder(title, country, on)
        if entry is not None:
            return _from_entry(state, entry)
        return None

    def _pronoun(self, state: _State, span: Span, sent_of: list[int]) -> None:
        token = span.root
        if token.lower_ in OBJECT_PRONOUNS:
            actor = _object_antecedent(state, token, OBJECT_PRONOUNS[token.lower_], sent_of)
        else:
            gender = PRONOUNS.get(token.lower_) or POSSESSIVES[token.lower_]
            actor = _clause_subject(state, token, gender) if token.dep_ == "poss" else None
            actor = actor or _antecedent(state, token, gender, sent_of)
        if actor is None:
            return
        if actor.gender is None:
            actor.gender = PRONOUNS.get(token.lower_) or POSSESSIVES.get(token.lower_) or OBJECT_PRONOUNS[token.lower_]
        self._mention(state, span, actor, "pronoun", sent_of)

    def _it(self, state: _State, span: Span, sent_of: list[int]) -> None:
        """ "The White House said it welcomed": "it" is the organisation or country that governs the clause."""
        verb = span.root.head
        while verb.dep_ in ("ccomp", "xcomp", "conj") and verb.head != verb:
            verb = verb.head
            for child in verb.children:
                actor = state.result.actor_at(child.i) if child.dep_ in SUBJECTS else None
                if actor is not None and actor.type in ("organization", "country"):
                    self._mention(state, span, actor, "pronoun", sent_of)
                    return

    def _mention(self, state: _State, span: Span, actor: DocActor, kind: str, sent_of: list[int]) -> None:
        result = state.result
        sent = sent_of[span.start]
        root = span.root  # spaCy finds a span's root anew on each read
        mention = ActorMention(len(result.mentions), sent, span.start_char, span.end_char, span.start, span.end,
                               root.i, state.words.span_text(span.start, span.end), actor.key, kind,
                               CONFIDENCE[kind])
        result.mentions.append(mention)
        for i in range(span.start, span.end):
            result.by_token[i] = mention
        state.last_seen[actor.key] = span.start
        if actor.type == "person" and root.dep_ in SUBJECTS and _is_main_subject(root):
            state.subjects.setdefault(sent, actor.key)


_HANDLERS = {
    "PERSON": ActorFinder._person, "ORG": ActorFinder._organization, "GPE": ActorFinder._country,
    "NORP": ActorFinder._demonym, "TITLE": ActorFinder._title, "PRONOUN": ActorFinder._pronoun,
    "IT": ActorFinder._it, "ORG_SHORT": ActorFinder._shortened,
}


# -- candidates -------------------------------------------------------------------------------


def _candidates(doc: Doc, entities: Sequence[Span], words: _Words,
                organizations: dict[str, str]) -> list[tuple[str, Span]]:
    """Spans that may mention an actor, in text order: entities, titles, subject pronouns."""
    found: list[tuple[str, Span]] = [(e.label_, e) for e in entities if e.label_ in _HANDLERS]
    in_entity = {i for _, e in found for i in range(e.start, e.end)}
    for label, span in (_repeated_names(doc, words, found, in_entity) + _coordinated_names(doc, found, in_entity)
                        + _shortened_organizations(doc, words, organizations, in_entity)):
        found.append((label, span))
        in_entity.update(range(span.start, span.end))
    for i in _possible_token_candidates(doc, words):
        if i in in_entity:
            continue
        token = doc[i]
        if _is_the_north_or_south(token):
            found.append(("GPE", doc[token.i:token.i + 1]))
        elif _is_addressed_name(token, in_entity):
            found.append(("PERSON", doc[token.i:token.i + 1]))  # "Mr Xi" the recognizer missed
        elif _is_person_pronoun(token):
            found.append(("PRONOUN", doc[token.i:token.i + 1]))
        elif token.lower_ == "it" and token.dep_ in SUBJECTS:
            found.append(("IT", doc[token.i:token.i + 1]))
        elif _is_title(token, in_entity):
            found.append(("TITLE", _title_span(token)))
    return sorted(found, key=lambda item: (item[1].start, item[1].end))


# The lower-case words that may be a one-token candidate themselves: "North"/"South", the pronouns, "it".
TOKEN_WORDS = frozenset({"north", "south", "it", *PRONOUNS, *POSSESSIVES, *OBJECT_PRONOUNS})


def _possible_token_candidates(doc: Doc, words: _Words) -> list[int]:
    """Indexes of the tokens the one-token checks of :func:`_candidates` may accept: a superset read from
    word columns, since those checks read spaCy Tokens (and a title's children) and most tokens fail them."""
    if not len(doc):
        return []
    strings = doc.vocab.strings
    nouns = (strings["NOUN"], strings["PROPN"])  # a title is one of these (see _is_title)
    pos = doc.to_array("POS").tolist()
    lemmas = doc.to_array("LEMMA").tolist()
    lower_keys = words.lower_keys
    found = []
    before = ""  # the lower-case form of the token before: an honorific makes the next word a name
    for i, lower in enumerate(words.lower):
        if lower in TOKEN_WORDS or before.rstrip(".") in HONORIFICS or (pos[i] in nouns and (
                _may_name_office(lower) or (  # a lemma equal to the word adds nothing: read the others only
                    lemmas[i] != lower_keys[i] and _lookup_role(strings[lemmas[i]].lower()) is not None))):
            found.append(i)
        before = lower
    return found


@lru_cache(maxsize=1 << 16)
def _may_name_office(lower: str) -> bool:
    """Whether :func:`office` may find an office at a noun of this lower-case form (its lemma aside): the word
    is a run of whole words of a role word ("minister" of "foreign minister", "head" of "head of state")."""
    return role_key(lower) in _office_parts()


@cache
def _office_parts() -> frozenset[str]:
    """Every run of consecutive words of every role word, the empty run included.

    :func:`office` reads the noun alone, "<modifier> <noun>" and "<noun> of <object>"; role_key of
    such a phrase is the words of each part in turn, so the noun's own role_key is a run of the
    role word's words (empty when the noun is only a hyphen or a dash).
    """
    parts = {""}
    for key in load_roles():
        words = key.split(" ")
        parts.update(" ".join(words[i:j]) for i in range(len(words)) for j in range(i + 1, len(words) + 1))
    return frozenset(parts)


# Words after which a capitalised name is a storm's: "Cyclone Idai", "Hurricanes Irma and Maria".
STORM_WORDS = frozenset({"cyclone", "cyclones", "hurricane", "hurricanes", "typhoon", "typhoons", "storm", "storms"})


def _with_count(span: Span) -> Span:
    """An organisation's name with the number the recognizer cut off after its "of" ("Group of" + "Seven")."""
    doc, end = span.doc, span.end
    if span[-1].lower_ == "of" and end < len(doc) and doc[end].like_num and doc[end].ent_type_ in ("", "CARDINAL"):
        return doc[span.start:end + 1]
    return span


def _storm_names(doc: Doc, words: _Words) -> frozenset[str]:
    """The names the document gives to storms: the capitalised words after a storm word, with those
    coordinated with them ("Cyclones Chido in December and Dikeledi in January")."""
    names: set[str] = set()
    for i, lower in enumerate(words.lower[:-1]):
        if lower in STORM_WORDS and (name := doc[i + 1]).is_title and name.pos_ == "PROPN":
            names.add(name.text)
            names.update(c.text for c in (*name.conjuncts, *name.head.conjuncts) if c.is_title and c.pos_ == "PROPN")
    return frozenset(names)


# Heads of organisation names that a text shortens to a common noun: "the canal authority", "the agency".
INSTITUTIONS = frozenset({"authority", "agency", "ministry", "commission", "council", "company", "bank", "fund",
                          "programme", "program", "organization", "organisation", "network", "group", "court",
                          "committee", "corporation", "department", "administration"})


def _organization_names(entities: Sequence[Span], columns: _Words) -> dict[str, str]:
    """Lower-case shortenings of the text's organisation names ("canal authority", "authority") → the name;
    a shortening two names share stands for neither."""
    found: dict[str, str] = {}
    shared: set[str] = set()
    for entity in entities:
        if entity.label_ != "ORG":
            continue
        words = [columns.text[i] for i in range(entity.start, entity.end) if columns.lower[i] != "the"]
        if len(words) < 2 or words[-1].lower() not in INSTITUTIONS:
            continue
        name = " ".join(words)
        for k in range(1, len(words)):
            short = " ".join(words[-k:]).lower()
            if found.get(short, name) != name:
                shared.add(short)
            found[short] = name
    return {short: name for short, name in found.items() if short not in shared}


def _shortened_organizations(doc: Doc, words: _Words, names: dict[str, str],
                             taken: set[int]) -> list[tuple[str, Span]]:
    """ "the canal authority" after (or before) "the Suez Canal Authority": lower-case, after "the";
    ``names`` are the text's organisation names by shortening (:func:`_organization_names`)."""
    extra: list[tuple[str, Span]] = []
    if not names:
        return extra
    for i, lower in enumerate(words.lower):
        if lower != "the":
            continue
        start = i + 1
        texts = _leading_texts(words, start, 3)
        for size in (3, 2, 1):
            end = start + size
            if size > len(texts):
                continue
            text = texts[size - 1]  # the Span is built only for a text that matches
            if (text.lower() in names and text.islower() and not taken.intersection(range(start, end))
                    and (span := doc[start:end]).root == span[-1]):
                extra.append(("ORG_SHORT", span))
                taken.update(range(start, end))
                break
    return extra


def _leading_texts(words: _Words, start: int, most: int) -> list[str]:
    """The texts of ``doc[start:start + 1]``, ``doc[start:start + 2]`` ... up to ``most`` tokens (or the doc's end)."""
    texts: list[str] = []
    for i in range(start, min(start + most, len(words.text))):
        texts.append(f"{texts[-1]}{' ' if words.space[i - 1] else ''}{words.text[i]}" if texts else words.text[i])
    return texts


def _repeated_names(doc: Doc, words: _Words, found: list[tuple[str, Span]],
                    taken: set[int]) -> list[tuple[str, Span]]:
    """Other occurrences of a multi-word person or organisation name the recognizer found once.

    One name, one sense per document: if "Xi Jinping" is a PERSON somewhere, an
    occurrence the statistical recognizer missed is a mention too.
    """
    names = {tuple(words.text[span.start:span.end]): label for label, span in found
             if label in ("PERSON", "ORG") and len(span) > 1}
    texts = words.text
    firsts = {name[0] for name in names}
    starts: dict[str, list[int]] = {}
    for i, text in enumerate(texts):
        if text in firsts:
            starts.setdefault(text, []).append(i)
    extra: list[tuple[str, Span]] = []
    for name, label in names.items():
        size = len(name)
        for start in starts.get(name[0], ()):
            if tuple(texts[start:start + size]) == name and not taken.intersection(range(start, start + size)):
                extra.append((label, doc[start:start + size]))
                taken.update(range(start, start + size))
    return extra


def _coordinated_names(doc: Doc, found: list[tuple[str, Span]], taken: set[int]) -> list[tuple[str, Span]]:
    """A capitalised name coordinated with a person the recognizer found: "Ri Yong-ho and No Kwang-chol"."""
    extra: list[tuple[str, Span]] = []
    for label, span in found:
        if label != "PERSON":
            continue
        for conj in span.root.conjuncts:
            if conj.i in taken or conj.pos_ != "PROPN":
                continue
            words = [t for t in doc[conj.left_edge.i:conj.i + 1] if t.is_title or t.text == "-" or (t.is_lower
                     and doc[t.i - 1].text == "-")]
            if words and words[-1].i == conj.i and all(t.i not in taken for t in words):
                end = _name_end(doc, conj.i, taken)
                extra.append(("PERSON", doc[words[0].i:end]))
                taken.update(range(words[0].i, end))
    return extra


def _name_end(doc: Doc, last: int, taken: set[int]) -> int:
    """The end of a name whose parse stops at its first word ("Theresa" of "Merkel and Theresa May"):
    the capitalised proper nouns right after it that belong to no other entity."""
    end = last + 1
    while end < len(doc) and end not in taken and doc[end].pos_ == "PROPN" and doc[end].is_title \
            and not doc[end].ent_type_ and doc[end].dep_ in ("appos", "compound", "flat", "conj"):
        end += 1
    return end


def _is_person_pronoun(token: Token) -> bool:
    """A subject he/she, a possessive his/her or an object him: the pronouns resolved to people."""
    if token.lower_ in PRONOUNS:
        return token.dep_ in SUBJECTS
    if token.lower_ in OBJECT_PRONOUNS:
        return token.dep_ in OBJECTS
    return token.lower_ in POSSESSIVES and token.dep_ == "poss"


def _is_addressed_name(token: Token, in_entity: set[int]) -> bool:
    """A capitalised name right after an honorific ("Mr Xi", "Ms. Park") outside any entity."""
    if token.i == 0 or not token.is_title or not token.is_alpha:
        return False
    before = token.doc[token.i - 1]
    return before.i not in in_entity and before.lower_.rstrip(".") in HONORIFICS


def _is_the_north_or_south(token: Token) -> bool:
    """"the North" / "the South": a divided country named by its half (resolved against the doc's countries)."""
    return token.text in ("North", "South") and token.i > 0 and token.doc[token.i - 1].lower_ == "the" and (
        token.i + 1 == len(token.doc) or not token.doc[token.i + 1].is_title)


def _is_title(token: Token, in_entity: set[int]) -> bool:
    """A singular office noun ("leader", "president") that stands for a person on its own."""
    if token.pos_ not in ("NOUN", "PROPN") or token.tag_ in ("NNS", "NNPS"):
        return False
    role = office(token)
    if role is None or not role.country_role:
        return False
    # "North Korean leader Kim Jong-un": the title modifies a name, which the name's handler reads;
    # "the North Korean leader, Kim Jong-un": the name in apposition says who it is.
    if token.dep_ in ("compound", "amod") and token.head.i in in_entity:
        return False
    return not any(child.dep_ == "appos" and child.i in in_entity for child in token.children)


def office(token: Token) -> RoleWord | None:
    """The office a noun names, reading multi-word offices around it: "secretary of state",
    "foreign minister", or the noun alone ("president")."""
    words = [token.lemma_.lower(), token.lower_]
    for child in token.children:
        if child.dep_ == "prep" and child.lower_ == "of":
            words[:0] = [f"{token.lower_} of {t.lower_}" for t in child.children if t.dep_ == "pobj"]
        elif child.dep_ in ("amod", "compound") and child.i == token.i - 1:
            words.insert(0, f"{child.lower_} {token.lower_}")
    return next((role for word in words if (role := _lookup_role(word)) is not None), None)


def _title_span(token: Token) -> Span:
    """The title with its determiner and modifiers: "the North Korean leader"."""
    left = token.i
    for child in token.lefts:
        if child.dep_ in ("det", "amod", "compound", "poss", "nmod"):
            left = min(left, child.left_edge.i)
    return token.doc[left:token.i + 1]


# -- reading names and descriptions -------------------------------------------------------------


def _is_dateline(span: Span, words: _Words) -> bool:
    """An upper-case place opening a paragraph and followed by a dash or comma: a wire dateline."""
    start, end = span.start, span.end
    if not words.span_text(start, end).isupper():
        return False
    starts_paragraph = start == 0 or "\n" in words.text[start - 1]  # a token's own whitespace is "" or " "
    after = words.text[end] if end < len(words.text) else ""
    return starts_paragraph and after in ("—", "–", "-", "--", ",", "(")


def _is_part_of_title(span: Span) -> bool:
    """ "State" in "Secretary of State", "Defence" in "Minister of Defence": part of an office's name."""
    root = span.root
    return root.dep_ == "pobj" and root.head.lower_ == "of" and _lookup_role(root.head.head.lower_) is not None


def _is_generic(tokens: list[Token]) -> bool:
    """A one-word "organisation" that is a common noun capitalised at a sentence start ("Media")."""
    return len(tokens) == 1 and not tokens[0].is_upper and _lookup_role(tokens[0].lower_) is not None


def _strip(span: Span, drop_titles: bool = True) -> list[Token]:
    """The name's tokens without leading "the", honorifics, titles and a trailing possessive."""
    tokens = list(span)
    while (tokens and tokens[-1].tag_ == "POS") or (tokens and tokens[-1].text in ("'s", "’s", "'", "’")):
        tokens.pop()
    while tokens and (tokens[0].lower_ == "the" or (drop_titles and _is_honorific_or_title(tokens[0]))):
        tokens.pop(0)
    return tokens


def _is_honorific_or_title(token: Token) -> bool:
    word = token.lower_.rstrip(".")
    return word in HONORIFICS or _lookup_role(word) is not None


def _with_honorific(span: Span) -> Span:
    """The span grown left over one honorific or title word right before it."""
    if span.start > 0 and _is_honorific_or_title(span.doc[span.start - 1]):
        return span.doc[span.start - 1:span.end]
    return span


def _honorific(span: Span, words: _Words) -> str | None:
    """The honorific before or at the start of a name ("Mr." in "Mr. Kim"), lower-case without a dot."""
    lower = words.lower
    for i in (span.start - 1, span.start):
        if 0 <= i < len(lower) and lower[i].rstrip(".") in HONORIFICS:
            return lower[i].rstrip(".")
    return None


def _text(words: _Words, tokens: list[Token]) -> str:
    """The text covered by consecutive tokens, as written."""
    if not tokens:
        return ""
    return words.span_text(tokens[0].i, tokens[-1].i + 1)


def _left_modifiers(span: Span) -> list[Token]:
    """Tokens before the span that modify it: "Chinese President" in "Chinese President Xi Jinping"."""
    found: list[Token] = []
    doc = span.doc
    for i in range(span.start - 1, max(0, span.start - 6) - 1, -1):  # a Token only for the words read
        token = doc[i]
        if token.dep_ not in MODIFIERS or not (span.start <= token.head.i < span.end or token.head in found):
            break
        found.append(token)
    return found[::-1]


def _appositions(span: Span) -> list[Token]:
    """Tokens of appositions to the name: "the Chinese president" in "Xi Jinping, the Chinese president"."""
    return [t for child in span.root.children if child.dep_ == "appos" for t in child.subtree]


@dataclass
class _Description:
    roles: list[tuple[str, str | None]] = field(default_factory=list)
    countries: list[str] = field(default_factory=list)
    sector: str | None = None


def _describe(tokens: Iterable[Token], dictionary: ActorDictionary, kind: str = "person") -> _Description:
    """Roles, countries and a sector read from modifier and apposition tokens."""
    description = _Description()
    tokens = list(tokens)
    for token in tokens:
        country = token_country(token)
        if country and country not in description.countries:
            description.countries.append(country)
    for token in tokens:
        role = _lookup_role(token.lemma_.lower()) or _lookup_role(token.lower_)
        if role is None or role.kind not in (kind, "any"):
            continue
        description.sector = description.sector or role.sector
        if role.country_role:
            description.roles.append((role.word, description.countries[0] if description.countries else None))
    return description


def token_country(token: Token) -> str | None:
    """The country a token's entity names (North Korean, Pyongyang, China's), if any."""
    if token.ent_type_ not in ("NORP", "GPE") or token.ent_iob_ not in ("B", "I"):
        return None
    entity = entity_of(token)
    text = entity.text if entity is not None else token.text
    found = _lookup_country(text) or _lookup_demonym(text) or _lookup_capital(text)
    if found is None and entity is not None and entity.label_ == "GPE":
        place = geography.resolve_place(text)
        return place.country if place else None
    return found.iso3 if found else None


def entity_of(token: Token) -> Span | None:
    """The named entity a token is part of, if any: read from the IOB tags around it, as Doc.ents reads
    them (B, then I's), rather than from Doc.ents, which spaCy rebuilds from every token on each call."""
    from spacy.tokens import Span

    if token.ent_iob_ not in ("B", "I"):
        return None
    doc = token.doc
    start = token.i
    while doc[start].ent_iob_ == "I" and start > 0:
        start -= 1
    if doc[start].ent_iob_ != "B":
        return None  # an I with no B before it is no entity (Doc.ents would refuse the document)
    end = token.i + 1
    while end < len(doc) and doc[end].ent_iob_ == "I":
        end += 1
    first = doc[start]
    return Span(doc, start, end, label=first.ent_type, kb_id=first.ent_kb_id, span_id=first.ent_id)


def _country_of(children: list[Token]) -> str | None:
    """The country among a title's modifiers or its "of" phrase (the president of China)."""
    for child in children:
        if child.dep_ in ("amod", "compound", "poss", "nmod"):
            for token in child.subtree:
                if (country := token_country(token)) is not None:
                    return country
        if child.dep_ == "prep" and child.lower_ == "of":
            for token in child.subtree:
                if (country := token_country(token)) is not None:
                    return country
    return None


def _merge_description(actor: DocActor, described: _Description, gender: str | None) -> None:
    """Fill in what the text says of an actor; what it already has stays."""
    if described.countries and actor.country is None:
        actor.country = described.countries[0]
    if described.sector and actor.sector is None:
        actor.sector = described.sector
    for role in described.roles:
        if role not in actor.roles:
            actor.roles.append(role)
    if gender and actor.gender is None:
        actor.gender = gender


# -- actors ------------------------------------------------------------------------------------


def _key(name: str) -> str:
    return " ".join(name.casefold().replace("’", "'").split())


def _get_or_add(state: _State, actor: DocActor) -> DocActor:
    actors = state.result.actors
    if actor.key not in actors:
        actors[actor.key] = actor
        actor.aliases.append(actor.name)
    return actors[actor.key]


def _from_entry(state: _State, entry: ActorEntry, alias: str | None = None) -> DocActor:
    """The document actor for a dictionary entry, created with its attributes if new."""
    actor = _get_or_add(state, DocActor(f"{entry.type}:{_key(entry.name)}", entry.name, entry.type,
                                        entry.country, entry.sector, source="dictionary"))
    actor.country = actor.country or entry.country
    actor.sector = actor.sector or entry.sector
    for role in entry.roles:
        if (role.title, role.country) not in actor.roles:
            actor.roles.append((role.title, role.country))
    if alias:
        _add_alias(actor, alias)
    return actor


def _country_actor(state: _State, country: geography.Country) -> DocActor:
    return state.result.country(country.iso3) or _get_or_add(
        state, DocActor(f"country:{country.iso3}", country.name, "country", country.iso3))


def _add_alias(actor: DocActor, text: str) -> None:
    alias = " ".join(text.split())
    if alias and alias not in actor.aliases:
        actor.aliases.append(alias)


def _has_name_part(actor: DocActor, part: str) -> bool:
    """Whether ``part`` is the first or last word of the actor's full name (Kim of Kim Jong-un)."""
    words = actor.name.split()
    return len(words) > 1 and part.casefold() in (words[0].casefold(), words[-1].casefold())


def _gender_ok(actor: DocActor, gender: str | None) -> bool:
    return gender is None or actor.gender is None or actor.gender == gender


def _holds(actor: DocActor, title: str, country: str | None) -> bool:
    """Whether the text or dictionary gives the actor this office ("leader" matches any top office)."""
    for held, held_country in actor.roles:
        if country is not None and held_country not in (country, None):
            continue
        if country is not None and held_country is None and actor.country != country:
            continue
        if held == title or title == "leader":
            return True
    return False


# -- pronouns ----------------------------------------------------------------------------------


def _antecedent(state: _State, token: Token, gender: str, sent_of: list[int]) -> DocActor | None:
    """The person a subject pronoun refers to: the last sentence's main subject, else the latest person."""
    actors = state.result.actors
    sent = sent_of[token.i]
    for earlier in (sent, sent - 1):
        key = state.subjects.get(earlier)
        if key and _gender_ok(actors[key], gender):
            return actors[key]
    recent = [m for m in reversed(state.result.mentions)
              if m.start_token < token.i and sent - m.sent <= 2 and actors[m.actor].type == "person"
              and _gender_ok(actors[m.actor], gender)]
    return actors[recent[0].actor] if recent else None


def _object_antecedent(state: _State, token: Token, gender: str, sent_of: list[int]) -> DocActor | None:
    """The person an object pronoun refers to: the latest fitting person of this sentence or the two before,
    never the subject of its own clause ("Kim asked him": not Kim; that would be "himself")."""
    actors = state.result.actors
    own = {actor.key for t in _own_subjects(token) if (actor := state.result.actor_at(t.i)) is not None}
    sent = sent_of[token.i]
    for mention in reversed(state.result.mentions):
        actor = actors[mention.actor]
        if (mention.start_token < token.i and sent - mention.sent <= 2 and actor.type == "person"
                and actor.key not in own and _gender_ok(actor, gender)):
            return actor
    return None


def _own_subjects(token: Token) -> list[Token]:
    """The subjects of the verb a pronoun is the object of, climbing coordination ("met Kim and thanked him")."""
    verb = next((a for a in token.ancestors if a.pos_ in ("VERB", "AUX")), None)
    while verb is not None:
        found = [c for c in verb.children if c.dep_ in SUBJECTS or c.dep_ == "agent"]
        if found or verb.dep_ != "conj" or verb.head == verb:
            return [t for c in found for t in ([c] if c.dep_ != "agent" else list(c.children))]
        verb = verb.head
    return []


def _clause_subject(state: _State, token: Token, gender: str) -> DocActor | None:
    """The person subject of the clause a possessive sits in: "the leader travelled ahead of his summit"."""
    verb = next((a for a in token.ancestors if a.pos_ in ("VERB", "AUX")), None)
    if verb is None:
        return None
    for child in verb.children:
        if child.dep_ in SUBJECTS and child.i < token.i:
            actor = state.result.actor_at(child.i)
            if actor is not None and actor.type == "person" and _gender_ok(actor, gender):
                return actor
    return None


def _is_main_subject(token: Token) -> bool:
    """A subject of the sentence's root verb (or of a verb the root governs by xcomp/ccomp)."""
    verb = token.head
    return verb.dep_ == "ROOT" or (verb.dep_ in ("xcomp", "ccomp", "conj") and verb.head.dep_ == "ROOT")


def _sentence_index(doc: Doc) -> list[int]:
    index = [0] * len(doc)
    for number, sent in enumerate(doc.sents):
        for i in range(sent.start, sent.end):
            index[i] = number
    return index
