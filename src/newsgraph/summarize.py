"""Summarize: a sourced extractive summary of a story, an actor or the whole store.

Sentences are chosen greedily for coverage of the scope's key merged events (weighted
by how many articles report each) and key canonical actors (weighted by mentions),
with an MMR-style novelty penalty: a near-duplicate of a chosen sentence (a syndicated
copy) is dropped, and no two chosen sentences report the same merged event. The
chosen sentences are then ordered by the date of what they report (their key event's
date, else the article's publication date) and cited ``[article, ¶N]``.

:func:`choose`, :func:`order` and :func:`summarize` are pure functions over the
records below; :func:`summary` reads a scope from a :class:`~newsgraph.graph.Newsgraph`
and builds the structured digest (key actors, key events, what is planned, who said
what) around the chosen sentences.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from newsgraph.errors import NotFoundError, UsageError

if TYPE_CHECKING:
    from newsgraph.graph import Newsgraph

# Weights of the greedy score: the most reported event counts 1, naming every actor of the scope
# ACTOR_WEIGHT, and the lead-paragraph prior (news puts the essentials first) mostly breaks ties.
ACTOR_WEIGHT = 0.5
LEAD_WEIGHT = 0.05
NOVELTY_PENALTY = 0.5
# A report that states an event less directly than another (a plan before it, a vague recap after) counts less.
RECAP_WEIGHT = 0.3
# Cosine similarity at which a sentence counts as a copy of a chosen one (syndicated or rewritten wire copy).
DUPLICATE_SIMILARITY = 0.5
# A sentence opening with a pronoun or a connective leans on a sentence the reader will not see ("He then
# signed ...", "But, while ..."): it must earn its place by more coverage.
ANAPHORA_PENALTY = 0.25
ANAPHORA = re.compile(r"(?:he|she|it|they|his|her|its|their|this|these|those|that|then|but|however|also|still)\b",
                      re.IGNORECASE)
# Shorter "sentences" are datelines and captions ("HANOI —"), not reports.
MIN_WORDS = 6
KEY_ACTORS, KEY_EVENTS, PLANNED, QUOTES = 6, 8, 5, 4
EXPECTED = ("planned", "possible")
STOPWORDS = frozenset({
    "a", "an", "the", "and", "or", "but", "if", "of", "to", "in", "on", "at", "by", "for", "from", "with", "as",
    "into", "about", "over", "after", "before", "than", "that", "this", "these", "those", "it", "its", "is", "are",
    "was", "were", "be", "been", "being", "has", "have", "had", "do", "does", "did", "not", "no", "he", "she",
    "they", "we", "you", "i", "his", "her", "their", "our", "your", "him", "them", "us", "who", "whom", "which",
    "what", "when", "where", "while", "said", "says", "say", "would", "will", "could", "should", "may", "might",
    "can", "also", "more", "most", "mr", "ms", "mrs",
})
WORD = re.compile(r"[^\W_]+(?:['’-][^\W_]+)*")


@dataclass(frozen=True)
class Sentence:
    """A candidate sentence: its article (``doc`` joins, ``article`` is cited), index, 1-based paragraph, offsets."""

    doc: str
    article: str
    index: int
    paragraph: int
    start: int
    end: int
    text: str
    published: str | None = None


@dataclass(frozen=True)
class KeyEvent:
    """A merged event of the scope: its id, its weight (num_sources) and its date (ISO at any precision)."""

    id: str
    weight: float
    date: str | None = None


@dataclass(frozen=True)
class Report:
    """Sentence ``sentence`` of article ``doc`` reports (an event) or names (an actor) ``target``; ``weight`` says
    how directly (1 for the first article to report an event, RECAP_WEIGHT for later recaps of it)."""

    doc: str
    sentence: int
    target: str
    weight: float = 1.0


@dataclass(frozen=True)
class Scope:
    """What a summary chooses from: sentences, key events and actors (id → weight), and where each is reported."""

    sentences: Sequence[Sentence]
    events: Mapping[str, KeyEvent] = field(default_factory=dict)
    event_reports: Sequence[Report] = ()
    actors: Mapping[str, float] = field(default_factory=dict)
    actor_reports: Sequence[Report] = ()


@dataclass(frozen=True)
class Pick:
    """A chosen sentence, the key events and actors it covers, and the date of what it reports (None: undated)."""

    sentence: Sentence
    events: frozenset[str]
    actors: frozenset[str]
    date: str | None
    score: float


@dataclass(frozen=True)
class _Candidate:
    sentence: Sentence
    events: dict[str, float]  # key event → how directly this sentence reports it
    actors: frozenset[str]
    bag: dict[str, float]  # TF-IDF over the scope's sentences: names every sentence shares weigh little


# -- the algorithm (pure) ------------------------------------------------------------------------

def words(text: str) -> list[str]:
    """The lower-cased content words of ``text`` (stopwords dropped), for similarity."""
    return [w for w in WORD.findall(text.casefold()) if w not in STOPWORDS]


def cosine(a: Mapping[str, float], b: Mapping[str, float]) -> float:
    """Cosine similarity of two weighted word bags (0 when either is empty)."""
    dot = sum(count * b[word] for word, count in a.items() if word in b)
    if not dot:
        return 0.0
    return dot / (math.sqrt(sum(v * v for v in a.values())) * math.sqrt(sum(v * v for v in b.values())))


def summarize(scope: Scope, n: int) -> list[Pick]:
    """At most ``n`` sentences of ``scope`` chosen for coverage and novelty, in the order of what they report."""
    return order(choose(scope, n))


def choose(scope: Scope, n: int) -> list[Pick]:
    """Greedily pick at most ``n`` sentences by coverage gain minus redundancy; [] when nothing is eligible."""
    if n < 1:
        raise UsageError(f"the number of summary sentences must be at least 1, not {n}")
    pool: list[_Candidate | None] = list(_candidates(scope))
    similar = [0.0] * len(pool)  # each candidate's highest similarity to a sentence already chosen
    covered: set[str] = set()  # key events and actors already in the summary
    picks: list[Pick] = []
    while len(picks) < n:
        best = _best(pool, similar, covered, scope)
        if best is None:
            break
        index, score = best
        picked = pool[index]
        assert picked is not None
        pool[index] = None
        covered |= picked.events.keys() | picked.actors
        similar = [max(was, cosine(c.bag, picked.bag)) if c else was for was, c in zip(similar, pool, strict=True)]
        picks.append(Pick(picked.sentence, frozenset(picked.events), picked.actors,
                          _reported_date(picked.events, scope.events), round(score, 4)))
    return picks


def _candidates(scope: Scope) -> list[_Candidate]:
    """Sentences long enough to report something, with the key events and actors each one carries."""
    events = _by_sentence(scope.event_reports, scope.events)
    actors = _by_sentence(scope.actor_reports, scope.actors)
    kept = [s for s in scope.sentences if len(WORD.findall(s.text)) >= MIN_WORDS]
    bags = tf_idf([words(s.text) for s in kept])
    return [_Candidate(s, events.get((s.doc, s.index), {}), frozenset(actors.get((s.doc, s.index), {})), bag)
            for s, bag in zip(kept, bags, strict=True)]


def tf_idf(texts: Sequence[Sequence[str]]) -> list[dict[str, float]]:
    """Each word list as a TF-IDF bag over ``texts`` (idf smoothed so a word in every text keeps some weight)."""
    seen: Counter[str] = Counter()
    for text in texts:
        seen.update(set(text))
    idf = {w: math.log((1 + len(texts)) / (1 + n)) + 1.0 for w, n in seen.items()}
    return [{w: n * idf[w] for w, n in Counter(text).items()} for text in texts]


def _by_sentence(reports: Iterable[Report], known: Mapping[str, Any]) -> dict[tuple[str, int], dict[str, float]]:
    """Targets reported per (doc, sentence) with the most direct report's weight, keeping those in ``known``."""
    found: dict[tuple[str, int], dict[str, float]] = {}
    for report in reports:
        if report.target in known:
            targets = found.setdefault((report.doc, report.sentence), {})
            targets[report.target] = max(report.weight, targets.get(report.target, 0.0))
    return found


