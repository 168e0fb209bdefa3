/**
 * The short path of `toPlain` / `fromPlain` for flat models (src/registry/flat.ts): with the default
 * options a model whose fields are all numbers, strings or booleans is encoded and decoded by its own
 * codec at once. Differential tests: the same call with an options object (`{}`) takes the general
 * path, and both must give byte-identical trees, identical instances (one construction each) and
 * identical errors, for every value, bail-out cases included; models that are not flat never take it.
 * The calls into flat.ts are counted, so a test also pins which path a call took.
 */
import { beforeEach, describe, expect, it, vi } from "vitest";
import { positive, range, readonly } from "../../src/descriptors/index.js";
import { SerializeError } from "../../src/errors.js";
import { defineModel, field, model, Registry } from "../../src/registry/index.js";

const seen = vi.hoisted(() => ({ encodes: 0, trees: 0, reads: 0, ready: 0 }));

vi.mock("../../src/registry/flat.js", async (importOriginal) => {
  const m = await importOriginal<typeof import("../../src/registry/flat.js")>();
  return {
    ...m,
    flatEncode: (mc: Parameters<typeof m.flatEncode>[0], value: object) => {
      seen.encodes++;
      const tree = m.flatEncode(mc, value);
      if (tree !== m.FLAT_BAIL) seen.trees++;
      return tree;
    },
    flatReady: (plan: Parameters<typeof m.flatReady>[0], o: Record<string, unknown>) => {
      seen.reads++;
      const ok = m.flatReady(plan, o);
      if (ok) seen.ready++;
      return ok;
    },
  };
});

beforeEach(() => {
  seen.encodes = seen.trees = seen.reads = seen.ready = 0;
});

type Outcome = { ok: true; text: string; value: unknown } | { ok: false; error: unknown };

function attempt(f: () => unknown): Outcome {
  try {
    const value = f();
    return { ok: true, text: JSON.stringify(value) ?? "undefined", value };
  } catch (error) {
    return { ok: false, error };
  }
}

/** What an error says: class, message, path and issues. */
function errorOf(e: unknown): unknown {
  if (!(e instanceof Error)) return e;
  const x = e as Error & { path?: unknown; issues?: unknown; rootName?: unknown };
  return { name: x.constructor.name, message: x.message, path: x.path, issues: x.issues, rootName: x.rootName };
}

function same(general: Outcome, short: Outcome): void {
  expect(short.ok).toBe(general.ok);
  if (general.ok && short.ok) {
    expect(short.text).toBe(general.text);
    expect(short.value).toStrictEqual(general.value);
  } else if (!general.ok && !short.ok) expect(errorOf(short.error)).toStrictEqual(errorOf(general.error));
}

/** toPlain by the general path (`{}`: an options object) and by the short one; the short outcome. */
function encodeBoth(reg: Registry, value: unknown): Outcome {
  const general = attempt(() => reg.toPlain(value, {}));
  const short = attempt(() => reg.toPlain(value));
  same(general, short);
  return short;
}

/** An instance's state: its prototype, own keys and the values of `keys`. */
function state(inst: unknown, keys: readonly string[]): unknown {
  if (inst === null || typeof inst !== "object") return inst;
  const o = inst as Record<string, unknown>;
  return { proto: Object.getPrototypeOf(o), own: Reflect.ownKeys(o), values: keys.map((k) => o[k]) };
}

/** fromPlain by the general path and the short one (each on its own copy of `tree`); the short outcome. */
function decodeBoth(reg: Registry, tree: unknown, C: Function, keys: readonly string[]): Outcome {
  const copy = () => structuredClone(tree);
  const general = attempt(() => reg.fromPlain(copy(), C, {}));
  const short = attempt(() => reg.fromPlain(copy(), C));
  expect(short.ok).toBe(general.ok);
  if (general.ok && short.ok) {
    expect(state(short.value, keys)).toStrictEqual(state(general.value, keys));
    expect(short.value).toStrictEqual(general.value);
  } else if (!general.ok && !short.ok) expect(errorOf(short.error)).toStrictEqual(errorOf(general.error));
  return short;
}

