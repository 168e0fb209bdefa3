/**
 * Built-in validators inlined into compiled decoders (src/registry/inline-checks.ts):
 * the compiled codec must accept and refuse exactly what the interpreter
 * (which always writes through the setter) accepts and refuses, with the
 * same issues (code, path, message, expected, received), for every
 * built-in rule, stacked rules, custom `validate(fn)` rules, inherited
 * rules and models with a factory.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { finite, integer, length, nonNegative, oneOf, pattern, positive, range, typed, validate } from "../../src/descriptors/index.js";
import { DeserializeError } from "../../src/errors.js";
import { field, model, Registry } from "../../src/registry/index.js";

const compiled = new Registry();
const interpreted = new Registry({ compile: false });
const marker = { marker: true };

class Checked {
  @field(Number) @integer @nonNegative accessor id = 0;
  @field(Number) @finite accessor amount = 0;
  @field(Number) @positive accessor price = 1;
  @field(Number) @range(-1.5, 10) accessor level = 0;
  @field(Number) @range(0, Number.POSITIVE_INFINITY) accessor open = 0;
  @field(Number) @typed(Number) accessor n = 0;
  @field(String) @typed(String) accessor s = "";
  @field() @oneOf<unknown>("a", "b", 3, null, Number.NaN, -0, true, marker) accessor pick: unknown = "a";
  @field(String) @pattern(/^[A-Z]{2}-\d+$/g) accessor code = "AB-1";
  @field() @length(1, 3) accessor short: string | readonly unknown[] = "x";
  @field() @length(2) accessor atLeast: string | readonly unknown[] = "xy";
  @field(Number) @validate((v: number) => v % 2 === 0 || "must be even") accessor even = 0;
  @field(Number) @positive @validate((v: number) => v < 100, "too big") accessor mixed = 1;
}

class Base {
  @field(Number) @nonNegative accessor qty = 0;
}
class Derived extends Base {
  @field(Number) @integer accessor step = 1;
}
/** Redeclares an inherited validated accessor with one more rule: both run. */
class Override extends Base {
  @integer @range(-5, 5) override accessor qty = 0;
}

/** A model with a factory that makes a subclass with a stricter rule: the decoder must not inline Made's rule. */
@model({ registry: compiled, name: "inline.Made", factory: () => new MadeStricter() })
class Made {
  @field(Number) @positive accessor p = 1;
}
class MadeStricter extends Made {
  @integer @positive override accessor p = 1;
}

interpreted.register("inline.Made", Made);
for (const r of [compiled, interpreted]) {
  r.register("inline.Checked", Checked);
  r.register("inline.Base", Base);
  r.register("inline.Derived", Derived);
  r.register("inline.Override", Override);
}

const KEYS = ["id", "amount", "price", "level", "open", "n", "s", "pick", "code", "short", "atLeast", "even", "mixed"] as const;

/** Values at and around every rule's edges, and anything else. */
const edgy: fc.Arbitrary<unknown> = fc.oneof(
  fc.constantFrom(0, -0, 1, -1, 1.5, -1.5, 10, 10.5, 2, 3, 100, 2 ** 53, Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY),
  fc.constantFrom("a", "b", "c", "", "xy", "xyzw", "AB-12", "ab-12", "AB-", "3", null, true, false),
  fc.constantFrom(1n, -1n, 0n),
  fc.array(fc.integer(), { maxLength: 4 }),
  fc.double(),
  fc.integer(),
  fc.string({ maxLength: 5 }),
  fc.anything({ maxDepth: 1 }),
);

type Outcome = { ok: Record<string, unknown> } | { issues: unknown };

function run(read: () => unknown, keys: readonly string[]): Outcome {
  try {
    const inst = read() as Record<string, unknown>;
    return { ok: Object.fromEntries(keys.map((k) => [k, inst[k]])) };
  } catch (e) {
    if (!(e instanceof DeserializeError)) throw e;
    return { issues: e.issues };
  }
}

