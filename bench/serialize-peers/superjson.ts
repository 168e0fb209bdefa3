/**
 * superjson: a private `SuperJSON` instance with the model classes
 * registered (`registerClass`); Date, Map and Set are native. It writes the
 * value plus a `meta` side tree of type annotations, restores class
 * instances without calling constructors or setters (no validation), and
 * needs no field list (it copies own enumerable properties).
 */
import SuperJSON from "superjson";
import type { Peer } from "./contestant.js";
import { makeModels } from "./models.js";

const m = makeModels();
const sj = new SuperJSON();
for (const c of [m.Order, m.Address, m.LineItem, m.Circle, m.Square]) sj.registerClass(c, { identifier: c.name });

export const superjson: Peer = {
  name: "superjson",
  build: m.build,
  encode: (orders) => sj.stringify(orders),
  decode: (text) => sj.parse(text) as unknown[],
  validates: false,
  notes: [
    "no validation on decode (instances are restored with Object.assign, no constructor, no setters)",
    "accessor / getter-backed fields are not written (only own enumerable properties)",
  ],
};
