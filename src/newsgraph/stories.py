"""Stories: articles grouped into the stories they report, in one order-dependent pass.

Each article, in publication order (undated last, then by external id), joins the
most similar story so far when the score reaches ``THRESHOLD``, else starts a new
story. The score against a story is

    (W_TEXT * cosine(article, story centroid) + W_ACTORS * jaccard(actors, story actors))
    * 0.5 ** (days between the article and the story's last article / HALF_LIFE_DAYS)

where the vectors are TF-IDF over lower-cased lemmas of content words (NOUN, PROPN,
VERB, ADJ; spaCy's English stop words dropped) read from the stored tokens, and the
actors are canonical actor ids (``actor_links``). An undated article or story gets
no decay. An article whose cosine to an earlier article is at least
``DUPLICATE_COSINE`` is marked ``duplicate_of`` it and joins its story.

The weights and threshold were measured on the demo corpus and the seeds: an
article's decayed score against its own story (as examples/README.md groups them)
runs from 0.198 to 0.525 on the demo and is 0.159 for the second seed (five months
after the first: cosine 0.303, Jaccard 0.280, decay 0.54); against another story it
is at most 0.123 (the third Iran article against Korea: Trump and the US are in
both). THRESHOLD = 0.14 sits between the two. A 90-day half-life would have pushed
the seeds down to about 0.08, below the first Iran article against Korea (0.10), so the half-life is 180
days. Cosine separates better than actor overlap (same story 0.21-0.55, other
stories 0.07-0.17), hence the larger text weight; actors still help when stories
share words. The syndicated Vladivostok copy has cosine 0.94 to its original;
distinct articles of one story stay below 0.6.

Like linking, the tables are rebuilt as a whole (the single pass is cheap at demo
size; it is not yet measured at thousands); "incremental" is the order the pass
takes, so an article never moves a story that earlier articles formed.
"""

from __future__ import annotations

import json
import logging
import math
import re
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from newsgraph.store import Store

log = logging.getLogger("newsgraph")

W_TEXT = 0.6  # TF-IDF cosine weight
W_ACTORS = 0.4  # canonical-actor Jaccard weight
THRESHOLD = 0.14  # minimum decayed score to join a story (measured: see the module docstring)
HALF_LIFE_DAYS = 180.0  # the score halves every this many days between an article and its story's last one
DUPLICATE_COSINE = 0.9  # an article this close to an earlier one is its duplicate
CONTENT_POS = ("NOUN", "PROPN", "VERB", "ADJ")
KEY_ACTORS, KEY_TERMS = 3, 5
_WORD = re.compile(r"[^\W\d_]+(?:[-'][^\W\d_]+)*")  # letters, inner hyphens: no "mr.", no numbers

Vector = dict[str, float]


@dataclass(slots=True)
class Doc:
    """One article as the story pass sees it."""

    id: str
    external_id: str | None
    published: date | None
    vector: Vector
    actors: frozenset[str]


@dataclass(slots=True)
class Story:
    """A story being built: its articles, term sum, actors and last date."""

    id: int
    members: list[tuple[str, float, str | None]] = field(default_factory=list)  # (article, similarity, dup of)
    terms: Counter[str] = field(default_factory=Counter)
    actors: set[str] = field(default_factory=set)
    first: date | None = None
    last: date | None = None

    def centroid(self) -> Vector:
        return _normalised(dict(self.terms))

    def add(self, doc: Doc, similarity: float, duplicate_of: str | None) -> None:
        self.members.append((doc.id, similarity, duplicate_of))
        self.terms.update(doc.vector)
        self.actors |= doc.actors
        if doc.published:
            self.first = min(self.first or doc.published, doc.published)
            self.last = max(self.last or doc.published, doc.published)


# -- similarity ------------------------------------------------------------------------------

def _normalised(vector: Vector) -> Vector:
    norm = math.sqrt(sum(v * v for v in vector.values()))
    return {k: v / norm for k, v in vector.items()} if norm else {}


def cosine(a: Vector, b: Vector) -> float:
    """The cosine of two L2-normalised sparse vectors."""
    if len(a) > len(b):
        a, b = b, a
    return sum(v * b.get(k, 0.0) for k, v in a.items())


def jaccard(a: frozenset[str] | set[str], b: frozenset[str] | set[str]) -> float:
    """|a ∩ b| / |a ∪ b| (0 when both are empty)."""
    union = len(a | b)
    return len(a & b) / union if union else 0.0


def decay(when: date | None, last: date | None) -> float:
    """0.5 per HALF_LIFE_DAYS between two dates; 1 when either is unknown."""
    if when is None or last is None:
        return 1.0
    return float(0.5 ** (abs((when - last).days) / HALF_LIFE_DAYS))


def score(doc: Doc, story: Story) -> float:
    """How well ``doc`` fits ``story``: weighted cosine and actor overlap, decayed by the time gap."""
    mix = W_TEXT * cosine(doc.vector, story.centroid()) + W_ACTORS * jaccard(doc.actors, story.actors)
    return mix * decay(doc.published, story.last)


def tfidf(counts: dict[str, Counter[str]]) -> dict[str, Vector]:
    """L2-normalised TF-IDF vectors (sublinear tf, smoothed idf) for term counts per article."""
    df: Counter[str] = Counter(term for terms in counts.values() for term in terms)
    n = len(counts)
    idf = {term: math.log((1 + n) / (1 + d)) + 1 for term, d in df.items()}
    return {aid: _normalised({t: (1 + math.log(c)) * idf[t] for t, c in terms.items()})
            for aid, terms in counts.items()}


