"""Stories: articles grouped into the stories they report, incrementally as they arrive.

Each new article, in publication order (undated last, then by external id), joins the
most similar story so far when the score reaches ``THRESHOLD``, else starts a new
story. The score against a story is

    (W_TEXT * cosine(article, story centroid) + W_ACTORS * jaccard(actors, story actors))
    * 0.5 ** (days between the article and the story's span / HALF_LIFE_DAYS)

where the vectors are TF-IDF over lower-cased lemmas of content words (NOUN, PROPN,
VERB, ADJ; spaCy's English stop words dropped) and the actors are canonical actor ids
(``actor_links``). An undated article or story gets no decay. An article whose cosine
to an earlier article is at least ``DUPLICATE_COSINE`` is marked ``duplicate_of`` it
and joins its story.

Incremental: an article, once grouped, keeps its story and the story keeps its id;
a pass places only the articles that are in no story yet, and new stories take the
next ids. Each article's lemma counts are stored once (``story_terms``); the
document frequencies are counted from there at the start of every pass, so the IDF
drifts as the store grows and every pass scores with the IDF of the whole store at
that moment: story centroids are recomputed from their members' stored counts
rather than frozen with the IDF of the day each member joined. An article placed
early was placed with the IDF of its day; that choice is never revisited (only
``rebuild=True``, ``newsgraph link --rebuild-stories``, regroups everything).
An article ingested late (published before articles already grouped) is decayed by
its distance to a story's span (first to last article), not to its last article, so
it can join the story it belongs to wherever it falls in time; in publication order
the two are the same. A pass reads only the stories that a new article could still
join: with the mix at most 1, a story whose span is more than ``horizon()`` days (510
at the defaults) from every new article cannot reach the threshold, so it is not loaded.
New articles are placed ``STORY_CHUNK`` at a time (in publication order, in one
transaction), each chunk loading the stories within reach of its own dates: the same
stories as one pass over them all, with memory bounded by the chunk and the articles of
the stories within reach (all of them for undated articles) rather than the store.
Duplicates are looked up in an index (:class:`Seen`), not by comparing with every earlier
article: a near-copy must share one of the few heaviest terms of each vector (see
:func:`prefix_terms`), so only those articles are compared, with the same answer.

The weights and threshold were measured on the demo corpus and the seeds: an
article's decayed score against its own story (as examples/README.md groups them)
runs from 0.198 to 0.525 on the demo and is 0.159 for the second seed (five months
after the first: cosine 0.303, Jaccard 0.280, decay 0.54); against another story it
is at most 0.123 (the third Iran article against Korea: Trump and the US are in
both). THRESHOLD = 0.14 sits between the two. A 90-day half-life would have pushed
the seeds down to about 0.08, below the first Iran article against Korea (0.10), so
the half-life is 180 days. Cosine separates better than actor overlap (same story
0.21-0.55, other stories 0.07-0.17), hence the larger text weight; actors still help
when stories share words. The syndicated Vladivostok copy has cosine 0.94 to its
original; distinct articles of one story stay below 0.6. ``bench/stories.py`` scores
the grouping against tests/gold/stories.json: at 0.14 pairwise F1 is 1.0 on the demo
and the seeds and 0.75 on the VOA stories (P 0.67, R 0.86: same-region stories of one
week merge). VOA alone would want 0.22-0.25 (F1 0.91), which splits the seeds and the
demo's 15-month Korea story: the threshold serves long-running stories first.

MiniLM sentence embeddings (all-MiniLM-L6-v2, alone or blended with TF-IDF) were
measured there and not kept: with every method's threshold tuned on the gold, the
best blend beat TF-IDF by 0.02 mean pairwise F1 (two VOA pairs), and only at the
edge of the thresholds that keep the seeds together; they would add torch and
embed at 3-16 articles/s on a 2-core CPU.
"""

from __future__ import annotations

import json
import logging
import math
import re
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from newsgraph.store import Store

log = logging.getLogger("newsgraph")

