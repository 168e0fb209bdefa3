/**
 * What serialize writes, deserialize reads back: models generated at test
 * time (defineModel and decorators, on a fresh Registry each), with odd
 * member names and every built-in value, references on and off. Each case
 * either round-trips exactly or is refused: at definition with a
 * ClassDefinitionError, or on encode with a SerializeError.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { ClassDefinitionError, SerializeError } from "../../src/errors.js";
import { defineModel, field, model, Registry } from "../../src/registry/index.js";
import { modelsIn, valueGraph } from "../fixtures/registry/arbitraries.js";
import { difference } from "../fixtures/registry/exact.js";

const memberName = fc.oneof(
  fc.integer({ min: 0, max: 2 ** 32 }).map(String),
  fc.constantFrom(
    "toString",
    "constructor",
    "valueOf",
    "hasOwnProperty",
    "__proto__",
    "prototype",
    "__defineGetter__",
    "$type",
    "$id",
    "$version",
    "value",
    "-1",
    "01",
    "1.5",
    "",
  ),
  fc.string({ unit: "grapheme", minLength: 1, maxLength: 4 }),
  fc.string({ minLength: 1, maxLength: 4 }),
);

/** A value for a member: anything the registry supports, sometimes an instance of another generated model. */
const memberValue = valueGraph;

interface Spec {
  readonly how: "fields" | "own" | "decorators";
  readonly names: readonly string[];
  readonly dateTyped: boolean;
  readonly compile: boolean;
  readonly references: boolean;
  readonly strict: boolean;
}

const spec: fc.Arbitrary<Spec> = fc.record({
  how: fc.constantFrom("fields" as const, "own" as const, "decorators" as const),
  names: fc.uniqueArray(memberName, { minLength: 2, maxLength: 4 }),
  dateTyped: fc.boolean(),
  compile: fc.boolean(),
  references: fc.boolean(),
  strict: fc.boolean(),
});

type Bag = Record<string, unknown>;

/** Defines the model of `s` on `reg`; `undefined` when the definition is refused (ClassDefinitionError). */
function define(s: Spec, reg: Registry): (new () => Bag) | undefined {
  const [a = "a", b = "b"] = s.names;
  try {
    if (s.how === "decorators") {
      @model({ registry: reg, name: "gen.Decorated", strict: s.strict })
      class Decorated {
        @field(s.dateTyped ? Date : undefined) accessor [a]: unknown = s.dateTyped ? new Date(0) : null;
        @field() accessor [b]: unknown = null;
      }
      return Decorated as unknown as new () => Bag;
    }
    class Generated {}
    if (s.how === "own") return defineModel(Generated, { registry: reg, name: "gen.Own", strict: s.strict }) as unknown as new () => Bag;
    const fields: Record<string, unknown> = {};
    s.names.forEach((n, i) => {
      const entry = i === 0 && s.dateTyped ? field(Date) : field();
      Object.defineProperty(fields, n, { value: entry, enumerable: true, writable: true, configurable: true });
    });
    return defineModel(Generated, {
      registry: reg,
      name: "gen.Fields",
      strict: s.strict,
      fields: fields as never,
    }) as unknown as new () => Bag;
  } catch (e) {
    expect(e).toBeInstanceOf(ClassDefinitionError);
    // Refused only for a name the wire format reserves, or one a class member cannot have.
    const refusable = (n: string) => n.startsWith("$") || n === "__proto__" || n === "" || n === "constructor" || n === "prototype";
    expect(s.names.slice(0, s.how === "fields" ? undefined : 2).some(refusable), String(e)).toBe(true);
    return undefined;
  }
}

function instance(C: new () => Bag, s: Spec, values: readonly unknown[], date: Date): Bag {
  const x = new C();
  const names = s.how === "decorators" ? s.names.slice(0, 2) : s.names;
  names.forEach((n, i) => {
    const v = i === 0 && s.dateTyped ? date : values[i];
    if (n === "__proto__") Object.defineProperty(x, n, { value: v, enumerable: true, writable: true, configurable: true });
    else x[n] = v;
  });
  return x;
}

describe("property: generated models round-trip or are refused", () => {
  it("deserialize(serialize(x)) equals x, or serialize throws a SerializeError", () => {
    let roundTrips = 0;
    let refused = 0;
    fc.assert(
      fc.property(spec, fc.array(memberValue, { minLength: 4, maxLength: 4 }), fc.date({ noInvalidDate: false }), (s, values, date) => {
        const reg = new Registry({ compile: s.compile });
        modelsIn(reg);
        const C = define(s, reg);
        if (C === undefined) {
          refused++;
          return;
        }
        const x = instance(C, s, values, date);
        const root = s.references ? [x, { inner: x }] : x;
        let text: string;
        try {
          text = reg.serialize(root, { references: s.references });
        } catch (e) {
          if (!(e instanceof SerializeError)) throw e;
          refused++;
          return;
        }
        const back = reg.deserialize(text);
        expect(difference(back, root)).toBeUndefined();
        if (s.references) {
          const [first, second] = back as [Bag, { inner: Bag }];
          expect(second.inner).toBe(first);
        }
        roundTrips++;
      }),
      { numRuns: 500 },
    );
    // The property is not vacuous: both outcomes happen.
    expect(roundTrips).toBeGreaterThan(100);
    expect(refused).toBeGreaterThan(10);
  });
});
