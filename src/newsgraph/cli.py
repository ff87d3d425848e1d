"""The ``newsgraph`` command: a thin Typer skin over :mod:`newsgraph.graph`.

Data goes to stdout; problems, logs, progress and summaries to stderr.
Exit codes: 0 done, 1 some inputs skipped, 2 usage error, 3 the store or the
model cannot be used.
"""

from __future__ import annotations

import logging
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.console import Console
from rich.text import Text

import newsgraph
from newsgraph.engine import EngineOptions
from newsgraph.engine import check as check_engine
from newsgraph.errors import NewsgraphError, UsageError
from newsgraph.graph import ARTICLE_LIST_COLUMNS, ARTICLE_TABLE_COLUMNS, Newsgraph, as_date, versions
from newsgraph.ingest import DEFAULT_MAX_BYTES
from newsgraph.output import FORMATS, READABLE_FORMATS, render, render_record
from newsgraph.pipeline import DB_MEMORY
from newsgraph.records import IngestReport, Problem
from newsgraph.store import default_path, memory_size

app = typer.Typer(
    name="newsgraph",
    help="Turn news articles into structured, sourced event data.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
)
stderr = Console(stderr=True, highlight=False, soft_wrap=True)

DbOption = Annotated[Path | None, typer.Option(
    "--db", envvar="NEWSGRAPH_DB", help="Database file [default: ./newsgraph.duckdb; env NEWSGRAPH_DB].",
    show_default=False)]
FormatOption = Annotated[str, typer.Option("--format", "-f", help=f"Output format: {', '.join(FORMATS)}.")]

QUOTE_TABLE_COLUMNS = ("article", "speaker", "text", "verb", "channel")
EVENT_TABLE_COLUMNS = ("date", "status", "source", "cameo", "plover", "target", "location", "article", "evidence")

ENTITY_COLOURS = {
    "PERSON": "bold cyan", "ORG": "bold magenta", "GPE": "bold green", "NORP": "green", "LOC": "green",
    "FAC": "green", "DATE": "yellow", "TIME": "yellow", "EVENT": "bold yellow",
}


@contextmanager
def errors() -> Iterator[None]:
    """Map library errors to one stderr line and an exit code (the one place that does)."""
    try:
        yield
    except UsageError as exc:
        stderr.print(f"error: {exc}", markup=False)
        raise typer.Exit(2) from exc
    except NewsgraphError as exc:
        stderr.print(f"error: {exc}", markup=False)
        raise typer.Exit(3) from exc


def check_format(fmt: str) -> None:
    """Refuse an unknown --format before any work is done."""
    if fmt not in FORMATS:
        raise UsageError(f"unknown format {fmt!r}; choose one of {', '.join(FORMATS)}")


def open_graph(db: Path | None, *, read_only: bool = True) -> Newsgraph:
    """Open the database for a command."""
    return newsgraph.open(db, read_only=read_only)


def setup_logging(verbose: bool) -> None:
    """Send the library's log to stderr: INFO with --verbose, else WARNING."""
    logger = logging.getLogger("newsgraph")
    logger.setLevel(logging.INFO if verbose else logging.WARNING)
    if not any(isinstance(h, _StderrHandler) for h in logger.handlers):
        handler = _StderrHandler()
        handler.setFormatter(logging.Formatter("%(message)s"))
        logger.addHandler(handler)


class _StderrHandler(logging.Handler):
    """Write log lines to whatever sys.stderr is at the time (it changes between runs in one process)."""

    def emit(self, record: logging.LogRecord) -> None:
        try:
            sys.stderr.write(self.format(record) + "\n")
        except (OSError, ValueError):
            self.handleError(record)


