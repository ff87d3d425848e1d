"""Events (newsgraph.events): the trigger file's validation, then patterns on sentences run through the model.

The sentences are written for these tests. Names the small model recognizes reliably are used
("Chinese President Xi Jinping", "North Korean leader Kim Jong-un"); a bare "Xi Jinping" opening a
sentence is often missed by its recognizer, which would test the model instead of the rules.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
import yaml

from newsgraph.actors import ActorFinder, ActorResult
from newsgraph.errors import InputError
from newsgraph.events import EventFinder, load_triggers
from newsgraph.records import Event, PartialDate, Precision

PUBLISHED = PartialDate("2019-06-17", Precision.DAY)  # a Monday
ACTORS = ActorFinder()
EVENTS = EventFinder()

# -- the trigger file --------------------------------------------------------------------------------------

GOOD = {"id": "meet.verb", "lemmas": ["meet"], "pos": "verb", "cameo": "040", "source": ["subject"],
        "target": ["object", "prep:with"]}


def write_triggers(path: Path, *patterns: dict[str, Any]) -> Path:
    path.write_text(yaml.safe_dump({"version": 1, "occurrence_verbs": ["hold"], "patterns": list(patterns)}),
                    encoding="utf-8")
    return path


def test_good_trigger_file_loads(tmp_path: Path) -> None:
    noun = {"id": "summit.noun", "lemmas": ["Summit", "talks"], "pos": "noun", "cameo": "040", "future_cameo": "036",
            "source": ["subject", "between"], "target": ["between"], "joint": True, "confidence": 0.5}
    triggers = load_triggers(write_triggers(tmp_path / "t.yaml", GOOD, noun))
    assert [p.id for p in triggers.patterns] == ["meet.verb", "summit.noun"]
    assert triggers.occurrence_verbs == frozenset({"hold"})
    summit = triggers.patterns[1]
    assert (summit.lemmas, summit.future_cameo, summit.joint, summit.confidence, summit.requires_target) == (
        frozenset({"summit", "talks"}), "036", True, 0.5, False)
    assert triggers.patterns[0].confidence == 0.8
    assert triggers.index[("noun", "summit")] == (summit,)
    assert ("verb", "summit") not in triggers.index


def test_bundled_trigger_ids_are_unique_and_codes_valid() -> None:
    triggers = load_triggers()
    ids = [p.id for p in triggers.patterns]
    assert len(ids) == len(set(ids)) > 40
    assert "meet.verb" in ids and "summit.noun" in ids


@pytest.mark.parametrize(("change", "reason"), [
    ({"pos": "adjective"}, "pos must be verb or noun, not 'adjective'"),
    ({"cameo": "999"}, "unknown CAMEO code '999'"),
    ({"future_cameo": "0399"}, "unknown CAMEO code '0399'"),
    ({"source": ["subjekt"]}, "unknown slot 'subjekt'"),
    ({"target": ["object", "beside"]}, "unknown slot 'beside'"),
    ({"cameo": None}, "missing field 'cameo'"),
    ({"lemmas": None}, "missing field 'lemmas'"),
    ({"confidence": 0}, "confidence must be in (0, 1]"),
    ({"confidence": 1.5}, "confidence must be in (0, 1]"),
    ({"confidence": "high"}, "malformed field"),
])
def test_bad_pattern_raises_input_error_naming_file_and_pattern(
        tmp_path: Path, change: dict[str, Any], reason: str) -> None:
    bad = {**GOOD, "id": "bad.one", **change}
    bad = {key: value for key, value in bad.items() if value is not None}
    path = write_triggers(tmp_path / "triggers.yaml", GOOD, bad)
    with pytest.raises(InputError) as caught:
        load_triggers(path)
    assert caught.value.where == f"{path}: pattern 2 (bad.one)"
    assert caught.value.reason.startswith(reason)


def test_pattern_without_id_is_named_by_position(tmp_path: Path) -> None:
    bad = {key: value for key, value in GOOD.items() if key != "id"}
    path = write_triggers(tmp_path / "triggers.yaml", bad)
    with pytest.raises(InputError) as caught:
        load_triggers(path)
    assert (caught.value.where, caught.value.reason) == (f"{path}: pattern 1 (no id)", "missing field 'id'")


def test_duplicate_pattern_id_raises_input_error(tmp_path: Path) -> None:
    path = write_triggers(tmp_path / "triggers.yaml", GOOD, {**GOOD, "lemmas": ["encounter"]})
    with pytest.raises(InputError) as caught:
        load_triggers(path)
    assert (caught.value.where, caught.value.reason) == (str(path), "duplicate pattern id 'meet.verb'")


@pytest.mark.parametrize("text", ["patterns: [unclosed\n", "- a list\n", "patterns: {id: x}\n"])
def test_unreadable_trigger_file_raises_input_error(tmp_path: Path, text: str) -> None:
    path = tmp_path / "triggers.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(InputError) as caught:
        load_triggers(path)
    assert re.fullmatch(re.escape(str(path)) + r"(:\d+)?", caught.value.where)  # the file, maybe its line


# -- patterns on real text -------------------------------------------------------------------------------


def extract(nlp: Any, text: str, published: PartialDate | None = PUBLISHED,
            article_id: str = "doc-1") -> tuple[ActorResult, list[Event]]:
    doc = nlp(text)
    actors = ACTORS.find(doc, published)
    return actors, EVENTS.find(doc, actors, published, article_id)


def name(actors: ActorResult, key: str | None) -> str | None:
    return actors.actors[key].name if key else None


def triples(actors: ActorResult, events: list[Event]) -> list[tuple[str | None, str, str | None]]:
    """(source name, CAMEO code, target name) of each event, in order."""
    return [(name(actors, e.source), e.cameo, name(actors, e.target)) for e in events]


def only(actors: ActorResult, events: list[Event]) -> Event:
    assert len(events) == 1, triples(actors, events)
    return events[0]


def test_active_subject_and_object(nlp: Any) -> None:
    actors, events = extract(nlp, "Chinese President Xi Jinping hosted North Korean leader Kim Jong-un in Beijing "
                                  "on Tuesday.", PartialDate("2019-01-08", Precision.DAY))
    event = only(actors, events)
    assert triples(actors, events) == [("Xi Jinping", "043", "Kim Jong-un")]
    assert (event.trigger, event.rule, event.plover, event.status, event.status_cue) == (
        "hosted", "host.verb", "CONSULT", "occurred", None)
    assert (event.date, event.date_precision, event.date_text) == ("2019-01-08", "day", "Tuesday")
    assert (event.location, event.location_country) == ("Beijing", "CHN")
    assert event.source == "person:xi jinping" and event.target == "person:kim jong-un"


def test_passive_with_agent(nlp: Any) -> None:
    actors, events = extract(nlp, "North Korean leader Kim Jong-un was hosted by Chinese President Xi Jinping "
                                  "in Beijing.")
    assert triples(actors, events) == [("Xi Jinping", "043", "Kim Jong-un")]
    assert only(actors, events).location == "Beijing"


def test_controller_of_an_infinitive_is_the_source(nlp: Any) -> None:
    actors, events = extract(nlp, "Chinese President Xi Jinping is expected to announce aid to North Korea.")
    event = only(actors, events)
    assert triples(actors, events) == [("Xi Jinping", "070", "North Korea")]
    assert (event.trigger, event.rule, event.status, event.status_cue) == ("aid", "aid.noun", "possible", "expected")


def test_refusal_reaches_the_object_of_the_refused_act(nlp: Any) -> None:
    actors, events = extract(nlp, "North Korea refused to accept South Korea's demands.")
    event = only(actors, events)
    assert triples(actors, events) == [("North Korea", "120", "South Korea")]
    assert (event.trigger, event.rule, event.status) == ("refused", "reject.verb", "occurred")


def test_refusal_to_meet_is_a_rejection_not_a_meeting(nlp: Any) -> None:
    actors, events = extract(nlp, "South Korean President Moon Jae-in refused to meet North Korean leader "
                                  "Kim Jong-un.")
    assert ("Moon Jae-in", "120", "Kim Jong-un") in triples(actors, events)
    refusal = next(e for e in events if e.cameo == "120")
    assert (refusal.trigger, refusal.status) == ("refused", "occurred")
    # the meeting did not happen: no occurred 04 event (a negated one may stay)
    assert [(e.trigger, e.status) for e in events if e.cameo.startswith("04") and e.status != "negated"] == []


def test_between_gives_both_directions(nlp: Any) -> None:
    actors, events = extract(nlp, "A summit between China and Russia was held in Beijing.")
    assert triples(actors, events) == [("China", "040", "Russia"), ("Russia", "040", "China")]
    assert {(e.location, e.rule) for e in events} == {("Beijing", "summit.noun")}


def test_coordinated_subjects_met_each_other(nlp: Any) -> None:
    actors, events = extract(nlp, "Xi Jinping and Kim Jong-un met in Pyongyang on Thursday.")
    assert triples(actors, events) == [("Xi Jinping", "040", "Kim Jong-un"), ("Kim Jong-un", "040", "Xi Jinping")]
    assert {(e.date, e.location, e.location_country, e.status) for e in events} == {
        ("2019-06-13", "Pyongyang", "PRK", "occurred")}


def test_possessor_is_the_source_and_a_capital_target_is_its_country(nlp: Any) -> None:
    actors, events = extract(nlp, "Xi Jinping's visit to Pyongyang ended on Friday.")
    event = only(actors, events)
    assert triples(actors, events) == [("Xi Jinping", "042", "North Korea")]
    assert (event.target, event.location, event.location_country, event.rule) == (
        "country:PRK", "Pyongyang", "PRK", "visit.noun")


def test_object_owner_is_the_target(nlp: Any) -> None:
    actors, events = extract(nlp, "The White House welcomed Xi Jinping's visit to Pyongyang.")
    assert triples(actors, events) == [("White House", "051", "Xi Jinping"), ("Xi Jinping", "042", "North Korea")]
    assert events[0].rule == "praise.verb"


@pytest.mark.parametrize(("verb", "cameo", "rule"), [
    ("lifted", "081", "ease-sanctions.noun"), ("eased", "081", "ease-sanctions.noun"),
    ("imposed", "163", "impose-sanctions.noun"),
])
def test_governing_verb_decides_a_nouns_code(nlp: Any, verb: str, cameo: str, rule: str) -> None:
    actors, events = extract(nlp, f"The United States {verb} sanctions on North Korea.")
    assert triples(actors, events) == [("United States", cameo, "North Korea")]
    assert only(actors, events).rule == rule


def test_sanctions_under_another_verb_are_no_event(nlp: Any) -> None:
    actors, events = extract(nlp, "The United States discussed sanctions on North Korea.")
    assert {"country:USA", "country:PRK"} <= set(actors.actors)
    assert events == []


def test_requires_target_gives_no_event_without_one(nlp: Any) -> None:
    actors, events = extract(nlp, "Chinese President Xi Jinping hosted a dinner in Beijing.")
    assert "person:xi jinping" in actors.actors
    assert events == []


def test_no_source_no_event(nlp: Any) -> None:
    actors, events = extract(nlp, "Officials hosted North Korean leader Kim Jong-un in Beijing.")
    assert "person:kim jong-un" in actors.actors
    assert events == []


def test_noun_event_counts_under_an_occurrence_verb(nlp: Any) -> None:
    actors, events = extract(nlp, "North Korean leader Kim Jong-un held talks with the United States.")
    event = only(actors, events)
    assert triples(actors, events) == [("Kim Jong-un", "040", "United States")]
    assert (event.trigger, event.rule) == ("talks", "summit.noun")


def test_noun_event_under_other_verb_is_no_meeting(nlp: Any) -> None:
    actors, events = extract(nlp, "North Korean leader Kim Jong-un backed away from talks with the United States.")
    assert {"person:kim jong-un", "country:USA"} <= set(actors.actors)
    assert events == []


@pytest.mark.parametrize(("text", "cue"), [
    ("Chinese President Xi Jinping will meet US President Donald Trump in Osaka.", "will"),
    ("Chinese President Xi Jinping is scheduled to meet US President Donald Trump in Osaka.", "scheduled"),
])
def test_planned_meeting_takes_the_future_code(nlp: Any, text: str, cue: str) -> None:
    actors, events = extract(nlp, text)
    event = only(actors, events)
    assert triples(actors, events) == [("Xi Jinping", "036", "Donald Trump")]
    assert (event.status, event.status_cue, event.plover, event.location) == ("planned", cue, "CONSULT", "Osaka")


def test_date_attached_to_the_trigger(nlp: Any) -> None:
    actors, events = extract(nlp, "South Korean President Moon Jae-in visited Pyongyang in September.")
    event = only(actors, events)
    assert triples(actors, events) == [("Moon Jae-in", "042", "North Korea")]
    assert (event.date, event.date_precision, event.date_text) == ("2018-09", "month", "September")


def test_main_clause_falls_back_to_the_sentences_date(nlp: Any) -> None:
    actors, events = extract(nlp, "Chinese President Xi Jinping met Kim Jong-un after the North Korean leader "
                                  "arrived on Monday.")
    event = only(actors, events)
    assert (event.trigger, event.date, event.date_text) == ("met", "2019-06-17", "Monday")


def test_subordinate_noun_event_does_not_take_the_sentences_date(nlp: Any) -> None:
    actors, events = extract(nlp, "Kim Jong-un and Xi Jinping met in January, when Moon Jae-in travelled to "
                                  "Washington ahead of his summit with Donald Trump.")
    by_trigger = {(e.trigger, name(actors, e.source), name(actors, e.target)): e for e in events}
    assert by_trigger[("met", "Kim Jong-un", "Xi Jinping")].date == "2019-01"
    summit = by_trigger[("summit", "Moon Jae-in", "Donald Trump")]
    assert (summit.date, summit.date_text) == (None, None)


def test_reported_act_is_not_dated_by_the_report(nlp: Any) -> None:
    """ "said on Monday that he had visited": Monday is when he spoke, not when he went."""
    actors, events = extract(nlp, "North Korean leader Kim Jong-un said on Monday that he had visited Seoul.")
    event = only(actors, events)
    assert triples(actors, events) == [("Kim Jong-un", "042", "South Korea")]
    assert (event.date, event.date_text) == (None, None)


def test_reported_act_is_not_placed_where_it_was_reported(nlp: Any) -> None:
    actors, events = extract(nlp, "North Korean leader Kim Jong-un said in Beijing that he had met Donald Trump.")
    event = only(actors, events)
    assert triples(actors, events) == [("Kim Jong-un", "040", "Donald Trump")]
    assert (event.location, event.location_country) == (None, None)


def test_since_never_dates_an_event(nlp: Any) -> None:
    actors, events = extract(nlp, "Chinese President Xi Jinping has hosted Kim Jong-un four times since 2018.")
    event = only(actors, events)
    assert triples(actors, events) == [("Xi Jinping", "043", "Kim Jong-un")]
    assert (event.date, event.date_text, event.date_precision) == (None, None, "unknown")


def test_future_words_make_an_event_planned(nlp: Any) -> None:
    actors, events = extract(nlp, "Chinese President Xi Jinping travels to Japan later this month.")
    event = only(actors, events)
    assert triples(actors, events) == [("Xi Jinping", "042", "Japan")]
    assert (event.status, event.status_cue, event.date, event.date_precision) == (
        "planned", "later this month", "2019-06", "month")


@pytest.mark.parametrize(("text", "location", "country"), [
    ("South Korean President Moon Jae-in met Chinese President Xi Jinping in Osaka.", "Osaka", "JPN"),
    ("North Korean leader Kim Jong-un held a summit with Donald Trump in Singapore.", "Singapore", "SGP"),
])
def test_location_from_in_phrases(nlp: Any, text: str, location: str, country: str) -> None:
    actors, events = extract(nlp, text)
    event = only(actors, events)
    assert (event.location, event.location_country) == (location, country)
    assert event.lat is not None and event.lon is not None


TWO_PARAGRAPHS = ("Chinese President Xi Jinping hosted North Korean leader Kim Jong-un in Beijing on Tuesday.\n\n"
                  "  The White House welcomed the talks. South Korean President Moon Jae-in will meet "
                  "US President Donald Trump in Seoul.")


def test_evidence_is_the_sentence_with_its_offsets(nlp: Any) -> None:
    _, events = extract(nlp, TWO_PARAGRAPHS)
    assert [(e.evidence, e.sent) for e in events] == [
        ("Chinese President Xi Jinping hosted North Korean leader Kim Jong-un in Beijing on Tuesday.", 0),
        ("South Korean President Moon Jae-in will meet US President Donald Trump in Seoul.", 2),
    ]
    for event in events:
        assert TWO_PARAGRAPHS[event.evidence_start:event.evidence_end] == event.evidence
        assert TWO_PARAGRAPHS[event.trigger_start:event.trigger_end] == event.trigger
        assert event.evidence_start <= event.trigger_start < event.trigger_end <= event.evidence_end
        assert 0 < event.confidence <= 1
    assert [e.rule for e in events] == ["host.verb", "meet.verb"]


def test_event_ids_are_stable_across_runs(nlp: Any) -> None:
    first = [e.id for e in extract(nlp, TWO_PARAGRAPHS)[1]]
    again = [e.id for e in extract(nlp, TWO_PARAGRAPHS)[1]]
    other_doc = [e.id for e in extract(nlp, TWO_PARAGRAPHS, article_id="doc-2")[1]]
    assert first == again
    assert len(set(first)) == len(first) == 2
    assert not set(first) & set(other_doc)
    assert all(len(i) == 16 and int(i, 16) >= 0 for i in first)


def test_confidence_is_rule_times_actor_confidence(nlp: Any) -> None:
    actors, events = extract(nlp, "Chinese President Xi Jinping hosted North Korean leader Kim Jong-un.")
    # host.verb is 0.75; both actors are named in full (0.95)
    assert only(actors, events).confidence == round(0.75 * 0.95, 3)
