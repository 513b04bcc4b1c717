"""Keyboard: Delete removes the selection, Ctrl+Z brings it back (Ctrl+Shift+Z redoes),
Esc deselects — and each step autosaves."""

import re

from playwright.sync_api import expect

from .helpers import (
    click_node,
    create,
    document,
    edge,
    fetch,
    graph,
    node,
    open_editor,
    run_lesson,
    selected,
    shot,
    wait_saved,
)


def stored_ids(live_url, slug):
    return {n["id"] for n in fetch(live_url, slug)["document"]["nodes"]}


def test_delete_then_undo_and_redo(page, live_url):
    created = create(
        live_url,
        document(
            "Keys",
            nodes=[
                node("users", "client", 0, 0),
                node("web", "web_server", 0, 140),
                node("db", "database", 0, 280),
            ],
            edges=[edge("users", "web"), edge("web", "db")],
        ),
    )
    slug = created["slug"]
    open_editor(page, slug, created["edit_token"])

    click_node(page, "web")
    assert selected(page) == {"type": "node", "id": "web"}
    page.keyboard.press("Delete")
    assert graph(page) == {"nodes": {"users": "client", "db": "database"}, "edges": []}
    wait_saved(page)
    assert stored_ids(live_url, slug) == {"users", "db"}

    page.keyboard.press("Control+z")
    assert graph(page)["edges"] == [["users", "web"], ["web", "db"]]
    wait_saved(page)
    assert stored_ids(live_url, slug) == {"users", "web", "db"}
    shot(page, "keyboard-undo")

    page.keyboard.press("Control+Shift+z")
    assert "web" not in graph(page)["nodes"]
    page.keyboard.press("Control+z")
    assert "web" in graph(page)["nodes"]
    expect(page.locator("#tool-redo")).to_be_enabled()
    wait_saved(page)

    click_node(page, "db")
    page.keyboard.press("Escape")
    assert selected(page) is None
    expect(page.locator("#inspector-title")).to_have_text("This topology")


def test_arrow_keys_on_the_canvas_select_each_component(page, live_url):
    created = create(
        live_url,
        document(
            "Arrows",
            nodes=[node("users", "client", 0, 0), node("lb", "load_balancer", 0, 150),
                   node("web-1", "web_server", -150, 300), node("web-2", "web_server", 150, 300)],
            edges=[edge("users", "lb"), edge("lb", "web-1"), edge("lb", "web-2")],
        ),
    )
    open_editor(page, created["slug"], created["edit_token"])
    page.locator("#cy").focus()
    page.keyboard.press("ArrowDown")
    assert selected(page) == {"type": "node", "id": "users"}  # none selected: the top one
    expect(page.locator("#inspector-title")).to_have_text("users")
    page.keyboard.press("ArrowDown")
    assert selected(page)["id"] == "lb"
    page.keyboard.press("ArrowDown")
    assert selected(page)["id"] in ("web-1", "web-2")  # both straight below, as near
    page.keyboard.press("ArrowRight")
    assert selected(page)["id"] == "web-2"
    page.keyboard.press("ArrowLeft")
    assert selected(page)["id"] == "web-1"
    page.keyboard.press("ArrowUp")
    assert selected(page)["id"] == "lb"
    page.keyboard.press("ArrowUp")
    page.keyboard.press("ArrowUp")  # nothing further up: stays
    assert selected(page)["id"] == "users"
    page.keyboard.press("Delete")  # the canvas kept the focus: keys act on the selection
    assert "users" not in graph(page)["nodes"]


def test_the_inspector_connects_both_ways_only_on_a_confirm(page, live_url):
    created = create(
        live_url,
        document("Choose", nodes=[node("users", "client", 0, 0),
                                  node("lb", "load_balancer", 0, 150),
                                  node("web", "web_server", 0, 300)]),
    )
    open_editor(page, created["slug"], created["edit_token"])
    click_node(page, "lb")
    to = page.locator('#inspector [data-field="connect-to"]')
    came = page.locator('#inspector [data-field="connect-from"]')
    # Only what may be connected that way is offered: lb → web, users → lb.
    assert to.locator("option").all_inner_texts()[1:] == ["web (Web server)"]
    assert came.locator("option").all_inner_texts()[1:] == ["users (Clients)"]
    to.focus()
    page.keyboard.press("ArrowDown")  # browsing the list connects nothing
    assert graph(page)["edges"] == []
    page.keyboard.press("Enter")  # ... a confirm does
    assert graph(page)["edges"] == [["lb", "web"]]
    came = page.locator('#inspector [data-field="connect-from"]')
    came.select_option("users")
    page.locator('#inspector [data-action="connect-from"]').click()
    assert graph(page)["edges"] == [["lb", "web"], ["users", "lb"]]
    expect(page.locator('#inspector [data-field="connect-from"]')).to_be_disabled()  # none left
    wait_saved(page)


def test_the_keyboard_keeps_its_place_across_run_and_stop(page, live_url):
    page.goto("/t/01-single-server/")
    expect(page.locator("#editor")).to_have_attribute("data-ready", "true")
    page.locator('#lesson-question [data-option="0"]').click()
    page.locator("#live-run").focus()
    page.keyboard.press("Enter")
    expect(page.locator("#live-status")).to_have_attribute("data-status", "running")
    expect(page.locator("#live-play")).to_be_focused()  # not the page: Space/Enter go on
    page.locator("#live-stop").focus()
    page.keyboard.press("Enter")
    expect(page.locator("#live-run")).to_be_visible()
    expect(page.locator("#live-run")).to_be_focused()