@app.command()
def ingest(
    paths: Annotated[list[str], typer.Argument(
        metavar="PATH...", help="Files, folders (recursive), globs, or - for stdin.")],
    db: DbOption = None,
    published: Annotated[str | None, typer.Option(
        help="Publication date (YYYY-MM-DD, YYYY-MM or YYYY) for articles that state none.")] = None,
    source: Annotated[str | None, typer.Option(help="Source name for articles that state none.")] = None,
    workers: Annotated[int, typer.Option(min=1, help="Parser processes (local) or Ray actors (ray).")] = 1,
    batch_size: Annotated[int, typer.Option(min=1, help="Articles committed per transaction.")] = 64,
    engine: Annotated[str, typer.Option(
        help="Where to parse: local (processes here) or ray (needs `pip install 'newsgraph[ray]'`).")] = "local",
    address: Annotated[str | None, typer.Option(
        help="Ray cluster to join (with --engine ray); default: start one for the run.")] = None,
    max_bytes: Annotated[int, typer.Option(min=1, help="Largest article file or text, in bytes.")]
    = DEFAULT_MAX_BYTES,
    actors: Annotated[Path | None, typer.Option(
        help="Your actor dictionary (YAML or CSV), extending the bundled one.")] = None,
    extract: Annotated[bool, typer.Option(help="Extract actors and events while ingesting.")] = True,
    db_memory: Annotated[str, typer.Option(
        help="DuckDB's memory cap for the run (e.g. 512MB, 2GB); 'max' for DuckDB's default.")] = DB_MEMORY,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="Print only problems.")] = False,
    verbose: Annotated[bool, typer.Option("--verbose", "-v", help="Log each batch and duplicate.")] = False,
) -> None:
    """Read articles, parse them, extract actors and events, and store them.

    Re-ingesting stored articles adds nothing.

    Reads .txt, .html, RSS/Atom (.xml/.rss/.atom), .jsonl, .json, .csv, .tsv,
    .parquet and WARC (.warc/.warc.gz, e.g. CC-NEWS: HTML responses with status 200).
    A bad input is reported on one line and skipped; the rest are stored.
    Exit code 0 when every input was ingested, 1 when some were skipped.

    \b
    Example:
      newsgraph ingest examples/demo --db news.duckdb
      cat story.txt | newsgraph ingest - --published 2019-06-17 --source Wire
      newsgraph ingest corpus/ --engine ray --workers 8 --db news.duckdb
    """
    setup_logging(verbose)
    with errors():
        as_date(published, "--published")  # refuse a bad date before creating anything
        check_engine(EngineOptions(engine, workers, batch_size, address))  # and an engine that cannot run
        if db_memory != "max":
            memory_size(db_memory)  # and a size DuckDB would not take
        with open_graph(db, read_only=False) as graph:
            report = _ingest_with_progress(graph, paths, dict(
                published=published, source=source, workers=workers, batch_size=batch_size,
                max_bytes=max_bytes, extract=extract, actors_file=str(actors) if actors else None,
                engine=engine, address=address, db_memory=None if db_memory == "max" else db_memory), quiet)
        if not quiet or not report.ok:
            stderr.print(report.summary(), markup=False)
    raise typer.Exit(0 if report.ok else 1)


def _ingest_with_progress(graph: Newsgraph, paths: list[str], options: dict[str, Any],
                          quiet: bool) -> IngestReport:
    """Run graph.ingest with one line per problem and, on a terminal, a progress bar."""
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

    show_bar = stderr.is_terminal and not quiet
    progress = Progress(SpinnerColumn(), TextColumn("[bold]ingest"), BarColumn(), MofNCompleteColumn(),
                        TextColumn("inputs · {task.fields[stored]} stored"), TimeElapsedColumn(),
                        console=stderr, disable=not show_bar, transient=True)
    task = progress.add_task("ingest", total=None, stored=0)

    def on_problem(problem: Problem) -> None:
        if problem.severity == "warning" and quiet:
            return
        label = "skipped" if problem.severity == "error" else "warning"
        progress.console.print(f"{label}: {problem}", markup=False, highlight=False)

    def on_progress(report: IngestReport, done: int, total: int) -> None:
        progress.update(task, completed=done, total=total or None, stored=report.stored)

    with progress:
        return graph.ingest(paths, on_problem=on_problem, on_progress=on_progress, **options)


