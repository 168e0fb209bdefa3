import { describe, expect, it } from "vitest";
import { positive, range, readonly } from "../../src/descriptors/index.js";
import { DeserializeError, ValidationError } from "../../src/errors.js";
import { field, model, Registry } from "../../src/registry/index.js";
import { isLegacy } from "../support/dialect.js";

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
