// The server speaks English: narrated events come from the simulator's kinds and
// refusals from the live consumer. Known sentences are matched here and shown in the
// page's language; anything else is shown as the server wrote it.

import { formatNumber, gettext, translateKnown as translate } from "../i18n.js";
import { paramLabel } from "../kinds.js";
import { problemText } from "../problems.js";

const RATES = new Set(["rps", "to", "peak"]); // (groups that are requests per second)

// [pattern, translated template, names of the captured groups]
const NARRATION = [
  [/^(.+) was killed$/, gettext("%(node)s was killed"), ["node"]],
  [/^(.+) was restored$/, gettext("%(node)s was restored"), ["node"]],
  [
    /^(.+) marked (.+) unhealthy after (\d+) failed checks$/,
    gettext("%(lb)s marked %(target)s unhealthy after %(n)s failed checks"),
    ["lb", "target", "n"],
  ],
  [
    /^(.+) marked (.+) healthy again after (\d+) good checks$/,
    gettext("%(lb)s marked %(target)s healthy again after %(n)s good checks"),
    ["lb", "target", "n"],
  ],
  [/^(.+): (.+) set to (.+)$/, gettext("%(node)s: %(param)s set to %(value)s"), ["node", "param", "value"]],
  [
    /^(.+) is connected to nothing: every request it gets fails$/,
    gettext("%(node)s is connected to nothing: every request it gets fails"),
    ["node"],
  ],
  [
    /^Nothing sends requests: add Clients and connect them to the first tier$/,
    gettext("Nothing sends requests: add Clients and connect them to the first tier"),
    [],
  ],
  [
    /^(.+) gets no requests: nothing is connected to it$/,
    gettext("%(node)s gets no requests: nothing is connected to it"),
    ["node"],
  ],
  [/^(.+) now offers (.+) req\/s$/, gettext("%(node)s now offers %(rps)s req/s"), ["node", "rps"]],
  // (Before the plain ramp, whose "over (.+) s" would take "60 s, starting in 10".)
  [
    /^(.+) now offers (.+) req\/s, ramping to (.+) req\/s over (.+) s, starting in (.+) s$/,
    gettext("%(node)s now offers %(rps)s req/s, ramping to %(to)s req/s over %(d)s s, starting in %(start)s s"),
    ["node", "rps", "to", "d", "start"],
  ],
  [
    /^(.+) now offers (.+) req\/s, ramping to (.+) req\/s over (.+) s$/,
    gettext("%(node)s now offers %(rps)s req/s, ramping to %(to)s req/s over %(d)s s"),
    ["node", "rps", "to", "d"],
  ],
  [
    /^(.+) now offers (.+) req\/s, stepping to (.+) req\/s after (.+) s$/,
    gettext("%(node)s now offers %(rps)s req/s, stepping to %(to)s req/s after %(at)s s"),
    ["node", "rps", "to", "at"],
  ],
  [
    /^(.+) now offers (.+) req\/s, spiking to (.+) req\/s after (.+) s for (.+) s$/,
    gettext("%(node)s now offers %(rps)s req/s, spiking to %(peak)s req/s after %(at)s s for %(d)s s"),
    ["node", "rps", "peak", "at", "d"],
  ],
  [
    /^(.+) now offers (.+) req\/s, in a daily cycle of ±(.+) % every (.+) s$/,
    gettext("%(node)s now offers %(rps)s req/s, in a daily cycle of ±%(amp)s % every %(period)s s"),
    ["node", "rps", "amp", "period"],
  ],
  [
    /^(.+) is down: clients fail as their cached answers expire over the next (.+) s$/,
    gettext("%(node)s is down: clients fail as their cached answers expire over the next %(s)s s"),
    ["node", "s"],
  ],
  [
    /^(.+) \(primary\) declared dead after (.+) s; promoting (.+)$/,
    gettext("%(node)s (primary) declared dead after %(s)s s; promoting %(replica)s"),
    ["node", "s", "replica"],
  ],
  [
    /^(.+) \(primary\) declared dead after (.+) s; no live replica to promote; writes fail until it returns$/,
    gettext("%(node)s (primary) declared dead after %(s)s s; no live replica to promote; writes fail until it returns"),
    ["node", "s"],
  ],
  [
    /^(.+) promoted to primary; writes resume\. (\d+) writes acknowledged by (.+) in its last (.+) ms were never replicated and are lost$/,
    gettext(
      "%(node)s promoted to primary; writes resume. %(n)s writes acknowledged by %(old)s in its last %(ms)s ms were never replicated and are lost",
    ),
    ["node", "n", "old", "ms"],
  ],
  [
    /^(.+) \(primary\) was killed: writes fail until failover$/,
    gettext("%(node)s (primary) was killed: writes fail until failover"),
    ["node"],
  ],
  [
    /^(.+) \(primary\) was killed: reads and writes fail until it is restored$/,
    gettext("%(node)s (primary) was killed: reads and writes fail until it is restored"),
    ["node"],
  ],
  [/^(.+) rejoins as a replica of (.+)$/, gettext("%(node)s rejoins as a replica of %(primary)s"), ["node", "primary"]],
  [
    /^(.+) is down: every read now goes to the next tier$/,
    gettext("%(node)s is down: every read now goes to the next tier"),
    ["node"],
  ],
  [
    /^(.+) is back, empty: its hit ratio climbs as it warms up$/,
    gettext("%(node)s is back, empty: its hit ratio climbs as it warms up"),
    ["node"],
  ],
];

const REFUSALS = [
  [/^only the session's owner can control it/, gettext("Only the session's owner can control it; you are watching.")],
  [/^that owner token is wrong/, gettext("That owner token is wrong: you are watching, not controlling.")],
  [/^no such live session/, gettext("This live session no longer exists (it may have ended after idling).")],
  [/^this server is running as many live sessions/, gettext("The server is running as many live sessions as it may; try again later.")],
  [/^too many messages/, gettext("Too many controls at once; slow down a little.")],
  [/^the simulation failed/, gettext("The simulation failed and was stopped; reset to start again.")],
  [/^already running$/, gettext("It is already running.")],
];

/** A narrated event's text in the page's language. */
export function narration(text) {
  // A param by its label, as the inspector names it ("servers" → "Parallel workers"); rates
  // with the page's separators ("20000 req/s" beside "20,000" in the run bar).
  const named = (group, name) => {
    if (name === "param") return paramLabel(group);
    if (RATES.has(name) && /^\d+(\.\d+)?$/.test(group)) return formatNumber(Number(group));
    return group;
  };
  return translate(NARRATION, text, named) ?? String(text ?? "");
}

/** A server refusal in the page's language (as the server wrote it when not known). */
export function refusal(message) {
  const text = String(message ?? "");
  return translate(REFUSALS, text) ?? problems(text);
}

/**
 * A refused edit's problems ("to_rps: must be …; shape: unknown …; one of …"), each in the
 * page's language. The runner joins them with "; ", which some contain themselves: split
 * only where the next one starts (a field name, or a sentence the table knows).
 */
function problems(text) {
  return text
    .split(/; (?=\w+: |must |unknown |is )/)
    .map((part) => {
      const named = /^(\w+): (.*)$/.exec(part);
      return named ? `${named[1]}: ${problemText(named[2])}` : problemText(part);
    })
    .join("; ");
}
