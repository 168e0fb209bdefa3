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
