"""Export: the document as JSON (what the editor shows) and the graph as a PNG picture."""

import json

from .helpers import create, document, edge, node, open_editor, run_lesson


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
        data = picture.read()
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    # On white with a margin: the picture's top rows are white (the top component touched
    # its edge).
    top = page.evaluate(
        """async (bytes) => {
            const blob = new Blob([new Uint8Array(bytes)], {type: "image/png"});
            const image = await createImageBitmap(blob);
            const canvas = new OffscreenCanvas(image.width, image.height);
            const context = canvas.getContext("2d");
            context.drawImage(image, 0, 0);
            const rows = context.getImageData(0, 0, image.width, 40).data;
            return rows.every((v) => v === 255);
        }""",
        list(data),
    )
    assert top is True


def test_during_a_run_the_json_has_the_runs_live_edits(page, live_url):
    # ("As shown": the inspector showed 12 workers, the file said the saved 4.)
    run_lesson(page, "04-load-balancer", answer=1)
    page.evaluate("""() => window.playgroundLive.send(
        {type: 'set_param', node: 'web-1', param: 'servers', value: 12, id: 'e1'})""")
    page.wait_for_function("""() => (window.playgroundLive.document.nodes
        .find((n) => n.id === 'web-1').params.servers) === 12""")
    page.locator("#export-menu summary").click()
    with page.expect_download() as info:
        page.locator("#export-json").click()
    exported = json.loads(open(info.value.path(), encoding="utf-8").read())
    servers = {n["id"]: n["params"].get("servers") for n in exported["nodes"]}
    assert servers["web-1"] == 12 and servers["web-2"] != 12, servers
