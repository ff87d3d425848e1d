"""Synthetic corpus generator for the scale benchmarks: varied articles recombined from the demo corpus.

Usage:
    python bench/corpus.py --articles N --out DIR [--seed S] [--duplicates 0.05] [--format jsonl|txt]
                           [--shard-size 10000] [--source examples/demo]

Each article is rebuilt from the sentences of one demo story by rules written here:
a sample of its sentences in order (the lead always kept), now and then a sentence
borrowed from another story, two names of the story swapped throughout, every year
shifted by the same offset as the publication date, clauses reordered ("X, officials
said." becomes "Officials said x."; "After X, Y." becomes "Y after X.") and reporting
verbs swapped for synonyms. A share ``--duplicates`` of the articles repeats an
earlier one: half of them exactly (same text, new id), half nearly (one sentence
dropped, one verb changed). Article ``i`` depends only on ``--seed`` and ``i``, so
the first 1,000 articles of a 100k corpus are the 1k corpus, and memory does not
grow with N. JSONL shards hold ``id, title, text, published, source`` and, for the
benchmarks' and tests' use, ``kind`` (original | exact_duplicate | near_duplicate),
``derived_from``, ``duplicate_of`` and ``year_shift`` (readers keep them in meta).
"""

from __future__ import annotations

import argparse
import json
import random
import re
import sys
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, replace
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEMO = ROOT / "examples" / "demo"

REPORTING_VERBS: dict[str, tuple[str, ...]] = {
    "said": ("stated", "noted", "added", "said"),
    "told": ("informed", "told"),
    "announced": ("declared", "announced"),
    "warned": ("cautioned", "warned"),
    "added": ("said", "noted"),
    "claimed": ("asserted", "claimed"),
    "reported": ("said", "reported"),
}
# Capitalised pairs that are places, bodies or titles, not people: never swapped as names.
NOT_NAMES = frozenset({
    "North", "South", "East", "West", "United", "White", "New", "Secretary", "President", "State", "Joint",
    "Prime", "Foreign", "Supreme", "Security", "National", "Korean", "Chinese", "The", "Air", "General",
    "Suez", "Canal", "European", "Central", "Workers", "Mr", "Ms", "Mrs", "Dr", "Vice", "Deputy", "Red",
    "Demilitarized", "Great", "Hong", "Middle", "World", "Communist", "Islamic", "Revolutionary",
    "Center", "Centre", "Mount", "In", "On", "At", "Road", "University", "Island", "Stadium", "Studies",
    "Federal", "Olympics", "Futures", "Day", "Policy", "Institute", "Agency", "Ministry", "House", "Council",
    "Base", "Port", "Strait", "Sea", "River", "Street", "Square", "Hotel", "Hall", "Palace", "Airport", "Committee",
})
NAME_WORD = r"[A-Z][a-z]+(?:-[A-Za-z][a-z]+)?"  # "Kim", "Jong-un", "Dong-chul"
NAME = re.compile(rf"\b{NAME_WORD}(?: {NAME_WORD}){{1,2}}\b(?!-)")
YEAR = re.compile(r"\b(19[5-9]\d|20[0-4]\d)\b")
SENTENCE_END = re.compile(r"(?:(?<=[.!?])|(?<=[.!?][\"”’]))\s+(?=[\"“‘A-Z0-9])")
ABBREVIATION = re.compile(r"\b(?:Mr|Mrs|Ms|Dr|St|Gen|Lt|Col|Sen|Rep|Gov|Jr|No|[A-Z])\.$")
ATTRIBUTION = re.compile(r"^(?P<claim>[A-Z][^\"“”]{20,}?), "
                         r"(?P<who>[a-z][\w .'-]{2,40}?|[A-Z][\w.'-]+(?: [A-Z][\w.'-]+)?) "
                         r"(?P<verb>said|added|noted)\.$")
LEADING_CLAUSE = re.compile(r"^(?P<conj>After|Before|When|While|As) (?P<sub>[^,\"“”]{8,80}), "
                            r"(?P<main>[a-z][^\"“”]{20,})\.$")


@dataclass(frozen=True, slots=True)
class Story:
    """A demo article split for recombination: sentences by paragraph, and names that can swap."""

    id: str
    title: str
    published: str | None
    source: str | None
    paragraphs: tuple[tuple[str, ...], ...]
    names: tuple[str, ...]
    surnames: tuple[tuple[str, str], ...] = ()  # (name, the word of it used after "Mr."/"Ms.")


