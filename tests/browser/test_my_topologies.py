""" "My topologies" on the home page lists what this browser created, with open and
delete (DELETE with the stored edit token, after an in-page confirmation)."""

from playwright.sync_api import expect

from .helpers import call, shot, wait_ready


def test_my_topologies_open_and_delete(page, live_url):
    page.goto("/")
    expect(page.locator("#mine")).to_be_hidden()  # nothing created in this browser yet
    page.get_by_role("button", name="New blank topology").click()
    page.wait_for_url("**/t/*/")
    wait_ready(page)
    slug = page.url.rstrip("/").rsplit("/", 1)[-1]
    title = page.locator("#title-input")
    title.fill("Class demo, period 3")
    title.press("Enter")
    expect(page.locator("#save-status")).to_have_attribute("data-state", "saved")

    page.goto("/")
    item = page.locator(f'#mine-list [data-slug="{slug}"]')
    expect(item).to_contain_text("Class demo, period 3")
    shot(page, "my-topologies")

    item.get_by_role("button", name="Delete…").click()
    expect(item).to_contain_text("Delete it for everyone?")
    item.get_by_role("button", name="Cancel").click()
    expect(item.get_by_role("link", name="Open")).to_be_visible()

    item.get_by_role("button", name="Delete…").click()
    item.get_by_role("button", name="Delete", exact=True).click()
    expect(page.locator("#gallery-message")).to_contain_text("Deleted “Class demo, period 3”")
    expect(page.locator("#mine")).to_be_hidden()
    status, _ = call(live_url, "GET", f"/api/topologies/{slug}/")
    assert status == 404
