"""Extract: run the extraction components over a parsed document and return records.

The components (``newsgraph_actors``, ``newsgraph_events``) are registered spaCy
factories, so they can sit in any pipeline; :class:`Extractor` runs them on a
Doc — fresh from the parser or rebuilt from the store — and returns plain
records. Nothing here re-parses.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from newsgraph.actors import ActorFinder
from newsgraph.dictionary import ActorDictionary, default_dictionary, load_dictionary
from newsgraph.events import EventFinder
from newsgraph.quotes import QuoteFinder, make_quote_finder
from newsgraph.records import ActorMention, DocActor, Event, PartialDate, Quote, Relation
from newsgraph.relations import RelationFinder, make_relation_finder

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.tokens import Doc

EXTENSIONS = ("ng_published", "ng_article_id", "ng_actors", "ng_events", "ng_quotes", "ng_relations")


def register_extensions() -> None:
    """Register newsgraph's ``Doc._`` attributes (idempotent)."""
    from spacy.tokens import Doc

    for name in EXTENSIONS:
        if not Doc.has_extension(name):
            Doc.set_extension(name, default=None)


def register_factories() -> None:
    """Register the extraction components as spaCy factories (idempotent)."""
    from spacy.language import Language

    if not Language.has_factory("newsgraph_actors"):
        Language.factory("newsgraph_actors", default_config={"actors_file": None})(_make_actors)
    if not Language.has_factory("newsgraph_events"):
        Language.factory("newsgraph_events")(_make_events)
    if not Language.has_factory("newsgraph_quotes"):
        Language.factory("newsgraph_quotes", default_config={"speech_file": None})(make_quote_finder)
    if not Language.has_factory("newsgraph_relations"):
        Language.factory("newsgraph_relations", default_config={"relations_file": None})(make_relation_finder)


def _make_actors(nlp: Language, name: str, actors_file: str | None) -> ActorFinder:
    register_extensions()
    return ActorFinder(load_dictionary(Path(actors_file)) if actors_file else None)


def _make_events(nlp: Language, name: str) -> EventFinder:
    register_extensions()
    return EventFinder()


@dataclass
class Extraction:
    """Everything extracted from one article."""

    article_id: str
    actors: list[DocActor] = field(default_factory=list)
    mentions: list[ActorMention] = field(default_factory=list)
    events: list[Event] = field(default_factory=list)
    quotes: list[Quote] = field(default_factory=list)
    relations: list[Relation] = field(default_factory=list)


class Extractor:
    """Actors then events over a Doc; one instance serves many documents."""

    def __init__(self, dictionary: ActorDictionary | None = None) -> None:
        register_extensions()
        self.actors = ActorFinder(dictionary or default_dictionary())
        self.events = EventFinder()
        self.quotes = QuoteFinder()
        self.relations = RelationFinder()

    @classmethod
    def from_options(cls, actors_file: str | Path | None = None) -> Extractor:
        """An extractor whose dictionary is the bundled one extended by ``actors_file``."""
        return cls(load_dictionary(Path(actors_file)) if actors_file else None)

    def __call__(self, doc: Doc, article_id: str, published: PartialDate | None) -> Extraction:
        """Extract one document's actors, mentions and events."""
        doc._.ng_article_id = article_id
        doc._.ng_published = published
        self.actors(doc)
        self.events(doc)
        result: Any = doc._.ng_actors
        quotes = self.quotes.find(doc, result, article_id)
        relations = self.relations.find(doc, result, article_id)
        used = ({m.actor for m in result.mentions} | {k for e in doc._.ng_events for k in (e.source, e.target) if k}
                | {q.speaker for q in quotes if q.speaker} | {k for r in relations for k in (r.source, r.target)})
        actors = [a for key, a in result.actors.items() if key in used]
        return Extraction(article_id, actors, list(result.mentions), list(doc._.ng_events), quotes, relations)
