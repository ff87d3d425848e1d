"""Quotes: direct quotations, who said them, with which verb and through which channel.

Two steps. :func:`find_quote_spans` is a pure scan of the text that pairs
quotation marks paragraph by paragraph: curly and straight double marks,
single marks (nested, or as the only marks in British style), apostrophes
told apart from closing marks, quotes that run over paragraphs (an unclosed
quote continues when the next paragraph opens with a mark), unbalanced marks
(an unclosed quote ends with its paragraph, never later) and scare quotes
(too short, or no verb-like content: not a quote).

:class:`QuoteFinder` then attributes each span with the dependency parse: the
speech verb (``data/speech.yaml``) that governs the quote or stands next to
it in the same sentence, that verb's subject (``according to X``: its object)
and the actor of that subject from the actor stage. Pronoun speakers are
resolved to the last compatible person named outside quotes. A quote with no
attribution of its own takes the speaker of the quote before it in its
paragraph (the second half of a split quote), or of the previous paragraph's
quote when it opens its paragraph and the text in between names no one else.
"""

from __future__ import annotations

import hashlib
import re
from bisect import bisect_left, bisect_right
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from newsgraph.actors import ActorResult
from newsgraph.annotate import doc_text, paragraph_starts
from newsgraph.errors import InputError
from newsgraph.records import ActorMention, DocActor, Quote
from newsgraph.resources import bundled, read_text, read_yaml

if TYPE_CHECKING:
    from importlib.resources.abc import Traversable

    from spacy.language import Language
    from spacy.tokens import Doc, Token

    Source = Path | Traversable

DOUBLE, SINGLE = "double", "single"
TERMINATORS = frozenset({".", "!", "?", "…"})
SUBJECTS = frozenset({"nsubj", "nsubjpass"})
OBJECTS = frozenset({"dobj", "dative", "iobj", "pobj", "poss", "npadvmod", "attr"})
CHANNEL_PREPOSITIONS = frozenset({"to", "with", "on", "for"})  # kept in a channel phrase: "an interview with CNN"
# Speech verbs whose subject is found on the verb they hang from: "she said, adding ...", "and stated".
CLIMB = frozenset({"conj", "advcl", "xcomp", "pcomp", "prep", "acl", "ccomp", "parataxis"})
MIN_WORDS = 4
MIN_WORDS_WITHOUT_VERB = 6  # a longer noun phrase in marks is a partial quote ("a reckless gamble with ...")
AFTER_EXCLAMATION = 6  # tokens after “...?” or “...!” in which the attribution must stand
PRONOUN_WINDOW = 3  # paragraphs back in which a speaker pronoun finds its antecedent
CONFIDENCE = {
    "governed": 0.9, "after": 0.85, "before": 0.8, "same_paragraph": 0.75, "previous_paragraph": 0.65,
}
UNKNOWN_SPEAKER = 0.4
PRONOUN_FACTOR = 0.9
UNCLOSED_FACTOR = 0.8
SPEAKER_PRONOUNS = {"he": "m", "she": "f"}

_MARKS = re.compile("[“”\"‘']")  # the characters that may open a quote (see _opening)
_CLITIC = re.compile(r"(?:s|t|re|ll|ve|d|m)(?![^\W\d_])", re.IGNORECASE)
_WORD = re.compile(r"[^\W_]+(?:['’\-][^\W_]+)*")
_FUNCTION_WORDS = frozenset({"a", "an", "the", "of", "and", "or", "in", "on", "at", "to", "for", "with", "by",
                             "from", "as", "nor", "but"})
_VERB_WORDS = frozenset({
    "is", "are", "was", "were", "be", "been", "being", "am", "will", "would", "shall", "should", "can",
    "could", "may", "might", "must", "have", "has", "had", "do", "does", "did", "i", "we", "you", "me", "us",
    "my", "our", "your", "let", "get", "got", "go", "goes", "make", "makes", "know", "think", "want", "wants",
    "need", "needs", "see", "come", "take", "give", "say", "says", "tell", "believe", "hope", "expect",
    "seem", "seems", "keep", "stop", "feel", "mean", "means", "cannot", "won't", "can't", "don't",
})
_NOT_VERBS = frozenset({"thing", "things", "something", "nothing", "anything", "everything", "morning",
                        "evening", "during", "king", "ring", "wing", "spring", "string", "building", "meeting",
                        "ceiling", "red", "bed", "need", "seed", "speed", "feed", "hundred", "shed", "sled"})


# -- the speech resource ------------------------------------------------------------------------------


SECTIONS = ("verbs", "multiword", "audience_verbs", "audiences", "channel_prepositions", "channel_nouns",
            "representatives")


@dataclass(frozen=True, slots=True)
class Speech:
    """The word lists of ``data/speech.yaml`` (all lower case)."""

    verbs: frozenset[str]
    multiword: tuple[tuple[str, ...], ...]
    audience_verbs: frozenset[str]
    audiences: frozenset[str]
    channel_prepositions: frozenset[str]
    channel_nouns: frozenset[str]
    representatives: frozenset[str]


