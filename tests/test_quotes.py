"""Quotes (newsgraph.quotes): quote spans in plain strings (no model), the speech file, attribution on real
parses, the gold corpus gate and the two seed articles.

``tests/gold/quotes.jsonl`` holds hand-written texts (invented people and situations, nothing copied from a
publication or from ``../shared/seeds``), one JSON object a line::

    {"id": "q001", "text": "...", "quotes": [{"speaker": "Lena Brandt", "text": "...", "verb": "said",
     "channel": null}], "note": "what the line tests"}

``quotes`` lists every quote a good system must find: its words without the marks (the pieces of a quote over
several paragraphs joined by a blank line), the speaker by full canonical name (null when the text names no
actor: "a police officer", a pronoun with no antecedent), the verb as written in lower case ("according to"),
and the channel phrase or null. An empty list is a negative line (scare quotes, titles, apostrophes).
A prediction matches a gold quote when their words overlap by 80% both ways and the speakers agree. The
floors below may only go up; a deliberate edit of the gold file updates ``GOLD_SHA256`` too.
"""

from __future__ import annotations

import hashlib
import importlib.util
import json
import re
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from newsgraph.actors import ActorFinder, ActorResult
from newsgraph.errors import InputError
from newsgraph.quotes import (
    QuoteFinder,
    default_speech,
    find_quote_spans,
    is_quotation,
    load_speech,
    make_quote_finder,
)
from newsgraph.records import PartialDate, Precision, Quote

GOLD = Path(__file__).parent / "gold" / "quotes.jsonl"
GOLD_SHA256 = "a0126bc85f67bc95107051ad804d34f4524e0affa0681e6c3e92db0186f56fbe"
FLOORS = {"quotes_f1": 0.98, "verb_accuracy": 0.95, "channel_accuracy": 0.95}
SHARED = Path(__file__).parents[1].parent / "shared"
SEEDS_GOLD = SHARED / "gold" / "seeds.json"
SEED_DATES = {"000_be1492698f019d6f": "2019-01-08", "003_1037126989e954dc": "2019-06-17"}


def spans(text: str) -> list[str]:
    """The words of every quote found in ``text``."""
    return [span.text(text) for span in find_quote_spans(text)]


# -- spans: the forms ------------------------------------------------------------------------------------


@pytest.mark.parametrize(("text", "expected"), [
    ("“The harbour will be ready by the end of summer,” Lena Brandt said.",
     ["The harbour will be ready by the end of summer,"]),
    ('"The river is lower than at any time in forty years," Ingrid Larsen said.',
     ["The river is lower than at any time in forty years,"]),
    ("“We did not expect the vote to be this close,” Ana Silva told The Baltic Times. “But a win is a win.”",
     ["We did not expect the vote to be this close,", "But a win is a win."]),
    ("“We did not expect it to be this close,” she said, “but a win is a win, and we will take it.”",
     ["We did not expect it to be this close,", "but a win is a win, and we will take it."]),
    ("Yuki Tanaka said: “This bridge joins two towns. It took nine years to build. It carries ten thousand cars.”",
     ["This bridge joins two towns. It took nine years to build. It carries ten thousand cars."]),
    ("“My father told me, ‘never sell the land’, and I never have,” Ana Silva said.",
     ["My father told me, ‘never sell the land’, and I never have,"]),
    ("“He called it 'a victory for common sense' and left,” she said.",
     ["He called it 'a victory for common sense' and left,"]),
    ("She stated that the talks aim at the “final, fully verified removal of every mine on the border”.",
     ["final, fully verified removal of every mine on the border"]),
    ("Kenji Mori said the deal was “the most important step we have taken in fifty years”.",
     ["the most important step we have taken in fifty years"]),
    ("‘We are not going to give up the fight for these jobs,’ Omar Haddad said.",
     ["We are not going to give up the fight for these jobs,"]),
    ("'We are not going to give up the fight for these jobs,' Omar Haddad said.",
     ["We are not going to give up the fight for these jobs,"]),
    ("‘The students’ union has been very clear about this,’ Chloe Martin said.",
     ["The students’ union has been very clear about this,"]),
    ("‘He told us it was “the best deal we could get” and we believed him,’ she said.",
     ["He told us it was “the best deal we could get” and we believed him,"]),
    ("“O’Neill’s team didn’t lose a game all season, and they won’t lose this one,” he said.",
     ["O’Neill’s team didn’t lose a game all season, and they won’t lose this one,"]),
    ("“Griots are not just important,\" he said. \"They are the puzzle you cannot miss in history.”",
     ["Griots are not just important,", "They are the puzzle you cannot miss in history."]),
    ("“Why should we pay for a bridge we will never use?” asked Mateo Quispe.",
     ["Why should we pay for a bridge we will never use?"]),
])
def test_quote_forms(text: str, expected: list[str]) -> None:
    assert spans(text) == expected


