"""What the browser tests do often: talk to the API directly, open the editor, click
nodes on the canvas, wait for autosave, save screenshots."""

from __future__ import annotations

import json
import re
import urllib.error
import urllib.request
from pathlib import Path
from typing import Any

from playwright.sync_api import Page, expect

ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts" / "browser"


def shot(page: Page, name: str, *, full_page: bool = False) -> Path:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    path = ARTIFACTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=full_page)
    return path


# --- the API, straight from Python --------------------------------------------------------


def call(
    base: str, method: str, path: str, body: Any = None, token: str | None = None
) -> tuple[int, Any]:
    data = None if body is None else json.dumps(body).encode()
    request = urllib.request.Request(base + path, data=data, method=method)
    request.add_header("Accept", "application/json")
    if data is not None:
        request.add_header("Content-Type", "application/json")
    if token:
        request.add_header("X-Edit-Token", token)
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            raw = response.read()
            return response.status, json.loads(raw) if raw else None
    except urllib.error.HTTPError as error:
        raw = error.read()
        return error.code, json.loads(raw) if raw else None


def document(title: str = "Test topology", nodes=(), edges=()) -> dict[str, Any]:  # type: ignore[no-untyped-def]
    return {
        "format": "architecture-playground",
        "version": 1,
        "title": title,
        "nodes": list(nodes),
        "edges": list(edges),
    }


def node(node_id: str, kind: str, x: float, y: float, **params: Any) -> dict[str, Any]:
    return {"id": node_id, "kind": kind, "params": params, "position": {"x": x, "y": y}}


def edge(source: str, target: str, **params: Any) -> dict[str, Any]:
    return {"source": source, "target": target, "params": params}


def create(base: str, doc: dict[str, Any]) -> dict[str, Any]:
    status, body = call(base, "POST", "/api/topologies/", doc)
    assert status == 201, body
    return body


def fetch(base: str, slug: str) -> dict[str, Any]:
    status, body = call(base, "GET", f"/api/topologies/{slug}/")
    assert status == 200, body
    return body


# --- the editor -----------------------------------------------------------------------------


def wait_ready(page: Page) -> None:
    expect(page.locator("#editor")).to_have_attribute("data-ready", "true")


def open_editor(page: Page, slug: str, token: str | None = None) -> None:
    """Open /t/<slug>/ — through the edit link when a token is given."""
    page.goto(f"/t/{slug}/edit#token={token}" if token else f"/t/{slug}/")
    wait_ready(page)


def run_lesson(page: Page, slug: str, *, answer: int | None = None, speed: int = 1) -> None:
    """Open a lesson, answer its question if asked to (then no pause asks it), start its run
    with the Run button (Space would press the focused answer again) at ``speed``."""
    page.goto(f"/t/{slug}/")
    wait_ready(page)
    if answer is not None:
        page.locator(f'#lesson-question [data-option="{answer}"]').click()
    page.locator("#live-run").click()
    expect(page.locator("#live-status")).to_have_attribute("data-status", "running")
    if speed != 1:
        page.locator("#live-speed").select_option(str(speed))


def make_copy(page: Page, lesson: str) -> None:
    """Press the lesson panel's "Make my copy" and wait for the copy's editor."""
    page.locator("#lesson-fork").click()
    page.wait_for_url(lambda url: "/t/" in url and lesson not in url)
    wait_ready(page)
    expect(page.locator("#palette")).to_be_visible()


def open_watch_link(owner: Page, new_context: Any) -> Page:
    """Copy the owner's watch link and open it as another person; that person's page."""
    owner.locator("#live-watch").click()
    link = owner.locator("#live-watch-url")
    expect(link).to_have_value(re.compile(r"/t/[^/]+/\?session="))
    assert "token" not in link.input_value()
    viewer = new_context().new_page()
    viewer.goto(link.input_value())
    wait_ready(viewer)
    return viewer


def wait_saved(page: Page) -> None:
    expect(page.locator("#save-status")).to_have_attribute("data-state", "saved")


def node_point(page: Page, node_id: str) -> tuple[float, float]:
    """Where node `node_id` is drawn, in page coordinates."""
    point = page.evaluate(
        """(id) => {
            const cy = window.playgroundEditor.graph.cy;
            const n = cy.getElementById(id);
            if (n.empty()) return null;
            const p = n.renderedPosition();
            const r = document.getElementById("cy").getBoundingClientRect();
            return [r.left + p.x, r.top + p.y];
        }""",
        node_id,
    )
    assert point is not None, f"no node {node_id!r} on the canvas"
    return point[0], point[1]


def click_node(page: Page, node_id: str) -> None:
    x, y = node_point(page, node_id)
    page.mouse.click(x, y)


def graph(page: Page) -> dict[str, Any]:
    """What the canvas shows: node ids and kinds, edges as (source, target)."""
    return page.evaluate(
        """() => {
            const cy = window.playgroundEditor.graph.cy;
            return {
                nodes: Object.fromEntries(cy.nodes().map((n) => [n.id(), n.data("kind")])),
                edges: cy.edges().map((e) => [e.data("source"), e.data("target")]).sort(),
            };
        }"""
    )


def selected(page: Page) -> Any:
    return page.evaluate("() => window.playgroundEditor.state.selection")


def add_kind(page: Page, kind: str) -> str:
    """Tap a kind in the palette; returns the id of the new (selected) node."""
    before = set(graph(page)["nodes"])
    page.locator(f'#palette [data-kind="{kind}"]').click()
    after = graph(page)["nodes"]
    added = [n for n in after if n not in before]
    assert len(added) == 1, (before, after)
    return added[0]


def connect(page: Page, source: str, target: str, *, how: str = "key") -> None:
    """Select `source`, start connect mode (C key / handle / toolbar), click `target`."""
    click_node(page, source)
    if how == "key":
        page.keyboard.press("c")
    elif how == "handle":
        page.locator("#connect-handle").click()
    else:
        page.locator("#tool-connect").click()
    expect(page.locator("#connect-hint")).to_be_visible()
    click_node(page, target)