describe("inlined built-in validators: compiled and interpreted decoders agree", () => {
  it("on every built-in rule, stacked rules and custom validate(fn) rules (tagged documents)", () => {
    fc.assert(
      fc.property(fc.dictionary(fc.constantFrom(...KEYS), edgy), (fields) => {
        const doc = { $type: "inline.Checked", ...fields };
        const a = run(() => compiled.fromPlain(doc), KEYS);
        const b = run(() => interpreted.fromPlain(doc), KEYS);
        expect(a).toEqual(b);
        if ("ok" in a && "ok" in b) for (const k of KEYS) expect(Object.is(a.ok[k], b.ok[k])).toBe(true);
      }),
      { numRuns: 500 },
    );
  });

  it("on plain JSON typed by the class, and on the object a JSON text holds", () => {
    fc.assert(
      fc.property(fc.dictionary(fc.constantFrom(...KEYS), edgy), (fields) => {
        const a = run(() => compiled.fromPlain(fields, Checked), KEYS);
        const b = run(() => interpreted.fromPlain(fields, Checked), KEYS);
        expect(a).toEqual(b);
        let text: string | undefined;
        try {
          text = JSON.stringify({ $type: "inline.Checked", ...fields });
        } catch {
          return; // a bigint: not JSON
        }
        expect(run(() => compiled.deserialize(text as string), KEYS)).toEqual(run(() => interpreted.deserialize(text as string), KEYS));
      }),
      { numRuns: 300 },
    );
  });

  it("on inherited rules and on a model with a factory", () => {
    fc.assert(
      fc.property(edgy, edgy, (qty, step) => {
        const doc = { $type: "inline.Derived", qty, step };
        expect(run(() => compiled.fromPlain(doc), ["qty", "step"])).toEqual(run(() => interpreted.fromPlain(doc), ["qty", "step"]));
        const over = { $type: "inline.Override", qty };
        expect(run(() => compiled.fromPlain(over), ["qty"])).toEqual(run(() => interpreted.fromPlain(over), ["qty"]));
        const made = { $type: "inline.Made", p: qty };
        expect(run(() => compiled.fromPlain(made), ["p"])).toEqual(run(() => interpreted.fromPlain(made), ["p"]));
      }),
      { numRuns: 200 },
    );
  });

  it("reports a refused value with the setter's issue: code, path, message, expected, received", () => {
    const doc = {
      $type: "inline.Checked",
      id: -1,
      amount: Number.POSITIVE_INFINITY,
      price: 2,
      level: 11,
      open: 5,
      n: 1,
      s: "s",
      pick: "z",
      code: "ab-1",
      short: "long",
      atLeast: ["a", "b"],
      even: 3,
      mixed: 200,
    };
    for (const r of [compiled, interpreted]) {
      let caught: unknown;
      try {
        r.fromPlain(doc);
      } catch (e) {
        caught = e;
      }
      expect(caught).toBeInstanceOf(DeserializeError);
      const issues = (caught as DeserializeError).issues.map((i) => ({ path: i.path, code: i.code, message: i.message }));
      expect(issues).toEqual([
        { path: ["id"], code: "nonNegative", message: "must not be negative" },
        { path: ["amount"], code: "finite", message: "must be a finite number" },
        { path: ["level"], code: "range", message: "must be between -1.5 and 10" },
        { path: ["pick"], code: "oneOf", message: 'must be one of "a", "b", 3, null, NaN, -0, true, object' },
        { path: ["code"], code: "pattern", message: "must match /^[A-Z]{2}-\\d+$/" },
        { path: ["short"], code: "length", message: "length must be between 1 and 3" },
        { path: ["even"], code: "validate", message: "must be even" },
        { path: ["mixed"], code: "validate", message: "too big" },
      ]);
    }
  });
});

describe("inlined built-in validators: what the compiled decoder calls", () => {
  it("stores a value its built-in rules accept without calling the setter, and sends any other value through it", () => {
    const reg = new Registry();
    class Counted {
      @field(Number) @integer @nonNegative accessor id = 0;
      @field(Number) @validate((v: number) => v >= 0) accessor custom = 0;
    }
    reg.register("inline.Counted", Counted);
    reg.fromPlain({ $type: "inline.Counted", id: 1, custom: 1 }); // compiles the codec
    const calls: string[] = [];
    for (const key of ["id", "custom"]) {
      const d = Object.getOwnPropertyDescriptor(Counted.prototype, key) as PropertyDescriptor;
      const set = d.set as (v: unknown) => void;
      // Seen by the ordinary path only: the compiled codec kept the setter it was built with.
      Object.defineProperty(Counted.prototype, key, {
        ...d,
        set(this: unknown, v: unknown) {
          calls.push(`${key}=${String(v)}`);
          set.call(this, v);
        },
      });
    }
    const ok = reg.fromPlain<Counted>({ $type: "inline.Counted", id: 7, custom: 2 });
    expect([ok.id, ok.custom]).toEqual([7, 2]);
    expect(calls).toEqual(["custom=2"]); // the custom rule still runs, through the setter
    expect(() => reg.fromPlain({ $type: "inline.Counted", id: -7, custom: 2 })).toThrow(/must not be negative/);
    expect(calls).toEqual(["custom=2", "id=-7", "custom=2"]);
  });
});
