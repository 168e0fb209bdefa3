/**
 * Fields typed with a class: compiled decoders test the value with an inlined
 * `instanceof` (and read a nested model in one step); the interpreter calls
 * the field's type check. Both must accept and refuse exactly the same values,
 * with the same issues (code, path, message), and ask a class's own
 * `Symbol.hasInstance` as often.
 */
import { describe, expect, it } from "vitest";
import { DecorumError } from "../../src/errors.js";
import { field, Registry } from "../../src/registry/index.js";

const compiled = new Registry();
const interpreted = new Registry({ compile: false });

class Leaf {
  @field(Number) n = 0;
}

class Other {
  @field(String) s = "";
}

let asked = 0;
/** Accepts what its own test says, and counts how often it is asked. */
class Picky {
  @field(Number) n = 0;
  static [Symbol.hasInstance](v: unknown): boolean {
    asked++;
    return typeof v === "object" && v !== null && (v as { n?: unknown }).n !== 13;
  }
}

class Boom {
  @field(Number) n = 0;
  constructor() {
    if (Boom.fail) throw new Error("no Boom today");
  }
  static fail = false;
}

class Node {
  @field(Number) id = 0;
  @field({ type: () => Node, optional: true }) next: Node | null = null;
  @field(Leaf) leaf = new Leaf();
  @field({ type: Leaf, optional: true }) maybe: Leaf | null = null;
  @field({ type: Picky, optional: true }) picky: Picky | null = null;
  @field({ type: Boom, optional: true }) boom: Boom | null = null;
}

for (const r of [compiled, interpreted]) {
  r.register("cf.Leaf", Leaf);
  r.register("cf.Other", Other);
  r.register("cf.Picky", Picky);
  r.register("cf.Boom", Boom);
  r.register("cf.Node", Node);
}

type Outcome = { ok: string } | { issues: unknown };

function run(r: Registry, text: string, typed: boolean): { out: Outcome; asked: number } {
  asked = 0;
  let out: Outcome;
  try {
    const v = typed ? r.deserialize(text, Node) : r.deserialize(text);
    out = { ok: r.serialize(v) };
  } catch (e) {
    if (!(e instanceof DecorumError)) throw e;
    out = { issues: (e as DecorumError & { issues?: unknown }).issues ?? e.message };
  }
  return { out, asked };
}

const values: unknown[] = [
  { n: 1 },
  null,
  7,
  "text",
  true,
  [],
  [{ n: 1 }],
  { $type: "cf.Other", s: "x" },
  { $type: "cf.Leaf", n: 2 },
  { $type: "cf.Picky", n: 13 },
  { $type: "number", value: "NaN" },
  { $type: "Date", value: "2020-01-01T00:00:00.000Z" },
  { n: "not a number" },
  { n: 13 },
  {},
];

describe("class-typed fields: compiled and interpreted decoders", () => {
  it("accept and refuse the same values, with the same issues and Symbol.hasInstance calls", () => {
    for (const key of ["next", "leaf", "maybe", "picky", "boom"]) {
      for (const value of values) {
        for (const fail of [false, true]) {
          Boom.fail = fail;
          const inner = { id: 2, leaf: { n: 3 }, [key]: value };
          const doc = { id: 1, leaf: { n: 1 }, next: inner, [key === "next" ? "maybe" : key]: key === "next" ? null : value };
          for (const typed of [true, false]) {
            const text = JSON.stringify(typed ? doc : { $type: "cf.Node", ...doc });
            const a = run(compiled, text, typed);
            const b = run(interpreted, text, typed);
            expect(a, `${key} = ${JSON.stringify(value)}, Boom.fail ${fail}, typed ${typed}`).toEqual(b);
          }
        }
      }
    }
    Boom.fail = false;
  });

  it("report a refused class value at its path (fields in order, a nested model's before its parent's later fields)", () => {
    const text = JSON.stringify({ id: 1, leaf: 5, next: { id: 2, leaf: { n: 1 }, picky: { n: 13 }, next: { id: 3, leaf: "x" } } });
    for (const r of [compiled, interpreted]) {
      let err: unknown;
      try {
        r.deserialize(text, Node);
      } catch (e) {
        err = e;
      }
      const issues = (err as { issues: Array<{ path: unknown[]; code: string; message: string }> }).issues;
      expect(issues.map((i) => [i.path, i.code, i.message])).toEqual([
        [["next", "next", "leaf"], "type", "expected Leaf"],
        [["next", "picky"], "type", "expected Picky"],
        [["leaf"], "type", "expected Leaf"],
      ]);
    }
  });

  it("record a nested constructor's failure and go on at the right depth", () => {
    Boom.fail = true;
    try {
      const text = JSON.stringify({
        id: 1,
        leaf: { n: 1 },
        boom: { n: 1 },
        next: { id: 2, leaf: { n: 2 }, next: { id: 3, leaf: { n: 3 } } },
      });
      for (const r of [compiled, interpreted]) {
        let err: unknown;
        try {
          r.deserialize(text, Node, { maxDepth: 4 });
        } catch (e) {
          err = e;
        }
        const issues = (err as { issues: Array<{ path: unknown[]; code: string }> }).issues;
        expect(issues.map((i) => [i.path, i.code])).toEqual([[["boom"], "construct"]]);
      }
    } finally {
      Boom.fail = false;
    }
  });
});
