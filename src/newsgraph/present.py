"""Present: timelines, actor profiles and actor networks (GraphML, GEXF) from linked data.

Pure functions over rows the store returns; :class:`newsgraph.graph.Newsgraph`
runs the queries and hands the rows here. The XML is written with
:mod:`xml.etree` so exporting a network needs no graph library.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from collections import defaultdict
from collections.abc import Iterable
from typing import Any

from newsgraph.errors import UsageError
from newsgraph.ontology import default_ontology

TIMELINE_COLUMNS = ("date", "date_precision", "status", "source", "cameo", "cameo_name", "target", "location",
                    "num_sources", "num_mentions", "sources")
# What `newsgraph timeline` shows as a table or markdown; the other formats carry every column above.
TIMELINE_TABLE_COLUMNS = ("date", "status", "source", "cameo", "cameo_name", "target", "location", "num_sources",
                          "sources")
# How table and markdown output mark events that did not (yet) happen.
STATUS_MARKS = {"occurred": "occurred", "planned": "PLANNED", "possible": "possible?", "negated": "NOT"}
MEETING_ROOT, INTENT_TO_MEET = "04", "036"
NETWORK_FORMATS = ("graphml", "gexf")
NODE_ATTRIBUTES = (("type", "string"), ("country", "string"), ("sector", "string"), ("mentions", "int"))
EDGE_ATTRIBUTES = (("quad_class", "int"), ("count", "int"), ("goldstein_mean", "double"),
                   ("first_date", "string"), ("last_date", "string"))
GRAPHML_NS = "http://graphml.graphdrawing.org/xmlns"
GEXF_NS = "http://www.gexf.net/1.2draft"


def timeline_row(event: dict[str, Any]) -> dict[str, Any]:
    """One merged event as a timeline row: TIMELINE_COLUMNS, the CAMEO name and its articles' external ids."""
    code = default_ontology().get(event["cameo"])
    row = {name: event.get(name) for name in TIMELINE_COLUMNS}
    row["cameo_name"] = code.name if code else None
    row["sources"] = ", ".join(event.get("docs", []))
    return row


def mark_status(rows: Iterable[dict[str, Any]]) -> list[dict[str, Any]]:
    """Rows with their status spelt so planned and possible events stand out (PLANNED, possible?)."""
    return [{**row, "status": STATUS_MARKS.get(row["status"], row["status"])} for row in rows]


def meetings(actor_id: str, events: Iterable[dict[str, Any]]) -> list[dict[str, Any]]:
    """Counterparts of CAMEO 04 (consult) and 036 (intent to meet) events, most met first; negated ones skipped."""
    found: dict[str, dict[str, Any]] = {}
    for event in events:
        if event["status"] == "negated" or not _is_meeting(event["cameo"]):
            continue
        mine = event["source_id"] == actor_id
        other_id, other = (event["target_id"], event["target"]) if mine else (event["source_id"], event["source"])
        if other_id is None or other_id == actor_id:
            continue
        entry = found.setdefault(other_id, {"name": other, "id": other_id, "n_events": 0, "occurred": 0,
                                            "first_date": None, "last_date": None})
        entry["n_events"] += 1
        entry["occurred"] += event["status"] == "occurred"
        if event["date"]:
            entry["first_date"] = min(filter(None, (entry["first_date"], event["date"])))
            entry["last_date"] = max(filter(None, (entry["last_date"], event["date"])))
    return sorted(found.values(), key=lambda e: (-e["n_events"], e["name"] or ""))


def _is_meeting(cameo: str) -> bool:
    return cameo.startswith(MEETING_ROOT) or cameo.startswith(INTENT_TO_MEET)


def monthly_goldstein(events: Iterable[dict[str, Any]]) -> list[dict[str, Any]]:
    """Per month: how many events, the sum and the mean of their Goldstein weights.

    Only events dated to the month or day count (a year alone has no month), and
    negated events do not (they did not happen).
    """
    months: dict[str, list[float]] = defaultdict(list)
    for event in events:
        if event["status"] != "negated" and event["date"] and len(event["date"]) >= 7:
            months[event["date"][:7]].append(float(event["goldstein"]))
    return [{"month": month, "n_events": len(weights), "goldstein_sum": round(sum(weights), 2),
             "goldstein_mean": round(sum(weights) / len(weights), 2)} for month, weights in sorted(months.items())]


