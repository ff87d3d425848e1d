"""Relations: standing relations the text states between actors (ally, rival, leader of, claims ...).

The patterns of ``data/relations.yaml`` name a relation noun ("ally", "trading
partner", "leader") or verb ("insists", "hosts") and the constructions in which
its two actors stand: apposition ("China, North Korea's closest ally"), a
copula's attribute ("India is Pakistan's main rival"), a title or modifier
before a name ("North Korean leader Kim Jong-un", "NATO member Turkey"), a
coordinated pair ("Japan and the United States are allies", "the two
long-standing allies"), a predicate clause ("Beijing insists Taiwan is a
renegade province") or a verb's object ("Japan, which hosts American troops").

ally, trading_partner and rival are symmetric: one relation is stored in the
direction the text gives it (holder → owner, or text order for a pair); the
reverse is stored only if the text states it too. Alliances, trade and rivalry
between a head of state or government and another state (or another such
leader) are stated for their countries: "Xi and Kim, the two allies" gives
China ally North Korea. Between other people they stay personal ("Trump's ally
Lindsey Graham").
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from newsgraph import geography
from newsgraph.actors import ActorResult, entity_of
from newsgraph.annotate import text_bounds
from newsgraph.errors import InputError
from newsgraph.events import subjects
from newsgraph.records import DocActor, Relation
from newsgraph.resources import bundled, read_yaml

if TYPE_CHECKING:
    from importlib.resources.abc import Traversable

    from spacy.language import Language
    from spacy.tokens import Doc, Token

KINDS = frozenset({"ally", "trading_partner", "rival", "member_of", "leader_of", "claims", "host_of"})
SYMMETRIC = frozenset({"ally", "trading_partner", "rival"})
CONSTRUCTIONS = {"noun": frozenset({"appos", "attr", "compound", "pair"}),
                 "verb": frozenset({"predicate", "object"})}
SIDES = {"noun": ("holder", "owner"), "verb": ("subject", "object")}
OWNER_SLOTS = frozenset({"poss", "of", "modifier", "with", "over", "to"})
ACTOR_TYPES = frozenset({"person", "organization", "country"})
COPULAS = frozenset({"be", "remain", "become", "stay"})
MODIFIERS = frozenset({"compound", "amod", "nmod"})
LOOSE_APPOS = frozenset({"dobj", "pobj", "conj", "npadvmod"})  # deps a misparsed apposition gets
PAST_STATES = frozenset({"longer", "once", "formerly"})
PAIR_WORDS = frozenset({"two", "both"})  # "the two allies", "both allies": the last two actors named
ANAPHOR_FACTOR = 0.85
LOOKBACK_SENTENCES = 1  # sentences before the anaphor's own in which its two actors may be named
LEADER_ROLES = frozenset({"supreme leader", "general secretary"})  # dictionary roles that also lead a state
_FIELDS = frozenset({"id", "kind", "pos", "triggers", "constructions", "owner", "source", "target", "objects",
                     "direct", "predicates", "part_of", "holder_types", "owner_types", "confidence"})


# -- the relations resource ---------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Pattern:
    """One relation pattern of the relations file (see its header for the fields)."""

    id: str
    kind: str
    pos: str
    triggers: tuple[tuple[str, ...], ...]
    constructions: frozenset[str]
    source: str
    target: str
    owner: tuple[str, ...] = ()
    objects: frozenset[str] = frozenset()
    direct: bool = False
    predicates: frozenset[str] = frozenset()
    part_of: frozenset[str] = frozenset()
    holder_types: frozenset[str] = ACTOR_TYPES
    owner_types: frozenset[str] = ACTOR_TYPES
    confidence: float = 0.8


@dataclass(frozen=True, slots=True)
class Relations:
    """All relation patterns, indexed by (pos, last trigger word), and the words that cancel a noun."""

    patterns: tuple[Pattern, ...]
    blockers: frozenset[str]
    index: dict[tuple[str, str], tuple[Pattern, ...]] = field(default_factory=dict)

    def for_token(self, token: Token) -> list[tuple[Pattern, int]]:
        """The patterns a token triggers, each with the index of its phrase's first token."""
        pos = "verb" if token.pos_ == "VERB" else "noun" if token.pos_ in ("NOUN", "PROPN") else ""
        if not pos:
            return []
        found: list[tuple[Pattern, int]] = []
        for word in dict.fromkeys((token.lemma_.lower(), token.lower_)):
            for pattern in self.index.get((pos, word), ()):
                first = _phrase_start(token, pattern)
                if first is not None and (pattern, first) not in found:
                    found.append((pattern, first))
        return found

    @property
    def leader_titles(self) -> frozenset[str]:
        """Titles that make a person stand for a state: the leader_of patterns' triggers."""
        titles = {" ".join(words) for p in self.patterns if p.kind == "leader_of" for words in p.triggers}
        return frozenset(titles | LEADER_ROLES)


