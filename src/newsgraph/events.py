"""Events: who did what to whom, from trigger patterns over the dependency parse.

Each pattern of ``data/triggers.yaml`` names trigger lemmas, a CAMEO code and
the syntactic slots where its source and target actors are found. An event
gets its status (:mod:`newsgraph.status`), its date (the time expression
attached to the trigger, else the sentence's: :mod:`newsgraph.timex`), its
location (the place attached to the trigger: :mod:`newsgraph.geography`), the
evidence sentence with offsets, the rule that fired and a confidence.
"""

from __future__ import annotations

import hashlib
import re
import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

from newsgraph import geography, timex
from newsgraph.actors import ActorResult, entity_of, token_country
from newsgraph.annotate import text_bounds
from newsgraph.errors import InputError
from newsgraph.ontology import Ontology, default_ontology
from newsgraph.records import DocActor, Event, PartialDate
from newsgraph.resources import bundled, read_yaml
from newsgraph.status import NEGATED, OCCURRED, PLANNED, POSSIBLE, StatusCues, default_cues, status_of

if TYPE_CHECKING:
    from spacy.tokens import Doc, Span, Token

SLOTS = frozenset({"subject", "object", "between", "modifier", "dative", "governor_subject", "xcomp_object",
                   "deep", "conditional_subject", "object_owner", "act_owner"})
PLACE_LABELS = frozenset({"GPE", "LOC", "FAC"})
# Prepositions whose -ing clause has the main clause's subject as its own ("after meeting Kim, Xi said");
# not "for" ("blamed Washington for withdrawing": Washington withdrew).
SUBJECT_CONTROLLED = frozenset({"by", "after", "before", "while", "upon", "on", "without", "since"})
# "since 1992", "until 2020": the edge of a period, not the date of an act.
UNDATING_PREPOSITIONS = frozenset({"since", "until", "till", "through", "throughout"})
PLACE_PREPS = ("in", "at", "inside", "near")
DEEP_PREPS = frozenset({"with", "to", "against", "on", "from", "of", "toward", "towards"})


@dataclass(frozen=True, slots=True)
class Pattern:
    """One trigger pattern of the triggers file (see its header for the fields)."""

    id: str
    lemmas: frozenset[str]
    pos: str
    cameo: str
    source: tuple[str, ...]
    target: tuple[str, ...]
    governors: frozenset[str] = frozenset()
    future_cameo: str | None = None
    joint: bool = False
    place_target: bool = False
    requires_target: bool = False
    requires_object_lemmas: frozenset[str] = frozenset()
    excluded_modifiers: frozenset[str] = frozenset()
    confidence: float = 0.8


@dataclass(frozen=True, slots=True)
class Triggers:
    """All patterns, indexed by (pos, lemma), and the verbs under which event nouns count."""

    patterns: tuple[Pattern, ...]
    occurrence_verbs: frozenset[str]
    index: dict[tuple[str, str], tuple[Pattern, ...]] = field(default_factory=dict)

    def for_token(self, token: Token) -> tuple[Pattern, ...]:
        """The patterns a token may trigger, by its part of speech and lemma."""
        return self.for_words(POS_KINDS.get(token.pos_, ""), token.lemma_.lower(), token.lower_)

    def for_words(self, pos: str, lemma: str, word: str) -> tuple[Pattern, ...]:
        """The patterns of a pos ("verb", "noun") for a lower-case lemma, then for the lower-case word."""
        return self.index.get((pos, lemma), ()) + (self.index.get((pos, word), ()) if word != lemma else ())


# The spaCy parts of speech that trigger patterns of each pos.
POS_KINDS = {"VERB": "verb", "AUX": "verb", "NOUN": "noun", "PROPN": "noun"}


def load_triggers(path: Path | None = None, ontology: Ontology | None = None) -> Triggers:
    """Read and validate a triggers file (the bundled one by default); errors name file and entry."""
    source = path or bundled("triggers.yaml")
    where = str(source)
    data = read_yaml(source)
    if not isinstance(data, dict) or not isinstance(data.get("patterns"), list):
        raise InputError(where, "expected a mapping with a 'patterns' list")
    ontology = ontology or default_ontology()
    patterns = tuple(_pattern(entry, f"{where}: pattern {n}", ontology) for n, entry in
                     enumerate(data["patterns"], 1))
    _check_unique(patterns, where)
    index: dict[tuple[str, str], tuple[Pattern, ...]] = {}
    for pattern in patterns:
        for lemma in pattern.lemmas:
            index[(pattern.pos, lemma)] = (*index.get((pattern.pos, lemma), ()), pattern)
    return Triggers(patterns, frozenset(data.get("occurrence_verbs") or ()), index)


def _pattern(entry: Any, where: str, ontology: Ontology) -> Pattern:
    if not isinstance(entry, dict):
        raise InputError(where, "a pattern must be a mapping")
    where = f"{where} ({entry.get('id', 'no id')})"
    try:
        pattern = Pattern(
            id=str(entry["id"]), lemmas=frozenset(str(x).lower() for x in entry["lemmas"]), pos=str(entry["pos"]),
            cameo=str(entry["cameo"]), source=tuple(entry["source"]), target=tuple(entry["target"]),
            governors=frozenset(entry.get("governors") or ()), future_cameo=entry.get("future_cameo"),
            joint=bool(entry.get("joint")), place_target=bool(entry.get("place_target")),
            requires_target=bool(entry.get("requires_target")),
            requires_object_lemmas=frozenset(entry.get("requires_object_lemmas") or ()),
            excluded_modifiers=frozenset(str(x).lower() for x in entry.get("excluded_modifiers") or ()),
            confidence=float(entry.get("confidence", 0.8)),
        )
    except KeyError as exc:
        raise InputError(where, f"missing field {exc}") from exc
    except (TypeError, ValueError) as exc:
        raise InputError(where, f"malformed field ({exc})") from exc
    _validate(pattern, where, ontology)
    return pattern


def _validate(pattern: Pattern, where: str, ontology: Ontology) -> None:
    if pattern.pos not in ("verb", "noun"):
        raise InputError(where, f"pos must be verb or noun, not {pattern.pos!r}")
    for code in (pattern.cameo, pattern.future_cameo):
        if code is not None and not ontology.is_valid(code):
            raise InputError(where, f"unknown CAMEO code {code!r}")
    for slot in pattern.source + pattern.target:
        if not _valid_slot(slot):
            raise InputError(where, f"unknown slot {slot!r}")
    if not 0 < pattern.confidence <= 1:
        raise InputError(where, "confidence must be in (0, 1]")


def _valid_slot(slot: str) -> bool:
    """A slot name, a prep:WORD / object_prep:WORD slot, or xcomp: before one of those."""
    slot = slot.removeprefix("xcomp:")
    return slot in SLOTS or (slot.startswith(("prep:", "object_prep:")) and len(slot.split(":", 1)[1]) > 0)


def _check_unique(patterns: tuple[Pattern, ...], where: str) -> None:
    seen: set[str] = set()
    for pattern in patterns:
        if pattern.id in seen:
            raise InputError(where, f"duplicate pattern id {pattern.id!r}")
        seen.add(pattern.id)


TRIGGER_COLUMNS: list[int | str] = ["POS", "LEMMA", "LOWER"]


# Per thread: the doc EventFinder.find is reading (``doc``), and what was read of its tree so far (``kept``:
# for each reader, its answer by token position). Outside find, each is read from spaCy as asked.
_READING = threading.local()
_T = TypeVar("_T")


def _once(read: Callable[[Token], _T], token: Token) -> _T:
    """``read(token)``, worked out once per token while :meth:`EventFinder.find` reads its doc."""
    # The rules ask for the same clause words' children, conjuncts and governing verbs again and again
    # (each pattern, slot and time expression), and spaCy walks the tree and makes new Token objects on
    # every call. What is kept is a function of the parse alone, which does not change while find runs.
    if getattr(_READING, "doc", None) is not token.doc:
        return read(token)
    kept: dict[int, _T] = _READING.kept.setdefault(read, {})
    if token.i not in kept:
        kept[token.i] = read(token)
    return kept[token.i]


def _children(token: Token) -> tuple[Token, ...]:
    """``token.children``, read once per token while find reads its doc (see _once)."""
    return _once(_read_children, token)


def _conjuncts(token: Token) -> tuple[Token, ...]:
    """``token.conjuncts``, read once per token while find reads its doc (see _once)."""
    return _once(_read_conjuncts, token)