def pick_actor(name: str, candidates: list[dict[str, Any]]) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    """The candidate with the most mentions (an exact name first), and the others."""
    wanted = name.casefold()
    ranked = sorted(candidates, key=lambda a: (a["name"].casefold() != wanted, -a["n_mentions"],
                                               -a["n_articles"], a["name"]))
    return ranked[0], ranked[1:]


# -- networks ----------------------------------------------------------------------------------

def network_xml(network: dict[str, Any], fmt: str) -> str:
    """A network ({"nodes": [...], "edges": [...]}) as GraphML or GEXF text."""
    if fmt == "graphml":
        root = graphml(network)
    elif fmt == "gexf":
        root = gexf(network)
    else:
        raise UsageError(f"unknown network format {fmt!r}; choose one of {', '.join(NETWORK_FORMATS)}")
    ET.indent(root)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(root, encoding="unicode") + "\n"


def graphml(network: dict[str, Any]) -> ET.Element:
    """A GraphML document: a directed graph, one edge per dyad and quad class."""
    root = ET.Element("graphml", {"xmlns": GRAPHML_NS})
    ET.SubElement(root, "key", {"id": "label", "for": "node", "attr.name": "label", "attr.type": "string"})
    for what, attributes in (("node", NODE_ATTRIBUTES), ("edge", EDGE_ATTRIBUTES)):
        for name, kind in attributes:
            ET.SubElement(root, "key", {"id": name, "for": what, "attr.name": name, "attr.type": kind})
    graph = ET.SubElement(root, "graph", {"id": "newsgraph", "edgedefault": "directed"})
    for node in network["nodes"]:
        element = ET.SubElement(graph, "node", {"id": node["id"]})
        _graphml_data(element, {"label": node["name"], **node}, ("label", *(n for n, _ in NODE_ATTRIBUTES)))
    for index, edge in enumerate(network["edges"]):
        element = ET.SubElement(graph, "edge", {"id": f"e{index}", "source": edge["source"],
                                                "target": edge["target"]})
        _graphml_data(element, edge, tuple(n for n, _ in EDGE_ATTRIBUTES))
    return root


def _graphml_data(element: ET.Element, values: dict[str, Any], names: tuple[str, ...]) -> None:
    for name in names:
        if values.get(name) is not None:
            ET.SubElement(element, "data", {"key": name}).text = str(values[name])


def gexf(network: dict[str, Any]) -> ET.Element:
    """A GEXF 1.2 document: a directed graph, one edge per dyad and quad class, weighted by count."""
    root = ET.Element("gexf", {"xmlns": GEXF_NS, "version": "1.2"})
    graph = ET.SubElement(root, "graph", {"defaultedgetype": "directed", "mode": "static"})
    for what, attributes in (("node", NODE_ATTRIBUTES), ("edge", EDGE_ATTRIBUTES)):
        declared = ET.SubElement(graph, "attributes", {"class": what})
        for name, kind in attributes:
            gexf_kind = {"int": "integer"}.get(kind, kind)
            ET.SubElement(declared, "attribute", {"id": name, "title": name, "type": gexf_kind})
    nodes = ET.SubElement(graph, "nodes")
    for node in network["nodes"]:
        element = ET.SubElement(nodes, "node", {"id": node["id"], "label": node["name"]})
        _gexf_values(element, node, NODE_ATTRIBUTES)
    edges = ET.SubElement(graph, "edges")
    for index, edge in enumerate(network["edges"]):
        element = ET.SubElement(edges, "edge", {"id": f"e{index}", "source": edge["source"],
                                                "target": edge["target"], "weight": str(edge["count"])})
        _gexf_values(element, edge, EDGE_ATTRIBUTES)
    return root


def _gexf_values(element: ET.Element, values: dict[str, Any], attributes: tuple[tuple[str, str], ...]) -> None:
    present = [(name, values[name]) for name, _ in attributes if values.get(name) is not None]
    if present:
        holder = ET.SubElement(element, "attvalues")
        for name, value in present:
            ET.SubElement(holder, "attvalue", {"for": name, "value": str(value)})
