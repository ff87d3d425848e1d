"""Annotate: paragraph rules on hand-built Docs (no model), then parses of real text with the model."""

from __future__ import annotations

from typing import Any

import pytest
import spacy
from spacy.tokens import Doc

from newsgraph.annotate import (
    MODEL,
    ParagraphBreaks,
    load_pipeline,
    model_name,
    paragraph_starts,
    to_doc,
    to_parse,
)

# -- paragraph_starts --------------------------------------------------------------------------


@pytest.mark.parametrize(("text", "starts"), [
    ("One paragraph only.", [0]),
    ("A.\n\nB.\n\nC.", [0, 4, 8]),
    ("A.\n  \nB.", [0, 6]),  # a blank line holding spaces is still a blank line
    ("A.\n\n\n\nB.", [0, 6]),  # several blank lines are one break
    ("Title\n\nLine one.\nLine two.", [0, 7]),  # with blank lines, single newlines do not break
    ("A.\nB.\nC.", [0, 3, 6]),  # no blank line anywhere: every newline breaks
])
def test_paragraph_starts(text: str, starts: list[int]) -> None:
    assert paragraph_starts(text) == starts


# -- ParagraphBreaks on hand-built Docs -------------------------------------------------------------


VOCAB = spacy.blank("en").vocab  # English lexical attributes (is_space), no model


def sent_starts_after_breaks(words: list[str], spaces: list[bool]) -> list[bool | None]:
    doc = Doc(VOCAB, words=words, spaces=spaces)
    return [token.is_sent_start for token in ParagraphBreaks()(doc)]


def test_paragraph_break_starts_a_sentence() -> None:
    words = ["Hello", ".", "\n\n", "World", "."]
    assert sent_starts_after_breaks(words, [False] * 5) == [True, None, None, True, None]


def test_blank_line_after_trailing_space_starts_a_sentence() -> None:
    words = ["Summit", "ends", "\n\n", "Leaders", "left", "."]
    assert sent_starts_after_breaks(words, [True, True, False, True, False, False]) == [
        True, None, None, True, None, None]


def test_single_newline_does_not_break_when_the_text_has_blank_lines() -> None:
    words = ["Head", "\n\n", "Line", "one", "\n", "line", "two", "."]
    spaces = [False, False, True, False, False, True, False, False]
    assert sent_starts_after_breaks(words, spaces) == [True, None, True, None, None, None, None, None]


def test_single_newlines_break_when_the_text_has_no_blank_line() -> None:
    words = ["Title", "\n", "Body", "text", ".", "\n", "More", "."]
    spaces = [False, False, True, False, False, False, False, False]
    assert sent_starts_after_breaks(words, spaces) == [True, None, True, None, None, None, True, None]


def test_no_breaks_in_one_line() -> None:
    words = ["Kim", "met", "Xi", "in", "Beijing", "."]
    assert sent_starts_after_breaks(words, [True] * 5 + [False]) == [True] + [None] * 5


# -- the model ---------------------------------------------------------------------------------

TEXT = (
    "Chinese President Xi Jinping hosted North Korean leader Kim Jong-un in Beijing on Tuesday. "
    "The talks lasted roughly an hour, according to reports from Seoul.\n\n"
    "Kim Yong-chol, Pyongyang's top negotiator, joined them with Ri Yong-ho. "
    "\"We want peace,\" Mr. Kim said.\n\n"
    "Reporters in Tokyo and Washington waited for a statement\n"
    "that never came. The White House declined to comment."
)


@pytest.fixture(scope="module")
def parsed(nlp: Any) -> tuple[Any, Any]:
    doc = nlp(TEXT)
    return doc, to_parse(doc, "art1", model_name(nlp))


def test_pipeline_has_the_paragraph_component_before_the_parser(nlp: Any) -> None:
    names = nlp.pipe_names
    assert names.index("newsgraph_paragraph_breaks") == names.index("parser") - 1


def test_the_pipeline_is_loaded_once_per_process(nlp: Any) -> None:
    # The pipeline stage asks for load_pipeline(MODEL), graph.doc() for load_pipeline(): one model either way.
    assert load_pipeline(MODEL) is nlp


def test_sentences_are_trimmed_and_in_paragraph_order(parsed: tuple[Any, Any]) -> None:
    _, parse = parsed
    starts = paragraph_starts(TEXT)
    assert [s.idx for s in parse.sentences] == list(range(len(parse.sentences)))
    for sentence in parse.sentences:
        span = TEXT[sentence.start:sentence.end]
        assert span and span == span.strip(), sentence
        assert starts[sentence.paragraph] <= sentence.start
        if sentence.paragraph + 1 < len(starts):
            assert sentence.end < starts[sentence.paragraph + 1]
    paragraphs = [s.paragraph for s in parse.sentences]
    assert paragraphs == sorted(paragraphs)
    assert sorted(set(paragraphs)) == [0, 1, 2]


