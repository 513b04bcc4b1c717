"""The utilization chart names every serving node without scrolling on a laptop: with two
rows of names the chart takes a larger share of the column (lesson 6's five names went in a
column beside the plot that showed three and scrolled)."""

import pytest

from .helpers import run_lesson


@pytest.mark.parametrize("screen", [(1280, 800), (1366, 768)])
def test_lesson_6s_five_serving_nodes_are_all_named(new_context, live_url, screen):
    width, height = screen
    page = new_context(viewport={"width": width, "height": height}).new_page()
    run_lesson(page, "06-cache", answer=2)
    page.wait_for_function("() => window.playgroundLive.t > 2")
    shown = page.evaluate("""() => {
        const gd = document.getElementById("chart-utilization");
        const box = gd.getBoundingClientRect();
        return [...gd.querySelectorAll(".legend .traces")].map((e) => {
            const r = e.getBoundingClientRect();
            const inside = r.top >= box.top && r.bottom <= box.bottom && r.height > 0;
            return [e.textContent, inside && gd._fullLayout.legend.orientation === "h"];
        });
    }""")
    assert sorted(shown) == [[name, True] for name in ("cache", "db", "lb", "web-1", "web-2")]
