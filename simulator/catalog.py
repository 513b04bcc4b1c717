"""The component catalog: every kind, its params and what it may connect to.

One kind = one module in ``simulator/kinds/`` that subclasses :class:`Kind` and
decorates it with :func:`register`. The same catalog drives validation, the CLI's
``catalog`` command, ``GET /api/catalog/`` and the browser palette.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, ClassVar

if TYPE_CHECKING:
    from .engine import Engine, NodeState


@dataclass(frozen=True)
class Param:
    """One tunable parameter of a kind, with its bounds and a teaching hint."""

    type: str  # "int" | "float" | "choice" | "profile" (checked by simulator.profiles)
    default: Any
    unit: str = ""
    min: float | None = None
    max: float | None = None
    help: str = ""
    choices: tuple[str, ...] = ()
    #: A profile's traffic shapes and their fields (simulator.profiles.catalog()).
    shapes: dict[str, Any] | None = None

    def problem(self, value: Any) -> str | None:
        """Why ``value`` is not acceptable for this param, or None when it is."""
        if self.type == "int":
            if isinstance(value, bool) or not isinstance(value, int):
                # 1e12 from JSON: out of bounds says more than "a whole number, got 1e+12"
                whole = isinstance(value, float) and value.is_integer()
                return ((whole and self._bounds_problem(value))
                        or f"must be a whole number, got {show_value(value)}")
        elif self.type == "float":
            if isinstance(value, bool) or not isinstance(value, (int, float)):
                return f"must be a number, got {show_value(value)}"
            if value != value or value in (float("inf"), float("-inf")):
                return "must be a finite number"
        elif self.type == "choice":
            if value not in self.choices:
                return f"must be one of {', '.join(self.choices)}, got {show_value(value)}"
            return None
        return self._bounds_problem(value)

    def _bounds_problem(self, value: float) -> str | None:
        if self.min is not None and value < self.min:
            return f"must be at least {amount(self.min, self.unit)}, got {_num(value)}"
        if self.max is not None and value > self.max:
            return f"must be at most {amount(self.max, self.unit)}, got {_num(value)}"
        return None

    def to_json(self) -> dict[str, Any]:
        out: dict[str, Any] = {"type": self.type, "default": self.default, "unit": self.unit,
                               "help": self.help}
        if self.min is not None:
            out["min"] = self.min
        if self.max is not None:
            out["max"] = self.max
        if self.choices:
            out["choices"] = list(self.choices)
        if self.shapes is not None:
            out["shapes"] = self.shapes
        return out


def show_value(value: Any) -> str:
    """A value as the JSON it came from (true, null, "text"), not Python's repr."""
    try:
        text = json.dumps(value, ensure_ascii=False)
    except (TypeError, ValueError):
        text = repr(value)
    return text if len(text) <= 40 else text[:37] + "..."


def _num(value: float) -> str:
    return f"{value:g}" if isinstance(value, float) else str(value)


SINGULAR = {"processes": "process", "requests": "request", "checks": "check", "keys": "key"}


def amount(value: float, unit: str) -> str:
    """A bound as people read it: "1 process", "100,000 processes", "10,000,000 s", "0.5"
    (not 1e+07)."""
    unit = SINGULAR.get(unit, unit) if value == 1 else unit
    whole = float(value).is_integer() and abs(value) < 1e15
    text = f"{value:,.0f}" if whole else _num(value)
    return f"{text} {unit}" if unit else text


# Params shared by every node that serves requests from a queue (web, cache, DB, LB…).
SERVING_PARAMS: dict[str, Param] = {
    "max_queue": Param("int", 1000, "requests", 0, 10**9,
                       "Requests allowed to wait; arrivals beyond this are refused."),
    "timeout_ms": Param("float", 10000.0, "ms", 1, 3.6e6,
                        "A request that waits longer than this in the queue fails."),
    "service_cv": Param("float", 1.0, "", 0, 4,
                        "Variability of service time (1 = exponential, 0 = constant)."),
}


def serving(servers: int, service_time_ms: float, **overrides: Param) -> dict[str, Param]:
    """Serving params with kind-specific defaults for capacity."""
    params = {
        "servers": Param("int", servers, "processes", 1, 100000,
                         "Requests served in parallel (worker processes, threads or cores)."),
        "service_time_ms": Param("float", service_time_ms, "ms", 0.001, 60000,
                                 "Mean time to serve one request once started."),
        **SERVING_PARAMS,
    }
    params.update(overrides)
    return params