def _read_children(token: Token) -> tuple[Token, ...]:
    return tuple(token.children)


def _read_conjuncts(token: Token) -> tuple[Token, ...]:
    return tuple(token.conjuncts)


KNOWN_WORDS = 1 << 16  # the (POS, lemma, word) judgements EventFinder keeps (a few MB)


@lru_cache(maxsize=1)
def default_triggers() -> Triggers:
    """The bundled trigger patterns, loaded once."""
    return load_triggers()


# -- the component -------------------------------------------------------------------------------


class EventFinder:
    """spaCy component: find events (``doc._.ng_events``) from actors already on the doc."""

    def __init__(self, triggers: Triggers | None = None, ontology: Ontology | None = None,
                 cues: StatusCues | None = None) -> None:
        self.ontology = ontology or default_ontology()
        self.triggers = triggers or default_triggers()
        self.cues = cues or default_cues()
        # (POS, LEMMA, LOWER) ids -> the patterns for the word (Triggers.for_token); ids are hashes of the strings
        self._patterns: dict[tuple[int, int, int], tuple[Pattern, ...]] = {}

    def __call__(self, doc: Doc) -> Doc:
        doc._.ng_events = self.find(doc, doc._.ng_actors, doc._.ng_published, doc._.ng_article_id or "")
        return doc

    def find(self, doc: Doc, actors: ActorResult, published: PartialDate | None, article_id: str) -> list[Event]:
        """Every event of the doc, in text order (pure: the doc is not changed)."""
        context = _Context(doc, actors, published, article_id, self)
        _READING.doc, _READING.kept = doc, {}
        events: list[Event] = []
        seen: set[tuple[int, str | None, str | None, str]] = set()
        try:
            for i, patterns in self._triggers(doc):
                token = doc[i]
                for pattern in self._specific_first(token, patterns, context):
                    for event in context.events(token, pattern):
                        key = (event.sent, event.source, event.target, event.cameo[:2])  # one per act a sentence
                        if key not in seen:
                            seen.add(key)
                            events.append(event)
        finally:
            _READING.doc, _READING.kept = None, {}
        return events

    def trigger_positions(self, doc: Doc) -> list[int]:
        """The positions of the tokens ``Triggers.for_token`` gives any pattern, in text order."""
        return [i for i, _ in self._triggers(doc)]

    def _triggers(self, doc: Doc) -> list[tuple[int, tuple[Pattern, ...]]]:
        """Each token ``Triggers.for_token`` gives patterns, by position, with those patterns."""
        # Most tokens trigger nothing; spaCy's string properties cost far more than a look-up of the
        # parse's integer columns, so each distinct (POS, lemma, word) is judged once and remembered.
        known, strings, found = self._patterns, doc.vocab.strings, []
        if len(known) > KNOWN_WORDS:
            known.clear()  # bounded: a stream of articles brings new words without end
        for i, key in enumerate(zip(*doc.to_array(TRIGGER_COLUMNS).T.tolist(), strict=True)):
            patterns = known.get(key)
            if patterns is None:
                pos, lemma, lower = key
                patterns = known[key] = self.triggers.for_words(
                    POS_KINDS.get(strings[pos], ""), strings[lemma].lower(), strings[lower])
            if patterns:
                found.append((i, patterns))
        return found

    def _specific_first(self, token: Token, patterns: tuple[Pattern, ...], context: _Context) -> list[Pattern]:
        """The token's patterns; when one that names its objects fits ("withdrew their ambassadors"),
        the general ones for the same word ("withdrew troops") do not apply."""
        specific = [p for p in patterns if p.requires_object_lemmas and context.applies(token, p)]
        return specific or [p for p in patterns if not p.requires_object_lemmas]