@pytest.mark.parametrize("text", [
    "The so-called “peace dividend” never reached the villages, Ravi Menon said.",
    "Critics say the “reform” is a tax rise by another name.",
    "The council adopted a \"zero waste\" target for 2030.",
    "Daniel Mwangi described the plan as “dead on arrival”.",
    "He called it “the axis of evil” in a speech.",
    "Ingrid Larsen’s book, “The Long Road North,” was published last year.",
    "The report, “2024 China Game Industry Minor Protection Report”, was published in March.",
    "Amara Eze’s company won’t build the plant. The farmers’ union said it didn’t matter.",
    "O’Neill and D’Souza met at the ’90s revival of rock 'n' roll in the Koreas’ border town.",
    "’Tis the season, and 'em folks won't stop singing till the '20s are over, said Ana.",
    "The ship's AIS data and the Jairan 's transponder were checked by 'experts' at the port.",
    "The screen is 12\" wide and the cable 6' long.",
])
def test_not_quotes(text: str) -> None:
    assert find_quote_spans(text) == []


@pytest.mark.parametrize(("words", "expected"), [
    ("we will win", False),  # three words
    ("zero tolerance for crime", False),  # four words, nothing verb-like
    ("a reckless gamble with our lives", True),  # a partial quote of six words
    ("we will win this", True),
    ("The Art of the Deal", False),  # a title
    ("Make America Great Again", False),  # a slogan in title case
    ("WE WILL NEVER SURRENDER", True),  # capitals are no title
    ("it doesn't matter now", True),
    ("final, fully verified denuclearisation of the DPRK", True),
])
def test_is_quotation(words: str, expected: bool) -> None:
    assert is_quotation(words) is expected


def test_offsets_exclude_the_marks() -> None:
    text = "Ana said: “We will build three schools this year.” Then she left."
    [span] = find_quote_spans(text)
    assert text[span.open_at] == "“" and span.close_at is not None and text[span.close_at] == "”"
    assert text[span.start:span.end] == "We will build three schools this year."
    assert (span.paragraph, span.mark, span.pieces) == (0, "double", ((span.start, span.end),))
    assert span.extent == (span.open_at, span.close_at + 1)


# -- spans: paragraphs -----------------------------------------------------------------------------------


def test_quote_runs_over_paragraphs() -> None:
    text = ("Grace Mensah described the plan.\n\n“We will build three new schools in the north.\n\n"
            "“Each will have room for five hundred pupils,” she said.\n\nThe council meets in May.")
    [span] = find_quote_spans(text)
    assert span.text(text) == ("We will build three new schools in the north.\n\n"
                               "Each will have room for five hundred pupils,")
    assert span.paragraph == 1 and len(span.pieces) == 2 and span.close_at is not None
    assert [text[a:b] for a, b in span.pieces] == ["We will build three new schools in the north.",
                                                   "Each will have room for five hundred pupils,"]


def test_quote_runs_over_three_paragraphs_with_single_newlines() -> None:
    text = ("Ravi Menon spoke first.\n“The dam is ready.\n“The turbines arrive in May.\n"
            "“The first power flows in June,” he said.\nThe ministry agreed.")
    [span] = find_quote_spans(text)
    assert len(span.pieces) == 3 and span.text(text).endswith("The first power flows in June,")


def test_straight_marks_run_over_paragraphs() -> None:
    text = 'Yuki Tanaka spoke.\n\n"The first trains will run in April.\n\n"The fares will be lower," she said.'
    assert spans(text) == ["The first trains will run in April.\n\nThe fares will be lower,"]


def test_unclosed_quote_ends_with_its_paragraph() -> None:
    text = ("“We will win this election, Ana Silva told supporters in Lisbon.\n\n"
            "Voting begins on Sunday morning and ends on Sunday night.\n\nTurnout is expected to be high.")
    [span] = find_quote_spans(text)
    assert span.close_at is None and span.end == text.index("\n\n")
    assert span.text(text) == "We will win this election, Ana Silva told supporters in Lisbon."