W_TEXT = 0.6  # TF-IDF cosine weight
W_ACTORS = 0.4  # canonical-actor Jaccard weight
THRESHOLD = 0.14  # minimum decayed score to join a story (measured: see the module docstring)
HALF_LIFE_DAYS = 180.0  # the score halves every this many days between an article and its story's last one
DUPLICATE_COSINE = 0.9  # an article this close to an earlier one is its duplicate
# ... when published within this many days of it (or either is undated): syndicated copies run
# within days, and the window keeps the search from growing with the archive.
DUPLICATE_DAYS = 30
CONTENT_POS = ("NOUN", "PROPN", "VERB", "ADJ")
KEY_ACTORS, KEY_TERMS = 3, 5
STREAM_ROWS = 10_000  # rows fetched at a time from large reads
STORY_CHUNK = 1_000  # new articles placed at a time (see assign_store)
_SLACK = 1e-6
_WORD = re.compile(r"[^\W\d_]+(?:[-'][^\W\d_]+)*")  # letters, inner hyphens: no "mr.", no numbers

Vector = dict[str, float]
Member = tuple[str, float, str | None]  # (article id, similarity it joined with, duplicate of)


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
    """A story being built: its articles, term sum, actors and dates; ``stored`` members came from the store."""

    id: int
    members: list[Member] = field(default_factory=list)
    terms: Counter[str] = field(default_factory=Counter)
    actors: set[str] = field(default_factory=set)
    first: date | None = None
    last: date | None = None
    stored: int = 0
    size: int = 0  # articles it held before this pass that are not in ``members`` (read as sums, see _load_stories)
    _centroid: Vector | None = None

    def centroid(self) -> Vector:
        """The normalised sum of the members' vectors (cached: a pass scores each story many times)."""
        if self._centroid is None:
            self._centroid = _normalised(dict(self.terms))
        return self._centroid

    def add(self, doc: Doc, similarity: float, duplicate_of: str | None) -> None:
        self.members.append((doc.id, similarity, duplicate_of))
        self.terms.update(doc.vector)
        self._centroid = None
        self.actors |= doc.actors
        if doc.published:
            self.first = min(self.first or doc.published, doc.published)
            self.last = max(self.last or doc.published, doc.published)

    @property
    def new_members(self) -> list[Member]:
        """The members this pass added."""
        return self.members[self.stored:]


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


def horizon(threshold: float = THRESHOLD) -> int:
    """Days beyond which even a perfect text and actor match decays below ``threshold``."""
    return math.ceil(HALF_LIFE_DAYS * math.log2((W_TEXT + W_ACTORS) / threshold))


def nearest(story: Story, when: date | None) -> date | None:
    """The date within the story's span [first, last] closest to ``when`` (``when`` itself inside it)."""
    if when is None or story.first is None or story.last is None:
        return story.last
    return min(max(when, story.first), story.last)


def score(doc: Doc, story: Story) -> float:
    """How well ``doc`` fits ``story``: weighted cosine and actor overlap, decayed by the time gap.

    The gap is to the story's span: an article published in publication order is after the
    story's last article, but one ingested late may fall before or inside the span."""
    mix = W_TEXT * cosine(doc.vector, story.centroid()) + W_ACTORS * jaccard(doc.actors, story.actors)
    return mix * decay(doc.published, nearest(story, doc.published))


def tfidf(counts: dict[str, Counter[str]], df: dict[str, int] | None = None, n: int | None = None
          ) -> dict[str, Vector]:
    """L2-normalised TF-IDF vectors (sublinear tf, smoothed idf) for term counts per article.

    ``df`` and ``n`` are the document frequencies and document count to use (the whole
    store's); by default they are counted from ``counts`` itself."""
    if df is None:
        df = Counter(term for terms in counts.values() for term in terms)
    n = len(counts) if n is None else n
    return {aid: _normalised({t: (1 + math.log(c)) * (math.log((1 + n) / (1 + df.get(t, 1))) + 1)
                              for t, c in terms.items()})
            for aid, terms in counts.items()}


# -- the pass --------------------------------------------------------------------------------

def assign(docs: Iterable[Doc], stories: list[Story] | None = None, *, earlier: list[Doc] | None = None,
           homes: dict[str, int] | None = None, next_id: int | None = None,
           threshold: float = THRESHOLD) -> list[Story]:
    """``stories`` (none by default) with ``docs`` placed in the given order: each joins the best story
    at or above ``threshold`` or starts one numbered from ``next_id``; ``earlier`` are the stored members
    a new article may duplicate, and ``homes`` the story id of each that is not in its story's members."""
    stories = list(stories or [])
    seen = Seen()
    for doc in earlier or []:
        seen.add(doc)
    where = {m[0]: s for s in stories for m in s.members}
    by_id = {s.id: s for s in stories}
    where.update({a: by_id[i] for a, i in (homes or {}).items() if i in by_id})
    next_id = next_id if next_id is not None else max((s.id for s in stories), default=0) + 1
    for doc in docs:
        best, similarity, duplicate = _place(doc, stories, seen, where, threshold)
        if best is None:
            best, next_id = Story(next_id), next_id + 1
            stories.append(best)
        best.add(doc, round(similarity, 4), duplicate.id if duplicate else None)
        where[doc.id] = best
        seen.add(doc)
    return stories


