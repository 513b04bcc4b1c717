"""The ``lesson`` part of a document: the texts the lesson panel shows (CONTRACT §1).

Checked field by field like the rest of the document, so a saved lesson never shows an
empty heading or a question without options.
"""

from __future__ import annotations

from typing import Any

from .catalog import show_value

TEXTS = ("title", "summary", "explanation")
FIELDS = {"step", *TEXTS, "question", "watch", "duration_s", "translations"}
# A translation gives the texts again (and the document's title) in its language.
TRANSLATED = {"document_title", *TEXTS, "question", "watch"}
MAX_OPTIONS = 8


def lesson_problems(lesson: Any, path: str = "lesson") -> list[tuple[str, str]]:
    """(path, message) of every problem with a lesson part; none for a good one."""
    if not isinstance(lesson, dict):
        return [(path, "must be an object")]
    out = _unknown(lesson, FIELDS, path)
    if not (isinstance(lesson.get("title"), str) and lesson["title"].strip()):
        out.append((f"{path}.title", "is required: the lesson's title (text)"))
    out += _texts(lesson, ("summary", "explanation"), path)
    step = lesson.get("step")
    if "step" in lesson and not (_number(step, int) and 0 <= step <= 1000):
        out.append((f"{path}.step",
                    f"must be a whole number from 0 to 1000, got {show_value(step)}"))
    duration = lesson.get("duration_s")
    if "duration_s" in lesson and not (_number(duration, (int, float)) and 0 < duration <= 86400):
        out.append((f"{path}.duration_s",
                    f"must be seconds, more than 0 and at most 86400, got {show_value(duration)}"))
    options = None
    if "question" in lesson:
        options = _question(lesson["question"], f"{path}.question", out, answer=True)
    out += _watch(lesson, path)
    translations = lesson.get("translations", {})
    if not isinstance(translations, dict):
        out.append((f"{path}.translations", "must be an object: language code → texts"))
        return out
    for language, texts in translations.items():
        where = f"{path}.translations.{language}"
        if not isinstance(texts, dict):
            out.append((where, "must be an object with the lesson's texts"))
            continue
        out += _unknown(texts, TRANSLATED, where)
        out += _texts(texts, ("document_title", *TEXTS), where)
        if "question" in texts:
            count = _question(texts["question"], f"{where}.question", out, answer=False)
            if options is not None and count is not None and count != options:
                out.append((f"{where}.question.options",
                            f"must have as many options as the lesson's ({options}), got {count}"))
        out += _watch(texts, where)
    return out


def _number(value: Any, types: type | tuple[type, ...]) -> bool:
    return isinstance(value, types) and not isinstance(value, bool)


def _unknown(part: dict, known: set[str], path: str) -> list[tuple[str, str]]:
    return [(f"{path}.{key}", f"unknown field {key!r}") for key in part if key not in known]


def _texts(part: dict, names: tuple[str, ...], path: str) -> list[tuple[str, str]]:
    return [(f"{path}.{name}", "must be text") for name in names
            if name in part and not isinstance(part[name], str)]


def _watch(part: dict, path: str) -> list[tuple[str, str]]:
    watch = part.get("watch", [])
    if isinstance(watch, list) and all(isinstance(w, str) for w in watch):
        return []
    return [(f"{path}.watch", "must be a list of texts")]


def _question(question: Any, path: str, out: list[tuple[str, str]], *, answer: bool) -> int | None:
    """Checks a question (with its answer in the lesson itself); its number of options."""
    if not isinstance(question, dict):
        out.append((path, "must be an object with a prompt and options"))
        return None
    out += _unknown(question, {"prompt", "options", "reveal", *(["answer"] if answer else [])},
                    path)
    if not (isinstance(question.get("prompt"), str) and question["prompt"].strip()):
        out.append((f"{path}.prompt", "is required: the question (text)"))
    out += _texts(question, ("reveal",), path)
    options = question.get("options")
    if not (isinstance(options, list) and 2 <= len(options) <= MAX_OPTIONS
            and all(isinstance(o, str) and o.strip() for o in options)):
        out.append((f"{path}.options", f"must be a list of 2 to {MAX_OPTIONS} texts"))
        return None
    if answer:
        choice = question.get("answer")
        if not (_number(choice, int) and 0 <= choice < len(options)):
            out.append((f"{path}.answer", f"must be the index of the right option, 0 to "
                                          f"{len(options) - 1}, got {show_value(choice)}"))
    return len(options)