@dataclass(frozen=True, slots=True)
class Synthetic:
    """One generated article, as written to a shard."""

    id: str
    title: str
    text: str
    published: str | None
    source: str
    kind: str  # original | exact_duplicate | near_duplicate
    derived_from: str
    duplicate_of: str | None = None
    year_shift: int = 0


# -- the demo stories -------------------------------------------------------------------------------


def load_stories(source: Path = DEMO) -> list[Story]:
    """The English articles of ``source`` (read with newsgraph's readers), split for recombination."""
    from newsgraph.ingest import read_inputs
    from newsgraph.records import Article

    stories = [story_of(item) for item in read_inputs([str(source)])
               if isinstance(item, Article) and item.language == "en"]
    if not stories:
        sys.exit(f"no English articles under {source}; give --source a folder of articles")
    return stories


def story_of(article: object) -> Story:
    """A Story from a newsgraph Article."""
    from newsgraph.records import Article

    assert isinstance(article, Article)
    paragraphs = tuple(tuple(split_sentences(p)) for p in article.text.split("\n\n") if not is_dateline(p))
    names = swappable_names(article.text)
    return Story(article.external_id, article.title, article.published.iso if article.published else None,
                 article.source, paragraphs, names, surnames(article.text, names))


def is_dateline(paragraph: str) -> bool:
    """Whether a paragraph is empty or only a date ("Published: 2019-05-14"): not article text to recombine."""
    from newsgraph.dates import parse_date

    words = paragraph.split()
    return not words or (len(words) <= 4 and parse_date(paragraph.removeprefix("Published:")) is not None)


def split_sentences(paragraph: str) -> list[str]:
    """Sentences of a paragraph, split after . ! ? (and a closing quote) before a capital or a quote."""
    sentences: list[str] = []
    for piece in SENTENCE_END.split(" ".join(paragraph.split())):
        if sentences and ABBREVIATION.search(sentences[-1]):  # "Mr. Kim", "U.S. officials": not an end
            sentences[-1] = f"{sentences[-1]} {piece}"
        elif piece.strip():
            sentences.append(piece.strip())
    return sentences


def swappable_names(text: str) -> tuple[str, ...]:
    """Two- or three-word capitalised names that look like people's names (no place or title words)."""
    names = set()
    for found in NAME.findall(text):
        words = found.split()
        while words and words[0] in NOT_NAMES:  # "President Donald Trump" -> "Donald Trump"
            words.pop(0)
        if len(words) >= 2 and not set(words) & NOT_NAMES:
            names.add(" ".join(words))
    return tuple(sorted(names))


def surnames(text: str, names: Sequence[str]) -> tuple[tuple[str, str], ...]:
    """For each name, the one word of it that the text uses after a title ("Mr. Kim", "Ms. Thorne")."""
    titled = set(re.findall(r"\b(?:Mr|Ms|Mrs|Dr)\. ([A-Z][\w-]+)", text))
    found = []
    for name in names:
        words = [word for word in name.split() if word in titled]
        if len(words) == 1:
            found.append((name, words[0]))
    return tuple(found)


# -- rewording rules ------------------------------------------------------------------------------------


def swap_names(text: str, first: str, second: str) -> str:
    """``text`` with every whole-word ``first`` and ``second`` exchanged."""
    other = {first: second, second: first}
    pattern = rf"\b({re.escape(first)}|{re.escape(second)})\b(?!-)"
    return re.sub(pattern, lambda found: other[found.group(1)], text)


def swap_titled(text: str, surnames: dict[str, str], first: str, second: str) -> str:
    """``text`` with "Mr. X" and "Mr. Y" exchanged when X and Y are the surnames of the swapped names."""
    one, two = surnames.get(first), surnames.get(second)
    if not one or not two or one == two:
        return text
    other = {one: two, two: one}
    pattern = rf"\b(Mr|Ms|Mrs|Dr)\. ({re.escape(one)}|{re.escape(two)})\b(?!-)"
    return re.sub(pattern, lambda found: f"{found.group(1)}. {other[found.group(2)]}", text)


