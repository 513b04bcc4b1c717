"""Small builders shared by the simulator tests."""

from __future__ import annotations

from typing import Any


def node(node_id: str, kind: str, **params: Any) -> dict[str, Any]:
    return {"id": node_id, "kind": kind, "params": params}


def document(nodes: list[dict[str, Any]], edges: list[tuple], events: list[dict] | None = None,
             ) -> dict[str, Any]:
    def edge(e: tuple) -> dict[str, Any]:
        source, target, *rest = e
        return {"source": source, "target": target, "params": rest[0] if rest else {}}

    return {"format": "architecture-playground", "version": 1, "nodes": nodes,
            "edges": [edge(e) for e in edges], "scenario": {"events": events or []}}


def at(t: float, action: str, node_id: str, **extra: Any) -> dict[str, Any]:
    return {"at": t, "action": action, "node": node_id, **extra}


def sample_at(summary: dict[str, Any], t: float) -> dict[str, Any]:
    """The timeline sample whose interval ends at ``t``."""
    (found,) = [s for s in summary["timeline"] if abs(s["t"] - t) < 1e-6]
    return found


def run_until(engine, t: float) -> None:
    while engine.t < t - 1e-9:
        engine.step()


def window(engine, start: float, end: float) -> dict[str, Any]:
    """Run to ``start``, then report averages over [start, end]."""
    from simulator.metrics import Recorder

    run_until(engine, start)
    rec = Recorder(engine)
    engine.recorders.append(rec)
    run_until(engine, end)
    engine.recorders.remove(rec)
    return rec.report()
