"""Reset starts the run over for everyone: with others watching, the owner is asked first
(alone, it just resets)."""


from playwright.sync_api import expect

from .helpers import open_watch_link, run_lesson


def test_reset_asks_while_others_watch(new_context, live_url):
    owner = new_context().new_page()
    run_lesson(owner, "04-load-balancer", answer=1, speed=5)
    student = open_watch_link(owner, new_context)
    expect(owner.locator("#live-viewers")).to_have_text("2")
    # web-2 is down from 30 s to 60 s: 6 s of wall time at 5x, seen on the student's own page
    # (at 10x, a loaded machine's owner page lagged the run past the restore).
    expect(student.locator('.live-badge[data-node="web-2"]')).to_have_text("✕ down",
                                                                           timeout=20_000)

    asked = []
    owner.once("dialog", lambda d: (asked.append(d.message), d.dismiss()))
    owner.locator("#live-reset").click()
    owner.wait_for_timeout(500)
    assert asked == ["Start the run over from t = 0? 1 other browser is watching it."]
    assert owner.evaluate("() => window.playgroundLive.t") > 20  # dismissed: not reset (to 0)

    owner.locator("#live-play").click()  # (paused: at 5x, t < 5 would last a second)
    expect(owner.locator("#live-status")).to_have_attribute("data-status", "paused")
    owner.once("dialog", lambda d: d.accept())
    owner.locator("#live-reset").click()
    owner.wait_for_function("() => window.playgroundLive.t < 5")
    # Paused at t = 0, both pages show the new run's start, not the old run's dead web-2.
    for page in (owner, student):
        page.wait_for_function("() => window.playgroundLive.t === 0")
        expect(page.locator('.live-badge[data-node="web-2"]')).not_to_have_text("✕ down")
        expect(page.locator(".live-badge.is-down")).to_have_count(0)
    # Its charts are empty and say nothing false: time from 0, no latency numbers yet.
    axes = owner.evaluate(
        """() => {
            const gd = document.getElementById("chart-latency");
            return {x: gd._fullLayout.xaxis.range,
                    labels: [...gd.querySelectorAll(".ytick text")].map((t) => t.textContent)};
        }"""
    )
    assert axes["x"][0] >= 0 and axes["labels"] == [], axes