def load_speech(path: Path | None = None) -> Speech:
    """Read and validate a speech file (the bundled one by default); errors name file and line."""
    import yaml

    source: Any = path or bundled("speech.yaml")
    read_yaml(source)  # syntax errors, with their line
    root = yaml.compose(read_text(source))
    if not isinstance(root, yaml.MappingNode):
        raise InputError(str(source), f"expected a mapping with the sections {', '.join(SECTIONS)}")
    found: dict[str, Any] = {}
    for key, value in root.value:
        name = str(key.value)
        if name == "version":
            continue
        if name not in SECTIONS:
            raise InputError(_at(source, key), f"unknown section {name!r}; expected one of {', '.join(SECTIONS)}")
        found[name] = _words(source, name, value)
    missing = [name for name in SECTIONS if name not in found]
    if missing:
        raise InputError(str(source), f"missing section{'s' if len(missing) > 1 else ''} {', '.join(missing)}")
    if not found["verbs"]:
        raise InputError(str(source), "the 'verbs' section lists no speech verb")
    return Speech(
        verbs=frozenset(found["verbs"]), multiword=tuple(tuple(p.split()) for p in found["multiword"]),
        **{name: frozenset(found[name]) for name in SECTIONS[2:]},
    )


def _words(source: Source, name: str, node: Any) -> list[str]:
    """The words of one section: a list of plain strings (taken as written, so ``on`` stays a word)."""
    import yaml

    if not isinstance(node, yaml.SequenceNode):
        raise InputError(_at(source, node), f"section {name!r} must be a list of words or phrases")
    words = []
    for item in node.value:
        text = " ".join(str(item.value).lower().split()) if isinstance(item, yaml.ScalarNode) else ""
        if not text:
            raise InputError(_at(source, item), f"section {name!r}: expected a word or phrase, found {_shown(item)}")
        words.append(text)
    return words


def _at(source: Source, node: Any) -> str:
    return f"{source}:{node.start_mark.line + 1}"


def _shown(node: Any) -> str:
    return repr(node.value) if isinstance(node.value, str) else f"a {type(node).__name__.removesuffix('Node').lower()}"


@lru_cache(maxsize=1)
def default_speech() -> Speech:
    """The bundled speech verbs and channel cues, loaded once."""
    return load_speech()


# -- finding quote spans in text ----------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class QuoteSpan:
    """A quotation found in the text: where its words are, without the marks.

    ``pieces`` holds one ``(start, end)`` per paragraph the quote runs over;
    ``start``/``end`` span them all. ``open_at`` is the offset of the opening
    mark, ``close_at`` that of the closing mark (None: unclosed, the quote ends
    with its paragraph or where the next quote opens).
    """

    start: int
    end: int
    open_at: int
    close_at: int | None
    paragraph: int
    mark: str  # "double" or "single"
    pieces: tuple[tuple[int, int], ...]

    def text(self, text: str) -> str:
        """The quoted words; the pieces of a quote over several paragraphs joined by a blank line."""
        return "\n\n".join(text[start:end] for start, end in self.pieces)

    @property
    def extent(self) -> tuple[int, int]:
        """Characters from the opening mark to just after the closing mark (or the quote's end)."""
        return self.open_at, (self.close_at + 1) if self.close_at is not None else self.end


@dataclass(slots=True)
class _Raw:
    """One paragraph's piece of a quote, before linking over paragraphs and filtering."""

    open_at: int
    start: int
    end: int
    close_at: int | None
    mark: str
    paragraph: int
    to_paragraph_end: bool  # unclosed and running to the end of its paragraph


def find_quote_spans(text: str) -> list[QuoteSpan]:
    """Every direct quotation of a text, in order (pure: works on the string alone)."""
    starts = paragraph_starts(text)
    ends = [*starts[1:], len(text)]
    raws: list[list[_Raw]] = [_scan_paragraph(text, start, end, number)
                              for number, (start, end) in enumerate(zip(starts, ends, strict=True))]
    spans = []
    for group in _link(text, raws, starts):
        span = _span(group)
        if span is not None and is_quotation(span.text(text)):
            spans.append(span)
    return spans


def _scan_paragraph(text: str, start: int, end: int, number: int) -> list[_Raw]:
    """The quotes opened in one paragraph, left to right; an opener without closer ends at the paragraph end."""
    end = _trim_end(text, start, end)
    found: list[_Raw] = []
    unclosed_single: _Raw | None = None  # once a single mark finds no closer, no later one will
    i = start
    while (next_mark := _MARKS.search(text, i, end)) is not None:
        i = next_mark.start()  # jumping to the next mark: _opening is None for every other character
        mark = _opening(text, i, end)
        if mark is None:
            i += 1
            continue
        if mark == SINGLE and unclosed_single is not None:
            close, closed = end, False
        else:
            close, closed = _closing(text, i + 1, end, mark)
        if not closed and mark == SINGLE:
            # An apostrophe ('tis) unless it is the paragraph's last opening mark and the next paragraph goes on.
            unclosed_single = unclosed_single or _Raw(i, i + 1, end, None, mark, number, True)
            i += 1
            continue
        inner_end = _trim_end(text, i + 1, close)
        found.append(_Raw(i, i + 1, inner_end, close if closed else None, mark, number, not closed and close >= end))
        i = close + 1 if closed else close
    if unclosed_single is not None and not any(raw.open_at > unclosed_single.open_at for raw in found):
        found.append(unclosed_single)
    return found


