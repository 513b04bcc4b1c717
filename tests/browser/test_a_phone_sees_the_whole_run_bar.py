"""On a phone (390 px), the run bar keeps within the screen for the owner and for a viewer:
status, viewer count, watch link and Stop/Leave all visible, nothing scrolls sideways."""

from playwright.sync_api import expect

from .helpers import open_watch_link, run_lesson, shot

PHONE = {"width": 390, "height": 844}


def within_screen(page) -> dict:
    return page.evaluate(
        """() => {
            const out = {page: document.documentElement.scrollWidth};
            for (const id of ["live-status", "live-viewers", "live-watch", "live-stop"]) {
                const e = document.getElementById(id);
                const r = e.getBoundingClientRect();
                out[id] = e.offsetParent !== null && r.left >= 0 && r.right <= innerWidth;
            }
            return out;
        }"""
    )


def test_owner_and_viewer_see_every_control_on_a_phone(new_context, live_url):
    owner = new_context(viewport=PHONE).new_page()
    run_lesson(owner, "04-load-balancer", answer=1)
    viewer = open_watch_link(owner, lambda: new_context(viewport=PHONE))
    expect(viewer.locator("#live-status")).to_have_attribute("data-conn", "live")
    for page in (owner, viewer):
        seen = within_screen(page)
        assert seen == {"page": 390, "live-status": True, "live-viewers": True,
                        "live-watch": True, "live-stop": True}, seen
    expect(viewer.locator("#live-watch")).to_have_accessible_name("Watch link")
    shot(viewer, "phone-viewer-run-bar")

    # The watch link's panel opens under its button, within the screen's width, and the
    # page scrolls to it.
    viewer.locator("#live-watch").click()
    url = viewer.locator("#live-watch-url")
    expect(url).to_be_visible()
    url.scroll_into_view_if_needed()
    box, button = url.bounding_box(), viewer.locator("#live-watch").bounding_box()
    assert box and button and box["y"] > button["y"], (box, button)
    assert 0 <= box["x"] and box["x"] + box["width"] <= 390 and box["y"] + box["height"] <= 844
    assert viewer.evaluate("() => document.documentElement.scrollWidth") == 390
    shot(viewer, "phone-viewer-watch-link")


def test_a_lessons_title_takes_the_phones_width(new_context, live_url):
    # (Beside "Lesson · read-only", lesson 5's title showed as "Step 5 — Da…".)
    page = new_context(viewport=PHONE).new_page()
    page.goto("/t/05-replication/")
    expect(page.locator("#editor")).to_have_attribute("data-ready", "true")
    width = page.locator("#title-input").evaluate("(e) => e.getBoundingClientRect().width")
    assert width >= 0.85 * PHONE["width"], width
