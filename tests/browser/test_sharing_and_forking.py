"""The share link opens read-only in someone else's browser; "Fork to edit" gives them
their own editable copy (new slug, forked_from set) and leaves the original alone."""

from playwright.sync_api import expect

from .helpers import (
    add_kind,
    click_node,
    create,
    document,
    edge,
    fetch,
    graph,
    node,
    open_editor,
    shot,
    wait_ready,
    wait_saved,
)


def test_share_link_is_read_only_and_fork_makes_an_editable_copy(new_context, live_url):
    doc = document(
        "Shared by the teacher",
        nodes=[node("users", "client", 0, 0, rps=50), node("web", "web_server", 0, 140)],
        edges=[edge("users", "web")],
    )
    created = create(live_url, doc)
    slug = created["slug"]

    owner = new_context().new_page()
    open_editor(owner, slug, created["edit_token"])
    owner.locator("#share-menu summary").click()
    owner.locator("#copy-edit").click()
    assert (
        owner.locator("#link-output")
        .input_value()
        .endswith(f"/t/{slug}/edit#token={created['edit_token']}")
    )
    owner.locator("#copy-share").click()
    share_url = owner.locator("#link-output").input_value()
    assert share_url == f"{live_url}/t/{slug}/"

    guest = new_context().new_page()
    guest.goto(share_url)
    wait_ready(guest)
    expect(guest.locator("#banner")).to_contain_text("Read-only")
    expect(guest.locator("#palette")).to_be_hidden()
    expect(guest.locator("#title-input")).to_have_attribute("readonly", "")
    expect(guest.locator("#save-status")).to_have_text("Read-only")
    expect(guest.locator("#share-menu")).to_be_visible()
    expect(guest.locator("#copy-edit")).to_be_hidden()
    click_node(guest, "web")
    expect(guest.locator('#inspector [data-param="servers"] input')).to_have_attribute(
        "readonly", ""
    )
    guest.keyboard.press("Delete")  # nothing happens on a read-only page
    assert "web" in graph(guest)["nodes"]
    shot(guest, "share-link-read-only")

    guest.get_by_role("button", name="Fork to edit").click()
    guest.wait_for_url(lambda url: "/t/" in url and slug not in url)
    wait_ready(guest)
    new_slug = guest.url.rstrip("/").rsplit("/", 1)[-1]
    assert new_slug != slug
    expect(guest.locator("#palette")).to_be_visible()
    expect(guest.locator("#banner")).to_be_hidden()
    expect(guest.locator("#save-status")).to_contain_text("Saved")
    expect(guest.locator("#notice")).to_contain_text("This is your own copy")
    assert fetch(live_url, new_slug)["forked_from"] == slug

    click_node(guest, "web")
    cache = add_kind(guest, "cache")
    wait_saved(guest)
    shot(guest, "fork-is-editable")
    assert cache in {n["id"] for n in fetch(live_url, new_slug)["document"]["nodes"]}
    assert cache not in {n["id"] for n in fetch(live_url, slug)["document"]["nodes"]}


def test_an_edit_link_with_a_wrong_token_opens_read_only_and_keeps_the_right_one(page,
                                                                                 live_url):
    created = create(live_url, document("Mine", nodes=[node("users", "client", 0, 0)]))
    open_editor(page, created["slug"], created["edit_token"])  # (remembered in this browser)
    expect(page.locator("#save-status")).not_to_have_text("Read-only")

    open_editor(page, created["slug"], "WRONG")
    expect(page.locator("#save-status")).to_have_text("Read-only")
    expect(page.locator("#banner")).to_contain_text("token does not open this topology")
    expect(page.locator("#fork-button")).to_be_visible()
    shot(page, "wrong-edit-token")

    open_editor(page, created["slug"])  # the right token was not replaced by the wrong one
    expect(page.locator("#palette")).to_be_visible()
    expect(page.locator("#save-status")).not_to_have_text("Read-only")
