"""After a failover the graph says where the dead primary's calls go: its badge names the
promoted replica, whose badge says it is now primary, and the calls into the dead node
are drawn as rerouted (before the promotion they are not)."""

from __future__ import annotations

from playwright.sync_api import Page, expect

from .helpers import click_node, run_lesson, shot


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
    # The panel says the roles swapped (a dead "Role: replica" read as a mistake).
    click_node(page, "db-primary")
    expect(page.locator('[data-stat="role"]')).to_have_text("was primary; rejoins as a replica")
    # ... within the sidebar, which the long role once pushed every figure out of.
    assert page.evaluate("""() => [...document.querySelectorAll('.sidebar')]
        .every((s) => s.scrollWidth <= s.clientWidth + 1)""")
    expect(page.locator('[data-stat="throughput"]')).to_be_in_viewport()
    click_node(page, "db-replica-1")
    expect(page.locator('[data-stat="role"]')).to_have_text("primary (promoted)")
    page.keyboard.press("Escape")
    # The charts' markers say what happened to whom, without covering each other.
    page.wait_for_timeout(600)  # (the next draw of the charts)
    labels = page.evaluate(
        """() => [...document.querySelectorAll('#chart-throughput .annotation')].map((a) => {
            const r = a.getBoundingClientRect();
            return [a.textContent, r.left, r.right, r.top, r.bottom];
        })"""
    )
    texts = [label[0] for label in labels]
    assert "✕ db-primary" in texts and "▲ db-replica-1" in texts, texts
    assert texts.count("✕ db-primary") == 1, texts  # (its detection is "⚠ db-primary")
    # All within the plot: none runs over the time axis's numbers below it.
    plot = page.evaluate("""() => document.querySelector('#chart-throughput .nsewdrag')
        .getBoundingClientRect().bottom""")
    assert all(label[4] <= plot + 1 for label in labels), (plot, labels)
    assert "↺ db-replica-1" not in texts  # (it was promoted, never down)
    for i, a in enumerate(labels):
        for b in labels[i + 1:]:
            assert not (a[1] < b[2] and b[1] < a[2] and a[3] < b[4] and b[3] < a[4]), (a, b)


def test_a_balancers_verdict_is_marked_on_its_target(page: Page, live_url):
    run_lesson(page, "04-load-balancer", answer=1, speed=20)
    page.wait_for_function("() => window.playgroundLive.t > 37", timeout=20_000)
    page.wait_for_timeout(600)
    texts = page.evaluate(
        "() => [...document.querySelectorAll('#chart-throughput .annotation')]"
        ".map((a) => a.textContent)")
    assert "⚠ web-2" in texts and "✕ lb" not in texts, texts


def test_after_a_failover_the_stream_to_the_old_primary_points_its_way(page: Page, live_url):
    # (Restored after the failover, db-primary is copied to from db-replica-1 along their
    # edge, which still pointed into the new primary.)
    run_lesson(page, "05-replication", answer=1, speed=20)
    page.wait_for_function("() => window.playgroundLive.t > 46", timeout=20_000)
    page.evaluate("() => window.playgroundLive.send({type: 'restore', node: 'db-primary'})")
    page.wait_for_function("""() => window.playgroundEditor.graph.cy
        .getElementById('db-primary→db-replica-1').hasClass('live-stream-back')""")
    edges = page.evaluate("""() => ['db-primary→db-replica-1', 'db-primary→db-replica-2']
        .map((id) => window.playgroundEditor.graph.cy.getElementById(id))
        .map((e) => [e.hasClass('live-stream'), e.hasClass('live-stream-back')])""")
    assert edges == [[True, True], [False, False]], edges  # (no edge joins the replicas)
