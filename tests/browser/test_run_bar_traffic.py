"""The run bar's traffic box: during a ramp it shows what the shape offers now (not only
the base rate), and a rate it cannot take is marked and explained instead of ignored."""

from __future__ import annotations

import re

from playwright.sync_api import Page, expect

from .helpers import wait_ready


def test_a_ramp_shows_its_rate_now_and_a_bad_rate_is_explained(page: Page, live_url):
    page.goto("/t/01-single-server/")  # 100 req/s ramping to 600 from 10 s to 70 s
    wait_ready(page)
    page.locator("#live-run").click()
    expect(page.locator("#live-status")).to_have_attribute("data-status", "running")
    page.locator("#live-speed").select_option("20")
    page.wait_for_function("() => window.playgroundLive.t > 40")
    now = page.locator("#live-offered-now")
    expect(now).to_have_text(re.compile(r"now \d+/s"))
    assert int(re.search(r"\d+", now.inner_text()).group()) > 300  # past the base 100
    expect(page.locator("#live-rps-value")).to_have_value("100")

    page.fill("#live-rps-value", "abc")
    page.keyboard.press("Enter")
    expect(page.locator("#live-rps-value")).to_have_attribute("aria-invalid", "true")
    expect(page.locator("#live-toasts")).to_contain_text("Enter a rate from 0 to 1,000,000,000")
