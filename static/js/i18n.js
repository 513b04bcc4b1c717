// Translation helpers over Django's JavaScriptCatalog (/jsi18n/, loaded by base.html).
//
// Call `gettext("literal")` with a literal string so `manage.py makemessages -d djangojs`
// finds it; `fmt(gettext("… %(name)s …"), {name})` fills named placeholders.

const catalog = window;

export function gettext(text) {
  return typeof catalog.gettext === "function" ? catalog.gettext(text) : text;
}

export function ngettext(singular, plural, count) {
  if (typeof catalog.ngettext === "function") return catalog.ngettext(singular, plural, count);
  return count === 1 ? singular : plural;
}

/** Marks a string for extraction without translating it now (translate later with tr()). */
export function gettext_noop(text) {
  return text;
}

/** Translate a string that was marked elsewhere (e.g. catalog labels). */
export function tr(text) {
  return text ? gettext(text) : text;
}

export function fmt(template, values) {
  return template.replace(/%\((\w+)\)s/g, (whole, name) =>
    Object.prototype.hasOwnProperty.call(values, name) ? String(values[name]) : whole,
  );
}

/**
 * The first row of `table` ([pattern, translated template, names of its groups]) whose
 * pattern matches `text`, filled with the groups (each passed through `value` first, with
 * its name and the row); null when none matches. For sentences the server writes in English.
 */
export function translateKnown(table, text, value = (group) => group) {
  const raw = String(text ?? "");
  for (const row of table) {
    const [pattern, template, names] = row;
    const match = pattern.exec(raw);
    if (match) {
      const values = {};
      (names || []).forEach((name, i) => {
        values[name] = value(match[i + 1], name, row);
      });
      return fmt(template, values);
    }
  }
  return null;
}

export function currentLanguage() {
  return document.documentElement.lang || "en";
}

/** A number formatted for the page's language (1,000,000 / 1,000,000). */
export function formatNumber(value) {
  if (typeof value !== "number" || !Number.isFinite(value)) return String(value);
  try {
    return new Intl.NumberFormat(currentLanguage(), { maximumFractionDigits: 6 }).format(value);
  } catch {
    return String(value);
  }
}