@dataclass
class _Context:
    """Per-document lookups shared by the triggers of one doc."""

    doc: Doc
    actors: ActorResult
    published: PartialDate | None
    article_id: str
    finder: EventFinder
    times: dict[int, list[tuple[timex.TimeMention, int]]] = field(default_factory=dict)
    sentence_numbers: list[int] = field(default_factory=list)  # token position -> its sentence's number
    sentences: list[Span] = field(default_factory=list)
    # per trigger position: its status, status cue, date and date text (the same for each pattern and pair)
    dated: dict[int, tuple[str, str | None, PartialDate | None, str | None]] = field(default_factory=dict)
    evidence: dict[int, tuple[str, int, int]] = field(default_factory=dict)  # sentence number -> text, bounds
    best_confidence: dict[str, float] | None = None  # actor key -> the highest confidence of its mentions
    texts: dict[int, str] = field(default_factory=dict)  # first token of a sentence -> its text
    applying: dict[tuple[int, str], bool] = field(default_factory=dict)  # (trigger position, pattern id) -> applies
    filled: dict[tuple[int, tuple[str, ...], str, bool, bool], list[DocActor]] = field(default_factory=dict)
    clause_places: dict[int, tuple[str, geography.Place | None, Token] | None] = field(default_factory=dict)
    # the pairs each meeting trigger so far joined, for a later "that meeting" or "their talks" naming no one
    meetings: list[tuple[Token, list[tuple[DocActor, DocActor]]]] = field(default_factory=list)

    def sentence_of(self, token: Token) -> int:
        """The number of the token's sentence in the document."""
        if not self.sentence_numbers:
            # one pass over the doc's sentences: Token.sent searches for the boundaries on every call
            self.sentences = list(self.doc.sents)
            self.sentence_numbers = [n for n, s in enumerate(self.sentences) for _ in range(len(s))]
        return self.sentence_numbers[token.i]

    def text(self, sentence: Span) -> str:
        """A sentence's text, read once: ``Span.text`` joins its tokens on every call."""
        if sentence.start not in self.texts:
            self.texts[sentence.start] = sentence.text
        return self.texts[sentence.start]

    def sentence(self, token: Token) -> Span:
        """The token's sentence (``token.sent``, looked up)."""
        number = self.sentence_of(token)  # first: it fills ``sentences``
        return self.sentences[number]

    def events(self, trigger: Token, pattern: Pattern) -> Iterator[Event]:
        """The events one pattern finds at one trigger token (none if its conditions fail)."""
        if not self.applies(trigger, pattern) or self._conditional(trigger):
            return
        sources = self._fill(trigger, pattern.source, pattern, target=False)
        targets = self._fill(trigger, pattern.target, pattern, target=True)
        # the place is looked for first only where it may be the target; else only for an event found
        place = self._place(trigger, pattern) if pattern.place_target else None
        if pattern.place_target and not targets and place is not None:
            targets = self._place_actor(place)
        # "visited Europe": a trip to a region of no one state is still a visit, with no target to name
        regional = pattern.place_target and not targets and _is_region(place)
        # not "the plan, as agreed to by Kim": what was agreed is named, not at whose talks
        if not targets and len(sources) == 1 and pattern.cameo.startswith(INTENT) and not _has_agent(trigger):
            targets = self._met_partner(trigger, sources[0])  # "Kim promised not to resume tests" (to Trump)
        if pattern.joint and not targets and len(sources) > 1:
            # "X and Y met": each acted towards the other
            pairs: list[tuple[DocActor, DocActor | None]] = [(a, b) for a in sources for b in sources if a is not b]
        elif pattern.requires_target and not targets and not regional:
            pairs = list(self._earlier_meeting(trigger)) if not sources and _refers_back(trigger, pattern) else []
        else:  # an act with no known actor is no event data (GDELT drops these too)
            options: list[DocActor | None] = list(targets) or [None]
            pairs = [(a, b) for a in sources for b in options if a is not b]
        if pattern.cameo.startswith(CONSULT):
            self.meetings.append((trigger, [(a, b) for a, b in pairs if b is not None]))
        if pairs and not pattern.place_target:
            place = self._place(trigger, pattern)
        for source, target in pairs:
            yield self._event(trigger, pattern, source, target, place)

    def _earlier_meeting(self, trigger: Token) -> list[tuple[DocActor, DocActor]]:
        """The pair of the last meeting named in the trigger's sentence or the two before it, each way it
        was named: "Kim will meet Trump. That meeting is expected in May" (Kim and Trump); a wife greeting
        beside her husband is no party to "their talks"."""
        here = self.sentence_of(trigger)
        for token, pairs in reversed(self.meetings):
            if token.i < trigger.i and pairs and here - self.sentence_of(token) <= MEETING_REACH:
                first = {pairs[0][0].key, pairs[0][1].key}
                return [(s, t) for s, t in pairs if {s.key, t.key} == first]
        return []

    def _met_partner(self, trigger: Token, source: DocActor) -> list[DocActor]:
        """The one the source met in the last meeting named before the trigger that it took part in: a pledge
        or agreement with no one named is made to the other side of the talks it came out of, and when it
        has no date of its own, on the day of those talks."""
        for token, pairs in reversed(self.meetings):
            partners = [t for s, t in pairs if s.key == source.key and t.key != source.key]
            if token.i < trigger.i and partners:
                self._date_by_meeting(trigger, token)
                return partners[:1]
        return []

    def _date_by_meeting(self, trigger: Token, meeting: Token) -> None:
        """Give an undated trigger the date of the meeting, told in an earlier sentence, it came out of."""
        status, cue, date, _ = self._status_and_date(trigger)
        if date is not None or self.sentence_of(meeting) == self.sentence_of(trigger):
            return  # in one sentence the date rules have spoken: "X, who arrived on Monday, vowed" is undated
        _, _, met, met_text = self._status_and_date(meeting)
        if met is not None:
            self.dated[trigger.i] = status, cue, met, f"{met_text} (the meeting)"

    def _conditional(self, trigger: Token) -> bool:
        """Whether the trigger lies in a condition ("if Washington does not ease sanctions", "if talks fail"):
        a condition names no act that took place or is planned, only the case in which another would."""
        conditions = self.finder.cues.conditions
        for token in [trigger, *trigger.ancestors]:
            if any(c.dep_ == "mark" and c.lower_ in conditions for c in _children(token)):
                return True
            if token.dep_ in ("ROOT", "ccomp", "parataxis", "relcl"):
                return False
        return False

    def applies(self, trigger: Token, pattern: Pattern) -> bool:
        """Whether a pattern's conditions on the trigger hold (its objects, its governing verb)."""
        key = (trigger.i, pattern.id)  # asked twice for patterns that name their objects (see _specific_first)
        if key not in self.applying:
            self.applying[key] = self._applies(trigger, pattern)
        return self.applying[key]

    def _applies(self, trigger: Token, pattern: Pattern) -> bool:
        if pattern.requires_object_lemmas and not _object_lemma_in(trigger, pattern.requires_object_lemmas):
            return False
        if any(c.dep_ in ("compound", "amod") and c.lemma_.lower() in pattern.excluded_modifiers
               for c in _children(trigger)):
            return False  # "sanctions relief" is no aid
        if pattern.pos != "noun":
            return trigger.dep_ not in ("amod", "compound")  # "the hosting nation" is no act of hosting
        governor = _governor(trigger)
        if pattern.governors:
            return any(verb.lemma_.lower() in pattern.governors or verb.lower_ in pattern.governors
                       for verb in (governor, _participle(trigger)) if verb is not None)
        if _ongoing(trigger):
            return False
        own = any(c.dep_ == "poss" or (c.dep_ == "prep" and c.lower_ == "between") for c in _children(trigger))
        verbs = self.finder.triggers.occurrence_verbs
        governed = governor is not None and (governor.lemma_.lower() in verbs or governor.lower_ in verbs)
        subject_of = trigger.dep_ in ("nsubj", "nsubjpass") and trigger.head.pos_ in ("VERB", "AUX")
        return own or governed or subject_of

    # -- actors ----------------------------------------------------------------------------

    def _fill(self, trigger: Token, slots: tuple[str, ...], pattern: Pattern, target: bool) -> list[DocActor]:
        """The actors of the first of the slots that has any (the same for each pattern of the trigger that
        names the same slots: they are read once; the list is not to be changed)."""
        key = (trigger.i, slots, pattern.pos, pattern.place_target, target)  # all that _slot reads of the pattern
        if key not in self.filled:
            self.filled[key] = next((found for slot in slots if (found := self._slot(trigger, slot, pattern, target))),
                                    [])
        return self.filled[key]

    def _slot(self, trigger: Token, slot: str, pattern: Pattern, target: bool) -> list[DocActor]:
        if slot == "act_owner":
            return self._act_owner(trigger)
        tokens = list(_slot_tokens(trigger, slot, pattern.pos))
        actors: list[DocActor] = []
        place_goal = pattern.place_target and target
        for token in tokens:
            actor = self.actors.actor_at(token.i)
            if actor is None and place_goal and token.ent_type_ in PLACE_LABELS:
                continue
            if actor is None and slot == "modifier" and (iso3 := token_country(token)) is not None:
                actor = self.actors.country(iso3)  # "American sanctions", "Chinese aid"
            if actor is None and token.lower_ == "it" and token.dep_ == "dobj":
                actor = self._its(token)  # "had briefed it": the state or body named as a subject before
            named = any(c.dep_ == "appos" for c in _children(token))  # "the leaders of X and Y, A and B": A, B
            if actor is None and not named and len(several := self._represented_all(token)) > 1:
                actors.extend(a for a in several if a not in actors)  # "officials from the two countries"
                continue
            if actor is None:
                # "Chinese tourists visited Hanoi" is no visit by China: no nationality for a traveller
                actor = self._owner(token, goal=place_goal, nationality=target or not pattern.place_target)
            if actor is None and not place_goal:
                # "they reject claims about their ventures": "their" below the act is the actors themselves
                plural = self._group(token) or ([] if target else self._they(token))
                actors.extend(a for a in plural if a not in actors)
            if actor is not None and actor not in actors:
                actors.append(actor)
        return actors

    def _act_owner(self, trigger: Token) -> list[DocActor]:
        """Whose act the verb's object names, for reactions to it: "regretted Iran's decision", "the decision
        by Iran", "the return of US sanctions"; a bare "the decision" is the act of the one the lead is about."""
        for obj in _objects(trigger):
            for token in _possessor(obj) or _prep_objects(obj, "by", "verb"):
                if (actor := self.actors.actor_at(token.i) or self._owner(token)) is not None:
                    return [actor]
            for token in _prep_objects(obj, "of", "verb"):
                if self.actors.actor_at(token.i) is None and (actor := self._owner(token)) is not None:
                    return [actor]  # "the return of the US sanctions"; not "the release of Kim" (Kim is released)
            if obj.lemma_.lower() in ACT_NOUNS and any(c.dep_ == "det" and c.lower_ in ("the", "this", "that")
                                                         for c in _children(obj)):
                return self._lead(trigger)
        return []

    def _lead(self, trigger: Token) -> list[DocActor]:
        """The actor the article's lead is about: the named subject of its first sentence that has one
        (of the first three, before the trigger's), as news opens with the act later paragraphs react to."""
        for sentence in list(self.doc.sents)[:3]:
            if sentence.end > trigger.sent.start:
                return []
            for token in subjects(sentence.root):
                if token.pos_ == "PRON":
                    continue
                actor = self.actors.actor_at(token.i) or self._owner(token)
                if actor is not None:
                    return [actor]
        return []

    def _they(self, token: Token) -> list[DocActor]:
        """The actors "they" or "their" stands for: the nearest plural subject before it, in this sentence or the
        one before, when that names them ("Kim and Moon", "the two leaders"); none when it is another plural."""
        if token.lower_ not in ("they", "their"):
            return []
        first = self.doc[token.sent.start - 1].sent.start if token.sent.start > 0 else token.sent.start
        for candidate in reversed(self.doc[first:token.i]):
            if candidate.dep_ not in ("nsubj", "nsubjpass") or candidate.lower_ in ("they", "who", "which", "that"):
                continue
            members = self._group(candidate) or self._coordinated(candidate)
            if members or candidate.tag_ in ("NNS", "NNPS"):
                return members  # a plural that names no one ("officials") ends the search
        return []

    def _coordinated(self, token: Token) -> list[DocActor]:
        """The actors of coordinated names ("Kim and Moon"), when there are two or more."""
        found: list[DocActor] = []
        for member in (token, *_conjuncts(token)):
            # "the leaders of X and Y — Macron, Merkel and May —"; "the ministers of Japan and India"
            named: list[DocActor | None] = [*(self._appositions(member) or self._represented_all(member))]
            for actor in named or [self.actors.actor_at(member.i) or self._owner(member)]:
                if actor is not None and actor not in found:
                    found.append(actor)
        return found if len(found) > 1 else []

    def _appositions(self, token: Token) -> list[DocActor]:
        """The people a plural noun's appositions name ("three leaders, Macron, Merkel and May")."""
        if token.tag_ not in ("NNS", "NNPS"):
            return []
        found: list[DocActor] = []
        for appos in (c for c in _children(token) if c.dep_ == "appos"):
            for part in appos.subtree:
                actor = self.actors.actor_at(part.i)
                if actor is not None and actor.type == "person" and actor not in found:
                    found.append(actor)
        return found

    def _group(self, token: Token) -> list[DocActor]:
        """The two actors a plural noun counted as two stands for ("the two leaders", "both sides"):
        the last two of its kind named before it, in this sentence or the three before."""
        lemma = token.lemma_.lower()
        if token.tag_ not in ("NNS", "NNPS") or not any(
                (c.dep_ == "nummod" and c.lower_ == "two") or (c.dep_ in ("det", "predet") and c.lower_ == "both")
                for c in _children(token)):
            return []
        if lemma not in GROUP_PEOPLE and lemma not in GROUP_STATES:
            return []
        here = self.sentence_of(token)
        found: list[DocActor] = []
        for mention in reversed(self.actors.mentions):
            if mention.start_token >= token.i or mention.sent < here - 3:
                continue
            actor = self.actors.actors[mention.actor]
            if _fits_group(actor, lemma) and actor not in found:
                found.append(actor)
            if len(found) == 2:
                return found[::-1]
        return []

    def _owner(self, token: Token, goal: bool = False, nationality: bool = True) -> DocActor | None:
        """The actor a common noun stands for: the name in apposition ("his father, Kim Jong-il"), its
        possessor ("Washington's sale") or its nationality ("Canadian authorities", "an Iranian tanker")."""
        if token.pos_ not in ("NOUN", "PROPN") or token.ent_type_ in PLACE_LABELS:
            return None
        for child in _children(token):
            if child.dep_ == "appos" and (named := self.actors.actor_at(child.i)) is not None:
                return named
        # the goal of a visit: "come to his assistance" is no visit to him; "the North Korean capital" is one there
        if token.lemma_.lower() in KIN or (goal and token.lemma_.lower() not in PLACE_NOUNS):
            return None  # "his father" is another person than "he"
        for child in _children(token):
            if child.dep_ == "poss" and (owner := self.actors.actor_at(child.i) or self._its(child)) is not None:
                return owner
        for child in _children(token):
            if nationality and child.dep_ in ("amod", "compound") and (iso3 := token_country(child)) is not None:
                return self.actors.country(iso3)
        return self._represented(token) if nationality else None

    def _its(self, token: Token) -> DocActor | None:
        """The state or body "its" stands for: the nearest subject before it, in this sentence or the one
        before, that names one ("Pyongyang has not said ... its outlets criticised"). That may be the
        act's own subject ("Tehran met its commitments"), and an act on oneself is no event. An object
        "it" is the nearest state or body named before it other than its clause's subject ("the
        government had briefed it", "blamed India, accusing it")."""
        if token.lower_ not in ("its", "it"):
            return None
        clause = token.head if token.lower_ == "it" else None
        own = {i for s in (_children(clause) if clause is not None else ()) if s.dep_ in ("nsubj", "nsubjpass")
               for i in range(s.left_edge.i, s.right_edge.i + 1)}
        own.update(i for s in _rejecters(token) for i in range(s.left_edge.i, s.right_edge.i + 1))
        first = self.doc[token.sent.start - 1].sent.start if token.sent.start > 0 else token.sent.start
        for candidate in reversed(self.doc[first:token.i]):
            if candidate.i in own:
                continue
            named = clause is not None or candidate.dep_ in ("nsubj", "nsubjpass")
            actor = self.actors.actor_at(candidate.i) if named else None
            if actor is not None and actor.type in ("country", "organization"):
                return actor
            if actor is not None:
                return None  # "its" after a person subject is some thing of theirs
        return None

    def _represented(self, token: Token) -> DocActor | None:
        """The state or body an office stands for: "the foreign ministers of France", "the government of
        Japan" (the first of coordinated states)."""
        found = self._represented_all(token)
        return found[0] if found else None

    def _represented_all(self, token: Token) -> list[DocActor]:
        """Every state or body a plural office names: "the foreign ministers of Japan and India", "diplomats
        from Japan and Korea" (not "the two countries": which two is a guess a wrong pair would cost)."""
        if token.lemma_.lower() not in REPRESENTATIVES:
            return []
        found: list[DocActor] = []
        for place in (*_slot_tokens(token, "prep:of", "verb"), *_slot_tokens(token, "prep:from", "verb")):
            actor = self.actors.actor_at(place.i)
            if actor is not None and actor.type in ("country", "organization") and actor not in found:
                found.append(actor)
        return found

    def _place_actor(self, place: tuple[str, geography.Place | None, Token]) -> list[DocActor]:
        """The country actor of a place that is the goal of a visit (Pyongyang → North Korea)."""
        _, resolved, _ = place
        if resolved is None or resolved.country is None:
            return []
        actor = self.actors.country(resolved.country)
        return [actor] if actor is not None else []

    # -- place, time, status -------------------------------------------------------------------

    def _place(self, trigger: Token, pattern: Pattern) -> tuple[str, geography.Place | None, Token] | None:
        """The place attached to the trigger: its target place, else an "in/at" phrase."""
        if (where := _where_clause_place(trigger)) is not None:
            return where
        anchors = [trigger] + ([g] if (g := _anchor(trigger)) is not None else [])
        preps = [s.split(":", 1)[1] for s in pattern.target if s.startswith("prep:")] if pattern.place_target else []
        wanted = (*preps, *PLACE_PREPS)
        for anchor in anchors:
            for child in _children(anchor):
                if child.dep_ == "prep" and child.lower_ in wanted:
                    found = _place_in(child)
                    if found is not None:
                        return found
            if pattern.place_target and anchor is trigger:
                for child in _children(anchor):
                    if child.dep_ == "dobj" and child.ent_type_ in PLACE_LABELS:
                        return _resolved(child)
        for anchor in anchors:  # "a summit with Mr. Trump in Singapore": a place phrase deeper in the clause
            if anchor.i not in self.clause_places:  # the same for every trigger and pattern with this anchor
                self.clause_places[anchor.i] = _clause_place(anchor)
            if (found := self.clause_places[anchor.i]) is not None:
                return found
        return None

    def _date(self, trigger: Token, status: str) -> tuple[PartialDate | None, str | None]:
        """The date of the expression attached to the trigger (its own before its anchors'), else the
        sentence's first one that no relative or "since" clause and no earlier or later event holds.

        The sentence's expression serves only a trigger of the main clause: in "they met
        in January, when he travelled ahead of the summit", January dates the meeting,
        not the summit. An event in a sentence with no time expression keeps
        the time the previous sentence set (news narrates in order:
        "...a summit last June. Both pledged to ...").
        """
        sentence = self.sentence(trigger)
        every = self._sentence_times(sentence)
        tense = _tense(trigger, status, _is_caption(len(sentence), self.text(sentence)))
        framing = [m for m, head in every if _hangs_below(trigger, self.doc[head])] or self._when_frame(trigger, every)
        if framing:  # "since 2011, when his father met Medvedev": the clause is about that time
            return timex.resolve(framing[0], self.published, tense), framing[0].text
        mentions = [(m, head) for m, head in every if m.prep not in UNDATING_PREPOSITIONS]
        if not every:
            return self._narrative_date(trigger, tense)
        if not mentions:
            return None, None
        anchors = _anchors(trigger)
        # another event noun's date is not the trigger's: "the third meeting, after their summit last June"
        mentions = [(m, head) for m, head in mentions if not self._dates_other_event(self.doc[head], trigger)]
        # the trigger's own expression first: "travelled this month and met Xi on January 8"
        attached = ([m for m, head in mentions if _attaches(self.doc[head], (trigger,))]
                    or [m for m, head in mentions if _attaches(self.doc[head], anchors)])
        if not attached and not _in_main_clause(anchors[-1]):
            return None, None
        # a relative clause's date is not the main clause's ("the deal that he signed on April 27"), nor is
        # that of a clause bounding a period ("no progress since they failed to agree in February")
        loose = [m for m, head in mentions if not _in_relative_clause(self.doc[head], trigger)
                 and not _in_undating_clause(self.doc[head], trigger)]
        chosen = attached[0] if attached else loose[0] if loose else None
        return (timex.resolve(chosen, self.published, tense), chosen.text) if chosen else (None, None)

    def _dates_other_event(self, token: Token, trigger: Token) -> bool:
        """Whether a time expression dates an event noun set before or after the trigger's act ("the third
        meeting, after their summit last June") or owns it ("invited him to next month's summit"); not one
        that is its setting ("refused at the summit on Thursday")."""
        for ancestor in token.ancestors:
            if ancestor == trigger or ancestor.pos_ in ("VERB", "AUX"):
                return False
            if ancestor.pos_ == "NOUN" and any(p.pos == "noun" for p in self.finder.triggers.for_token(ancestor)):
                return _sequenced(ancestor) or (token.dep_ == "poss" and token.head == ancestor
                                                and not _setting(ancestor))
        return False

    def _when_frame(self, trigger: Token, every: list[tuple[timex.TimeMention, int]]) -> list[timex.TimeMention]:
        """The expression just before the trigger's "when" clause: "on Friday and Saturday, when he is to meet"."""
        when = _when_of(trigger)
        if when is None:
            return []
        before = when.i - 1
        while before >= when.sent.start and self.doc[before].is_punct:
            before -= 1
        edge = self.doc[before].idx + len(self.doc[before].text) - when.sent.start_char
        return [m for m, _ in every if m.end == edge]

    def _narrative_date(self, trigger: Token, tense: str) -> tuple[PartialDate | None, str | None]:
        """The previous sentence's time, for an event of a sentence with none, across a paragraph break too:
        a story told over several paragraphs keeps its clock, as one set as a single block of text does."""
        number = self.sentence_of(trigger)
        if number == 0:
            return None, None
        if any(t.lower_ in TIME_MOVES for t in self.sentences[number]):
            return None, None  # "She later rebuked Hungary": the narrative clock moved on
        previous = self.sentences[number - 1]
        mentions = [m for m, _ in self._sentence_times(previous) if m.prep not in UNDATING_PREPOSITIONS]
        if not mentions:
            return None, None
        chosen = mentions[0]
        value = timex.resolve(chosen, self.published, tense)
        return (value, f"{chosen.text} (previous sentence)") if value else (None, None)

    def _sentence_times(self, sentence: Span) -> list[tuple[timex.TimeMention, int]]:
        if sentence.start not in self.times:
            found = []
            for mention in timex.find_times(self.text(sentence), self.published):
                span = sentence.char_span(mention.start, mention.end, alignment_mode="expand")
                if span is not None:
                    found.append((mention, span.root.i))
            self.times[sentence.start] = found
        return self.times[sentence.start]

    def _event(self, trigger: Token, pattern: Pattern, source: DocActor | None, target: DocActor | None,
               place: tuple[str, geography.Place | None, Token] | None) -> Event:
        status, cue, date, date_text = self._status_and_date(trigger)
        code = pattern.future_cameo if pattern.future_cameo and status in (PLANNED, POSSIBLE) else pattern.cameo
        info = self.finder.ontology.cameo(code)
        evidence, start, end = self._evidence(trigger)
        name, resolved, _ = place if place else (None, None, None)
        confidence = pattern.confidence * min(self._confidence(source), self._confidence(target))
        if status == NEGATED:
            confidence *= 0.9
        return Event(
            id=_event_id(self.article_id, trigger.idx, pattern.id, source, target),
            article_id=self.article_id, sent=self.sentence_of(trigger), trigger=trigger.text,
            trigger_start=trigger.idx, trigger_end=trigger.idx + len(trigger.text),
            source=source.key if source else None, target=target.key if target else None,
            cameo=info.code, plover=info.plover, goldstein=info.goldstein, quad_class=info.quad_class,
            status=status, status_cue=cue, date=date.iso if date else None,
            date_precision=date.precision.value if date else "unknown", date_text=date_text,
            location=resolved.name if resolved else name, location_country=resolved.country if resolved else None,
            lat=resolved.lat if resolved else None, lon=resolved.lon if resolved else None,
            evidence=evidence, evidence_start=start, evidence_end=end,
            rule=pattern.id, confidence=round(confidence, 3),
        )

    def _status_and_date(self, trigger: Token) -> tuple[str, str | None, PartialDate | None, str | None]:
        """The status, its cue, the date and its text of the event a trigger names (once per trigger)."""
        if trigger.i not in self.dated:
            status, cue = status_of(trigger, self.finder.cues)
            date, date_text = self._date(trigger, status)
            if status == OCCURRED and _future(date, date_text, self.published):
                status, cue = PLANNED, date_text  # dated after the report: not yet happened
            self.dated[trigger.i] = status, cue, date, date_text
        return self.dated[trigger.i]

    def _evidence(self, trigger: Token) -> tuple[str, int, int]:
        """The trigger's sentence as evidence: its text without surrounding whitespace, and its bounds."""
        number = self.sentence_of(trigger)
        if number not in self.evidence:
            sentence = self.sentences[number]
            self.evidence[number] = (self.text(sentence).strip(), *text_bounds(sentence))
        return self.evidence[number]

    def _confidence(self, actor: DocActor | None) -> float:
        if actor is None:
            return 1.0
        if self.best_confidence is None:
            self.best_confidence = {}
            for mention in self.actors.mentions:
                known = self.best_confidence.get(mention.actor)
                self.best_confidence[mention.actor] = mention.confidence if known is None else max(
                    known, mention.confidence)
        return self.best_confidence.get(actor.key, 0.7)