# -- the pass --------------------------------------------------------------------------------

def assign(docs: list[Doc]) -> list[Story]:
    """Stories for ``docs`` taken in the given order: each joins the best story above THRESHOLD or starts one."""
    stories: list[Story] = []
    where: dict[str, Story] = {}
    seen: list[Doc] = []
    for doc in docs:
        duplicate = _duplicate_of(doc, seen)
        if duplicate is not None:
            best, similarity = where[duplicate.id], cosine(doc.vector, duplicate.vector)
        else:
            scored = [(score(doc, s), -s.id, s) for s in stories]
            top = max(scored, key=lambda x: (x[0], x[1]), default=None)
            if top is not None and top[0] >= THRESHOLD:
                best, similarity = top[2], top[0]
            else:
                best, similarity = Story(len(stories) + 1), 1.0
                stories.append(best)
        best.add(doc, round(similarity, 4), duplicate.id if duplicate else None)
        where[doc.id] = best
        seen.append(doc)
    return stories


def _duplicate_of(doc: Doc, earlier: list[Doc]) -> Doc | None:
    """The earlier article most similar to ``doc`` when that cosine reaches DUPLICATE_COSINE."""
    best = max(earlier, key=lambda other: cosine(doc.vector, other.vector), default=None)
    if best is not None and doc.vector and cosine(doc.vector, best.vector) >= DUPLICATE_COSINE:
        return best
    return None


# -- the store -------------------------------------------------------------------------------

def load_docs(store: Store, actor_links: dict[tuple[str, str], str] | None = None) -> list[Doc]:
    """Every stored article in publication order (undated last), with its TF-IDF vector and canonical actors."""
    from spacy.lang.en.stop_words import STOP_WORDS

    articles = store.query("SELECT id, external_id, published_date FROM articles "
                           "ORDER BY published_date NULLS LAST, external_id, id")
    counts: dict[str, Counter[str]] = {a["id"]: Counter() for a in articles}
    for row in store.query("SELECT article_id, lower(lemma) AS lemma FROM tokens WHERE pos IN (SELECT unnest(?))",
                           [list(CONTENT_POS)]):
        lemma = row["lemma"]
        if len(lemma) > 1 and _WORD.fullmatch(lemma) and lemma not in STOP_WORDS \
                and row["article_id"] in counts:
            counts[row["article_id"]][lemma] += 1
    vectors = tfidf(counts)
    if actor_links is None:
        actor_links = {(r["article_id"], r["key"]): r["canonical_id"]
                       for r in store.query("SELECT article_id, key, canonical_id FROM actor_links")}
    actors: dict[str, set[str]] = defaultdict(set)
    for (article_id, _), canonical in actor_links.items():
        actors[article_id].add(canonical)
    return [Doc(a["id"], a["external_id"], a["published_date"], vectors[a["id"]], frozenset(actors[a["id"]]))
            for a in articles]


def assign_store(store: Store, actor_links: dict[tuple[str, str], str] | None = None) -> list[Story]:
    """Rebuild the stories and story_articles tables from every stored article, in one transaction."""
    stories = assign(load_docs(store, actor_links))
    rows = [_story_row(store, s) for s in stories]
    with store.transaction():
        store.con.execute("DELETE FROM stories")
        store.con.execute("DELETE FROM story_articles")
        store.insert_rows("stories", ("id", "label", "key_actors", "key_terms", "n_articles", "first_published",
                                      "last_published"), rows)
        store.insert_rows("story_articles", ("story_id", "article_id", "similarity", "duplicate_of"),
                          [(s.id, *m) for s in stories for m in s.members])
    log.info("grouped %d articles into %d stories", sum(len(s.members) for s in stories), len(stories))
    return stories


def _story_row(store: Store, story: Story) -> tuple[Any, ...]:
    """(id, label, key actors, key terms, n, first, last): actors by mentions in the story, terms by weight."""
    ids = [m[0] for m in story.members]
    actors = store.query(
        "SELECT c.id, c.name, count(*) AS n FROM mentions m "
        "JOIN actor_links l ON l.article_id = m.article_id AND l.key = m.actor "
        "JOIN canonical_actors c ON c.id = l.canonical_id WHERE m.article_id IN (SELECT unnest(?)) "
        "GROUP BY c.id, c.name ORDER BY n DESC, c.name LIMIT ?", [ids, KEY_ACTORS])
    terms = [t for t, _ in sorted(story.terms.items(), key=lambda x: (-x[1], x[0]))[:KEY_TERMS]]
    names = [a["name"] for a in actors]
    label = ", ".join(names[:KEY_ACTORS]) or ", ".join(terms[:3]) or f"story {story.id}"
    return (story.id, label, json.dumps([{"id": a["id"], "name": a["name"], "mentions": a["n"]} for a in actors],
                                        ensure_ascii=False),
            json.dumps(terms, ensure_ascii=False), len(story.members), story.first, story.last)


__all__ = [
    "DUPLICATE_COSINE", "HALF_LIFE_DAYS", "THRESHOLD", "W_ACTORS", "W_TEXT", "Doc", "Story", "assign",
    "assign_store", "cosine", "decay", "jaccard", "load_docs", "score", "tfidf",
]
