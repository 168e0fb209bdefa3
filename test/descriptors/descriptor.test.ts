import { describe, expect, it } from "vitest";
import {
  applyDescriptor,
  descriptor,
  descriptorMembers,
  initializing,
  integer,
  isDescriptor,
  positive,
  range,
  readonly,
  typed,
  validated,
} from "../../src/descriptors/index.js";
import { setCodegenAllowed } from "../../src/descriptors/specialise.js";
import { ClassDefinitionError, ValidationError } from "../../src/errors.js";
import { isLegacy } from "../support/dialect.js";

const Quantity = descriptor<number>({ name: "Quantity", validate: (v) => v > 0 || "must be positive" });

class LineItem {
  @Quantity accessor weight = 1;
  @Quantity accessor price = 1;
  description = "";
}

function thrown(fn: () => unknown): ValidationError {
  try {
    fn();
  } catch (error) {
    if (error instanceof ValidationError) return error;
    throw error;
  }
  throw new Error("expected a ValidationError");
}

describe("descriptor()", () => {
  it("stores values per instance, so two line items never share a weight", () => {
    const a = new LineItem();
    const b = new LineItem();
    a.weight = 10;
    b.weight = 20;
    a.price = 3;
    expect([a.weight, b.weight, a.price, b.price]).toEqual([10, 20, 3, 1]);
  });

  it("learns the field name and reports Class.field: problem (got value)", () => {
    const item = new LineItem();
    const error = thrown(() => {
      item.price = -1;
    });
    expect(error.message).toBe("LineItem.price: must be positive (got -1)");
    expect(error.className).toBe("LineItem");
    expect(error.issues).toEqual([{ path: ["price"], code: "Quantity", message: "must be positive", received: -1 }]);
  });

  it("rejects a non-positive weight and keeps the old value", () => {
    const item = new LineItem();
    item.weight = 7;
    expect(() => {
      item.weight = 0;
    }).toThrow(ValidationError);
    expect(item.weight).toBe(7);
  });

  it("keeps validating after delete of the property", () => {
    const item = new LineItem();
    item.weight = 4;
    expect(delete (item as { weight?: number }).weight).toBe(true);
    expect(item.weight).toBe(4);
    expect(() => {
      item.weight = -4;
    }).toThrow("LineItem.weight: must be positive (got -4)");
    expect(item.weight).toBe(4);
  });

  it("validates the initial value when the instance is constructed (or, legacy accessor, on first read)", () => {
    class Bad {
      @positive accessor size = -1;
    }
    if (isLegacy) {
      const bad = new Bad();
      expect(() => bad.size).toThrow("Bad.size: must be positive (got -1)");
      // Still rejected on the next read: an invalid value is never returned.
      expect(() => bad.size).toThrow(ValidationError);
      bad.size = 2;
      expect(bad.size).toBe(2);
    } else {
      expect(() => new Bad()).toThrow("Bad.size: must be positive (got -1)");
    }
    @validated
    class StrictBad {
      @positive accessor size = -1;
    }
    expect(() => new StrictBad()).toThrow("StrictBad.size: must be positive (got -1)");
  });

  it("checks an initial value with every rule of the member in write order: inherited first, coercions before validators", () => {
    const seen: unknown[] = [];
    const Trimmed = descriptor<string>({ name: "trimmed", coerce: (v) => String(v).trim() });
    const NonEmpty = descriptor<string>({
      name: "nonEmpty",
      validate: (v, self) => {
        seen.push(self);
        return v.length > 0 || "must not be empty";
      },
    });
    @validated
    class Base {
      @positive accessor qty = 1;
    }
    @validated
    class Negative extends Base {
      @integer override accessor qty = -1.5;
    }
    @validated
    class Fraction extends Base {
      @integer override accessor qty = 1.5;
    }
    expect(thrown(() => new Negative()).issues.map((i) => i.code)).toEqual(["positive"]);
    expect(thrown(() => new Fraction()).issues.map((i) => i.code)).toEqual(["integer"]);
    @validated
    class Named {
      @NonEmpty @Trimmed accessor name = "  ab  ";
    }
    const named = new Named();
    expect(named.name).toBe("ab");
    expect(seen).toEqual([named]);
    @validated
    class Blank {
      @NonEmpty @Trimmed accessor name = "   ";
    }
    expect(thrown(() => new Blank()).message).toBe('Blank.name: must not be empty (got "")');
  });

  it("checks the initial value of every construction: a custom rule runs each time, a rejected value is rejected each time", () => {
    let calls = 0;
    const Counted = descriptor<number>({
      name: "counted",
      validate: () => {
        calls++;
        return true;
      },
    });
    @validated
    class Counting {
      @Counted @integer accessor n = 1;
    }
    new Counting();
    new Counting();
    new Counting();
    expect(calls).toBe(3);
    @validated
    class Zero {
      @positive accessor n = 0;
    }
    expect(() => new Zero()).toThrow("Zero.n: must be positive (got 0)");
    expect(() => new Zero()).toThrow("Zero.n: must be positive (got 0)");
    let next = 2;
    @validated
    class Varying {
      @positive @integer accessor n = next--;
    }
    expect(new Varying().n).toBe(2);
    expect(new Varying().n).toBe(1);
    expect(() => new Varying()).toThrow("Varying.n: must be positive (got 0)");
    next = 1.5;
    expect(() => new Varying()).toThrow("Varying.n: must be an integer (got 1.5)");
  });

  it("checks an accepted initial value again once a rule is added to the member", () => {
    @validated
    class Stock {
      @integer accessor n = 0;
    }
    expect(new Stock().n).toBe(0);
    expect(new Stock().n).toBe(0);
    applyDescriptor(Stock, "n", positive);
    if (isLegacy) {
      // Legacy dialects: the initial value is stored before a rule applied later is seen at
      // construction (no member initializer runs it); the rule binds every write after it.
      const s = new Stock();
      expect(() => {
        s.n = 0;
      }).toThrow("Stock.n: must be positive (got 0)");
    } else {
      // Standard decorators: the member's initializer checks the initial value, not the remembered answer.
      expect(() => new Stock()).toThrow("Stock.n: must be positive (got 0)");
    }
  });

  it("treats a missing initializer as unset and validates every later write", () => {
    class Later {
      @positive accessor size: number | undefined;
    }
    const later = new Later();
    expect(later.size).toBeUndefined();
    expect(() => {
      later.size = 0;
    }).toThrow("Later.size: must be positive (got 0)");
    later.size = 1;
    expect(later.size).toBe(1);
  });

  it("validates constructor writes", () => {
    class Box {
      @positive accessor side = 1;
      constructor(side = 1) {
        this.side = side;
      }
    }
    expect(new Box(3).side).toBe(3);
    expect(() => new Box(-3)).toThrow("Box.side: must be positive (got -3)");
  });

  it("coerces, validates, transforms on write and on read, in that order", () => {
    const log: string[] = [];
    const Money = descriptor<number>({
      name: "Money",
      coerce: (v) => {
        log.push(`coerce ${String(v)}`);
        return typeof v === "string" ? Number(v) : (v as number);
      },
      validate: (v) => {
        log.push(`validate ${v}`);
        return Number.isFinite(v) || "must be a finite amount";
      },
      set: (v) => {
        log.push(`set ${v}`);
        return Math.round(v * 100) / 100;
      },
      get: (v) => {
        log.push(`get ${v}`);
        return v;
      },
    });
    class Account {
      @Money accessor balance = 0;
    }
    const account = new Account();
    log.length = 0;
    (account as { balance: unknown }).balance = "12.345";
    expect(account.balance).toBe(12.35);
    expect(log).toEqual(["coerce 12.345", "validate 12.345", "set 12.345", "get 12.35"]);
    expect(() => {
      (account as { balance: unknown }).balance = "abc";
    }).toThrow("Account.balance: must be a finite amount (got NaN)");
    expect(account.balance).toBe(12.35);
  });

  it("stacks validators top to bottom, and the first failure reports", () => {
    class Pack {
      @typed(Number) @positive @integer accessor units = 1;
    }
    const pack = new Pack();
    expect(thrown(() => ((pack as { units: unknown }).units = "3")).issues[0]?.code).toBe("typed");
    expect(thrown(() => (pack.units = -1.5)).issues[0]?.code).toBe("positive");
    expect(thrown(() => (pack.units = 1.5)).issues[0]?.code).toBe("integer");
    pack.units = 12;
    expect(pack.units).toBe(12);
    expect(
      descriptorMembers(Pack)
        .get("units")
        ?.rules.map((r) => r.name),
    ).toEqual(["typed", "positive", "integer"]);
  });

  it("nests stacked set and get transforms like layers", () => {
    const wrap = (tag: string) =>
      descriptor<string>({
        name: tag,
        set: (v) => `${tag}(${v})`,
        get: (v) => {
          expect(v.startsWith(`${tag}(`)).toBe(true);
          return v.slice(tag.length + 1, -1);
        },
      });
    const outer = wrap("A");
    const inner = wrap("B");
    class Layered {
      @outer @inner accessor text = "x";
    }
    const layered = new Layered();
    expect(layered.text).toBe("x");
    layered.text = "y";
    expect(layered.text).toBe("y");
  });

  it("manages symbol-keyed members and names them in messages", () => {
    const weight = Symbol("weight");
    class Sack {
      @positive accessor [weight] = 1;
    }
    const sack = new Sack();
    expect(() => (sack[weight] = -1)).toThrow('Sack["Symbol(weight)"]: must be positive (got -1)');
    expect(sack[weight]).toBe(1);
    expect([...descriptorMembers(Sack).keys()]).toEqual([weight]);
  });

  it("lets a subclass inherit validators and add its own", () => {
    class Base {
      @positive accessor qty = 1;
    }
    class Inherits extends Base {}
    class Adds extends Base {
      @integer override accessor qty = 2;
    }
    expect(thrown(() => (new Inherits().qty = -1)).message).toBe("Inherits.qty: must be positive (got -1)");
    const adds = new Adds();
    expect(thrown(() => (adds.qty = -1)).issues[0]?.code).toBe("positive");
    expect(thrown(() => (adds.qty = 1.5)).issues[0]?.code).toBe("integer");
    adds.qty = 3;
    expect(adds.qty).toBe(3);
    const base = new Base();
    base.qty = 1.5;
    expect(base.qty).toBe(1.5);
    expect(
      descriptorMembers(Adds)
        .get("qty")
        ?.rules.map((r) => r.name),
    ).toEqual(["positive", "integer"]);
    expect(
      descriptorMembers(Inherits)
        .get("qty")
        ?.rules.map((r) => r.name),
    ).toEqual(["positive"]);
  });

  it("lists managed members with their rules for the registry, base first", () => {
    class Shape {
      @positive accessor width = 1;
    }
    class Box extends Shape {
      @range(0, 10) accessor depth = 1;
      @readonly accessor id = 0;
    }
    const members = descriptorMembers(Box);
    expect([...members.keys()]).toEqual(["width", "depth", "id"]);
    const depth = members.get("depth");
    expect(depth?.storage).toBe("accessor");
    expect(depth?.readonly).toBe(false);
    expect(members.get("id")?.readonly).toBe(true);
    expect(depth?.check(5)).toEqual([]);
    expect(depth?.check(11)).toEqual([
      { path: ["depth"], code: "range", message: "must be between 0 and 10", expected: "between 0 and 10", received: 11 },
    ]);
    expect(descriptorMembers(class Plain {}).size).toBe(0);
  });

  it("validates the same way where code generation is forbidden (CSP)", () => {
    setCodegenAllowed(false);
    try {
      class Strict {
        @positive @integer accessor units = 1;
      }
      const strict = new Strict();
      strict.units = 3;
      expect(thrown(() => (strict.units = 0)).issues[0]?.code).toBe("positive");
      expect(thrown(() => (strict.units = 1.5)).issues[0]?.code).toBe("integer");
      expect(strict.units).toBe(3);
    } finally {
      setCodegenAllowed(undefined);
    }
  });

  it("refuses static members at class definition", () => {
    expect(() => {
      class Config {
        @positive static accessor limit = 1;
      }
      void Config;
    }).toThrow(ClassDefinitionError);
  });

  it("builds recognisable, named decorators", () => {
    expect(isDescriptor(positive)).toBe(true);
    expect(isDescriptor(Quantity)).toBe(true);
    expect(isDescriptor(() => undefined)).toBe(false);
    expect(Quantity.descriptorName).toBe("Quantity");
    expect(descriptor({}).descriptorName).toBe("descriptor");
  });
});

