// Loaded with `node --import` before each block of the doc test
// (scripts/doctest.mjs): records what checked lines print, return or throw.
import { format } from "node:util";

const expected = JSON.parse(process.env.DOCTEST_CHECKS ?? "{}");
let captured = null;
const original = console.log;
console.log = (...args) => {
  if (captured) captured.push(format(...args));
  original(...args);
};
const escapeRegExp = (text) => text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
const matches = (want, actual) => new RegExp(`^${want.split("…").map(escapeRegExp).join("[\\s\\S]*")}$`).test(actual);
function report(id, actual) {
  const want = expected[id];
  if (want === undefined) return;
  process.stderr.write(`\u0000doctest ${JSON.stringify({ id, ok: matches(want, actual), actual })}\n`);
}
globalThis.__doctest = {
  begin() {
    captured = [];
  },
  printed(id) {
    const text = (captured ?? []).join("\n");
    captured = null;
    report(id, text);
  },
  value(id, v) {
    if (v && typeof v.then === "function") {
      v.then(
        (r) => report(id, format(r)),
        (e) => report(id, `rejected: ${e}`),
      );
      return v;
    }
    report(id, format(v));
    return v;
  },
  throws(id, fn) {
    try {
      fn();
    } catch (e) {
      report(id, e?.name ? `${e.name}: ${e.message}` : String(e));
      return;
    }
    report(id, "(no error thrown)");
  },
};
