"""The topology document (CONTRACT.md §1): validation, migration and defaults.

``validate`` returns every problem it finds, each with a path and a sentence, and never
raises whatever JSON value it is given; ``normalize`` returns the current-version
document with catalog defaults filled in, for a document that validated cleanly.
"""

from __future__ import annotations

import copy
import json
import math
import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import networkx as nx

from . import profiles
from .catalog import get_kind, kind_names, show_value

FORMAT = "architecture-playground"
VERSION = 1
MAX_NODES = 2000
MAX_EDGES = 10000
MAX_BYTES = 1_000_000
ID_RE = re.compile(r"^[A-Za-z0-9_-]{1,64}$")
EDGE_PARAMS = {"latency_ms": (0.0, 60000.0), "weight": (0.0, 1e9)}
ACTIONS = {"kill": ("node",), "restore": ("node",), "set_param": ("node", "param", "value"),
           "set_traffic": ("node", "rps")}
#: Params that decide the graph's structure (replication groups): not changeable mid-run.
STRUCTURAL = {"role"}
TOP_LEVEL = {"format", "version", "title", "directed", "multigraph", "graph", "nodes", "edges",
             "scenario", "lesson"}


@dataclass(frozen=True)
class Problem:
    path: str
    message: str

    def to_json(self) -> dict[str, str]:
        return {"path": self.path, "message": self.message}

    def __str__(self) -> str:
        return f"{self.path or '(document)'}: {self.message}"


def _links_to_edges(doc: dict[str, Any]) -> dict[str, Any]:
    # Version 0 was written by networkx < 3.4, whose node-link form called edges "links".
    doc = dict(doc)
    doc["edges"] = doc.pop("links", [])
    doc["version"] = 1
    return doc


#: version -> step to the next version; old documents keep loading through the chain.
MIGRATIONS: dict[int, Callable[[dict[str, Any]], dict[str, Any]]] = {0: _links_to_edges}


def migrate(doc: dict[str, Any]) -> dict[str, Any]:
    version = doc.get("version")
    while isinstance(version, int) and not isinstance(version, bool) and version in MIGRATIONS:
        doc = MIGRATIONS[version](doc)
        version = doc["version"]
    return doc


def is_number(value: Any) -> bool:
    return (isinstance(value, (int, float)) and not isinstance(value, bool)
            and math.isfinite(value))


def param_problems(kind_name: str, name: str, value: Any, path: str) -> list[Problem]:
    """Problems with one param value of a node of ``kind_name``."""
    kind = get_kind(kind_name)
    if kind is None:
        return []
    spec = kind.params.get(name)
    if spec is None:
        known = ", ".join(kind.params)
        return [Problem(path,
                        f"unknown param {show_value(name)} for a {kind_name} (it takes {known})")]
    if spec.type == "profile":
        return [Problem(path + sub, msg) for sub, msg in profiles.problems(value)]
    message = spec.problem(value)
    return [Problem(path, message)] if message else []


def validate(doc: Any) -> list[Problem]:
    """Every problem with ``doc``; an empty list means it is a valid document."""
    try:
        return _validate(doc)
    except Exception as exc:  # a validator bug must still read as a problem, not a crash
        return [Problem("", f"could not be checked ({type(exc).__name__}); please report this")]


def _validate(doc: Any) -> list[Problem]:
    if not isinstance(doc, dict):
        return [Problem("", "a topology document must be a JSON object")]
    try:
        size = len(json.dumps(doc, allow_nan=False).encode())
    except (TypeError, ValueError):
        return [Problem("", "must be plain JSON (no NaN, Infinity or non-JSON values)")]
    if size > MAX_BYTES:
        return [Problem("", f"is {size} bytes; the limit is {MAX_BYTES} bytes")]
    out: list[Problem] = []
    if "format" not in doc:
        out.append(Problem("format", f"is missing: a topology document has \"format\": "
                                     f"\"{FORMAT}\""))
    elif doc["format"] != FORMAT:
        out.append(Problem("format", f"must be \"{FORMAT}\", got {show_value(doc['format'])}"))
    version = doc.get("version")
    if (not isinstance(version, int) or isinstance(version, bool)
            or (version not in MIGRATIONS and version != VERSION)):
        known = " and ".join(str(v) for v in sorted([*MIGRATIONS, VERSION]))
        said = "is missing" if "version" not in doc else f"unknown version {show_value(version)}"
        out.append(Problem("version", f"{said}; this program reads versions {known}"))
        return out
    doc = migrate(doc)
    for key in doc:
        if key not in TOP_LEVEL:
            out.append(Problem(str(key), f"unknown field {show_value(key)}"))
    if "title" in doc and not isinstance(doc["title"], str):
        out.append(Problem("title", "must be text"))
    elif "title" in doc and len(doc["title"]) > 200:
        out.append(Problem("title", f"must be at most 200 characters, got {len(doc['title'])}"))
    if doc.get("directed", True) is not True or doc.get("multigraph", False) is not False:
        out.append(Problem("directed", "topologies are directed graphs without parallel edges "
                                       "(directed: true, multigraph: false)"))
    unknown: set[str] = set()
    kinds = _check_nodes(doc.get("nodes"), out, unknown)
    edges = _check_edges(doc.get("edges"), kinds, out, unknown)
    if kinds is not None and edges is not None:
        _check_graph(kinds, edges, doc["nodes"], out)
        _check_scenario(doc.get("scenario"), kinds, out, unknown)
    if "lesson" in doc and not isinstance(doc["lesson"], dict):
        out.append(Problem("lesson", "must be an object"))
    return out


