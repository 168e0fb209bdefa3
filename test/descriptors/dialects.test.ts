/**
 * What a validator on each kind of member does in each decorator
 * configuration of the test matrix (see vitest.config.ts): validation is
 * never silently skipped.
 */
import { describe, expect, it } from "vitest";
import {
  descriptor,
  descriptorMembers,
  finishClass,
  initializing,
  integer,
  positive,
  readonly,
  validated,
} from "../../src/descriptors/index.js";
import { ClassDefinitionError, ValidationError } from "../../src/errors.js";
import { dialect, isLegacy } from "../support/dialect.js";

function definePlainFieldClass() {
  class Crate {
    @positive weight = 1;
    @positive @integer count = 1;
  }
  return Crate;
}

describe(`descriptors under the ${dialect} configuration`, () => {
  it("handles a validator on a plain (non-accessor) field as the dialect allows", () => {
    if (!isLegacy) {
      let error: unknown;
      try {
        definePlainFieldClass();
      } catch (e) {
        error = e;
      }
      expect(error).toBeInstanceOf(ClassDefinitionError);
      expect((error as ClassDefinitionError).member).toBe("weight");
      expect((error as Error).message).toBe(
        "(class being defined).weight: @positive cannot validate a plain field under standard decorators: " +
          "the field is an own data property that no validator sees. Add the `accessor` keyword: `@positive accessor weight = …`",
      );
      return;
    }
    const Crate = validated(definePlainFieldClass());
    const a = new Crate();
    const b = new Crate();
    a.weight = 5;
    expect([a.weight, b.weight]).toEqual([5, 1]);
    expect(() => (a.weight = -5)).toThrow("Crate.weight: must be positive (got -5)");
    expect(() => (a.count = 2.5)).toThrow("Crate.count: must be an integer (got 2.5)");
    expect(a.weight).toBe(5);
    // No own data property shadows the validated accessor.
    expect(Object.hasOwn(a, "weight")).toBe(false);
    expect(descriptorMembers(Crate).get("weight")?.storage).toBe("field");
  });

  if (!isLegacy)
    it("names an unnamed descriptor generically in the plain-field error", () => {
      const Quantity = descriptor<number>({ validate: (v) => v > 0 || "must be positive" });
      expect(() => {
        class LineItem {
          @Quantity weight = 1;
        }
        void LineItem;
      }).toThrow(
        "(class being defined).weight: a descriptor cannot validate a plain field under standard decorators: " +
          "the field is an own data property that no validator sees. Add the `accessor` keyword: `accessor weight = …`",
      );
    });

  // Registered only where it applies: this configuration assigns class fields through the prototype setter.
  if (dialect === "legacy")
    it("routes plain fields through their validators without a class decorator when fields assign", () => {
      const Crate = definePlainFieldClass();
      expect(finishClass(Crate)).not.toBe(Crate);
      const crate = new Crate();
      expect(Object.hasOwn(crate, "weight")).toBe(false);
      expect(() => (crate.weight = 0)).toThrow("Crate.weight: must be positive (got 0)");
      class BadDefault {
        @positive weight = -1;
      }
      expect(() => new BadDefault()).toThrow("BadDefault.weight: must be positive (got -1)");
    });

  it("reports every invalid initial value of a finished class in one error at construction", () => {
    @validated
    class Parcel {
      @positive accessor weight = -1;
      @integer accessor count = 1.5;
    }
    let error: unknown;
    try {
      new Parcel();
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ValidationError);
    const issues = (error as ValidationError).issues;
    if (isLegacy) {
      // Legacy accessors: the initializers bypass the setter; finishClass checks them all when the constructor returns.
      expect(issues.map((i) => i.path)).toEqual([["weight"], ["count"]]);
      expect((error as Error).message).toBe(
        "Parcel is invalid (2 issues):\n  - Parcel.weight: must be positive (got -1)\n  - Parcel.count: must be an integer (got 1.5)",
      );
    } else {
      // Standard accessors: each initializer is validated as it runs; the first failure throws.
      expect(issues.map((i) => i.path)).toEqual([["weight"]]);
    }
  });

  if (isLegacy)
    it("moves constructor writes of plain fields through the validators when the constructor returns (legacy)", () => {
      @validated
      class Box {
        @positive side = 1;
        @readonly @positive id = 1;
        constructor(side = 1, id = 1) {
          this.side = side;
          this.id = id;
        }
      }
      const box = new Box(3, 9);
      expect([box.side, box.id]).toEqual([3, 9]);
      expect(() => new Box(-3)).toThrow("Box.side: must be positive (got -3)");
      expect(() => (box.id = 10)).toThrow(/Box\.id: is read-only/);
      expect(box.id).toBe(9);
      initializing(box, () => {
        box.id = 10;
      });
      expect(box.id).toBe(10);
    });

  it("applies a set transform to the initial value exactly once", () => {
    const doubled = descriptor<number>({ name: "doubled", set: (v) => v * 2 });
    @validated
    class Twice {
      @doubled accessor n = 5;
    }
    const twice = new Twice();
    expect(twice.n).toBe(10);
    expect(twice.n).toBe(10);
    twice.n = 1;
    expect(twice.n).toBe(2);
  });

  it("finishes subclasses of a finished class once, after the most derived constructor", () => {
    @validated
    class Base {
      @readonly accessor id = 0;
      @positive accessor size = 1;
    }
    @validated
    class Derived extends Base {
      @positive accessor depth = 1;
      constructor() {
        super();
        this.id = 42; // still construction: allowed
      }
    }
    class Plain extends Base {}
    const derived = new Derived();
    expect(derived.id).toBe(42);
    expect(() => (derived.id = 1)).toThrow(/read-only/);
    expect(() => (derived.depth = 0)).toThrow("Derived.depth: must be positive (got 0)");
    const plain = new Plain();
    expect(() => (plain.id = 1)).toThrow(/read-only/);
    expect(plain).toBeInstanceOf(Base);
    expect(Derived.name).toBe("Derived");
  });

  it("returns a class unchanged when it needs no help at the end of construction", () => {
    class Simple {
      @positive accessor size = 1;
    }
    // Standard accessors validate their initializer themselves; legacy ones need the end-of-construction check.
    expect(finishClass(Simple) === Simple).toBe(!isLegacy);
    class Untouched {
      size = 1;
    }
    expect(finishClass(Untouched)).toBe(Untouched);
  });

  it("keeps the static side and constructor arguments of a finished class", () => {
    @validated
    class Counter {
      static unit = "items";
      static make(n: number) {
        return new Counter(n);
      }
      @readonly accessor start = 0;
      constructor(start = 0) {
        this.start = start;
      }
    }
    const made = Counter.make(3);
    expect(made.start).toBe(3);
    expect(() => (made.start = 4)).toThrow(/read-only/);
    expect(Counter.length).toBe(0);
    expect(Counter.unit).toBe("items");
  });
});