def test_unclosed_quote_ends_where_the_next_opens() -> None:
    text = "“We will win this election, she said. “And then we will build the new port,” she added."
    assert spans(text) == ["We will win this election, she said.", "And then we will build the new port,"]
    first = find_quote_spans(text)[0]
    assert first.close_at is None


def test_closed_quote_does_not_continue_into_the_next_paragraph() -> None:
    text = "“The first phase is finished,” he said.\n\n“The second phase begins in March.”"
    assert spans(text) == ["The first phase is finished,", "The second phase begins in March."]


def test_unclosed_quote_without_a_next_quote_paragraph_stops() -> None:
    text = "“The first phase is finished, he said.\n\nThe second phase begins in March, officials said."
    assert spans(text) == ["The first phase is finished, he said."]


# -- spans: bad input ------------------------------------------------------------------------------------


@pytest.mark.parametrize("text", ["", "“", "”", '"', "‘’", "“”", '""', "“ ” “ ”", "’’’’", "\n\n“\n\n”\n\n",
                                  "“““““", "”””””", "' ' ' '", "“a”b“c”d“e"])
def test_marks_alone_are_no_quotes(text: str) -> None:
    assert find_quote_spans(text) == []


def test_a_five_thousand_word_quote() -> None:
    words = " ".join(f"word{n} is" for n in range(2500))
    text = f"Ana Silva said: “{words}.” The meeting ended.\n\nThe council met again on Monday."
    started = time.perf_counter()
    [span] = find_quote_spans(text)
    assert time.perf_counter() - started < 1.0
    assert span.text(text) == f"{words}." and span.close_at is not None


def test_a_document_that_is_one_long_quote() -> None:
    paragraphs = [f"Paragraph {n} of the speech says that the harbour will be rebuilt." for n in range(50)]
    text = "“" + "\n\n".join(paragraphs)
    [span] = find_quote_spans(text)
    assert span.text(text) == paragraphs[0]  # no quote swallows the rest of the article
    continued = "\n\n".join("“" + p for p in paragraphs) + "”"
    [whole] = find_quote_spans(continued)
    assert len(whole.pieces) == 50 and whole.close_at == len(continued) - 1


def test_many_apostrophes_are_fast() -> None:
    text = "They sang 'em " * 5000 + "and 'til dawn."
    started = time.perf_counter()
    assert find_quote_spans(text) == []
    assert time.perf_counter() - started < 1.0


MARKS = st.sampled_from(["“", "”", '"', "‘", "’", "'", " ", " ", "\n", "\n\n", "word", "we will", ",", "."])


@settings(max_examples=300, deadline=None)
@given(st.lists(MARKS, max_size=60).map("".join))
def test_spans_stay_inside_their_paragraphs(text: str) -> None:
    from newsgraph.annotate import paragraph_starts

    starts = paragraph_starts(text)
    previous_end = -1
    for span in find_quote_spans(text):
        assert previous_end <= span.open_at < span.start <= span.end <= len(text)
        previous_end = span.extent[1]
        for start, end in span.pieces:
            paragraph_end = next((s for s in starts if s > start), len(text) + 1)
            assert end < paragraph_end  # no piece runs over a paragraph break


# -- the speech file -------------------------------------------------------------------------------------


def test_bundled_speech_file() -> None:
    speech = default_speech()
    assert {"say", "tell", "add", "state", "write", "warn"} <= speech.verbs
    assert ("according", "to") in speech.multiword
    assert {"on", "in"} <= speech.channel_prepositions  # YAML's "on" stays a word
    assert "statement" in speech.channel_nouns and "tell" in speech.audience_verbs


def _speech_file(tmp_path: Path, body: str) -> Path:
    path = tmp_path / "speech.yaml"
    path.write_text(body, encoding="utf-8")
    return path


FULL = ("verbs: [say]\nmultiword: [according to]\naudience_verbs: [tell]\naudiences: [reporters]\n"
        "channel_prepositions: [in]\nchannel_nouns: [statement]\nrepresentatives: [spokesman]\n")


