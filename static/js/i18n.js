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
  const filled = template.replace(/%\((\w+)\)s/g, (whole, name) =>
    Object.prototype.hasOwnProperty.call(values, name) ? String(values[name]) : whole,
  );
  return filled.includes(")") ? particles(filled) : filled;
}

// Korean particles written for either ending after a filled-in word ("%(node)s이(가)"):
// the one that word takes where it can be told ("캐시는", "web-1이", "web-2가"), else
// left as written.
const PARTICLE = /(은\(는\)|이\(가\)|을\(를\)|과\(와\))/g;
const FORMS = { "은(는)": ["은", "는"], "이(가)": ["이", "가"], "을(를)": ["을", "를"], "과(와)": ["과", "와"] };

function particles(text) {
  return text.replace(PARTICLE, (pair, _, offset) => {
    const closed = finalConsonant(text.slice(0, offset));
    return closed === null ? pair : FORMS[pair][closed ? 0 : 1];
  });
}

/** Whether the word ending `before` ends in a consonant sound (Hangul: a final consonant;
 * digits and Latin letters as Koreans read them), null when it cannot be told. A word in
 * parentheses or quotes is the word inside ("db(프라이머리)", "“My app”"). */
function finalConsonant(before) {
  let word = before.replace(/[”’"'»]+$/, "");
  if (word.endsWith(")")) word = word.slice(word.lastIndexOf("(") + 1, -1);
  const c = word.slice(-1);
  const code = c.charCodeAt(0);
  if (code >= 0xac00 && code <= 0xd7a3) return (code - 0xac00) % 28 !== 0;
  if (/[0-9]/.test(c)) return "013678".includes(c); // 영 일 삼 육 칠 팔: closed; 이 사 오 구: open
  if (/[a-z]/i.test(c)) {
    const latin = word.match(/[a-z]+$/i)[0];
    // Without a vowel, read letter by letter: l, m, n, r close (엘 엠 엔 알); db, lb, dns open.
    if (!/[aeiouy]/i.test(latin)) return /[lmnr]$/i.test(latin);
    if (/(ng|[lmn])$/i.test(latin)) return true;
    if (/[bcdgkpqt]$/i.test(latin)) return null; // (web 웹이, client 클라이언트가: unsure)
    return false; // (cache, users, primary)
  }
  return null;
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