def test_focus_stays_in_place_after_answering_closing_a_menu_or_deselecting(page, live_url):
    page.goto("/t/04-load-balancer/")
    expect(page.locator("#editor")).to_have_attribute("data-ready", "true")
    # Answering disables the options: focus moves to what the answer revealed.
    page.locator('#lesson-question [data-option="1"]').focus()
    page.keyboard.press("Enter")
    expect(page.locator("#lesson-reveal")).to_be_focused()

    page.locator("#live-run").click()
    expect(page.locator("#live-status")).to_have_attribute("data-status", "running")
    page.locator("#live-watch").focus()
    page.keyboard.press("Enter")
    expect(page.locator("#live-watch-url")).to_be_visible()
    page.keyboard.press("Escape")
    expect(page.locator("#live-watch-url")).to_be_hidden()
    expect(page.locator("#live-watch")).to_be_focused()

    click_node(page, "web-2")
    page.locator("#inspector button").first.focus()
    page.keyboard.press("Escape")
    assert selected(page) is None
    expect(page.locator("#cy")).to_be_focused()


def test_the_import_button_shows_the_keyboard_focus(page, live_url):
    page.goto("/")
    page.locator("#import-file").focus()
    page.keyboard.press("Shift+Tab")
    page.keyboard.press("Tab")  # (focus-visible: as the keyboard reaches it)
    expect(page.locator("#import-file")).to_be_focused()
    outline = page.locator("label.file-button").evaluate("(e) => getComputedStyle(e).outlineStyle")
    assert outline == "solid"


def test_delete_during_a_run_says_why_nothing_is_removed(page, live_url):
    created = create(live_url, document(
        "Running", nodes=[node("users", "client", 0, 0), node("web", "web_server", 0, 140)],
        edges=[edge("users", "web")]))
    open_editor(page, created["slug"], created["edit_token"])
    page.locator("#live-run").click()
    expect(page.locator("#live-status")).to_have_attribute("data-status", "running")
    click_node(page, "web")
    page.locator("#cy").focus()
    page.keyboard.press("Delete")
    expect(page.locator("#notice")).to_contain_text("cannot be removed while the simulation runs")
    assert set(graph(page)["nodes"]) == {"users", "web"}


def test_c_then_the_arrow_keys_and_enter_connect_without_a_mouse(page, live_url):
    created = create(
        live_url,
        document("Connect by keys", nodes=[node("users", "client", 0, 0),
                                           node("lb", "load_balancer", 0, 150),
                                           node("web-1", "web_server", -150, 300),
                                           node("web-2", "web_server", 150, 300)]),
    )
    open_editor(page, created["slug"], created["edit_token"])
    page.locator("#cy").focus()
    page.keyboard.press("ArrowDown")  # users
    page.keyboard.press("c")
    hint = page.locator("#connect-hint")
    expect(hint).to_contain_text("choose it with the arrow keys and press Enter")
    page.keyboard.press("Enter")  # nothing chosen yet: nothing happens
    assert graph(page)["edges"] == []
    page.keyboard.press("ArrowDown")
    expect(hint).to_contain_text("Connecting users → lb: Enter connects")
    page.keyboard.press("ArrowDown")
    expect(hint).to_contain_text(re.compile(r"users → web-[12]"))
    page.keyboard.press("ArrowUp")
    expect(hint).to_contain_text("users → lb")
    page.keyboard.press("Enter")
    assert graph(page)["edges"] == [["users", "lb"]]
    expect(hint).to_be_hidden()
    assert selected(page)["id"] == "users"  # the source stays selected; arrows select again

    page.keyboard.press("ArrowDown")
    assert selected(page)["id"] == "lb"
    page.keyboard.press("c")
    page.keyboard.press("ArrowUp")  # a balancer cannot call a client: nothing is chosen
    expect(hint).to_contain_text("Connecting from lb")
    page.keyboard.press("ArrowDown")
    page.keyboard.press("ArrowRight")
    expect(hint).to_contain_text("lb → web-2")
    shot(page, "keyboard-connect")
    page.keyboard.press("Enter")
    assert sorted(graph(page)["edges"]) == [["lb", "web-2"], ["users", "lb"]]
    page.keyboard.press("c")
    page.keyboard.press("ArrowDown")
    page.keyboard.press("Escape")  # cancels: nothing connected
    assert sorted(graph(page)["edges"]) == [["lb", "web-2"], ["users", "lb"]]
    expect(hint).to_be_hidden()
    wait_saved(page)


def test_space_after_clicking_reset_with_the_mouse_pauses_instead_of_resetting_again(
        page, live_url):
    run_lesson(page, "01-single-server", answer=0, speed=5)
    page.locator("#live-reset").click()  # (alone: nobody to ask)
    page.wait_for_function("() => window.playgroundLive.t < 5")
    page.keyboard.press("Space")
    expect(page.locator("#live-status")).to_have_attribute("data-status", "paused")
    expect(page.locator("#live-reset")).not_to_be_focused()


def test_a_component_under_the_connect_hint_can_still_be_tapped(page, live_url):
    created = create(live_url, document("Under the hint", nodes=[
        node("users", "client", 0, 0), node("web", "web_server", 0, 150)]))
    open_editor(page, created["slug"], created["edit_token"])
    click_node(page, "users")
    page.keyboard.press("c")
    box = page.locator("#connect-hint").bounding_box()
    middle = (box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
    page.evaluate(  # web drawn right under the hint's middle
        """([x, y]) => {
            const cy = window.playgroundEditor.graph.cy;
            const r = document.getElementById("cy").getBoundingClientRect();
            const p = cy.getElementById("web").renderedPosition();
            cy.panBy({x: x - r.left - p.x, y: y - r.top - p.y});
        }""",
        list(middle),
    )
    page.mouse.click(*middle)
    assert graph(page)["edges"] == [["users", "web"]]