# -- slots -------------------------------------------------------------------------------------------


def _slot_tokens(trigger: Token, slot: str, pos: str) -> Iterator[Token]:
    """Tokens that fill a slot of the trigger, with their coordinated siblings, also those the parser hangs
    from an apposition ("met his counterpart, Taro Kono, and the Korean minister, Kang Kyung-wha")."""
    for token in _slot_heads(trigger, slot, pos):
        yield token
        yield from (c for c in _conjuncts(token) if c.i > token.i)
        for appos in (c for c in _children(token) if c.dep_ == "appos"):
            yield from (c for c in _conjuncts(appos) if c.i > appos.i)


def _slot_heads(trigger: Token, slot: str, pos: str) -> Iterator[Token]:
    if slot.startswith("xcomp:"):  # "promised to provide guarantees to Y": the slot of the complement verb
        for child in _children(trigger):
            if child.dep_ == "xcomp":
                yield from _slot_heads(child, slot[6:], "verb")
    elif slot.startswith("object_prep:"):  # "hosted a banquet for Y": the phrase hangs on the object
        for obj in _objects(trigger):
            yield from _prep_objects(obj, slot[12:], "verb")
    elif slot == "subject":
        yield from (_possessor(trigger) if pos == "noun" else ()) or subjects(trigger if pos == "verb" else
                                                                                  _governor(trigger))
    elif slot == "governor_subject":
        yield from subjects(_governor(trigger))
    elif slot == "object":
        yield from _objects(trigger)
    elif slot.startswith("prep:"):
        yield from _prep_objects(trigger, slot[5:], pos)
    elif slot == "between":
        yield from _prep_objects(trigger, "between", "verb")
    elif slot == "modifier":
        yield from (c for c in _children(trigger) if c.dep_ in ("compound", "amod", "nmod"))
    elif slot == "object_owner":  # "welcomed Xi's visit": the one whose act is the object
        for obj in _objects(trigger):
            yield from _possessor(obj) or _prep_objects(obj, "by", "verb")
    elif slot == "dative":
        yield from (c for c in _children(trigger) if c.dep_ == "dative")
    elif slot == "xcomp_object":
        for child in _children(trigger):
            if child.dep_ == "xcomp":
                yield from _objects(child)
    elif slot == "deep":
        yield from _deep(trigger)
    elif slot == "conditional_subject":
        for token in trigger.subtree:
            if token.dep_ == "advcl" and any(c.dep_ == "mark" and c.lower_ in ("if", "unless")
                                             for c in _children(token)):
                yield from subjects(token)