def _trim_end(text: str, start: int, end: int) -> int:
    while end > start and text[end - 1].isspace():
        end -= 1
    return end


def _opening(text: str, i: int, end: int) -> str | None:
    """The kind of quote a mark at ``i`` opens, or None (a closing mark, an apostrophe, a stray mark)."""
    char = text[i]
    before = text[i - 1] if i > 0 else " "
    after = text[i + 1] if i + 1 < end else " "
    if char == "“":
        return None if (before.isalnum() and (after.isspace() or after in ",.;:!?")) else DOUBLE
    if char in "\"”":  # a straight mark, or a right mark typed for a left one, opens before a word
        return DOUBLE if not before.isalnum() and before not in ".,;:!?" and not after.isspace() else None
    if char in "‘'":
        # ‘90s, a word-internal apostrophe (rock'n'roll) and a clitic cut off by a space ("Iran 's") open nothing
        clitic = _CLITIC.match(text, i + 1, end) is not None
        return SINGLE if not before.isalnum() and after.isalpha() and not clitic else None
    return None


def _closing(text: str, i: int, end: int, mark: str) -> tuple[int, bool]:
    """Where the quote opened before ``i`` closes: (offset of the closing mark, True), else (its end, False).

    A quote opened with “ closes with ”, or with a straight mark right after punctuation (“...," he
    said), or failing both with the first straight mark; a straight one closes with either mark.
    An unclosed double quote ends where an unmistakable new opening mark (“ after a space) starts
    another quote, or at the paragraph end.
    """
    if mark == SINGLE:
        return _closing_single(text, i, end)
    curly = text[i - 1] == "“"
    straight: int | None = None
    for j in range(i, end):
        char = text[j]
        if char == "”" or (char == '"' and (not curly or _ends_sentence_part(text, j, end))):
            return j, True
        if char == '"' and straight is None:
            straight = j
        if char == "“" and j > i and text[j - 1].isspace() and j + 1 < end and not text[j + 1].isspace():
            return (straight, True) if straight is not None else (_trim_end(text, i, j), False)
    return (straight, True) if straight is not None else (end, False)


def _ends_sentence_part(text: str, j: int, end: int) -> bool:
    """A straight mark right after punctuation and before a space closes even a quote opened with “ (“...," he said)."""
    return j > 0 and text[j - 1] in ",.!?;" and (j + 1 >= end or text[j + 1].isspace())


def _closing_single(text: str, i: int, end: int) -> tuple[int, bool]:
    """The closing single mark: not an apostrophe inside a word, nor (if a later mark closes) a plural possessive."""
    possessive: int | None = None
    for j in range(i, end):
        if text[j] not in "’'":
            continue
        before = text[j - 1] if j > i else " "
        after = text[j + 1] if j + 1 < end else " "
        if before.isspace() or (before.isalnum() and after.isalnum()):
            continue  # ’til, O’Neill, don’t
        if before == "s" and re.match(r"\s+[a-z]", text[j + 1:j + 3]):
            possessive = possessive if possessive is not None else j  # "the students’ union": go on if you can
            continue
        return j, True
    return (possessive, True) if possessive is not None else (end, False)


def _link(text: str, raws: list[list[_Raw]], starts: list[int]) -> list[list[_Raw]]:
    """Group pieces into quotes: a quote unclosed at its paragraph's end goes on when the next opens with a mark."""
    groups: list[list[_Raw]] = []
    pending: list[_Raw] | None = None  # a quote whose last piece ran unclosed to its paragraph's end
    for number, pieces in enumerate(raws):
        for k, piece in enumerate(pieces):
            if (pending is not None and k == 0 and piece.mark == pending[-1].mark
                    and piece.open_at == _first_char(text, starts[number])):
                group = [*pending, piece]
            else:
                _keep(groups, pending)
                group = [piece]
            pending = None
            if piece.to_paragraph_end:
                pending = group
            else:
                _keep(groups, group)
        if pending is not None and pending[-1].paragraph != number:
            _keep(groups, pending)
            pending = None
    _keep(groups, pending)
    return groups


def _keep(groups: list[list[_Raw]], group: list[_Raw] | None) -> None:
    """Keep a quote; an unclosed single quote only if it went on in the next paragraph ('tis is no quote)."""
    if group is None:
        return
    if group[-1].mark == SINGLE and group[-1].close_at is None and len(group) == 1:
        return
    groups.append(group)


