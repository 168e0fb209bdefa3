import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { DecorumError } from "../../src/errors.js";
import { Registry } from "../../src/registry/index.js";
import { Box, Labelled, Loose, modelsIn, Point, valueGraph } from "../fixtures/registry/arbitraries.js";
import { prototypeSnapshot } from "../fixtures/registry/exact.js";

const reg = new Registry();
modelsIn(reg);

const NASTY: unknown[] = [
  null,
  -1,
  "x",
  [],
  {},
  true,
  { $type: "__proto__" },
  { $type: "constructor", value: {} },
  { $type: "Function", value: "return globalThis" },
  { $type: "test.Point" },
  { $type: "test.Point", x: "1", y: [] },
  { $type: "test.Box", content: { $type: "test.Box" } },
  { $type: "test.Loose", __proto__: null, constructor: 1, prototype: 2 },
  { $type: "ref", value: 0 },
  { $type: "ref", value: -1 },
  { $type: "object", $id: 0, value: { $type: "ref", value: 0 } },
  { $type: "array", $id: 1, value: [{ $type: "ref", value: 1 }] },
  { $type: "Map", value: [[{ $type: "ref", value: 5 }, 1]] },
  { $type: "Date", value: 1e20 },
  { $type: "bigint", value: "-" },
  { $type: "Float64Array", value: "AAAA" },
  { $type: "test.Labelled", $version: 2 },
  { $type: "test.Labelled", $version: "1" },
  { $type: 7 },
  JSON.parse('{"__proto__": {"polluted": 1}}'),
  JSON.parse('{"$type": "test.Loose", "__proto__": {"polluted": 1}, "a": {"constructor": {"prototype": {"polluted": 1}}}}'),
];

type Json = null | boolean | number | string | Json[] | { [k: string]: Json };

/** Every (container, key) position of a JSON tree. */
function positions(root: Json): Array<[Json[] | Record<string, Json>, string | number]> {
  const out: Array<[Json[] | Record<string, Json>, string | number]> = [];
  const todo: Json[] = [root];
  while (todo.length) {
    const n = todo.pop();
    if (Array.isArray(n)) {
      for (let i = 0; i < n.length; i++) {
        out.push([n, i]);
        todo.push(n[i] as Json);
      }
    } else if (n !== null && typeof n === "object")
      for (const k of Object.keys(n)) {
        out.push([n, k]);
        todo.push(n[k] as Json);
      }
  }
  return out;
}

const mutation = fc.tuple(fc.nat(), fc.nat(), fc.integer({ min: 0, max: 5 }), fc.string({ maxLength: 3 }));

function mutate(doc: Json, steps: Array<[number, number, number, string]>): Json {
  const copy = JSON.parse(JSON.stringify(doc)) as Json;
  for (const [p, pick, op, text] of steps) {
    const all = positions(copy);
    if (all.length === 0) break;
    const [container, key] = all[p % all.length] as [Record<string | number, Json>, string | number];
    switch (op) {
      case 0:
        container[key] = JSON.parse(JSON.stringify(NASTY[pick % NASTY.length])) as Json;
        break;
      case 1:
        if (Array.isArray(container)) container.splice(key as number, 1);
        else delete container[key];
        break;
      case 2:
        if (!Array.isArray(container)) {
          const v = container[key] as Json;
          delete container[key];
          Object.defineProperty(container, ["__proto__", "constructor", "prototype", "$type", "$id", text][pick % 6] as string, {
            value: v,
            enumerable: true,
            writable: true,
            configurable: true,
          });
        }
        break;
      case 3:
        container[key] = text;
        break;
      case 4:
        container[key] = [container[key] as Json];
        break;
      default:
        container[key] =
          pick % 2
            ? -0
            : { $type: ["test.Point", "test.Box", "Map", "Set", "Date", "object"][pick % 6] as string, value: container[key] as Json };
    }
  }
  return copy;
}

describe("fuzz: mutated documents", () => {
  it("only ever throw DecorumErrors and never touch a prototype (10,000 cases)", () => {
    const before = prototypeSnapshot(Point.prototype, Labelled.prototype, Box.prototype, Loose.prototype);
    const docs = fc.sample(valueGraph, { numRuns: 200, seed: 42 }).map((v) => JSON.parse(reg.serialize(v, { references: true })) as Json);
    let failures = 0;
    fc.assert(
      fc.property(fc.nat(), fc.array(mutation, { minLength: 1, maxLength: 4 }), fc.boolean(), (which, steps, asText) => {
        const doc = mutate(docs[which % docs.length] as Json, steps);
        try {
          if (asText) reg.deserialize(JSON.stringify(doc));
          else reg.fromPlain(doc);
        } catch (e) {
          failures++;
          if (!(e instanceof DecorumError)) throw e;
        }
      }),
      { numRuns: 10_000 },
    );
    expect(failures).toBeGreaterThan(1000);
    expect(prototypeSnapshot(Point.prototype, Labelled.prototype, Box.prototype, Loose.prototype)).toBe(before);
    expect(({} as { polluted?: unknown }).polluted).toBeUndefined();
  });
});