def _place(doc: Doc, stories: list[Story], seen: Seen, where: dict[str, Story], threshold: float
           ) -> tuple[Story | None, float, Doc | None]:
    """The story ``doc`` joins (None: a new one), the similarity it joins with and the article it duplicates."""
    duplicate = seen.duplicate_of(doc)
    if duplicate is not None and duplicate.id in where:
        return where[duplicate.id], cosine(doc.vector, duplicate.vector), duplicate
    top = max(((score(doc, s), -s.id, s) for s in stories), key=lambda x: (x[0], x[1]), default=None)
    if top is not None and top[0] >= threshold:
        return top[2], top[0], None
    return None, 1.0, None


def prefix_terms(vector: Vector, threshold: float = DUPLICATE_COSINE) -> list[str]:
    """The heaviest terms of a unit vector whose rest has a norm below ``threshold``.

    Any unit vector with a cosine of at least ``threshold`` to ``vector`` contains one of
    them: without them the cosine is at most the norm of the rest (Cauchy-Schwarz)."""
    rest = sum(w * w for w in vector.values())
    bound = (threshold * (1 - _SLACK)) ** 2  # a margin so rounding can never drop a needed term
    terms: list[str] = []
    for term, weight in sorted(vector.items(), key=lambda x: (-x[1], x[0])):
        if rest < bound:
            break
        terms.append(term)
        rest -= weight * weight
    return terms


@dataclass(slots=True)
class Seen:
    """The articles a new one may duplicate, indexed by their prefix terms (see :func:`prefix_terms`).

    A new article is compared only with those sharing one of their prefix terms, not with all:
    linear, not quadratic, in the articles of a pass, with the same answer as comparing all those
    published within DUPLICATE_DAYS."""

    docs: list[Doc] = field(default_factory=list)
    postings: dict[str, list[int]] = field(default_factory=lambda: defaultdict(list))

    def add(self, doc: Doc) -> None:
        for term in prefix_terms(doc.vector):
            self.postings[term].append(len(self.docs))
        self.docs.append(doc)

    def duplicate_of(self, doc: Doc) -> Doc | None:
        """The earlier article most similar to ``doc`` (the first on ties) when that cosine reaches DUPLICATE_COSINE."""
        if not doc.vector:
            return None
        found = sorted({i for term in doc.vector for i in self.postings.get(term, ())})
        own = prefix_terms(doc.vector)  # the bound holds both ways: a near-copy also has one of these
        near = (self.docs[i] for i in found
                if _within_days(doc.published, self.docs[i].published) and any(t in self.docs[i].vector for t in own))
        best = max(near, key=lambda other: cosine(doc.vector, other.vector), default=None)
        if best is not None and cosine(doc.vector, best.vector) >= DUPLICATE_COSINE:
            return best
        return None


def _within_days(first: date | None, second: date | None) -> bool:
    """Whether two publication dates are close enough for one article to copy the other (undated: yes)."""
    return first is None or second is None or abs((first - second).days) <= DUPLICATE_DAYS


# -- reading the store -----------------------------------------------------------------------

def count_terms(store: Store, article_ids: list[str]) -> dict[str, Counter[str]]:
    """Content-lemma counts of these articles, counted in SQL from their stored tokens (a row per
    distinct lemma of an article comes back, not a row per token)."""
    from spacy.lang.en.stop_words import STOP_WORDS

    counts: dict[str, Counter[str]] = {a: Counter() for a in article_ids}
    cursor = store.con.execute(
        "SELECT article_id, lower(lemma) AS lemma, count(*) AS n FROM tokens WHERE pos IN (SELECT unnest(?)) "
        "AND article_id IN (SELECT unnest(?)) GROUP BY ALL", [list(CONTENT_POS), article_ids])
    kept: dict[str, bool] = {}
    while batch := cursor.fetchmany(STREAM_ROWS):
        for article_id, lemma, n in batch:
            if lemma not in kept:
                kept[lemma] = len(lemma) > 1 and bool(_WORD.fullmatch(lemma)) and lemma not in STOP_WORDS
            if kept[lemma]:
                counts[article_id][lemma] += n
    return counts