def _first_char(text: str, start: int) -> int:
    while start < len(text) and text[start].isspace():
        start += 1
    return start


def _span(group: list[_Raw]) -> QuoteSpan | None:
    pieces = tuple((p.start, p.end) for p in group if p.end > p.start)
    if not pieces:
        return None
    first, last = group[0], group[-1]
    return QuoteSpan(pieces[0][0], pieces[-1][1], first.open_at, last.close_at, first.paragraph, first.mark, pieces)


def is_quotation(words_text: str) -> bool:
    """Whether quoted words are a quotation rather than a scare quote or a title.

    At least four words; a title or slogan in capitals ("The Art of the Deal")
    is not a quote; without anything verb-like, six words at least ("a reckless
    gamble with our lives" is a partial quote, "the axis of evil" a scare quote).
    """
    words = _WORD.findall(words_text)
    if len(words) < MIN_WORDS:
        return False
    if not words_text.isupper() and not re.search(r"[,;:.!?]", words_text.rstrip(",;:.!? ")) and all(
            word[0].isupper() or word[0].isdigit() or word.lower() in _FUNCTION_WORDS for word in words):
        return False
    return len(words) >= MIN_WORDS_WITHOUT_VERB or any(_verb_like(word) for word in words)


def _verb_like(word: str) -> bool:
    lower = word.lower().replace("’", "'")
    if lower in _VERB_WORDS or re.search(r"n't$|'(s|re|ve|ll|m|d)$", lower):
        return True
    return len(lower) > 4 and lower.endswith(("ed", "ing")) and lower not in _NOT_VERBS


# -- attributing quotes with the parse ----------------------------------------------------------------


@dataclass(slots=True)
class _Speaker:
    """Who a quote is attributed to, the words that say so, and how it was found."""

    actor: DocActor | None
    text: str | None
    start: int | None
    end: int | None
    verb: str | None
    channel: str | None
    method: str
    pronoun: bool = False


@dataclass
class _Context:
    """Per-document lookups: token positions, which tokens are quoted, paragraphs, mentions."""

    doc: Doc
    actors: ActorResult
    speech: Speech
    spans: list[QuoteSpan]
    token_starts: list[int] = field(default_factory=list)
    quote_of: list[int] = field(default_factory=list)  # token -> index of the quote it lies in, or -1
    paragraph_starts: list[int] = field(default_factory=list)  # character offsets
    paragraph_of: list[int] = field(default_factory=list)  # token -> paragraph number
    pronoun_speakers: dict[int, DocActor] = field(default_factory=dict)  # "she" token -> who this stage says
    text: str = ""  # the document's text, kept: Doc.text joins every token again on each call

    def __post_init__(self) -> None:
        self.text = self.text or self.doc.text
        # One column read instead of a spaCy Token built per token
        self.token_starts = self.doc.to_array("IDX").tolist() if len(self.doc) else []
        self.quote_of = [-1] * len(self.doc)
        for n, span in enumerate(self.spans):
            first, last = self.tokens_in(*span.extent)
            for i in range(first, last):
                self.quote_of[i] = n
        self.paragraph_starts = paragraph_starts(self.text)
        self.paragraph_of = _paragraph_of(self.token_starts, self.paragraph_starts)

    def tokens_in(self, start: int, end: int) -> tuple[int, int]:
        """The token range [first, last) of the tokens that start within characters [start, end)."""
        first = bisect_right(self.token_starts, start - 1)
        return first, max(first, bisect_right(self.token_starts, end - 1))

    def quoted(self, i: int) -> bool:
        return self.quote_of[i] >= 0

    def is_speech(self, token: Token) -> bool:
        """A speech verb ("said", "told") or the first word of a multiword attribution ("according to")."""
        if self.quoted(token.i):
            return False
        verbs = self.speech.verbs
        if (token.pos_ in ("VERB", "AUX") or token.tag_.startswith("VB")) and (
                token.lemma_.lower() in verbs or token.lower_ in verbs):
            return True
        return self.multiword(token) is not None

    def multiword(self, token: Token) -> Token | None:
        """The last token of a multiword attribution starting at ``token``, if one does."""
        if token.lower_ not in _first_words(self.speech.multiword):
            return None  # most tokens: no phrase to build and compare
        doc = self.doc
        for words in self.speech.multiword:
            tail = doc[token.i:token.i + len(words)]
            if len(tail) == len(words) and all(t.lower_ == w for t, w in zip(tail, words, strict=True)):
                return tail[-1]
        return None


def _paragraph_of(token_starts: list[int], paragraph_starts: list[int]) -> list[int]:
    """The paragraph number of each token (-1 before the first paragraph), from the character offsets where
    tokens and paragraphs start (both ascending): one search per paragraph rather than one per token."""
    cuts = [bisect_left(token_starts, start) for start in paragraph_starts] + [len(token_starts)]
    index = [-1] * cuts[0]
    for number in range(len(paragraph_starts)):
        index += [number] * (cuts[number + 1] - cuts[number])
    return index