def _check_nodes(nodes: Any, out: list[Problem], unknown: set[str]) -> dict[str, str] | None:
    """Node id -> kind for the nodes whose id is usable (None if the list itself is bad); the
    ids of nodes of an unknown kind go to ``unknown``."""
    if not isinstance(nodes, list):
        out.append(Problem("nodes", "is required and must be a list"))
        return None
    if len(nodes) > MAX_NODES:
        out.append(Problem("nodes", f"has {len(nodes)} nodes; the limit is {MAX_NODES}"))
        return None
    kinds: dict[str, str] = {}
    for i, node in enumerate(nodes):
        path = f"nodes[{i}]"
        if not isinstance(node, dict):
            out.append(Problem(path, "must be an object with an id and a kind"))
            continue
        node_id, kind_name = node.get("id"), node.get("kind")
        if not isinstance(node_id, str) or not ID_RE.match(node_id):
            out.append(Problem(f"{path}.id", "must be 1–64 Latin letters, digits, '-' or '_', "
                                             f"got {show_value(node_id)}"))
            if isinstance(node_id, str):
                unknown.add(node_id)  # (its edges said "no node with id" of a node shown)
        elif node_id in kinds:
            out.append(Problem(f"{path}.id", f"duplicate id {show_value(node_id)}"))
        kind = get_kind(kind_name) if isinstance(kind_name, str) else None
        if kind is None:
            out.append(Problem(f"{path}.kind", f"unknown kind {show_value(kind_name)}; one of "
                                               f"{', '.join(kind_names())}"))
            if isinstance(node_id, str):
                unknown.add(node_id)
        elif isinstance(node_id, str) and ID_RE.match(node_id) and node_id not in kinds:
            kinds[node_id] = kind_name
        params = node.get("params", {})
        if not isinstance(params, dict):
            out.append(Problem(f"{path}.params", "must be an object"))
        elif kind is not None:
            for name, value in params.items():
                out.extend(param_problems(kind_name, name, value, f"{path}.params.{name}"))
        pos = node.get("position")
        if pos is not None and not (isinstance(pos, dict) and is_number(pos.get("x"))
                                    and is_number(pos.get("y"))):
            out.append(Problem(f"{path}.position", "must be an object with numbers x and y"))
    return kinds


def _check_edges(edges: Any, kinds: dict[str, str] | None, out: list[Problem],
                 unknown: set[str]) -> list[tuple[str, str]] | None:
    """The usable edges; one to a node of an unknown kind or a malformed id is left to that
    node's problem (it said "no node with id …" of a node that is there)."""
    if not isinstance(edges, list):
        out.append(Problem("edges", "is required and must be a list"))
        return None
    if len(edges) > MAX_EDGES:
        out.append(Problem("edges", f"has {len(edges)} edges; the limit is {MAX_EDGES}"))
        return None
    good: list[tuple[str, str]] = []
    seen: set[tuple[str, str]] = set()
    for i, edge in enumerate(edges):
        path = f"edges[{i}]"
        if not isinstance(edge, dict):
            out.append(Problem(path, "must be an object with a source and a target"))
            continue
        ends = []
        for end in ("source", "target"):
            value = edge.get(end)
            if kinds is not None and not (isinstance(value, str)
                                          and (value in kinds or value in unknown)):
                out.append(Problem(f"{path}.{end}", _node_ref_problem(value)))
            ends.append(value)
        params = edge.get("params", {})
        if not isinstance(params, dict):
            out.append(Problem(f"{path}.params", "must be an object"))
            params = {}
        for name, value in params.items():
            if name not in EDGE_PARAMS:
                out.append(Problem(f"{path}.params.{name}",
                                   f"unknown edge param {show_value(name)} (latency_ms, weight)"))
            elif not is_number(value) or not EDGE_PARAMS[name][0] <= value <= EDGE_PARAMS[name][1]:
                lo, hi = EDGE_PARAMS[name]
                out.append(Problem(f"{path}.params.{name}", f"must be a number between {lo:g} "
                                                            f"and {hi:g}, got {show_value(value)}"))
        if kinds is None or not all(isinstance(e, str) and e in kinds for e in ends):
            continue
        source, target = ends
        if source == target:
            out.append(Problem(path, f"connects {show_value(source)} to itself"))
        elif (source, target) in seen:
            out.append(Problem(path, f"duplicate connection {source} → {target}"))
        else:
            allowed = get_kind(kinds[source]).connects_to
            if kinds[target] not in allowed:
                out.append(Problem(path, f"a {kinds[source]} cannot connect to a "
                                         f"{kinds[target]} (it connects to "
                                         f"{', '.join(allowed) or 'nothing'})"))
            seen.add((source, target))
            good.append((source, target))
    return good


