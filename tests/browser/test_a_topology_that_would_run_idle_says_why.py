"""A run with flat charts says why: an empty canvas has nothing to run (Run waits for a first
component), and a run where nothing sends requests, or a component nothing calls, says so
in its event log as it starts."""

from playwright.sync_api import Page, expect

from .helpers import add_kind


def test_an_empty_canvas_cannot_run_and_a_run_without_clients_says_nothing_sends(page: Page,
                                                                                 live_url):
    page.goto("/")
    page.get_by_role("button", name="New blank topology").click()
    expect(page.locator("#editor")).to_have_attribute("data-ready", "true")
    expect(page.locator("#live-run")).to_be_disabled()
    expect(page.locator("#live-run-hint")).to_have_text(
        "Add components first: there is nothing to simulate yet.")

    add_kind(page, "web_server")
    expect(page.locator("#live-run")).to_be_enabled()
    page.locator("#live-run").click()
    log = page.locator("#live-log")
    expect(log).to_contain_text("Nothing sends requests: add Clients and connect them")
    expect(log).to_contain_text("web-1 gets no requests: nothing is connected to it")
