"""On the smallest phones still about (320 px), the home page's welcome and lesson cards hold
their words and buttons: nothing runs past a card's edge."""

from playwright.sync_api import expect


def test_nothing_runs_past_the_cards_on_a_320_px_screen(new_context, live_url):
    page = new_context(viewport={"width": 320, "height": 568}).new_page()
    page.goto("/")
    expect(page.locator(".card").first).to_be_visible()
    past = page.evaluate(
        """() => {
            const out = [];
            for (const card of document.querySelectorAll(".hero, .card")) {
                const edge = card.getBoundingClientRect();
                if (edge.right > innerWidth + 0.5) out.push(`${card.className} past the screen`);
                for (const e of card.querySelectorAll("*")) {
                    const r = e.getBoundingClientRect();
                    if (r.width > 0 && r.right > edge.right + 0.5)
                        out.push(`${e.tagName}.${e.className} in ${card.className}`);
                }
            }
            return out;
        }"""
    )
    assert past == [], past
