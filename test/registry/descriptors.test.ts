/**
 * The seam between the descriptors layer and the registry, tested once here
 * (the higher layer): decoding writes every field through the class's
 * descriptors, so validators run, readonly members are set once and stay
 * read-only, and every failure is listed with its document path.
 */
import { describe, expect, it } from "vitest";
import { positive, range, readonly } from "../../src/descriptors/index.js";
import { DeserializeError, ValidationError } from "../../src/errors.js";
import { defineModel, field, model, Registry } from "../../src/registry/index.js";
import { isLegacy } from "../support/dialect.js";

describe("deserialize writes through descriptors", () => {
  const reg = new Registry();
  @model({ registry: reg })
  class LineItem {
    @field() @positive accessor price = 1;
    @field() @range(1, 100) accessor qty = 1;
  }
  @model({ registry: reg })
  class Order {
    @field() @readonly accessor id = "new";
    @field([LineItem]) lines: LineItem[] = [];
  }

  it("runs every validator and reports failures with the document path", () => {
    let error: unknown;
    try {
      reg.deserialize(
        '{"$type":"Order","id":"o1","lines":[{"$type":"LineItem","price":5,"qty":1},{"$type":"LineItem","price":-2,"qty":500}]}',
        Order,
      );
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(DeserializeError);
    const issues = (error as DeserializeError).issues;
    expect(issues.map((i) => [i.path, i.code])).toEqual([
      [["lines", 1, "price"], "positive"],
      [["lines", 1, "qty"], "range"],
    ]);
    expect((error as Error).message).toMatch(/Order\.lines\[1\]\.price: must be positive \(got -2\)/);
  });

  it("sets readonly members on the way in, and they stay readonly afterwards", () => {
    const o = reg.deserialize('{"$type":"Order","id":"o1","lines":[]}', Order);
    expect(o.id).toBe("o1");
    expect(() => {
      o.id = "changed";
    }).toThrow();
    expect(o.id).toBe("o1");
  });

  it("keeps per-instance storage for instances built by deserialize", () => {
    const [a, b] = reg.deserialize<LineItem[]>('[{"$type":"LineItem","price":2,"qty":3},{"$type":"LineItem","price":4,"qty":5}]');
    expect([a?.price, a?.qty, b?.price, b?.qty]).toEqual([2, 3, 4, 5]);
    expect(() => {
      (a as LineItem).price = -1;
    }).toThrow(/must be positive/);
  });

  it("validates plain fields on the way in under legacy decorators", () => {
    if (!isLegacy) {
      expect(() => {
        @model({ registry: new Registry() })
        class Plain {
          @field() @positive weight = 1;
        }
        void Plain;
      }).toThrow(/accessor/);
      return;
    }
    const local = new Registry();
    @model({ registry: local })
    class Plain {
      @field() @positive weight = 1;
    }
    expect(local.deserialize('{"$type":"Plain","weight":3}', Plain).weight).toBe(3);
    expect(() => local.deserialize('{"$type":"Plain","weight":-3}', Plain)).toThrow(/weight: must be positive/);
  });

  it("routes defineModel fields through descriptors applied programmatically", () => {
    const local = new Registry();
    class Parcel {
      weight = 1;
    }
    const P = defineModel(Parcel, { registry: local, fields: { weight: field(Number) } });
    expect(local.deserialize('{"$type":"Parcel","weight":3}', P).weight).toBe(3);
  });
});

describe("descriptors through the registry", () => {
  it("validates every field on deserialize and lists each failure with its path", () => {
    const registry = new Registry();
    @model({ registry })
    class Item {
      @readonly @field() accessor sku = "";
      @positive @field() accessor weight = 1;
      @range(0, 10) @field() accessor rating = 5;
    }
    const item = new Item();
    item.weight = 3;
    const text = registry.serialize(item);
    const back = registry.deserialize(text, Item) as Item;
    expect(back).toBeInstanceOf(Item);
    expect(back.weight).toBe(3);
    const bad = JSON.stringify({ $type: "Item", sku: "A", weight: -2, rating: 11 });
    let error: unknown;
    try {
      registry.deserialize(bad, Item);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(DeserializeError);
    const issues = (error as DeserializeError).issues;
    expect(issues.map((i) => [i.path, i.code])).toEqual([
      [["weight"], "positive"],
      [["rating"], "range"],
    ]);
    const ok = registry.deserialize(JSON.stringify({ $type: "Item", sku: "B", weight: 2, rating: 1 }), Item) as Item;
    expect(ok.sku).toBe("B");
    expect(() => (ok.sku = "C")).toThrow(/read-only/);
  });

  it("sets a readonly member inherited from a base class on deserialize, and it stays readonly", () => {
    const registry = new Registry();
    @model({ registry })
    class Entity {
      @readonly @field() accessor id = "new";
    }
    @model({ registry })
    class Customer extends Entity {
      @field() accessor name = "";
    }
    @model({ registry })
    class Note {
      @field() accessor text = "";
    }
    const back = registry.deserialize(JSON.stringify({ $type: "Customer", id: "C-7", name: "Ada" }), Customer) as Customer;
    expect([back.id, back.name]).toEqual(["C-7", "Ada"]);
    expect(() => (back.id = "C-8")).toThrow(/Customer\.id: is read-only after construction/);
    expect(back.id).toBe("C-7");
    // a class without readonly members takes the short path and stays writable
    const note = registry.deserialize(JSON.stringify({ $type: "Note", text: "hi" }), Note) as Note;
    note.text = "changed";
    expect(note.text).toBe("changed");
  });

  // Standard decorators refuse validators on plain fields (see dialects.test.ts).
  if (isLegacy)
    it("routes a model's validated plain fields through their validators (legacy, both field semantics)", () => {
      const registry = new Registry();
      @model({ registry })
      class Parcel {
        @positive @field() grams = 100;
        constructor(grams = 100) {
          this.grams = grams;
        }
      }
      expect(() => new Parcel(-1)).toThrow(ValidationError);
      const parcel = new Parcel(250);
      expect(Object.hasOwn(parcel, "grams")).toBe(false);
      expect(() => (parcel.grams = 0)).toThrow("Parcel.grams: must be positive (got 0)");
      const back = registry.deserialize(registry.serialize(parcel), Parcel) as Parcel;
      expect(back.grams).toBe(250);
      expect(() => registry.deserialize(JSON.stringify({ $type: "Parcel", grams: -5 }), Parcel)).toThrow(DeserializeError);
    });
});