def _best(pool: Sequence[_Candidate | None], similar: Sequence[float], covered: set[str],
          scope: Scope) -> tuple[int, float] | None:
    """The index and score of the eligible candidate with the highest MMR score (ties to the earlier); None if none."""
    top_event = max((e.weight for e in scope.events.values()), default=1.0) or 1.0
    all_actors = sum(scope.actors.values()) or 1.0
    best: tuple[int, float] | None = None
    for index, candidate in enumerate(pool):
        if candidate is None or similar[index] >= DUPLICATE_SIMILARITY:
            continue  # taken, or a copy of a sentence taken (a syndicated or rewritten wire story)
        if not covered.isdisjoint(candidate.events):
            continue  # one sentence per merged event: a second report of it adds nothing new
        gain = sum(scope.events[e].weight * how for e, how in candidate.events.items()) / top_event
        gain += ACTOR_WEIGHT * sum(scope.actors[a] for a in candidate.actors - covered) / all_actors
        score = gain + _prior(candidate.sentence) - NOVELTY_PENALTY * similar[index]
        if best is None or score > best[1] + 1e-9:
            best = (index, score)
    return best


def _prior(sentence: Sentence) -> float:
    """What a sentence is worth before coverage: a little more near the lead, less when it opens on a pronoun."""
    return LEAD_WEIGHT / sentence.paragraph - (ANAPHORA_PENALTY if ANAPHORA.match(sentence.text) else 0.0)


