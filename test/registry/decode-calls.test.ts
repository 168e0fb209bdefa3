/**
 * Decode state kept between calls: a registry remembers the root
 * expectation and type check of the last class given to `fromPlain` /
 * `deserialize`, and its decoder the site of the last model position. Calls
 * that alternate classes, registrations made between calls and documents of
 * another class than the one expected must give the same results and
 * issues as the first call of a fresh registry. Also: the registry's plain
 * view (for the schema exports) belongs to registries only.
 */
import { describe, expect, it } from "vitest";
import { integer, nonNegative, readonly } from "../../src/descriptors/index.js";
import type { DeserializeError } from "../../src/errors.js";
import { field, model, Registry, schema, toJSONSchema } from "../../src/registry/index.js";
import { issuesOf } from "../support/issues.js";

for (const compile of [true, false]) {
  describe(`decode calls in a row (${compile ? "compiled" : "interpreted"})`, () => {
    it("alternating root classes read each document as its own class, and the root type check stays per class", () => {
      const reg = new Registry({ compile });
      @model({ registry: reg, name: "calls.A" })
      class A {
        @field(Number) @integer @nonNegative accessor n = 0;
      }
      @model({ registry: reg, name: "calls.B" })
      class B {
        @field(String) accessor s = "";
      }
      for (let round = 0; round < 3; round++) {
        const a = reg.fromPlain({ n: round }, A);
        expect(a).toBeInstanceOf(A);
        expect(a.n).toBe(round);
        const b = reg.deserialize(`{"s":"x${round}"}`, B);
        expect(b).toBeInstanceOf(B);
        expect(b.s).toBe(`x${round}`);
        // A tagged B where an A is expected: the root check of A, not of the previous class.
        expect(issuesOf(() => reg.fromPlain({ $type: "calls.B", s: "y" }, A))).toEqual([{ path: [], code: "type", message: "expected A" }]);
        expect(issuesOf(() => reg.fromPlain({ n: -1 }, A))).toEqual([
          { path: ["n"], code: "nonNegative", message: expect.any(String) as unknown as string },
        ]);
        expect(reg.fromPlain({ $type: "calls.A", n: 2 })).toBeInstanceOf(A);
      }
    });

    it("a subclass registered between two calls is seen by the next call (root and nested positions)", () => {
      const reg = new Registry({ compile });
      @model({ registry: reg, name: "calls.Shape", discriminator: "kind" })
      class Shape {
        @field(Number) accessor size = 0;
      }
      @model({ registry: reg, name: "calls.Box" })
      class Box {
        @field(Shape) accessor shape = new Shape();
      }
      expect(reg.fromPlain({ size: 1 }, Shape)).toBeInstanceOf(Shape);
      expect(reg.fromPlain({ shape: { size: 1 } }, Box).shape).toBeInstanceOf(Shape);

      @model({ registry: reg, name: "calls.Circle", discriminatorValue: "circle" })
      class Circle extends Shape {
        @field(Number) accessor r = 0;
      }
      // Shape now has a registered subclass: an object without "kind" no longer says which class it is.
      expect(issuesOf(() => reg.fromPlain({ size: 1 }, Shape)).map((i) => [i.path, i.code])).toEqual([[["kind"], "discriminator"]]);
      expect(issuesOf(() => reg.fromPlain({ shape: { size: 1 } }, Box)).map((i) => [i.path, i.code])).toEqual([
        [["shape", "kind"], "discriminator"],
      ]);
      const c = reg.fromPlain({ kind: "circle", size: 2, r: 3 }, Shape);
      expect(c).toBeInstanceOf(Circle);
      expect((c as Circle).r).toBe(3);
      expect(reg.fromPlain({ shape: { kind: "circle", size: 2, r: 3 } }, Box).shape).toBeInstanceOf(Circle);
    });

    it("models with and without readonly members, decoded in turn, write their fields (and readonly ones stay sealed)", () => {
      const reg = new Registry({ compile });
      @model({ registry: reg, name: "calls.Open" })
      class Open {
        @field(Number) accessor n = 0;
      }
      @model({ registry: reg, name: "calls.Sealed" })
      class Sealed {
        @readonly @field(String) accessor id = "new";
      }
      for (let round = 0; round < 3; round++) {
        expect(reg.fromPlain({ n: round }, Open).n).toBe(round);
        const s = reg.fromPlain({ id: `s${round}` }, Sealed);
        expect(s.id).toBe(`s${round}`);
        expect(() => {
          s.id = "changed";
        }).toThrow();
        expect(reg.fromPlain({ $type: "calls.Sealed", id: "t" })).toBeInstanceOf(Sealed);
      }
    });

    it('own "$type" and "$version" keys whose value is undefined are still own keys', () => {
      const reg = new Registry({ compile });
      @model({ registry: reg, name: "calls.U" })
      class U {
        @field(Number) accessor n = 0;
      }
      // Own "$type" (even undefined): not read as an untagged U but as a wire node, whose undefined "$type" is no JSON value.
      expect(issuesOf(() => reg.fromPlain({ $type: undefined, n: 1 }, U))).toEqual([
        { path: ["$type"], code: "json", message: "not a JSON value: undefined" },
      ]);
      // Own "$version" undefined on an unversioned model: the current version.
      const u = reg.fromPlain({ $version: undefined, n: 2 }, U);
      expect(u).toBeInstanceOf(U);
      expect(u.n).toBe(2);
    });

    it('a versioned model migrates an untagged object with an own "$version" key (even undefined), not one without', () => {
      const reg = new Registry({ compile });
      @model({ registry: reg, name: "calls.V", version: 2, migrate: { 1: (d) => ({ ...d, name: `v1 ${String(d.name)}` }) } })
      class V {
        @field(String) accessor name = "";
      }
      for (let round = 0; round < 2; round++) {
        expect(reg.fromPlain({ $version: undefined, name: "a" }, V).name).toBe("v1 a");
        expect(reg.fromPlain({ name: "b" }, V).name).toBe("b");
        expect(reg.fromPlain({ $version: 2, name: "c" }, V).name).toBe("c");
        expect(issuesOf(() => reg.fromPlain({ $version: 3, name: "d" }, V)).map((i) => [i.path, i.code])).toEqual([
          [["$version"], "version"],
        ]);
      }
    });

    it("an untyped root reads as the same value nested under a key: tagged models, other tags, bad input", () => {
      const reg = new Registry({ compile });
      @model({ registry: reg, name: "calls.R" })
      class R {
        @field(Number) @integer @nonNegative accessor n = 0;
        @field(Date) at = new Date(0);
      }
      const throwing = { n: 1 };
      Object.defineProperty(throwing, "$type", {
        enumerable: true,
        get() {
          throw new Error("no tag today");
        },
      });
      const roots: unknown[] = [
        { $type: "calls.R", n: 1, at: "2024-01-01T00:00:00.000Z" },
        { $type: "calls.R", $id: 0, n: 2 },
        { $type: "calls.R", n: -1, at: "yesterday" },
        { $type: "calls.R", n: 1, extra: true },
        { $type: "calls.Nope", n: 1 },
        { $type: 7, n: 1 },
        { $type: "Date", value: "2024-01-01T00:00:00.000Z" },
        { $type: "Set", value: [1, 2] },
        { $type: "object", value: { $type: "calls.R" } },
        { $type: "array", value: [1] },
        { $type: "ref", value: 0 },
        Object.assign(Object.create({ $type: "calls.R" }) as object, { n: 1 }),
        new R(),
        [1, { $type: "calls.R", n: 3 }],
        { n: 4 },
        throwing,
      ];
      const outcome = (fn: () => unknown, under: readonly unknown[]) => {
        try {
          return { value: fn() };
        } catch (e) {
          return { issues: (e as DeserializeError).issues.map((i) => ({ ...i, path: i.path.slice(under.length) })) };
        }
      };
      const both = (root: unknown) => {
        const alone = outcome(() => reg.fromPlain(root), []);
        const nested = outcome(() => (reg.fromPlain({ r: root }) as { r: unknown }).r, ["r"]);
        expect(alone).toStrictEqual(nested);
      };
      for (const root of roots) both(root);
      // A "$type" inherited from a polluted Object.prototype is no tag, at the root as anywhere.
      Object.defineProperty(Object.prototype, "$type", { value: "calls.R", configurable: true, writable: true });
      try {
        both({ n: 6 });
      } finally {
        delete (Object.prototype as { $type?: unknown }).$type;
      }
      const r = reg.fromPlain({ $type: "calls.R", n: 5, at: "2024-01-01T00:00:00.000Z" }) as R;
      expect(r).toBeInstanceOf(R);
      expect([r.n, r.at.toISOString()]).toEqual([5, "2024-01-01T00:00:00.000Z"]);
    });

    it("a thunk given as the expected type is read as before (no caching of its check)", () => {
      const reg = new Registry({ compile });
      @model({ registry: reg, name: "calls.T" })
      class T {
        @field(Number) accessor n = 0;
      }
      const thunk = () => T;
      expect(reg.fromPlain({ n: 1 }, thunk)).toBeInstanceOf(T);
      expect(reg.fromPlain({ n: 2 }, thunk)).toBeInstanceOf(T);
    });
  });
}

