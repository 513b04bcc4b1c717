"""Build client → load balancer → 2 web servers → database with the palette and connect
mode, change a param in the inspector, reload: everything is still there (and in the API)."""

from playwright.sync_api import Page, expect

from .helpers import add_kind, click_node, connect, fetch, graph, open_editor, shot, wait_saved


def test_build_edit_reload(page: Page, live_url: str) -> None:
    page.goto("/")
    page.get_by_role("button", name="New blank topology").click()
    page.wait_for_url("**/t/*/")
    expect(page.locator("#editor")).to_have_attribute("data-ready", "true")
    slug = page.url.rstrip("/").rsplit("/", 1)[-1]
    assert "token" not in page.url  # the edit link's token is not left in the address
    expect(page.locator("#empty-hint")).to_be_visible()

    client = add_kind(page, "client")
    lb = add_kind(page, "load_balancer")
    web_1 = add_kind(page, "web_server")
    web_2 = add_kind(page, "web_server")
    db = add_kind(page, "database")
    assert [client, lb, web_1, web_2, db] == ["client-1", "lb-1", "web-1", "web-2", "db-1"]

    connect(page, client, lb, how="key")
    connect(page, lb, web_1, how="handle")
    connect(page, lb, web_2, how="toolbar")
    connect(page, web_1, db)
    connect(page, web_2, db)
    expect(page.locator("#notice")).to_contain_text("Connected web-2 → db-1")
    assert graph(page)["edges"] == sorted(
        [[client, lb], [lb, web_1], [lb, web_2], [web_1, db], [web_2, db]]
    )

    page.locator("#tool-layout").click()
    x = page.evaluate("""(ids) => ids.map(
        (id) => window.playgroundEditor.graph.cy.getElementById(id).position().x)""",
                      [web_1, web_2])
    assert x[0] < x[1], x  # siblings left to right in the order of their names
    click_node(page, web_1)
    servers = page.locator('#inspector [data-param="servers"] input')
    expect(servers).to_have_value("4")
    servers.fill("0")
    error = page.locator('#inspector [data-param="servers"] .error')
    expect(error).to_have_text("Must be at least 1 process.")
    servers.fill("12")
    servers.press("Enter")
    wait_saved(page)
    shot(page, "build-topology")

    stored = fetch(live_url, slug)
    nodes = {n["id"]: n for n in stored["document"]["nodes"]}
    assert set(nodes) == {client, lb, web_1, web_2, db}
    assert nodes[web_1]["params"]["servers"] == 12
    assert nodes[web_2]["params"]["servers"] == 4
    assert len(stored["document"]["edges"]) == 5

    page.reload()
    expect(page.locator("#editor")).to_have_attribute("data-ready", "true")
    assert set(graph(page)["nodes"]) == {client, lb, web_1, web_2, db}
    assert len(graph(page)["edges"]) == 5
    click_node(page, web_1)
    expect(page.locator('#inspector [data-param="servers"] input')).to_have_value("12")
    expect(page.locator("#palette")).to_be_visible()  # still editable after a reload

    # Listed on the home page under "My topologies".
    page.goto("/")
    expect(page.locator(f'#mine-list [data-slug="{slug}"]')).to_be_visible()
    open_editor(page, slug)

    # A sixth component: a cache that web-1 calls before the database.
    click_node(page, web_1)
    cache = add_kind(page, "cache")  # placed below web-1, which may call a cache
    connect(page, web_1, cache)
    connect(page, cache, db)
    click_node(page, web_1)
    wait_saved(page)
    assert len(graph(page)["nodes"]) == 6
    shot(page, "editor-six-nodes")


def test_drag_a_kind_from_the_palette(page: Page, live_url: str) -> None:
    from .helpers import create, document, open_editor

    created = create(live_url, document("Drag and drop"))
    open_editor(page, created["slug"], created["edit_token"])
    page.drag_and_drop('#palette [data-kind="dns"]', "#cy")
    assert graph(page)["nodes"] == {"dns-1": "dns"}
    wait_saved(page)
    assert [n["id"] for n in fetch(live_url, created["slug"])["document"]["nodes"]] == ["dns-1"]


def test_each_component_tapped_in_lands_in_view_clear_of_the_legend(new_context,
                                                                   live_url: str) -> None:
    # (Tapped in a row on a 1280 × 800 laptop, the two databases landed under the kind
    # legend, and the view did not move to show them.)
    page = new_context(viewport={"width": 1280, "height": 800}).new_page()
    page.goto("/")
    page.get_by_role("button", name="New blank topology").click()
    expect(page.locator("#editor")).to_have_attribute("data-ready", "true")
    for kind in ("client", "dns", "load_balancer", "web_server", "web_server", "web_server",
                 "cache", "database", "database"):
        added = add_kind(page, kind)
        hidden = page.evaluate(
            """(id) => {
                const cy = window.playgroundEditor.graph.cy;
                const canvas = document.getElementById("cy").getBoundingClientRect();
                const b = cy.getElementById(id).renderedBoundingBox({includeLabels: true});
                const n = {left: canvas.left + b.x1, right: canvas.left + b.x2,
                           top: canvas.top + b.y1, bottom: canvas.top + b.y2};
                const covering = [document.getElementById("legend"),
                                  document.querySelector(".stage > .toolbar")]
                    .map((e) => e.getBoundingClientRect())
                    .filter((r) => r.left < n.right && n.left < r.right
                                   && r.top < n.bottom && n.top < r.bottom);
                const outside = n.left < canvas.left || n.right > canvas.right
                    || n.top < canvas.top || n.bottom > canvas.bottom;
                return covering.length > 0 || outside;
            }""",
            added,
        )
        assert not hidden, f"{added} is out of view or under the legend"


def test_auto_layout_puts_unconnected_components_in_rows_by_tier(page: Page,
                                                                 live_url: str) -> None:
    # (With no connections, dagre put every component in one row.)
    page.goto("/")
    page.get_by_role("button", name="New blank topology").click()
    expect(page.locator("#editor")).to_have_attribute("data-ready", "true")
    for kind in ("database", "web_server", "client", "web_server", "cache"):
        add_kind(page, kind)
    page.locator("#tool-layout").click()
    y = page.evaluate("""() => Object.fromEntries(window.playgroundEditor.graph.cy.nodes()
        .map((n) => [n.id(), n.position().y]))""")
    assert y["client-1"] < y["web-1"] == y["web-2"] < y["cache-1"] < y["db-1"], y


def test_a_serving_component_says_how_much_it_can_serve(page: Page, live_url: str) -> None:
    # (An engineer found a 2,000 req/s design against 3 × 400 overloaded only by running it.)
    page.goto("/")
    page.get_by_role("button", name="New blank topology").click()
    expect(page.locator("#editor")).to_have_attribute("data-ready", "true")
    add_kind(page, "web_server")
    told = page.locator("#inspector .capacity")
    expect(told).to_have_text("Serves at most 400 req/s: 4 in parallel, 10 ms each.")
    servers = page.locator('#inspector [data-param="servers"] input')
    servers.fill("8")
    servers.press("Enter")
    expect(told).to_have_text("Serves at most 800 req/s: 8 in parallel, 10 ms each.")
    add_kind(page, "client")
    expect(page.locator("#inspector .capacity")).to_have_count(0)  # (it serves nothing)
