/**
 * Copying an instance with the language's own tools (Object.assign, object
 * spread, structuredClone, JSON.stringify, Object.keys) never carries a
 * validated value, a readonly lock or any other decorum bookkeeping: they
 * live in the compiler's private `accessor` storage or in non-enumerable
 * own slots. What each tool does is the table in docs/descriptors.md.
 */
import { inspect } from "node:util";
import { describe, expect, it } from "vitest";
import { applyDescriptor, positive, readonly, validated } from "../../src/descriptors/index.js";
import { ValidationError } from "../../src/errors.js";
import { dialect, isLegacy } from "../support/dialect.js";

/** Own symbol-keyed properties (decorum keeps none: its per-instance state is not a property). */
function ownSymbols(o: object): symbol[] {
  return Object.getOwnPropertySymbols(o);
}

/** Readonly `tag`, validated `n`, plain `note`; no class decorator. */
class Bare {
  @readonly accessor tag = "";
  @positive accessor n = 1;
  note = "plain";
}

@validated
class Checked {
  @readonly accessor tag = "";
  @positive accessor n = 1;
  note = "plain";
  constructor(tag = "", n = 1) {
    this.tag = tag;
    this.n = n;
  }
}

/** A constructor-assigned field with descriptors: the value lives in a per-instance slot, in every dialect. */
class Slotted {
  declare tag: string;
  declare n: number;
  note = "plain";
  constructor(tag = "", n = 1) {
    this.tag = tag;
    this.n = n;
  }
}
applyDescriptor(Slotted, "tag", readonly);
applyDescriptor(Slotted, "n", positive);
const FinishedSlotted = validated(Slotted);

/** Legacy decorators only: validated plain fields (slot storage). Standard decorators refuse them at definition. */
function legacyPlainFields() {
  @validated
  class Fields {
    @readonly tag = "";
    @positive n = 1;
    note = "plain";
    constructor(tag = "", n = 1) {
      this.tag = tag;
      this.n = n;
    }
  }
  return Fields;
}

type Shape = { tag: string; n: number; note: string };
const finishedKinds: Array<[string, () => new (tag?: string, n?: number) => Shape]> = [
  ["@validated accessor members", () => Checked],
  ["applyDescriptor slots", () => FinishedSlotted],
  ...(isLegacy ? [["@validated legacy plain fields", legacyPlainFields] as [string, () => new (tag?: string, n?: number) => Shape]] : []),
];

describe(`copying instances (${dialect})`, () => {
  for (const [label, make] of finishedKinds) {
    describe(label, () => {
      it("Object.assign(b, a) copies the plain fields only: no validated value, no readonly value", () => {
        const C = make();
        const a = new C("a", 7);
        a.note = "from a";
        const b = new C("b", 2);
        Object.assign(b, a);
        expect([b.tag, b.n, b.note]).toEqual(["b", 2, "from a"]);
        // b's readonly member is still sealed, its validator still runs.
        expect(() => (b.tag = "x")).toThrow(ValidationError);
        expect(() => (b.n = -1)).toThrow(ValidationError);
        expect([b.tag, b.n]).toEqual(["b", 2]);
      });

      it("Object.assign(instance, plainData) writes through the accessors: validators run, readonly refuses", () => {
        const C = make();
        const b = new C("b", 2);
        expect(() => Object.assign(b, { n: -1 })).toThrow("must be positive (got -1)");
        expect(() => Object.assign(b, { tag: "z" })).toThrow("is read-only after construction");
        Object.assign(b, { n: 9 });
        expect([b.tag, b.n]).toEqual(["b", 9]);
      });

      it("keeps decorum's state off the instance's properties: spread, Object.keys and structuredClone see plain fields only", () => {
        const C = make();
        const a = new C("a", 7);
        a.n = 8; // a write after construction
        expect(ownSymbols(a)).toEqual([]);
        expect(Reflect.ownKeys(a)).toEqual(["note"]);
        const spread = { ...a };
        expect(Reflect.ownKeys(spread)).toEqual(["note"]);
        const clone = structuredClone(a);
        expect(Object.getPrototypeOf(clone)).toBe(Object.prototype);
        expect(clone).toEqual({ note: "plain" });
      });
    });
  }

  it("Object.assign does not carry a readonly lock to another instance (class without a class decorator)", () => {
    const a = new Bare();
    a.tag = "a"; // the first write after the initial value seals a.tag
    expect(() => (a.tag = "again")).toThrow("is read-only after construction");
    const b = new Bare();
    Object.assign(b, a);
    expect(b.tag).toBe("");
    b.tag = "b"; // b's own first write: accepted (the lock was not copied)
    expect(b.tag).toBe("b");
    expect(ownSymbols(a)).toEqual([]);
    expect(ownSymbols(b)).toEqual([]);
  });

  it("an object whose prototype is an instance reads the instance's values and writes its own", () => {
    const base = new Slotted("base", 5);
    const derived = Object.create(base) as Slotted;
    expect([derived.tag, derived.n]).toEqual(["base", 5]);
    derived.n = 6;
    expect([derived.n, base.n]).toEqual([6, 5]);
    expect(() => (derived.n = -1)).toThrow(ValidationError);
    expect(ownSymbols(derived)).toEqual([]);
  });

  it("a slot copied by spread cannot be written back raw (the old bypass)", () => {
    const a = new Slotted("a", 7);
    const b = new Slotted("b", 2);
    Object.assign(b, { ...a });
    expect([b.tag, b.n]).toEqual(["b", 2]);
  });

  it("JSON.stringify: a bare class writes its plain own fields; a @validated class every member (its toJSON)", () => {
    expect(JSON.stringify(new FinishedSlotted("a", 7))).toBe('{"tag":"a","n":7,"note":"plain"}');
    const bare = new Bare();
    bare.n = 3;
    expect(JSON.stringify(bare)).toBe('{"note":"plain"}');
    expect(JSON.stringify(new Checked("a", 7))).toBe('{"tag":"a","n":7,"note":"plain"}');
    expect(JSON.stringify(new Slotted("a", 7))).toBe('{"note":"plain"}'); // applyDescriptor adds no class hook
    if (isLegacy) expect(JSON.stringify(new (legacyPlainFields())("a", 7))).toBe('{"tag":"a","n":7,"note":"plain"}');
  });

  it("util.inspect shows a @validated instance's every member and none of decorum's slots", () => {
    const c = new Checked("a", 7);
    expect(inspect(c, { breakLength: Number.POSITIVE_INFINITY })).toBe("Checked { tag: 'a', n: 7, note: 'plain' }");
    expect(inspect(c, { showHidden: true })).not.toContain("decorum");
    if (isLegacy) {
      const Fields = legacyPlainFields();
      expect(inspect(new Fields("a", 7), { breakLength: Number.POSITIVE_INFINITY })).toBe("Fields { tag: 'a', n: 7, note: 'plain' }");
    }
  });
});