@app.command()
def articles(
    db: DbOption = None,
    since: Annotated[str | None, typer.Option(help="Published on or after this date.")] = None,
    until: Annotated[str | None, typer.Option(help="Published on or before this date.")] = None,
    source: Annotated[str | None, typer.Option(help="Source name contains this.")] = None,
    contains: Annotated[str | None, typer.Option(help="Title or text contains this.")] = None,
    language: Annotated[str | None, typer.Option(help="ISO 639-1 language code, e.g. en.")] = None,
    limit: Annotated[int | None, typer.Option(min=0, help="At most this many rows.")] = None,
    fmt: FormatOption = "table",
) -> None:
    """List stored articles, oldest first, with dates and entity counts.

    \b
    Example:
      newsgraph articles --since 2019-01 --contains Pyongyang --format csv
    """
    with errors():
        check_format(fmt)
        with open_graph(db) as graph:
            rows = graph.articles(since=since, until=until, source=source, contains=contains,
                                  language=language, limit=limit)
        columns = ARTICLE_TABLE_COLUMNS if fmt in READABLE_FORMATS else ARTICLE_LIST_COLUMNS
        render(rows, fmt, columns=columns, title=f"{len(rows)} articles")


@app.command()
def show(
    article_id: Annotated[str, typer.Argument(metavar="ID", help="Internal id, external id or id prefix.")],
    db: DbOption = None,
    fmt: FormatOption = "table",
) -> None:
    """Show one article with its named entities marked as [text|LABEL].

    \b
    Example:
      newsgraph show 000_be1492698f019d6f
    """
    with errors():
        check_format(fmt)
        with open_graph(db) as graph:
            record = graph.article(article_id)
        if fmt != "table":
            render_record(record, fmt)
            return
        out = Console(highlight=False, soft_wrap=not sys.stdout.isatty())
        out.print(Text(record["title"], style="bold"))
        date = record["published"] or "date unknown"
        out.print(f"{record['external_id']} · {record['id']} · {date} · {record['source'] or 'source unknown'}"
                  f" · {record['language']}", markup=False, style="dim")
        out.print()
        out.print(highlight_entities(record["text"], record["entities"]))


def highlight_entities(text: str, entities: list[dict[str, Any]]) -> Text:
    """The article text with each entity as [text|LABEL], coloured by label."""
    styled = Text()
    position = 0
    for entity in entities:
        start, end = entity["start_char"], entity["end_char"]
        styled.append(text[position:start])
        style = ENTITY_COLOURS.get(entity["label"], "bold")
        styled.append("[")
        styled.append(text[start:end], style=style)
        styled.append(f"|{entity['label']}]", style="dim")
        position = end
    styled.append(text[position:])
    return styled


@app.command("extract")
def extract_command(
    article: Annotated[str | None, typer.Option(help="Only this article (id, external id or prefix).")] = None,
    db: DbOption = None,
    actors: Annotated[Path | None, typer.Option(
        help="Your actor dictionary (YAML or CSV), extending the bundled one.")] = None,
) -> None:
    """Re-run actor and event extraction on stored articles, without re-parsing.

    Use it after changing trigger patterns, status cues or actor dictionaries.

    \b
    Example:
      newsgraph extract --actors my-actors.yaml
    """
    from rich.progress import Progress

    with errors():
        with open_graph(db, read_only=False) as graph, Progress(
                console=stderr, disable=not stderr.is_terminal, transient=True) as progress:
            task = progress.add_task("extract", total=None)
            done = graph.extract(article, actors_file=actors,
                                 on_progress=lambda n, total: progress.update(task, completed=n, total=total))
        stderr.print(f"extracted {done} article{'s' if done != 1 else ''}", markup=False)


@app.command()
def link(
    db: DbOption = None,
    fmt: FormatOption = "table",
    actors: Annotated[Path | None, typer.Option(
        help="Your actor dictionary (YAML or CSV): its aliases merge actors, `distinct` names and same-name "
             "entries of other countries split them. Remembered for later ingests.")] = None,
    forget_actors: Annotated[bool, typer.Option(
        "--forget-actors", help="Stop using the actor dictionary given before.")] = False,
    rebuild_stories: Annotated[bool, typer.Option(
        "--rebuild-stories", help="Regroup every article into stories from scratch (renumbers them).")] = False,
) -> None:
    """Rebuild canonical actors and merged events across all stored articles, and place new ones in stories.

    Ingest and extract do this at their end; run it after changing the linker
    or your actor dictionary. Stories are incremental: only articles in no story
    yet are placed; --rebuild-stories regroups them all.

    \b
    Example:
      newsgraph link --db news.duckdb
      newsgraph link --actors my-actors.yaml
      newsgraph link --rebuild-stories
    """
    with errors():
        check_format(fmt)
        with open_graph(db, read_only=False) as graph:
            render_record(graph.link(actors, forget_actors=forget_actors, rebuild_stories=rebuild_stories), fmt)


