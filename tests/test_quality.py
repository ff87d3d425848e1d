"""The quality gate: events extracted from our own gold sentences, scored against floors that only go up.

``tests/gold/events.jsonl`` holds hand-written sentences and the events a good system
must find in them; ``tests/gold/floors.json`` the lowest acceptable figures and the
SHA-256 of the gold file. See ``tests/gold/README.md`` for the conventions and for how
to raise the floors or change the gold deliberately.

Run ``pytest tests/test_quality.py -s`` to see the figures and the per-family recall;
``python tests/test_quality.py`` prints the same report and ``--raise-floors`` /
``--update-sha`` rewrite floors.json (floors never go down).
"""

from __future__ import annotations

import hashlib
import json
import math
import sys
import unicodedata
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

GOLD_DIR = Path(__file__).parent / "gold"
GOLD = GOLD_DIR / "events.jsonl"
FLOORS = GOLD_DIR / "floors.json"
FIGURES = ("events_f1", "status_accuracy", "date_accuracy", "location_accuracy")

# Event families by CAMEO code prefix (the longest prefix wins), for the recall report.
FAMILIES = {
    "02": "appeal", "03": "pledge/agree/offer", "036": "intent to meet, invite", "04": "meet/talk/negotiate",
    "041": "meet/talk/negotiate", "042": "visit/travel", "043": "host", "05": "praise/endorse", "057": "sign",
    "06": "cooperate", "07": "aid", "081": "ease sanctions", "0841": "release", "087": "withdraw",
    "09": "investigate", "10": "demand", "111": "criticise/condemn", "112": "accuse", "12": "reject/refuse",
    "13": "threaten/warn", "14": "protest", "15": "missile test", "160": "suspend/cut ties",
    "163": "impose sanctions", "1663": "expel", "171": "seize", "173": "arrest", "174": "deport",
    "18": "attack", "192": "invade", "195": "bomb/aerial attack",
}


# -- reading the gold ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class GoldEvent:
    """One event a good system must extract from a gold sentence."""

    line: str
    source: str | None
    target: str | None
    cameo: str
    status: str
    date: str | None
    location: str | None


@dataclass(frozen=True)
class GoldLine:
    """One gold text with its publication date and expected events."""

    id: str
    text: str
    published: str | None
    events: tuple[GoldEvent, ...]


def load_gold(path: Path = GOLD) -> list[GoldLine]:
    """Read the gold file, checking each line's fields (errors name the line)."""
    lines = []
    for number, raw in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not raw.strip():
            continue
        record = json.loads(raw)
        missing = {"id", "text", "published", "events"} - set(record)
        assert not missing, f"{path.name}:{number}: missing {sorted(missing)}"
        events = tuple(GoldEvent(record["id"], e["source"], e["target"], e["cameo"], e["status"], e["date"],
                                 e["location"]) for e in record["events"])
        lines.append(GoldLine(record["id"], record["text"], record["published"], events))
    return lines


# -- scoring -------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Predicted:
    """A predicted event with its actors mapped to names."""

    line: str
    source: str | None
    target: str | None
    cameo: str
    status: str
    date: str | None
    location: str | None
    rule: str


@dataclass
class Score:
    """Matches, misses and spurious events over the whole gold file."""

    pairs: list[tuple[GoldEvent, Predicted]] = field(default_factory=list)
    missed: list[GoldEvent] = field(default_factory=list)
    spurious: list[Predicted] = field(default_factory=list)
    predicted: dict[str, list[Predicted]] = field(default_factory=dict)

    def figures(self) -> dict[str, float]:
        """Precision, recall, F1 and the attribute accuracies on matched pairs."""
        matched = len(self.pairs)
        precision = matched / (matched + len(self.spurious)) if matched + len(self.spurious) else 0.0
        recall = matched / (matched + len(self.missed)) if matched + len(self.missed) else 0.0
        f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
        return {
            "events_precision": precision, "events_recall": recall, "events_f1": f1,
            "status_accuracy": _share(self.pairs, lambda g, p: g.status == p.status),
            "date_accuracy": _share(self.pairs, lambda g, p: g.date == p.date),
            "location_accuracy": _share(self.pairs, lambda g, p: _place_key(g.location) == _place_key(p.location)),
        }


def _share(pairs: list[tuple[GoldEvent, Predicted]], good: Any) -> float:
    return sum(1 for g, p in pairs if good(g, p)) / len(pairs) if pairs else 0.0


def _name(value: str | None) -> str | None:
    """A name compared without case, accents or a leading "the" ("Erdoğan" is "erdogan")."""
    if not value:
        return None
    folded = "".join(c for c in unicodedata.normalize("NFKD", value) if not unicodedata.combining(c))
    return folded.casefold().removeprefix("the ").strip()


