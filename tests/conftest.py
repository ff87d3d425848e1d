"""Shared fixtures: the spaCy pipeline (loaded once), a fresh database, invented articles.

The articles below are written for these tests (no real events): each has a
headline, named people and places, and a date line unless it is meant to be undated.
"""

from __future__ import annotations

import json
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

import newsgraph


@dataclass(frozen=True)
class Story:
    """An invented article and what ingesting it should store."""

    stem: str
    title: str
    dateline: str | None  # the line under the headline that states the date, if any
    paragraphs: tuple[str, ...]
    published: str | None  # the ISO date the dateline states
    source: str | None = None

    @property
    def text(self) -> str:
        """The article text as stored: the date line (if any) and the paragraphs, blank-line separated."""
        lines = [self.dateline] if self.dateline else []
        return "\n\n".join([*lines, *self.paragraphs])

    def as_txt(self) -> str:
        """The .txt form: headline, blank line, body."""
        return f"{self.title}\n\n{self.text}\n"

    def as_record(self) -> dict[str, Any]:
        """The JSON Lines form, with the date and source as fields."""
        record: dict[str, Any] = {"id": self.stem, "title": self.title, "text": "\n\n".join(self.paragraphs)}
        if self.published:
            record["published"] = self.published
        if self.source:
            record["source"] = self.source
        return record


ENGLISH: tuple[Story, ...] = (
    Story(
        "kenya-rate", "Kenya's central bank holds its benchmark rate", None,
        ("NAIROBI, March 9, 2019 — The Central Bank of Kenya kept its benchmark rate unchanged on Monday, "
         "citing stable inflation.",
         "Governor Daniel Mwangi told journalists in Nairobi that food prices had eased after good rains. "
         "Analysts at Standard Chartered had expected a cut. The next meeting is set for May."),
        "2019-03-09", "Harbour Wire",
    ),
    Story(
        "rostock-bridge", "Mayor Lena Brandt opens harbour bridge in Rostock", "May 12, 2020",
        ("Mayor Lena Brandt opened the new harbour bridge in Rostock on Tuesday after four years of "
         "construction. The bridge links the old town with the shipyards on the eastern bank of the Warnow.",
         "Transport minister Paul Okafor told reporters in Berlin that the project had stayed within its "
         "budget. Shop owners expect more visitors from Denmark and Sweden this summer."),
        "2020-05-12", "Baltic Daily",
    ),
    Story(
        "lagos-port", "Nigeria opens a deep-sea port near Lagos", "September 3, 2021",
        ("President Amara Eze opened a deep-sea port at Lekki, east of Lagos, on Friday. The port was built "
         "by a consortium led by the Dutch firm Van Oord and will handle container ships from Asia.",
         "Economists at the University of Ibadan said the port could cut shipping costs across West Africa. "
         "Officials in Abuja expect the first tanker to dock in October."),
        "2021-09-03", "Harbour Wire",
    ),
    Story(
        "andes-rail", "Chile and Bolivia agree on an Andean rail link", "February 17, 2022",
        ("Foreign ministers Sofia Castillo of Chile and Mateo Quispe of Bolivia signed a rail agreement in "
         "Santiago on Thursday. The line will carry lithium from the salt flats near Uyuni to the port of "
         "Antofagasta.",
         "Castillo said construction would begin next year and employ about three thousand workers. "
         "Critics in La Paz warned that the deal gave Chile too much control over the route."),
        "2022-02-17", None,
    ),
    Story(
        "hokkaido-quake", "Earthquake shakes northern Japan", None,
        ("A strong earthquake struck off the coast of Hokkaido early on Sunday, shaking buildings in Sapporo. "
         "The Japan Meteorological Agency said there was no danger of a tsunami.",
         "Prime Minister Kenji Mori told reporters in Tokyo that rescue teams were on standby. Trains between "
         "Sapporo and Hakodate were halted for several hours."),
        None, None,
    ),
)

