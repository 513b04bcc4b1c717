"""The Korean UI: switch language in the page; templates and JavaScript strings follow."""

from playwright.sync_api import expect

from .helpers import shot, wait_ready


def test_switching_to_korean(page, live_url):
    page.goto("/")
    page.locator('.lang-switch button[value="ko"]').click()
    expect(page.locator("html")).to_have_attribute("lang", "ko")
    expect(page.get_by_role("button", name="새 빈 토폴로지")).to_be_visible()
    expect(page.locator("#lessons-title")).to_have_text("레슨")
    shot(page, "korean-gallery")

    page.goto("/t/04-load-balancer/")
    wait_ready(page)
    expect(page.locator("#save-status")).to_have_text("레슨 · 읽기 전용")  # from the JS catalog
    expect(page.locator("#fork-button")).to_have_text("내 복사본 만들기")
    expect(page.locator("#lesson-question legend")).to_have_text("먼저 예측하기")
    expect(page.locator("#legend")).to_contain_text("로드 밸런서")
    expect(page.locator("#live-run")).to_have_text("▶ 실시간 시뮬레이션 실행")
    shot(page, "korean-lesson")

    page.locator('.lang-switch button[value="en"]').click()
    expect(page.locator("html")).to_have_attribute("lang", "en")
    wait_ready(page)
    expect(page.locator("#save-status")).to_have_text("Lesson · read-only")