def _phrase_start(token: Token, pattern: Pattern) -> int | None:
    """Where a trigger phrase ending at ``token`` starts ("trading partner"), or None if none matches."""
    doc = token.doc
    for words in pattern.triggers:
        if words[-1] not in (token.lemma_.lower(), token.lower_):
            continue
        first = token.i - len(words) + 1
        if first >= 0 and all(doc[first + k].lower_ == w for k, w in enumerate(words[:-1])):
            return first
    return None


def load_relations(path: Path | None = None) -> Relations:
    """Read and validate a relations file (the bundled one by default); errors name file and entry."""
    source: Path | Traversable = path or bundled("relations.yaml")
    where = str(source)
    data = read_yaml(source)
    if not isinstance(data, dict) or not isinstance(data.get("patterns"), list):
        raise InputError(where, "expected a mapping with a 'patterns' list")
    blockers = data.get("blockers") or []
    if not isinstance(blockers, list) or not all(isinstance(b, str) for b in blockers):
        raise InputError(where, "'blockers' must be a list of words")
    patterns = tuple(_pattern(entry, f"{where}: pattern {n}") for n, entry in enumerate(data["patterns"], 1))
    seen: set[str] = set()
    index: dict[tuple[str, str], tuple[Pattern, ...]] = {}
    for pattern in patterns:
        if pattern.id in seen:
            raise InputError(where, f"duplicate pattern id {pattern.id!r}")
        seen.add(pattern.id)
        for last in dict.fromkeys(words[-1] for words in pattern.triggers):
            index[(pattern.pos, last)] = (*index.get((pattern.pos, last), ()), pattern)
    return Relations(patterns, frozenset(b.lower() for b in blockers), index)


def _pattern(entry: Any, where: str) -> Pattern:
    if not isinstance(entry, dict):
        raise InputError(where, "a pattern must be a mapping")
    where = f"{where} ({entry.get('id', 'no id')})"
    unknown = sorted(str(key) for key in entry if key not in _FIELDS)
    if unknown:
        raise InputError(where, f"unknown field{'s' if len(unknown) > 1 else ''} {', '.join(unknown)}")
    try:
        pattern = Pattern(
            id=str(entry["id"]), kind=str(entry["kind"]), pos=str(entry["pos"]),
            triggers=tuple(tuple(str(t).lower().split()) for t in _list(entry["triggers"])),
            constructions=frozenset(str(c) for c in _list(entry["constructions"])),
            source=str(entry["source"]), target=str(entry["target"]),
            owner=tuple(str(o) for o in _list(entry.get("owner") or [])),
            objects=_words(entry.get("objects")), direct=bool(entry.get("direct", False)),
            predicates=_words(entry.get("predicates")), part_of=_words(entry.get("part_of")),
            holder_types=_words(entry.get("holder_types")) or ACTOR_TYPES,
            owner_types=_words(entry.get("owner_types")) or ACTOR_TYPES,
            confidence=float(entry.get("confidence", 0.8)),
        )
    except KeyError as exc:
        raise InputError(where, f"missing field {exc}") from exc
    except (TypeError, ValueError) as exc:
        raise InputError(where, f"malformed field ({exc})") from exc
    _validate(pattern, where)
    return pattern


