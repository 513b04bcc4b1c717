// The lesson panel: explanation, a "predict first" question whose answer is revealed
// once you choose, and what to watch when it runs. The text comes from the lesson's
// document (`lesson` part, simulator/lessons/*.json), in the page's language when the
// lesson carries a translation (`lesson.translations.<lang>`, see lessonText()).
//
// renderLesson() returns a small view the live run uses (live/predict.js): whether the
// question is settled (answered or skipped), a way to ask for it while the run waits,
// and the live look (skip button shown, "what to watch" highlighted).

import { currentLanguage, fmt, gettext } from "./i18n.js";
import { el } from "./dom.js";

// ------------------------------------------------------------------- translated texts

/** The lesson's translation for `lang` ("ko", "ko-kr" → "ko"), or null. */
function translationFor(lesson, lang) {
  const all = lesson && lesson.translations;
  if (!all || typeof all !== "object" || !lang) return null;
  const code = String(lang).toLowerCase();
  const found = all[code] || all[code.split("-")[0]];
  return found && typeof found === "object" ? found : null;
}

const hasText = (value) => typeof value === "string" && value.trim() !== "";

/** A translated list item by item, kept only when it matches the original's length. */
function list(original, translated) {
  if (!Array.isArray(original)) return original;
  if (!Array.isArray(translated) || translated.length !== original.length) return original;
  return original.map((item, i) => (hasText(translated[i]) ? translated[i] : item));
}

/**
 * The lesson's texts in `lang` (default: the page's language): the same shape as the
 * lesson, each text taken from `translations[lang]` when there, else the English one.
 * Options keep their order (the answer is an index) and fall back as a whole when the
 * translation does not have as many.
 */
export function lessonText(lesson, lang = currentLanguage()) {
  if (!lesson || typeof lesson !== "object") return lesson;
  const tr = translationFor(lesson, lang);
  if (!tr) return lesson;
  const pick = (key) => (hasText(tr[key]) ? tr[key] : lesson[key]);
  const out = { ...lesson, title: pick("title"), summary: pick("summary"), explanation: pick("explanation") };
  out.watch = list(lesson.watch, tr.watch);
  if (lesson.question && typeof lesson.question === "object") {
    const q = lesson.question;
    const tq = tr.question && typeof tr.question === "object" ? tr.question : {};
    out.question = {
      ...q,
      prompt: hasText(tq.prompt) ? tq.prompt : q.prompt,
      options: list(q.options, tq.options),
      reveal: hasText(tq.reveal) ? tq.reveal : q.reveal,
    };
  }
  return out;
}

/** A lesson document's title in `lang` (`translations[lang].document_title`), else its own. */
export function lessonDocumentTitle(doc, lang = currentLanguage()) {
  const tr = doc ? translationFor(doc.lesson, lang) : null;
  return tr && hasText(tr.document_title) ? tr.document_title : (doc && doc.title) || "";
}

// ----------------------------------------------------------------------------- panel


const LETTERS = "ABCDEFGHIJ";

/** What the live run may ask of a panel with no lesson or no question. */
function quietView(root) {
  return {
    hasQuestion: false,
    settled: true,
    choice: null,
    onSettled() {},
    ask() {},
    withdraw() {},
    show() {},
    setLive(on) {
      root.classList.toggle("is-live", on);
    },
  };
}

/**
 * `answered` ({how: "answered" | "skipped", index}) settles the question as it was left,
 * e.g. before a reload or on the copy made from a lesson; the view's `choice` holds it.
 */
