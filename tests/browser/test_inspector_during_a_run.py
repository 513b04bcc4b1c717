"""The inspector while a run is on: its end-to-end numbers stay when the run is paused,
and a database's lost writes add up over the run instead of showing one frame's count."""

from __future__ import annotations

import re

from playwright.sync_api import Page, expect

from .helpers import click_node, open_watch_link, run_lesson, shot


def test_the_end_to_end_numbers_stay_while_the_run_is_paused(page: Page, live_url):
    run_lesson(page, "04-load-balancer")
    status = page.locator("#live-status")
    page.wait_for_function("() => window.playgroundLive.t > 2")
    page.keyboard.press("Space")
    expect(status).to_have_attribute("data-status", "paused")
    # Selecting a component and then nothing builds the overview again, with no frame to come.
    click_node(page, "web-1")
    expect(page.locator("#live-node")).to_be_visible()
    page.keyboard.press("Escape")
    overview = page.locator("#live-overview")
    expect(overview).to_be_visible()
    expect(overview.locator('[data-stat="throughput"]')).to_have_text(re.compile(r"\d.*/s"))
    expect(overview.locator('[data-stat="latency"]')).to_have_text(re.compile(r"\d.* ms"))


def test_a_failed_over_primary_shows_the_writes_it_lost_over_the_run(page: Page, live_url):
    run_lesson(page, "05-replication", answer=1, speed=20)
    log = page.locator("#live-log")
    expect(log).to_contain_text("are lost", timeout=20_000)  # the promotion, at 45 s
    lost = int(re.search(r"(\d+) writes acknowledged", log.inner_text()).group(1))
    assert lost > 0
    page.wait_for_function("() => window.playgroundLive.t > 50")  # frames after the loss
    click_node(page, "db-primary")
    stat = page.locator('#live-node [data-stat="lost_writes"]')
    expect(stat).to_have_text(str(lost))
    shot(page, "inspector-lost-writes")


def test_a_client_shows_what_becomes_of_its_requests_end_to_end(page: Page, live_url):
    # Lesson 1's one server is overloaded from about 61 s: the client's own row of errors
    # would say 0 (clients serve nothing); its panel shows the failures end to end.
    run_lesson(page, "01-single-server", answer=0, speed=20)
    page.wait_for_function("() => window.playgroundLive.t > 75", timeout=20_000)
    click_node(page, "users")
    panel = page.locator("#live-node")
    expect(panel).to_contain_text("Offered")
    failed = panel.locator('[data-stat="e2e_errors"]')
    expect(failed).to_have_text(re.compile(r"\d+/s \(\d+(\.\d)?%\)"))
    expect(failed).to_have_class(re.compile("is-bad"))
    expect(panel.locator('[data-stat="e2e_latency"]')).to_have_text(re.compile(r"\d.* m?s$"))
    expect(panel.locator('[data-stat="utilization"]')).to_have_count(0)
    expect(panel.locator("#chart-node")).to_have_count(0)  # the main charts are its own
    shot(page, "inspector-client-end-to-end")


def test_only_the_owner_is_told_how_to_kill_a_component(new_context, live_url):
    owner = new_context().new_page()
    run_lesson(owner, "04-load-balancer", answer=1)
    student = open_watch_link(owner, new_context)
    expect(owner.locator("#live-overview")).to_contain_text("right-click (or long-press)")
    expect(student.locator("#live-overview")).to_have_text(re.compile("Select a component"))
    expect(student.locator("#live-overview")).not_to_contain_text("kill")