def _list(value: Any) -> list[Any]:
    if not isinstance(value, list):
        raise TypeError(f"expected a list, found {value!r}")
    return value


def _words(value: Any) -> frozenset[str]:
    return frozenset(str(word).lower() for word in _list(value or []))


def _validate(pattern: Pattern, where: str) -> None:
    if pattern.kind not in KINDS:
        raise InputError(where, f"unknown kind {pattern.kind!r}; expected one of {', '.join(sorted(KINDS))}")
    if pattern.pos not in CONSTRUCTIONS:
        raise InputError(where, f"pos must be noun or verb, not {pattern.pos!r}")
    if not pattern.triggers or not all(pattern.triggers):
        raise InputError(where, "triggers must list at least one word or phrase")
    allowed = CONSTRUCTIONS[pattern.pos]
    if not pattern.constructions or not pattern.constructions <= allowed:
        bad = ", ".join(sorted(pattern.constructions - allowed)) or "none"
        raise InputError(where, f"constructions for a {pattern.pos} must be among {', '.join(sorted(allowed))} "
                                f"(found {bad})")
    sides = SIDES[pattern.pos]
    if {pattern.source, pattern.target} != set(sides):
        raise InputError(where, f"source and target must be {sides[0]!r} and {sides[1]!r}, one each")
    for slot in pattern.owner:
        if slot not in OWNER_SLOTS:
            raise InputError(where, f"unknown owner slot {slot!r}; expected one of {', '.join(sorted(OWNER_SLOTS))}")
    if pattern.pos == "noun" and not pattern.owner:
        raise InputError(where, "a noun pattern needs an 'owner' list")
    if "predicate" in pattern.constructions and not pattern.predicates:
        raise InputError(where, "the predicate construction needs a 'predicates' list")
    if "object" in pattern.constructions and not (pattern.objects or pattern.direct):
        raise InputError(where, "the object construction needs 'objects' or 'direct: true'")
    for types in (pattern.holder_types, pattern.owner_types):
        if not types <= ACTOR_TYPES:
            raise InputError(where, f"actor types must be among {', '.join(sorted(ACTOR_TYPES))}")
    if not 0 < pattern.confidence <= 1:
        raise InputError(where, "confidence must be in (0, 1]")


@lru_cache(maxsize=1)
def default_relations() -> Relations:
    """The bundled relation patterns, loaded once."""
    return load_relations()


# -- the component -------------------------------------------------------------------------------------


class RelationFinder:
    """spaCy component: find stated relations (``doc._.ng_relations``) between the actors on the doc."""

    def __init__(self, relations: Relations | None = None) -> None:
        self.relations = relations or default_relations()
        self.triggers = frozenset(word for _, word in self.relations.index)  # last words of trigger phrases

    def __call__(self, doc: Doc) -> Doc:
        actors = getattr(doc._, "ng_actors", None) if _has_extension("ng_actors") else None
        article_id = getattr(doc._, "ng_article_id", None) if _has_extension("ng_article_id") else None
        self.write(doc, self.find(doc, actors or ActorResult(), article_id or ""))
        return doc

    def find(self, doc: Doc, actors: ActorResult, article_id: str) -> list[Relation]:
        """Every relation the doc states, in text order, one per (kind, source, target).

        Pure but for one thing: a country a leader stands for is added to ``actors`` when the
        text has not named it (as the event stage does).
        """
        context = _Context(doc, actors, article_id, self.relations)
        for i in self._possible_triggers(doc):
            token = doc[i]
            for pattern, first in self.relations.for_token(token):
                if pattern.pos == "noun" and context.blocked(token, first):
                    continue
                for source, target, factor in context.pairs(token, pattern, first):
                    context.add(token, pattern, source, target, factor)
        return context.found

    def _possible_triggers(self, doc: Doc) -> list[int]:
        """Indexes of the tokens :meth:`Relations.for_token` may find a pattern at: a verb or noun whose word or
        lemma ends a trigger. Read from word columns, since a spaCy Token per token cost more than the rest."""
        if not len(doc):
            return []
        strings = doc.vocab.strings
        parts = {strings[name] for name in ("VERB", "NOUN", "PROPN")}
        triggers = self.triggers
        keys = {strings[word] for word in triggers}  # compared as hashes: a string per token costs a lookup
        pos, lower, lemma = (doc.to_array(name).tolist() for name in ("POS", "LOWER", "LEMMA"))
        # A lemma equal to the word adds nothing; another may be capitalised ("Ally"): read it as a string.
        return [i for i in range(len(pos)) if pos[i] in parts and (lower[i] in keys or (
            lemma[i] != lower[i] and strings[lemma[i]].lower() in triggers))]

    @staticmethod
    def write(doc: Doc, relations: list[Relation]) -> None:
        """Store relations on the doc: ``doc._.ng_relations`` and the ``ng_relations`` span group."""
        from spacy.tokens import Doc as SpacyDoc

        if not SpacyDoc.has_extension("ng_relations"):
            SpacyDoc.set_extension("ng_relations", default=None)
        doc._.ng_relations = relations
        spans = [doc.char_span(r.evidence_start, r.evidence_end, label=r.kind, kb_id=r.source,
                               alignment_mode="expand") for r in relations]
        doc.spans["ng_relations"] = [span for span in spans if span is not None]


