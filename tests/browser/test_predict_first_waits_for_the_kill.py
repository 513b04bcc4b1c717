"""A lesson's "predict first" question holds the run before the failure it asks about:
lesson 3 scales a box up at 20 s and asks about the kills at 40 s, so it pauses at 40 s,
not at 20 s."""

from __future__ import annotations

from playwright.sync_api import Page, expect

from .helpers import run_lesson


def test_lesson_3_runs_past_the_scale_up_and_asks_before_the_kills(page: Page, live_url):
    run_lesson(page, "03-scale-up-vs-out", speed=20)
    status = page.locator("#live-status")
    expect(status).to_have_attribute("data-status", "paused", timeout=15_000)
    t = page.evaluate("() => window.playgroundLive.t")
    assert 30 < t < 40, t
    log = page.locator("#live-log")
    expect(log).to_contain_text("Parallel workers set to 24")  # the scale-up at 20 s went by
    expect(log).not_to_contain_text("killed")
    expect(page.locator("#lesson-waiting")).to_contain_text("t = 40")