const NUMBERS = [0, 1, -1, 0.5, -2.25, 1e21, 5e-324, Number.MAX_SAFE_INTEGER, 2 ** 31, -(2 ** 31) - 1];
/** Values the short path must leave to the general one in a number field. */
const NOT_PLAIN = [Number.NaN, Infinity, -Infinity, -0, undefined, null, "1", true, 1n, {}, [], new Date(0), Symbol("s"), () => 1];

for (const compile of [true, false]) {
  describe(`a flat model (${compile ? "generated codecs" : "interpreted codecs: no code generation"})`, () => {
    const reg = new Registry({ compile });
    let constructed = 0;
    class Point {
      declare x: number;
      declare y: number;
      constructor(x = 0, y = 0) {
        constructed++;
        this.x = x;
        this.y = y;
      }
    }
    defineModel(Point, { registry: reg, name: "flat.Point", fields: { x: Number, y: Number } });
    class Label {
      declare text: string;
      declare on: boolean;
      declare n: number;
    }
    defineModel(Label, {
      registry: reg,
      name: "flat.Label",
      fields: { text: String, on: { type: Boolean, wireName: "toString" }, n: { type: Number, optional: true, wireName: "0" } },
    });
    @model({ registry: reg, name: "flat.Checked", strict: true })
    class Checked {
      @field(Number) @positive accessor price = 1;
      @field(Number) @range(1, 100) accessor qty = 1;
      @field(String) @readonly accessor id = "new";
      @field(Number) get total(): number {
        return this.price * this.qty;
      }
    }
    const keys = ["x", "y"];

    it("encodes plain values at once, to the general path's tree", () => {
      for (const x of NUMBERS)
        for (const y of NUMBERS) {
          const before = seen.trees;
          const out = encodeBoth(reg, new Point(x, y));
          expect(out.ok && out.text).toBe(JSON.stringify({ $type: "flat.Point", x, y }));
          expect(seen.trees).toBe(before + 1);
        }
      const l = new Label();
      Object.assign(l, { text: 'a\u2028"b', on: false, n: 3 });
      expect(encodeBoth(reg, l)).toMatchObject({ ok: true, text: '{"0":3,"$type":"flat.Label","text":"a\u2028\\"b","toString":false}' });
      const c = new Checked();
      c.price = 2.5;
      expect(encodeBoth(reg, c)).toMatchObject({ ok: true, text: '{"$type":"flat.Checked","price":2.5,"qty":1,"id":"new","total":2.5}' });
      expect(seen.trees).toBe(NUMBERS.length ** 2 + 2);
    });

    it("leaves every other value to the general path (tags, errors and all)", () => {
      for (const bad of NOT_PLAIN) {
        const p = new Point(1, 2);
        (p as { y: unknown }).y = bad;
        const before = seen.trees;
        const out = encodeBoth(reg, p);
        expect(seen.trees).toBe(before);
        expect(seen.encodes).toBeGreaterThan(0);
        if (typeof bad === "number") expect(out.ok && out.text).toMatch(/"\$type":"number"/);
      }
      const l = new Label();
      Object.assign(l, { text: "t", on: true, n: undefined });
      expect(encodeBoth(reg, l)).toMatchObject({ ok: true, text: '{"$type":"flat.Label","text":"t","toString":true}' });
      const thrower = new Point(1, 2);
      Object.defineProperty(thrower, "y", {
        get() {
          throw new Error("no y");
        },
      });
      expect(encodeBoth(reg, thrower)).toMatchObject({ ok: false });
      const proxy = new Proxy(new Point(1, 2), {});
      expect(encodeBoth(reg, proxy)).toMatchObject({ ok: true, text: '{"$type":"flat.Point","x":1,"y":2}' });
      // A Proxy whose prototype trap throws: the same SerializeError as the general path, not the trap's error.
      const trapped = new Proxy(new Point(1, 2), {
        getPrototypeOf() {
          throw new Error("no prototype");
        },
      });
      expect(encodeBoth(reg, trapped)).toMatchObject({ ok: false });
      expect(() => reg.toPlain(trapped)).toThrow(SerializeError);
      expect(seen.trees).toBe(1);
    });

    it("gives subclasses to the general path", () => {
      class Sub extends Point {}
      expect(encodeBoth(reg, new Sub(1, 2))).toMatchObject({ ok: false });
      @model({ registry: reg, name: "flat.Point3" })
      class Point3 extends Point {
        @field(Number) accessor z = 0;
      }
      const out = encodeBoth(reg, Object.assign(new Point3(1, 2), { z: 3 }));
      expect(out).toMatchObject({ ok: true, text: '{"$type":"flat.Point3","x":1,"y":2,"z":3}' });
      expect(decodeBoth(reg, { $type: "flat.Point3", x: 1, y: 2, z: 3 }, Point, ["x", "y", "z"])).toMatchObject({ ok: true });
      expect(decodeBoth(reg, { $type: "flat.Point3", x: 1, y: 2, z: 3 }, Point3, ["x", "y", "z"])).toMatchObject({ ok: true });
      expect(seen.trees).toBe(1);
      expect(seen.ready).toBe(1);
    });

    it("decodes a tagged tree at once, to the general path's instance, constructing it once", () => {
      for (const x of NUMBERS)
        for (const y of NUMBERS) {
          const before = [seen.ready, constructed];
          const out = decodeBoth(reg, { $type: "flat.Point", x, y }, Point, keys);
          expect(out.ok && state(out.value, keys)).toStrictEqual(state(new Point(x, y), keys));
          expect([seen.ready, constructed]).toEqual([(before[0] as number) + 1, (before[1] as number) + 3]);
        }
      const c = decodeBoth(reg, { $type: "flat.Checked", price: 2, qty: 3, id: "c1", total: 99 }, Checked, ["price", "qty", "id", "total"]);
      expect(c.ok && (c.value as Checked).total).toBe(6);
      expect(() => {
        (c.ok ? (c.value as Checked) : new Checked()).id = "x";
      }).toThrow();
      const l = decodeBoth(reg, { $type: "flat.Label", text: "t", toString: true, 0: 7 }, Label, ["text", "on", "n"]);
      expect(l.ok && state(l.value, [])).toMatchObject({ proto: Label.prototype });
      expect(seen.ready).toBe(NUMBERS.length ** 2 + 2);
    });

    it("gives the general path's issues for invalid fields of a flat tree", () => {
      const cases: unknown[] = [
        { $type: "flat.Checked", price: -2, qty: 500, id: "c" },
        { $type: "flat.Checked", price: 2, qty: 3, id: "c", extra: 1 },
      ];
      for (const tree of cases) expect(decodeBoth(reg, tree, Checked, ["price", "qty", "id"])).toMatchObject({ ok: false });
      expect(seen.ready).toBe(cases.length);
    });

    it("reads with the registry's limits whatever the call before asked", () => {
      const tree = { $type: "flat.Checked", price: -2, qty: 500, id: "c", extra: 1 };
      const general = attempt(() => reg.fromPlain(structuredClone(tree), Checked, {}));
      expect(general.ok || (general.error as { issues: unknown[] }).issues.length).toBe(3);
      for (const options of [{ maxIssues: 1 }, { unknownKeys: "strip" as const }, { maxDepth: 1 }]) {
        expect(() => reg.fromPlain(structuredClone(tree), Checked, options)).toThrow();
        same(
          general,
          attempt(() => reg.fromPlain(structuredClone(tree), Checked)),
        );
      }
      expect(seen.ready).toBe(3);
    });

    it("leaves every other tree to the general path", () => {
      const trees: unknown[] = [
        { x: 1, y: 2 },
        { $type: "flat.Point", x: 1 },
        { $type: "flat.Point", x: 1, y: null },
        { $type: "flat.Point", x: 1, y: "2" },
        { $type: "flat.Point", x: 1, y: { $type: "number", value: "NaN" } },
        { $type: "flat.Point", $id: 1, x: 1, y: 2 },
        { $type: "flat.Point", $version: 1, x: 1, y: 2 },
        { $type: "flat.Point", $version: 2, x: 1, y: 2 },
        { $type: "flat.Label", text: "t", toString: true },
        { $type: "flat.Nope", x: 1, y: 2 },
        { $type: 1, x: 1, y: 2 },
        [1, 2],
        "x",
        null,
      ];
      for (const x of NOT_PLAIN) if (typeof x !== "symbol" && typeof x !== "function") trees.push({ $type: "flat.Point", x: 1, y: x });
      for (const tree of trees) decodeBoth(reg, tree, Point, keys);
      const nullProto = Object.assign(Object.create(null), { $type: "flat.Point", x: 1, y: 2 });
      expect(state(reg.fromPlain(nullProto, Point), keys)).toStrictEqual(state(new Point(1, 2), keys));
      const label = { $type: "flat.Label", text: "t", 0: 1 };
      decodeBoth(reg, label, Label, ["text", "on", "n"]);
      const hostile = new Proxy(
        {},
        {
          get() {
            throw new Error("no reads");
          },
        },
      );
      same(
        attempt(() => reg.fromPlain(hostile, Point, {})),
        attempt(() => reg.fromPlain(hostile, Point)),
      );
      // Read at once: the trees with "$id" or "$version" (which the model's read gives back) and the numbers
      // JSON has no spelling for (a tree from elsewhere may hold them: read as they are by either path).
      expect(seen.ready).toBe(7);
    });

    it("reports a constructor that fails or returns another object as the general path does", () => {
      let mode = "";
      class Odd {
        declare v: number;
        constructor() {
          if (mode === "throw") throw new Error("no");
          // biome-ignore lint/correctness/noConstructorReturn: the case under test (deserialize's type check catches it)
          if (mode === "other") return { v: 0 } as Odd;
        }
      }
      defineModel(Odd, { registry: reg, name: "flat.Odd", fields: { v: Number } });
      for (mode of ["", "throw", "other"]) decodeBoth(reg, { $type: "flat.Odd", v: 1 }, Odd, ["v"]);
      expect(seen.ready).toBe(3);
    });

    it("is left as soon as the registry changes", () => {
      const local = new Registry({ compile });
      class A {
        declare n: number;
      }
      class B {
        declare n: number;
      }
      defineModel(A, { registry: local, name: "flat.N", fields: { n: Number } });
      expect(local.toPlain(Object.assign(new A(), { n: 1 }))).toEqual({ $type: "flat.N", n: 1 });
      expect(local.fromPlain({ $type: "flat.N", n: 1 }, A)).toBeInstanceOf(A);
      local.unregister(A);
      defineModel(B, { registry: local, name: "flat.N", fields: { n: Number } });
      expect(() => local.toPlain(Object.assign(new A(), { n: 1 }))).toThrow(/not registered/);
      expect(() => local.fromPlain({ $type: "flat.N", n: 1 }, A)).toThrow(/expected A/);
      expect(local.fromPlain({ $type: "flat.N", n: 1 }, B)).toBeInstanceOf(B);
      expect(seen.trees).toBe(1);
      expect(seen.ready).toBe(2);
    });
  });
}