def test_no_sentence_runs_across_a_paragraph_break(parsed: tuple[Any, Any]) -> None:
    _, parse = parsed
    for sentence in parse.sentences:
        assert "\n\n" not in TEXT[sentence.start:sentence.end]


def test_token_offsets_match_the_text(parsed: tuple[Any, Any]) -> None:
    doc, parse = parsed
    assert [t.idx for t in parse.tokens] == list(range(len(doc)))
    for token in parse.tokens:
        assert TEXT[token.start:token.end] == token.text
        assert 0 <= token.head < len(parse.tokens)
        sentence = parse.sentences[token.sent]
        if not token.text.isspace():
            assert sentence.start <= token.start and token.end <= sentence.end
    assert "".join(t.text + (" " if t.ws else "") for t in parse.tokens) == TEXT


@pytest.mark.parametrize("text", [
    "Mr. Kim met Moon Jae-in in Seoul on Tuesday.\n\nThey talked for an hour \u2014 \u201cwarmly\u201d, aides said.",
    "\n\n  \u00dcn\u00efcode caf\u00e9: 3.5% growth \U0001F600 in Q2.  \n",
    "A", "",
])
def test_token_records_hold_what_each_spacy_token_says(nlp: Any, text: str) -> None:
    doc = nlp(text)
    tokens = to_parse(doc, "a").tokens
    assert [(t.idx, t.start, t.end, t.text, t.ws, t.lemma, t.pos, t.tag, t.dep, t.head, t.ent_iob, t.ent_type,
             t.morph) for t in tokens] == [
        (t.i, t.idx, t.idx + len(t.text), t.text, bool(t.whitespace_), t.lemma_, t.pos_, t.tag_, t.dep_, t.head.i,
         t.ent_iob_ or "O", t.ent_type_, str(t.morph)) for t in doc]


def test_entity_offsets_match_the_text(parsed: tuple[Any, Any]) -> None:
    doc, parse = parsed
    assert len(parse.entities) == len(doc.ents) > 0
    for entity in parse.entities:
        assert TEXT[entity.start:entity.end] == entity.text
        assert parse.tokens[entity.start_token].start == entity.start
        assert parse.tokens[entity.end_token - 1].end == entity.end
        assert entity.sent == parse.tokens[entity.start_token].sent
    persons = {e.text for e in parse.entities if e.label == "PERSON"}
    assert "Xi Jinping" in persons


def test_parse_records_the_model(parsed: tuple[Any, Any], nlp: Any) -> None:
    _, parse = parsed
    assert parse.article_id == "art1"
    assert parse.model == model_name(nlp) == f"en_{nlp.meta['name']}-{nlp.meta['version']}"


def test_to_doc_reproduces_the_parse(parsed: tuple[Any, Any], nlp: Any) -> None:
    doc, parse = parsed
    rebuilt = to_doc(nlp.vocab, parse)

    def view(d: Doc) -> dict[str, Any]:
        return {
            "text": d.text,
            "words": [t.text for t in d],
            "spaces": [t.whitespace_ for t in d],
            "heads": [t.head.i for t in d],
            "deps": [t.dep_ for t in d],
            "lemmas": [t.lemma_ for t in d],
            "tags": [t.tag_ for t in d],
            "pos": [t.pos_ for t in d],
            "morph": [str(t.morph) for t in d],
            "ents": [(e.start, e.end, e.label_) for e in d.ents],
            "iob": [t.ent_iob_ for t in d],
            "sent_starts": [t.is_sent_start for t in d],
            "sents": [(s.start, s.end) for s in d.sents],
        }

    assert view(rebuilt) == view(doc)
    assert to_parse(rebuilt, "art1", parse.model) == parse


def test_to_doc_of_an_empty_parse(nlp: Any) -> None:
    from newsgraph.records import Parse

    assert len(to_doc(nlp.vocab, Parse("empty", [], [], []))) == 0


@pytest.mark.parametrize("text", [
    "Kim met Xi in Beijing.  Then they left for Seoul.   Moon Jae-in waited.",
    "Kim met Xi in Beijing on Tuesday. \n\nThey talked in Pyongyang.",
    "Trump met Kim.\t\tThey shook hands in Hanoi.",
    "Seoul\nMoon Jae-in spoke.\nKim Jong-un listened.",
])
def test_whitespace_never_starts_or_ends_a_sentence(nlp: Any, text: str) -> None:
    doc = nlp(text)
    parse = to_parse(doc, "w")
    for sentence in parse.sentences:
        span = text[sentence.start:sentence.end]
        assert span and span == span.strip(), sentence
    assert [(s.start, s.end) for s in to_doc(nlp.vocab, parse).sents] == [(s.start, s.end) for s in doc.sents]
