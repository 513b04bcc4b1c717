"""The web tier's edges all lead to the primary, yet its replicas serve the reads: the
badges say which requests each database serves, the replication edges carry the writes
copied (not idle, not requests), and the panel lists both."""

from __future__ import annotations

from playwright.sync_api import Page, expect

from .helpers import click_node, run_lesson


def test_lesson_5_shows_writes_at_the_primary_reads_at_the_replicas(page: Page, live_url):
    run_lesson(page, "05-replication", answer=1)  # 1,000 req/s, 80 % reads, two replicas
    page.wait_for_function("() => window.playgroundLive.t > 3")
    expect(page.locator('.live-badge[data-node="db-primary"]')).to_contain_text("writes 200/s")
    for replica in ("db-replica-1", "db-replica-2"):
        expect(page.locator(f'.live-badge[data-node="{replica}"]')).to_contain_text("reads 400/s")
    stream = page.evaluate("""() => {
        const e = window.playgroundEditor.graph.cy.getElementById('db-primary→db-replica-1');
        return [e.hasClass('live-stream'), e.hasClass('live-idle'), e.data('liveLabel')];
    }""")
    assert stream == [True, False, "copying 200 writes/s"], stream
    # The callers' edges are requests, as before.
    calls = page.evaluate("""() => window.playgroundEditor.graph.cy
        .getElementById('web-1→db-primary').hasClass('live-stream')""")
    assert calls is False
    click_node(page, "db-replica-1")
    expect(page.locator('[data-stat="reads_rps"]')).to_have_text("400/s")
    expect(page.locator('[data-stat="writes_rps"]')).to_have_text("0/s")


def test_on_a_laptop_both_replicas_show_their_badge(new_context, live_url):
    # (At 1280 × 800, db-replica-1's wide badge, pushed in from the canvas's edge, covered
    # db-replica-2's, which was hidden instead of both taking a shorter form.)
    page = new_context(viewport={"width": 1280, "height": 800}).new_page()
    run_lesson(page, "05-replication", answer=1)
    page.wait_for_function("() => window.playgroundLive.t > 3")
    for replica in ("db-replica-1", "db-replica-2"):
        badge = page.locator(f'.live-badge[data-node="{replica}"]')
        expect(badge).to_contain_text("reads 400/s")
        assert badge.evaluate("(b) => getComputedStyle(b).visibility") == "visible"
