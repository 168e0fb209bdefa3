import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { type Descriptor, integer, length, nonNegative, oneOf, pattern, positive, range, typed } from "../../src/descriptors/index.js";
import { ValidationError } from "../../src/errors.js";

/** Each built-in next to a reference predicate written independently. */
const cases: Array<{ name: string; d: Descriptor<never>; valid: (v: unknown) => boolean; initial: unknown }> = [
  { name: "positive", d: positive, valid: (v) => (typeof v === "number" || typeof v === "bigint") && v > 0, initial: 1 },
  { name: "nonNegative", d: nonNegative, valid: (v) => (typeof v === "number" || typeof v === "bigint") && v >= 0, initial: 0 },
  {
    name: "integer",
    d: integer,
    valid: (v) => typeof v === "bigint" || (typeof v === "number" && Number.isFinite(v) && Math.trunc(v) === v),
    initial: 0,
  },
  { name: "range(-3, 7)", d: range(-3, 7) as Descriptor<never>, valid: (v) => typeof v === "number" && v >= -3 && v <= 7, initial: 0 },
  { name: "typed(String)", d: typed(String) as Descriptor<never>, valid: (v) => typeof v === "string", initial: "" },
  {
    name: "oneOf(1, 'a', null)",
    d: oneOf<unknown>(1, "a", null) as Descriptor<never>,
    valid: (v) => v === 1 || v === "a" || v === null,
    initial: 1,
  },
  {
    name: "pattern(/^a+$/)",
    d: pattern(/^a+$/) as Descriptor<never>,
    valid: (v) => typeof v === "string" && v.length > 0 && [...v].every((c) => c === "a"),
    initial: "a",
  },
  {
    name: "length(1, 3)",
    d: length(1, 3) as Descriptor<never>,
    valid: (v) => (typeof v === "string" || Array.isArray(v)) && v.length >= 1 && v.length <= 3,
    initial: "x",
  },
];

const anything = fc.oneof(
  fc.double(),
  fc.integer({ min: -10, max: 10 }),
  fc.bigInt({ min: -5n, max: 5n }),
  fc.constantFrom(1, "a", null, undefined, 0, -0, Number.NaN, ""),
  fc.string({ maxLength: 5 }),
  fc.stringMatching(/^a{0,4}$/),
  fc.array(fc.integer(), { maxLength: 5 }),
  fc.boolean(),
);

function holderFor(d: Descriptor<never>, initial: unknown) {
  class Holder {
    // biome-ignore lint/suspicious/noExplicitAny: one holder for every built-in
    @(d as Descriptor<any>) accessor value: any = initial;
  }
  return Holder;
}

describe("descriptor properties", () => {
  for (const c of cases) {
    it(`${c.name}: a valid value always sticks and an invalid one never does`, () => {
      const Holder = holderFor(c.d, c.initial);
      fc.assert(
        fc.property(fc.array(anything, { maxLength: 12 }), (writes) => {
          const h = new Holder();
          let expected: unknown = c.initial;
          for (const v of writes) {
            let rejected = false;
            try {
              h.value = v;
            } catch (error) {
              if (!(error instanceof ValidationError)) throw error;
              expect(error.issues[0]?.path).toEqual(["value"]);
              rejected = true;
            }
            expect(rejected).toBe(!c.valid(v));
            if (!rejected) expected = v;
            expect(Object.is(h.value, expected)).toBe(true);
          }
        }),
        { numRuns: 200 },
      );
    });
  }

  it("keeps every instance's value apart whatever the interleaving of writes", () => {
    const Holder = holderFor(positive, 1);
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.nat(4), fc.double({ min: 0.001, max: 1e6, noNaN: true })), { maxLength: 30 }), (writes) => {
        const instances = Array.from({ length: 5 }, () => new Holder());
        const model = [1, 1, 1, 1, 1];
        for (const [i, v] of writes) {
          (instances[i] as InstanceType<typeof Holder>).value = v;
          model[i] = v;
        }
        expect(instances.map((h) => h.value)).toEqual(model);
      }),
    );
  });
});
