"""During a run, what is drawn over the live canvas (an event's toast, the colour legend, the
graph tools) never covers a component, on a phone-sized tablet, a small laptop or a desktop:
the graph fits below the tools and legend, and the newest toast has a strip under it (on
lesson 5 the toast announces the replica promoted in the graph's lowest tier)."""

import pytest
from playwright.sync_api import expect

from .helpers import create, document, edge, node, open_editor, run_lesson, shot, wait_ready

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


def test_a_narrow_graph_grows_beside_the_legend_on_a_narrow_screen(new_context, live_url):
    # A tall chain beside the legend: the legend's band at the top is not the chain's, so
    # the chain may use the canvas's whole height (it kept clear of the whole band: a
    # quarter of an 800 px screen's canvas).
    chain = ["users", "web", "cache", "db", "replica"]
    kinds = ["client", "web_server", "cache", "database", "database"]
    nodes = [node(i, k, 0, 150 * n) for n, (i, k) in enumerate(zip(chain, kinds, strict=True))]
    nodes[-1]["params"]["role"] = "replica"
    created = create(live_url, document("Chain", nodes, [edge(a, b) for a, b in zip(
        chain, chain[1:], strict=False)]))
    page = new_context(viewport={"width": 800, "height": 768}).new_page()
    open_editor(page, created["slug"], created["edit_token"])
    page.locator("#live-run").click()
    expect(page.locator("#live-status")).to_have_attribute("data-status", "running")
    page.wait_for_function("() => window.playgroundLive.frames > 2")
    page.wait_for_timeout(300)  # (the refit after the live layout settles)
    assert page.evaluate(COVERED, ["#live-legend", ".toolbar"]) == []
    top, legend_bottom = page.evaluate("""() => {
        const cy = window.playgroundEditor.graph.cy;
        const canvas = document.getElementById("cy").getBoundingClientRect();
        const legend = document.querySelector("#live-legend").getBoundingClientRect();
        return [canvas.top + cy.nodes().renderedBoundingBox().y1, legend.bottom];
    }""")
    assert top < legend_bottom, (top, legend_bottom)
    shot(page, "live-graph-beside-the-legend")