def subjects(verb: Token | None) -> list[Token]:
    """The acting subject of a verb: nsubj, the agent of a passive, or the controller up xcomp/conj links.

    Climbing from an infinitive, the governor's passive subject is the controller:
    "Xi is expected to announce", "Kim is said to have met".
    """
    climbed = False
    while verb is not None:
        children = list(_children(verb))
        nsubj = [c for c in children if c.dep_ == "nsubj"]  # the parser may give two ("SINGAPORE — Trump signed")
        if nsubj and nsubj[0].tag_ in ("WP", "WDT") and verb.dep_ == "relcl":
            return [verb.head]  # "Modi, who arrived in Hanoi": the noun the clause is about
        if nsubj:
            return nsubj
        for child in children:
            if child.dep_ == "agent":
                return [t for t in _children(child) if t.dep_ == "pobj"]
        passive = [c for c in children if c.dep_ == "nsubjpass"]
        if passive:
            return passive if climbed else []
        if verb.dep_ == "xcomp" and verb.head.lemma_.lower() in OBJECT_CONTROL and (
                controller := [c for c in _children(verb.head) if c.dep_ == "dobj"]):
            return controller  # "invited Kim to visit Seoul": Kim visits, not the one who invited
        if verb.dep_ in ("xcomp", "conj", "advcl", "acomp") and verb.head != verb:
            climbed = climbed or verb.dep_ in ("xcomp", "acomp")  # "is due to meet", "is likely to invade"
            verb = verb.head
            continue
        if verb.dep_ == "pcomp" and verb.head.lower_ in SUBJECT_CONTROLLED:  # "By holding talks, China will"
            verb = verb.head.head
            continue
        if verb.dep_ == "relcl" or (verb.dep_ == "acl" and _is_infinitive(verb)):
            return [verb.head]  # "the leader who visited", "the first leader to visit"
        return []
    return []


