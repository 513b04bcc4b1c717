"""The Korean UI: switch language in the page; templates and JavaScript strings follow."""

import json
import re
from pathlib import Path

import pytest
from playwright.sync_api import expect

from .helpers import document, edge, make_copy, node, run_lesson, shot, wait_ready

LESSONS = Path(__file__).resolve().parents[2] / "simulator" / "lessons"


def in_korean(page):
    """The home page, switched to Korean (the choice is kept for the pages that follow), its
    scripts loaded."""
    page.goto("/")
    page.locator('.lang-switch button[value="ko"]').click()
    expect(page.locator("html")).to_have_attribute("lang", "ko")
    page.wait_for_load_state("load")  # (the reloaded page's scripts listen for input)


def test_switching_to_korean(page, live_url):
    in_korean(page)
    expect(page.get_by_role("button", name="새 빈 토폴로지")).to_be_visible()
    expect(page.locator("#lessons-title")).to_have_text("레슨")
    shot(page, "korean-gallery")

    page.goto("/t/04-load-balancer/")
    wait_ready(page)
    expect(page.locator("#save-status")).to_have_text("레슨 · 읽기 전용")  # from the JS catalog
    expect(page.locator("#fork-button")).to_have_text("내 복사본 만들기")
    expect(page.locator("#lesson-question legend")).to_have_text("먼저 예측하기")
    expect(page.locator("#legend")).to_contain_text("로드밸런서")
    expect(page.locator("#live-run")).to_have_text("▶ 실시간 시뮬레이션 실행")
    shot(page, "korean-lesson")

    page.locator('.lang-switch button[value="en"]').click()
    expect(page.locator("html")).to_have_attribute("lang", "en")
    wait_ready(page)
    expect(page.locator("#save-status")).to_have_text("Lesson · read-only")


def test_lessons_in_korean(page, live_url):
    """A Korean page shows the lesson's Korean texts: gallery card, page title, side panel."""
    lesson = json.loads((LESSONS / "04-load-balancer.json").read_text())["lesson"]
    ko = lesson["translations"]["ko"]
    in_korean(page)
    card = page.locator('#lessons .card[data-slug="04-load-balancer"]')
    expect(card.locator(".card-summary")).to_have_text(ko["summary"])
    expect(card.locator(".card-title")).to_have_text(ko["title"])
    card.scroll_into_view_if_needed()
    shot(page, "korean-lesson-cards")

    page.goto("/t/04-load-balancer/")
    wait_ready(page)
    panel = page.locator("#lesson-panel")
    expect(panel.locator("#lesson-title")).to_have_text(ko["title"])
    expect(panel.locator(".summary")).to_have_text(ko["summary"])
    expect(panel.locator("#lesson-question .prompt")).to_have_text(ko["question"]["prompt"])
    expect(panel.locator("#lesson-question .option-text")).to_have_text(ko["question"]["options"])
    expect(panel.locator("#lesson-watch li")).to_have_text(ko["watch"])
    expect(page.locator("#title-input")).to_have_value(ko["document_title"])
    expect(page).to_have_title(f"{ko['document_title']} · 아키텍처 놀이터")
    shot(page, "korean-lesson-panel")

    # The answer is still the same option (an index), and the reveal is Korean too.
    panel.locator(f'#lesson-question [data-option="{lesson["question"]["answer"]}"]').click()
    expect(panel.locator("#lesson-reveal")).to_contain_text(ko["question"]["reveal"])
    expect(panel.locator(".option.is-answer .option-text")).to_have_text(
        ko["question"]["options"][lesson["question"]["answer"]]
    )
    shot(page, "korean-lesson-answered")

    page.locator('.lang-switch button[value="en"]').click()
    expect(page.locator("html")).to_have_attribute("lang", "en")
    wait_ready(page)
    expect(page.locator("#lesson-title")).to_have_text(lesson["title"])
    expect(page.locator("#lesson-question .prompt")).to_have_text(lesson["question"]["prompt"])


def test_the_servers_problems_are_shown_in_korean(page, live_url, tmp_path):
    """The API words its problems in English; a Korean page shows them in Korean, the
    document's own values (ids, numbers) as they are."""
    bad = document(
        "Broken",
        nodes=[node("a", "cache", 0, 0, servers=0), node("b", "client", 0, 100),
               node("c", "mainframe", 0, 200)],
        edges=[edge("a", "b")],
    )
    path = tmp_path / "broken.json"
    path.write_text(json.dumps(bad))
    in_korean(page)
    page.set_input_files("#import-file", str(path))
    message = page.locator("#gallery-message")
    expect(message).to_contain_text("1 프로세스 이상이어야 합니다 (입력: 0)")
    expect(message).to_contain_text('알 수 없는 종류 "mainframe"')
    # (kinds by their palette names, as the editor shows them)
    expect(message).to_contain_text(
        "캐시는 클라이언트에 연결할 수 없습니다 (연결 가능: 데이터베이스)")
    expect(message).not_to_contain_text("must be")
    shot(page, "korean-import-problems")

    # A file that is not JSON is told in Korean too, not in the browser's English.
    path.write_text('{"nodes": [], "rps": NaN}')
    page.set_input_files("#import-file", str(path))
    expect(message).to_contain_text("broken.json은 JSON 파일이 아닙니다:")
    expect(message).to_contain_text("이 JSON에는 JSON 숫자가 아닌 NaN 값이 있습니다.")
    expect(message).not_to_contain_text("Unexpected")


