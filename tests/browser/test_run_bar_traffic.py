"""The run bar's traffic box: during a ramp it shows what the shape offers now (not only
the base rate), and a rate it cannot take is marked and explained instead of ignored."""

from __future__ import annotations

import re

from playwright.sync_api import Page, expect

from .helpers import run_lesson


def test_a_ramp_shows_its_rate_now_and_a_bad_rate_is_explained(page: Page, live_url):
    run_lesson(page, "01-single-server", speed=20)  # 100 req/s ramping to 600 from 10 to 70 s
    page.wait_for_function("() => window.playgroundLive.t > 40")
    now = page.locator("#live-offered-now")
    expect(now).to_have_text(re.compile(r"now \d+/s"))
    assert int(re.search(r"\d+", now.inner_text()).group()) > 300  # past the base 100
    expect(page.locator("#live-rps-value")).to_have_value("100")

    box = page.locator("#live-rps-value")
    page.fill("#live-rps-value", "abc")
    page.keyboard.press("Enter")
    expect(box).to_have_attribute("aria-invalid", "true")
    error = page.locator("#live-rps-error")
    expect(error).to_have_text("Enter a rate from 0 to 1,000,000,000 req/s")
    # Under the box it is about (a toast in a corner went unseen), on the page.
    field, under = box.bounding_box(), error.bounding_box()
    assert 0 <= under["y"] - (field["y"] + field["height"]) < 12, (field, under)
    assert under["x"] + under["width"] <= page.viewport_size["width"]
    page.fill("#live-rps-value", "150")
    page.keyboard.press("Enter")
    expect(error).to_be_hidden()  # a good rate clears it
    page.fill("#live-rps-value", "-5")
    page.keyboard.press("Enter")
    expect(error).to_be_visible()
    # Leaving the box shows the run's rate again (it never changed); the reason stays a
    # moment (Tab refuses and leaves at once), then goes.
    page.keyboard.press("Tab")
    expect(box).to_have_value("150")
    expect(box).not_to_have_attribute("aria-invalid", "true")
    expect(error).to_be_visible()
    expect(error).to_be_hidden(timeout=8000)


def test_a_typed_rate_moves_the_slider_and_a_nudge_starts_from_it(page: Page, live_url):
    run_lesson(page, "04-load-balancer", answer=1)  # 900 req/s; the slider spans 90–9,000
    page.fill("#live-rps-value", "100")
    page.keyboard.press("Enter")
    slider = page.locator("#live-rps")
    # log scale: 100 of 90..9,000 sits near the left end, not in the middle
    expect(slider).to_have_value(re.compile(r"^(1\d|2\d|\d)$"))
    slider.focus()
    page.keyboard.press("ArrowRight")
    page.wait_for_timeout(400)  # (sent at most four times a second)
    rps = page.evaluate("() => window.playgroundLive.trafficClient().rps")
    assert 90 <= rps < 200, rps  # a nudge, not a jump back to 900


def test_a_shape_chosen_in_the_run_bar_is_the_editors_shape_starting_soon(page: Page, live_url):
    # The run bar's spike was 5x from 5 s, its ramp 3x: not what the editor's form offers.
    run_lesson(page, "04-load-balancer", answer=1)  # 900 req/s
    page.select_option("#live-profile", "spike")
    log = page.locator("#live-log")
    expect(log).to_contain_text("spiking to 9,000 req/s after 10 s for 10 s")
    page.select_option("#live-profile", "ramp")
    expect(log).to_contain_text("ramping to 9,000 req/s over 60 s")
    expect(page.locator("#live-profile")).to_have_value("ramp")


def test_the_throughput_chart_draws_what_the_clients_offer(page: Page, live_url):
    # A tier at its capacity drew a flat throughput line, and a spike only as errors: what
    # was offered was nowhere (nor why a drained backlog ran above it).
    run_lesson(page, "04-load-balancer", answer=1)  # 900 req/s
    page.wait_for_function("() => window.playgroundLive.t > 3")
    offered = page.wait_for_function(
        """() => {
            const d = document.querySelector('#chart-throughput').data || [];
            const line = d.find((t) => t.name === 'offered');
            return line && line.y.length ? line.y[line.y.length - 1] : null;
        }""")
    assert offered.json_value() == 900