@app.command()
def events(
    db: DbOption = None,
    actor: Annotated[str | None, typer.Option(help="Source or target name contains this.")] = None,
    country: Annotated[str | None, typer.Option(help="Source or target country (ISO 3166-1 alpha-3).")] = None,
    cameo: Annotated[str | None, typer.Option(help="CAMEO code or prefix, e.g. 04 or 043.")] = None,
    plover: Annotated[str | None, typer.Option(help="PLOVER category, e.g. CONSULT.")] = None,
    status: Annotated[str | None, typer.Option(help="occurred, planned, possible or negated.")] = None,
    since: Annotated[str | None, typer.Option(help="Happened on or after this date.")] = None,
    until: Annotated[str | None, typer.Option(help="Happened on or before this date.")] = None,
    article: Annotated[str | None, typer.Option(help="Only this article (id, external id or prefix).")] = None,
    limit: Annotated[int | None, typer.Option(min=0, help="At most this many rows.")] = None,
    fmt: FormatOption = "table",
) -> None:
    """List extracted events in the order they happened, with status, date, place and evidence.

    \b
    Example:
      newsgraph events --actor "Kim Jong-un" --status planned --format csv
    """
    with errors():
        check_format(fmt)
        with open_graph(db) as graph:
            rows = graph.events(actor=actor, country=country, cameo=cameo, plover=plover, status=status,
                                since=since, until=until, article=article, limit=limit)
        columns = EVENT_TABLE_COLUMNS if fmt in READABLE_FORMATS else None
        render(rows, fmt, columns=columns, title=f"{len(rows)} events")


@app.command()
def quotes(
    db: DbOption = None,
    speaker: Annotated[str | None, typer.Option(help="Speaker name contains this.")] = None,
    article: Annotated[str | None, typer.Option(help="Only this article (id, external id or prefix).")] = None,
    about: Annotated[str | None, typer.Option(help="Quotes that mention this actor.")] = None,
    limit: Annotated[int | None, typer.Option(min=0, help="At most this many rows.")] = None,
    fmt: FormatOption = "table",
) -> None:
    """List direct quotes with their speakers, speech verbs and channels.

    \b
    Example:
      newsgraph quotes --speaker Ahn --format json
    """
    with errors():
        check_format(fmt)
        with open_graph(db) as graph:
            rows = graph.quotes(speaker=speaker, article=article, about=about, limit=limit)
        columns = QUOTE_TABLE_COLUMNS if fmt in READABLE_FORMATS else None
        render(rows, fmt, columns=columns, title=f"{len(rows)} quotes")


@app.command()
def relations(
    db: DbOption = None,
    actor: Annotated[str | None, typer.Option(help="Either side's name contains this.")] = None,
    kind: Annotated[str | None, typer.Option(
        help="ally, trading_partner, rival, member_of, leader_of, claims or host_of.")] = None,
    article: Annotated[str | None, typer.Option(help="Only this article (id, external id or prefix).")] = None,
    limit: Annotated[int | None, typer.Option(min=0, help="At most this many rows.")] = None,
    fmt: FormatOption = "table",
) -> None:
    """List the standing relations the articles state between actors, with their evidence.

    \b
    Example:
      newsgraph relations --actor China --kind ally
    """
    with errors():
        check_format(fmt)
        with open_graph(db) as graph:
            rows = graph.relations(actor=actor, kind=kind, article=article, limit=limit)
        columns = ("source", "kind", "target", "article", "evidence") if fmt in READABLE_FORMATS else None
        render(rows, fmt, columns=columns, title=f"{len(rows)} relations")