@lru_cache(maxsize=8)
def _first_words(phrases: tuple[tuple[str, ...], ...]) -> frozenset[str]:
    """The words multiword attributions start with ("according" of "according to")."""
    return frozenset(words[0] for words in phrases if words)


class QuoteFinder:
    """spaCy component: find quotes (``doc._.ng_quotes``) using the actors already on the doc."""

    def __init__(self, speech: Speech | None = None) -> None:
        self.speech = speech or default_speech()

    def __call__(self, doc: Doc) -> Doc:
        actors = getattr(doc._, "ng_actors", None) if _has_extension("ng_actors") else None
        article_id = getattr(doc._, "ng_article_id", None) if _has_extension("ng_article_id") else None
        self.write(doc, self.find(doc, actors or ActorResult(), article_id or ""))
        return doc

    def find(self, doc: Doc, actors: ActorResult, article_id: str) -> list[Quote]:
        """Every quote of ``doc`` with its speaker, verb and channel (pure: the doc is not changed)."""
        text = doc_text(doc)
        spans = find_quote_spans(text)
        context = _Context(doc, actors, self.speech, spans, text=text)
        speakers = [_attribute(context, n) for n in range(len(spans))]
        _inherit(context, speakers)
        return [_quote(context, article_id, span, speaker) for span, speaker in zip(spans, speakers, strict=True)]

    @staticmethod
    def write(doc: Doc, quotes: list[Quote]) -> None:
        """Store quotes on the doc: ``doc._.ng_quotes`` and the ``ng_quotes`` span group."""
        from spacy.tokens import Doc as SpacyDoc

        if not SpacyDoc.has_extension("ng_quotes"):
            SpacyDoc.set_extension("ng_quotes", default=None)
        doc._.ng_quotes = quotes
        spans = [doc.char_span(q.start, q.end, label="quote", kb_id=q.speaker or "", alignment_mode="expand")
                 for q in quotes]
        doc.spans["ng_quotes"] = [span for span in spans if span is not None]


def make_quote_finder(nlp: Language, name: str, speech_file: str | None = None) -> QuoteFinder:
    """Factory for the ``newsgraph_quotes`` component: the bundled speech file, or ``speech_file``."""
    return QuoteFinder(load_speech(Path(speech_file)) if speech_file else None)


def _has_extension(name: str) -> bool:
    from spacy.tokens import Doc as SpacyDoc

    return bool(SpacyDoc.has_extension(name))


def _quote(context: _Context, article_id: str, span: QuoteSpan, speaker: _Speaker | None) -> Quote:
    text = context.text
    if speaker is None:
        speaker = _Speaker(None, None, None, None, None, None, "unknown")
    if speaker.actor is None:
        confidence = UNKNOWN_SPEAKER
    else:
        confidence = CONFIDENCE[speaker.method] * (PRONOUN_FACTOR if speaker.pronoun else 1.0)
    if span.close_at is None:
        confidence *= UNCLOSED_FACTOR
    return Quote(
        id=_quote_id(article_id, span.start, span.end), article_id=article_id, text=span.text(text),
        start=span.start, end=span.end, speaker=speaker.actor.key if speaker.actor else None,
        speaker_text=speaker.text, speaker_start=speaker.start, speaker_end=speaker.end, verb=speaker.verb,
        channel=speaker.channel, paragraph=span.paragraph, confidence=round(confidence, 3),
    )


def _quote_id(article_id: str, start: int, end: int) -> str:
    """Stable id: the same article and offsets give the same id on every run."""
    return hashlib.sha1(f"{article_id}|{start}|{end}".encode()).hexdigest()[:16]


# -- the speech verb of a quote -----------------------------------------------------------------------


def _attribute(context: _Context, n: int) -> _Speaker | None:
    """The speaker of quote ``n`` from its own sentence, or None when the sentence names none."""
    before, after = _frames(context, n)
    introduced = _colon_verb(context, before)
    candidates = [(introduced, "governed")] if introduced is not None else []
    candidates += [(verb, "governed") for verb in _governing(context, n, before | after)]
    candidates += [(verb, "after") for verb in _after_verbs(context, n, after)]
    candidates += [(verb, "before") for verb in _before_verbs(context, before)]
    fallback: _Speaker | None = None
    for verb, method in candidates:
        speaker = _speaker_of(context, verb, method)
        if speaker.actor is not None or speaker.text is not None:
            return speaker
        fallback = fallback or speaker
    return fallback