def _reported_date(events: Iterable[str], known: Mapping[str, KeyEvent]) -> str | None:
    """The date of the sentence's key event: the heaviest dated one, ties to the earliest."""
    dated = [known[e] for e in events if known[e].date]
    if not dated:
        return None
    return min(dated, key=lambda e: (-e.weight, date_key(e.date)[1])).date


def date_key(date: str | None) -> tuple[int, str]:
    """A sort key for ISO dates at any precision (a month or year sorts at its first day), undated last."""
    if not date:
        return (1, "")
    parts = date[:10].split("-")
    return (0, "-".join(parts + ["01"] * (3 - len(parts))))


def order(picks: Iterable[Pick]) -> list[Pick]:
    """Picks in the order of what they report: the event date, else the publication date, then article order."""
    return sorted(picks, key=lambda p: (date_key(p.date or p.sentence.published), p.sentence.published or "",
                                        p.sentence.article, p.sentence.index))


def cite(sentence: Sentence) -> str:
    """The citation of a sentence: ``[article external id, ¶paragraph]``."""
    return f"[{sentence.article}, ¶{sentence.paragraph}]"


def sentence_row(pick: Pick) -> dict[str, Any]:
    """A chosen sentence as the summary's JSON row."""
    s = pick.sentence
    return {"text": s.text, "article": s.article, "paragraph": s.paragraph, "date": pick.date,
            "start": s.start, "end": s.end, "citation": cite(s)}


# -- the digest (pure) ---------------------------------------------------------------------------

def key_events(events: Sequence[dict[str, Any]], statuses: Iterable[str], k: int) -> list[dict[str, Any]]:
    """The ``k`` most reported merged events with one of ``statuses``, kept in the order they come (event order)."""
    wanted = set(statuses)
    ranked = sorted((i for i, e in enumerate(events) if e["status"] in wanted),
                    key=lambda i: (-events[i]["num_sources"], -events[i]["num_mentions"],
                                   events[i]["target"] is None, i))
    return [events[i] for i in sorted(ranked[:k])]