describe("readonly", () => {
  it("accepts the initializer and one constructor write, then rejects writes and keeps the value", () => {
    class Order {
      @readonly accessor id = 0;
      constructor(id = 0) {
        this.id = id;
      }
    }
    const order = new Order(7);
    expect(order.id).toBe(7);
    const error = thrown(() => (order.id = 8));
    expect(error.message).toBe("Order.id: is read-only after construction (got 8)");
    expect(error.issues[0]?.code).toBe("readonly");
    expect(order.id).toBe(7);
  });

  it("seals members when the constructor returns in a @validated class", () => {
    @validated
    class Ticket {
      @readonly accessor code = "A";
    }
    const ticket = new Ticket();
    expect(ticket.code).toBe("A");
    expect(() => (ticket.code = "B")).toThrow(ValidationError);
    expect(ticket.code).toBe("A");
  });

  it("accepts construction-phase writes made inside initializing(), validators still running", () => {
    @validated
    class Order {
      @readonly @positive accessor id = 1;
    }
    const order = new Order();
    initializing(order, () => {
      order.id = 5;
      order.id = 6;
      expect(() => (order.id = -1)).toThrow("Order.id: must be positive (got -1)");
    });
    expect(order.id).toBe(6);
    expect(() => (order.id = 7)).toThrow(/read-only/);
  });

  it("keeps members of other instances writable while one instance is initializing", () => {
    class Order {
      @readonly accessor id = 0;
    }
    const a = new Order();
    const b = new Order();
    b.id = 1;
    initializing(a, () => {
      expect(() => (b.id = 2)).toThrow(/read-only/);
    });
    expect(initializing(a, () => 42)).toBe(42);
  });
});