def _place_key(value: str | None) -> str | None:
    """A place name compared through the gazetteer, so "New York" and "New York City" agree."""
    if not value:
        return None
    from newsgraph import geography

    found = geography.resolve_place(value.removeprefix("the ").removeprefix("The "))
    return _name(found.name if found else value)


def _root(code: str) -> str:
    return code[:2]


def _matches(gold: GoldEvent, pred: Predicted) -> bool:
    """Same CAMEO root and the same actors; meetings and intents to meet in either direction."""
    if _root(gold.cameo) != _root(pred.cameo):
        return False
    same = (_name(gold.source), _name(gold.target)) == (_name(pred.source), _name(pred.target))
    if same:
        return True
    reversed_pair = (_name(pred.target), _name(pred.source))
    return _undirected(gold.cameo) and (_name(gold.source), _name(gold.target)) == reversed_pair


def _undirected(code: str) -> bool:
    """Meetings (root 04) and intents to meet (036) have no direction."""
    return _root(code) == "04" or code == "036"


def _mirrors(pred: Predicted, matched: list[Predicted]) -> bool:
    """Whether a prediction is the other direction of a matched meeting ("X and Y met": X→Y and Y→X)."""
    return _undirected(pred.cameo) and any(
        _undirected(m.cameo) and _root(m.cameo) == _root(pred.cameo)
        and (_name(m.source), _name(m.target)) == (_name(pred.target), _name(pred.source)) for m in matched)


def _agreement(gold: GoldEvent, pred: Predicted) -> int:
    """How many attributes agree: picks the best of several candidates for one gold event."""
    return ((gold.cameo == pred.cameo) + (gold.status == pred.status) + (gold.date == pred.date)
            + (_place_key(gold.location) == _place_key(pred.location)))


def score_line(gold: GoldLine, predicted: list[Predicted], score: Score) -> None:
    """Match one line's gold events to its predictions; each event matches at most once.

    The other direction of a matched meeting is the same event told twice: neither a
    match nor spurious.
    """
    left = list(predicted)
    matched: list[Predicted] = []
    for event in gold.events:
        candidates = [p for p in left if _matches(event, p)]
        if not candidates:
            score.missed.append(event)
            continue
        best = max(candidates, key=lambda p: _agreement(event, p))
        left.remove(best)
        matched.append(best)
        score.pairs.append((event, best))
    score.spurious.extend(p for p in left if not _mirrors(p, matched))
    score.predicted[gold.id] = predicted


def predict(nlp: Any, lines: list[GoldLine]) -> dict[str, list[Predicted]]:
    """Parse every gold text once and run the extractor over it."""
    from newsgraph.dates import parse_date
    from newsgraph.extract import Extractor

    extractor = Extractor()
    found: dict[str, list[Predicted]] = {}
    for line, doc in zip(lines, nlp.pipe(line.text for line in lines), strict=True):
        published = parse_date(line.published) if line.published else None
        extraction = extractor(doc, line.id, published)
        names = {actor.key: actor.name for actor in extraction.actors}
        found[line.id] = [
            Predicted(line.id, names.get(e.source) if e.source else None, names.get(e.target) if e.target else None,
                      e.cameo, e.status, e.date, e.location, e.rule)
            for e in extraction.events
        ]
    return found


def measure(nlp: Any, lines: list[GoldLine]) -> Score:
    """Score the extractor against the gold lines."""
    predictions = predict(nlp, lines)
    score = Score()
    for line in lines:
        score_line(line, predictions[line.id], score)
    return score


# -- reports -------------------------------------------------------------------------------------------


def _event(e: GoldEvent | Predicted) -> str:
    extra = f" [{e.rule}]" if isinstance(e, Predicted) else ""
    return (f"{e.line}: {e.source} -> {e.target} {e.cameo} {e.status} date={e.date} "
            f"loc={e.location}{extra}")


def figures_report(score: Score) -> str:
    """The figures, one a line."""
    figures = score.figures()
    counts = f"matched {len(score.pairs)}, missed {len(score.missed)}, spurious {len(score.spurious)}"
    return "\n".join([f"quality ({counts})", *(f"  {k:<20} {v:.4f}" for k, v in figures.items())])


def errors_report(score: Score) -> str:
    """Missed and spurious events, and matched pairs whose attributes disagree."""
    out = ["missed:", *(f"  {_event(g)}" for g in score.missed), "spurious:",
           *(f"  {_event(p)}" for p in score.spurious), "attribute errors (gold | predicted):"]
    for gold, pred in score.pairs:
        wrong = [name for name, ok in (("status", gold.status == pred.status), ("date", gold.date == pred.date),
                                       ("location", _place_key(gold.location) == _place_key(pred.location)))
                 if not ok]
        if wrong:
            out.append(f"  {','.join(wrong)}: {_event(gold)} | {pred.status} date={pred.date} loc={pred.location}")
    return "\n".join(out)