def _store_missing_terms(store: Store, chunk: int = 500) -> None:
    """Count and store the lemmas of every article that has none stored yet (new ones, or an older store),
    ``chunk`` articles at a time so that memory does not grow with the number of new articles."""
    missing = [r["id"] for r in store.query(
        "SELECT id FROM articles WHERE id NOT IN (SELECT DISTINCT article_id FROM story_terms) ORDER BY id")]
    for start in range(0, len(missing), chunk):
        counts = count_terms(store, missing[start:start + chunk])
        with store.transaction():
            store.insert_rows("story_terms", ("article_id", "term", "n"),
                              [(a, t, n) for a, terms in counts.items() for t, n in terms.items()])


def _stored_counts(store: Store, article_ids: list[str]) -> dict[str, Counter[str]]:
    counts: dict[str, Counter[str]] = {a: Counter() for a in article_ids}
    cursor = store.con.execute("SELECT article_id, term, n FROM story_terms WHERE article_id IN (SELECT unnest(?))",
                               [article_ids])
    while batch := cursor.fetchmany(STREAM_ROWS):  # tuples in batches: a row per term adds up at scale
        for article_id, term, n in batch:
            counts[article_id][term] = n
    return counts


def _document_frequencies(store: Store) -> tuple[dict[str, int], int]:
    """Every term's document frequency over the whole store, and the number of articles."""
    df = {r["term"]: r["df"] for r in store.query("SELECT term, count(*) AS df FROM story_terms GROUP BY term")}
    row = store.query("SELECT count(*) AS n FROM articles")
    return df, int(row[0]["n"])


def _actor_sets(store: Store, article_ids: list[str] | None = None) -> dict[str, frozenset[str]]:
    """Canonical actor ids per article, from the stored links (of ``article_ids`` only when given: a pass
    reads the links of the articles it places and compares with, not the whole store's)."""
    where, params = ("", []) if article_ids is None else ("WHERE article_id IN (SELECT unnest(?))", [article_ids])
    actors: dict[str, set[str]] = defaultdict(set)
    for row in store.query(f"SELECT DISTINCT article_id, canonical_id FROM actor_links {where}", params):
        actors[row["article_id"]].add(row["canonical_id"])
    return {a: frozenset(s) for a, s in actors.items()}


def _docs(store: Store, articles: list[dict[str, Any]], actors: dict[str, frozenset[str]],
          idf: tuple[dict[str, int], int]) -> list[Doc]:
    """Docs for these article rows (id, external_id, published_date), vectors weighted by the store's IDF."""
    vectors = tfidf(_stored_counts(store, [a["id"] for a in articles]), *idf)
    return [Doc(a["id"], a["external_id"], a["published_date"], vectors[a["id"]], actors.get(a["id"], frozenset()))
            for a in articles]


def load_docs(store: Store) -> list[Doc]:
    """Every stored article in publication order (undated last), with its TF-IDF vector and canonical actors."""
    _store_missing_terms(store)
    articles = store.query("SELECT id, external_id, published_date FROM articles "
                           "ORDER BY published_date NULLS LAST, external_id, id")
    return _docs(store, articles, _actor_sets(store), _document_frequencies(store))


def _ungrouped(store: Store, limit: int) -> list[dict[str, Any]]:
    """The first ``limit`` articles in no story yet, in publication order (undated last, then external id)."""
    return store.query("SELECT id, external_id, published_date FROM articles "
                       "WHERE id NOT IN (SELECT article_id FROM story_articles) "
                       "ORDER BY published_date NULLS LAST, external_id, id LIMIT ?", [limit])


def _reachable_stories(store: Store, new: list[dict[str, Any]], threshold: float) -> list[int]:
    """Ids of the stored stories that some new article is close enough in time to join."""
    dates = [a["published_date"] for a in new]
    if any(d is None for d in dates):
        return [r["id"] for r in store.query("SELECT id FROM stories ORDER BY id")]
    reach = timedelta(days=horizon(threshold))
    return [r["id"] for r in store.query(
        "SELECT id FROM stories WHERE last_published IS NULL "
        "OR (last_published >= ? AND first_published <= ?) ORDER BY id", [min(dates) - reach, max(dates) + reach])]