def _check_graph(kinds: dict[str, str], edges: list[tuple[str, str]],
                 nodes: list[Any], out: list[Problem]) -> None:
    roles = {n["id"]: n.get("params", {}).get("role", "primary") for n in nodes
             if isinstance(n, dict) and n.get("id") in kinds
             and get_kind(kinds[n["id"]]).replicates and isinstance(n.get("params", {}), dict)}
    requests = nx.DiGraph()
    requests.add_nodes_from(kinds)
    primaries: dict[str, str] = {}
    for source, target in edges:
        if kinds[source] == kinds[target] and get_kind(kinds[source]).replicates:
            if roles.get(source) != "primary" or roles.get(target) != "replica":
                out.append(Problem("edges", f"{source} → {target}: replication runs from a "
                                            "primary to a replica"))
            elif target in primaries:
                out.append(Problem("edges", f"{target} already replicates from "
                                            f"{primaries[target]}"))
            primaries[target] = source
        else:
            requests.add_edge(source, target)
    try:
        cycle = nx.find_cycle(requests)
        loop = " → ".join([a for a, _ in cycle] + [cycle[0][0]])
        out.append(Problem("edges", f"requests would loop forever: {loop}"))
    except nx.NetworkXNoCycle:
        pass


def _check_scenario(scenario: Any, kinds: dict[str, str], out: list[Problem],
                    unknown: set[str]) -> None:
    if scenario is None:
        return
    if not isinstance(scenario, dict) or not isinstance(scenario.get("events", []), list):
        out.append(Problem("scenario", "must be an object with a list of events"))
        return
    for i, event in enumerate(scenario.get("events", [])):
        out.extend(action_problems(event, kinds, f"scenario.events[{i}]", timed=True,
                                   unknown=unknown))


def action_problems(event: Any, kinds: dict[str, str], path: str, timed: bool = False,
                    unknown: set[str] | frozenset[str] = frozenset()) -> list[Problem]:
    """Problems with one scenario event or live control action (kill, set_param…); one on a
    node of an unknown kind (in ``unknown``) is left to that node's problem."""
    if not isinstance(event, dict):
        return [Problem(path, "must be an object with an action")]
    out = []
    if timed and not (is_number(event.get("at")) and event["at"] >= 0):
        out.append(Problem(f"{path}.at", "must be a time in seconds, 0 or more"))
    action = event.get("action")
    if action not in ACTIONS:
        return out + [Problem(f"{path}.action", f"unknown action {show_value(action)}; one of "
                                                f"{', '.join(ACTIONS)}")]
    for field in ACTIONS[action]:
        if field not in event:
            out.append(Problem(f"{path}.{field}", f"is required for {action}"))
    node = event.get("node")
    if isinstance(node, str) and node in unknown:
        return out
    if "node" in event and (not isinstance(node, str) or node not in kinds):
        return out + [Problem(f"{path}.node", _node_ref_problem(node))]
    if action == "set_param" and "param" in event and "value" in event:
        name = event["param"]
        if not isinstance(name, str):
            out.append(Problem(f"{path}.param", "must be a param name"))
        elif name in STRUCTURAL:
            out.append(Problem(f"{path}.param", f"{name} shapes the topology and cannot change "
                                                "while it runs; edit the document instead"))
        else:
            out.extend(param_problems(kinds[node], name, event["value"], f"{path}.value"))
    if action == "set_traffic":
        if kinds.get(node) != "client":
            out.append(Problem(f"{path}.node", f"{show_value(node)} is not a client"))
        elif "rps" in event:
            out.extend(param_problems("client", "rps", event["rps"], f"{path}.rps"))
        if event.get("profile") is not None:
            out.extend(param_problems("client", "profile", event["profile"], f"{path}.profile"))
    return out


def normalize(doc: dict[str, Any]) -> dict[str, Any]:
    """The current-version document with every node's params completed from the catalog."""
    doc = migrate(copy.deepcopy(doc))
    for node in doc["nodes"]:
        kind = get_kind(node["kind"])
        node["params"] = {**{k: copy.deepcopy(p.default) for k, p in kind.params.items()},
                          **node.get("params", {})}
    for edge in doc["edges"]:
        edge.setdefault("params", {})
    doc.setdefault("title", "Untitled topology")
    doc["scenario"] = doc.get("scenario") or {"events": []}
    doc["scenario"].setdefault("events", [])
    return doc


def to_graph(doc: dict[str, Any]) -> nx.DiGraph:
    """The document as networkx reads it (CONTRACT.md §1)."""
    return nx.node_link_graph(doc, directed=True, multigraph=False, edges="edges")


def _node_ref_problem(value: Any) -> str:
    """What is wrong with a reference to a node that is not one of the document's ids."""
    if value is None:
        return "is required: the id of one of the nodes"
    if not isinstance(value, str):
        return f"must be a node's id (text), got {show_value(value)}"
    return f"no node with id {show_value(value)}"
