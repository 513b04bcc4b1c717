"""After a failover the graph says where the dead primary's calls go: its badge names the
promoted replica, whose badge says it is now primary, and the calls into the dead node
are drawn as rerouted (before the promotion they are not)."""

from __future__ import annotations

from playwright.sync_api import Page, expect

from .helpers import run_lesson, shot


def rerouted(page: Page) -> list[str]:
    return page.evaluate("""() => window.playgroundEditor.graph.cy.edges('.live-rerouted')
        .map((e) => e.id()).sort()""")


def test_the_graph_shows_the_promoted_replica_serving_the_dead_primarys_calls(page: Page, live_url):
    run_lesson(page, "05-replication", answer=1, speed=20)
    primary = page.locator('.live-badge[data-node="db-primary"]')
    replica = page.locator('.live-badge[data-node="db-replica-1"]')
    page.wait_for_function("() => window.playgroundLive.t > 32")  # killed at 30 s
    expect(primary).to_have_text("✕ down")
    assert rerouted(page) == []
    page.wait_for_function("() => window.playgroundLive.t > 47", timeout=20_000)  # promoted at 45 s
    expect(primary).to_have_text("✕ down → db-replica-1")
    expect(replica).to_contain_text("now primary")
    assert rerouted(page) == ["web-1→db-primary", "web-2→db-primary", "web-3→db-primary"]
    shot(page, "failover-on-the-graph")