def _load_stories(store: Store, ids: list[int], idf: tuple[dict[str, int], int]) -> list[Story]:
    """The stored stories ``ids`` as a pass scores them, summed in SQL: the sum of their members' unit
    TF-IDF vectors (weighted with ``idf``, as :func:`tfidf`), their actors, dates and size; their
    members' vectors are not read, so a story of thousands of articles costs a row per distinct term."""
    if not ids:
        return []
    stories = {r["story_id"]: Story(r["story_id"], first=r["first"], last=r["last"], size=r["n"]) for r in store.query(
        "SELECT sa.story_id, count(*) AS n, min(a.published_date) AS first, max(a.published_date) AS last "
        "FROM story_articles sa JOIN articles a ON a.id = sa.article_id WHERE sa.story_id IN (SELECT unnest(?)) "
        "GROUP BY sa.story_id ORDER BY sa.story_id", [ids])}
    cursor = store.con.execute(
        "WITH df AS (SELECT term, count(*) AS df FROM story_terms GROUP BY term), "
        "w AS (SELECT sa.story_id, t.article_id, t.term, (1 + ln(t.n)) * (ln((1 + ?) / (1 + df.df)) + 1) AS w "
        "FROM story_articles sa JOIN story_terms t ON t.article_id = sa.article_id JOIN df ON df.term = t.term "
        "WHERE sa.story_id IN (SELECT unnest(?))), "
        "norms AS (SELECT article_id, sqrt(sum(w * w)) AS norm FROM w GROUP BY article_id) "
        "SELECT w.story_id, w.term, sum(w.w / norms.norm) AS weight FROM w JOIN norms ON norms.article_id = "
        "w.article_id GROUP BY ALL", [idf[1], ids])
    while batch := cursor.fetchmany(STREAM_ROWS):
        for story_id, term, weight in batch:
            stories[story_id].terms[term] = weight
    for row in store.query("SELECT DISTINCT sa.story_id, l.canonical_id FROM story_articles sa JOIN actor_links l "
                           "ON l.article_id = sa.article_id WHERE sa.story_id IN (SELECT unnest(?))", [ids]):
        stories[row["story_id"]].actors.add(row["canonical_id"])
    return list(stories.values())


def _recent_members(store: Store, new: list[Doc], ids: list[int]) -> list[dict[str, Any]]:
    """The members of stories ``ids`` that a new article may duplicate, in publication order with their
    story id: undated, or published within DUPLICATE_DAYS of one (any date when one is undated), and
    holding one of the prefix terms of one (see :func:`prefix_terms`: a near-copy must hold one)."""
    terms = sorted({t for doc in new for t in prefix_terms(doc.vector)})
    near, params = "TRUE", []
    if all(doc.published is not None for doc in new):
        days = {d + timedelta(days=k) for d in {doc.published for doc in new if doc.published}
                for k in range(-DUPLICATE_DAYS, DUPLICATE_DAYS + 1)}
        near, params = "(a.published_date IS NULL OR a.published_date IN (SELECT unnest(?)))", [sorted(days)]
    return store.query("SELECT a.id, a.external_id, a.published_date, sa.story_id FROM story_articles sa "
                       "JOIN articles a ON a.id = sa.article_id WHERE sa.story_id IN (SELECT unnest(?)) "
                       f"AND {near} AND EXISTS (SELECT 1 FROM story_terms t WHERE t.article_id = a.id "
                       "AND t.term IN (SELECT unnest(?))) ORDER BY a.published_date NULLS LAST, a.external_id, a.id",
                       [ids, *params, terms])


# -- writing the store -----------------------------------------------------------------------