def make_relation_finder(nlp: Language, name: str, relations_file: str | None = None) -> RelationFinder:
    """Factory for the ``newsgraph_relations`` component: the bundled patterns, or ``relations_file``."""
    return RelationFinder(load_relations(Path(relations_file)) if relations_file else None)


def _has_extension(name: str) -> bool:
    from spacy.tokens import Doc as SpacyDoc

    return bool(SpacyDoc.has_extension(name))


Found = tuple[DocActor, DocActor, float]  # source, target, confidence factor


@dataclass
class _Context:
    """Per-document lookups and the relations found so far."""

    doc: Doc
    actors: ActorResult
    article_id: str
    relations: Relations
    found: list[Relation] = field(default_factory=list)
    seen: set[tuple[str, str, str]] = field(default_factory=set)

    # -- what a trigger states ---------------------------------------------------------------

    def blocked(self, trigger: Token, first: int) -> bool:
        """Whether a word before the noun phrase's trigger cancels it ("former ally", "vice president")."""
        start = max(trigger.sent.start, first - 4)
        for token in reversed(self.doc[start:first]):
            if (token.is_punct and token.text != "-") or token.pos_ in ("VERB", "AUX", "ADP"):
                break
            if token.lower_ in self.relations.blockers:
                return True
        return any(c.lower_ in self.relations.blockers for c in trigger.children if c.dep_ in MODIFIERS)

    def pairs(self, trigger: Token, pattern: Pattern, first: int) -> list[Found]:
        """The (source, target) pairs one pattern states at one trigger."""
        if pattern.pos == "verb":
            return self._verb_pairs(trigger, pattern)
        # "North Korea's closest ally and trading partner": a conjunct stands where the first one does
        anchor = trigger
        while anchor.dep_ == "conj" and anchor.head.i != anchor.i and anchor.head.pos_ in ("NOUN", "PROPN"):
            anchor = anchor.head
        owners = self._owners(trigger, pattern, first) or (
            self._owners(anchor, pattern, anchor.i) if anchor is not trigger else [])
        owners = [a for a in owners if a.type in pattern.owner_types]
        found: list[Found] = []
        for construction in sorted(pattern.constructions):
            if construction == "pair":
                if not owners:
                    found += self._pair(anchor, pattern)
                continue
            start = first if anchor is trigger else anchor.i
            for holder in self._holders(anchor, construction, start):
                if holder.type not in pattern.holder_types:
                    continue
                for owner in owners or self._name_owners(anchor, pattern, construction, start):
                    if owner.key != holder.key:
                        ends = (holder, owner) if pattern.source == "holder" else (owner, holder)
                        found.append((*ends, 1.0))
        return found

    def _holders(self, trigger: Token, construction: str, first: int) -> list[DocActor]:
        if construction == "appos":
            return self._appos_holders(trigger)
        if construction == "attr":
            return self._attr_holders(trigger)
        return self._compound_holders(trigger, first)

    def _appos_holders(self, trigger: Token) -> list[DocActor]:
        """ "China, North Korea's ally" (the noun's head); "North Korea's ally, China," (its apposition)."""
        found = [a for c in trigger.children if c.dep_ == "appos" for a in self._actors(c)]
        if trigger.dep_ != "appos":
            return found + self._loose_appos(trigger)
        head = trigger.head
        own = [a for t in [head, *head.conjuncts] for a in self._actors(t)]
        if own:
            return found + own
        # "the president of China, North Korea's ally": the name right before the comma, under the head
        for i in range(trigger.left_edge.i - 1, head.i, -1):
            actor = self.actors.actor_at(i)
            if actor is not None and head in self.doc[i].ancestors:
                return [*found, actor]
        return found

    def _loose_appos(self, trigger: Token) -> list[DocActor]:
        """An apposition the parser missed: "with China, North Korea's ally." set off by commas (or the end)."""
        doc = self.doc
        comma, after = trigger.left_edge.i - 1, trigger.right_edge.i + 1
        if trigger.dep_ not in LOOSE_APPOS or comma < 1 or doc[comma].text != ",":
            return []
        if after < len(doc) and not (doc[after].is_punct or doc[after].is_space):
            return []
        actor = self.actors.actor_at(comma - 1)
        return [actor] if actor is not None else []

    def _attr_holders(self, trigger: Token) -> list[DocActor]:
        """ "India is Pakistan's rival": the copula's subject (a relative pronoun: the noun it stands for)."""
        verb = trigger.head
        if trigger.dep_ != "attr" or verb.lemma_.lower() not in COPULAS or _negated(verb):
            return []
        found: list[DocActor] = []
        for subject in subjects(verb):
            for token in [subject, *subject.conjuncts]:
                found += [a for a in self._actors(token) if a not in found]
        return found

    def _compound_holders(self, trigger: Token, first: int) -> list[DocActor]:
        """ "North Korean leader Kim Jong-un", "NATO member Turkey", a title mention ("the Chinese leader")."""
        mention = self.actors.by_token.get(trigger.i)
        if mention is not None and (mention.kind == "title" or (mention.head != trigger.i and trigger.i == first)):
            return [self.actors.actors[mention.actor]]
        if trigger.dep_ in MODIFIERS and (actor := self.actors.actor_at(trigger.head.i)) is not None:
            return [actor]
        after = self.actors.by_token.get(trigger.i + 1)
        if after is not None and after.start_token == trigger.i + 1 and after.kind != "pronoun":
            return [self.actors.actors[after.actor]]  # "China's ally North Korea", however it was parsed
        return []

    def _name_owners(self, trigger: Token, pattern: Pattern, construction: str, first: int) -> list[DocActor]:
        """A title's owner put on the name it precedes: "Jordan's King Abdullah", "China's President Xi"."""
        if construction != "compound" or trigger.dep_ not in MODIFIERS:
            return []
        found = [a for slot in ("poss", "modifier") for a in self._slot(trigger.head, slot, first)]
        return [a for a in found if a.type in pattern.owner_types]

    def _owners(self, trigger: Token, pattern: Pattern, first: int) -> list[DocActor]:
        """The other party of a relation noun, from the first owner slot that names one."""
        for slot in pattern.owner:
            found = self._slot(trigger, slot, first)
            if found:
                return found
        return []

    def _slot(self, token: Token, slot: str, first: int) -> list[DocActor]:
        found: list[DocActor] = []
        if slot == "poss":
            tokens = [c for c in token.children if c.dep_ == "poss"]
        elif slot == "modifier":
            tokens = [c for c in token.children if c.dep_ in MODIFIERS and c.i < first]
        else:
            tokens = [p for c in token.children if c.dep_ in ("prep", "dative") and c.lower_ == slot
                      for p in c.children if p.dep_ == "pobj"]
        for head in tokens:
            for t in [head, *head.conjuncts]:
                found += [a for a in self._actors(t, adjective=slot == "modifier") if a not in found]
        return found

    def _pair(self, trigger: Token, pattern: Pattern) -> list[Found]:
        """ "Japan and the United States are allies"; "the two long-standing allies" (an anaphor)."""
        if trigger.tag_ not in ("NNS", "NNPS"):
            return []
        holders = self._attr_holders(trigger) or (self._appos_holders(trigger) if trigger.dep_ == "appos" else [])
        factor = 1.0
        if len(holders) < 2 and any(c.lower_ in PAIR_WORDS for c in trigger.children):
            holders, factor = self._last_two(trigger), ANAPHOR_FACTOR
        holders = [a for a in holders if a.type in pattern.holder_types]
        return [(holders[0], holders[1], factor)] if len(holders) == 2 else []

    def _last_two(self, trigger: Token) -> list[DocActor]:
        """The last two different parties named before an anaphor, leaders standing for their states."""
        sentence_start = trigger.sent.start
        for _ in range(LOOKBACK_SENTENCES):
            if sentence_start > 0:
                sentence_start = self.doc[sentence_start - 1].sent.start
        found: list[DocActor] = []
        for mention in reversed(self.actors.mentions):
            if mention.start_token >= trigger.i or mention.start_token < sentence_start:
                continue
            actor = self.actors.actors[mention.actor]
            party = self._state(actor) or actor
            if party not in found:
                found.append(party)
            if len(found) == 2:
                break
        found.reverse()
        if len(found) == 2 and found[0].type != found[1].type:
            return []
        return found

    # -- verbs -------------------------------------------------------------------------------

    def _verb_pairs(self, verb: Token, pattern: Pattern) -> list[Found]:
        if _negated(verb):
            return []
        targets: list[DocActor] = []
        if "predicate" in pattern.constructions:
            targets += self._predicated(verb, pattern)
        if "object" in pattern.constructions:
            targets += [a for a in self._object_owners(verb, pattern) if a not in targets]
        found: list[Found] = []
        for subject in subjects(verb):
            for source in [a for t in [subject, *subject.conjuncts] for a in self._actors(t)]:
                found += [(source, target, 1.0) for target in targets if target.key != source.key]
        return found

    def _predicated(self, verb: Token, pattern: Pattern) -> list[DocActor]:
        """Y in "X insists Y is a renegade province" and "X regards Y as part of its territory"."""
        found: list[DocActor] = []
        for clause in verb.children:
            if clause.dep_ == "ccomp" and clause.lemma_.lower() in COPULAS and not _negated(clause) and any(
                    c.dep_ == "attr" and _territorial(c, pattern) for c in clause.children):
                found += self._clause_subject(clause)
        objects = [c for c in verb.children if c.dep_ == "dobj"]
        for prep in verb.children:
            if prep.dep_ == "prep" and prep.lower_ == "as" and any(
                    p.dep_ == "pobj" and _territorial(p, pattern) for p in prep.children):
                found += [a for o in objects for a in self._actors(o)]
        for complement in verb.children:  # "considers Taiwan part of China": a small clause
            if complement.dep_ in ("oprd", "ccomp", "xcomp") and _territorial(complement, pattern):
                found += [a for o in objects for a in self._actors(o)]
        return found

    def _clause_subject(self, clause: Token) -> list[DocActor]:
        subjects = [c for c in clause.children if c.dep_ in ("nsubj", "nsubjpass")]
        found: list[DocActor] = []
        for subject in subjects:
            if subject.tag_ in ("WDT", "WP"):  # "Taiwan, which Beijing insists is ...": the noun it stands for
                relative = next((a for a in clause.ancestors if a.dep_ == "relcl"), None)
                subject = relative.head if relative is not None else subject
            found += self._actors(subject)
        return found

    def _object_owners(self, verb: Token, pattern: Pattern) -> list[DocActor]:
        """Y in "X hosts Y's troops", "X claims sovereignty over Y", "X claims Y"."""
        found: list[DocActor] = []
        for obj in [c for c in verb.children if c.dep_ == "dobj"]:
            for token in [obj, *obj.conjuncts, *_of_objects(obj)]:  # "thousands of American troops"
                if token.lemma_.lower() in pattern.objects or token.lower_ in pattern.objects:
                    found += self._owners(token, pattern, token.i) or self._owners(verb, pattern, verb.i)
                elif pattern.direct:
                    found += [a for a in self._actors(token) if a.type == "country"]
        return found

    # -- actors ------------------------------------------------------------------------------

    def _actors(self, token: Token, adjective: bool = False) -> list[DocActor]:
        """The actor a token names: its mention, or (for a modifier) the country of a demonym or place."""
        actor = self.actors.actor_at(token.i)
        if actor is not None:
            return [actor]
        if adjective and token.ent_type_ in ("NORP", "GPE"):
            text = (entity_of(token) or token).text
            country = geography.demonym(text) or geography.country(text)
            if country is not None and (found := self.actors.country(country.iso3)) is not None:
                return [found]
        return []

    def _state(self, actor: DocActor) -> DocActor | None:
        """The state an actor stands for: a country itself, or the country a head of state leads."""
        if actor.type == "country":
            return actor
        titles = self.relations.leader_titles
        if actor.type == "person":
            for title, country in actor.roles:
                if country and title in titles:
                    return self.actors.country(country)
        return None

    # -- relations ---------------------------------------------------------------------------

    def add(self, trigger: Token, pattern: Pattern, source: DocActor, target: DocActor, factor: float) -> None:
        """Keep a relation unless the same (kind, source, target) was stated before."""
        if pattern.kind in SYMMETRIC:
            source, target = self._states(source, target)
        key = (pattern.kind, source.key, target.key)
        if source.key == target.key or key in self.seen:
            return
        self.seen.add(key)
        sentence = trigger.sent
        start, end = text_bounds(sentence)
        offset = sentence.start_char  # the sentence's text, not the whole Doc.text (which joins every token)
        self.found.append(Relation(
            id=relation_id(self.article_id, pattern.kind, source.key, target.key, start),
            article_id=self.article_id, kind=pattern.kind, source=source.key, target=target.key,
            evidence=sentence.text[start - offset:end - offset], evidence_start=start, evidence_end=end,
            rule=pattern.id,
            confidence=round(pattern.confidence * factor, 3),
        ))

    def _states(self, source: DocActor, target: DocActor) -> tuple[DocActor, DocActor]:
        """Both ends as states when both stand for (different) states: leaders' alliances are their countries'."""
        first, second = self._state(source), self._state(target)
        if first is not None and second is not None and first.key != second.key:
            return first, second
        return source, target


