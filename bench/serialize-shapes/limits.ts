/** The limits: `JSON.stringify` / `JSON.parse` of the plain tree (no classes, no validation), and fast-json-stringify of the same tree. */
import type { Contestant } from "./contestant.js";
import { plainChain, plainLedger, plainMessage } from "./data.js";
import { writeChain, writeLedger, writeMessage } from "./writers.js";

export const plainJson: Contestant = {
  name: "JSON.stringify/parse (plain tree)",
  role: "limit",
  ledger: { build: plainLedger, encode: (x) => JSON.stringify(x), decode: (t) => JSON.parse(t), validates: false },
  message: { build: plainMessage, encode: (x) => JSON.stringify(x), decode: (t) => JSON.parse(t), validates: false },
  chain: { build: plainChain, encode: (x) => JSON.stringify(x), decode: (t) => JSON.parse(t), validates: false },
  notes: ["not instances: Date as text, Map as object, Set as array"],
};

export const fjsPlain: Contestant = {
  name: "fast-json-stringify (plain tree)",
  role: "limit",
  ledger: { build: plainLedger, encode: (x) => writeLedger(x), validates: false },
  message: { build: plainMessage, encode: (x) => writeMessage(x), validates: false },
  chain: { build: plainChain, encode: (x) => writeChain(x), validates: false },
  notes: ["the schema-compiled writer given the finished plain tree (no instances to walk)"],
};

interface Floor {
  tree: unknown;
  dates: Date[];
}
/** Writes the plain tree after turning each Date of the instances into ISO text, as every encoder that starts from instances must. */
function floorEncode(x: unknown): string {
  const f = x as Floor;
  let n = 0;
  for (const d of f.dates) n += d.toISOString().length;
  const text = JSON.stringify(f.tree);
  return n >= 0 ? text : "";
}

/**
 * The floor of an encoder that starts from instances: `JSON.stringify` of the
 * finished plain tree plus one `toISOString` per `Date` of the data (the
 * plain tree holds the dates as text already; instances hold `Date`s, which
 * any encoder has to format).
 */
export const dateFloor: Contestant = {
  name: "JSON.stringify(plain tree) + toISOString per Date (floor)",
  role: "limit",
  ledger: {
    build: (d) => ({
      tree: plainLedger(d),
      dates: d.flatMap((a) => [new Date(a.opened), ...a.transactions.map((t) => new Date(t.at))]),
    }),
    encode: floorEncode,
    validates: false,
  },
  message: { build: (m) => ({ tree: plainMessage(m), dates: [new Date(m.at)] }), encode: floorEncode, validates: false },
  chain: { build: (c) => ({ tree: plainChain(c), dates: [] }), encode: floorEncode, validates: false },
  notes: ["what no encoder from instances avoids: formatting each Date, then writing the text"],
};
