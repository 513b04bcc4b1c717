"""One client feeding one web server is an M/M/c queue: the engine must agree with Erlang C."""

import pytest

from simulator.queueing import mmc_mean_sojourn, mmc_sojourn_quantile
from simulator.simulate import run

from .helpers import document, node, sample_at


@pytest.mark.parametrize("servers", [1, 4, 16])
@pytest.mark.parametrize("rho", [0.3, 0.7, 0.9, 0.95])
def test_a_web_server_fed_by_a_client_has_erlang_c_latency(servers, rho):
    mu = 1000.0  # 1 ms service
    lam = rho * servers * mu
    doc = document([node("users", "client", rps=lam),
                    node("web", "web_server", servers=servers, service_time_ms=1.0,
                         max_queue=10**6)],
                   [("users", "web")])
    steady = sample_at(run(doc, duration=60, every=30), 60.0)["nodes"]["web"]
    lat = steady["latency_ms"]
    assert lat["mean"] / 1000 == pytest.approx(mmc_mean_sojourn(lam, mu, servers), rel=0.03)
    assert lat["p95"] / 1000 == pytest.approx(mmc_sojourn_quantile(0.95, lam, mu, servers),
                                              rel=0.10)
    assert lat["p99"] / 1000 == pytest.approx(mmc_sojourn_quantile(0.99, lam, mu, servers),
                                              rel=0.10)
    assert steady["throughput_rps"] == pytest.approx(lam, rel=0.01)
    assert steady["utilization"] == pytest.approx(rho, rel=0.01)


def test_the_notes_reference_values_come_out_of_a_run():
    doc = document([node("users", "client", rps=800),
                    node("web", "web_server", servers=1, service_time_ms=1.0)],
                   [("users", "web")])
    lat = sample_at(run(doc, duration=40, every=20), 40.0)["end_to_end"]["latency_ms"]
    assert lat["mean"] == pytest.approx(5.0, rel=0.03)
    assert lat["p99"] == pytest.approx(23.03, rel=0.05)


def test_latency_lags_behind_a_sudden_burst_as_a_real_queue_does():
    # At ρ = 0.98 an M/M/1 queue needs seconds to fill; the first second must be far below
    # the stationary mean, and later seconds must approach it.
    doc = document([node("users", "client", rps=980),
                    node("web", "web_server", servers=1, service_time_ms=1.0,
                         max_queue=10**6)],
                   [("users", "web")])
    timeline = run(doc, duration=30, every=1)["timeline"]
    means = [s["nodes"]["web"]["latency_ms"]["mean"] for s in timeline]
    stationary = mmc_mean_sojourn(980, 1000, 1) * 1000
    assert means[0] < 0.5 * stationary
    assert means[-1] == pytest.approx(stationary, rel=0.05)
    assert all(b >= a * 0.999 for a, b in zip(means, means[1:], strict=False))