def family(code: str) -> str:
    """The family of a CAMEO code, by its longest known prefix."""
    for size in range(len(code), 1, -1):
        if code[:size] in FAMILIES:
            return f"{code[:size]:<5}{FAMILIES[code[:size]]}"
    return code


def family_report(score: Score) -> str:
    """Recall per event family and per status (not asserted)."""
    gold = Counter(family(g.cameo) for g in [*(g for g, _ in score.pairs), *score.missed])
    found = Counter(family(g.cameo) for g, _ in score.pairs)
    rows = [f"{'family':<32}{'gold':>5}{'found':>6}{'recall':>8}"]
    rows += [f"{name:<32}{gold[name]:>5}{found[name]:>6}{found[name] / gold[name]:>8.2f}" for name in sorted(gold)]
    statuses = Counter(g.status for g in [*(g for g, _ in score.pairs), *score.missed])
    matched = Counter(g.status for g, _ in score.pairs)
    rows += [f"{'status ' + s:<32}{statuses[s]:>5}{matched[s]:>6}{matched[s] / statuses[s]:>8.2f}"
             for s in sorted(statuses)]
    return "\n".join(rows)


# -- tests ---------------------------------------------------------------------------------------------


@pytest.fixture(scope="session")
def quality(nlp: Any) -> Score:
    """The extractor scored against the gold file, once per session."""
    return measure(nlp, load_gold())


def test_quality_floors(quality: Score) -> None:
    floors = json.loads(FLOORS.read_text(encoding="utf-8"))
    figures = quality.figures()
    print("\n" + figures_report(quality))
    below = {k: (round(figures[k], 4), floors[k]) for k in FIGURES if figures[k] < floors[k]}
    assert not below, (f"below the floor (measured, floor): {below}\n{figures_report(quality)}\n"
                       f"{errors_report(quality)}")


def test_gold_is_pinned() -> None:
    floors = json.loads(FLOORS.read_text(encoding="utf-8"))
    digest = hashlib.sha256(GOLD.read_bytes()).hexdigest()
    assert digest == floors["gold_sha256"], (
        "tests/gold/events.jsonl changed without updating gold_sha256 in tests/gold/floors.json; "
        "see tests/gold/README.md")


def test_gold_is_well_formed() -> None:
    lines = load_gold()
    assert len({line.id for line in lines}) == len(lines), "duplicate ids"
    for line in lines:
        for event in line.events:
            assert event.status in ("occurred", "planned", "possible", "negated"), line.id
            assert event.cameo.isdigit() and 2 <= len(event.cameo) <= 4, line.id
            assert event.source or event.target, line.id


def test_every_trigger_family_has_gold(quality: Score) -> None:
    """Each CAMEO root a trigger pattern can produce is measured by some gold event (report with -s)."""
    from newsgraph.events import default_triggers

    print("\n" + family_report(quality))
    gold_roots = {event.cameo[:2] for line in load_gold() for event in line.events}
    pattern_roots = {code[:2] for p in default_triggers().patterns for code in (p.cameo, p.future_cameo) if code}
    assert pattern_roots <= gold_roots, f"trigger families with no gold events: {sorted(pattern_roots - gold_roots)}"


# -- maintenance ---------------------------------------------------------------------------------------


def _raise_floors(figures: dict[str, float]) -> dict[str, Any]:
    """Floors lifted to the measured figures rounded down to 2 decimals; a floor never goes down."""
    floors: dict[str, Any] = json.loads(FLOORS.read_text(encoding="utf-8"))
    for key in FIGURES:
        floors[key] = max(floors.get(key, 0.0), math.floor(figures[key] * 100) / 100)
    return floors


def main(argv: list[str]) -> None:
    """Print the report; with --raise-floors / --update-sha, rewrite floors.json."""
    from newsgraph.annotate import load_pipeline

    score = measure(load_pipeline(), load_gold())
    print(figures_report(score), family_report(score), errors_report(score), sep="\n\n")
    floors = json.loads(FLOORS.read_text(encoding="utf-8")) if FLOORS.exists() else {}
    if "--raise-floors" in argv:
        floors = _raise_floors(score.figures()) if FLOORS.exists() else {
            k: math.floor(score.figures()[k] * 100) / 100 for k in FIGURES}
    if "--update-sha" in argv:
        floors["gold_sha256"] = hashlib.sha256(GOLD.read_bytes()).hexdigest()
    if {"--raise-floors", "--update-sha"} & set(argv):
        FLOORS.write_text(json.dumps(floors, indent=2) + "\n", encoding="utf-8")
        print(f"\nwrote {FLOORS}: {floors}")


if __name__ == "__main__":
    main(sys.argv[1:])