def _has_agent(verb: Token) -> bool:
    """Whether the verb names its doer in a "by" phrase ("as agreed to by Kim")."""
    return any(c.dep_ == "agent" for c in _children(verb))


def _is_passive(verb: Token) -> bool:
    return any(c.dep_ == "auxpass" for c in _children(verb))


def _is_infinitive(verb: Token) -> bool:
    return any(c.dep_ == "aux" and c.lower_ == "to" for c in _children(verb))


def _objects(verb: Token) -> list[Token]:
    """What a verb acts on: its object; a passive's subject; the noun a passive participle or
    passive relative clause describes ("citizens freed by Pyongyang", "a ship which was seized")."""
    found = [c for c in _children(verb) if c.dep_ in ("dobj", "attr")]
    if found and found[0].tag_ in ("WDT", "WP") and verb.dep_ == "relcl":
        return [verb.head]  # "the United States, which he accused": the noun the clause is about
    if found:
        return found
    if verb.dep_ == "conj" and _is_passive(verb) and not any(c.dep_ == "nsubjpass" for c in _children(verb)):
        return subjects(verb.head)  # "arrived and was greeted by Kim": the shared subject was greeted
    if verb.dep_ == "acl" and verb.tag_ == "VBN":
        return [verb.head]
    passive = [c for c in _children(verb) if c.dep_ == "nsubjpass"]
    if passive and verb.dep_ == "relcl" and passive[0].tag_ in ("WDT", "WP"):
        return [verb.head]
    return passive if any(c.dep_ == "agent" for c in _children(verb)) else []


def _prep_objects(trigger: Token, word: str, pos: str) -> list[Token]:
    anchors = [trigger]
    if pos == "noun" and (governor := _governor(trigger)) is not None:
        anchors.append(governor)
    if pos == "noun" and (participle := _participle(trigger)) is not None:
        anchors.append(participle)  # "sanctions reimposed on Iran"
    found = []
    for anchor in anchors:
        for child in _children(anchor):
            if child.dep_ in ("prep", "dative", "agent") and child.lower_ == word:
                found += [_counted(t) for t in _children(child) if t.dep_ == "pobj" and not _absolute(child, t)]
        if found:
            break
    return found


def _counted(noun: Token) -> Token:
    """What an amount is of: "tariffs on $200 billion of Chinese goods" (goods); other nouns stay."""
    if noun.pos_ == "NUM" or noun.ent_type_ in ("MONEY", "QUANTITY", "CARDINAL", "PERCENT"):
        return next((t for c in _children(noun) if c.dep_ == "prep" and c.lower_ == "of"
                     for t in _children(c) if t.dep_ == "pobj"), noun)
    return noun


def _absolute(prep: Token, noun: Token) -> bool:
    """ ", with Biegun leading the talks": a with-clause of its own, not the partner of the act."""
    after_comma = prep.i > 0 and prep.doc[prep.i - 1].text == ","
    return after_comma and any(c.dep_ == "acl" and c.tag_ == "VBG" for c in _children(noun))


def _possessor(noun: Token | None) -> list[Token]:
    return [c for c in _children(noun) if c.dep_ == "poss"] if noun is not None else []


def _deep(trigger: Token) -> Iterator[Token]:
    """Objects of with/to/against/on-phrases and possessors below the trigger, nearest first."""
    queue = [c for c in _children(trigger) if c.dep_ not in ("nsubj", "nsubjpass", "agent", "punct", "advcl")]
    while queue:
        token = queue.pop(0)
        if (token.dep_ == "pobj" and token.head.lower_ in DEEP_PREPS) or token.dep_ in ("poss", "dobj"):
            yield token
        queue.extend(c for c in _children(token) if c.dep_ not in ("punct", "advcl", "relcl"))


def _governor(trigger: Token) -> Token | None:
    """The verb a noun trigger belongs to: "held talks" (dobj), "at the invitation of" (pobj of a prep)."""
    return _once(_find_governor, trigger)  # several rules ask for it


def _find_governor(trigger: Token) -> Token | None:
    """What :func:`_governor` returns, found by climbing the trigger's heads."""
    token = trigger
    for _ in range(4):
        if token.dep_ in ("ROOT",) or token.head == token:
            return None
        token = token.head
        if token.pos_ in ("VERB", "AUX"):
            return token
        if token.pos_ == "NOUN" and token.dep_ not in ("prep", "pobj"):
            return None
    return None


def _participle(noun: Token) -> Token | None:
    """The past participle that describes a noun as acted on: "sanctions reimposed on Iran" (reimposed),
    also across a quantity ("the first round of sanctions reimposed on Iran")."""
    nouns = [noun]
    if noun.dep_ == "pobj" and noun.head.lower_ == "of" and noun.head.head.pos_ == "NOUN":
        nouns.append(noun.head.head)
    return next((c for n in nouns for c in _children(n) if c.dep_ == "acl" and c.tag_ == "VBN"), None)


def _clause_descendants(token: Token) -> Iterator[Token]:
    """Tokens below ``token``, nearest first, without entering another clause."""
    queue = [c for c in _children(token) if c.dep_ not in CLAUSES]
    while queue:
        current = queue.pop(0)
        yield current
        queue.extend(c for c in _children(current) if c.dep_ not in CLAUSES and c.pos_ not in ("VERB", "AUX"))


CLAUSES = frozenset({"advcl", "relcl", "ccomp", "xcomp", "acl", "conj", "parataxis", "nsubj", "nsubjpass"})


def _anchor(trigger: Token) -> Token | None:
    """The verb whose time and place phrases also belong to the trigger: a noun's governing verb
    ("held talks in Hanoi"), an infinitive's controlling verb ("is due in Seoul on Monday to meet"),
    the first of coordinated verbs ("arrived on Sunday and met Lee"), the verb a bare participle
    goes with ("wrote on Tuesday, warning that"), never the verb that reports
    it ("said in Beijing that he had met Trump")."""
    if trigger.pos_ in ("NOUN", "PROPN"):
        return _governor(trigger) or _quantity_subject_verb(trigger)
    verb = trigger
    while verb.dep_ in ("xcomp", "acomp") and verb.head != verb:
        verb = verb.head  # "where he is due to meet": up to "is"
    if verb.dep_ == "relcl" and _frames_its_noun(verb):
        # "met in Singapore last June, where they signed": the clause shares the time of the meeting
        return next((a for a in verb.head.ancestors if a.pos_ in ("VERB", "AUX")), None)
    if verb is not trigger:
        return verb
    if trigger.dep_ == "advcl" and trigger.tag_ == "VBG" and not any(c.dep_ == "mark" for c in _children(trigger)):
        return trigger.head
    if _voiced(trigger):
        return trigger.head  # "said on Friday that they regretted the decision": regretted in saying so
    return trigger.head if trigger.dep_ == "conj" and trigger.head != trigger else None


def _quantity_subject_verb(noun: Token) -> Token | None:
    """The verb whose subject counts the noun: "the first round of sanctions came into force on Tuesday"."""
    head = noun.head if noun.dep_ == "pobj" and noun.head.lower_ == "of" else None
    if head is None or head.head.dep_ not in ("nsubj", "nsubjpass") or head.head.head.pos_ not in ("VERB", "AUX"):
        return None
    return head.head.head


