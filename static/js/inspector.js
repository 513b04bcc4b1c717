// The inspector: what is selected, with its params as a form. Values are checked against
// the catalog's bounds as you type; a change is applied when you leave the field or
// press Enter. Problems the server reports (400) appear at the field they are about.
// While a live run is on (actions.liveEdit), the session's owner edits the selected node's
// params in that run instead: a commit sends `set_param`, the field shows it pending, then
// applied (or the server's refusal); the saved document is not touched.

import { el } from "./dom.js";
import { fmt, formatNumber, gettext, ngettext, tr } from "./i18n.js";
import { EDGE_PARAMS, edgeKey, findEdge, findNode, idProblem } from "./document.js";
import {
  choiceLabel,
  doubleCalls,
  iconSvg,
  look,
  paramLabel,
  shapeFieldDefault,
  shapeFieldLabel,
  shapeLabel,
  unitLabel,
} from "./kinds.js";

let uid = 0;
const nextUid = () => `f${(uid += 1)}`;


/** A parameter's row: its title, the control and notes, then the server's error if any. */
function paramRow(name, serverError, title, ...body) {
  return el(
    "div",
    { class: `field${serverError ? " invalid" : ""}`, "data-param": name },
    title,
    ...body,
    serverError ? el("p", { class: "error", text: serverError }) : null,
  );
}

/** The row of a param chosen from a list: its label, the select, the help, then `extra`. */
function selectRow(name, id, select, spec, serverError, ...extra) {
  const help = spec.help ? el("p", { class: "help", text: tr(spec.help) }) : null;
  return paramRow(name, serverError, el("label", { for: id }, ...paramTitle(name)), select, help, ...extra);
}

/** "Parallel workers" with the param's own name beside it. */
function paramTitle(name) {
  return [el("span", { text: paramLabel(name) }), el("span", { class: "param-name", text: name })];
}

/** Parse what was typed for a numeric param: {value} or {error}; empty → {value: undefined}. */
export function parseNumber(text, spec) {
  const raw = String(text).trim().replace(/[,_\s]/g, "");
  if (raw === "") return { value: undefined };
  if (!/^[-+]?(\d+\.?\d*|\.\d+)(e[-+]?\d+)?$/i.test(raw)) {
    return { error: gettext("Enter a number.") };
  }
  const value = Number(raw);
  if (!Number.isFinite(value)) return { error: gettext("Enter a number.") };
  if (spec.type === "int" && !Number.isInteger(value)) {
    return { error: gettext("Enter a whole number.") };
  }
  const unit = (amount) => (spec.unit ? ` ${unitLabel(spec.unit, amount)}` : "");
  if (typeof spec.min === "number" && value < spec.min) {
    return { error: fmt(gettext("Must be at least %(min)s."), { min: formatNumber(spec.min) + unit(spec.min) }) };
  }
  if (typeof spec.max === "number" && value > spec.max) {
    return { error: fmt(gettext("Must be at most %(max)s."), { max: formatNumber(spec.max) + unit(spec.max) }) };
  }
  return { value };
}

function rangeText(spec) {
  const hasMin = typeof spec.min === "number";
  const hasMax = typeof spec.max === "number";
  if (!hasMin && !hasMax) return "";
  if (hasMin && hasMax) return `${formatNumber(spec.min)} – ${formatNumber(spec.max)}`;
  return hasMin ? `≥ ${formatNumber(spec.min)}` : `≤ ${formatNumber(spec.max)}`;
}

function sameValue(a, b) {
  return JSON.stringify(a) === JSON.stringify(b);
}

/** What a serving component completes at most, from its params (shown before a run, so a
 * design's bottleneck is seen without running it), or null for other kinds. */
function capacity(node, specs) {
  if (!specs.servers || !specs.service_time_ms) return null;
  const value = (name) => (typeof node.params?.[name] === "number" ? node.params[name] : specs[name].default);
  const servers = value("servers");
  const ms = value("service_time_ms");
  if (!(servers > 0 && ms > 0)) return null;
  const most = (servers * 1000) / ms;
  return el("p", {
    class: "capacity",
    "data-capacity": String(most),
    text: fmt(gettext("Serves at most %(rate)s req/s: %(n)s in parallel, %(ms)s ms each."), {
      rate: formatNumber(most >= 100 ? Math.round(most) : Number(most.toPrecision(3))),
      n: formatNumber(servers),
      ms: formatNumber(ms),
    }),
  });
}