def _negated(verb: Token) -> bool:
    """Not stated as standing now: "is not an ally", "is no longer", "was once a rival"."""
    return any(c.dep_ == "neg" or (c.dep_ == "advmod" and c.lower_ in PAST_STATES) for c in verb.children)


def _territorial(noun: Token, pattern: Pattern) -> bool:
    """A noun that states territory: "a renegade province", "part of its territory", "part of China"."""
    lemma = noun.lemma_.lower()
    if lemma in pattern.predicates:
        return True
    if lemma not in pattern.part_of:
        return False
    return any(c.dep_ == "prep" and c.lower_ == "of" and any(
        p.dep_ == "pobj" and (p.lemma_.lower() in pattern.predicates or p.ent_type_ in ("GPE", "LOC"))
        for p in c.children) for c in noun.children)


def _of_objects(noun: Token) -> list[Token]:
    return [p for c in noun.children if c.dep_ == "prep" and c.lower_ == "of" for p in c.children if p.dep_ == "pobj"]


def relation_id(article_id: str, kind: str, source: str, target: str, evidence_start: int) -> str:
    """Stable id: the same article, kind, actors and evidence sentence give the same id on every run."""
    key = f"{article_id}|{kind}|{source}|{target}|{evidence_start}"
    return hashlib.sha1(key.encode("utf-8")).hexdigest()[:16]


__all__ = [
    "KINDS", "SYMMETRIC", "Pattern", "RelationFinder", "Relations", "default_relations", "load_relations",
    "make_relation_finder", "relation_id",
]
