"""The inspector: rename a component (edges follow), edit a connection's latency, shape a
client's traffic profile; bad input is refused in place, with the reason."""

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
    shot,
    wait_saved,
)


def click_edge(page, source, target):
    x, y = page.evaluate(
        """([s, t]) => {
            const cy = window.playgroundEditor.graph.cy;
            const e = cy.edges().filter((e) => e.data("source") === s && e.data("target") === t);
            const p = e.renderedMidpoint();
            const r = document.getElementById("cy").getBoundingClientRect();
            return [r.left + p.x, r.top + p.y];
        }""",
        [source, target],
    )
    page.mouse.click(x, y)


def test_rename_edge_params_and_traffic_profile(page, live_url):
    created = create(
        live_url,
        document(
            "Inspector",
            nodes=[node("users", "client", 0, 0, rps=500), node("web", "web_server", 0, 200)],
            edges=[edge("users", "web")],
        ),
    )
    slug = created["slug"]
    open_editor(page, slug, created["edit_token"])

    click_node(page, "web")
    name = page.locator('#inspector [data-field="id"]')
    name.fill("app server")
    name.press("Enter")
    expect(page.locator("#inspector .field.invalid .error")).to_contain_text("no spaces")
    name.fill("app")
    name.press("Enter")
    expect(page.locator("#inspector-title")).to_have_text("app")
    assert graph(page)["edges"] == [["users", "app"]]

    click_edge(page, "users", "app")
    expect(page.locator("#inspector-title")).to_have_text("users → app")
    latency = page.locator('#inspector [data-param="edge.latency_ms"] input')
    latency.fill("90000")
    expect(page.locator('#inspector [data-param="edge.latency_ms"] .error')).to_contain_text(
        "at most 60,000"
    )
    latency.fill("2.5")
    latency.press("Enter")

    click_node(page, "users")
    page.locator('#inspector select[data-field="profile"]').select_option("ramp")
    ramp_to = page.locator('#inspector [data-param="profile.to_rps"] input')
    expect(ramp_to).to_have_attribute("placeholder", "5000")
    # Each shape field says what it means (from the catalog), not only its range.
    expect(page.locator('#inspector [data-param="profile.start_s"] .help')).to_contain_text(
        "When the ramp begins: seconds after the shape starts")
    ramp_to.fill("8000")
    ramp_to.press("Enter")
    wait_saved(page)

    stored = fetch(live_url, slug)["document"]
    assert [n["id"] for n in stored["nodes"]] == ["users", "app"]
    assert stored["edges"] == [{"source": "users", "target": "app", "params": {"latency_ms": 2.5}}]
    assert stored["nodes"][0]["params"]["profile"] == {"shape": "ramp", "to_rps": 8000}


def test_a_web_server_calling_a_database_directly_and_through_its_cache_is_explained(
        page, live_url):
    # CONTRACT's routing: every request calls each tier the web server connects to, and the
    # cache passes its misses on, so the database gets both: the inspector says so.
    created = create(
        live_url,
        document(
            "Cache aside",
            nodes=[node("users", "client", 0, 0), node("web", "web_server", 0, 150),
                   node("redis", "cache", -150, 300), node("db", "database", 150, 300)],
            edges=[edge("users", "web"), edge("web", "redis"), edge("web", "db"),
                   edge("redis", "db")],
        ),
    )
    open_editor(page, created["slug"], created["edit_token"])
    click_node(page, "web")
    note = page.locator("#inspector .double-call")
    expect(note).to_have_text(
        "web calls db on every request, and redis passes its misses on to db as well: db gets "
        "both. For a cache in front of the database, connect web to redis only.")
    shot(page, "inspector-double-call")
    click_node(page, "redis")
    expect(page.locator("#inspector .double-call")).to_have_count(0)


def test_a_field_shows_one_error_the_one_for_what_is_typed_now(page, live_url):
    created = create(live_url, document("Errors", nodes=[node("users", "client", 0, 0)]))
    open_editor(page, created["slug"], created["edit_token"])
    click_node(page, "users")
    rps = page.locator('#inspector [data-param="rps"] input')
    rps.fill("-5")
    rps.press("Tab")
    errors = page.locator('#inspector [data-param="rps"] .error')
    expect(errors).to_have_count(1)
    expect(errors).to_contain_text("at least 0")
    click_node(page, "users")  # the inspector is drawn again, the typed text kept
    rps = page.locator('#inspector [data-param="rps"] input')
    expect(rps).to_have_value("-5")
    # One line, "⚠ Must be at least…": the sign does not sit on a line of its own.
    box = errors.bounding_box()
    assert box and box["height"] < 30, box
    rps.fill("1e12")
    expect(errors).to_have_count(1)
    expect(errors).to_contain_text("at most 1,000,000,000")
    rps.fill("2000")
    expect(errors).to_have_count(0)


def test_a_name_typed_back_to_its_own_drops_the_wrong_names_error(page, live_url):
    created = create(live_url, document("Names", nodes=[node("web", "web_server", 0, 0)]))
    open_editor(page, created["slug"], created["edit_token"])
    click_node(page, "web")
    name = page.locator('#inspector [data-field="id"]')
    name.fill("bad id!")
    name.press("Tab")
    error = page.locator("#inspector .field.invalid .error")
    expect(error).to_contain_text("no spaces")
    name = page.locator('#inspector [data-field="id"]')
    name.fill("web")
    name.press("Tab")
    expect(error).to_have_count(0)
    expect(page.locator('#inspector [data-field="id"]')).to_have_value("web")