def shift_years(text: str, years: int) -> str:
    """Every year from 1950 to 2049 in ``text`` moved by ``years``."""
    return YEAR.sub(lambda m: str(int(m.group(1)) + years), text)


def shift_date(iso: str | None, years: int) -> str | None:
    """An ISO date (or month, or year) moved by whole years; 29 February becomes the 28th."""
    if iso is None:
        return None
    year, rest = int(iso[:4]) + years, iso[4:]
    if rest == "-02-29":
        rest = "-02-28"
    return f"{year:04d}{rest}"


def reorder_clauses(sentence: str) -> str:
    """Front the attribution ("X, officials said." → "Officials said x.") or move a leading clause back."""
    found = ATTRIBUTION.match(sentence)
    if found:
        return f"{_capital(found['who'])} {found['verb']} {_lower_first(found['claim'])}."
    found = LEADING_CLAUSE.match(sentence)
    if found:
        return f"{_capital(found['main'])} {found['conj'].lower()} {found['sub']}."
    return sentence


def _capital(text: str) -> str:
    return text[:1].upper() + text[1:]


def _lower_first(text: str) -> str:
    """The first word lower-cased unless it is a name (a capital inside it, or it is not a common word)."""
    first, _, rest = text.partition(" ")
    if first in ("The", "A", "An", "It", "This", "That", "There", "Talks", "Both"):
        return f"{first.lower()} {rest}"
    return text


def swap_verbs(sentence: str, rng: random.Random) -> str:
    """Reporting verbs replaced by a synonym drawn from ``rng`` (the same draw per sentence)."""
    def pick(found: re.Match[str]) -> str:
        return rng.choice(REPORTING_VERBS[found.group(0)])

    return re.sub(r"\b(" + "|".join(REPORTING_VERBS) + r")\b", pick, sentence)


# -- one article -------------------------------------------------------------------------------------------


def original(stories: Sequence[Story], index: int, seed: int) -> Synthetic:
    """Article ``index``: a reworded recombination of one story, determined by (seed, index) alone."""
    rng = random.Random(f"{seed}:{index}")
    story = stories[index % len(stories)]
    paragraphs = [list(p) for p in sample_paragraphs(story, rng)]
    if rng.random() < 0.3:
        borrow(paragraphs, stories[rng.randrange(len(stories))], rng)
    shift = rng.choice((-3, -2, -1, 1, 2, 3))
    text = "\n\n".join(" ".join(reword(s, rng) for s in p) for p in paragraphs)
    title = story.title
    if len(story.names) >= 2:
        first, second = rng.sample(story.names, 2)
        text, title = swap_names(text, first, second), swap_names(title, first, second)
        text = swap_titled(text, dict(story.surnames), first, second)
    return Synthetic(f"syn-{seed}-{index:07d}", shift_years(title, shift), shift_years(text, shift),
                     shift_date(story.published, shift), story.source or "Synthetic Wire", "original",
                     story.id, year_shift=shift)


def sample_paragraphs(story: Story, rng: random.Random) -> list[tuple[str, ...]]:
    """The lead paragraph and about four in five of the others, in order; at least half of them."""
    lead, *rest = story.paragraphs
    kept = [p for p in rest if rng.random() < 0.8]
    return [lead, *kept] if 2 * len(kept) >= len(rest) else [lead, *rest]  # no stub of an article


def borrow(paragraphs: list[list[str]], other: Story, rng: random.Random) -> None:
    """Insert one sentence of another story at the end of a random non-lead paragraph."""
    sentences = [s for p in other.paragraphs[1:] for s in p]
    if sentences and len(paragraphs) > 1:
        paragraphs[rng.randrange(1, len(paragraphs))].append(rng.choice(sentences))


def reword(sentence: str, rng: random.Random) -> str:
    """A sentence with its clauses reordered half the time and its reporting verbs swapped."""
    if rng.random() < 0.5:
        sentence = reorder_clauses(sentence)
    return swap_verbs(sentence, rng)


def near_copy(article: Synthetic, rng: random.Random) -> str:
    """The text with one non-lead sentence dropped and one reporting verb changed."""
    paragraphs = [split_sentences(p) for p in article.text.split("\n\n")]
    spots = [(i, j) for i, p in enumerate(paragraphs) for j in range(len(p)) if i > 0 and len(p) > 1]
    if spots:
        i, j = rng.choice(spots)
        del paragraphs[i][j]
    text = "\n\n".join(" ".join(p) for p in paragraphs)
    return re.sub(r"\b(stated|noted|added|said)\b", lambda m: "said" if m.group(0) != "said" else "stated",
                  text, count=1)