@app.command("actors")
def actors_command(
    db: DbOption = None,
    name: Annotated[str | None, typer.Option(help="Name or alias contains this.")] = None,
    country: Annotated[str | None, typer.Option(help="ISO 3166-1 alpha-3 country code.")] = None,
    kind: Annotated[str | None, typer.Option("--type", help="person, organization or country.")] = None,
    limit: Annotated[int | None, typer.Option(min=0, help="At most this many rows.")] = None,
    fmt: FormatOption = "table",
) -> None:
    """List actors with their country, sector and how many articles mention them.

    \b
    Example:
      newsgraph actors --country PRK --type person
    """
    with errors():
        check_format(fmt)
        with open_graph(db) as graph:
            rows = graph.actors(name=name, country=country, type=kind, limit=limit)
        render(rows, fmt, title=f"{len(rows)} actors")


@app.command()
def export(
    output: Annotated[Path | None, typer.Option(
        "--output", "-o", help="File to write [default: stdout]; for csv and parquet the directory (required).")]
    = None,
    db: DbOption = None,
    fmt: Annotated[str, typer.Option("--format", "-f", help=(
        "Export format: json, gdelt, graphml or gexf (one file); csv or parquet (one file per table)."))] = "json",
    header: Annotated[bool, typer.Option(
        "--header", help="gdelt: put the 61 column names first (GDELT's own files have no header).")] = False,
    overwrite: Annotated[bool, typer.Option(
        "--overwrite", help="csv, parquet: write into a directory that is not empty, replacing table files.")]
    = False,
) -> None:
    """Export the store: one JSON document, GDELT 2.0 events, the actor network, or every table.

    The JSON layout is the one ../shared/tools/score.py reads. gdelt writes one
    tab-separated row of GDELT 2.0's 61 columns per merged event, dated by the
    event (see docs/gdelt.md). graphml and gexf write the network of canonical
    actors (nodes) and merged events (edges per source, target and quad class)
    for Gephi, Cytoscape or networkx. csv and parquet write each table of the
    store as DIR/<table>.csv or .parquet.

    \b
    Example:
      newsgraph export --format json -o export.json
      newsgraph export --format gdelt -o events.tsv
      newsgraph export --format parquet -o tables/
      newsgraph export --format graphml -o network.graphml
    """
    from newsgraph.export import TABLE_FORMATS

    with errors():
        if fmt in TABLE_FORMATS:
            _export_tables(db, output, fmt, overwrite)
            return
        with open_graph(db) as graph:
            document = graph.export(output, fmt, header=header)
        _print_export(document, fmt, output, header)


def _export_tables(db: Path | None, output: Path | None, fmt: str, overwrite: bool) -> None:
    """Write every table as a file in the directory ``output`` and say how many."""
    if output is None:
        raise UsageError(f"--format {fmt} writes one file per table: give the directory with -o DIR")
    with open_graph(db) as graph:
        written = graph.export_tables(output, fmt, overwrite=overwrite)
    stderr.print(f"wrote {len(written)} tables as {fmt} to {output}", markup=False)


def _print_export(document: dict[str, Any], fmt: str, output: Path | None, header: bool) -> None:
    """The export on stdout when there is no ``output``, else one line on stderr saying what was written."""
    import json

    from newsgraph.gdelt import to_tsv
    from newsgraph.present import NETWORK_FORMATS, network_xml

    if output is None:
        if fmt == "gdelt":
            sys.stdout.write(to_tsv(document["rows"], header=header))
        elif fmt in NETWORK_FORMATS:
            sys.stdout.write(network_xml(document, fmt))
        else:
            sys.stdout.write(json.dumps(document, ensure_ascii=False, indent=1, default=str) + "\n")
    elif fmt == "gdelt":
        stderr.print(f"wrote {len(document['rows'])} GDELT events to {output}", markup=False)
    elif fmt in NETWORK_FORMATS:
        stderr.print(f"wrote {len(document['nodes'])} actors and {len(document['edges'])} edges to {output}",
                     markup=False)
    else:
        stderr.print(f"wrote {len(document['events'])} events from {len(document['documents'])} "
                     f"documents to {output}", markup=False)


