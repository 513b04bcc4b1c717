"""When the owner stops the run (or leaves), its viewers are not stuck watching a paused run:
they are told, and offered the way out, after which they can run the topology themselves."""

import re

from playwright.sync_api import expect

from .helpers import open_watch_link, run_lesson, shot


def test_viewers_are_told_and_can_leave_to_run_it_themselves(new_context, live_url):
    owner = new_context().new_page()
    run_lesson(owner, "04-load-balancer", answer=1)
    # (A laptop's screen: the viewer's run bar wraps, the note below it takes a third row.)
    viewer = open_watch_link(owner, lambda: new_context(viewport={"width": 1280, "height": 720}))
    expect(viewer.locator("#live-status")).to_have_attribute("data-status", "running")
    expect(viewer.locator("#live-owner-away")).to_be_hidden()

    # A pause is told as the owner's, who is still there.
    owner.locator("#live-play").click()
    expect(viewer.locator("#live-status")).to_have_text("● Paused by the owner")
    expect(owner.locator("#live-status")).to_have_text("● Paused")
    expect(viewer.locator("#live-owner-away")).to_be_hidden()
    owner.locator("#live-play").click()
    expect(viewer.locator("#live-status")).to_have_attribute("data-status", "running")

    owner.once("dialog", lambda d: d.accept())  # (someone watches: Stop asks first)
    owner.locator("#live-stop").click()
    # (The browser tests' server pauses a run 3 s after its owner has gone.)
    expect(viewer.locator("#live-status")).to_have_attribute("data-status", "paused",
                                                             timeout=15_000)
    expect(viewer.locator("#live-status")).to_have_text("● Paused: the owner stopped or left")
    told = viewer.locator("#live-owner-away")
    expect(told).to_contain_text("The owner has stopped or left this run")
    # The note takes room from the graph, which fits again: no node is cut off below.
    viewer.wait_for_timeout(300)
    outside = viewer.evaluate("""() => {
        const cy = window.playgroundEditor.graph.cy;
        const h = cy.container().clientHeight, w = cy.container().clientWidth;
        return cy.nodes().filter((n) => {
            const b = n.renderedBoundingBox({includeLabels: false});
            return b.y2 > h || b.y1 < 0 || b.x2 > w || b.x1 < 0;
        }).map((n) => n.id());
    }""")
    assert outside == [], outside
    leave = viewer.locator("#live-stop")
    expect(leave).to_have_text("Leave")
    expect(leave).to_have_class(re.compile("btn-primary"))  # the way out, highlighted
    shot(viewer, "viewer-owner-stopped")
    leave.click()
    expect(viewer.locator("#live-run")).to_be_visible()
    viewer.locator("#live-run").click()  # now their own run
    expect(viewer.locator("#live-status")).to_have_attribute("data-status", "running")
    expect(viewer.locator("#live-play")).to_be_enabled()


def test_viewers_are_told_at_once_when_the_owners_page_closes_mid_run(new_context, live_url):
    owner = new_context().new_page()
    run_lesson(owner, "04-load-balancer", answer=1)
    viewer = open_watch_link(owner, new_context)
    pill = viewer.locator("#live-status")
    expect(pill).to_have_attribute("data-status", "running")
    # Every text the status shows from here on, to see what came before the pause.
    viewer.evaluate("""() => {
        const pill = document.querySelector('#live-status');
        window.statusTexts = [];
        new MutationObserver(() => window.statusTexts.push(pill.textContent))
            .observe(pill, {childList: true, characterData: true, subtree: true});
    }""")
    owner.close()  # a teacher closing the tab: the run goes on for the grace period (3 s)
    expect(viewer.locator("#live-owner-away")).to_contain_text(
        "The owner's page has closed or lost its connection")
    expect(pill).to_have_text("● Paused: the owner stopped or left", timeout=15_000)
    texts = viewer.evaluate("window.statusTexts")
    assert "● Running: the owner is away" in texts, texts
    assert texts.index("● Running: the owner is away") < texts.index(
        "● Paused: the owner stopped or left"), texts
    expect(viewer.locator("#live-owner-away")).to_contain_text(
        "The owner has stopped or left this run")
