/**
 * Element types below the first level (`[[T]]`, `[[[T]]]`, a Map or Set whose
 * `of` names `[T]`) are checked on the way in like a one-level `[T]`: a
 * `type` issue at the element's exact path, on every read — text and plain,
 * tagged and untagged, compiled and interpreted readers, recursive and
 * iterative walk.
 */
import { describe, expect, it } from "vitest";
import { DeserializeError } from "../../src/errors.js";
import { defineModel, field, Registry } from "../../src/registry/index.js";
import { withRecursion } from "../support/depth.js";

class Grid {
  nums: number[][] = [];
  strs: string[][] = [];
  bools: boolean[][][] = [];
  dates: Date[][] = [];
  byName = new Map<string, number[]>();
  datesByName = new Map<string, Date[]>();
  rows = new Set<number[]>();
}

function setup(compile: boolean) {
  const reg = new Registry({ compile });
  const G = defineModel(Grid, {
    registry: reg,
    name: "t.Grid",
    fields: {
      nums: field([[Number]]),
      strs: field([[String]]),
      bools: field([[[Boolean]]]),
      dates: field([[Date]]),
      byName: field({ type: Map, of: [String, [Number]] }),
      datesByName: field({ type: Map, of: [String, [Date]] }),
      rows: field({ type: Set, of: [Number] }),
    },
  });
  return { reg, G };
}

function issuesOf(fn: () => unknown): { path: unknown[]; code: string; received?: unknown }[] {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(DeserializeError);
    return (e as DeserializeError).issues.map((i) => ({ path: [...i.path], code: i.code, received: i.received }));
  }
  throw new Error("expected a DeserializeError, got a value");
}

const empty = { nums: [], strs: [], bools: [], dates: [], byName: {}, datesByName: {}, rows: [] };

/** A bad element somewhere below the first level: the field's plain value, and where the issue must be. */
const bad: { name: string; key: keyof typeof empty; value: unknown; path: unknown[]; received: unknown }[] = [
  { name: "[[Number]] holding a string", key: "nums", value: [[1, "x"]], path: ["nums", 0, 1], received: "x" },
  { name: "[[Number]] holding an object", key: "nums", value: [[1], [2, { a: 1 }]], path: ["nums", 1, 1], received: undefined },
  { name: "[[String]] holding a number", key: "strs", value: [["a", 5]], path: ["strs", 0, 1], received: 5 },
  {
    name: "[[String]] holding a tagged Date",
    key: "strs",
    value: [[{ $type: "Date", value: "2024-01-01T00:00:00.000Z" }]],
    path: ["strs", 0, 0],
    received: undefined,
  },
  { name: "[[[Boolean]]] holding a string", key: "bools", value: [[[true], ["no"]]], path: ["bools", 0, 1, 0], received: "no" },
  { name: "[[Date]] holding a number", key: "dates", value: [["2024-01-01T00:00:00.000Z", 5]], path: ["dates", 0, 1], received: 5 },
  { name: "Map of [String, [Number]] holding a string", key: "byName", value: { a: [1, "x"] }, path: ["byName", "a", 1], received: "x" },
  { name: "Map of [String, [Date]] holding a number", key: "datesByName", value: { a: [5] }, path: ["datesByName", "a", 0], received: 5 },
  { name: "Set of [Number] holding a string", key: "rows", value: [[1, "x"]], path: ["rows", 0, 1], received: "x" },
];

const modes = [
  { compile: true, walk: undefined },
  { compile: false, walk: undefined },
  { compile: true, walk: 1 },
  { compile: false, walk: 1 },
];

for (const { compile, walk } of modes) {
  describe(`nested element types (${compile ? "compiled" : "interpreted"}, ${walk === undefined ? "recursive" : "iterative"} walk)`, () => {
    const { reg, G } = setup(compile);
    const read = {
      "deserialize (untagged text)": (data: object) => reg.deserialize(JSON.stringify(data), G),
      "deserialize (tagged text)": (data: object) => reg.deserialize(JSON.stringify({ $type: "t.Grid", ...data }), G),
      "deserialize (no expected class)": (data: object) => reg.deserialize(JSON.stringify({ $type: "t.Grid", ...data })),
      fromPlain: (data: object) => reg.fromPlain({ ...data }, G),
      "fromPlain (tagged root)": (data: object) => reg.fromPlain({ $type: "t.Grid", ...data }, G),
    };

    for (const [how, decode] of Object.entries(read)) {
      for (const c of bad) {
        it(`${how}: refuses ${c.name} with a type issue at its exact path`, () => {
          const issues = withRecursion(walk, () => issuesOf(() => decode({ ...empty, [c.key]: c.value })));
          expect(issues).toHaveLength(1);
          const [issue] = issues;
          expect(issue?.path).toEqual(c.path);
          expect(issue?.code).toBe("type");
          if (c.received !== undefined) expect(issue?.received).toBe(c.received);
        });
      }

      it(`${how}: reports every bad nested element, not only the first`, () => {
        const issues = withRecursion(walk, () => issuesOf(() => decode({ ...empty, nums: [["x", { a: 1 }]], bools: [[["no"]]] })));
        expect(issues.map((i) => [i.path, i.code])).toEqual([
          [["nums", 0, 0], "type"],
          [["nums", 0, 1], "type"],
          [["bools", 0, 0, 0], "type"],
        ]);
      });
    }

    function valid(): Grid {
      const g = new G();
      g.nums = [[1, 2], [], [3]];
      g.strs = [["a"], ["b", "c"]];
      g.bools = [[[true, false]], [[]]];
      g.dates = [[new Date(0), new Date("2024-01-01T00:00:00Z")]];
      g.byName = new Map([
        ["a", [1, 2]],
        ["b", []],
      ]);
      g.datesByName = new Map([["a", [new Date(5)]]]);
      g.rows = new Set([[1, 2], [3]]);
      return g;
    }

    it("reads valid nested data back equal: serialize / deserialize", () => {
      const g = valid();
      const back = withRecursion(walk, () => reg.deserialize(reg.serialize(g), G));
      expect(back).toBeInstanceOf(G);
      expect(back).toEqual(g);
    });

    it("reads valid nested data back equal: toPlain / fromPlain, tagged and with tags: false", () => {
      const g = valid();
      const tagged = withRecursion(walk, () => reg.fromPlain(reg.toPlain(g), G));
      const untagged = withRecursion(walk, () => reg.fromPlain(reg.toPlain(g, { tags: false }), G));
      expect(tagged).toEqual(g);
      expect(untagged).toEqual(g);
      expect(untagged.dates[0]?.[1]).toBeInstanceOf(Date);
      expect(untagged.datesByName.get("a")?.[0]).toBeInstanceOf(Date);
    });

    it("refuses a bad element below a tagged Map's value and a tagged Set", () => {
      const text = JSON.stringify({
        $type: "t.Grid",
        ...empty,
        byName: { $type: "Map", value: [["a", [1, "x"]]] },
        rows: { $type: "Set", value: [[1], [true]] },
      });
      const issues = withRecursion(walk, () => issuesOf(() => reg.deserialize(text, G)));
      expect(issues.map((i) => i.code)).toEqual(["type", "type"]);
      expect(issues.map((i) => i.received)).toEqual(["x", true]);
      expect(issues[0]?.path.slice(0, 1)).toEqual(["byName"]);
      expect(issues[0]?.path.at(-1)).toBe(1);
      expect(issues[1]?.path.slice(0, 1)).toEqual(["rows"]);
      expect(issues[1]?.path.at(-1)).toBe(0);
    });
  });
}