@app.command()
def timeline(
    db: DbOption = None,
    actor: Annotated[str | None, typer.Option(help="Source or target name contains this.")] = None,
    since: Annotated[str | None, typer.Option(help="Happened on or after this date.")] = None,
    until: Annotated[str | None, typer.Option(help="Happened on or before this date.")] = None,
    status: Annotated[str | None, typer.Option(help="occurred, planned, possible or negated.")] = None,
    story: Annotated[int | None, typer.Option(help="Only events reported by articles of this story id.")] = None,
    limit: Annotated[int | None, typer.Option(min=0, help="At most this many rows.")] = None,
    fmt: FormatOption = "table",
) -> None:
    """List merged events in the order they happened (undated last), with the articles reporting each.

    In table and markdown output the status reads PLANNED, possible? or NOT
    for events that did not (yet) happen; other formats carry the plain status.

    \b
    Example:
      newsgraph timeline --actor "Kim Jong-un" --since 2019 --format markdown
    """
    from newsgraph.present import TIMELINE_TABLE_COLUMNS, mark_status

    with errors():
        check_format(fmt)
        with open_graph(db) as graph:
            rows = graph.timeline(actor=actor, since=since, until=until, status=status, limit=limit, story=story)
        if fmt in READABLE_FORMATS:
            render(mark_status(rows), fmt, columns=TIMELINE_TABLE_COLUMNS, title=f"{len(rows)} events")
        else:
            render(rows, fmt)


@app.command()
def summary(
    db: DbOption = None,
    story: Annotated[int | None, typer.Option(help="Summarize this story (ids: `newsgraph stories`).")] = None,
    actor: Annotated[str | None, typer.Option(help="Summarize the articles naming this actor.")] = None,
    sentences: Annotated[int, typer.Option("--sentences", "-n", min=1, help="How many sentences to quote.")] = 5,
    fmt: FormatOption = "table",
) -> None:
    """Summarize a story, an actor or the whole store: a digest, then sentences cited [article, ¶N].

    The digest lists key actors, key events in order, what is planned or
    expected, and who said what. Sentences are chosen for coverage of key events
    and actors and for novelty, and ordered by the date of what they report.

    \b
    Example:
      newsgraph summary --story 1 --sentences 8 --format markdown
    """
    from newsgraph.summarize import summary_text

    with errors():
        check_format(fmt)
        with open_graph(db) as graph:
            result = graph.summary(story=story, actor=actor, sentences=sentences)
        if fmt in READABLE_FORMATS:
            sys.stdout.write(summary_text(result, markdown=fmt == "markdown"))
        else:
            render_record(result, fmt)


@app.command()
def stories(
    db: DbOption = None,
    limit: Annotated[int | None, typer.Option(min=0, help="At most this many stories.")] = None,
    fmt: FormatOption = "table",
) -> None:
    """List stories: articles grouped by shared words and actors, biggest first, with key actors and terms.

    Each ingest places its new articles; `newsgraph link --rebuild-stories` regroups
    everything. Use a story's id with `newsgraph timeline --story ID`.

    \b
    Example:
      newsgraph stories --format json
    """
    with errors():
        check_format(fmt)
        with open_graph(db) as graph:
            rows = graph.stories(limit=limit)
        if fmt in READABLE_FORMATS:
            table = [{**r, "key_actors": ", ".join(r["key_actors"]), "key_terms": ", ".join(r["key_terms"]),
                      "articles": ", ".join(a["article"] or "" for a in r["articles"])} for r in rows]
            render(table, fmt, columns=("id", "n_articles", "first_published", "last_published", "key_actors",
                                        "key_terms"), title=f"{len(rows)} stories")
        else:
            render(rows, fmt)


@app.command()
def actor(
    name: Annotated[str, typer.Argument(metavar="NAME", help="Name or alias, or part of one.")],
    db: DbOption = None,
    fmt: FormatOption = "table",
) -> None:
    """Profile one actor: events over time, whom it met, what it said, relations, monthly Goldstein balance.

    When several actors match, the one with the most mentions is shown and the
    others are listed.

    \b
    Example:
      newsgraph actor "Kim Jong-un" --format json
    """
    with errors():
        check_format(fmt)
        with open_graph(db) as graph:
            profile = graph.actor_profile(name)
        if fmt in READABLE_FORMATS:
            _print_profile(profile, fmt)
        else:
            render_record(profile, fmt)


