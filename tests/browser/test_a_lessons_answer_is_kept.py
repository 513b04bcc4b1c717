"""A lesson's answer stays given: after a reload, and on the copy made from the lesson, the
question shows the choice and its reveal, and the run does not stop to ask again."""

from playwright.sync_api import expect

from .helpers import make_copy, shot, wait_ready


def test_the_answer_survives_a_reload_and_goes_with_the_copy(page, live_url):
    page.goto("/t/04-load-balancer/")
    wait_ready(page)
    page.locator('#lesson-question [data-option="0"]').click()
    expect(page.locator("#lesson-reveal")).to_contain_text("Not quite.")

    page.reload()
    wait_ready(page)
    expect(page.locator("#lesson-reveal")).to_contain_text("Not quite.")
    expect(page.locator('#lesson-question [data-option="0"]')).to_have_attribute(
        "aria-pressed", "true")
    expect(page.locator('#lesson-question [data-option="2"]')).to_be_disabled()

    make_copy(page, "04-load-balancer")
    expect(page.locator("#lesson-reveal")).to_contain_text("Not quite.")
    expect(page.locator('#lesson-question [data-option="1"]')).to_have_class("option is-answer")
    # Answered: the run goes past the lesson's first kill without waiting for a prediction.
    page.locator("#live-run").click()
    expect(page.locator("#live-status")).to_have_attribute("data-status", "running")
    page.locator("#live-speed").select_option("10")
    page.wait_for_function("() => window.playgroundLive.t > 35", timeout=20_000)
    expect(page.locator("#live-status")).to_have_attribute("data-status", "running")
    shot(page, "lesson-copy-keeps-the-answer")


def test_a_new_tab_asks_again(new_context, live_url):
    # The choice is kept per tab: the next student at a shared computer is asked afresh.
    first = new_context().new_page()
    first.goto("/t/04-load-balancer/")
    wait_ready(first)
    first.locator('#lesson-question [data-option="1"]').click()
    expect(first.locator("#lesson-reveal")).to_contain_text("Right!")
    second = first.context.new_page()
    second.goto("/t/04-load-balancer/")
    wait_ready(second)
    expect(second.locator("#lesson-reveal")).to_be_hidden()
    expect(second.locator('#lesson-question [data-option="1"]')).to_be_enabled()