@pytest.mark.parametrize(("body", "where", "reason"), [
    (FULL + "adverbs: [quickly]\n", ":8", "unknown section 'adverbs'"),
    (FULL.replace("verbs: [say]", "verbs:\n  - say\n  - {mutter: 1}"), ":3", "expected a word or phrase"),
    (FULL.replace("audiences: [reporters]", "audiences: reporters"), ":4", "must be a list"),
    (FULL.replace("representatives: [spokesman]\n", ""), "", "missing section representatives"),
    (FULL.replace("verbs: [say]", "verbs: []"), "", "lists no speech verb"),
    ("verbs: [say\n", ":2", "not valid YAML"),
    ("- say\n", "", "expected a mapping"),
])
def test_bad_speech_files_name_file_and_line(tmp_path: Path, body: str, where: str, reason: str) -> None:
    path = _speech_file(tmp_path, body)
    with pytest.raises(InputError) as caught:
        load_speech(path)
    assert caught.value.where == f"{path}{where}" and reason in caught.value.reason


# -- attribution on real parses --------------------------------------------------------------------------


def run(nlp: Any, text: str, finder: QuoteFinder | None = None) -> tuple[list[Quote], ActorResult]:
    doc = nlp(text)
    actors = ActorFinder().find(doc, None)
    return (finder or QuoteFinder()).find(doc, actors, "a1"), actors


def test_a_quote_record(nlp: Any) -> None:
    text = "“The company has met every safety standard,” Amara Eze said in an emailed statement to Reuters."
    [quote], actors = run(nlp, text)
    assert quote.speaker is not None and actors.actors[quote.speaker].name == "Amara Eze"
    assert (quote.text, text[quote.start:quote.end]) == ("The company has met every safety standard,",) * 2
    assert quote.speaker_start is not None and quote.speaker_end is not None
    assert text[quote.speaker_start:quote.speaker_end] == quote.speaker_text == "Amara Eze"
    assert (quote.verb, quote.channel, quote.paragraph, quote.confidence) == (
        "said", "an emailed statement to Reuters", 0, 0.9)
    assert quote.id == hashlib.sha1(f"a1|{quote.start}|{quote.end}".encode()).hexdigest()[:16]
    assert quote.article_id == "a1"


def test_pronoun_speaker_skips_names_inside_quotes(nlp: Any) -> None:
    text = ("Mr. Ravi Menon visited the dam with Tomas Novak on Monday.\n\n"
            "“Tomas Novak wants to rebuild the old canal next year,” he said.")
    [quote], actors = run(nlp, text)
    assert quote.speaker is not None and actors.actors[quote.speaker].name == "Ravi Menon"
    assert (quote.speaker_text, quote.confidence) == ("he", 0.81)


def test_unattributed_quotes_inherit_or_not(nlp: Any) -> None:
    text = ("“The first phase of the railway is finished,” Mateo Quispe said.\n\n"
            "“The second phase will begin in March.”\n\n"
            "Prices rose sharply, and Yuki Tanaka announced new imports.\n\n"
            "“We should have acted sooner.”")
    first, second, third = run(nlp, text)[0]
    assert first.speaker == second.speaker and first.speaker is not None
    assert (second.speaker_text, second.verb, second.confidence) == ("Mateo Quispe", "said", 0.65)
    assert (third.speaker, third.speaker_text, third.verb, third.confidence) == (None, None, None, 0.4)


def test_the_component_writes_the_doc(nlp: Any) -> None:
    from newsgraph.extract import register_extensions

    register_extensions()
    doc = nlp("“We are ready to sign the treaty tomorrow,” Ingrid Larsen told CNN. The \"zero waste\" plan waits.")
    doc._.ng_article_id = "a2"
    ActorFinder()(doc)
    QuoteFinder()(doc)
    [quote] = doc._.ng_quotes
    assert (quote.article_id, quote.verb, quote.channel) == ("a2", "told", "CNN")
    [span] = doc.spans["ng_quotes"]
    assert (span.text, span.label_, span.kb_id_) == (quote.text, "quote", quote.speaker)


def test_without_actors_the_speaker_is_only_words(nlp: Any) -> None:
    doc = nlp("“The road will reopen on Monday morning,” Lena Brandt said.")
    [quote] = QuoteFinder().find(doc, ActorResult(), "a3")
    assert (quote.speaker, quote.speaker_text, quote.verb, quote.confidence) == (None, "Lena Brandt", "said", 0.4)