PROFILE_SECTIONS = (
    ("as_source", "events as source", ("date", "status", "cameo", "cameo_name", "target", "location",
                                       "num_sources")),
    ("as_target", "events as target", ("date", "status", "source", "cameo", "cameo_name", "location",
                                       "num_sources")),
    ("met", "met (CAMEO 04 and 036)", ("name", "n_events", "occurred", "first_date", "last_date")),
    ("said", "said", ("article", "published", "text", "verb", "channel")),
    ("relations", "relations", ("source", "kind", "target", "n_articles")),
    ("goldstein_by_month", "cooperation/conflict by month (Goldstein)", ("month", "n_events", "goldstein_sum",
                                                                         "goldstein_mean")),
    ("other_matches", "other actors matching", ("name", "type", "country", "n_mentions")),
)


def _print_profile(profile: dict[str, Any], fmt: str) -> None:
    """The profile as a header and one table per section, in table (rich) or markdown format."""
    from newsgraph.present import mark_status

    who = profile["actor"]
    facts = " · ".join(str(who[k]) for k in ("type", "country", "sector") if who[k])
    counts = f"{who['n_articles']} articles, {who['n_mentions']} mentions"
    aliases = ", ".join(who["aliases"])
    if fmt == "markdown":
        sys.stdout.write(f"# {who['name']}\n\n{facts} · {counts}\n\nAliases: {aliases}\n\n")
    else:
        out = Console(highlight=False, soft_wrap=not sys.stdout.isatty())
        out.print(Text(who["name"], style="bold"))
        out.print(f"{facts} · {counts}\naliases: {aliases}", markup=False, style="dim")
    for key, title, columns in PROFILE_SECTIONS:
        rows = profile[key]
        if key == "other_matches" and not rows:
            continue
        rows = mark_status(rows) if key.startswith("as_") else rows
        render(rows, fmt, columns=columns, title=f"{title} ({len(rows)})")
        if fmt == "markdown":
            sys.stdout.write("\n")


@app.command()
def stats(db: DbOption = None, fmt: FormatOption = "table") -> None:
    """Count what the database holds: articles, languages, sentences, tokens, entities.

    \b
    Example:
      newsgraph stats --format json
    """
    with errors():
        check_format(fmt)
        with open_graph(db) as graph:
            render_record(graph.stats(), fmt)


@app.command()
def info(db: DbOption = None, fmt: FormatOption = "table") -> None:
    """Print versions, the model and the database path (paste this into bug reports).

    \b
    Example:
      newsgraph info
    """
    with errors():
        check_format(fmt)
        path = db or default_path()
        if not path.exists():
            render_record({**versions(), "database": f"{path.resolve()} (not created yet)"}, fmt)
            return
        with open_graph(path) as graph:
            render_record(graph.info(), fmt)


@app.command()
def serve(
    db: DbOption = None,
    host: Annotated[str, typer.Option(help="Address to listen on; 0.0.0.0 exposes the server to the network.")]
    = "127.0.0.1",
    port: Annotated[int, typer.Option(min=1, max=65535, help="Port to listen on.")] = 8000,
) -> None:
    """Serve the HTTP API (/api, reference at /docs) and the web page (/) over one database.

    Reads are open. POST /api/articles ingests and needs `Authorization: Bearer
    $NEWSGRAPH_TOKEN`; with NEWSGRAPH_TOKEN unset the server refuses ingests and
    opens the database read-only.

    \b
    Example:
      NEWSGRAPH_TOKEN=s3cret newsgraph serve --db news.duckdb --port 8000
    """
    import os

    import uvicorn

    from newsgraph.api import create_app

    with errors():
        token = os.environ.get("NEWSGRAPH_TOKEN") or None
        application = create_app(db or default_path(), token=token)
    ingests = "ingests with the token" if token else "read-only: set NEWSGRAPH_TOKEN to accept ingests"
    stderr.print(f"serving {db or default_path()} on http://{host}:{port} ({ingests}); Ctrl-C stops",
                 markup=False)
    uvicorn.run(application, host=host, port=port, log_level="warning")


def main() -> None:
    """Console-script entry point."""
    app()


if __name__ == "__main__":
    main()
