"""A lesson opens read-only with its explanation and a "predict first" question; choosing
an option reveals the answer. "Make my copy" forks it into an editable topology."""

from playwright.sync_api import expect

from .helpers import (
    click_node,
    create,
    document,
    edge,
    make_copy,
    node,
    open_editor,
    shot,
    wait_ready,
)


def test_a_lesson_asks_then_reveals_and_can_be_copied(page, live_url):
    page.goto("/")
    page.locator('.card[data-slug="04-load-balancer"] a').click()
    page.wait_for_url("**/t/04-load-balancer/")
    wait_ready(page)

    panel = page.locator("#lesson-panel")
    expect(panel).to_contain_text("Load balancer and health checks")
    expect(panel).to_contain_text("for how long does the balancer keep sending it requests")
    expect(page.locator("#lesson-reveal")).to_be_hidden()
    expect(panel).to_contain_text("What to watch")
    # ... named only after the guess: it says what happens.
    expect(page.locator("#lesson-watch")).to_be_hidden()
    expect(page.locator("#lesson-watch-later")).to_be_visible()
    expect(page.locator("#palette")).to_be_hidden()

    page.locator('#lesson-question [data-option="0"]').click()
    expect(page.locator("#lesson-watch")).to_contain_text("marked unhealthy")
    expect(page.locator("#lesson-watch-later")).to_have_count(0)
    reveal = page.locator("#lesson-reveal")
    expect(reveal).to_be_visible()
    expect(reveal).to_contain_text("Not quite.")
    expect(reveal).to_contain_text("health checks")
    expect(page.locator('#lesson-question [data-option="1"]')).to_have_class("option is-answer")
    expect(page.locator('#lesson-question [data-option="2"]')).to_be_disabled()
    shot(page, "lesson-question-revealed")

    make_copy(page, "04-load-balancer")
    expect(page.locator("#save-status")).to_contain_text("Saved")
    expect(page.locator("#lesson-panel")).to_contain_text("Load balancer and health checks")


def test_a_free_form_lesson_part_shows_its_texts_and_a_junk_one_no_panel(page, live_url):
    base = document("Own lesson", nodes=[node("users", "client", 0, 0),
                                         node("box", "web_server", 0, 140)],
                    edges=[edge("users", "box")])
    free = create(live_url, {**base, "lesson": {"text": "One box does everything.",
                                                "question": "What if it dies?",
                                                "watch": "the error rate"}})
    open_editor(page, free["slug"], free["edit_token"])
    panel = page.locator("#lesson-panel")
    expect(panel).to_be_visible()
    expect(panel.locator(".explanation")).to_have_text("One box does everything.")
    expect(panel.locator(".prompt")).to_have_text("What if it dies?")
    expect(panel.locator("#lesson-watch li")).to_have_text(["the error rate"])
    expect(panel.locator("h2")).to_have_count(0)  # (no empty heading)

    junk = create(live_url, {**base, "lesson": {"question": 5, "text": ["x"]}})
    open_editor(page, junk["slug"], junk["edit_token"])
    expect(page.locator("#lesson-panel")).to_be_hidden()


def test_the_end_of_a_lessons_suggested_run_is_told(page, live_url):
    page.goto("/t/04-load-balancer/")
    wait_ready(page)
    page.locator('#lesson-question [data-option="1"]').click()
    end = page.evaluate("() => window.playgroundEditor.state.doc.lesson.duration_s")
    page.locator("#live-run").click()
    page.locator("#live-speed").select_option("100")
    page.wait_for_function(f"() => window.playgroundLive.t > {end}", timeout=30_000)
    expect(page.locator(".live-toast", has_text="the lesson's suggested run is over")
           ).to_contain_text(f"{end} s: the lesson's suggested run is over")
    expect(page.locator("#live-status")).to_have_attribute("data-status", "running")


def test_a_component_selected_under_a_lessons_text_is_brought_into_view(page, live_url):
    # On a laptop the inspector rendered below the lesson's text, out of the window: a tap
    # on the cache seemed to do nothing.
    page.set_viewport_size({"width": 1280, "height": 800})
    page.goto("/t/06-cache/")
    wait_ready(page)
    click_node(page, "cache")
    inspector = page.locator("#inspector")
    expect(inspector).to_contain_text("Keeps popular items in memory")
    expect(inspector).to_be_in_viewport()