def _frames(context: _Context, n: int) -> tuple[set[int], set[int]]:
    """Tokens of the quote's sentence before its opening and after its closing mark, outside quotes.

    A frame stops at a sentence end (. ! ?) outside quotes, at another quote and at the paragraph's edge.
    """
    span = context.spans[n]
    doc = context.doc
    first, last = context.tokens_in(*span.extent)
    before: set[int] = set()
    if first >= len(doc):
        return before, set()
    i = first - 1
    while i >= 0 and not context.quoted(i) and doc[i].text not in TERMINATORS and \
            context.paragraph_of[i] == context.paragraph_of[first]:
        before.add(i)
        i -= 1
    after: set[int] = set()
    i = last
    end_paragraph = context.paragraph_of[last - 1] if last > first else -1
    limit = len(doc) if span.close_at is not None else last
    final = context.text[span.end - 1] if span.end > span.start else ""
    if final == ".":
        limit = last  # “We won.” ends the sentence: what follows is not its attribution
    elif final in "!?":
        limit = min(limit, last + AFTER_EXCLAMATION)  # “Why not?” asked Smith / “Never!” Smith said.
    while i < limit and not context.quoted(i) and doc[i].text not in TERMINATORS and \
            context.paragraph_of[i] == end_paragraph:
        after.add(i)
        i += 1
    return before, after


def _governing(context: _Context, n: int, frame: set[int]) -> list[Token]:
    """Speech verbs in the frame that the quote's words hang from ("she told ... that “...”")."""
    found: list[Token] = []
    for token in _quote_tokens(context, n):
        if context.quote_of[token.head.i] == n:
            continue
        for ancestor in token.ancestors:
            if ancestor.i in frame and context.is_speech(ancestor):
                if ancestor not in found:
                    found.append(ancestor)
                break
    return found


def _quote_tokens(context: _Context, n: int) -> list[Token]:
    tokens: list[Token] = []
    for start, end in context.spans[n].pieces:
        first, last = context.tokens_in(start, end)
        tokens.extend(context.doc[first:last])
    return tokens


def _after_verbs(context: _Context, n: int, frame: set[int]) -> list[Token]:
    """Speech verbs after the closing mark that report this quote, not a clause of their own."""
    verbs = []
    for i in sorted(frame):
        token = context.doc[i]
        if context.is_speech(token) and not any(
                child.dep_ == "ccomp" and context.quote_of[child.i] != n for child in token.children):
            verbs.append(token)
    return verbs


def _before_verbs(context: _Context, frame: set[int]) -> list[Token]:
    """Speech verbs before the opening mark, the nearest first ("CCTV said, “...”")."""
    return [context.doc[i] for i in sorted(frame, reverse=True) if context.is_speech(context.doc[i])]


def _colon_verb(context: _Context, frame: set[int]) -> Token | None:
    """The verb that introduces a quote with a colon, speech verb or not ("Ravi Menon disagreed: “...”")."""
    words = [context.doc[i] for i in sorted(frame) if not context.doc[i].is_space]
    if len(words) < 2 or words[-1].text != ":":
        return None
    verb = next((t for t in [words[-2], *words[-2].ancestors] if t.pos_ in ("VERB", "AUX")), None)
    return verb if verb is not None and verb.i in frame else None


# -- the speaker of a speech verb ---------------------------------------------------------------------


def _speaker_of(context: _Context, verb: Token, method: str) -> _Speaker:
    """The speaker a speech verb names: its subject, or the object of "according to"."""
    tail = context.multiword(verb)
    if tail is not None:
        subject = _object_of(tail) or _adjacent_name(context, tail)
        verb_text = context.doc[verb.i:tail.i + 1].text.lower()
        channel = None
    else:
        subject = _subject(context, verb)
        verb_text = verb.lower_
        channel = _channel(context, verb)
    if subject is None:
        return _Speaker(None, None, None, None, verb_text, channel, method)
    actor, (start, end), pronoun = _resolve(context, subject)
    if channel is None and subject.lower_ in context.speech.channel_nouns:
        channel = _phrase(context, subject, keep_preps=False)  # "a statement from the ministry said"
    return _Speaker(actor, context.text[start:end], start, end, verb_text, channel, method, pronoun)


def _object_of(token: Token) -> Token | None:
    return next((child for child in token.children if child.dep_ == "pobj"), None)


def _subject(context: _Context, verb: Token) -> Token | None:
    """The verb's subject, or that of the verb it hangs from ("she said, adding ..."), or a name beside it."""
    current = verb
    for _ in range(3):
        for child in current.children:
            if context.quoted(child.i):
                continue
            if child.dep_ == "nsubj" and child.tag_ in ("WP", "WDT") and current.dep_ == "relcl":
                return current.head  # "Ana Silva, who told reporters “...”"
            if child.dep_ == "nsubj" or (child.dep_ == "nsubjpass" and current.lemma_.lower() == "quote"):
                return child
            if child.dep_ == "agent" and _object_of(child) is not None:
                return _object_of(child)
        if current.dep_ not in CLIMB or current.head.i == current.i or context.quoted(current.head.i):
            break
        current = current.head
    return _adjacent_name(context, verb)