describe("applyDescriptor", () => {
  it("validates a constructor-assigned field of a plain class, as @positive @integer would", () => {
    class Crate {
      declare count: number;
      constructor(count = 1) {
        this.count = count;
      }
    }
    applyDescriptor(Crate, "count", positive, integer);
    expect(new Crate(3).count).toBe(3);
    expect(() => new Crate(-1)).toThrow("Crate.count: must be positive (got -1)");
    const crate = new Crate(2);
    expect(thrown(() => (crate.count = 1.5)).issues[0]?.code).toBe("integer");
    expect(thrown(() => (crate.count = -1.5)).issues[0]?.code).toBe("positive");
    expect(crate.count).toBe(2);
    expect(
      descriptorMembers(Crate)
        .get("count")
        ?.rules.map((r) => r.name),
    ).toEqual(["positive", "integer"]);
  });

  it("validates a class-field-syntax field once the class goes through validated()", () => {
    class Parcel {
      // A class field: with [[Define]] semantics an own data property per instance.
      grams = 100;
    }
    applyDescriptor(Parcel, "grams", positive);
    const Safe = validated(Parcel);
    expect(Safe.name).toBe("Parcel");
    const parcel = new Safe();
    expect(parcel).toBeInstanceOf(Parcel);
    expect(parcel.grams).toBe(100);
    expect(() => (parcel.grams = -5)).toThrow("Parcel.grams: must be positive (got -5)");
    expect(parcel.grams).toBe(100);
    expect(validated(Safe)).toBe(Safe);
    expect(validated(Parcel)).toBe(Safe);
  });

  it("wraps an existing getter/setter pair", () => {
    class Temperature {
      celsius = 20;
      get kelvin() {
        return this.celsius + 273.15;
      }
      set kelvin(k: number) {
        this.celsius = k - 273.15;
      }
    }
    applyDescriptor(Temperature, "kelvin", positive);
    const t = new Temperature();
    t.kelvin = 300;
    expect(t.celsius).toBeCloseTo(26.85);
    expect(() => (t.kelvin = -1)).toThrow("Temperature.kelvin: must be positive (got -1)");
    expect(t.celsius).toBeCloseTo(26.85);
  });

  it("adds validators to an inherited member of a subclass only", () => {
    class Base {
      @positive accessor qty = 1;
    }
    class Sub extends Base {}
    applyDescriptor(Sub, "qty", integer);
    const sub = new Sub();
    expect(thrown(() => (sub.qty = 1.5)).issues[0]?.code).toBe("integer");
    expect(thrown(() => (sub.qty = -1)).issues[0]?.code).toBe("positive");
    sub.qty = 4;
    expect(sub.qty).toBe(4);
    const base = new Base();
    base.qty = 1.5;
    expect(base.qty).toBe(1.5);
  });

  it("refuses something that is not a descriptor", () => {
    class Thing {}
    expect(() => applyDescriptor(Thing, "x", (() => undefined) as never)).toThrow(ClassDefinitionError);
  });
});
