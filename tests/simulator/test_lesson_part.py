"""A document's ``lesson`` part is checked field by field: a lesson that would show an empty
heading, a question without options or an answer that is no option is refused, each
problem with its path."""

import copy
import json
from pathlib import Path

import pytest

from simulator.document import validate

LESSON = Path(__file__).parents[2] / "simulator" / "lessons" / "04-load-balancer.json"


def problems(**lesson_changes):
    doc = json.loads(LESSON.read_text())
    lesson = copy.deepcopy(doc["lesson"])
    for key, value in lesson_changes.items():
        if value is None:
            lesson.pop(key)
        else:
            lesson[key] = value
    doc["lesson"] = lesson
    return {p.path: p.message for p in validate(doc)}


def test_every_lesson_shipped_is_valid():
    for path in sorted(LESSON.parent.glob("*.json")):
        assert validate(json.loads(path.read_text())) == [], path.name


def test_a_lesson_without_a_title_is_refused():
    assert problems(title=None) == {"lesson.title": "is required: the lesson's title (text)"}
    assert problems(title="  ") == {"lesson.title": "is required: the lesson's title (text)"}


@pytest.mark.parametrize(("question", "path", "message"), [
    (5, "lesson.question", "must be an object with a prompt and options"),
    ({"prompt": "Which?", "options": ["only one"], "answer": 0}, "lesson.question.options",
     "must be a list of 2 to 8 texts"),
    ({"prompt": "Which?", "options": ["a", "b"], "answer": 2}, "lesson.question.answer",
     "must be the index of the right option, 0 to 1, got 2"),
    ({"prompt": "", "options": ["a", "b"], "answer": 0}, "lesson.question.prompt",
     "is required: the question (text)"),
    ({"prompt": "Which?", "options": ["a", "b"], "answer": 0, "hint": "x"},
     "lesson.question.hint", "unknown field 'hint'"),
])
def test_a_question_needs_a_prompt_options_and_an_answer_among_them(question, path, message):
    found = problems(question=question, translations={})
    assert found == {path: message}


def test_texts_must_be_text_and_unknown_fields_are_named():
    found = problems(text=["x"], watch="the charts", step=-1, duration_s=0, translations={})
    assert found == {
        "lesson.text": "unknown field 'text'",
        "lesson.watch": "must be a list of texts",
        "lesson.step": "must be a whole number from 0 to 1000, got -1",
        "lesson.duration_s": "must be seconds, more than 0 and at most 86400, got 0",
    }


def test_a_translation_gives_as_many_options_as_the_lesson():
    doc = json.loads(LESSON.read_text())
    ko = doc["lesson"]["translations"]["ko"]
    ko["question"]["options"] = ko["question"]["options"][:2]
    ko["title"] = 3
    found = {p.path: p.message for p in validate(doc)}
    assert found == {
        "lesson.translations.ko.title": "must be text",
        "lesson.translations.ko.question.options":
            "must have as many options as the lesson's (4), got 2",
    }