def _adjacent_name(context: _Context, verb: Token) -> Token | None:
    """A named actor right after ("said Ahn Yinhay") or right before the verb, when the parse gave no subject."""
    doc = context.doc
    for i in [*range(verb.i + 1, min(len(doc), verb.i + 4)), *range(verb.i - 1, max(-1, verb.i - 4), -1)]:
        if context.quoted(i) or doc[i].text in TERMINATORS:
            continue
        mention = context.actors.by_token.get(i)
        if mention is None or mention.kind not in ("name", "short", "organization"):
            continue
        head = doc[mention.head]
        if head.dep_ not in OBJECTS:  # "told VOA": the object is the audience, not the speaker
            return head
    return None


def _resolve(context: _Context, subject: Token) -> tuple[DocActor | None, tuple[int, int], bool]:
    """The actor a subject names, the characters naming it, and whether it is a pronoun."""
    actors = context.actors
    if subject.lower_ in SPEAKER_PRONOUNS:
        actor = _antecedent(context, subject) or actors.actor_at(subject.i)
        if actor is not None:
            context.pronoun_speakers[subject.i] = actor
        return actor, (subject.idx, subject.idx + len(subject.text)), True
    mention = _mention_in(context, subject)
    if mention is not None:
        return actors.actors[mention.actor], (mention.start, mention.end), mention.kind == "pronoun"
    words = _phrase_span(context, subject, keep_preps=True)
    return _represented(context, subject) or _named_by_part(context, subject), words, False


def _named_by_part(context: _Context, subject: Token) -> DocActor | None:
    """The actor whose full name a bare surname the recognizer missed repeats ("Quispe added")."""
    if subject.pos_ != "PROPN" or any(child.dep_ == "compound" for child in subject.children):
        return None
    word = subject.text.casefold()
    latest: tuple[int, DocActor] | None = None
    for mention in context.actors.mentions:
        actor = context.actors.actors[mention.actor]
        parts = actor.name.casefold().split()
        if mention.start_token < subject.i and len(parts) > 1 and word in (parts[0], parts[-1]) and \
                (latest is None or mention.start_token > latest[0]):
            latest = (mention.start_token, actor)
    return latest[1] if latest else None


def _mention_in(context: _Context, subject: Token) -> ActorMention | None:
    """The actor mention at the subject's head, on a word of its left part ("Chinese state-run CCTV") or
    in its apposition ("the spokesman, Geng Shuang,")."""
    by_token = context.actors.by_token
    if subject.i in by_token:
        return by_token[subject.i]
    for i in range(subject.i - 1, subject.left_edge.i - 1, -1):
        mention = by_token.get(i)
        if mention is not None and context.doc[i].dep_ in ("compound", "nmod"):
            return mention
    for child in subject.children:
        if child.dep_ == "appos" and child.i in by_token:
            return by_token[child.i]
    return None


def _represented(context: _Context, subject: Token) -> DocActor | None:
    """The actor a spokesman or a statement speaks for: "a spokesman for the ministry", "the ministry's statement"."""
    if subject.lemma_.lower() not in context.speech.representatives and \
            subject.lower_ not in context.speech.representatives:
        return None
    for child in subject.children:
        if child.dep_ == "poss" or (child.dep_ == "prep" and child.lower_ in ("for", "of", "from", "at")):
            target = child if child.dep_ == "poss" else _object_of(child)
            if target is not None:
                mention = _mention_in(context, target)
                if mention is not None:
                    return context.actors.actors[mention.actor]
    return None


def _antecedent(context: _Context, pronoun: Token) -> DocActor | None:
    """The person a speaker pronoun stands for: the last one named outside quotes, subjects preferred.

    Names inside quotes are skipped ("“... Mr Kim ...,” he said" is not Kim speaking); earlier
    speaker pronouns count with the person this stage resolved them to.
    """
    gender = SPEAKER_PRONOUNS[pronoun.lower_]
    paragraph = context.paragraph_of[pronoun.i]
    latest: DocActor | None = None
    for mention in reversed(context.actors.mentions):
        if mention.start_token >= pronoun.i or context.quoted(mention.start_token):
            continue
        if paragraph - context.paragraph_of[mention.start_token] > PRONOUN_WINDOW:
            break
        if mention.kind == "pronoun":
            actor = context.pronoun_speakers.get(mention.start_token)
            if actor is None:
                continue
        else:
            actor = context.actors.actors[mention.actor]
        if actor.type != "person" or (actor.gender is not None and actor.gender != gender):
            continue
        if context.doc[mention.head].dep_ in SUBJECTS:
            return actor
        latest = latest or actor
    return latest


# -- channels -----------------------------------------------------------------------------------------