class Kind:
    """Base of every component kind: catalog data plus behaviour hooks used by the engine."""

    kind: ClassVar[str]
    label: ClassVar[str]
    category: ClassVar[str]
    blurb: ClassVar[str]
    #: Position in the palette (clients first, data last).
    order: ClassVar[int] = 100
    connects_to: ClassVar[tuple[str, ...]] = ()
    params: ClassVar[dict[str, Param]] = {}
    #: True when the node queues and serves requests (it has servers and a service time).
    serves: ClassVar[bool] = True
    #: True when every request makes one call to *each* next tier (a web server calling
    #: its cache and DB); False when traffic is split over the targets.
    fans_out: ClassVar[bool] = False
    #: True when a request may end here (served, or a cache hit); False for nodes that only
    #: pass traffic on, which fail it when they have nowhere to send it.
    terminal: ClassVar[bool] = True
    #: True when an edge between two nodes of this kind carries replication, not requests.
    replicates: ClassVar[bool] = False
    #: Counts this kind reports in every summary, 0 when nothing happened.
    counters: ClassVar[tuple[str, ...]] = ()
    #: True when a dead node of this kind lets traffic straight through (a cache).
    bypass_when_down: ClassVar[bool] = False
    #: True when the kind offers traffic of its own (a client): see ``offered``.
    offers_traffic: ClassVar[bool] = False

    # -- behaviour hooks (defaults: a plain serving node that splits by edge weight) --

    def setup(self, node: NodeState, engine: Engine) -> None:
        """Create kind-specific state once the graph is built."""

    def advance(self, node: NodeState, engine: Engine, t: float, dt: float) -> None:
        """Move timers and stateful effects on by one tick (health checks, failover…)."""

    def observe(self, node: NodeState, engine: Engine) -> None:
        """Report what the node did in the tick just taken (gauges, streams): called after
        it, only while something records."""

    def routes(self, node: NodeState, engine: Engine) -> list[tuple[str, float, float]]:
        """Where this node's successful outflow goes: (target, read share, write share)."""
        return engine.split_by_weight(node)

    def entry(self, node: NodeState, engine: Engine) -> list[tuple[str, float, float]]:
        """Who really serves a call addressed to this node (a database group redirects reads
        to replicas): (node id, read share, write share)."""
        return [(node.id, 1.0, 1.0)]

    def offered(self, node: NodeState, t: float) -> tuple[float, float]:
        """(reads, writes) per second this node offers at time t (sources only)."""
        return 0.0, 0.0

    def pass_fraction(self, node: NodeState, engine: Engine) -> float:
        """Share of traffic a *dead* non-serving node still passes on (DNS caches)."""
        return 0.0

    def on_param_changed(self, node: NodeState, engine: Engine, name: str) -> None:
        """A param of this node was set while running (already in ``node.params``)."""

    def set_traffic(self, node: NodeState, engine: Engine, rps: float, profile: Any) -> None:
        """Change offered traffic (sources only; the validator refuses it elsewhere)."""

    def on_target_changed(self, node: NodeState, engine: Engine, target: str) -> None:
        """One of this node's targets was killed or restored."""

    def on_kill(self, node: NodeState, engine: Engine) -> None:
        """React to being killed (after the node is marked down)."""

    def on_restore(self, node: NodeState, engine: Engine) -> None:
        """React to being restored (after the node is marked up)."""

    def extra_metrics(self, node: NodeState, engine: Engine) -> dict[str, Any]:
        """Kind-specific fields for frames and summaries (instantaneous values)."""
        return {}

    @classmethod
    def to_json(cls) -> dict[str, Any]:
        return {"kind": cls.kind, "label": cls.label, "category": cls.category,
                "blurb": cls.blurb, "connects_to": list(cls.connects_to),
                "params": {name: p.to_json() for name, p in cls.params.items()}}


@dataclass
class Catalog:
    kinds: dict[str, type[Kind]] = field(default_factory=dict)

    def add(self, cls: type[Kind]) -> type[Kind]:
        self.kinds[cls.kind] = cls
        return cls

    def ordered(self) -> list[type[Kind]]:
        """Every kind, in palette order."""
        return sorted(self.kinds.values(), key=lambda cls: (cls.order, cls.kind))

    def to_json(self) -> dict[str, Any]:
        return {"kinds": [cls.to_json() for cls in self.ordered()]}


CATALOG = Catalog()
register = CATALOG.add


def catalog_json() -> dict[str, Any]:
    """The catalog as CONTRACT.md §2 fixes it (kinds in palette order)."""
    from . import kinds  # noqa: F401  (importing the package registers every kind)

    return CATALOG.to_json()


def get_kind(name: str) -> type[Kind] | None:
    from . import kinds  # noqa: F401

    return CATALOG.kinds.get(name)


def kind_names() -> list[str]:
    """Every kind, in palette order."""
    from . import kinds  # noqa: F401

    return [cls.kind for cls in CATALOG.ordered()]