# -- the corpus ----------------------------------------------------------------------------------------------


def is_duplicate(index: int, share: float) -> bool:
    """Whether article ``index`` repeats an earlier one: exactly floor(N * share) of the first N do."""
    return index > 0 and int((index + 1) * share) > int(index * share)


def article(stories: Sequence[Story], index: int, seed: int, share: float) -> Synthetic:
    """Article ``index`` of the corpus: an original, or an exact or near copy of an earlier original."""
    if not is_duplicate(index, share):
        return original(stories, index, seed)
    rng = random.Random(f"{seed}:dup:{index}")
    earlier = rng.randrange(index)
    while is_duplicate(earlier, share):  # copy an original, so "duplicate_of" names one
        earlier -= 1
    source = original(stories, earlier, seed)
    exact = int((index + 1) * share) % 2 == 1  # alternate exact and near copies
    text = source.text if exact else near_copy(source, rng)
    return replace(source, id=f"syn-{seed}-{index:07d}", text=text, duplicate_of=source.id,
                   kind="exact_duplicate" if exact else "near_duplicate")


def generate(stories: Sequence[Story], count: int, seed: int = 1, share: float = 0.05) -> Iterator[Synthetic]:
    """The first ``count`` articles of the corpus for ``seed``."""
    for index in range(count):
        yield article(stories, index, seed, share)


def record(item: Synthetic) -> dict[str, object]:
    """The JSON record of an article."""
    return {"id": item.id, "title": item.title, "text": item.text, "published": item.published,
            "source": item.source, "kind": item.kind, "derived_from": item.derived_from,
            "duplicate_of": item.duplicate_of, "year_shift": item.year_shift}


def write_jsonl(items: Iterator[Synthetic], out: Path, shard_size: int) -> list[Path]:
    """Articles in JSONL shards ``part-00000.jsonl``, ... of ``shard_size`` lines each."""
    out.mkdir(parents=True, exist_ok=True)
    paths: list[Path] = []
    handle = None
    for number, item in enumerate(items):
        if number % shard_size == 0:
            if handle:
                handle.close()
            paths.append(out / f"part-{len(paths):05d}.jsonl")
            handle = paths[-1].open("w", encoding="utf-8")
        assert handle is not None
        handle.write(json.dumps(record(item), ensure_ascii=False) + "\n")
    if handle:
        handle.close()
    return paths


def write_txt(items: Iterator[Synthetic], out: Path, shard_size: int) -> list[Path]:
    """Articles as text files (headline, "Published:" line, body), ``shard_size`` per sub-folder."""
    paths: list[Path] = []
    for number, item in enumerate(items):
        folder = out / f"{number // shard_size:05d}"
        folder.mkdir(parents=True, exist_ok=True)
        dateline = f"Published: {item.published}\n\n" if item.published else "\n"
        paths.append(folder / f"{item.id}.txt")
        paths[-1].write_text(f"{item.title}\n{dateline}{item.text}\n", encoding="utf-8")
    return paths


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=(__doc__ or "").split("\n")[0])
    parser.add_argument("--articles", type=int, required=True, help="how many articles")
    parser.add_argument("--out", type=Path, required=True, help="folder for the shards")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--duplicates", type=float, default=0.05, help="share of exact + near duplicates")
    parser.add_argument("--format", choices=("jsonl", "txt"), default="jsonl")
    parser.add_argument("--shard-size", type=int, default=10_000, help="articles per shard (or folder)")
    parser.add_argument("--source", type=Path, default=DEMO, help="the articles to recombine")
    args = parser.parse_args(argv)
    if args.articles < 1 or args.shard_size < 1 or not 0 <= args.duplicates < 1:
        parser.error("--articles and --shard-size must be at least 1, --duplicates in [0, 1)")
    items = generate(load_stories(args.source), args.articles, args.seed, args.duplicates)
    writer = write_jsonl if args.format == "jsonl" else write_txt
    paths = writer(items, args.out, args.shard_size)
    print(f"wrote {args.articles:,} articles in {len(paths):,} files under {args.out}", file=sys.stderr)


if __name__ == "__main__":
    main()
