"""Editing a node's params while a live run is on: the session's owner changes them in
the inspector, which sends `set_param` (the run's own copy changes, the saved topology does
not); out-of-bounds values are refused in the page and the server's refusals appear at the
field; a viewer's fields stay read-only; Stop goes back to the saved document."""

from __future__ import annotations

import re
import time

from playwright.sync_api import Page, expect

from .helpers import call, click_node, open_watch_link, shot, wait_ready

LESSON = "04-load-balancer"
FIELD = '#inspector [data-param="servers"]'


def utilization(page: Page, node: str, seconds: float = 2.0) -> tuple[float, float]:
    """(mean utilization of `node` over the frames seen in `seconds`, the last frame's t)."""
    seen: dict[float, float] = {}
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        t, u = page.evaluate(
            """(id) => {
                const f = window.playgroundLive.frame;
                const n = f && f.nodes && f.nodes[id];
                return n ? [f.t, n.utilization] : [null, null];
            }""",
            node,
        )
        if t is not None:
            seen[t] = u
        page.wait_for_timeout(60)
    assert len(seen) >= 5, seen
    return sum(seen.values()) / len(seen), max(seen)


def sent_params(page: Page) -> list[dict]:
    return page.evaluate("() => window.sentParams.slice()")


def session_param(page: Page, node: str, name: str):  # type: ignore[no-untyped-def]
    return page.evaluate(
        """([id, name]) => {
            const doc = window.playgroundLive.document;
            const n = doc && doc.nodes.find((x) => x.id === id);
            return n ? n.params[name] : null;
        }""",
        [node, name],
    )


def test_the_owner_changes_servers_live_and_a_viewer_cannot(new_context, live_url):
    page = new_context().new_page()
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.goto(f"/t/{LESSON}/")
    wait_ready(page)
    page.locator('#lesson-question [data-option="1"]').click()  # no "predict first" pause

    page.locator("#live-run").click()
    status = page.locator("#live-status")
    expect(status).to_have_attribute("data-status", "running")
    expect(status).to_have_attribute("data-conn", "live")
    # Record what the page sends from now on.
    page.evaluate(
        """() => {
            const s = window.playgroundLive.socket;
            const send = s.send.bind(s);
            window.sentParams = [];
            s.send = (m) => {
                if (m.type === "set_param") window.sentParams.push(m);
                return send(m);
            };
        }"""
    )

    click_node(page, "web-1")
    expect(page.locator("#live-node")).to_have_attribute("data-node", "web-1")
    hint = page.locator("#live-edit-hint")
    expect(hint).to_have_text("Changes apply to this run only")
    servers = page.locator(f"{FIELD} input")
    expect(servers).to_have_value("4")
    expect(servers).not_to_have_attribute("readonly", re.compile(".*"))
    expect(page.locator('#inspector [data-field="id"]')).to_have_attribute("readonly", "")

    # 300 req/s of 10 ms on 4 servers: about 75 % busy (before the scenario's kill at 30 s).
    before, t_before = utilization(page, "web-1")
    assert 0.5 < before < 0.95, before

    # Out of bounds: refused in the page, nothing is sent.
    servers.fill("0")
    servers.press("Enter")
    field = page.locator(FIELD)
    expect(field.locator(".error")).to_contain_text("Must be at least 1")
    expect(field).to_have_class(re.compile("invalid"))
    page.wait_for_timeout(300)
    assert sent_params(page) == []

    # 8 servers: sent, pending, then applied when the next `state` shows it.
    servers.fill("8")
    servers.press("Enter")
    [sent] = sent_params(page)
    assert sent == {"type": "set_param", "node": "web-1", "param": "servers", "value": 8,
                    "id": sent["id"]} and sent["id"].startswith("edit-")  # named for refusals
    expect(field).to_have_attribute("data-live-status", "applied")
    expect(field.locator(".live-param-status")).to_have_text("Applied to this run.")
    expect(field.locator(".error")).to_have_count(0)
    expect(servers).to_have_value("8")
    assert session_param(page, "web-1", "servers") == 8
    expect(page.locator("#live-log")).to_contain_text("web-1: Parallel workers set to 8")

    # Typed wrong after that: the field's error shows alone, not beside "Applied".
    servers.fill("eight")
    expect(field.locator(".error")).to_have_count(1)
    expect(field.locator(".live-param-status")).to_have_count(0)
    servers.fill("8")
    servers.press("Enter")
    expect(field.locator(".error")).to_have_count(0)
    assert len(sent_params(page)) == 1  # the same 8: nothing more sent

    # Later frames: about half as busy.
    page.wait_for_function("(t) => window.playgroundLive.t > t + 1.5", arg=t_before)
    after, _ = utilization(page, "web-1")
    assert 0.3 < after / before < 0.7, (before, after)
    field.evaluate("(e) => e.scrollIntoView({block: 'center'})")
    shot(page, "live-param-edit-applied")

    # A refusal from the server shows at the field, which goes back to the run's value.
    page.evaluate('() => window.playgroundLive.setParam("web-1", "servers", 0)')
    expect(field).to_have_attribute("data-live-status", "error")
    expect(field.locator(".error")).to_contain_text("must be at least 1")
    expect(servers).to_have_value("8")
    expect(page.locator("#notice")).to_be_hidden()
    field.evaluate("(e) => e.scrollIntoView({block: 'center'})")
    shot(page, "live-param-edit-refused")

    # The saved topology is not changed.
    _, saved = call(live_url, "GET", f"/api/topologies/{LESSON}/")
    web1 = next(n for n in saved["document"]["nodes"] if n["id"] == "web-1")
    assert web1["params"].get("servers", 4) == 4, web1

    # A viewer sees the run's values, read-only.
    viewer = open_watch_link(page, new_context)
    expect(viewer.locator("#live-status")).to_have_attribute("data-conn", "live")
    click_node(viewer, "web-1")
    expect(viewer.locator("#live-node")).to_have_attribute("data-node", "web-1")
    expect(viewer.locator("#live-edit-hint")).to_contain_text("Only the session's owner")
    viewer_servers = viewer.locator(f"{FIELD} input")
    expect(viewer_servers).to_have_value("8")
    expect(viewer_servers).to_have_attribute("readonly", "")
    expect(viewer.locator('#inspector [data-param="service_time_ms"] input')).to_have_attribute(
        "readonly", ""
    )
    viewer.locator(FIELD).evaluate("(e) => e.scrollIntoView({block: 'center'})")
    shot(viewer, "live-param-edit-viewer")

    # Stop (the viewer watching: asked first): back to the saved document (a lesson:
    # read-only, 4 servers), no hint.
    page.once("dialog", lambda d: d.accept())
    page.locator("#live-stop").click()
    expect(page.locator("#live-run")).to_be_visible()
    click_node(page, "web-1")
    expect(page.locator("#live-edit-hint")).to_have_count(0)
    expect(servers).to_have_value("4")
    assert not errors, errors
