"""Run a document for a while and summarise it (the CLI's ``run`` and the tests' entry)."""

from __future__ import annotations

from typing import Any

from .engine import Engine
from .metrics import Recorder


def run(doc: dict[str, Any], duration: float, seed: int = 1, every: float | None = None,
        dt: float = 0.1, memo: bool = True) -> dict[str, Any]:
    """Simulate ``duration`` seconds; the summary of CONTRACT.md §3 (timeline with ``every``).
    ``memo=False`` recomputes every tick even when the system has settled (for benchmarks)."""
    engine = Engine(doc, seed=seed, dt=dt, memo=memo)
    whole = Recorder(engine)
    engine.recorders.append(whole)
    interval = None
    if every:
        interval = Recorder(engine)
        engine.recorders.append(interval)
    per = max(1, round(every / dt)) if every else 0
    timeline = []
    ticks = round(duration / dt)
    for k in range(ticks):
        engine.step()
        # (A last, shorter interval is a sample too: stamped with its end, the run's.)
        if interval is not None and ((k + 1) % per == 0 or k + 1 == ticks):
            sample = interval.report()
            timeline.append({"t": round(engine.t, 6), "nodes": sample["nodes"],
                             "end_to_end": sample["end_to_end"]})
            interval.reset()
    report = whole.report()
    summary = {"duration": duration, "seed": seed, "nodes": report["nodes"],
               "end_to_end": report["end_to_end"], "events": report["events"]}
    if every:
        summary["timeline"] = timeline
    return summary
