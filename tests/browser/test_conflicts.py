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


def test_a_topology_deleted_while_edited_is_kept_as_a_new_one(page, live_url):
    doc = document("Deleted meanwhile", nodes=[node("users", "client", 0, 0),
                                               node("web", "web_server", 0, 140)],
                   edges=[edge("users", "web")])
    created = create(live_url, doc)
    slug, token = created["slug"], created["edit_token"]
    open_editor(page, slug, token)
    status, _ = call(live_url, "DELETE", f"/api/topologies/{slug}/", None, token)
    assert status == 204

    click_node(page, "web")
    servers = page.locator('#inspector [data-param="servers"] input')
    servers.fill("12")
    servers.press("Enter")
    expect(page.locator("#save-status")).to_have_text("Not saved: deleted")
    notice = page.locator("#notice")
    expect(notice).to_contain_text("This topology was deleted")
    expect(notice).not_to_contain_text("edit token")
    shot(page, "deleted-while-edited")

    # (A fork of what is gone is impossible: the page's version is saved anew instead.)
    page.get_by_role("button", name="Save as a new topology").click()
    page.wait_for_url(lambda url: "/t/" in url and slug not in url)
    expect(page.locator("#editor")).to_have_attribute("data-ready", "true")
    expect(page.locator("#save-status")).to_have_text("✓ Saved")
    new_slug = page.url.rstrip("/").rsplit("/", 1)[-1]
    kept = fetch(live_url, new_slug)
    assert kept["title"] == "Deleted meanwhile"
    assert {n["id"]: n for n in kept["document"]["nodes"]}["web"]["params"]["servers"] == 12