describe("models that are not flat", () => {
  const reg = new Registry();
  class Inner {
    declare n: number;
  }
  defineModel(Inner, { registry: reg, name: "nf.Inner", fields: { n: Number } });
  const cases: Array<[string, Record<string, unknown>, object, Record<string, unknown>]> = [];
  const add = (name: string, options: Record<string, unknown>, fields: Record<string, unknown>, values: Record<string, unknown>) => {
    class M {}
    defineModel(M, { registry: reg, name: `nf.${name}`, fields: fields as never, ...options });
    cases.push([name, values, M, options]);
  };
  add("Dated", {}, { at: Date }, { at: new Date(5) });
  add("Nested", {}, { inner: Inner }, { inner: Object.assign(new Inner(), { n: 1 }) });
  add("Big", {}, { b: BigInt }, { b: 5n });
  add("Untyped", {}, { u: Object }, { u: 1 });
  add("Versioned", { version: 2, migrate: { 1: (d: Record<string, unknown>) => d } }, { n: Number }, { n: 1 });
  add("Factory", { factory: () => new Inner() }, { n: Number }, { n: 1 });
  add("Hooked", { afterDeserialize: () => {} }, { n: Number }, { n: 1 });
  add("Own", {}, {}, { n: 1 });

  it("never take the short path", () => {
    for (const [name, values, M] of cases) {
      const inst = Object.assign(Object.create((M as Function).prototype), values);
      const out = encodeBoth(reg, inst);
      if (out.ok) decodeBoth(reg, out.value, M as Function, Object.keys(values));
      expect([name, seen.encodes, seen.reads]).toEqual([name, 0, 0]);
    }
  });
});
