"""A sudden surge, or its sudden end, never shows more passing a tier than it can serve,
nor more completing end to end than the last tier completes."""

from __future__ import annotations

from typing import Any

from simulator.engine import Engine
from simulator.metrics import Recorder

from .helpers import at, document, node

WEB_TIER = 3 * 4 * 1000 / 10  # three web servers, 4 workers of 10 ms: 1,200 req/s


def three_webs_and_a_db(events: list[dict[str, Any]]) -> dict[str, Any]:
    webs = [f"web-{i}" for i in (1, 2, 3)]
    return document([node("users", "client", rps=100), node("lb", "load_balancer"),
                     *(node(w, "web_server", servers=4, service_time_ms=10, max_queue=10**5,
                            timeout_ms=60_000) for w in webs),
                     node("db", "database", servers=64, service_time_ms=1)],
                    [("users", "lb"), *(("lb", w) for w in webs), *((w, "db") for w in webs)],
                    events)


def frames(doc: dict[str, Any], until: float) -> list[dict[str, Any]]:
    """One report per tick."""
    engine = Engine(doc)
    rec = Recorder(engine)
    engine.recorders.append(rec)
    out = []
    while engine.t < until - 1e-9:
        engine.step()
        out.append(rec.report())
        rec.reset()
    return out


def test_a_surge_reaches_the_database_only_as_fast_as_the_web_tier_serves():
    # A billion req/s from one tick to the next: the web servers' last share (all passed)
    # applied to the surge sent all of it to the database for a tick (10,000 served there).
    surge = three_webs_and_a_db([at(3, "set_traffic", "users", rps=1e9)])
    for i, frame in enumerate(frames(surge, 5)):
        db = frame["nodes"]["db"]
        assert db["throughput_rps"] + db["error_rps"] <= WEB_TIER * 1.001, i
        assert frame["end_to_end"]["throughput_rps"] <= WEB_TIER * 1.001, i


def test_when_a_surge_ends_the_drained_backlog_is_counted_once_where_it_completes():
    # The web queues drain at 1,200 req/s once the surge stops; a request counts as done
    # end to end when the database answers it, not also a tick early as the web server
    # finishes its part.
    doc = three_webs_and_a_db([at(3, "set_traffic", "users", rps=3000),
                               at(8, "set_traffic", "users", rps=100)])
    for i, frame in enumerate(frames(doc, 20)):
        done_at_db = frame["nodes"]["db"]["throughput_rps"]
        assert frame["end_to_end"]["throughput_rps"] <= done_at_db * 1.001 + 1e-9, i


def test_an_empty_slow_tier_passes_on_only_what_its_busy_servers_complete():
    # 150 req/s reach 200 idle web workers whose requests take a second each: in the first
    # tick they complete ~15/s (μ × the ~15 requests inside), and the database behind them
    # gets no more (the web server's last share, all passed, sent it all 150).
    doc = document([node("users", "client", rps=0),
                    node("web", "web_server", servers=200, service_time_ms=1000,
                         max_queue=10**6, timeout_ms=3.6e6),
                    node("db", "database", servers=64, service_time_ms=1)],
                   [("users", "web"), ("web", "db")],
                   [at(5, "set_traffic", "users", rps=150)])
    for i, frame in enumerate(frames(doc, 8)):
        web, db = frame["nodes"]["web"], frame["nodes"]["db"]
        assert db["throughput_rps"] + db["error_rps"] <= 15.01 + web["throughput_rps"], i
        assert frame["end_to_end"]["throughput_rps"] <= db["throughput_rps"] * 1.001 + 1e-9, i
