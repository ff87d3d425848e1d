"""Benchmark: latency (p50/p95) of the events, timeline and actor-profile queries on a store of 1M events.

Usage:
    python bench/queries.py [--events 1000000] [--runs 50] [--db PATH] [--indexes] [--seed 1]

The store is NOT built through spaCy (a million events would take days on a laptop):
it is filled by bulk ``INSERT ... SELECT`` statements over DuckDB's ``range()`` into
the real schema (the migrations applied by ``newsgraph.open``), with the shapes the
pipeline writes: 50 events and 6 actors per article, canonical actors shared across
articles (2,000 people and 40 countries), merged events grouped from the events as
the linker groups them (same source, target, CAMEO code and date), their links,
quotes and relations. Values are derived from ``hash(row, seed)``, so a seed gives
the same store. Then each query runs ``--runs`` times with filters drawn from the
data (an actor's name, a CAMEO root, a status, a year window) through the library
(``Newsgraph.events``, ``.timeline``, ``.actor_profile``), and the script prints
p50/p95 in milliseconds with the mean row count. ``--indexes`` first creates the
indexes of ``INDEXES`` (to measure whether they help).
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

EVENTS_PER_ARTICLE = 50
ACTORS_PER_ARTICLE = 6
FIRST = ("Anna", "Boris", "Chen", "Dara", "Elif", "Farid", "Grace", "Hiro", "Ines", "Jonas", "Kofi", "Lena",
         "Mateo", "Nadia", "Omar", "Priya", "Quinn", "Rosa", "Sami", "Tara", "Umar", "Vera", "Wen", "Ximena",
         "Yusuf", "Zofia", "Amir", "Bea", "Carlos", "Dmitri", "Eun-ji", "Fatima", "Goran", "Hana", "Ivan",
         "Jae-won", "Karin", "Luis", "Mina", "Nikos", "Olga", "Pavel", "Rania", "Sven", "Tomas", "Ulla", "Viktor",
         "Yara", "Zeynep", "Ali")
LAST = ("Berg", "Castillo", "Dahl", "Eze", "Fischer", "Garcia", "Haddad", "Ito", "Jensen", "Kaplan", "Lindqvist",
        "Moreau", "Novak", "Okafor", "Park", "Quispe", "Rossi", "Sato", "Tanaka", "Usman", "Varga", "Wagner",
        "Xu", "Yilmaz", "Zhang", "Abbas", "Bauer", "Costa", "Diallo", "Esposito", "Ferrari", "Gomez", "Horvat",
        "Ivanova", "Jovanovic", "Kim", "Lopez", "Mensah", "Nguyen", "Olsen")
COUNTRIES = ("USA", "CHN", "RUS", "PRK", "KOR", "JPN", "IRN", "ISR", "EGY", "TUR", "DEU", "FRA", "GBR", "IND",
             "PAK", "BRA", "MEX", "NGA", "ZAF", "KEN", "ETH", "SAU", "ARE", "QAT", "UKR", "POL", "ITA", "ESP",
             "CAN", "AUS", "IDN", "VNM", "PHL", "THA", "MYS", "SGP", "ARG", "COL", "VEN", "SYR")
# (cameo, plover, goldstein, quad class): codes the pipeline emits, in rough proportion.
CODES = (("010", None, 0.0, 1), ("012", None, -0.4, 1), ("020", None, 3.0, 1), ("036", "CONSULT", 4.0, 1),
         ("040", "CONSULT", 1.0, 1), ("042", "CONSULT", 1.9, 1), ("043", "CONSULT", 2.8, 1),
         ("046", "CONSULT", 7.0, 1), ("051", "SUPPORT", 3.4, 1), ("057", "AGREE", 8.0, 1),
         ("061", "COOPERATE", 6.4, 2), ("071", "AID", 7.4, 2), ("081", "CONCEDE", 5.0, 2),
         ("090", "ACCUSE", -2.0, 3), ("100", "REQUEST", -5.0, 3), ("111", "ACCUSE", -2.0, 3),
         ("112", "ACCUSE", -2.0, 3), ("120", "REJECT", -4.0, 3), ("125", "REJECT", -5.0, 3),
         ("130", "THREATEN", -4.4, 3), ("138", "THREATEN", -7.0, 3), ("141", "PROTEST", -6.5, 4),
         ("150", "MOBILIZE", -7.2, 4), ("163", "SANCTION", -8.0, 4), ("173", "COERCE", -5.0, 4),
         ("190", "ASSAULT", -10.0, 4))
STATUSES = ("occurred", "occurred", "occurred", "planned", "possible", "negated")
# Candidate indexes for the queries' lookups (measured with --indexes; see docs/performance.md).
INDEXES = (
    "CREATE INDEX IF NOT EXISTS bench_events_article ON events (article_id)",
    "CREATE INDEX IF NOT EXISTS bench_actors_article_key ON actors (article_id, key)",
    "CREATE INDEX IF NOT EXISTS bench_merged_source ON merged_events (source)",
    "CREATE INDEX IF NOT EXISTS bench_merged_target ON merged_events (target)",
    "CREATE INDEX IF NOT EXISTS bench_event_links_merged ON event_links (merged_id)",
    "CREATE INDEX IF NOT EXISTS bench_canonical_id ON canonical_actors (id)",
    "CREATE INDEX IF NOT EXISTS bench_actor_links_canonical ON actor_links (canonical_id)",
)


@dataclass(frozen=True, slots=True)
class Timing:
    """Latencies of one query over its runs."""

    name: str
    seconds: list[float]
    rows: list[int]

    def line(self) -> str:
        ordered = sorted(self.seconds)
        p95 = ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]
        return (f"{self.name:15} runs {len(ordered):3}  p50 {1000 * statistics.median(ordered):8.1f} ms  "
                f"p95 {1000 * p95:8.1f} ms  max {1000 * ordered[-1]:8.1f} ms  "
                f"mean rows {statistics.mean(self.rows):9.1f}")


# -- building the store --------------------------------------------------------------------------------


def sql_list(values: tuple[Any, ...]) -> str:
    """A DuckDB list literal."""
    return "[" + ", ".join("NULL" if v is None else repr(v) for v in values) + "]"


def build(con: Any, events: int, seed: int) -> dict[str, int]:
    """Fill an empty, migrated store with ``events`` synthetic events; return the row counts."""
    articles = max(1, events // EVENTS_PER_ARTICLE)
    people = len(FIRST) * len(LAST)
    con.execute(f"CREATE TEMP MACRO h(x, salt) AS CAST(hash(x, salt, {seed}) % 2147483647 AS BIGINT)")
    con.execute("BEGIN")
    _canonical(con, people)
    _articles(con, articles)
    _actors(con, articles, people)
    _events(con, articles)
    _merged(con)
    _quotes_and_relations(con)
    con.execute("COMMIT")
    tables = ("articles", "actors", "events", "canonical_actors", "actor_links", "merged_events", "event_links",
              "quotes", "relations")
    return {table: count(con, table) for table in tables}


def _canonical(con: Any, people: int) -> None:
    """2,000 people (first x last names) and 40 countries, as the linker writes canonical actors."""
    con.execute(f"""
        INSERT INTO canonical_actors
        SELECT 'person:' || lower(n), n, 'person', c, s, to_json([n]), 0, 0 FROM (
            SELECT {sql_list(FIRST)}[1 + i // {len(LAST)}] || ' ' || {sql_list(LAST)}[1 + i % {len(LAST)}] AS n,
                   {sql_list(COUNTRIES)}[1 + h(i, 1) % {len(COUNTRIES)}] AS c,
                   ['GOV', 'MIL', 'MED', 'EDU', 'NGO', 'BUS'][1 + h(i, 2) % 6] AS s
            FROM range({people}) r(i))""")
    con.execute(f"""
        INSERT INTO canonical_actors
        SELECT 'country:' || c, c, 'country', c, NULL, to_json([c]), 0, 0
        FROM unnest({sql_list(COUNTRIES)}) u(c)""")


def _articles(con: Any, articles: int) -> None:
    """Articles published over ten years, with a short text (the queries never read it)."""
    con.execute(f"""
        INSERT INTO articles (id, external_id, title, text, published, published_precision, published_date,
                              url, source, author, origin, language, parsed, model, n_sentences, n_tokens,
                              n_entities, meta, notes, ingested_at, extracted_at, n_events)
        SELECT 'a' || lpad(i::VARCHAR, 9, '0'), 'bench-' || i, 'Synthetic article ' || i,
               'Synthetic article ' || i || ' of the query benchmark.', strftime(d, '%Y-%m-%d'), 'day', d,
               'https://bench.example/' || i, 'Bench Wire', NULL, 'bench', 'en', TRUE, 'bench', 30, 600, 40,
               NULL, NULL, now(), now(), {EVENTS_PER_ARTICLE}
        FROM (SELECT i, DATE '2015-01-01' + CAST(h(i, 3) % 3650 AS INTEGER) AS d FROM range({articles}) r(i))""")


def _actors(con: Any, articles: int, people: int) -> None:
    """Six actors per article (five people, one country), keyed by their canonical id, and their links."""
    con.execute(f"""
        CREATE TEMP TABLE bench_actors AS
        SELECT 'a' || lpad(i::VARCHAR, 9, '0') AS article_id, j,
               CASE WHEN j < 5 THEN (h(i, 4) % 400 + j * 400) % {people} END AS person,
               {sql_list(COUNTRIES)}[1 + h(i, 5) % {len(COUNTRIES)}] AS country
        FROM range({articles}) r(i), range({ACTORS_PER_ARTICLE}) k(j)""")
    con.execute("""
        CREATE TEMP TABLE bench_people AS
        SELECT id, row_number() OVER (ORDER BY id) - 1 AS n FROM canonical_actors WHERE type = 'person'""")
    con.execute("""
        INSERT INTO actors
        SELECT b.article_id, c.id, c.name, c.type, c.country, c.sector, c.aliases, '[]', NULL, 'text'
        FROM bench_actors b LEFT JOIN bench_people p ON p.n = b.person
        JOIN canonical_actors c ON c.id = coalesce(p.id, 'country:' || b.country)""")
    con.execute("INSERT INTO actor_links SELECT article_id, key, key FROM actors")


def _events(con: Any, articles: int) -> None:
    """Fifty events per article between its actors, dated up to a month before publication."""
    con.execute("""
        CREATE TEMP TABLE bench_keys AS
        SELECT article_id, list(key ORDER BY key) AS keys FROM actors GROUP BY article_id""")
    codes = "[" + ", ".join(f"{{'c': '{c}', 'p': {repr(p) if p else 'NULL'}, 'g': {g}, 'q': {q}}}"
                            for c, p, g, q in CODES) + "]"
    con.execute(f"""
        INSERT INTO events
        SELECT a.id || '-e' || k, a.id, k // 2, 'met', 10 * k, 10 * k + 3,
               ks.keys[1 + k % len(ks.keys)], ks.keys[1 + (k * 5 + 1) % len(ks.keys)],
               x.c, x.p, x.g, x.q, {sql_list(STATUSES)}[1 + h(n, 6) % {len(STATUSES)}], NULL,
               CASE WHEN h(n, 7) % 10 = 0 THEN strftime(d, '%Y-%m') ELSE strftime(d, '%Y-%m-%d') END,
               CASE WHEN h(n, 7) % 10 = 0 THEN 'month' ELSE 'day' END, NULL,
               NULL, NULL, NULL, NULL, 'Synthetic evidence sentence ' || k || '.', 10 * k, 10 * k + 30,
               'bench', 0.8
        FROM (SELECT a.*, k, h(hash(a.id), k) AS n,
                     a.published_date - CAST(h(hash(a.id), k + 100) % 30 AS INTEGER) AS d,
                     {codes}[1 + h(hash(a.id), k + 200) % {len(CODES)}] AS x
              FROM articles a, range({EVENTS_PER_ARTICLE}) r(k)) a
        JOIN bench_keys ks ON ks.article_id = a.id""")


def _merged(con: Any) -> None:
    """Merged events grouped as the linker groups reports, their links, and the canonical actors' counts."""
    con.execute("""
        CREATE TEMP TABLE bench_groups AS
        SELECT e.id AS event_id, e.article_id,
               md5(concat_ws('|', e.source, e.target, e.cameo, e.date)) AS merged_id
        FROM events e""")
    con.execute("""
        INSERT INTO merged_events
        SELECT g.merged_id, any_value(e.source), any_value(e.target), any_value(e.cameo), any_value(e.plover),
               any_value(e.goldstein), any_value(e.quad_class), min(e.status), any_value(e.date),
               any_value(e.date_precision), NULL, count(DISTINCT e.article_id), count(*),
               min(a.published_date), max(a.published_date)
        FROM bench_groups g JOIN events e ON e.id = g.event_id JOIN articles a ON a.id = e.article_id
        GROUP BY g.merged_id""")
    con.execute("INSERT INTO event_links SELECT event_id, article_id, merged_id FROM bench_groups")
    con.execute("""
        UPDATE canonical_actors c SET n_articles = s.n_articles, n_mentions = s.n_mentions
        FROM (SELECT canonical_id, count(DISTINCT article_id) AS n_articles, 3 * count(*) AS n_mentions
              FROM actor_links GROUP BY canonical_id) s
        WHERE s.canonical_id = c.id""")


def _quotes_and_relations(con: Any) -> None:
    """Two quotes (by its first two people) and one relation per article."""
    con.execute("""
        INSERT INTO quotes
        SELECT article_id || '-q' || j, article_id, 'We will keep talking, and we expect results.', 100 * j,
               100 * j + 44, keys[1 + j], NULL, NULL, NULL, 'said', NULL, j, 0.9
        FROM bench_keys, range(2) r(j)""")
    con.execute("""
        INSERT INTO relations
        SELECT article_id || '-r', article_id, 'ally', keys[1], keys[2], 'They are close allies.', 0, 22,
               'bench', 0.7 FROM bench_keys""")


# -- timing the queries -----------------------------------------------------------------------------------


def time_query(name: str, runs: int, call: Callable[[random.Random], Any], seed: int) -> Timing:
    """Run ``call`` ``runs`` times with filters drawn from a seeded generator (one warm-up run first)."""
    rng = random.Random(seed)
    call(random.Random(seed - 1))  # warm-up: the first query pays for loading the tables' blocks
    seconds, rows = [], []
    for _ in range(runs):
        started = time.perf_counter()
        result = call(rng)
        seconds.append(time.perf_counter() - started)
        rows.append(len(result) if isinstance(result, list) else sum(
            len(v) for v in result.values() if isinstance(v, list)))
    return Timing(name, seconds, rows)


def event_filters(rng: random.Random, names: list[str]) -> dict[str, Any]:
    """A varied filter set as a user would type it: an actor, maybe with a year window, a code or a status."""
    year = rng.randrange(2015, 2025)
    choice = rng.randrange(4)
    if choice == 0:
        return {"actor": rng.choice(names)}
    if choice == 1:
        return {"actor": rng.choice(names), "since": f"{year}-01", "until": f"{year}-12"}
    if choice == 2:
        return {"cameo": rng.choice(CODES)[0][:2], "status": "planned", "since": f"{year}-03", "until": f"{year}-04"}
    return {"country": rng.choice(COUNTRIES), "plover": "THREATEN", "since": str(year), "until": str(year)}


def run_queries(graph: Any, runs: int, seed: int) -> list[Timing]:
    """Time events, timeline and actor_profile through the library."""
    names = [row[0] for row in graph.store.con.execute(
        "SELECT name FROM canonical_actors WHERE type = 'person' ORDER BY id").fetchall()]
    return [
        time_query("events", runs, lambda rng: graph.events(**event_filters(rng, names)), seed),
        time_query("events page", runs, lambda rng: graph.events(limit=100, status=rng.choice(STATUSES[3:])),
                   seed),
        time_query("timeline", runs, lambda rng: graph.timeline(
            **{k: v for k, v in event_filters(rng, names).items() if k in ("actor", "since", "until", "status")}),
                   seed),
        time_query("actor_profile", runs, lambda rng: graph.actor_profile(rng.choice(names)), seed),
    ]


def rewrite_timings(graph: Any, runs: int, seed: int) -> list[Timing]:
    """The merged-events actor filter as graph.py writes it (ILIKE after joining both actors) against the
    same filter applied to the 2,040 canonical actors first (``source IN (...) OR target IN (...)``)."""
    from newsgraph.graph import MERGED_ORDER, MERGED_SELECT

    names = [row[0] for row in graph.store.con.execute(
        "SELECT name FROM canonical_actors WHERE type = 'person' ORDER BY id").fetchall()]
    joined = (f"{MERGED_SELECT} WHERE (s.name ILIKE ? OR t.name ILIKE ? OR s.aliases::VARCHAR ILIKE ? "
              f"OR t.aliases::VARCHAR ILIKE ?) {MERGED_ORDER}")
    first = ("WITH x AS (SELECT id FROM canonical_actors WHERE name ILIKE ? OR aliases::VARCHAR ILIKE ?) "
             f"{MERGED_SELECT} WHERE (m.source IN (SELECT id FROM x) OR m.target IN (SELECT id FROM x)) "
             f"{MERGED_ORDER}")
    def by_name(sql: str, placeholders: int) -> Callable[[random.Random], Any]:
        return lambda rng: graph.store.query(sql, [f"%{rng.choice(names)}%"] * placeholders)

    return [time_query("filter joined", runs, by_name(joined, 4), seed),
            time_query("filter first", runs, by_name(first, 2), seed)]


def main() -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n")[0])
    parser.add_argument("--events", type=int, default=1_000_000)
    parser.add_argument("--runs", type=int, default=50)
    parser.add_argument("--db", type=Path, help="build the store here (default: a temporary file)")
    parser.add_argument("--indexes", action="store_true", help="create the candidate INDEXES first")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--rewrite", action="store_true",
                        help="time the timeline's actor filter as written and as an IN-subquery instead")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        path = args.db or Path(tmp) / "bench.duckdb"
        measure(path, args)


def count(con: Any, table: str) -> int:
    """Rows in ``table``."""
    return int(con.execute(f"SELECT count(*) FROM {table}").fetchone()[0])


def measure(path: Path, args: argparse.Namespace) -> None:
    """Build the store at ``path`` unless it holds events, then time the queries on it."""
    import newsgraph

    with newsgraph.open(path) as graph:
        con = graph.store.con
        if not count(con, "events"):
            started = time.perf_counter()
            counts = build(con, args.events, args.seed)
            print(f"built {path} in {time.perf_counter() - started:.1f} s: "
                  + ", ".join(f"{t} {n:,}" for t, n in counts.items()), file=sys.stderr)
        if args.indexes:
            started = time.perf_counter()
            for statement in INDEXES:
                con.execute(statement)
            print(f"created {len(INDEXES)} indexes in {time.perf_counter() - started:.1f} s", file=sys.stderr)
        indexes = count(con, "duckdb_indexes()")
        print(f"store: {count(con, 'events'):,} events, {args.runs} runs per query, {indexes} indexes")
        timings = rewrite_timings(graph, args.runs, args.seed) if args.rewrite else run_queries(
            graph, args.runs, args.seed)
        for timing in timings:
            print(timing.line())


if __name__ == "__main__":
    main()
