"""A killed DNS fails new lookups only as clients' cached answers expire (over one TTL)."""

import pytest

from simulator.engine import Engine

from .helpers import at, document, node, window

TTL = 20.0


def engine(events):
    return Engine(document([node("users", "client", rps=1000), node("dns", "dns", ttl_s=TTL),
                            node("web", "web_server", servers=32)],
                           [("users", "dns"), ("dns", "web")], events))



@pytest.mark.parametrize("elapsed", [2.0, 10.0, 18.0])
def test_the_failing_share_grows_linearly_over_one_ttl_after_a_kill(elapsed):
    eng = engine([at(10, "kill", "dns")])
    report = window(eng, 10 + elapsed, 10 + elapsed + 0.1)
    assert report["end_to_end"]["error_rps"] == pytest.approx(1000 * elapsed / TTL, rel=0.02)
    assert report["nodes"]["dns"]["error_rps"] == pytest.approx(1000 * elapsed / TTL, rel=0.02)


def test_after_a_whole_ttl_every_lookup_fails_and_a_restore_heals_at_once():
    eng = engine([at(10, "kill", "dns"), at(40, "restore", "dns")])
    assert window(eng, 31, 40)["end_to_end"]["throughput_rps"] == 0
    assert window(eng, 40, 45)["end_to_end"]["error_rps"] == 0
