/**
 * serializr: model schemas (`createModelSchema`, no decorators). No Set type
 * (`custom`), no discriminated union without a shared base class (`custom`
 * for the owner), `date()` writes epoch milliseconds. No validation.
 */
import { createModelSchema, custom, date, deserialize, list, map, object, primitive, serialize } from "serializr";
import { makeClasses } from "./classes.js";
import type { Contestant } from "./contestant.js";

const m = makeClasses();
createModelSchema(m.Person, { name: primitive(), email: primitive() });
createModelSchema(m.Company, { name: primitive(), vat: primitive() });
createModelSchema(m.Transaction, { id: primitive(), amount: primitive(), at: date(), memo: primitive() });
createModelSchema(m.Account, {
  id: primitive(),
  owner: custom(
    (o: object) => (o instanceof m.Person ? { kind: "person", ...serialize(o) } : { kind: "company", ...serialize(o) }),
    (j: { kind: string }) => (j.kind === "person" ? deserialize(m.Person, j) : deserialize(m.Company, j)),
  ),
  opened: date(),
  balances: map(primitive()),
  flags: custom(
    (v: Set<string>) => [...v],
    (j: string[]) => new Set(j),
  ),
  transactions: list(object(m.Transaction)),
});
createModelSchema(m.Ledger, { accounts: list(object(m.Account)) });
createModelSchema(m.Message, { seq: primitive(), kind: primitive(), x: primitive(), y: primitive(), at: date() });
createModelSchema(m.ChainNode, { id: primitive(), amount: primitive(), label: primitive(), next: object(m.ChainNode) });

export const serializrPeer: Contestant = {
  name: "serializr",
  role: "peer",
  ledger: {
    build: m.buildLedger,
    encode: (x) => JSON.stringify(serialize(m.Ledger, x)),
    decode: (t) => deserialize(m.Ledger, JSON.parse(t)),
    validates: false,
  },
  message: {
    build: m.buildMessage,
    encode: (x) => JSON.stringify(serialize(m.Message, x)),
    decode: (t) => deserialize(m.Message, JSON.parse(t)),
    validates: false,
  },
  chain: {
    build: m.buildChain,
    encode: (x) => JSON.stringify(serialize(m.ChainNode, x)),
    decode: (t) => deserialize(m.ChainNode, JSON.parse(t)),
    validates: false,
  },
  notes: ["no Set type and no union without a shared base: `custom(...)` pairs", "no validation on decode"],
};
