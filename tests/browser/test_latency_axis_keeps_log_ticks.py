"""The end-to-end latency chart is on a log scale and keeps log ticks (1-2-5… steps) even
when every line lies within one step (an overloaded server: 2.5–2.8 s for minutes), where
plotly's own ticks were 2,550, 2,600, 2,650…"""

from playwright.sync_api import expect

from .helpers import create, document, edge, node, open_editor


def test_a_narrow_band_of_latencies_keeps_log_ticks(page, live_url):
    created = create(live_url, document(
        "Overloaded from the start",
        nodes=[node("users", "client", 0, 0, rps=800), node("web", "web_server", 0, 150)],
        edges=[edge("users", "web")],
    ))
    open_editor(page, created["slug"], created["edit_token"])
    page.locator("#live-run").click()
    expect(page.locator("#live-status")).to_have_attribute("data-status", "running")
    page.locator("#live-speed").select_option("100")
    # Past the charts' 120 s window, every point is the full queue's 2.5–2.8 s.
    page.wait_for_function("() => window.playgroundLive.t > 150", timeout=30_000)
    page.wait_for_function(
        """() => {
            const y = document.getElementById("chart-latency")._fullLayout.yaxis;
            return y.type === "log" && Array.isArray(y.tickvals) && y.tickvals.length >= 2;
        }""",
        timeout=10_000,
    )
    ticks = page.evaluate(
        "() => document.getElementById('chart-latency')._fullLayout.yaxis.tickvals")
    assert ticks == [2000, 3000]