def test_a_new_topology_is_untitled_in_every_language(page, live_url):
    # Created from a Korean page, it has no title of its own: each page names it "untitled"
    # in its language (a saved "제목 없는 토폴로지" stayed Korean in English).
    in_korean(page)
    page.get_by_role("button", name="새 빈 토폴로지").click()
    page.wait_for_url("**/t/*/")
    wait_ready(page)
    title = page.locator("#title-input")
    expect(title).to_have_value("")
    expect(title).to_have_attribute("placeholder", "제목 없는 토폴로지")
    page.locator('.lang-switch button[value="en"]').click()
    expect(page.locator("html")).to_have_attribute("lang", "en")
    wait_ready(page)
    expect(page.locator("#title-input")).to_have_attribute("placeholder", "Untitled topology")
    expect(page).to_have_title("Untitled topology · Architecture Playground")


def test_a_refused_live_edit_is_told_in_korean(page, live_url):
    # The server refuses it in English; the owner's Korean page says why in Korean (a
    # problem that itself contains "; " stays one sentence).
    in_korean(page)
    run_lesson(page, "04-load-balancer", answer=1)
    page.evaluate("""() => window.playgroundLive.send({type: "set_traffic", node: "users",
                                                     rps: 900, profile: {shape: "wobble"}})""")
    notice = page.locator("#notice")
    expect(notice).to_contain_text(
        'shape: 알 수 없는 트래픽 모양 "wobble"입니다. 가능한 모양: constant, ramp')
    expect(notice).not_to_contain_text("unknown")


def test_a_lessons_copy_keeps_the_title_the_page_showed(page, live_url):
    lesson = json.loads((LESSONS / "04-load-balancer.json").read_text())["lesson"]
    in_korean(page)
    page.goto("/t/04-load-balancer/")
    wait_ready(page)
    make_copy(page, "04-load-balancer")
    expect(page.locator("#title-input")).to_have_value(lesson["translations"]["ko"]["document_title"])


@pytest.mark.parametrize("width", [870, 1024, 1366])
def test_the_language_switch_stays_reachable(new_context, live_url, width):
    # At 861-885 px the header wrapped under the lesson panel: the switch could not be clicked.
    page = new_context(viewport={"width": width, "height": 800}).new_page()
    page.goto("/t/04-load-balancer/")
    wait_ready(page)
    on_top = page.evaluate(
        """() => {
            const b = document.querySelector('.lang-switch button[value="ko"]');
            const r = b.getBoundingClientRect();
            return document.elementFromPoint(r.left + r.width / 2, r.top + r.height / 2) === b;
        }"""
    )
    assert on_top


def narrated(page, texts: list[str]) -> list[str]:
    """The page's narration of each of the server's ``texts`` (messages.js, as the event log
    shows it)."""
    page.goto("/t/04-load-balancer/")
    wait_ready(page)
    src = page.evaluate("""() => [...document.scripts].map((s) => s.src)
        .find((u) => /\\/js\\/editor[.\\w]*\\.js$/.test(u))""")
    return page.evaluate(
        """async ([src, texts]) => {
            const m = await import(src.replace(/editor[.\\w]*\\.js$/, "live/messages.js"));
            return texts.map((t) => m.narration(t));
        }""", [src, texts])


def test_a_ramp_told_in_korean_keeps_its_start(page, live_url):
    # The plain ramp's pattern took "…over 60 s, starting in 10 s" as a 60-odd s ramp:
    # "지금부터 60 s, starting in 10초 동안…".
    in_korean(page)
    told = narrated(page, ["users now offers 100 req/s, ramping to 3000 req/s over 60 s",
                           "users now offers 100 req/s, ramping to 3000 req/s over 60 s,"
                           " starting in 10 s"])
    assert told == ["users가 이제 초당 100건을 요청합니다. 지금부터 60초 동안 초당 "
                    "3,000건까지 늘어납니다",
                    "users가 이제 초당 100건을 요청합니다. 10초 뒤부터 60초 동안 초당 "
                    "3,000건까지 늘어납니다"]


def test_korean_particles_fit_the_word_before_them(page, live_url):
    # ("캐시은(는)", "web-2이(가)": the either-ending forms were shown where the word tells.)
    in_korean(page)
    told = narrated(page, ["web-1 was killed", "web-2 was killed",
                           "db (primary) was killed: writes fail until failover",
                           "캐시 was restored", "lb marked web-3 unhealthy after 3 failed checks"])
    assert told == ["web-1이 중단되었습니다", "web-2가 중단되었습니다",
                    "db(프라이머리)가 중단됨: 장애 조치까지 쓰기가 실패합니다",
                    "캐시가 복구되었습니다",
                    "lb가 헬스 체크 3번 실패 후 web-3을 비정상으로 표시했습니다"]


def test_rates_in_narrations_have_the_pages_separators(page, live_url):
    # ("client-1 now offers 20000 req/s" beside "20,000" in the run bar.)
    told = narrated(page, ["users now offers 20000 req/s, spiking to 150000 req/s after 30 s"
                           " for 10 s"])
    assert told == ["users now offers 20,000 req/s, spiking to 150,000 req/s after 30 s for 10 s"]


def test_a_korean_run_says_seconds_and_rates_in_one_unit(page, live_url):
    # (Badges said "/초", while the clock, edges and chart axes said "s" and "/s".)
    in_korean(page)
    run_lesson(page, "04-load-balancer", answer=1)
    page.wait_for_function("() => window.playgroundLive.t > 2")
    expect(page.locator("#live-clock")).to_have_text(re.compile(r"^t = [\d.]+초$"))
    axes = page.evaluate("""() => {
        const gd = document.getElementById("chart-throughput");
        return [gd._fullLayout.xaxis.ticksuffix, gd._fullLayout.yaxis.ticksuffix];
    }""")
    assert axes == ["초", "/초"]
    rate = page.evaluate(
        "() => window.playgroundEditor.graph.cy.getElementById('users→lb').data('liveLabel')")
    assert rate == "900/초", rate
