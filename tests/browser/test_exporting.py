"""Export: the document as JSON (what the editor shows) and the graph as a PNG picture."""

import json

from .helpers import create, document, edge, node, open_editor


def test_export_json_and_png(page, live_url):
    doc = document(
        "Export me",
        nodes=[node("users", "client", 0, 0), node("web", "web_server", 0, 140)],
        edges=[edge("users", "web")],
    )
    created = create(live_url, doc)
    open_editor(page, created["slug"], created["edit_token"])

    page.locator("#export-menu summary").click()
    with page.expect_download() as info:
        page.locator("#export-json").click()
    download = info.value
    assert download.suggested_filename == "export-me.json"
    exported = json.loads(open(download.path(), encoding="utf-8").read())
    assert exported["format"] == "architecture-playground"
    assert [n["id"] for n in exported["nodes"]] == ["users", "web"]
    assert exported["edges"][0]["source"] == "users"

    page.locator("#export-menu summary").click()
    with page.expect_download() as info:
        page.locator("#export-png").click()
    download = info.value
    assert download.suggested_filename == "export-me.png"
    with open(download.path(), "rb") as picture:
        assert picture.read(8) == b"\x89PNG\r\n\x1a\n"