export class Inspector {
  constructor(root, { catalog, actions }) {
    this.root = root;
    this.catalog = catalog;
    this.actions = actions;
    // Rejected input kept across re-renders: key -> {text, error}
    this.pending = new Map();
    this.lastKey = null;
  }

  render(state) {
    const { selection } = state;
    const key = selection
      ? selection.type === "node"
        ? `node:${selection.id}`
        : `edge:${edgeKey(selection.source, selection.target)}`
      : "none";
    if (key !== this.lastKey) this.pending.clear();
    this.lastKey = key;

    // Keep focus (and caret) in the same field across a re-render.
    const active = document.activeElement;
    const focusField = active && this.root.contains(active) ? active.dataset.field : null;
    const caret = focusField && typeof active.selectionStart === "number" ? active.selectionStart : null;

    let content;
    if (selection && selection.type === "node" && findNode(state.doc, selection.id)) {
      content = this.renderNode(state, findNode(state.doc, selection.id));
    } else if (selection && selection.type === "edge" && findEdge(state.doc, selection.source, selection.target)) {
      content = this.renderEdge(state, findEdge(state.doc, selection.source, selection.target));
    } else {
      content = this.renderOverview(state);
    }
    this.root.replaceChildren(...content);

    if (focusField) {
      let again = this.root.querySelector(`[data-field="${CSS.escape(focusField)}"]`);
      // A list the last change emptied (nothing left to connect) cannot hold the focus.
      if (again && again.disabled) again = this.root.querySelector("#inspector-connect");
      if (again) {
        again.focus();
        if (caret !== null && typeof again.setSelectionRange === "function") {
          try {
            again.setSelectionRange(caret, caret);
          } catch {
            /* not a text field */
          }
        }
      }
    }
  }

  // ------------------------------------------------------------------ nothing selected

  renderOverview(state) {
    const { doc, editable, errors } = state;
    const out = [el("h2", { id: "inspector-title", text: gettext("This topology") })];
    out.push(
      el(
        "div",
        { class: "stats" },
        el("div", {}, el("strong", { text: String(doc.nodes.length) }), el("span", { text: gettext("components") })),
        el("div", {}, el("strong", { text: String(doc.edges.length) }), el("span", { text: gettext("connections") })),
      ),
    );
    const live = this.actions.liveOverview ? this.actions.liveOverview() : null;
    if (live) out.push(live);
    if (errors && errors.general.length) {
      out.push(
        el("p", { class: "error-title", text: gettext("The server did not accept the last save:") }),
        el("ul", { class: "problem-list" }, errors.general.map((m) => el("li", { text: m }))),
      );
    }
    if (editable) {
      out.push(
        el("p", { class: "muted", text: gettext("Select a component or a connection to change it.") }),
        el(
          "ul",
          { class: "keys" },
          el("li", { html: this.keyHint("← ↑ → ↓", gettext("select the next component (on the canvas)")) }),
          el("li", { html: this.keyHint("C", gettext("connect the selected component")) + " · " + this.keyHint("← ↑ → ↓", gettext("choose its target")) + " · " + this.keyHint("Enter", gettext("connect")) }),
          el("li", { html: this.keyHint("Delete", gettext("remove the selection")) }),
          el("li", { html: this.keyHint("Ctrl+Z", gettext("undo")) + " · " + this.keyHint("Ctrl+Shift+Z", gettext("redo")) }),
          el("li", { html: this.keyHint("Esc", gettext("cancel connecting / deselect")) }),
        ),
      );
    } else {
      out.push(el("p", { class: "muted", text: gettext("Select a component or a connection to see its settings.") }));
    }
    return out;
  }

