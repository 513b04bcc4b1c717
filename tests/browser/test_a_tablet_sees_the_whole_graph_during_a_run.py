"""On a tablet held upright the live canvas is short: an event's toast sits in a strip of its
own under the graph, so it never covers a component (on lesson 5, the replica promoted just
as the toast says so)."""

from playwright.sync_api import expect

from .helpers import run_lesson, shot

TABLET = {"width": 820, "height": 1180}


def test_the_toast_covers_no_component(new_context, live_url):
    page = new_context(viewport=TABLET, has_touch=True).new_page()
    run_lesson(page, "05-replication", answer=1, speed=10)
    page.wait_for_function("() => window.playgroundLive.t > 46", timeout=30_000)
    toast = page.locator(".live-toast").first
    expect(toast).to_contain_text("promoted to primary")
    overlaps = page.evaluate(
        """() => {
            const t = document.querySelector(".live-toast").getBoundingClientRect();
            const r = document.getElementById("cy").getBoundingClientRect();
            const cy = window.playgroundEditor.graph.cy;
            return cy.nodes().filter((n) => {
                const b = n.renderedBoundingBox({ includeLabels: true });
                const left = r.left + b.x1, right = r.left + b.x2;
                const top = r.top + b.y1, bottom = r.top + b.y2;
                return left < t.right && right > t.left && top < t.bottom && bottom > t.top;
            }).map((n) => n.id());
        }"""
    )
    assert overlaps == []
    shot(page, "tablet-live-toast")