def pick_quotes(quotes: Sequence[dict[str, Any]], weights: Mapping[str, float], k: int) -> list[dict[str, Any]]:
    """Up to ``k`` quotes, best first: one per speaker first, relevant ones (``relevant`` true, as in an
    actor's summary: by or about the actor) first, then by speaker's mentions (``speaker_id`` → ``weights``)."""
    def rank(i: int) -> tuple[bool, float, int]:
        quote = quotes[i]
        return (not quote.get("relevant", False), -weights.get(quote.get("speaker_id") or "", 0.0), i)

    first: dict[str, int] = {}
    for i in sorted(range(len(quotes)), key=rank):
        first.setdefault(quotes[i]["speaker"] or f"unknown {i}", i)
    picked = sorted(first.values(), key=rank)[:k]
    if len(picked) < k:  # few speakers: fill with their other quotes
        picked += [i for i in sorted(range(len(quotes)), key=rank) if i not in picked][:k - len(picked)]
    return [{key: quotes[i][key] for key in ("speaker", "text", "article", "paragraph")} for i in picked]


# -- reading a scope from the store --------------------------------------------------------------

def summary(graph: Newsgraph, *, story: int | None = None, actor: str | None = None,
            sentences: int = 5) -> dict[str, Any]:
    """The summary of a story, an actor or (neither given) the whole store: scope, digest and cited sentences."""
    if story is not None and actor is not None:
        raise UsageError("summarize a story or an actor, not both: give --story ID or --actor NAME")
    if sentences < 1:
        raise UsageError(f"the number of summary sentences must be at least 1, not {sentences}")
    who = _scope_actor(graph, actor) if actor is not None else None
    docs = _scope_docs(graph, story, who)
    merged = _scope_events(graph, story, who)
    scope = _read_scope(graph, docs, merged, who)
    return {
        "scope": {"story": story, "actor": who["name"] if who else None, "articles": len(docs)},
        "digest": _digest(graph, docs, scope, merged, who),
        "sentences": [sentence_row(pick) for pick in summarize(scope, sentences)],
    }


def _scope_actor(graph: Newsgraph, name: str) -> dict[str, Any]:
    """The canonical actor ``name`` picks (as `newsgraph actor` does), or NotFoundError."""
    from newsgraph.present import pick_actor

    candidates = graph.canonical_actors(name=name)
    if not candidates:
        raise NotFoundError(f"no actor named {name!r} (nor with it as an alias) is stored in {graph.path}; "
                            "list them with `newsgraph actors` or try part of the name")
    return pick_actor(name, candidates)[0]


def _scope_docs(graph: Newsgraph, story: int | None, who: dict[str, Any] | None) -> dict[str, dict[str, Any]]:
    """The parsed articles of the scope by internal id (id, external_id, published, text)."""
    select = "SELECT id, external_id, published, text FROM articles WHERE parsed"
    if story is not None:
        graph.known_story(story)
        rows = graph.store.query(f"{select} AND id IN (SELECT article_id FROM story_articles WHERE story_id = ?)",
                                 [story])
        what = f"story {story}"
    elif who is not None:
        rows = graph.store.query(f"{select} AND id IN (SELECT article_id FROM actor_links WHERE canonical_id = ?)",
                                 [who["id"]])
        what = f"actor {who['name']!r}"
    else:
        rows = graph.store.query(select)
        what = "the store"
    if not rows:
        raise NotFoundError(f"{what} has no parsed (English) articles to summarize in {graph.path}; "
                            "add some with `newsgraph ingest`")
    return {row["id"]: row for row in rows}


def _scope_events(graph: Newsgraph, story: int | None, who: dict[str, Any] | None) -> list[dict[str, Any]]:
    """The scope's merged events in event order: a story's, those with the actor on either side, or all."""
    if who is not None:
        return [e for e in graph.merged_events() if who["id"] in (e["source_id"], e["target_id"])]
    return graph.merged_events(story=story)


