"""During a run, what is drawn over the live canvas (an event's toast, the colour legend, the
graph tools) never covers a component, on a phone-sized tablet, a small laptop or a desktop:
the graph fits below the tools and legend, and the newest toast has a strip under it (on
lesson 5 the toast announces the replica promoted in the graph's lowest tier)."""

import pytest
from playwright.sync_api import expect

from .helpers import run_lesson, shot, wait_ready

COVERED = """(selectors) => {
    const overlays = selectors.map((s) => [s, document.querySelector(s).getBoundingClientRect()]);
    const r = document.getElementById("cy").getBoundingClientRect();
    const out = [];
    window.playgroundEditor.graph.cy.nodes().forEach((n) => {
        const b = n.renderedBoundingBox({ includeLabels: true });
        const [left, right] = [r.left + b.x1, r.left + b.x2];
        const [top, bottom] = [r.top + b.y1, r.top + b.y2];
        for (const [name, o] of overlays) {
            if (left < o.right && right > o.left && top < o.bottom && bottom > o.top)
                out.push(`${n.id()} under ${name}`);
        }
    });
    return out;
}"""

SCREENS = {"tablet": (820, 1180), "laptop": (1024, 768), "desktop": (1366, 860)}


# (lesson, answer, a moment just after an event, what its toast says)
LESSONS = {"05-replication": (1, 46, "promoted to primary"),
           "03-scale-up-vs-out": (1, 46, "marked box-2 unhealthy")}


@pytest.mark.parametrize("screen", SCREENS)
@pytest.mark.parametrize("lesson", LESSONS)
def test_no_overlay_covers_a_component(new_context, live_url, screen, lesson):
    answer, after, toast = LESSONS[lesson]
    width, height = SCREENS[screen]
    page = new_context(viewport={"width": width, "height": height}).new_page()
    run_lesson(page, lesson, answer=answer, speed=10)
    page.wait_for_function("(t) => window.playgroundLive.t > t", arg=after, timeout=30_000)
    expect(page.locator(".live-toast").first).to_contain_text(toast)
    covered = page.evaluate(COVERED, [".live-toast", "#live-legend", ".toolbar"])
    assert covered == []
    shot(page, f"live-graph-uncovered-{lesson}-{screen}")


@pytest.mark.parametrize("screen", SCREENS)
def test_the_editors_legend_covers_no_component(new_context, live_url, screen):
    width, height = SCREENS[screen]
    page = new_context(viewport={"width": width, "height": height}).new_page()
    page.goto("/t/05-replication/")
    wait_ready(page)
    assert page.evaluate(COVERED, ["#legend"]) == []