def _voiced(trigger: Token) -> bool:
    """Whether the trigger is an attitude voiced in the report that states it: a plain past or present
    reaction verb in what someone said ("said they regretted", "said it condemned"), not an earlier act."""
    perfect = any(c.dep_ == "aux" and c.lower_ in ("have", "has", "had") for c in _children(trigger))
    return (trigger.lemma_.lower() in VOICED and trigger.dep_ == "ccomp" and not perfect
            and trigger.head.lemma_.lower() in ("say", "state", "tell", "add", "declare"))


def _frames_its_noun(clause: Token) -> bool:
    """A relative clause set in its noun's place or document: "where they signed", "in which he committed"."""
    return any(c.lower_ == "where" or (c.dep_ == "prep" and c.lower_ == "in" and any(
        g.lower_ == "which" for g in _children(c))) for c in _children(clause))


def _anchors(trigger: Token) -> tuple[Token, ...]:
    """The trigger, its anchor and the first of the anchor's coordinated verbs ("arrived on Friday and
    held talks"), nearest first."""
    found = [trigger]
    anchor = _anchor(trigger)
    if anchor is None and trigger.pos_ in ("NOUN", "PROPN"):
        anchor = _setting_verb(trigger)
    if anchor is not None:
        found.append(anchor)
        if anchor.dep_ == "conj" and anchor.head != anchor and anchor is not trigger.head:
            found.append(anchor.head)
    return tuple(found)


def _setting_verb(noun: Token) -> Token | None:
    """The verb whose act a noun event is the setting of, across the phrase that holds it ("failed to reach
    an agreement at their summit in late February"): what is done at a summit is done when it is held."""
    if noun.dep_ != "pobj" or noun.head.lower_ not in SETTING_PREPS:
        return None
    for ancestor in noun.head.ancestors:
        if ancestor.pos_ in ("VERB", "AUX"):
            return ancestor
        if ancestor.dep_ not in ("dobj", "pobj", "prep", "attr"):
            return None  # a subject's or another clause's phrase sets no act of this clause
    return None


# "at" and "during" set an act inside an event ("at the summit"); "in talks" or "on the deal" need not.
SETTING_PREPS = frozenset({"at", "during"})


def _rejecters(its: Token) -> list[Token]:
    """The subjects that "its" cannot stand for, as no one turns down their own proposal: in "Tehran
    rejected its offer" the offer is another's, named before."""
    noun = its.head
    if its.dep_ != "poss" or noun.lemma_.lower() not in PROPOSALS or noun.dep_ != "dobj":
        return []
    return subjects(noun.head) if noun.head.lemma_.lower() in REJECTIONS else []


PROPOSALS = frozenset({"offer", "proposal", "plan", "call", "demand", "request", "invitation", "initiative",
                       "overture", "bid", "ultimatum", "terms", "proposition"})
REJECTIONS = frozenset({"reject", "refuse", "rebuff", "dismiss", "spurn", "decline", "turn"})


def _ongoing(noun: Token) -> bool:
    """Whether a bare plural noun is a process whose course the clause reports, not one meeting held:
    "talks between X and Y have made no progress", "negotiations ... have been frozen"."""
    if noun.tag_ != "NNS" or noun.dep_ not in ("nsubj", "nsubjpass"):
        return False
    if any(c.dep_ in ("det", "poss", "nummod") for c in _children(noun)):
        return False  # "the talks", "their talks", "two meetings": ones held
    return noun.head.lemma_.lower() in COURSE_VERBS


# Verbs telling how a process runs, not that one session of it took place.
COURSE_VERBS = frozenset({"make", "stall", "freeze", "remain", "continue", "drag", "languish", "falter",
                          "stagnate", "progress", "deadlock"})


def _refers_back(noun: Token, pattern: Pattern) -> bool:
    """Whether a meeting noun points back to the meeting named before: "that meeting", "their talks"; not
    "after their summit", an earlier one."""
    if pattern.pos != "noun" or not pattern.cameo.startswith(CONSULT) or _sequenced(noun):
        return False
    return any((c.dep_ == "det" and c.lower_ in BACK_POINTERS) or (c.dep_ == "poss" and c.lower_ == "their")
               for c in _children(noun))


BACK_POINTERS = frozenset({"that", "this", "those", "these"})
CONSULT = "04"
INTENT = "03"  # express intent to cooperate: pledges, promises, agreements to act
MEETING_REACH = 2  # sentences back that "that meeting" may point


def _sequenced(noun: Token) -> bool:
    """Whether a noun sits in an "after", "before", "since" or "ahead of" phrase: another time than the clause's
    ("after their summit in June and their talks in February": both)."""
    while noun.dep_ == "conj" and noun.head != noun:
        noun = noun.head
    prep = noun.head if noun.dep_ == "pobj" else None
    if prep is None:
        return False
    if prep.lower_ == "of" and prep.head.lower_ in ("ahead", "prior"):
        return True
    return prep.lower_ in ("after", "before", "since", "following", "until", "till")


def _setting(noun: Token) -> bool:
    """Whether a noun is where the clause's act took place: "dismissed the claim at Friday's meeting"."""
    return noun.dep_ == "pobj" and noun.head.lower_ in ("at", "during", "in", "on")


def _when_of(trigger: Token) -> Token | None:
    """The "when" that opens the trigger's clause: its own, its infinitive's governor's ("when he is due to
    meet"), or, for a noun, that of the verb it is the object or subject of ("when they held talks"); not
    a noun's deeper in a phrase ("when he flew to Seoul ahead of the summit")."""
    if trigger.pos_ in ("VERB", "AUX"):
        verbs = [trigger] + ([trigger.head] if trigger.dep_ == "xcomp" else [])
    else:
        verbs = [trigger.head] if trigger.dep_ in ("dobj", "nsubj", "nsubjpass") else []
    for verb in verbs:
        for child in _children(verb):
            if child.lower_ == "when" and child.dep_ == "advmod" and verb.dep_ in ("advcl", "relcl"):
                return child
    return None


def _in_undating_clause(token: Token, trigger: Token) -> bool:
    """Whether the token sits in a "since" or "until" clause that does not hold the trigger."""
    holding = {trigger, *trigger.ancestors}
    return any(a.dep_ == "advcl" and a not in holding and any(
        c.dep_ == "mark" and c.lower_ in UNDATING_PREPOSITIONS for c in _children(a))
        for a in [token, *token.ancestors])


def _in_relative_clause(token: Token, trigger: Token) -> bool:
    """Whether the token sits in a clause with its own subject that describes a noun ("the accord that he
    signed on May 2") and does not hold the trigger; a bare participle ("boys trapped last month") may share
    the main clause's time."""
    holding = {trigger, *trigger.ancestors}
    return any((a.dep_ == "relcl" or (a.dep_ == "acl" and _describes(a))) and a not in holding
               for a in [token, *token.ancestors])


def _describes(clause: Token) -> bool:
    """A relative clause the parser hung from a noun as "acl": one with its own subject and a relative word
    ("the accord that he signed"), not a clause of content ("claims (that) it is arming")."""
    children = list(_children(clause))
    relative = any(c.tag_ in ("WDT", "WP", "WP$") or (c.lower_ == "that" and c.dep_ != "mark") for c in children)
    return relative and any(c.dep_ in ("nsubj", "nsubjpass") for c in children)


def _object_lemma_in(trigger: Token, lemmas: frozenset[str]) -> bool:
    objects = [c for c in _children(trigger) if c.dep_ in ("dobj", "nsubjpass", "oprd")]  # oprd: "called it a mistake"
    return any(t.lemma_.lower() in lemmas or t.lower_ in lemmas for o in objects for t in o.subtree)


def _clause_place(anchor: Token) -> tuple[str, geography.Place | None, Token] | None:
    """The first place an "in/at" phrase below the anchor names, nearest first, not entering another clause."""
    for prep in _clause_descendants(anchor):
        if prep.dep_ != "prep" or prep.lower_ not in PLACE_PREPS:
            continue  # tested first: the cheaper test, and most tokens fail it
        if _sequenced(prep.head):
            continue  # "the third meeting, after their summit in Moscow": the summit's place
        if (found := _place_in(prep)) is not None:
            return found
    return None