def test_a_user_speech_file(nlp: Any, tmp_path: Path) -> None:
    path = _speech_file(tmp_path, FULL.replace("verbs: [say]", "verbs: [mutter]"))
    finder = make_quote_finder(nlp, "newsgraph_quotes", str(path))
    [muttered], actors = run(nlp, "“The trains never run on time in this town,” Ana Silva muttered.", finder)
    assert (muttered.verb, actors.actors[muttered.speaker or ""].name) == ("muttered", "Ana Silva")
    [said], _ = run(nlp, "“The trains never run on time in this town,” Ana Silva said.", finder)
    assert (said.speaker, said.verb) == (None, None)


def test_bad_input_through_the_model(nlp: Any) -> None:
    words = " ".join(f"the harbour number {n} will be rebuilt" for n in range(700))  # about 5,000 words
    texts = [
        f"Ana Silva said: “{words}.”\n\nThe council met on Monday.",
        "“" + "\n\n".join(f"Paragraph {n} says the harbour will be rebuilt soon." for n in range(40)),
        "“We will win,” “she said. ” “ ” \" ' ‘ ’ “Nobody knows what happens next, he said.\n\nThe end came.",
        "O’Neill said he doesn’t know. “ ” The farmers’ union didn’t comment.",
    ]
    results = [run(nlp, text)[0] for text in texts]
    for text, quotes in zip(texts, results, strict=True):
        for quote in quotes:  # a quote crosses a paragraph break only where the next paragraph goes on
            assert "\n\n" not in text[quote.start:quote.end] or "\n\n" in quote.text
    [long_quote] = results[0]
    assert (len(long_quote.text.split()), long_quote.speaker) == (4900, "person:ana silva")
    [first] = results[1]
    assert first.end == texts[1].index("\n\n")  # the one long quote does not swallow the article
    assert [q.text for q in results[2]] == ["Nobody knows what happens next, he said."]
    assert results[3] == []


# -- the gold corpus gate --------------------------------------------------------------------------------


@dataclass
class GoldScore:
    """Matched pairs, misses and spurious quotes over the gold file."""

    pairs: list[tuple[dict[str, Any], Quote]] = field(default_factory=list)
    missed: list[tuple[str, dict[str, Any]]] = field(default_factory=list)
    spurious: list[tuple[str, Quote]] = field(default_factory=list)

    def figures(self) -> dict[str, float]:
        matched = len(self.pairs)
        precision = matched / (matched + len(self.spurious)) if matched + len(self.spurious) else 0.0
        recall = matched / (matched + len(self.missed)) if matched + len(self.missed) else 0.0
        return {
            "quotes_precision": precision, "quotes_recall": recall,
            "quotes_f1": 2 * precision * recall / (precision + recall) if precision + recall else 0.0,
            "verb_accuracy": sum(g["verb"] == q.verb for g, q in self.pairs) / matched if matched else 0.0,
            "channel_accuracy": sum(g["channel"] == q.channel for g, q in self.pairs) / matched if matched else 0.0,
        }


TITLES = re.compile(r"^(the |mr\.? |mrs\.? |ms\.? |dr\.? |professor |prof\.? |president |chairman |leader )+")


def _norm(name: str) -> str:
    """A name as ../shared/tools/score.py compares it (case, titles and punctuation ignored)."""
    text = TITLES.sub("", re.sub(r"'s$", "", name.lower().replace("\u2019", "'").strip()))
    return re.sub(r"[^a-z0-9]+", " ", text).strip()


def _tokens(text: str) -> set[str]:
    return set(re.findall(r"[a-z0-9]+", text.lower()))


def _same_quote(gold: dict[str, Any], quote: Quote, actors: ActorResult) -> bool:
    gold_words, words = _tokens(gold["text"]), _tokens(quote.text)
    shared = len(gold_words & words)
    if not gold_words or not words or shared < 0.8 * len(gold_words) or shared < 0.8 * len(words):
        return False
    if gold["speaker"] is None or quote.speaker is None:
        return gold["speaker"] is None and quote.speaker is None
    actor = actors.actors[quote.speaker]
    return _norm(gold["speaker"]) in {_norm(actor.name), *(_norm(alias) for alias in actor.aliases)}


