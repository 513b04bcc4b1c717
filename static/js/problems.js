// The API's problem messages in the page's language.
//
// The server writes its problems in English (simulator/document.py, catalog.py,
// profiles.py and the API's own errors). Known sentences are matched here and shown
// translated; anything else is shown as the server wrote it. Values quoted from the
// document (ids, numbers, JSON) are kept as they are.

import { currentLanguage, gettext, translateKnown } from "./i18n.js";
import { kindLabel, unitLabel, unitNamed } from "./kinds.js";

/** "1 process" → "1 프로세스": the unit word of an amount in the page's language (the
 * catalog's units, and the title's characters). */
function amount(text) {
  const [number, ...rest] = String(text).split(" ");
  const word = rest.join(" ");
  if (word === "characters") return `${number} ${gettext("characters")}`;
  const unit = unitNamed(word);
  return unit ? `${number} ${unitLabel(unit, Number(number))}` : text;
}

const AMOUNTS = new Set(["min", "max"]);

// [pattern, translated template, names of the captured groups, names among them that are
// kinds (shown by their palette names)]; the first match wins, so longer sentences come
// before the shorter ones they contain.
const PROBLEMS = [
  [/^must be at least (.+), got (.+)$/, gettext("must be at least %(min)s, got %(got)s"), ["min", "got"]],
  [/^must be at most (.+), got (.+)$/, gettext("must be at most %(max)s, got %(got)s"), ["max", "got"]],
  [/^must be a whole number, got (.+)$/, gettext("must be a whole number, got %(got)s"), ["got"]],
  [/^must be a number between (.+) and (.+), got (.+)$/, gettext("must be a number between %(lo)s and %(hi)s, got %(got)s"), ["lo", "hi", "got"]],
  [/^must be between (.+) and (.+), got (.+)$/, gettext("must be between %(lo)s and %(hi)s, got %(got)s"), ["lo", "hi", "got"]],
  [/^must be a number, got (.+)$/, gettext("must be a number, got %(got)s"), ["got"]],
  [/^must be a finite number, got (.+)$/, gettext("must be a finite number, got %(got)s"), ["got"]],
  [/^must be a finite number$/, gettext("must be a finite number")],
  [/^must be one of (.+), got (.+)$/, gettext("must be one of %(choices)s, got %(got)s"), ["choices", "got"]],
  [/^must be text$/, gettext("must be text")],
  [/^must be 1–64 Latin letters, digits, '-' or '_', got (.+)$/, gettext("must be 1–64 Latin letters, digits, '-' or '_', got %(got)s"), ["got"]],
  [/^duplicate id (.+)$/, gettext("duplicate id %(id)s"), ["id"]],
  [/^unknown kind (.+); one of (.+)$/, gettext("unknown kind %(kind)s; one of %(known)s"), ["kind", "known"]],
  [/^unknown kind (.+)$/, gettext("unknown kind %(kind)s"), ["kind"]],
  [/^unknown param (.+) for a (.+) \(it takes (.+)\)$/, gettext("unknown param %(param)s for a %(kind)s (it takes %(known)s)"), ["param", "kind", "known"], ["kind"]],
  [/^unknown edge param (.+) \(latency_ms, weight\)$/, gettext("unknown edge param %(param)s (latency_ms, weight)"), ["param"]],
  [/^unknown field for the (.+) shape \(it takes (.+)\)$/, gettext("unknown field for the %(shape)s shape (it takes %(known)s)"), ["shape", "known"]],
  [/^unknown traffic shape (.+); one of (.+)$/, gettext("unknown traffic shape %(shape)s; one of %(known)s"), ["shape", "known"]],
  [/^must be a shape name or an object with a "shape"$/, gettext('must be a shape name or an object with a "shape"')],
  [/^unknown field (.+)$/, gettext("unknown field %(field)s"), ["field"]],
  [/^must be an object with an id and a kind$/, gettext("must be an object with an id and a kind")],
  [/^must be an object with a source and a target$/, gettext("must be an object with a source and a target")],
  [/^must be an object with numbers x and y$/, gettext("must be an object with numbers x and y")],
  [/^must be an object with a list of events$/, gettext("must be an object with a list of events")],
  [/^must be an object$/, gettext("must be an object")],
  [/^is required and must be a list$/, gettext("is required and must be a list")],
  [/^has (\d+) nodes; the limit is (\d+)$/, gettext("has %(n)s nodes; the limit is %(limit)s"), ["n", "limit"]],
  [/^has (\d+) edges; the limit is (\d+)$/, gettext("has %(n)s connections; the limit is %(limit)s"), ["n", "limit"]],
  [/^no node with id (.+)$/, gettext("no node with id %(id)s"), ["id"]],
  [/^is required: the id of one of the nodes$/, gettext("is required: the id of one of the nodes")],
  [/^must be a node's id \(text\), got (.+)$/, gettext("must be a node's id (text), got %(got)s"), ["got"]],
  [/^connects (.+) to itself$/, gettext("connects %(node)s to itself"), ["node"]],
  [/^duplicate connection (.+) → (.+)$/, gettext("duplicate connection %(source)s → %(target)s"), ["source", "target"]],
  [/^a (.+) cannot connect to a (.+) \(it connects to (.+)\)$/, gettext("a %(source)s cannot connect to a %(target)s (it connects to %(allowed)s)"), ["source", "target", "allowed"], ["source", "target", "allowed"]],
  [/^(.+) → (.+): replication runs from a primary to a replica$/, gettext("%(source)s → %(target)s: replication runs from a primary to a replica"), ["source", "target"]],
  [/^(.+) already replicates from (.+)$/, gettext("%(target)s already replicates from %(primary)s"), ["target", "primary"]],
  [/^requests would loop forever: (.+)$/, gettext("requests would loop forever: %(loop)s"), ["loop"]],
  [/^a topology document must be a JSON object$/, gettext("a topology document must be a JSON object")],
  [/^must be plain JSON \(no NaN, Infinity or non-JSON values\)$/, gettext("must be plain JSON (no NaN, Infinity or non-JSON values)")],
  [/^is (\d+) bytes; the limit is (\d+) bytes$/, gettext("is %(n)s bytes; the limit is %(limit)s bytes"), ["n", "limit"]],
  [/^must be "([^"]+)", got (.+)$/, gettext('must be "%(format)s", got %(got)s'), ["format", "got"]],
  [/^is missing: a topology document has "format": "([^"]+)"$/, gettext('is missing: a topology document has "format": "%(format)s"'), ["format"]],
  [/^is missing; this program reads versions (.+)$/, gettext("is missing; this program reads versions %(known)s"), ["known"]],
  [/^unknown version (.+); this program reads versions (.+)$/, gettext("unknown version %(got)s; this program reads versions %(known)s"), ["got", "known"]],
  [/^topologies are directed graphs without parallel edges/, gettext("topologies are directed graphs without parallel edges (directed: true, multigraph: false)")],
  [/^stale revision: you edited revision (\d+), but the current revision is (\d+)/, gettext("Someone saved this topology since you opened it (your revision %(edited)s, now %(current)s); reload (or fork) and apply your change again."), ["edited", "current"]],
  [/^too many topologies created from your address; try again in (\d+) seconds?$/, gettext("Too many topologies were created from your address; try again in %(s)s s."), ["s"]],
  [/^lessons are read-only; fork to edit$/, gettext("Lessons are read-only; fork to edit.")],
  [/^wrong edit token for this topology$/, gettext("This link cannot edit the topology (wrong edit token); fork it to make your own copy.")],
  [/^missing edit token/, gettext("This link cannot edit the topology (no edit token); fork it to make your own copy.")],
  [/^no topology with slug (.+)$/, gettext("No topology %(slug)s here: it may have been deleted."), ["slug"]],
  [/^request body is larger than the limit of (.+) bytes/, gettext("The topology is larger than the limit of %(limit)s bytes; make it smaller."), ["limit"]],
  [/^the request body is not valid JSON: (.+)$/, gettext("This is not valid JSON: %(why)s"), ["why"]],
  [/^the request body is empty/, gettext("Nothing was sent: the file or document is empty.")],
  [/^the request body is not valid UTF-8/, gettext("This is not text in UTF-8: save the file as UTF-8 and try again.")],
  [/^the request body is not acceptable JSON: it has a number over 4,300 digits long$/, gettext("This JSON has a number over 4,300 digits long.")],
  [/^the request body is not acceptable JSON: (NaN|Infinity|-Infinity) is not a JSON number$/, gettext("This JSON has %(value)s, which is not a JSON number."), ["value"]],
  [/^the request body is not acceptable JSON: number (.+) is out of range$/, gettext("This JSON has a number out of range: %(value)s"), ["value"]],
  [/^the request body is nested more than (\d+) levels deep$/, gettext("This JSON is nested more than %(n)s levels deep."), ["n"]],
  [/^strings in the request body may not contain NUL/, gettext("Its text may not contain the NUL character (\\u0000).")],
  [/^strings in the request body must be valid Unicode/, gettext("Its text is not valid Unicode (a lone surrogate).")],
  [/^must be an object with an action$/, gettext("must be an object with an action")],
  [/^must be a time in seconds, 0 or more$/, gettext("must be a time in seconds, 0 or more")],
  [/^unknown action (.+); one of (.+)$/, gettext("unknown action %(action)s; one of %(known)s"), ["action", "known"]],
  [/^is required for (.+)$/, gettext("is required for %(action)s"), ["action"]],
  [/^must be a param name$/, gettext("must be a param name")],
  [/^(.+) shapes the topology and cannot change while it runs; edit the document instead$/, gettext("%(param)s shapes the topology and cannot change while it runs; edit the document instead"), ["param"]],
  [/^(.+) is not a client$/, gettext("%(node)s is not a client"), ["node"]],
  [/^could not be checked \((.+)\); please report this$/, gettext("could not be checked (%(error)s); please report this"), ["error"]],
];

/** A problem message from the API in the page's language. */
export function problemText(message) {
  const text = String(message ?? "");
  const value = (group, name, [, , , kinds]) => {
    if (AMOUNTS.has(name)) return amount(group);
    if (name === "allowed" && group === "nothing") return gettext("nothing");
    // (English sentences are written around the kinds' JSON names: they stay.)
    if (kinds && kinds.includes(name) && currentLanguage() !== "en") {
      return group.split(", ").map(kindLabel).join(", ");
    }
    return name === "known" ? group.replace(/ and /g, ", ") : group; // ("versions 0 and 1")
  };
  return translateKnown(PROBLEMS, text, value) ?? text;
}