def _place_in(prep: Token) -> tuple[str, geography.Place | None, Token] | None:
    """The place a preposition introduces: its object, or the name that object's noun gives
    ("the border village of Panmunjom", "the Chinese capital, Beijing")."""
    for token in _children(prep):
        if token.dep_ != "pobj":
            continue
        if token.ent_type_ in PLACE_LABELS:
            return _resolved(token)
        for child in _children(token):
            named = [t for t in _children(child) if t.dep_ == "pobj"] if child.lower_ == "of" else [child]
            for candidate in named:
                if candidate.dep_ in ("pobj", "appos") and candidate.ent_type_ in PLACE_LABELS:
                    return _resolved(candidate)
    return None


def _where_clause_place(trigger: Token) -> tuple[str, geography.Place | None, Token] | None:
    """ "in Singapore, where the two leaders signed": the place a 'where' clause hangs from."""
    verb = trigger if trigger.pos_ in ("VERB", "AUX") else _governor(trigger)
    if verb is None or verb.dep_ != "relcl" or not any(c.lower_ == "where" for c in _children(verb)):
        return None
    return _resolved(verb.head) if verb.head.ent_type_ in PLACE_LABELS else None


def _is_region(place: tuple[str, geography.Place | None, Token] | None) -> bool:
    """Whether a place is a continent or region that lies in no single country ("Europe", "the Middle East")."""
    resolved = place[1] if place is not None else None
    return resolved is not None and resolved.country is None and resolved.kind in ("continent", "region")


def _resolved(token: Token) -> tuple[str, geography.Place | None, Token]:
    """A place token's full entity text and its gazetteer entry."""
    span = entity_of(token) or token.doc[token.i:token.i + 1]
    end = span.end
    # the tagger sometimes runs a facility's name into the next word: "the Great Hall of the People on Monday"
    while end > token.i + 1 and token.doc[end - 1].pos_ in LOOSE_ENDS:
        end -= 1
    name = token.doc[span.start:end].text.removeprefix("the ").removeprefix("The ")
    return name, geography.resolve_place(name), token


# Word classes a place name never ends with.
LOOSE_ENDS = frozenset({"ADP", "CCONJ", "DET", "PUNCT", "SCONJ"})


def _tense(trigger: Token, status: str, caption: bool) -> str:
    """Which way a bare "Thursday" points: future for planned acts and for a present-tense verb
    ("the visit begins on Thursday"), past for a perfect ("is said to have met") and for the rest
    (``caption``: whether the trigger's sentence is a photo caption)."""
    verb = trigger if trigger.pos_ in ("VERB", "AUX") else (_governor(trigger) or trigger)
    if caption:
        return "past"  # a photo shows what happened: "Kim shakes hands with Xi in January - AFP"
    perfect = any(c.lower_ in ("have", "has", "had", "'ve") and c.dep_ == "aux" for c in _children(verb))
    if perfect or verb.tag_ in ("VBD",):
        return "past"
    if status in (PLANNED, POSSIBLE) or verb.tag_ in ("VBZ", "VBP"):
        return "future"
    return "past"


CAPTION_CREDIT = re.compile(r"(?:[-–—|/]\s*|\()(?:AFP|Reuters|AP|EPA|Yonhap|KCNA|Xinhua|Getty Images|"
                            r"File|Photo|Pool)(?:\s*(?:photo|file|via [\w ]+))?\)?\s*$", re.IGNORECASE)


def _is_caption(size: int, text: str) -> bool:
    """Whether a sentence (its length in tokens, its text) is a photo caption: short, and ending in an agency
    credit ("... - AFP")."""
    return size <= 40 and CAPTION_CREDIT.search(text.strip()) is not None


def _hangs_below(trigger: Token, time: Token) -> bool:
    """Whether the trigger's clause modifies the time expression ("in 2011, when X met Y")."""
    for ancestor in trigger.ancestors:
        if ancestor == time:
            return True
        if ancestor.pos_ in ("VERB", "AUX"):
            return False
    return False


def _in_main_clause(token: Token) -> bool:
    """Whether the token's nearest verb (itself, if a verb) is the sentence's root."""
    verb = token if token.pos_ in ("VERB", "AUX") else next(
        (a for a in token.ancestors if a.pos_ in ("VERB", "AUX")), None)
    return verb is not None and verb.dep_ == "ROOT"


def _attaches(token: Token, anchors: tuple[Token, ...]) -> bool:
    """Whether a time expression's head belongs to one of the anchors' clauses (no other verb between)."""
    for ancestor in [token, *token.ancestors]:
        if ancestor in anchors:
            return True
        if ancestor is not token and ancestor.pos_ in ("VERB", "AUX"):
            return False
    return False


# Plural nouns that, counted as two, stand for the last two people or states named that fit them:
# "the two leaders" (people holding a leading office), "both men", "the two sides" (states).
GROUP_PEOPLE = frozenset({"leader", "man", "woman", "president", "minister", "premier", "counterpart", "head"})
GROUP_STATES = frozenset({"side", "country", "nation", "government", "state"})
HEAD_TITLES = frozenset({"leader", "supreme leader", "president", "prime minister", "premier", "chairman",
                         "chancellor", "king", "queen", "emperor", "general secretary", "head of state", "emir",
                         "sultan", "crown prince"})


def _fits_group(actor: DocActor, noun: str) -> bool:
    """Whether an actor can be one of "the two <noun>s": an office holder for leaders and ministers,
    a man or woman the text or dictionary knows for men and women, a state for sides."""
    if noun in GROUP_STATES:
        return actor.type == "country"
    if actor.type != "person" or not actor.roles:
        return False  # a name the recognizer took for a person ("Yongbyon") has no office
    titles = {title for title, _ in actor.roles}
    if noun in ("leader", "president", "premier", "head"):
        return bool(titles & HEAD_TITLES)
    if noun == "minister":
        return any("minister" in title or "secretary" in title for title in titles)
    if noun in ("man", "woman"):
        return actor.gender == ("m" if noun == "man" else "f")
    return True
# Verbs whose object does what their infinitive says: "invited Kim to visit", "urged Iran to return".
OBJECT_CONTROL = frozenset({"invite", "ask", "urge", "persuade", "force", "allow", "order", "encourage", "press",
                            "tell", "request", "permit", "compel", "pressure", "push", "advise", "instruct",
                            "prompt"})
# Nouns for places that a nationality locates: "the North Korean capital".
PLACE_NOUNS = frozenset({"capital", "city", "country", "border", "village", "port", "region", "province", "island",
                         "territory", "soil"})
KIN = frozenset({"father", "mother", "son", "daughter", "wife", "husband", "brother", "sister", "uncle", "aunt",
                 "grandfather", "grandmother", "nephew", "niece", "cousin", "family", "friend", "widow", "child",
                 "relative", "relatives", "parent", "parents", "children", "sibling"})
# Offices and bodies that stand for the state or body after "of": "the foreign ministers of France".
REPRESENTATIVES = frozenset({"minister", "leader", "government", "president", "ambassador", "envoy", "delegation",
                             "representative", "official", "head", "chief", "premier", "diplomat", "negotiator"})
# Attitudes a speaker voices in saying so: the time of the saying is theirs ("said on Friday it regretted").
VOICED = frozenset({"regret", "deplore", "lament", "condemn", "criticize", "criticise", "denounce", "welcome",
                    "praise", "applaud", "reject", "oppose", "support", "back", "endorse"})
# Nouns for a decision or measure that a reaction ("regretted the decision") may name without its actor.
ACT_NOUNS = frozenset({"decision", "move", "withdrawal", "step", "announcement", "pullout", "exit", "return",
                       "reimposition", "action", "order", "measure", "measures", "choice", "ban"})
TIME_MOVES = frozenset({"later", "afterwards", "afterward", "subsequently", "earlier", "previously", "first", "once",
                        "initially", "originally"})
FUTURE_WORDS = frozenset({"later", "next", "coming", "tomorrow", "upcoming"})


def _future(date: PartialDate | None, text: str | None, published: PartialDate | None) -> bool:
    """Whether an event's date lies after its report ("later this month", a date after publication)."""
    if text and FUTURE_WORDS & set(text.lower().split()):
        return True
    return date is not None and published is not None and date.start > published.start


def _event_id(article_id: str, offset: int, rule: str, source: DocActor | None, target: DocActor | None) -> str:
    """Stable id: the same trigger, rule and actors give the same id on every run."""
    key = f"{article_id}|{offset}|{rule}|{source.key if source else ''}|{target.key if target else ''}"
    return hashlib.sha1(key.encode("utf-8")).hexdigest()[:16]


__all__ = ["NEGATED", "EventFinder", "Pattern", "Triggers", "default_triggers", "load_triggers"]
