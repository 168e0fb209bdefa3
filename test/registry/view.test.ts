/**
 * Models look like what they hold: util.inspect / console.log show every
 * field (validated `accessor` fields included, decorum's slots hidden),
 * JSON.stringify writes the plain (tag-free) JSON of toPlain(x, { tags: false })
 * (unless the class has its own toJSON), and structuredClone's plain copy is pinned as documented.
 */
import { inspect } from "node:util";
import { describe, expect, it } from "vitest";
import { positive, readonly, validated } from "../../src/descriptors/index.js";
import { SerializeError } from "../../src/errors.js";
import {
  defineModel,
  deserialize,
  field,
  fromPlain,
  model,
  Registry,
  registry,
  serialize,
  toPlain,
  transient,
} from "../../src/registry/index.js";
import { dialect } from "../support/dialect.js";

const ONE_LINE = { breakLength: Number.POSITIVE_INFINITY } as const;

@model("test.view.Transaction")
class Transaction {
  @readonly @field(String) accessor id = "";
  @positive @field(Number) accessor amount = 1;
  @field(Date) at = new Date(0);
  @field({ type: String, optional: true }) memo?: string;
  constructor(id = "", amount = 1) {
    this.id = id;
    this.amount = amount;
  }
}

describe(`model instances and ordinary tools (${dialect})`, () => {
  it("util.inspect shows every field, validated accessors included, and no decorum slot", () => {
    const tx = new Transaction("tx-1", 5);
    expect(inspect(tx, ONE_LINE)).toBe("Transaction { id: 'tx-1', amount: 5, at: 1970-01-01T00:00:00.000Z, memo: undefined }");
    const hidden = inspect(tx, { showHidden: true, ...ONE_LINE });
    expect(hidden).not.toContain("decorum");
    expect(hidden).not.toContain("Symbol(");
    // Nested models use their own view; past the depth limit a model is [Name], like any object.
    expect(inspect({ list: [tx] }, ONE_LINE)).toBe(
      "{ list: [ Transaction { id: 'tx-1', amount: 5, at: 1970-01-01T00:00:00.000Z, memo: undefined } ] }",
    );
    expect(inspect({ a: { b: { c: tx } } }, ONE_LINE)).toBe("{ a: { b: { c: [Transaction] } } }");
    expect(inspect(tx, { depth: -1 })).toBe("[Transaction]");
  });

  it("JSON.stringify(model) is the plain output (no tags), and reads back with the class", () => {
    const tx = new Transaction("tx-1", 5);
    tx.memo = "lunch";
    expect(JSON.stringify(tx)).toBe('{"id":"tx-1","amount":5,"at":"1970-01-01T00:00:00.000Z","memo":"lunch"}');
    expect(JSON.stringify(tx)).toBe(serialize(tx, { tags: false }));
    expect(JSON.stringify(tx, null, 2)).toBe(serialize(tx, { tags: false, space: 2 }));
    const back = deserialize(JSON.stringify(tx), Transaction);
    expect([back.id, back.amount, back.at.getTime(), back.memo]).toEqual(["tx-1", 5, 0, "lunch"]);
    // Nested in plain data: the model's subtree is its plain JSON, read back with the class.
    const again = JSON.parse(JSON.stringify({ list: [tx] })) as { list: unknown[] };
    expect(fromPlain(again.list[0], Transaction).amount).toBe(5);
    // The tagged wire format is serialize's.
    expect(deserialize(serialize(tx))).toBeInstanceOf(Transaction);
  });

  it("toJSON uses the registry the model is registered in", () => {
    const reg = new Registry();
    @model({ name: "Point", registry: reg })
    class Point {
      @positive @field(Number) accessor x = 1;
    }
    expect(JSON.stringify(new Point())).toBe('{"x":1}');
    expect(() => serialize(new Point())).toThrow(SerializeError); // not in the default registry
  });

  it("JSON.stringify refuses what serialize refuses, with the same SerializeError", () => {
    @model("test.view.Holder")
    class Holder {
      @field() accessor value: unknown = 0;
    }
    const h = new Holder();
    h.value = () => 1;
    expect(() => serialize(h)).toThrow("value: ");
    expect(() => JSON.stringify(h)).toThrow(SerializeError);
    class Unregistered extends Holder {}
    expect(() => JSON.stringify(new Unregistered())).toThrow("the class is not registered");
    registry.unregister(Holder);
  });

  it("never replaces a user's toJSON: own, inherited from a user base class, or on a subclass model", () => {
    const reg = new Registry();
    class Base {
      toJSON() {
        return "base";
      }
    }
    @model({ name: "Own", registry: reg })
    class Own {
      @field(Number) accessor n = 1;
      toJSON() {
        return { own: this.n };
      }
    }
    @model({ name: "FromBase", registry: reg })
    class FromBase extends Base {
      @field(Number) accessor n = 1;
    }
    @model({ name: "Parent", registry: reg })
    class Parent {
      @field(Number) accessor n = 1;
    }
    @model({ name: "Child", registry: reg })
    class Child extends Parent {
      toJSON() {
        return "child";
      }
    }
    expect(JSON.stringify(new Own())).toBe('{"own":1}');
    expect(JSON.stringify(new FromBase())).toBe('"base"');
    expect(JSON.stringify(new Parent())).toBe('{"n":1}');
    expect(JSON.stringify(new Child())).toBe('"child"');
    // A subclass model without its own toJSON writes itself, not its base.
    @model({ name: "Grandchild", registry: reg })
    class Grandchild extends Parent {
      @field(Number) accessor m = 2;
    }
    expect(JSON.stringify(new Grandchild())).toBe('{"n":1,"m":2}');
  });

  it("defineModel gives a plain JavaScript class the same view", () => {
    class Point {
      x: number;
      constructor(x = 0) {
        this.x = x;
      }
    }
    const P = defineModel(Point, { name: "P", registry: new Registry(), fields: { x: field(Number) } });
    expect(JSON.stringify(new P(3))).toBe('{"x":3}');
    expect(inspect(new P(3))).toBe("Point { x: 3 }");
  });

  it("never replaces a user's inspect method", () => {
    const custom = Symbol.for("nodejs.util.inspect.custom");
    @model({ name: "Custom", registry: new Registry() })
    class Custom {
      @field(Number) accessor n = 1;
      [custom]() {
        return "custom view";
      }
    }
    expect(inspect(new Custom())).toBe("custom view");
  });

  it("decorum's methods are non-enumerable: for…in, Object.keys and spread are unchanged", () => {
    const tx = new Transaction("tx-1", 5);
    const keys: string[] = [];
    for (const k in tx) keys.push(k);
    expect(keys).not.toContain("toJSON");
    expect(Object.keys({ ...tx })).not.toContain("toJSON");
  });

  it("shows a getter that throws instead of failing, and shows transient and plain-own members too", () => {
    @model({ name: "Odd", registry: new Registry() })
    class Odd {
      @field(Number) accessor n = 1;
      @transient accessor cache = 3;
      @field() get broken(): number {
        throw new RangeError("no value yet");
      }
    }
    const odd = new Odd();
    Object.defineProperty(odd, "__proto__", { value: 7, enumerable: true, writable: true, configurable: true });
    const text = inspect(odd, ONE_LINE);
    expect(text).toBe("Odd { n: 1, cache: 3, broken: [getter threw RangeError: no value yet], ['__proto__']: 7 }");
    expect(() => JSON.stringify(odd)).toThrow(SerializeError);
  });

  it("a model without @field shows its validated members and own data", () => {
    @model({ name: "Loose", registry: new Registry() })
    class Loose {
      @positive accessor weight = 2;
      label = "x";
    }
    expect(inspect(new Loose(), ONE_LINE)).toBe("Loose { weight: 2, label: 'x' }");
    expect(JSON.stringify(new Loose())).toBe('{"weight":2,"label":"x"}');
  });

  it("a @validated base under a model: the model's toJSON wins; a user's on the base would not be replaced", () => {
    @validated
    class Measured {
      @positive accessor grams = 1;
    }
    @model({ name: "Parcel", registry: new Registry() })
    class Parcel extends Measured {
      @field(String) accessor to = "";
    }
    expect(JSON.stringify(new Measured())).toBe('{"grams":1}');
    // The model writes its @fields (grams is validated, not a field); inspect shows everything it holds.
    expect(JSON.stringify(new Parcel())).toBe('{"to":""}');
    expect(inspect(new Parcel(), ONE_LINE)).toBe("Parcel { to: '', grams: 1 }");
    @validated
    class Labelled {
      @positive accessor grams = 1;
      toJSON() {
        return "mine";
      }
    }
    @model({ name: "Labelled", registry: new Registry() })
    class Box extends Labelled {
      @field(String) accessor to = "";
    }
    expect(JSON.stringify(new Labelled())).toBe('"mine"');
    expect(JSON.stringify(new Box())).toBe('"mine"');
  });

  it("structuredClone keeps only own enumerable plain fields and drops the prototype; the registry clones", () => {
    const tx = new Transaction("tx-1", 5);
    const copy = structuredClone(tx) as unknown as Record<string, unknown>;
    expect(Object.getPrototypeOf(copy)).toBe(Object.prototype);
    expect(copy.id).toBeUndefined(); // the accessor's value lives in private storage
    expect(copy.amount).toBeUndefined();
    expect(copy.at).toEqual(new Date(0));
    const clone = fromPlain(toPlain(tx, { references: true }), Transaction);
    expect(clone).toBeInstanceOf(Transaction);
    expect(clone).not.toBe(tx);
    expect([clone.id, clone.amount]).toEqual(["tx-1", 5]);
    expect(() => (clone.id = "other")).toThrow("is read-only after construction");
  });

  it("Object.assign and spread copy a model's plain own fields only", () => {
    const a = new Transaction("a", 7);
    a.at = new Date(5);
    const b = new Transaction("b", 2);
    Object.assign(b, a);
    expect([b.id, b.amount, b.at.getTime()]).toEqual(["b", 2, 5]);
    expect(Object.getOwnPropertySymbols({ ...a })).toEqual([]);
    expect(() => Object.assign(b, { amount: -1 })).toThrow("must be positive (got -1)");
  });
});
