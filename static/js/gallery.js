// The home page: lesson thumbnails, "New blank topology", "Import JSON" and
// "My topologies" (kept in this browser with their edit tokens).

import { api, ApiError, errorLines } from "./api.js";
import { emptyDocument } from "./document.js";
import { parseJson, readText } from "./files.js";
import { fmt, gettext } from "./i18n.js";
import { Catalog, useCatalog } from "./kinds.js";
import { lessonText } from "./lesson.js";
import { hideNotice, showNotice } from "./notices.js";
import { forget, listMine, remember } from "./storage.js";
import { thumbnailSvg } from "./thumbnail.js";

const message = document.getElementById("gallery-message");

function errorNotice(text, error) {
  showNotice(message, { text, items: errorLines(error) });
  message.scrollIntoView({ block: "nearest" });
}

/** A card's title and summary in the page's language (the server wrote the English ones). */
function translateCard(card, doc) {
  if (!doc || !doc.lesson) return;
  const text = lessonText(doc.lesson);
  const title = card.querySelector(".card-title");
  if (title && text.title) title.textContent = text.title;
  let summary = card.querySelector(".card-summary");
  if (text.summary) {
    if (!summary) {
      summary = document.createElement("p");
      summary.className = "card-summary";
      card.querySelector(".card-body")?.append(summary);
    }
    summary.textContent = text.summary;
  }
}

/** The lesson cards' thumbnails and translated texts, from GET /api/lessons/. */
async function drawLessons() {
  const cards = document.querySelectorAll("#lessons .card[data-slug]");
  if (!cards.length) return;
  try {
    const { lessons } = await api.lessons();
    const bySlug = new Map(lessons.map((l) => [l.slug, l]));
    const found = [...cards].map((card) => [card, bySlug.get(card.dataset.slug)]).filter(([, l]) => l);
    for (const [card, lesson] of found) translateCard(card, lesson.document);
    for (const [card, lesson] of found) {
      const slot = card.querySelector("[data-thumb]");
      if (slot) slot.replaceChildren(thumbnailSvg(lesson.document));
    }
  } catch {
    /* thumbnails and translations are extras: the cards still work in English without them */
  }
}

/** Loads the catalog, so the server's problems name kinds as the palette does (problems.js);
 * without it they keep the kinds' JSON names. */
async function knowKinds() {
  try {
    useCatalog(new Catalog(await api.catalog()));
  } catch {
    /* the JSON names, then */
  }
}

async function createAndOpen(body, title) {
  const created = await api.create(body);
  remember({ slug: created.slug, token: created.edit_token, title });
  window.location.assign(created.edit_url);
}

function setBusy(button, busy) {
  button.disabled = busy;
  button.setAttribute("aria-busy", busy ? "true" : "false");
}

function setupNew() {
  const button = document.getElementById("new-blank");
  button.addEventListener("click", async () => {
    hideNotice(message);
    setBusy(button, true);
    try {
      // No title yet: every page shows "Untitled topology" in its own language until one is typed.
      await createAndOpen(emptyDocument(""), "");
    } catch (error) {
      setBusy(button, false);
      errorNotice(gettext("Could not create a new topology."), error);
    }
  });
}

function setupImport() {
  const input = document.getElementById("import-file");
  input.addEventListener("change", async () => {
    const file = input.files && input.files[0];
    input.value = "";
    if (!file) return;
    hideNotice(message);
    let text;
    try {
      text = await readText(file);
    } catch (error) {
      errorNotice(fmt(gettext("Could not read %(name)s."), { name: file.name }), error);
      return;
    }
    let title = "";
    try {
      const parsed = parseJson(text);
      title = parsed && typeof parsed.title === "string" ? parsed.title : "";
    } catch (error) {
      // Said here as the editor's import says it: "the request body" means nothing to
      // someone who picked a file.
      errorNotice(fmt(gettext("%(name)s is not a JSON file:"), { name: file.name }), error);
      return;
    }
    try {
      await kindsKnown;
      await createAndOpen(text, title);
    } catch (error) {
      errorNotice(fmt(gettext("%(name)s could not be imported:"), { name: file.name }), error);
    }
  });
}

function renderMine() {
  const section = document.getElementById("mine");
  const list = document.getElementById("mine-list");
  const empty = document.getElementById("mine-empty");
  const items = listMine();
  list.replaceChildren();
  section.hidden = items.length === 0;
  empty.hidden = items.length > 0;
  for (const item of items) list.append(mineItem(item));
}

function mineItem(item) {
  const li = document.createElement("li");
  li.className = "mine-item";
  li.dataset.slug = item.slug;

  const main = document.createElement("div");
  main.className = "mine-main";
  const link = document.createElement("a");
  link.className = "mine-title";
  link.href = `/t/${encodeURIComponent(item.slug)}/`;
  link.textContent = item.title || gettext("Untitled topology");
  const meta = document.createElement("div");
  meta.className = "mine-meta";
  if (item.savedAt) {
    const when = new Date(item.savedAt);
    meta.textContent = fmt(gettext("Last opened %(when)s"), {
      when: when.toLocaleString(document.documentElement.lang || undefined, { dateStyle: "medium", timeStyle: "short" }),
    });
  }
  main.append(link, meta);

  const actions = document.createElement("div");
  actions.className = "mine-actions";
  const open = document.createElement("a");
  open.className = "btn btn-small";
  open.href = link.href;
  open.textContent = gettext("Open");
  const del = document.createElement("button");
  del.type = "button";
  del.className = "btn btn-small btn-danger";
  del.textContent = gettext("Delete…");
  del.addEventListener("click", () => confirmDelete(item, actions));
  actions.append(open, del);
  li.append(main, actions);
  return li;
}

function confirmDelete(item, actions) {
  const text = document.createElement("span");
  text.className = "confirm-text";
  text.textContent = gettext("Delete it for everyone?");
  const yes = document.createElement("button");
  yes.type = "button";
  yes.className = "btn btn-small btn-danger";
  yes.textContent = gettext("Delete");
  const no = document.createElement("button");
  no.type = "button";
  no.className = "btn btn-small";
  no.textContent = gettext("Cancel");
  no.addEventListener("click", renderMine);
  yes.addEventListener("click", async () => {
    yes.disabled = true;
    try {
      await api.remove(item.slug, item.token);
      forget(item.slug);
      renderMine();
      showNotice(message, { text: fmt(gettext("Deleted “%(title)s”."), { title: item.title || item.slug }), tone: "ok", timeout: 5000 });
    } catch (error) {
      if (error instanceof ApiError && error.status === 404) {
        forget(item.slug);
        renderMine();
        showNotice(message, { text: gettext("It had already been deleted; removed from this list."), tone: "info", timeout: 6000 });
        return;
      }
      renderMine();
      const forgetIt = {
        label: gettext("Remove from this list only"),
        onClick: () => {
          forget(item.slug);
          renderMine();
          hideNotice(message);
        },
      };
      showNotice(message, { text: gettext("Could not delete it."), items: errorLines(error), actions: [forgetIt] });
    }
  });
  actions.replaceChildren(text, yes, no);
  no.focus();
}

const kindsKnown = knowKinds();
setupNew();
setupImport();
renderMine();
drawLessons();
window.addEventListener("storage", renderMine);
