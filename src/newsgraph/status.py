"""Status: did an event happen, is it planned, only possible, or denied?

Read from the trigger's context on the dependency parse: modal auxiliaries
("will visit"), governing verbs ("is scheduled to meet", "is expected to
announce", "is said to have met"), "be to" ("is to travel"), modifiers ("a
possible summit"), conditions ("if Washington does not ease sanctions"), being
ahead of something ("ahead of the summit") and negation ("did not meet"). A
refusal is an event of its own, not a negation. The cue words live in
``data/status.yaml``.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

from newsgraph.errors import InputError
from newsgraph.resources import bundled, read_yaml

if TYPE_CHECKING:
    from spacy.tokens import Token

OCCURRED, PLANNED, POSSIBLE, NEGATED = "occurred", "planned", "possible", "negated"
STATUSES = (OCCURRED, PLANNED, POSSIBLE, NEGATED)


@dataclass(frozen=True, slots=True)
class StatusCues:
    """The cue words of data/status.yaml."""

    modals: dict[str, frozenset[str]]
    governors: dict[str, frozenset[str]]
    modifiers: dict[str, frozenset[str]]
    ahead: frozenset[str]
    conditions: frozenset[str]
    negators: frozenset[str]
    refusals: frozenset[str] = frozenset()
    reporting: frozenset[str] = frozenset()


def load_cues(path: Path | None = None) -> StatusCues:
    """Read status cues from YAML (the bundled file by default), naming the file on errors."""
    source = path or bundled("status.yaml")
    where = str(source)
    data = read_yaml(source)
    try:
        return StatusCues(
            modals=_by_status(data["modals"]), governors=_by_status(data["governors"]),
            modifiers=_by_status(data["modifiers"]), ahead=frozenset(data["ahead"]),
            conditions=frozenset(data["conditions"]), negators=frozenset(data["negators"]),
            refusals=frozenset(data.get("refusals") or ()),
            reporting=frozenset(str(word).lower() for word in data.get("reporting") or ()),
        )
    except (KeyError, TypeError) as exc:
        raise InputError(where, f"missing or malformed section {exc}") from exc


def _by_status(section: dict[str, list[str]]) -> dict[str, frozenset[str]]:
    unknown = set(section) - {PLANNED, POSSIBLE}
    if unknown:
        raise KeyError(f"unknown status {sorted(unknown)}")
    return {status: frozenset(str(word).lower() for word in words) for status, words in section.items()}


@lru_cache(maxsize=1)
def default_cues() -> StatusCues:
    """The bundled cues, loaded once."""
    return load_cues()


def status_of(trigger: Token, cues: StatusCues | None = None) -> tuple[str, str | None]:
    """The status of the event a trigger names, and the cue word that decided it (None: no cue)."""
    cues = cues or default_cues()
    for check in (_negation, _condition, _modal, _governor, _modifier, _ahead):
        found = check(trigger, cues)
        if found is not None:
            return found
    return OCCURRED, None


def _negation(trigger: Token, cues: StatusCues) -> tuple[str, str | None] | None:
    for token in _verb_chain(_governing_verb(trigger)) + ([trigger] if trigger.pos_ == "NOUN" else []):
        for child in token.children:
            if child.dep_ == "neg" or (child.lower_ in cues.negators and child.dep_ in ("det", "advmod", "neg")):
                return NEGATED, child.text
    if trigger.pos_ == "NOUN" and trigger.head.lower_ == "without":
        return NEGATED, trigger.head.text
    for token in _verb_chain(trigger)[1:]:
        if token.lemma_.lower() in cues.refusals:
            return NEGATED, token.text
    return None


def _verb_chain(trigger: Token) -> list[Token]:
    """The trigger and the verbs it is an xcomp of ("did not agree to meet": meet, agree), through
    a predicate adjective to its verb ("would be willing to meet": meet, willing, be)."""
    chain = [trigger]
    token = trigger
    while token.dep_ in ("xcomp", "acomp") and token.head != token:
        token = token.head
        chain.append(token)
    return chain


def _subject_of(trigger: Token) -> Token | None:
    """The verb a noun trigger is the subject of ("the meeting is expected to take place": expected)."""
    if trigger.pos_ == "NOUN" and trigger.dep_ in ("nsubj", "nsubjpass") and trigger.head.pos_ in ("VERB", "AUX"):
        return trigger.head
    return None


def _condition(trigger: Token, cues: StatusCues) -> tuple[str, str | None] | None:
    for token in [trigger, *trigger.ancestors]:
        for child in token.children:
            if child.dep_ == "mark" and child.lower_ in cues.conditions:
                return POSSIBLE, child.text
        if token.dep_ in ("ROOT", "ccomp", "parataxis"):
            break
    return None


def _modal(trigger: Token, cues: StatusCues) -> tuple[str, str | None] | None:
    verb = _subject_of(trigger)
    # "the summit will take place": a subject event takes the modal of a verb of occurring only;
    # "sanctions will stay" says nothing of when they were imposed
    verb = verb if verb is not None and verb.lemma_.lower() in OCCURRING else None
    chain = _verb_chain(verb or _governing_verb(trigger))
    for token in chain:
        for child in token.children:
            if child.dep_ == "aux":
                word = child.lower_
                if word == "would" and _reported_future(chain, cues):
                    return PLANNED, child.text
                for status in (PLANNED, POSSIBLE):
                    if word in cues.modals.get(status, frozenset()):
                        return status, child.text
        if _is_be_to(token):
            return PLANNED, "to"
    return None


def _reported_future(chain: list[Token], cues: StatusCues) -> bool:
    """Whether "would" on a verb chain is the future of a report ("said he would meet Kim"): the chain is
    the complement of a reporting verb, and nothing in it makes the act only possible ("would be willing")."""
    if any(t.lemma_.lower() in cues.governors.get(POSSIBLE, frozenset()) for t in chain):
        return False
    if any(c.dep_ == "advcl" and any(m.dep_ == "mark" and m.lower_ in cues.conditions for m in c.children)
           for t in chain for c in t.children):
        return False  # "said that if Kim agreed, he would meet him": only possible
    top = chain[-1]
    return top.dep_ == "ccomp" and top.head.lemma_.lower() in cues.reporting


def _is_be_to(token: Token) -> bool:
    """ "is to travel": an infinitive xcomp of a form of be."""
    has_to = any(child.dep_ == "aux" and child.lower_ == "to" for child in token.children)
    return has_to and token.dep_ == "xcomp" and token.head.lemma_ == "be"


def _governor(trigger: Token, cues: StatusCues) -> tuple[str, str | None] | None:
    # a subject noun takes its own verb's meaning too: "the summit is expected to", "talks are planned"
    verb = _subject_of(trigger)
    passive = verb is not None and trigger.dep_ == "nsubjpass"  # "the talks said" is no report of talks
    chain = _verb_chain(verb)[0 if passive else 1:] if verb is not None else _verb_chain(_governing_verb(trigger))[1:]
    for token in chain:
        lemma = token.lemma_.lower()
        for status in (PLANNED, POSSIBLE):
            if lemma in cues.governors.get(status, frozenset()):
                return status, token.text
    return None


def _governing_verb(trigger: Token) -> Token:
    """A verb trigger itself; for a noun, the verb it is the object of ("hold a summit").

    Through a preposition only of purpose or goal ("travel for talks"): "travel at
    the invitation of X" says nothing of the invitation's status.
    """
    if trigger.pos_ != "NOUN":
        return trigger
    token = trigger
    while token.dep_ in ("dobj", "pobj", "prep", "nsubjpass", "attr", "conj", "compound") and token.head != token:
        if token.dep_ == "prep" and token.lower_ not in INHERITING_PREPOSITIONS:
            return trigger
        token = token.head
        if token.pos_ in ("VERB", "AUX"):
            return token
    return trigger


# Verbs that say an event happens, whose tense and modality are its own: "the meeting will take place".
OCCURRING = frozenset({"take", "happen", "occur", "go", "begin", "start", "open", "resume", "convene", "proceed"})
INHERITING_PREPOSITIONS = frozenset({"for", "to", "into", "on", "in"})


def _modifier(trigger: Token, cues: StatusCues) -> tuple[str, str | None] | None:
    for token in (trigger, _governing_verb(trigger)):
        for child in token.children:
            if child.dep_ in ("amod", "advmod", "compound"):
                word = child.lower_
                for status in (POSSIBLE, PLANNED):
                    if word in cues.modifiers.get(status, frozenset()):
                        return status, child.text
    return None


def _ahead(trigger: Token, cues: StatusCues) -> tuple[str, str | None] | None:
    """A nominal event something happens ahead of is still to come: "talks ahead of the summit"."""
    if trigger.pos_ != "NOUN" or trigger.dep_ != "pobj":
        return None
    clause = next((a for a in trigger.ancestors if a.pos_ in ("VERB", "AUX")), None)
    if clause is not None and clause.tag_ in ("VBD", "VBN"):
        return None  # "travelled to China ahead of the summit": the summit may be past by now
    preposition = trigger.head
    for word in (preposition.lower_, preposition.head.lower_):
        if word in cues.ahead:
            return PLANNED, word
    return None