def _read_scope(graph: Newsgraph, docs: dict[str, dict[str, Any]], merged: Sequence[dict[str, Any]],
                who: dict[str, Any] | None) -> Scope:
    """The scope's sentences, key events and canonical actors with the sentences that report or name them."""
    ids = list(docs)
    events = {e["id"]: KeyEvent(e["id"], float(e["num_sources"]), e["date"]) for e in merged}
    merged_by_id = {e["id"]: e for e in merged}
    event_reports = [
        Report(r["article_id"], r["sent"], r["merged_id"], _directness(r, merged_by_id.get(r["merged_id"])))
        for r in graph.store.query(
            "SELECT DISTINCT e.article_id, e.sent, l.merged_id, e.status, e.date FROM event_links l JOIN events e "
            "ON e.id = l.event_id AND e.article_id = l.article_id WHERE e.article_id IN (SELECT unnest(?))", [ids])]
    named = graph.store.query(
        "SELECT m.article_id, m.sent, l.canonical_id, count(*) AS n FROM mentions m JOIN actor_links l "
        "ON l.article_id = m.article_id AND l.key = m.actor WHERE m.article_id IN (SELECT unnest(?)) GROUP BY ALL",
        [ids])
    actors: Counter[str] = Counter()
    for row in named:
        actors[row["canonical_id"]] += row["n"]
    actor_reports = [Report(r["article_id"], r["sent"], r["canonical_id"]) for r in named]
    sentences = _sentences(graph, docs)
    if who is not None:  # an actor's summary keeps the sentences that name it or report its events
        about = {(r.doc, r.sentence) for r in actor_reports if r.target == who["id"]}
        about |= {(r.doc, r.sentence) for r in event_reports if r.target in events}
        sentences = [s for s in sentences if (s.doc, s.index) in about]
    return Scope(sentences, events, event_reports, dict(actors), actor_reports)


def _directness(report: dict[str, Any], event: dict[str, Any] | None) -> float:
    """1 for a report that states the merged event as it stands (its status, its most precise date), else
    RECAP_WEIGHT: an announcement before the fact or a vaguer recap after it."""
    if event is None or (report["status"], report["date"]) == (event["status"], event["date"]):
        return 1.0
    return RECAP_WEIGHT


def _sentences(graph: Newsgraph, docs: dict[str, dict[str, Any]]) -> list[Sentence]:
    """The stored sentences of ``docs`` with their text, in article order."""
    rows = graph.store.query(
        "SELECT article_id, idx, paragraph, start_char, end_char FROM sentences "
        "WHERE article_id IN (SELECT unnest(?)) ORDER BY article_id, idx", [list(docs)])
    found = []
    for row in rows:
        doc = docs[row["article_id"]]
        text = doc["text"][row["start_char"]:row["end_char"]]
        found.append(Sentence(row["article_id"], doc["external_id"], row["idx"], row["paragraph"] + 1,
                              row["start_char"], row["end_char"], text, doc["published"]))
    return found


def _digest(graph: Newsgraph, docs: Iterable[str], scope: Scope, merged: Sequence[dict[str, Any]],
            who: dict[str, Any] | None) -> dict[str, Any]:
    """Key actors, key events that occurred, what is planned or possible, and who said what."""
    from newsgraph.present import timeline_row

    quotes = _quotes(graph, list(docs))
    if who is not None:  # an actor's summary prefers what it said and what was said where it is named
        spans = {(s.doc, s.start, s.end) for s in scope.sentences}
        for quote in quotes:
            quote["relevant"] = quote["speaker_id"] == who["id"] or any(
                doc == quote["doc"] and start < quote["end"] and quote["start"] < end for doc, start, end in spans)
    return {
        "key_actors": _key_actors(graph, scope.actors),
        "key_events": [timeline_row(e) for e in key_events(merged, ("occurred",), KEY_EVENTS)],
        "planned": [timeline_row(e) for e in key_events(merged, EXPECTED, PLANNED)],
        "quotes": pick_quotes(quotes, scope.actors, QUOTES),
    }


