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


def test_a_promoted_replica_beside_its_dead_primary_shows_both_badges(page, live_url):
    # (The promoted replica's full line, "now primary · 10% · writes 100/s · reads 900/s",
    # pushed in from the canvas's edge, sat under the dead primary and hid its "✕ down".)
    created = create(live_url, document(
        "Promoted at the edge",
        nodes=[node("users", "client", -500, 0, rps=1000),  # (db-2 ends at the right edge)
               node("web", "web_server", -500, 120, servers=16),
               node("db-1", "database", 0, 240, failover_timeout_ms=1000, promotion_ms=500),
               node("db-2", "database", 110, 240, role="replica")],
        edges=[edge("users", "web"), edge("web", "db-1"), edge("db-1", "db-2")],
    ))
    open_editor(page, created["slug"], created["edit_token"])
    page.locator("#live-run").click()
    expect(page.locator("#live-status")).to_have_attribute("data-status", "running")
    page.evaluate("() => window.playgroundLive.send({type: 'kill', node: 'db-1'})")
    promoted = page.locator('.live-badge[data-node="db-2"]')
    expect(promoted).to_have_text(re.compile(r"^now primary"), timeout=10_000)
    page.wait_for_timeout(300)  # (placed after the frame)
    shown = page.evaluate("""() => ['db-1', 'db-2'].map((id) => {
        const b = document.querySelector(`.live-badge[data-node="${id}"]`);
        const r = b.getBoundingClientRect();
        const cy = window.playgroundEditor.graph.cy;
        const at = document.getElementById("cy").getBoundingClientRect();
        // Which node's middle is nearest the badge's: its own, or it reads as another's.
        const mid = (r.left + r.right) / 2;
        const nearest = cy.nodes().sort((m, n) =>
            Math.abs(at.left + m.renderedPosition().x - mid)
            - Math.abs(at.left + n.renderedPosition().x - mid))[0].id();
        return [b.textContent, b.style.visibility !== 'hidden', nearest,
                r.left, r.right, r.top, r.bottom];
    })""")
    (down, *a), (up, *b) = shown
    assert down.startswith("✕") and a[0] and b[0], shown
    assert (a[1], b[1]) == ("db-1", "db-2"), shown
    assert not (a[2] < b[3] and b[2] < a[3] and a[4] < b[5] and b[4] < a[5]), shown
