"""Keyboard: Delete removes the selection, Ctrl+Z brings it back (Ctrl+Shift+Z redoes),
Esc deselects — and each step autosaves."""

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