def _key_actors(graph: Newsgraph, weights: Mapping[str, float]) -> list[dict[str, Any]]:
    """The most mentioned canonical actors of the scope, with their mentions in it."""
    top = sorted(weights, key=lambda a: (-weights[a], a))[:KEY_ACTORS]
    rows = {r["id"]: r for r in graph.store.query(
        "SELECT id, name, country FROM canonical_actors WHERE id IN (SELECT unnest(?))", [top])}
    return [{**rows[a], "mentions": int(weights[a])} for a in top if a in rows]


def _quotes(graph: Newsgraph, ids: list[str]) -> list[dict[str, Any]]:
    """The scope's quotes in article order, named by their canonical speaker where linked, ¶ 1-based."""
    return graph.store.query(
        "SELECT coalesce(c.name, x.name, q.speaker_text) AS speaker, l.canonical_id AS speaker_id, q.text, "
        "q.article_id AS doc, q.start_char AS start, q.end_char AS end, "
        "a.external_id AS article, q.paragraph + 1 AS paragraph FROM quotes q JOIN articles a ON a.id = q.article_id "
        "LEFT JOIN actors x ON x.article_id = q.article_id AND x.key = q.speaker "
        "LEFT JOIN actor_links l ON l.article_id = q.article_id AND l.key = q.speaker "
        "LEFT JOIN canonical_actors c ON c.id = l.canonical_id WHERE q.article_id IN (SELECT unnest(?)) "
        "ORDER BY a.published_date NULLS LAST, a.external_id, q.start_char", [ids])


# -- as text for people --------------------------------------------------------------------------

def summary_text(result: dict[str, Any], *, markdown: bool = False) -> str:
    """A summary as a brief to read: title, digest sections, then numbered cited sentences (plain or Markdown)."""
    scope = result["scope"]
    what = (f"story {scope['story']}" if scope["story"] is not None
            else f"actor {scope['actor']}" if scope["actor"] else "all articles")
    digest = result["digest"]
    sections = [
        ("Key actors", [_actor_line(a) for a in digest["key_actors"]]),
        ("Key events", [_event_line(e) for e in digest["key_events"]]),
        ("Planned or expected", [_event_line(e) for e in digest["planned"]]),
        ("Who said what", [f"{q['speaker'] or 'unattributed'}: “{q['text'].rstrip(' ,')}” "
                           f"[{q['article']}, ¶{q['paragraph']}]" for q in digest["quotes"]]),
    ]
    lines = [f"{'# ' if markdown else ''}Summary of {what} ({scope['articles']} articles)", ""]
    for title, items in sections:
        lines += [f"## {title}" if markdown else f"{title}:", *(f"- {item}" for item in items or ["(none)"]), ""]
    lines.append("## Summary" if markdown else "Summary:")
    lines += [f"{i}. {s['text']} {s['citation']}" for i, s in enumerate(result["sentences"], 1)]
    if not result["sentences"]:
        lines.append("(no sentence of these articles is long enough to quote)")
    return "\n".join(lines) + "\n"


def _actor_line(actor: dict[str, Any]) -> str:
    country = f" ({actor['country']})" if actor["country"] else ""
    return f"{actor['name']}{country}, {actor['mentions']} mentions"


def _event_line(event: dict[str, Any]) -> str:
    """One timeline row as ``date — [status] source → target: CAMEO name, place (n sources)``."""
    from newsgraph.present import STATUS_MARKS

    status = "" if event["status"] == "occurred" else f"{STATUS_MARKS.get(event['status'], event['status'])} "
    who = " → ".join(filter(None, (event["source"], event["target"])))
    place = f", {event['location']}" if event["location"] else ""
    sources = f"{event['num_sources']} source{'s' if event['num_sources'] != 1 else ''}"
    return f"{event['date'] or 'undated'} — {status}{who}: {event['cameo_name'] or event['cameo']}{place} ({sources})"
