"""A node's chart in the side panel, empty (selected before its first frame, or after a
reset), shows time from 0, never plotly's own -1 s; its lines then set the time axis."""

from playwright.sync_api import expect

from .helpers import click_node, run_lesson


def node_time_axis(page):
    return page.evaluate("() => document.getElementById('chart-node')._fullLayout.xaxis.range")


def test_the_node_chart_starts_at_zero_after_a_reset_and_follows_the_new_run(page, live_url):
    run_lesson(page, "04-load-balancer", answer=1, speed=10)
    page.wait_for_function("() => window.playgroundLive.t > 3")
    click_node(page, "web-1")
    expect(page.locator("#chart-node .main-svg").first).to_be_visible()
    page.locator("#live-play").click()
    expect(page.locator("#live-status")).to_have_attribute("data-status", "paused")
    page.locator("#live-reset").click()  # (alone: no question)
    page.wait_for_function("() => window.playgroundLive.t === 0")
    page.wait_for_timeout(500)
    start, end = node_time_axis(page)
    assert start >= 0 and end <= 1.5, (start, end)
    page.locator("#live-play").click()
    page.wait_for_function("() => window.playgroundLive.t > 4")
    page.wait_for_timeout(600)  # (the next draw of the charts)
    start, end = node_time_axis(page)
    assert start >= 0 and end > 3, (start, end)  # the axis follows the new run's lines
