"""A lesson's "predict first" question holds the run before the failure it asks about:
lesson 3 scales a box up at 20 s and asks about the kills at 40 s, so it pauses at 40 s,
not at 20 s. The server stops the clock there (the page plans the pause), so it holds at
any speed, half a simulated second before the kill."""

from __future__ import annotations

from playwright.sync_api import Page, expect

from .helpers import open_watch_link, run_lesson, shot


def test_lesson_3_runs_past_the_scale_up_and_asks_before_the_kills(page: Page, live_url):
    run_lesson(page, "03-scale-up-vs-out", speed=20)
    status = page.locator("#live-status")
    expect(status).to_have_attribute("data-status", "paused", timeout=15_000)
    t = page.evaluate("() => window.playgroundLive.t")
    assert t == 39.5, t
    log = page.locator("#live-log")
    expect(log).to_contain_text("Parallel workers set to 24")  # the scale-up at 20 s went by
    expect(log).not_to_contain_text("killed")
    expect(page.locator("#lesson-waiting")).to_contain_text("t = 40")


def test_a_class_predicts_with_its_teacher(new_context, live_url):
    # The teacher's run waits before lesson 4's kill: the students watching are asked the
    # same question; a student's answer is theirs (nothing is sent), the teacher's resumes.
    teacher = new_context().new_page()
    run_lesson(teacher, "04-load-balancer")
    student = open_watch_link(teacher, new_context)
    teacher.locator("#live-speed").select_option("20")
    student.evaluate(
        """() => {
            const s = window.playgroundLive.socket;
            const send = s.send.bind(s);
            window.sentTypes = [];
            s.send = (m) => { window.sentTypes.push(m.type); return send(m); };
        }"""
    )
    expect(teacher.locator("#live-status")).to_have_attribute("data-status", "paused",
                                                              timeout=15_000)
    status = student.locator("#live-status")
    expect(status).to_have_text("● Paused: predict first")
    expect(student.locator("#lesson-waiting")).to_contain_text("t = 30")
    shot(student, "student-asked-to-predict")

    student.locator('#lesson-question [data-option="1"]').click()
    expect(student.locator("#lesson-reveal")).to_be_visible()
    expect(status).to_have_text("● Paused by the owner")
    student.wait_for_timeout(500)
    assert "resume" not in student.evaluate("() => window.sentTypes")  # (a viewer cannot)
    expect(student.locator(".live-toast", has_text="owner")).to_have_count(0)  # no refusal

    teacher.locator('#lesson-question [data-option="1"]').click()
    expect(status).to_have_attribute("data-status", "running")


def test_at_the_top_speed_the_run_still_stops_half_a_second_before_the_kill(page: Page,
                                                                            live_url):
    # 10 simulated s a frame: a pause sent when a frame showed the time would come too late
    # (or, pausing three frames ahead, 30 s early).
    run_lesson(page, "04-load-balancer", speed=100)
    expect(page.locator("#live-status")).to_have_attribute("data-status", "paused",
                                                           timeout=15_000)
    assert page.evaluate("() => window.playgroundLive.t") == 29.5
    expect(page.locator("#live-log")).not_to_contain_text("killed")
    page.locator('#lesson-question [data-option="1"]').click()
    expect(page.locator("#live-log")).to_contain_text("was killed")


def test_answering_before_the_run_gets_there_cancels_the_planned_pause(page: Page, live_url):
    run_lesson(page, "04-load-balancer")
    live = "() => window.playgroundLive"
    page.wait_for_function(f"{live}.gate.planned === 29.5")
    page.locator('#lesson-question [data-option="1"]').click()
    page.wait_for_function(f"{live}.gate.planned === null")
    page.locator("#live-speed").select_option("20")
    expect(page.locator("#live-log")).to_contain_text("was killed", timeout=15_000)
    expect(page.locator("#live-status")).to_have_attribute("data-status", "running")


def test_a_reset_at_top_speed_plans_the_pause_again(page: Page, live_url):
    run_lesson(page, "04-load-balancer", speed=100)
    status = page.locator("#live-status")
    expect(status).to_have_attribute("data-status", "paused", timeout=15_000)
    assert page.evaluate("() => window.playgroundLive.t") == 29.5
    page.locator("#live-reset").click()  # (alone: no one to ask)
    page.wait_for_function("() => window.playgroundLive.t === 0")
    page.wait_for_function("() => window.playgroundLive.gate.planned === 29.5")
    expect(status).to_have_text("● Paused")  # not "predict first": it waits no longer
    expect(page.locator("#lesson-waiting")).to_be_hidden()
    page.locator("#live-play").click()  # t = 0 is not where the question waits: it plays
    expect(status).to_have_attribute("data-status", "running")
    expect(status).to_have_attribute("data-status", "paused", timeout=15_000)
    assert page.evaluate("() => window.playgroundLive.t") == 29.5
    expect(page.locator("#live-log")).not_to_contain_text("killed")
    expect(page.locator("#lesson-waiting")).to_contain_text("t = 30")  # asked again


def test_a_students_question_is_asked_only_while_the_run_waits_for_it(new_context, live_url):
    teacher = new_context().new_page()
    run_lesson(teacher, "04-load-balancer", speed=20)
    student = open_watch_link(teacher, new_context)
    status, waiting = student.locator("#live-status"), student.locator("#lesson-waiting")
    expect(status).to_have_text("● Paused: predict first", timeout=15_000)
    expect(waiting).to_contain_text("t = 30")

    teacher.locator('#lesson-question [data-option="1"]').click()  # the run goes on ...
    expect(student.locator("#live-log")).to_contain_text("was killed")
    expect(waiting).to_be_hidden()  # ... and no longer waits for the student's open question
    assert student.evaluate("() => window.playgroundLive.lesson.settled") is False

    # A pause of the teacher's own near the kill, not at the question's, asks nothing (a
    # page asked within a few frames of the kill: 6.5 s at 20x).
    teacher.locator("#live-play").click()
    expect(teacher.locator("#live-status")).to_have_attribute("data-status", "paused")
    teacher.once("dialog", lambda d: d.accept())
    teacher.locator("#live-reset").click()
    teacher.wait_for_function("() => window.playgroundLive.t === 0")
    teacher.evaluate("() => window.playgroundLive.send({type: 'pause', at: 29})")
    teacher.wait_for_function("() => window.playgroundLive.gate.planned === 29")
    teacher.locator("#live-play").click()
    student.wait_for_function("() => window.playgroundLive.t === 29", timeout=15_000)
    expect(status).to_have_text("● Paused by the owner")
    expect(waiting).to_be_hidden()


def test_a_phone_student_scrolled_back_to_the_graph_finds_the_question(new_context, live_url):
    teacher = new_context().new_page()
    run_lesson(teacher, "04-load-balancer", speed=20)
    student = open_watch_link(teacher, lambda: new_context(viewport={"width": 390,
                                                                      "height": 844}))
    expect(student.locator("#live-status")).to_have_text("● Paused: predict first",
                                                         timeout=15_000)
    student.wait_for_timeout(800)  # (the page's own scroll to the question, smooth)
    student.evaluate("() => window.scrollTo(0, 0)")  # back up to the graph
    question = student.locator("#lesson-question")
    expect(question).not_to_be_in_viewport()
    to_question = student.locator("#live-to-question")
    expect(to_question).to_be_visible()
    to_question.click()
    expect(question).to_be_in_viewport()

    teacher.locator('#lesson-question [data-option="1"]').click()
    expect(student.locator("#live-status")).to_have_attribute("data-status", "running")
    expect(to_question).to_be_hidden()
