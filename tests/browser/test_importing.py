"""Import a document file: from the home page (a new topology), into an open topology,
and an invalid file, whose problems (as the API words them) appear in the page."""

import json

from playwright.sync_api import expect

from .helpers import create, document, edge, fetch, graph, node, open_editor, shot, wait_saved


def cache_demo(title="Cache demo"):
    return document(
        title,
        nodes=[
            node("users", "client", 0, 0, rps=2000, read_ratio=0.9),
            node("web", "web_server", 0, 140),
            node("redis", "cache", 0, 280, capacity_keys=50000),
            node("db", "database", 0, 420),
        ],
        edges=[edge("users", "web"), edge("web", "redis"), edge("redis", "db", latency_ms=0.5)],
    )


def test_import_a_file_from_the_home_page(page, live_url, tmp_path):
    path = tmp_path / "cache-demo.json"
    path.write_text(json.dumps(cache_demo("Imported cache demo")))
    page.goto("/")
    page.set_input_files("#import-file", str(path))
    page.wait_for_url("**/t/*/")
    expect(page.locator("#editor")).to_have_attribute("data-ready", "true")
    expect(page.locator("#title-input")).to_have_value("Imported cache demo")
    expect(page.locator("#palette")).to_be_visible()
    assert graph(page) == {
        "nodes": {"users": "client", "web": "web_server", "redis": "cache", "db": "database"},
        "edges": [["redis", "db"], ["users", "web"], ["web", "redis"]],
    }
    expect(page.locator("#legend")).to_contain_text("Cache")
    shot(page, "import-from-home")


def test_an_invalid_file_shows_the_problems(page, tmp_path):
    bad = document(
        "Broken",
        nodes=[
            node("a", "cache", 0, 0),
            node("b", "client", 0, 100),
            node("c", "mainframe", 0, 200),
        ],
        edges=[edge("a", "b")],
    )
    path = tmp_path / "broken.json"
    path.write_text(json.dumps(bad))
    page.goto("/")
    page.set_input_files("#import-file", str(path))
    message = page.locator("#gallery-message")
    expect(message).to_contain_text("broken.json could not be imported")
    expect(message).to_contain_text('unknown kind "mainframe"')
    expect(message).to_contain_text("a cache cannot connect to a client")
    assert page.url.endswith("/")
    shot(page, "import-invalid-file")

    # Not JSON: said in the page's words, where it is wrong (not the browser's "Unexpected
    # token").
    for text, why in (
        ('{"nodes":\n  [1 2]}', "This is not valid JSON: see line 2, column 6."),
        ('{"format": "architecture-playground", "version": NaN}',
         "This JSON has NaN, which is not a JSON number."),
        ('{"nodes": [', "The JSON ends too soon: the file is cut off."),
        ("  ", "The file is empty."),
    ):
        path.write_text(text)
        page.set_input_files("#import-file", str(path))
        expect(message).to_contain_text("broken.json is not a JSON file")
        expect(message).to_contain_text(why)
        expect(message).not_to_contain_text("request body")
        expect(message).not_to_contain_text("Unexpected")
        expect(message).not_to_contain_text("SyntaxError")


def test_import_into_an_open_topology_and_a_refused_save(page, live_url, tmp_path):
    created = create(live_url, document("Empty so far"))
    open_editor(page, created["slug"], created["edit_token"])
    path = tmp_path / "cache-demo.json"
    path.write_text(json.dumps(cache_demo()))
    page.set_input_files("#import-into", str(path))
    expect(page.locator("#title-input")).to_have_value("Cache demo")
    wait_saved(page)
    stored = fetch(live_url, created["slug"])
    assert stored["title"] == "Cache demo"
    assert {n["id"] for n in stored["document"]["nodes"]} == {"users", "web", "redis", "db"}

    # A file the server refuses: the status and the page say why; undo brings back the last
    # good version, which saves again.
    broken = cache_demo("Broken")
    broken["nodes"][1]["params"]["threads"] = 3
    path.write_text(json.dumps(broken))
    page.set_input_files("#import-into", str(path))
    expect(page.locator("#save-status")).to_have_text("Not saved: 1 problem")
    expect(page.locator("#notice")).to_contain_text('unknown param "threads"')
    shot(page, "import-refused-save")
    page.locator("#cy").focus()
    page.keyboard.press("Control+z")
    wait_saved(page)
    assert fetch(live_url, created["slug"])["title"] == "Cache demo"

    # Nested deeper than the server takes (it overflowed the page's copy of it): said, and
    # nothing changes.
    path.write_text("[" * 50_000 + "]" * 50_000)
    page.set_input_files("#import-into", str(path))
    expect(page.locator("#notice")).to_contain_text("This JSON is nested more than 64 levels deep.")
    expect(page.locator("#title-input")).to_have_value("Cache demo")


def test_a_very_wide_topology_is_shown_whole(page, live_url):
    # 600 servers in one row (60,000 px): Fit zooms out far enough to show every one.
    wide = document("Wide", nodes=[node(f"web-{i}", "web_server", 100 * i, 0) for i in range(600)])
    created = create(live_url, wide)
    open_editor(page, created["slug"], created["edit_token"])
    inside = page.evaluate(
        """() => {
            const cy = window.playgroundEditor.graph.cy;
            const b = cy.elements().renderedBoundingBox();
            return b.x1 >= 0 && b.y1 >= 0 && b.x2 <= cy.width() && b.y2 <= cy.height();
        }"""
    )
    assert inside


def test_a_connection_to_a_missing_component_can_be_removed_from_the_notice(page, live_url,
                                                                            tmp_path):
    # It cannot be drawn, so nothing on the canvas marks it or can select it.
    created = create(live_url, document("Empty so far"))
    open_editor(page, created["slug"], created["edit_token"])
    dangling = cache_demo("Dangling")
    dangling["edges"] += [edge("db", "zzz"), edge("ghost", "web")]
    path = tmp_path / "dangling.json"
    path.write_text(json.dumps(dangling))
    page.set_input_files("#import-into", str(path))
    notice = page.locator("#notice")
    expect(notice).to_contain_text('no node with id "zzz"')
    fix = notice.get_by_role("button", name="Remove the 2 connections to missing components")
    fix.click()
    wait_saved(page)
    stored = fetch(live_url, created["slug"])["document"]
    assert stored["title"] == "Dangling"
    assert sorted((e["source"], e["target"]) for e in stored["edges"]) == [
        ("redis", "db"), ("users", "web"), ("web", "redis")]
    page.locator("#cy").focus()
    page.keyboard.press("Control+z")  # (one step: the import's version comes back)
    expect(page.locator("#save-status")).to_have_text("Not saved: 2 problems")