def score_gold(nlp: Any) -> GoldScore:
    score = GoldScore()
    finder, actor_finder = QuoteFinder(), ActorFinder()
    for line in GOLD.read_text(encoding="utf-8").splitlines():
        record = json.loads(line)
        doc = nlp(record["text"])
        actors = actor_finder.find(doc, None)
        left = finder.find(doc, actors, record["id"])
        for gold in record["quotes"]:
            found = next((q for q in left if _same_quote(gold, q, actors)), None)
            if found is None:
                score.missed.append((record["id"], gold))
            else:
                left.remove(found)
                score.pairs.append((gold, found))
        score.spurious.extend((record["id"], q) for q in left)
    return score


def test_gold_file_is_well_formed() -> None:
    records = [json.loads(line) for line in GOLD.read_text(encoding="utf-8").splitlines()]
    assert len(records) >= 50 and len({r["id"] for r in records}) == len(records)
    for record in records:
        assert set(record) == {"id", "text", "quotes", "note"}, record["id"]
        for quote in record["quotes"]:
            assert set(quote) == {"speaker", "text", "verb", "channel"}, record["id"]
    assert hashlib.sha256(GOLD.read_bytes()).hexdigest() == GOLD_SHA256, "gold changed: update GOLD_SHA256"


def test_gold_quality_gate(nlp: Any) -> None:
    score = score_gold(nlp)
    figures = score.figures()
    report = [f"{name}={value:.3f}" for name, value in figures.items()]
    report += [f"missed {line}: {gold}" for line, gold in score.missed]
    report += [f"spurious {line}: {quote.speaker} {quote.text!r}" for line, quote in score.spurious]
    print("\n".join(report))
    for name, floor in FLOORS.items():
        assert figures[name] >= floor, "\n".join(report)


# -- the seed articles -----------------------------------------------------------------------------------


def _scorer() -> Any:
    spec = importlib.util.spec_from_file_location("shared_score", SHARED / "tools" / "score.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.mark.skipif(not SEEDS_GOLD.is_file(), reason="../shared/gold/seeds.json is not here")
def test_seed_quotes(nlp: Any) -> None:
    scorer = _scorer()
    gold = json.loads(SEEDS_GOLD.read_text(encoding="utf-8"))
    names = scorer.Actors(gold["actors"])
    right = total = found = expected = 0
    for document in gold["documents"]:
        _, _, body = (SHARED / "seeds" / f"{document['id']}.txt").read_text(encoding="utf-8").partition("\n")
        doc = nlp(body.strip())
        actors = ActorFinder().find(doc, PartialDate(SEED_DATES[document["id"]], Precision.DAY))
        predicted = [{"doc": document["id"], "text": q.text,
                      "speaker": actors.actors[q.speaker].name if q.speaker else None}
                     for q in QuoteFinder().find(doc, actors, document["id"])]
        total += len(predicted)
        expected += len(document["quotes"])
        right += sum(any(scorer.quote_match(p, g, names) for g in document["quotes"]) for p in predicted)
        found += sum(any(scorer.quote_match(p, g, names) for p in predicted) for g in document["quotes"])
    precision, recall = right / total, found / expected
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    print(f"seed quotes P={precision:.3f} R={recall:.3f} F1={f1:.3f}")
    assert f1 >= 0.95


@pytest.mark.parametrize(("text", "speaker", "speaker_text"), [
    ("“The bridge will not reopen before the spring floods,” according to Lucia Ferraro, the city engineer.",
     "person:lucia ferraro", "Lucia Ferraro"),
    ("According to the health ministry, “every district has reported new cases since Monday.”",
     "organization:health ministry", "the health ministry"),
])
def test_multiword_attribution_names_the_speaker(nlp: Any, text: str, speaker: str, speaker_text: str) -> None:
    quotes, _ = run(nlp, text)
    assert [(q.speaker, q.speaker_text, q.verb) for q in quotes] == [(speaker, speaker_text, "according to")]


@pytest.mark.parametrize(("token_starts", "paragraph_starts"), [
    ([0, 4, 9, 12, 20, 27], [0, 12, 27]),
    ([3, 5, 9], [4, 6, 30]),  # a token before the first paragraph, a paragraph with no token, none after
    ([], [0, 10]),
    ([0, 2, 4], [0]),
])
def test_paragraph_of_each_token(token_starts: list[int], paragraph_starts: list[int]) -> None:
    from bisect import bisect_right

    from newsgraph.quotes import _paragraph_of

    expected = [bisect_right(paragraph_starts, start) - 1 for start in token_starts]  # the last start at or before
    assert _paragraph_of(token_starts, paragraph_starts) == expected