def _channel(context: _Context, verb: Token) -> str | None:
    """How the words reached print: "told The Telegraph", "in an emailed statement to Reuters", "on Twitter"."""
    speech = context.speech
    verbs = [verb]
    while (verbs[-1].dep_ in ("conj", "ccomp") and verbs[-1].head.i != verbs[-1].i and len(verbs) < 4
           and not context.quoted(verbs[-1].head.i)):
        verbs.append(verbs[-1].head)  # "In a statement, the White House said it ... and stated that ..."
    for current in verbs:
        if current.lemma_.lower() in speech.audience_verbs:
            for child in current.children:
                if child.dep_ in ("dobj", "dative") and not context.quoted(child.i) and _is_audience(context, child):
                    return _phrase(context, child, keep_preps=False)
        for child in current.children:
            if child.dep_ != "prep" or child.lower_ not in speech.channel_prepositions or context.quoted(child.i):
                continue
            target = _object_of(child)
            if target is None:
                continue
            if _is_channel_noun(context, target) or (child.lower_ == "to" and _is_audience(context, target)):
                return _phrase(context, target, keep_preps=True)
    return None


def _is_channel_noun(context: _Context, token: Token) -> bool:
    nouns = context.speech.channel_nouns
    if token.lower_ in nouns or token.lemma_.lower() in nouns:
        return True
    compound = " ".join(t.lower_ for t in token.lefts if t.dep_ == "compound")
    return bool(compound) and f"{compound} {token.lower_}" in nouns


def _is_audience(context: _Context, token: Token) -> bool:
    """A named person or organisation, or an audience word ("reporters"), as the object of "told"."""
    if token.lower_ in context.speech.audiences or token.lemma_.lower() in context.speech.audiences:
        return True
    mention = context.actors.by_token.get(token.i)
    if mention is not None and context.actors.actors[mention.actor].type in ("person", "organization"):
        return True
    return token.ent_type_ in ("ORG", "PERSON")


def _phrase(context: _Context, head: Token, keep_preps: bool) -> str:
    start, end = _phrase_span(context, head, keep_preps)
    return context.text[start:end]


def _phrase_span(context: _Context, head: Token, keep_preps: bool) -> tuple[int, int]:
    """Characters of a noun phrase: its left modifiers, and if asked the "to"/"with"/"on"/"for" phrases after it.

    Clauses, appositions, places and times are left out: "a statement in Accra on Monday" is "a statement".
    """
    doc = context.doc
    first = head.left_edge.i
    last = head.i
    for child in head.rights:
        if not keep_preps or child.dep_ not in ("prep", "compound", "nummod", "amod"):
            break
        if child.dep_ == "prep" and (child.lower_ not in CHANNEL_PREPOSITIONS or any(
                t.ent_type_ in ("DATE", "TIME") for t in child.subtree)):
            break
        last = child.right_edge.i
    while first < head.i and (context.quoted(first) or doc[first].is_punct):
        first += 1
    while last > head.i and (context.quoted(last) or doc[last].is_punct or doc[last].is_space):
        last -= 1
    tokens = doc[first:last + 1]
    return tokens.start_char, tokens.end_char


# -- quotes with no attribution of their own ----------------------------------------------------------


def _inherit(context: _Context, speakers: list[_Speaker | None]) -> None:
    """Give an unattributed quote the speaker of the quote before it, in its paragraph or the previous one."""
    for n in range(1, len(speakers)):
        if speakers[n] is not None:
            continue
        previous = speakers[n - 1]
        if previous is None or (previous.actor is None and previous.text is None):
            continue
        span, before = context.spans[n], context.spans[n - 1]
        last_paragraph = context.paragraph_of[context.tokens_in(*before.extent)[1] - 1]
        if span.paragraph == last_paragraph:
            speakers[n] = _copy(previous, "same_paragraph")  # "“...,” she said. “...”": unnamed or not, the same
        elif previous.actor is not None and span.paragraph == last_paragraph + 1 and \
                _opens_paragraph(context, span) and not _someone_else_between(context, before, span, previous.actor):
            speakers[n] = _copy(previous, "previous_paragraph")


def _copy(speaker: _Speaker, method: str) -> _Speaker:
    return _Speaker(speaker.actor, speaker.text, speaker.start, speaker.end, speaker.verb, speaker.channel, method,
                    speaker.pronoun)


def _opens_paragraph(context: _Context, span: QuoteSpan) -> bool:
    return _first_char(context.text, context.paragraph_starts[span.paragraph]) == span.open_at


def _someone_else_between(context: _Context, before: QuoteSpan, span: QuoteSpan, speaker: DocActor) -> bool:
    """Whether the narrative between two quotes has a subject other than the speaker (the text moved on)."""
    start = before.extent[1]
    first, last = context.tokens_in(start, span.open_at)
    for i in range(first, last):
        if context.quoted(i):
            continue
        mention = context.actors.by_token.get(i)
        token = context.doc[i]
        if mention is not None and mention.actor != speaker.key and token.dep_ in SUBJECTS:
            return True
        if mention is None and token.dep_ in SUBJECTS and token.pos_ in ("NOUN", "PROPN"):
            return True
    return False


__all__ = [
    "QuoteFinder", "QuoteSpan", "Speech", "default_speech", "find_quote_spans", "is_quotation", "load_speech",
    "make_quote_finder",
]
