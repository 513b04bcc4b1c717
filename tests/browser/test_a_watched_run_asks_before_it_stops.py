"""Stop leaves a class on a paused run (a new run has a new watch link): with others
watching, the owner is asked first (alone, or as a viewer leaving, it just stops)."""

from playwright.sync_api import expect

from .helpers import open_watch_link, run_lesson


def test_stop_asks_while_others_watch_and_a_refusal_keeps_the_run(new_context, live_url):
    owner = new_context().new_page()
    run_lesson(owner, "04-load-balancer", answer=1, speed=5)
    student = open_watch_link(owner, new_context)
    expect(owner.locator("#live-viewers")).to_have_text("2")

    asked = []
    owner.once("dialog", lambda d: (asked.append(d.message), d.dismiss()))
    owner.locator("#live-stop").click()
    owner.wait_for_timeout(500)
    assert asked == ["Stop the run? 1 other browser is watching it: it stays paused there."]
    expect(owner.locator("#live-status")).to_have_attribute("data-status", "running")

    owner.once("dialog", lambda d: d.accept())
    owner.locator("#live-stop").click()
    expect(owner.locator("#live-run")).to_be_visible()
    expect(student.locator("#live-status")).to_have_attribute("data-status", "paused")

    student.locator("#live-stop").click()  # a viewer leaving asks nothing
    expect(student.locator("#live-run")).to_be_visible()
