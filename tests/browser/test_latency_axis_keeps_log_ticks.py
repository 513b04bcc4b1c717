"""The end-to-end latency chart is on a log scale and keeps log ticks (1-2-5… steps) that
are on the axis, with numbers, even when every line lies within one step (an overloaded
server: 2.5–2.8 s for minutes, where plotly's own ticks were 2,550, 2,600, 2,650…) or
between two (lesson 2's saturated database: 547–588 ms, whose ticks 500 and 600 fell
outside plotly's range, leaving the axis without a number)."""

import json
import math
from pathlib import Path

import pytest
from playwright.sync_api import expect

from .helpers import create, document, edge, node, open_editor

LESSON_2 = Path(__file__).resolve().parents[2] / "simulator" / "lessons" / "02-separate-db.json"


def overloaded():
    return document("Overloaded from the start",
                    nodes=[node("users", "client", 0, 0, rps=800),
                           node("web", "web_server", 0, 150)],
                    edges=[edge("users", "web")])


def lesson_2():
    doc = json.loads(LESSON_2.read_text())
    doc.pop("lesson")  # (its own topology: no question pauses the run)
    return doc


@pytest.mark.parametrize(("make", "expected"), [(overloaded, [2000, 3000]),
                                                (lesson_2, [500, 600])],
                         ids=["within-one-step", "between-two-steps"])
def test_a_narrow_band_of_latencies_keeps_log_ticks_on_the_axis(page, live_url, make, expected):
    created = create(live_url, make())
    open_editor(page, created["slug"], created["edit_token"])
    page.locator("#live-run").click()
    expect(page.locator("#live-status")).to_have_attribute("data-status", "running")
    page.locator("#live-speed").select_option("100")
    # Past the charts' 120 s window, every point is the settled band.
    page.wait_for_function("() => window.playgroundLive.t > 210", timeout=60_000)
    # (Waited for, not read once: charts redraw four times a second, and on a loaded CI
    # machine the first reading after 210 s once gave ticks 100 and 300.)
    page.wait_for_function(
        """(expected) => {
            const y = document.getElementById("chart-latency")._fullLayout.yaxis;
            return y.type === "log" && JSON.stringify(y.tickvals) === JSON.stringify(expected);
        }""",
        arg=expected,
        timeout=15_000,
    )
    axis = page.evaluate(
        """() => {
            const y = document.getElementById('chart-latency')._fullLayout.yaxis;
            return {ticks: y.tickvals, range: y.range,
                    labels: [...document.querySelectorAll('#chart-latency .ytick text')]
                        .map((t) => t.textContent)};
        }""")
    assert axis["ticks"] == expected
    low, high = axis["range"]
    assert all(low <= math.log10(v) <= high for v in expected), axis
    assert [label.replace(",", "") for label in axis["labels"]] == [f"{v} ms" for v in expected]