describe("the registry's plain view", () => {
  it("belongs to registries, not to objects that only inherit from Registry.prototype", () => {
    const fake = Object.create(Registry.prototype) as Registry;
    expect(() => schema(class X {}, { registry: fake })).toThrow(TypeError);
    expect(() => schema(class X {}, { registry: fake })).toThrow(/registry must be a Registry/);
    expect(() => toJSONSchema(class X {}, { registry: fake })).toThrow(TypeError);
  });
});

describe("fields without a type (compiled and interpreted alike)", () => {
  function untyped(reg: Registry) {
    @model({ registry: reg, name: "calls.Loose" })
    class Loose {
      @field() a: unknown = "";
      @field(Object) b: unknown = 0;
      @field() accessor c: unknown = false;
    }
    return Loose;
  }
  const compiled = new Registry();
  const interpreted = new Registry({ compile: false });
  const C = untyped(compiled);
  const I = untyped(interpreted);
  const outcome = (reg: Registry, cls: Function, input: unknown) => {
    try {
      const v = reg.fromPlain(input, cls) as Record<string, unknown>;
      return { a: v.a, b: v.b, c: v.c };
    } catch (e) {
      return (e as DeserializeError).issues.map((i) => ({ path: i.path, code: i.code, message: i.message }));
    }
  };
  const inputs: unknown[] = [
    { a: "x", b: 1.5, c: true },
    { a: Number.NaN, b: Number.POSITIVE_INFINITY, c: -0 },
    { a: null, b: [1, "two", null], c: { k: "v" } },
    { a: { $type: "Date", value: "2024-01-01T00:00:00.000Z" }, b: false, c: "" },
    { a: () => 1, b: Symbol("s"), c: 10n },
    { a: undefined, b: "kept", c: 0 },
  ];
  it("read JSON primitives as they are and everything else as before", () => {
    for (const input of inputs) expect(outcome(compiled, C, input)).toEqual(outcome(interpreted, I, input));
    expect(outcome(compiled, C, inputs[0])).toEqual({ a: "x", b: 1.5, c: true });
    expect(outcome(compiled, C, inputs[3])).toEqual({ a: new Date("2024-01-01T00:00:00.000Z"), b: false, c: "" });
    expect((outcome(compiled, C, inputs[4]) as Array<{ code: string }>).map((i) => i.code)).toEqual(["json", "json", "json"]);
  });
});
