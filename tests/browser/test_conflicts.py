"""Someone else saves while you edit: autosave gets 409 and says so; "Fork my version"
keeps your change as a new topology."""

from playwright.sync_api import expect

from .helpers import call, click_node, create, document, edge, fetch, node, open_editor, shot


def test_a_conflict_shows_someone_else_saved(page, live_url):
    doc = document(
        "Two editors",
        nodes=[node("users", "client", 0, 0), node("web", "web_server", 0, 140)],
        edges=[edge("users", "web")],
    )
    created = create(live_url, doc)
    slug, token = created["slug"], created["edit_token"]
    open_editor(page, slug, token)

    other = dict(doc, title="Changed elsewhere")
    status, body = call(
        live_url, "PUT", f"/api/topologies/{slug}/", {"revision": 1, "document": other}, token
    )
    assert status == 200, body

    click_node(page, "web")
    servers = page.locator('#inspector [data-param="servers"] input')
    servers.fill("16")
    servers.press("Enter")
    expect(page.locator("#save-status")).to_have_text("Someone else saved — reload or fork")
    expect(page.locator("#notice")).to_contain_text("Someone else saved this topology")
    shot(page, "conflict")
    assert fetch(live_url, slug)["title"] == "Changed elsewhere"

    page.get_by_role("button", name="Fork my version").click()
    page.wait_for_url(lambda url: "/t/" in url and slug not in url)
    expect(page.locator("#editor")).to_have_attribute("data-ready", "true")
    new_slug = page.url.rstrip("/").rsplit("/", 1)[-1]
    mine = {n["id"]: n for n in fetch(live_url, new_slug)["document"]["nodes"]}
    assert mine["web"]["params"]["servers"] == 16
