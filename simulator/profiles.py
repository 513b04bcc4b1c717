"""Traffic shapes of a client: how its offered requests per second change over time.

A profile is a shape name (``"ramp"``) or an object (``{"shape": "ramp", "to_rps": 5000,
"duration_s": 60}``); missing fields take the defaults below. ``rps`` is the client's base rate.
"""

from __future__ import annotations

import math
from typing import Any

from .catalog import show_value

# shape -> {field: (default, min, max)}; defaults relative to rps are None and filled in rate().
SHAPES: dict[str, dict[str, tuple[float | None, float, float]]] = {
    "constant": {},
    "ramp": {"to_rps": (None, 0, 1e9), "start_s": (0.0, 0, 1e7), "duration_s": (60.0, 0, 1e7)},
    "step": {"to_rps": (None, 0, 1e9), "at_s": (30.0, 0, 1e7)},
    "spike": {"peak_rps": (None, 0, 1e9), "at_s": (30.0, 0, 1e7), "duration_s": (10.0, 0, 1e7)},
    "diurnal": {"amplitude": (0.5, 0, 1), "period_s": (300.0, 1, 1e7)},
}


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
            _, lo, hi = SHAPES[shape][key]
            if not lo <= value <= hi:
                out.append((f".{key}", f"must be between {lo:g} and {hi:g}, got {value:g}"))
    return out


def _fields(profile: Any) -> tuple[str, Any]:
    """The shape and a getter of its fields with their defaults (profile assumed valid)."""
    if isinstance(profile, str):
        profile = {"shape": profile}
    spec = dict(profile or {"shape": "constant"})
    shape = spec.get("shape", "constant")

    def get(key: str, default_if_relative: float) -> float:
        default = SHAPES[shape][key][0]
        return float(spec.get(key, default if default is not None else default_if_relative))

    return shape, get


def describe(profile: Any, rps: float) -> str:
    """The shape in words, for the event log: "" for constant traffic, else e.g.
    ", spiking to 5000 req/s after 30 s for 10 s" (times from now, when the shape starts:
    "from 0 s" read as the run's first second)."""
    shape, get = _fields(profile)
    if shape == "ramp":
        start = get("start_s", 0)
        return (f", ramping to {get('to_rps', 10 * rps):g} req/s over {get('duration_s', 0):g} s"
                + (f", starting in {start:g} s" if start > 0 else ""))
    if shape == "step":
        return f", stepping to {get('to_rps', 2 * rps):g} req/s after {get('at_s', 0):g} s"
    if shape == "spike":
        return (f", spiking to {get('peak_rps', 10 * rps):g} req/s after {get('at_s', 0):g} s "
                f"for {get('duration_s', 0):g} s")
    if shape == "diurnal":
        return (f", in a daily cycle of ±{100 * get('amplitude', 0):g} % every "
                f"{get('period_s', 1):g} s")
    return ""


def rate(profile: Any, rps: float, t: float) -> float:
    """Offered requests per second at simulated time ``t`` (profile assumed valid)."""
    if profile == "constant":  # the usual shape, asked for by every client every tick
        return rps
    shape, get = _fields(profile)
    if shape == "ramp":
        to, start, length = get("to_rps", 10 * rps), get("start_s", 0), get("duration_s", 0)
        if t <= start:
            return rps
        if length <= 0 or t >= start + length:
            return to
        return rps + (to - rps) * (t - start) / length
    if shape == "step":
        return get("to_rps", 2 * rps) if t >= get("at_s", 0) else rps
    if shape == "spike":
        at = get("at_s", 0)
        return get("peak_rps", 10 * rps) if at <= t < at + get("duration_s", 0) else rps
    if shape == "diurnal":
        amp, period = get("amplitude", 0), get("period_s", 1)
        return rps * (1 + amp * math.sin(2 * math.pi * t / period))
    return rps