FRENCH = Story(
    "lyon-tram", "Le maire de Lyon inaugure une nouvelle ligne de tramway", None,
    ("Le maire de Lyon, Jean Dupont, a inauguré mardi une nouvelle ligne de tramway qui relie la gare de la "
     "Part-Dieu à l'aéroport. Les travaux ont duré trois ans et ont coûté plus de deux cents millions d'euros.",
     "Selon la mairie, la ligne devrait transporter quarante mille voyageurs par jour. Les habitants du "
     "quartier se sont plaints du bruit pendant le chantier, mais ils sont désormais satisfaits."),
    None, None,
)

_PEOPLE = ("Ana Silva", "Tomas Novak", "Grace Mensah", "Yuki Tanaka", "Omar Haddad", "Ingrid Larsen",
           "Ravi Menon", "Chloe Martin")
_PLACES = ("Lisbon", "Prague", "Accra", "Osaka", "Amman", "Bergen", "Kochi", "Valparaiso")


def many_stories(count: int) -> list[Story]:
    """``count`` distinct invented articles about regional water talks, dated in 2021."""
    stories = []
    for n in range(count):
        person, place = _PEOPLE[n % len(_PEOPLE)], _PLACES[(n // len(_PEOPLE)) % len(_PLACES)]
        other = _PLACES[(n + 3) % len(_PLACES)]
        paragraphs = (
            f"{person} arrived in {place} on Monday for round {n + 1} of the regional water talks. "
            f"Officials from {other} said the meeting would focus on river levels and shared dams.",
            f"{person} told reporters that {n + 12} engineers had already surveyed the valley near {place}. "
            f"The talks are expected to end on Friday with a joint statement.",
            f"Farmers near {other} have complained for years that the dams upstream of {place} hold back "
            f"water in dry summers. A spokesman for {person} said a new treaty could be signed in {other}.",
        )
        day = n % 28 + 1
        stories.append(Story(f"water-{n:02d}", f"{person} opens water talks in {place} (round {n + 1})",
                             f"April {day}, 2021", paragraphs, f"2021-04-{day:02d}", "Water Wire"))
    return stories


def write_stories(folder: Path, stories: Sequence[Story], fmt: str = "txt", name: str = "stories") -> list[Path]:
    """Write stories as one .txt file each (named by stem) or one .jsonl file; return the paths."""
    folder.mkdir(parents=True, exist_ok=True)
    if fmt == "txt":
        paths = []
        for story in stories:
            path = folder / f"{story.stem}.txt"
            path.write_text(story.as_txt(), encoding="utf-8")
            paths.append(path)
        return paths
    if fmt == "jsonl":
        path = folder / f"{name}.jsonl"
        lines = [json.dumps(story.as_record(), ensure_ascii=False) for story in stories]
        path.write_text("\n".join(lines) + "\n", encoding="utf-8")
        return [path]
    raise ValueError(fmt)


@pytest.fixture(scope="session")
def demo_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """examples/demo ingested once for the whole run, for tests that read it: open it read-only (or copy
    the file to change it)."""
    path = tmp_path_factory.mktemp("demo") / "demo.duckdb"
    with newsgraph.open(path) as graph:
        assert graph.ingest(Path(__file__).resolve().parents[1] / "examples" / "demo").stored == 22
    return path


@pytest.fixture(scope="session")
def nlp() -> Any:
    """The spaCy pipeline with newsgraph's components, loaded once per test session."""
    from newsgraph.annotate import load_pipeline

    return load_pipeline()


@pytest.fixture
def graph(tmp_path: Path) -> Iterator[newsgraph.Newsgraph]:
    """A new, empty database, closed after the test."""
    opened = newsgraph.open(tmp_path / "t.duckdb")
    yield opened
    opened.close()


@pytest.fixture(scope="session")
def english() -> tuple[Story, ...]:
    """The invented English articles (four dated, one undated)."""
    return ENGLISH


@pytest.fixture(scope="session")
def french() -> Story:
    """An invented French article."""
    return FRENCH

