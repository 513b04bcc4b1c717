"""Traffic shapes of a client: how its offered requests per second change over time.

A profile is a shape name (``"ramp"``) or an object (``{"shape": "ramp", "to_rps": 5000,
"duration_s": 60}``); missing fields take the defaults below. ``rps`` is the client's base rate.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import asdict, dataclass
from typing import Any

from .catalog import amount, show_value


@dataclass(frozen=True)
class Field:
    """One field of a traffic shape: its default (or, for a rate, its default as a multiple
    of the client's base rate), bounds, unit and what it means."""

    default: float | None
    min: float
    max: float
    unit: str
    help: str
    times_rps: float | None = None  # the default is this many times rps

    def value(self, given: float | None, rps: float) -> float:
        """The field as ``given`` (valid), or its default for a client of base rate ``rps``."""
        if given is not None:
            return float(given)
        return float(self.default if self.times_rps is None else self.times_rps * rps)


def _rate(times: float, help: str) -> Field:
    return Field(None, 0, 1e9, "req/s", help, times)


def _seconds(default: float, help: str, least: float = 0) -> Field:
    return Field(default, least, 1e7, "s", help)


_FROM_START = "seconds after the shape starts (the run's start, or when it is set in a run)"
SHAPES: dict[str, dict[str, Field]] = {
    "constant": {},
    "ramp": {"to_rps": _rate(10, "The rate the ramp climbs (or falls) to, then keeps."),
             "start_s": _seconds(0, f"When the ramp begins: {_FROM_START}."),
             "duration_s": _seconds(60, "How long the ramp takes to reach its rate.")},
    "step": {"to_rps": _rate(2, "The rate from the step on."),
             "at_s": _seconds(30, f"When the step happens: {_FROM_START}.")},
    "spike": {"peak_rps": _rate(10, "The rate during the spike."),
              "at_s": _seconds(30, f"When the spike begins: {_FROM_START}."),
              "duration_s": _seconds(10, "How long the spike lasts; then the base rate again.")},
    "diurnal": {"amplitude": Field(0.5, 0, 1, "", "How far the rate swings either way, as a "
                                                   "share of the base rate: 0.5 = ±50 %."),
                "period_s": _seconds(300, "How long one cycle (a day, sped up) lasts.",
                                     least=1)},
}


def catalog() -> dict[str, dict[str, dict[str, Any]]]:
    """The shapes and their fields as the catalog JSON shows them (the editor's form and
    the run bar's shapes come from it)."""
    return {shape: {name: asdict(f) for name, f in fields.items()}
            for shape, fields in SHAPES.items()}


def problems(profile: Any) -> list[tuple[str, str]]:
    """(sub-path, message) pairs for an invalid profile; empty when valid."""
    if isinstance(profile, str):
        profile = {"shape": profile}
    if not isinstance(profile, dict):
        return [("", "must be a shape name or an object with a \"shape\"")]
    shape = profile.get("shape")
    if shape not in SHAPES:
        return [(".shape",
                 f"unknown traffic shape {show_value(shape)}; one of {', '.join(SHAPES)}")]
    out = []
    for key, value in profile.items():
        if key == "shape":
            continue
        if key not in SHAPES[shape]:
            allowed = ", ".join(SHAPES[shape]) or "no fields"
            out.append((f".{key}", f"unknown field for the {shape} shape (it takes {allowed})"))
        elif (isinstance(value, bool) or not isinstance(value, (int, float))
              or not math.isfinite(value)):
            out.append((f".{key}", f"must be a finite number, got {show_value(value)}"))
        else:
            f = SHAPES[shape][key]
            if not f.min <= value <= f.max:
                out.append((f".{key}", f"must be between {amount(f.min, '')} and "
                                       f"{amount(f.max, f.unit)}, got {value:g}"))
    return out


def _fields(profile: Any, rps: float) -> tuple[str, Callable[[str], float]]:
    """The shape and a getter of its fields with their defaults (profile assumed valid)."""
    if isinstance(profile, str):
        profile = {"shape": profile}
    spec = dict(profile or {"shape": "constant"})
    shape = spec.get("shape", "constant")
    return shape, lambda key: SHAPES[shape][key].value(spec.get(key), rps)


def describe(profile: Any, rps: float) -> str:
    """The shape in words, for the event log: "" for constant traffic, else e.g.
    ", spiking to 5000 req/s after 30 s for 10 s" (times from now, when the shape starts:
    "from 0 s" read as the run's first second)."""
    shape, get = _fields(profile, rps)
    if shape == "ramp":
        start = get("start_s")
        return (f", ramping to {get('to_rps'):g} req/s over {get('duration_s'):g} s"
                + (f", starting in {start:g} s" if start > 0 else ""))
    if shape == "step":
        return f", stepping to {get('to_rps'):g} req/s after {get('at_s'):g} s"
    if shape == "spike":
        return (f", spiking to {get('peak_rps'):g} req/s after {get('at_s'):g} s "
                f"for {get('duration_s'):g} s")
    if shape == "diurnal":
        return (f", in a daily cycle of ±{100 * get('amplitude'):g} % every "
                f"{get('period_s'):g} s")
    return ""


def rate(profile: Any, rps: float, t: float) -> float:
    """Offered requests per second at simulated time ``t`` (profile assumed valid)."""
    if profile == "constant":  # the usual shape, asked for by every client every tick
        return rps
    shape, get = _fields(profile, rps)
    if shape == "ramp":
        to, start, length = get("to_rps"), get("start_s"), get("duration_s")
        if t <= start:
            return rps
        if length <= 0 or t >= start + length:
            return to
        return rps + (to - rps) * (t - start) / length
    if shape == "step":
        return get("to_rps") if t >= get("at_s") else rps
    if shape == "spike":
        at = get("at_s")
        return get("peak_rps") if at <= t < at + get("duration_s") else rps
    if shape == "diurnal":
        amp, period = get("amplitude"), get("period_s")
        return rps * (1 + amp * math.sin(2 * math.pi * t / period))
    return rps