export function renderLesson(root, lesson, { forkLabel, onFork, answered = null } = {}) {
  if (!lesson || typeof lesson !== "object") {
    root.hidden = true;
    root.replaceChildren();
    return quietView(root);
  }
  lesson = lessonText(lesson);
  // Only texts are shown: a document's lesson part is free-form (CONTRACT: "a lesson's
  // text, question and what to watch"), so `text` stands for the explanation, a question
  // without options is a question to think about, and one with nothing to show has no panel.
  const explanation = [lesson.explanation, lesson.text].find(hasText);
  const choices = lesson.question && typeof lesson.question === "object" && Array.isArray(lesson.question.options)
    && lesson.question.options.length >= 2 ? lesson.question : null;
  let ponder = null;
  if (hasText(lesson.question)) ponder = lesson.question;
  else if (!choices && lesson.question && hasText(lesson.question.prompt)) ponder = lesson.question.prompt;
  const watchItems = (Array.isArray(lesson.watch) ? lesson.watch : [lesson.watch]).filter(hasText);
  if (![lesson.title, lesson.summary, explanation, ponder].some(hasText) && !choices && !watchItems.length) {
    root.hidden = true;
    root.replaceChildren();
    return quietView(root);
  }
  let view = quietView(root);
  const parts = [];
  const step = Number.isFinite(lesson.step) ? fmt(gettext("Step %(step)s"), { step: lesson.step }) : null;
  parts.push(el("p", { class: "eyebrow", id: "lesson-eyebrow", text: step ? `${gettext("Lesson")} · ${step}` : gettext("Lesson") }));
  if (hasText(lesson.title)) parts.push(el("h2", { id: "lesson-title", text: lesson.title }));
  if (hasText(lesson.summary)) parts.push(el("p", { class: "summary", text: lesson.summary }));
  if (explanation) {
    for (const paragraph of explanation.split(/\n\s*\n/)) {
      parts.push(el("p", { class: "explanation", text: paragraph }));
    }
  }
  if (choices) {
    view = renderQuestion(root, choices, answered);
    parts.push(view.element);
  } else if (ponder) {
    parts.push(el("p", { class: "prompt", text: ponder }));
  }
  if (watchItems.length) {
    parts.push(el("h3", { id: "lesson-watch-title", text: gettext("What to watch") }));
    const watch = el("ul", { class: "watch", id: "lesson-watch" }, ...watchItems.map((item) => el("li", { text: item })));
    parts.push(watch);
    if (!view.settled) {
      // What to watch names what happens: it would give the answer away before the guess.
      const later = el("p", {
        class: "muted",
        id: "lesson-watch-later",
        text: gettext("Shown once you have answered or skipped the question above."),
      });
      watch.hidden = true;
      parts.push(later);
      view.onSettled(() => {
        watch.hidden = false;
        later.remove();
      });
    }
  }
  if (Number.isFinite(lesson.duration_s)) {
    parts.push(
      el("p", {
        class: "muted",
        text: fmt(gettext("Suggested run: %(s)s s of simulated time."), { s: lesson.duration_s }),
      }),
    );
  }
  if (onFork) {
    const button = el("button", { type: "button", class: "btn btn-primary", id: "lesson-fork", text: forkLabel });
    button.addEventListener("click", onFork);
    parts.push(el("div", { class: "inspector-actions" }, button));
  }
  root.setAttribute("aria-labelledby", hasText(lesson.title) ? "lesson-title" : "lesson-eyebrow");
  root.replaceChildren(...parts);
  root.hidden = false;
  return view;
}