def assign_store(store: Store, *, rebuild: bool = False, threshold: float = THRESHOLD,
                 chunk: int = STORY_CHUNK) -> int:
    """Place every article that is in no story yet into a story (``rebuild``: regroup every article from
    scratch, renumbering the stories), ``chunk`` articles at a time in publication order, in one
    transaction; return how many stories changed or started. Each chunk reads only the stories its
    articles can reach, so memory grows with the chunk and the stories within reach, not the store."""
    if chunk < 1:
        raise ValueError(f"chunk must be at least 1, not {chunk}")
    _store_missing_terms(store)
    _forget_deleted(store)
    idf = _document_frequencies(store)
    changed: set[int] = set()
    placed = 0
    with store.transaction():
        if rebuild:  # in the same transaction as the regroup: a failed one keeps the old stories
            store.con.execute("DELETE FROM story_articles")
            store.con.execute("DELETE FROM stories")
        while new := _ungrouped(store, chunk):
            changed |= _place_chunk(store, new, idf, threshold)
            placed += len(new)
    if placed:
        log.info("placed %d new articles: %d stories changed or started", placed, len(changed))
    return len(changed)


def _place_chunk(store: Store, new: list[dict[str, Any]], idf: tuple[dict[str, int], int],
                 threshold: float) -> set[int]:
    """Place these articles (in order) into the stories they can reach or new ones; return the ids changed."""
    ids = _reachable_stories(store, new, threshold)
    docs = _docs(store, new, _actor_sets(store, [a["id"] for a in new]), idf)
    recent = _recent_members(store, docs, ids)  # compared by their text only: no actors needed
    next_id = int(store.query("SELECT coalesce(max(id), 0) + 1 AS n FROM stories")[0]["n"])
    touched = [s for s in assign(docs, _load_stories(store, ids, idf), earlier=_docs(store, recent, {}, idf),
                                 homes={r["id"]: r["story_id"] for r in recent}, next_id=next_id,
                                 threshold=threshold) if s.new_members]
    _write(store, touched)
    return {s.id for s in touched}


def _forget_deleted(store: Store) -> None:
    """Drop story members (and their term counts) whose article is no longer stored, and emptied stories."""
    gone = "(SELECT id FROM articles)"
    with store.transaction():
        store.con.execute(f"DELETE FROM story_terms WHERE article_id NOT IN {gone}")
        store.con.execute(f"DELETE FROM story_articles WHERE article_id NOT IN {gone}")
        store.con.execute("DELETE FROM stories WHERE id NOT IN (SELECT story_id FROM story_articles)")


def _write(store: Store, stories: list[Story]) -> None:
    """Append the new members of ``stories`` and rewrite their story rows (labels, counts, dates), in the
    caller's transaction."""
    store.insert_rows("story_articles", ("story_id", "article_id", "similarity", "duplicate_of"),
                      [(s.id, *m) for s in stories for m in s.new_members])
    rows = [_story_row(store, s) for s in stories]
    store.con.execute("DELETE FROM stories WHERE id IN (SELECT unnest(?))", [[s.id for s in stories]])
    store.insert_rows("stories", ("id", "label", "key_actors", "key_terms", "n_articles", "first_published",
                                  "last_published"), rows)


def _story_row(store: Store, story: Story) -> tuple[Any, ...]:
    """(id, label, key actors, key terms, n, first, last): actors by mentions in the story, terms by weight
    (to 9 decimals, so that sums taken in another order rank alike)."""
    actors = store.query(
        "SELECT c.id, c.name, count(*) AS n FROM mentions m "
        "JOIN actor_links l ON l.article_id = m.article_id AND l.key = m.actor "
        "JOIN canonical_actors c ON c.id = l.canonical_id "
        "WHERE m.article_id IN (SELECT article_id FROM story_articles WHERE story_id = ?) "
        "GROUP BY c.id, c.name ORDER BY n DESC, c.name LIMIT ?", [story.id, KEY_ACTORS])
    terms = [t for t, _ in sorted(story.terms.items(), key=lambda x: (-round(x[1], 9), x[0]))[:KEY_TERMS]]
    names = [a["name"] for a in actors]
    label = ", ".join(names[:KEY_ACTORS]) or ", ".join(terms[:3]) or f"story {story.id}"
    return (story.id, label, json.dumps([{"id": a["id"], "name": a["name"], "mentions": a["n"]} for a in actors],
                                        ensure_ascii=False),
            json.dumps(terms, ensure_ascii=False), story.size + len(story.members), story.first, story.last)


__all__ = [
    "DUPLICATE_COSINE", "HALF_LIFE_DAYS", "THRESHOLD", "W_ACTORS", "W_TEXT", "Doc", "Seen", "Story", "assign",
    "assign_store", "cosine", "count_terms", "decay", "horizon", "jaccard", "load_docs", "nearest", "prefix_terms",
    "score", "tfidf",
]
