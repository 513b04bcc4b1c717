"""The catalog decides what may connect; a refused connection says why, in the page."""

from playwright.sync_api import expect

from .helpers import connect, create, document, graph, node, open_editor, shot


def test_a_refused_connection_shows_its_reason(page, live_url):
    created = create(
        live_url,
        document(
            "Refusals",
            nodes=[
                node("users", "client", 0, 0),
                node("web", "web_server", 0, 140),
                node("cache", "cache", 200, 140),
            ],
        ),
    )
    open_editor(page, created["slug"], created["edit_token"])

    connect(page, "cache", "users")
    notice = page.locator("#notice")
    expect(notice).to_contain_text("Cache cannot connect to Clients; it connects to Database.")
    expect(page.locator("#connect-hint")).to_be_visible()  # still connecting: pick another
    assert graph(page)["edges"] == []
    shot(page, "refused-connection")

    page.keyboard.press("Escape")
    expect(page.locator("#connect-hint")).to_be_hidden()

    connect(page, "users", "web")
    expect(notice).to_contain_text("Connected users → web")
    connect(page, "web", "users")
    expect(notice).to_contain_text(
        "Web server cannot connect to Clients; it connects to Cache, Database.")
    assert graph(page)["edges"] == [["users", "web"]]