function renderQuestion(root, question, answered) {
  const fieldset = el("fieldset", { class: "question", id: "lesson-question" });
  fieldset.append(el("legend", { text: gettext("Predict first") }));
  fieldset.append(el("p", { class: "prompt", text: question.prompt || "" }));
  const list = el("ul", { class: "options" });
  const reveal = el("div", { class: "reveal", id: "lesson-reveal", "aria-live": "polite" });
  reveal.hidden = true;
  const buttons = question.options.map((text, index) => {
    const button = el(
      "button",
      { type: "button", class: "option", "data-option": String(index) },
      el("span", { class: "letter", "aria-hidden": "true", text: LETTERS[index] || String(index + 1) }),
      el("span", { class: "option-text", text: String(text) }),
    );
    button.addEventListener("click", () => choose(index));
    list.append(el("li", {}, button));
    return button;
  });

  const listeners = [];
  const skip = el("button", { type: "button", class: "btn btn-small question-skip", id: "lesson-skip" });
  skip.textContent = gettext("Skip the question");
  const waiting = el("p", { class: "question-waiting", id: "lesson-waiting", role: "status" });
  waiting.hidden = true;
  const view = {
    element: fieldset,
    hasQuestion: true,
    settled: false,
    choice: null,
    onSettled(listener) {
      listeners.push(listener);
    },
    /** The run waits for this question: say so and bring it into view. */
    ask(message) {
      if (view.settled) return;
      fieldset.classList.add("is-waiting");
      waiting.textContent = message;
      waiting.hidden = false;
      view.show();
    },
    /** Bring the question into view, the keyboard on its first option. */
    show() {
      fieldset.scrollIntoView({ block: "center", behavior: "smooth" });
      const first = fieldset.querySelector(".option:not(:disabled)");
      if (first) first.focus({ preventScroll: true });
    },
    /** The run no longer waits for it (reset, or the owner went on): still open, unasked. */
    withdraw() {
      fieldset.classList.remove("is-waiting");
      waiting.hidden = true;
    },
    setLive(on) {
      root.classList.toggle("is-live", on);
    },
  };

  function settle(how, index = null) {
    view.settled = true;
    view.choice = { how, index };
    fieldset.classList.remove("is-waiting");
    fieldset.classList.add("is-settled");
    waiting.hidden = true;
    skip.hidden = true;
    for (const listener of listeners) listener(how, view.choice);
  }

  function skipQuestion() {
    buttons.forEach((button) => {
      button.disabled = true;
    });
    const show = el("button", { type: "button", class: "btn btn-small", id: "lesson-show-answer" });
    show.textContent = gettext("Show the answer");
    show.addEventListener("click", () => {
      show.remove();
      revealAnswer(null);
    });
    reveal.replaceChildren(el("p", { class: "verdict", text: gettext("Skipped.") }), show);
    reveal.hidden = false;
    if (document.activeElement === skip || buttons.includes(document.activeElement)) show.focus();
    settle("skipped");
  }
  skip.addEventListener("click", skipQuestion);

  function revealAnswer(index, { quiet = false } = {}) {
    const answer = question.answer;
    const known = Number.isInteger(answer) && answer >= 0 && answer < buttons.length; // (free-form)
    buttons.forEach((button, i) => {
      button.disabled = true;
      if (i === answer) {
        button.classList.add("is-answer");
        button.append(el("span", { class: "mark", text: `✓ ${gettext("Answer")}` }));
      } else if (i === index && known) {
        button.classList.add("is-wrong-choice");
        button.append(el("span", { class: "mark", text: `✗ ${gettext("Your choice")}` }));
      }
      if (i === index) button.setAttribute("aria-pressed", "true");
    });
    const verdict = index === null || !known ? null : index === answer ? gettext("Right!") : gettext("Not quite.");
    reveal.replaceChildren(
      verdict ? el("p", { class: "verdict", text: verdict }) : null,
      hasText(question.reveal) ? el("p", { text: question.reveal }) : null,
    );
    reveal.hidden = false;
    if (!quiet) {
      reveal.scrollIntoView({ block: "nearest", behavior: "smooth" });
      // The chosen option is disabled now: focus moves on to what it revealed, not to the page.
      reveal.tabIndex = -1;
      reveal.focus({ preventScroll: true });
    }
  }

  function choose(index, options) {
    revealAnswer(index, options);
    settle("answered", index);
  }

  fieldset.append(list, waiting, skip, reveal);
  if (answered && answered.how === "skipped") skipQuestion();
  else if (answered && answered.how === "answered" && buttons[answered.index]) choose(answered.index, { quiet: true });
  return view;
}