  keyHint(key, text) {
    const esc = (s) => s.replace(/[&<>"]/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;" })[c]);
    return `<kbd>${esc(key)}</kbd> ${esc(text)}`;
  }

  // ------------------------------------------------------------------ a node

  renderNode(state, node) {
    const { editable, errors } = state;
    const entry = this.catalog.get(node.kind);
    const category = entry ? entry.category : "";
    const serverErrors = (errors && errors.nodes.get(node.id)) || {};
    const out = [];

    const icon = el("span", { class: "kind-icon", html: iconSvg(node.kind, category) });
    icon.style.background = look(node.kind, category).color;
    out.push(
      el(
        "div",
        { class: "inspector-head" },
        icon,
        el(
          "div",
          {},
          el("h2", { id: "inspector-title", text: node.id }),
          el("span", { class: "kind-name", text: entry ? this.catalog.label(node.kind) : node.kind }),
        ),
      ),
    );
    // While a live simulation runs, its view of this node comes first (live/node-panel.js).
    const live = this.actions.liveBlock ? this.actions.liveBlock(node) : null;
    if (live) out.push(live);
    if (entry && entry.blurb) out.push(el("p", { class: "blurb", text: tr(entry.blurb) }));
    for (const { cache, database } of doubleCalls(state.doc, node.id)) {
      out.push(
        el("p", {
          class: "note double-call",
          text: fmt(
            gettext(
              "%(node)s calls %(db)s on every request, and %(cache)s passes its misses on to %(db)s as well: %(db)s gets both. For a cache in front of the database, connect %(node)s to %(cache)s only.",
            ),
            { node: node.id, db: database, cache },
          ),
        }),
      );
    }
    if (serverErrors[""]) out.push(el("p", { class: "error problem-list", text: serverErrors[""] }));

    // Live: the run's own copy of the params; the owner edits them there (not `role`,
    // which shapes the run; traffic has its controls in the run bar).
    const liveEdit = this.actions.liveEdit ? this.actions.liveEdit(node) : null;
    let shown = node;
    if (liveEdit) {
      const params = { ...node.params, ...liveEdit.params };
      for (const name of Object.keys(params)) {
        const status = liveEdit.status(name);
        if (status && status.state === "pending") params[name] = status.value;
      }
      shown = { ...node, params };
      out.push(
        el("p", {
          class: "live-edit-hint",
          id: "live-edit-hint",
          text: liveEdit.owner ? gettext("Changes apply to this run only") : gettext("Only the session's owner can control it"),
        }),
      );
    }

    const fields = el("div", { class: "fields" });
    fields.append(this.idField(state, node, serverErrors.id));
    const params = entry ? entry.params || {} : {};
    for (const [name, spec] of Object.entries(params)) {
      if (!liveEdit) {
        fields.append(this.paramField(state, node, name, spec, serverErrors[name]));
        continue;
      }
      const status = liveEdit.status(name);
      const editable = liveEdit.owner && name !== "role" && spec.type !== "profile";
      const field = this.paramField({ ...state, editable }, shown, name, spec, status && status.state === "error" ? status.message : null, {
        setValue: (value) => liveEdit.send(name, value),
      });
      if (status) field.dataset.liveStatus = status.state;
      // (Not beside an error of the field's own: a number typed wrong is not applied.)
      if (status && status.state !== "error" && !field.classList.contains("invalid")) {
        field.append(
          el("p", {
            class: "live-param-status",
            role: "status",
            text: status.state === "pending" ? gettext("Sending to the run…") : gettext("Applied to this run."),
          }),
        );
      }
      fields.append(field);
    }
    for (const name of Object.keys(node.params || {})) {
      if (!(name in params)) {
        fields.append(this.unknownField(state, node, name, serverErrors[name]));
      }
    }
    const most = capacity(shown, params);
    if (most) out.push(most);
    out.push(fields);

    if (editable) out.push(this.nodeActions(state, node));
    return out;
  }

  idField(state, node, serverError) {
    const id = nextUid();
    const pendingKey = "id";
    const pending = this.pending.get(pendingKey);
    const error = pending ? pending.error : serverError;
    const input = el("input", {
      type: "text",
      id,
      value: pending ? pending.text : node.id,
      "data-field": "id",
      autocomplete: "off",
      spellcheck: "false",
      readonly: !state.editable,
      "aria-invalid": error ? "true" : null,
      "aria-describedby": error ? `${id}-err` : null,
    });
    const commit = () => {
      const value = input.value.trim();
      if (value === node.id) {
        // Back to its own name: drop an error a wrong name left (nothing else changes).
        if (this.pending.delete(pendingKey)) this.actions.refresh();
        return;
      }
      const problem = idProblem(state.doc, node.id, value);
      if (problem) {
        this.pending.set(pendingKey, { text: input.value, error: problem });
        this.actions.refresh();
        return;
      }
      this.pending.delete(pendingKey);
      this.actions.rename(node.id, value);
    };
    if (state.editable) {
      input.addEventListener("change", commit);
      input.addEventListener("keydown", (ev) => {
        if (ev.key === "Enter") {
          ev.preventDefault();
          commit();
        }
      });
    }
    return el(
      "div",
      { class: `field${error ? " invalid" : ""}` },
      el("label", { for: id }, el("span", { text: gettext("Name (id)") })),
      el("div", { class: "input-row" }, input),
      error ? el("p", { class: "error", id: `${id}-err`, text: error }) : null,
    );
  }

  paramField(state, node, name, spec, serverError, { setValue } = {}) {
    const set = setValue || ((value) => this.actions.setParam(node.id, name, value));
    if (spec.type === "choice") return this.choiceField(state, node, name, spec, serverError, set);
    if (spec.type === "profile") return this.profileField(state, node, name, spec, serverError);
    if (spec.type === "int" || spec.type === "float") {
      const current = name in node.params ? node.params[name] : spec.default;
      return this.numberField({
        state,
        field: name,
        label: paramLabel(name),
        spec,
        current,
        serverError,
        onValue: set,
      });
    }
    return this.unknownField(state, node, name, serverError, spec);
  }

  numberField({ state, field, label, spec, current, serverError, onValue, placeholder }) {
    const id = nextUid();
    const pending = this.pending.get(field);
    const error = pending ? pending.error : serverError;
    const shown = pending ? pending.text : current === undefined || current === null ? "" : String(current);
    const input = el("input", {
      type: "text",
      id,
      inputmode: spec.type === "int" ? "numeric" : "decimal",
      value: shown,
      placeholder: placeholder ?? (spec.default === null || spec.default === undefined ? "" : String(spec.default)),
      "data-field": field,
      autocomplete: "off",
      readonly: !state.editable,
      "aria-invalid": error ? "true" : null,
      "aria-describedby": [`${id}-help`, error ? `${id}-err` : null].filter(Boolean).join(" "),
    });
    const check = () => {
      const parsed = parseNumber(input.value, spec);
      const row = input.closest(".field");
      // One message at a time: what is typed now replaces an earlier one, the server's too
      // (whose message comes back while the typed text is fine: it is about the saved value).
      let err = row.querySelector(".error");
      if (parsed.error) {
        row.classList.add("invalid");
        row.querySelector(".live-param-status")?.remove(); // (what is typed is not applied)
        if (!err) {
          err = el("p", { class: "error", id: `${id}-err` });
          row.append(err);
        }
        err.classList.add("typed");
        err.textContent = parsed.error;
        input.setAttribute("aria-invalid", "true");
        input.setAttribute("aria-describedby", `${id}-help ${id}-err`);
      } else if (serverError) {
        if (err) {
          err.classList.remove("typed");
          err.textContent = serverError;
        }
      } else {
        if (err) err.remove();
        row.classList.remove("invalid");
        input.removeAttribute("aria-invalid");
        input.setAttribute("aria-describedby", `${id}-help`);
      }
      return parsed;
    };
    const commit = () => {
      const parsed = check();
      if (parsed.error) {
        this.pending.set(field, { text: input.value, error: parsed.error });
        return;
      }
      this.pending.delete(field);
      if (!sameValue(parsed.value, current) || serverError) onValue(parsed.value);
    };
    if (state.editable) {
      input.addEventListener("input", check);
      input.addEventListener("change", commit);
      input.addEventListener("keydown", (ev) => {
        if (ev.key === "Enter") {
          ev.preventDefault();
          commit();
        }
      });
    }
    const unit = unitLabel(spec.unit);
    const range = rangeText(spec);
    const reset =
      state.editable && spec.default !== undefined && spec.default !== null && current !== undefined && !sameValue(current, spec.default)
        ? el("button", {
            type: "button",
            class: "btn btn-small",
            text: fmt(gettext("Reset to %(value)s"), { value: formatNumber(spec.default) }),
            onclick: () => {
              this.pending.delete(field);
              onValue(spec.default);
            },
          })
        : null;
    return el(
      "div",
      { class: `field${error ? " invalid" : ""}`, "data-param": field },
      el("label", { for: id }, el("span", { text: label }), el("span", { class: "param-name", text: field })),
      el("div", { class: `input-row${unit ? " has-unit" : ""}` }, input, unit ? el("span", { class: "unit", text: unit }) : null),
      el(
        "p",
        { class: "help", id: `${id}-help` },
        spec.help ? tr(spec.help) + " " : "",
        range ? el("span", { class: "range", text: fmt(gettext("Range: %(range)s"), { range }) }) : null,
      ),
      reset,
      // (A pending error is the typed text's, as check() shows it: "typed". Not "live",
      // the live layout's flex column, which put the ⚠ on a line of its own.)
      error ? el("p", { class: pending ? "error typed" : "error", id: `${id}-err`, text: error }) : null,
    );
  }

  choiceField(state, node, name, spec, serverError, set) {
    const id = nextUid();
    const current = name in node.params ? node.params[name] : spec.default;
    const choices = Array.isArray(spec.choices) ? spec.choices : [];
    const select = el(
      "select",
      { id, "data-field": name, disabled: !state.editable },
      choices.map((value) => el("option", { value, text: choiceLabel(value), selected: value === current })),
    );
    if (!choices.includes(current)) {
      select.prepend(el("option", { value: String(current), text: String(current), selected: true }));
    }
    select.addEventListener("change", () => set(select.value));
    return selectRow(name, id, select, spec, serverError);
  }

  profileField(state, node, name, spec, serverError) {
    const id = nextUid();
    const shapes = spec.shapes || { constant: {} };
    const current = name in node.params ? node.params[name] : spec.default;
    const profile = typeof current === "string" ? { shape: current } : { ...(current || { shape: "constant" }) };
    const shape = shapes[profile.shape] ? profile.shape : null;
    const select = el(
      "select",
      { id, "data-field": name, disabled: !state.editable },
      Object.keys(shapes).map((value) => el("option", { value, text: shapeLabel(value), selected: value === profile.shape })),
    );
    if (!shape) select.prepend(el("option", { value: "", text: String(profile.shape), selected: true }));
    const store = (next) => {
      const fields = Object.keys(next).filter((k) => k !== "shape");
      this.actions.setParam(node.id, name, fields.length ? next : next.shape);
    };
    select.addEventListener("change", () => {
      // Keep the fields the new shape also takes.
      const next = { shape: select.value };
      for (const key of Object.keys(shapes[select.value])) if (key in profile) next[key] = profile[key];
      store(next);
    });
    const sub = el("div", { class: "subfields" });
    if (shape) {
      const rps = typeof node.params.rps === "number" ? node.params.rps : 100;
      for (const [key, f] of Object.entries(shapes[shape])) {
        const fieldSpec = { type: "float", min: f.min, max: f.max, unit: f.unit, help: f.help, default: shapeFieldDefault(f, rps) };
        sub.append(
          this.numberField({
            state,
            field: `${name}.${key}`,
            label: shapeFieldLabel(shape, key),
            spec: fieldSpec,
            current: profile[key],
            placeholder: String(fieldSpec.default),
            serverError: null,
            onValue: (value) => {
              const next = { ...profile };
              if (value === undefined) delete next[key];
              else next[key] = value;
              store(next);
            },
          }),
        );
      }
    }
    return selectRow(name, id, select, spec, serverError, sub.childElementCount ? sub : null);
  }

  unknownField(state, node, name, serverError) {
    const value = node.params[name];
    const actions =
      state.editable && name in node.params
        ? el("button", {
            type: "button",
            class: "btn btn-small btn-danger",
            text: gettext("Remove this setting"),
            onclick: () => this.actions.setParam(node.id, name, undefined),
          })
        : null;
    return paramRow(
      name,
      serverError,
      el("span", { class: "field-label" }, ...paramTitle(name)),
      el("code", { text: JSON.stringify(value) }),
      actions,
    );
  }

  nodeActions(state, node) {
    const outgoing = state.doc.edges.filter((e) => e.source === node.id).length;
    const incoming = state.doc.edges.filter((e) => e.target === node.id).length;
    return el(
      "div",
      {},
      this.connectChooser(state, node, "to"),
      this.connectChooser(state, node, "from"),
      el("p", {
        class: "help",
        text:
          fmt(ngettext("%(n)s connection out", "%(n)s connections out", outgoing), { n: outgoing }) +
          " · " +
          fmt(ngettext("%(n)s connection in", "%(n)s connections in", incoming), { n: incoming }),
      }),
      el(
        "div",
        { class: "inspector-actions" },
        el("button", {
          type: "button",
          class: "btn",
          id: "inspector-connect",
          text: gettext("Connect (C)"),
          onclick: () => this.actions.startConnect(node.id),
        }),
        el("button", {
          type: "button",
          class: "btn btn-danger",
          id: "inspector-delete",
          text: gettext("Delete"),
          onclick: () => this.actions.deleteSelection(),
        }),
      ),
    );
  }

  /**
   * "Connect to" (this → other) or "Connect from" (other → this): a list of the components
   * that may be connected that way, and a button (choosing alone connects nothing, so the
   * arrow keys can browse the list).
   */
  connectChooser(state, node, way) {
    const id = nextUid();
    const ends = (other) => (way === "to" ? [node.id, other.id] : [other.id, node.id]);
    const options = state.doc.nodes
      .filter((other) => other.id !== node.id && this.actions.canConnect(...ends(other)))
      .map((other) => el("option", { value: other.id, text: `${other.id} (${this.catalog.label(other.kind)})` }));
    const select = el(
      "select",
      { id, "data-field": `connect-${way}`, disabled: options.length === 0 },
      el("option", { value: "", text: options.length ? gettext("Choose a component…") : gettext("None can be connected") }),
      ...options,
    );
    const button = el("button", {
      type: "button",
      class: "btn btn-small",
      "data-action": `connect-${way}`,
      text: gettext("Connect"),
      disabled: true,
    });
    const connect = () => {
      if (select.value) this.actions.connect(...ends({ id: select.value }));
    };
    select.addEventListener("change", () => {
      button.disabled = !select.value;
    });
    select.addEventListener("keydown", (ev) => {
      if (ev.key === "Enter" && select.value) {
        ev.preventDefault();
        connect();
      }
    });
    button.addEventListener("click", connect);
    const label = way === "to" ? gettext("Connect to") : gettext("Connect from");
    return el(
      "div",
      { class: "field connect-field" },
      el("label", { for: id }, el("span", { text: label })),
      el("div", { class: "connect-row" }, select, button),
    );
  }

  // ------------------------------------------------------------------ an edge

  renderEdge(state, edge) {
    const key = edgeKey(edge.source, edge.target);
    const serverErrors = (state.errors && state.errors.edges.get(key)) || {};
    const out = [
      el("div", { class: "inspector-head" }, el("div", {}, el("h2", { id: "inspector-title", text: `${edge.source} → ${edge.target}` }), el("span", { class: "kind-name", text: gettext("Connection") }))),
      el("p", {
        class: "blurb",
        text: gettext("Requests flow along the arrow. Latency is added each way; weight sets this connection's share of the source's traffic."),
      }),
    ];
    if (serverErrors[""]) out.push(el("p", { class: "error problem-list", text: serverErrors[""] }));
    const fields = el("div", { class: "fields" });
    for (const [name, spec] of Object.entries(EDGE_PARAMS)) {
      const current = name in edge.params ? edge.params[name] : undefined;
      fields.append(
        this.numberField({
          state,
          field: `edge.${name}`,
          label: paramLabel(name),
          spec,
          current: current === undefined && name === "latency_ms" ? 0 : current,
          placeholder: name === "weight" ? gettext("equal split") : "0",
          serverError: serverErrors[name],
          onValue: (value) => this.actions.setEdgeParam(edge.source, edge.target, name, value),
        }),
      );
    }
    out.push(fields);
    if (state.editable) {
      out.push(
        el(
          "div",
          { class: "inspector-actions" },
          el("button", {
            type: "button",
            class: "btn btn-danger",
            id: "inspector-delete",
            text: gettext("Delete connection"),
            onclick: () => this.actions.deleteSelection(),
          }),
        ),
      );
    }
    return out;
  }
}
