"""Badges under the live graph's nodes never overlap: of four busy web servers side by side
(each badge "100% · q 999 · ⚠ 60%" wider than the space between them), those that would
touch show a shorter form (down to the error share, "⚠ 60% err"), the full one in the tooltip;
eight in a row take turns above and below, and one with still no room waits for a zoom."""

import re

import pytest
from playwright.sync_api import expect

from .helpers import create, document, edge, node, open_editor, shot


@pytest.mark.parametrize("count", [4, 8])  # 8: even the shortest forms touch; half move up
def test_crowded_badges_take_their_short_form(page, live_url, count):
    webs = [f"web-{i}" for i in range(1, count + 1)]
    created = create(live_url, document(
        "Crowded",
        nodes=[node("users", "client", 180, 0, rps=1000 * count),
               node("lb", "load_balancer", 180, 120)]
        + [node(w, "web_server", 80 * i, 260) for i, w in enumerate(webs)],
        edges=[edge("users", "lb")] + [edge("lb", w) for w in webs],
    ))
    open_editor(page, created["slug"], created["edit_token"])
    page.locator("#live-run").click()
    expect(page.locator("#live-status")).to_have_attribute("data-status", "running")
    page.locator("#live-speed").select_option("20")
    page.wait_for_function("() => window.playgroundLive.t > 20", timeout=20_000)  # queues full
    # The shortened ones: their full form, with the queue (M/M/c/K's at 2.5x capacity into
    # room for 1,000: 999.3), is in the tooltip.
    badges = page.locator(".live-badge[title*=' · q 99']")
    expect(badges.first).to_have_text(re.compile(r"^(100% · )?⚠ \d+% err(ors)?$"))
    overlaps = page.evaluate(
        """() => {
            const boxes = [...document.querySelectorAll(".live-badge:not([hidden])")]
                .filter((b) => b.style.visibility !== "hidden").map(
                (b) => [b.dataset.node, b.getBoundingClientRect()]);
            const out = [];
            boxes.forEach(([a, r], i) => boxes.slice(i + 1).forEach(([b, s]) => {
                if (r.left < s.right && s.left < r.right && r.top < s.bottom && s.top < r.bottom)
                    out.push(`${a} ${b}`);
            }));
            return out;
        }"""
    )
    assert overlaps == []

    # The balancer's edges fan out side by side: their labels ("4,000/s · ✕ 60%") would run
    # together, so those that would cover a busier one's wait; the rest are readable.
    edges = page.evaluate(
        """() => {
            const cy = window.playgroundEditor.graph.cy;
            const labelled = cy.edges(".live").filter((e) => e.data("liveLabel"));
            const shown = labelled.filter((e) => !e.hasClass("live-label-hidden")).map((e) =>
                [e.id(), e.boundingBox({includeNodes: false, includeEdges: false,
                                        includeLabels: true})]);
            const out = [];
            shown.forEach(([a, r], i) => shown.slice(i + 1).forEach(([b, s]) => {
                if (r.x1 < s.x2 && s.x1 < r.x2 && r.y1 < s.y2 && s.y1 < r.y2)
                    out.push(`${a} ${b}`);
            }));
            // Nor does a badge cover one (a label half under "✓ 3/3 healthy" read "33.1/s").
            const at = document.getElementById("cy").getBoundingClientRect();
            const badges = [...document.querySelectorAll(".live-badge:not([hidden])")]
                .filter((b) => b.style.visibility !== "hidden")
                .map((b) => [b.dataset.node, b.getBoundingClientRect()]);
            const under = [];
            labelled.filter((e) => !e.hasClass("live-label-hidden")).forEach((e) => {
                const r = e.renderedBoundingBox({includeNodes: false, includeEdges: false,
                                                 includeLabels: true});
                for (const [id, s] of badges) {
                    if (at.left + r.x1 < s.right && s.left < at.left + r.x2
                        && at.top + r.y1 < s.bottom && s.top < at.top + r.y2)
                        under.push(`${e.id()} ${id}`);
                }
            });
            return {overlaps: out, under, shown: shown.length, labelled: labelled.length};
        }"""
    )
    assert edges["overlaps"] == [] and edges["under"] == [], edges
    assert 2 <= edges["shown"] < edges["labelled"], edges
    shot(page, f"crowded-{count}")
