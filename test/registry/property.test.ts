import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { DecorumError } from "../../src/errors.js";
import { Registry } from "../../src/registry/index.js";
import { Box, Labelled, Loose, modelsIn, Point, valueGraph } from "../fixtures/registry/arbitraries.js";
import { difference } from "../fixtures/registry/exact.js";

const compiled = new Registry();
const interpreted = new Registry({ compile: false });
modelsIn(compiled);
modelsIn(interpreted);

describe("property: round-trips", () => {
  it("compares with a check that notices every kind of difference", () => {
    const pairs: Array<[unknown, unknown]> = [
      [0, -0],
      [Number.NaN, 0],
      [
        { a: 1, b: 2 },
        { b: 2, a: 1 },
      ],
      [new Map([[1, 2]]), new Map([[1, 3]])],
      [new Set([1, 2]), new Set([2, 1])],
      [new Date(0), new Date(1)],
      [new Uint8Array([1]), new Int8Array([1])],
      [[1], { 0: 1 }],
      [Object.create(null), {}],
    ];
    for (const [a, b] of pairs) expect(difference(a, b)).toBeDefined();
  });

  it("rebuilds random value graphs exactly: types, values, prototypes, key order, -0 and NaN", () => {
    fc.assert(
      fc.property(valueGraph, (v) => {
        const back = compiled.deserialize(compiled.serialize(v));
        expect(difference(back, v)).toBeUndefined();
      }),
      { numRuns: 400 },
    );
  });

  it("rebuilds random value graphs with shared objects in references mode", () => {
    fc.assert(
      fc.property(fc.array(valueGraph, { minLength: 1, maxLength: 3 }), (parts) => {
        const v = [...parts, ...parts];
        const back = compiled.deserialize<unknown[]>(compiled.serialize(v, { references: true }));
        expect(difference(back, v)).toBeUndefined();
        for (let i = 0; i < parts.length; i++) {
          const p = parts[i];
          if (typeof p === "object" && p !== null) expect(back[i]).toBe(back[i + parts.length]);
        }
      }),
      { numRuns: 200 },
    );
  });
});

describe("differential: compiled and interpreted codecs", () => {
  it("write the same text and read it back the same way", () => {
    fc.assert(
      fc.property(valueGraph, (v) => {
        const a = compiled.serialize(v);
        expect(interpreted.serialize(v)).toBe(a);
        expect(difference(interpreted.deserialize(a), compiled.deserialize(a))).toBeUndefined();
      }),
      { numRuns: 300 },
    );
  });

  it("report the same issues for broken documents", () => {
    const broken = fc.oneof(
      fc.record({
        $type: fc.constantFrom("test.Point", "test.Labelled", "test.Box"),
        x: fc.anything(),
        y: fc.anything(),
        label: fc.anything(),
      }),
      fc.record({ $type: fc.constant("test.Box"), content: fc.anything(), tags_list: fc.anything() }, { requiredKeys: ["$type"] }),
    );
    fc.assert(
      fc.property(broken, (doc) => {
        const run = (r: Registry) => {
          try {
            return { ok: r.serialize(r.fromPlain(doc)) };
          } catch (e) {
            if (!(e instanceof DecorumError)) throw e;
            return { error: e.message };
          }
        };
        expect(run(interpreted)).toEqual(run(compiled));
      }),
      { numRuns: 300 },
    );
  });
});

describe("differential: typed plain input and plain output", () => {
  it("read untagged documents and write tag-free output the same way, issues included", () => {
    const untagged = fc.record(
      {
        x: fc.anything(),
        y: fc.anything(),
        label: fc.anything(),
        extra: valueGraph,
        $type: fc.constantFrom("test.Point", "test.Labelled"),
      },
      { requiredKeys: [] },
    );
    const cls = fc.constantFrom(Point, Labelled, Loose);
    fc.assert(
      fc.property(untagged, cls, fc.constantFrom("strip" as const, "reject" as const), (doc, C, unknownKeys) => {
        const run = (r: Registry) => {
          try {
            return { ok: r.serialize(r.fromPlain(doc, C, { unknownKeys }), { tags: false }) };
          } catch (e) {
            if (!(e instanceof DecorumError)) throw e;
            return { error: e.message };
          }
        };
        expect(run(interpreted)).toEqual(run(compiled));
      }),
      { numRuns: 300 },
    );
  });
});

describe("code generation fallback", () => {
  it("interprets the plan when new Function is forbidden", () => {
    const original = globalThis.Function;
    const forbidden = (() => {
      throw new EvalError("Code generation from strings disallowed for this context");
    }) as unknown as FunctionConstructor;
    globalThis.Function = forbidden;
    try {
      const reg = new Registry();
      modelsIn(reg);
      const box = new Box();
      box.content = { n: 1 };
      const json = reg.serialize(box);
      expect(json).toBe('{"$type":"test.Box","content":{"n":1},"tags_list":[]}');
      expect(reg.deserialize(json, Box).content).toEqual({ n: 1 });
    } finally {
      globalThis.Function = original;
    }
  });
});
