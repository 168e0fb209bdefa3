import { createRequire } from "node:module";
import { instanceToPlain, plainToInstance } from "class-transformer";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { integer, positive } from "../../src/descriptors/index.js";
import { RegistryError, ValidationError } from "../../src/errors.js";
import { enableClassTransformerInterop } from "../../src/registry/class-transformer.js";
import { field, model, Registry, transient } from "../../src/registry/index.js";

/** class-transformer's own storage singleton (not exported by its index). */
const { defaultMetadataStorage } = createRequire(import.meta.url)("class-transformer/cjs/storage") as { defaultMetadataStorage: object };

/** The benchmark's domain model, in one isolated registry. */
function shop() {
  const reg = new Registry();
  @model({ registry: reg })
  class Address {
    @field() accessor street = "";
    @field({ wireName: "postal_code" }) accessor zip = "";
  }
  @model({ registry: reg })
  class LineItem {
    @field() accessor product = "";
    @field() @positive @integer accessor quantity = 1;
    @field() @positive accessor price = 1;
  }
  @model({ registry: reg })
  class Shape {
    @field() accessor label = "";
  }
  @model({ registry: reg })
  class Circle extends Shape {
    @field() @positive accessor radius = 1;
  }
  @model({ registry: reg })
  class Square extends Shape {
    @field() @positive accessor side = 1;
  }
  @model({ registry: reg })
  class Order {
    @field() accessor id = "";
    @field(Date) accessor placed = new Date(0);
    @field(Address) accessor address = new Address();
    @field([LineItem]) accessor lines: LineItem[] = [];
    @field(Map) accessor prices = new Map<string, number>();
    @field(Set) accessor tags = new Set<string>();
    @field(Shape) accessor shape: Shape = new Circle();
    @field([Shape]) accessor extras: Shape[] = [];
    @transient accessor cache = "not written";
  }
  const interop = enableClassTransformerInterop({ registry: reg });
  return { reg, interop, Address, LineItem, Shape, Circle, Square, Order };
}

const PLAIN = {
  id: "o-1",
  placed: "2024-05-06T07:08:09.000Z",
  address: { street: "1 Main St", postal_code: "75001" },
  lines: [
    { product: "tea", quantity: 2, price: 3.5 },
    { product: "cup", quantity: 1, price: 9 },
  ],
  prices: { standard: 4.9, express: 12 },
  tags: ["gift", "fragile"],
  shape: { $type: "Circle", label: "c", radius: 2 },
  extras: [
    { $type: "Square", label: "s", side: 3 },
    { $type: "Shape", label: "plain" },
  ],
};

describe("class-transformer interop", () => {
  it("lets plainToInstance build a decorum model with its nested types", () => {
    const { Order, Address, LineItem, Circle, Square, Shape } = shop();
    const order = plainToInstance(Order, structuredClone(PLAIN));
    expect(order).toBeInstanceOf(Order);
    expect(order.address).toBeInstanceOf(Address);
    expect(order.address.zip).toBe("75001");
    expect(order.placed).toBeInstanceOf(Date);
    expect(order.placed.toISOString()).toBe(PLAIN.placed);
    expect(order.lines.map((l) => l instanceof LineItem)).toEqual([true, true]);
    expect(order.lines[1]?.price).toBe(9);
    expect(order.prices).toBeInstanceOf(Map);
    expect([...order.prices]).toEqual([
      ["standard", 4.9],
      ["express", 12],
    ]);
    expect(order.tags).toBeInstanceOf(Set);
    expect([...order.tags]).toEqual(["gift", "fragile"]);
    expect(order.shape).toBeInstanceOf(Circle);
    expect((order.shape as InstanceType<typeof Circle>).radius).toBe(2);
    expect(order.extras[0]).toBeInstanceOf(Square);
    expect(order.extras[1]?.constructor).toBe(Shape);
    expect(order.cache).toBe("not written");
  });

  it("lets instanceToPlain write the fields under their wire names and tag polymorphic values", () => {
    const { Order } = shop();
    const order = plainToInstance(Order, structuredClone(PLAIN));
    order.cache = "changed";
    const plain = instanceToPlain(order);
    expect(plain).toEqual({ ...PLAIN, placed: new Date(PLAIN.placed) });
    expect(Object.keys(plain)).not.toContain("cache");
    expect(JSON.parse(JSON.stringify(plain))).toEqual(PLAIN);
  });

  it("never modifies the instance it converts (the discriminator tag is answered by the prototype)", () => {
    const { Order, Circle } = shop();
    const order = plainToInstance(Order, structuredClone(PLAIN));
    instanceToPlain(order);
    expect(Object.keys(order.shape)).toEqual([]);
    expect(Object.hasOwn(order.shape, "$type")).toBe(false);
    expect((order.shape as unknown as { $type: string }).$type).toBe("Circle");
    expect(Object.getOwnPropertyDescriptor(Circle.prototype, "$type")?.enumerable).toBe(false);
  });

  it("does not modify the plain input of plainToInstance", () => {
    const { Order } = shop();
    const input = structuredClone(PLAIN);
    plainToInstance(Order, input);
    expect(input).toEqual(PLAIN);
  });

  it("runs the model's validators on every write (class-transformer stops at the first failure)", () => {
    const { Order } = shop();
    const bad = structuredClone(PLAIN);
    (bad.lines[1] as { price: number }).price = -2;
    expect(() => plainToInstance(Order, bad)).toThrow(ValidationError);
    expect(() => plainToInstance(Order, bad)).toThrow(/LineItem\.price: must be positive \(got -2\)/);
  });

  it("agrees with decorum's own serialize/deserialize on the decoded graph, for any order", () => {
    const { reg, Order, LineItem, Circle, Square } = shop();
    const line = fc.record({
      product: fc.string(),
      quantity: fc.integer({ min: 1, max: 1000 }),
      price: fc.double({ min: 0.01, max: 1e6, noNaN: true }),
    });
    const shape = fc.oneof(
      fc.record({ $type: fc.constant("Circle"), label: fc.string(), radius: fc.double({ min: 0.1, max: 100, noNaN: true }) }),
      fc.record({ $type: fc.constant("Square"), label: fc.string(), side: fc.double({ min: 0.1, max: 100, noNaN: true }) }),
    );
    const order = fc.record({
      id: fc.string(),
      placed: fc.integer({ min: 0, max: 4e12 }).map((t) => new Date(t).toISOString()),
      address: fc.record({ street: fc.string(), postal_code: fc.string() }),
      lines: fc.array(line, { maxLength: 5 }),
      // class-transformer drops Map keys that name a Map method ("get", "toString", ...): not generated.
      prices: fc.dictionary(
        fc.string().filter((k) => !(k in Map.prototype)),
        fc.double({ noNaN: true, noDefaultInfinity: true }),
      ),
      tags: fc.uniqueArray(fc.string()),
      shape,
      extras: fc.array(shape, { maxLength: 3 }),
    });
    fc.assert(
      fc.property(order, (plain) => {
        const viaCt = plainToInstance(Order, structuredClone(plain));
        const viaDecorum = reg.deserialize<InstanceType<typeof Order>>(reg.serialize(viaCt), Order);
        expect(reg.serialize(viaDecorum)).toBe(reg.serialize(viaCt));
        expect(viaCt.lines.every((l) => l instanceof LineItem)).toBe(true);
        expect(viaCt.shape).toBeInstanceOf(plain.shape.$type === "Circle" ? Circle : Square);
        expect(JSON.parse(JSON.stringify(instanceToPlain(viaDecorum)))).toEqual(JSON.parse(JSON.stringify(plain)));
      }),
      { numRuns: 50 },
    );
  });

  it("describes models defined after it was enabled on the next sync, and syncing twice is harmless", () => {
    const reg = new Registry();
    @model({ registry: reg })
    class Pet {
      @field() accessor name = "";
    }
    @model({ registry: reg })
    class Owner {
      @field(Pet) accessor pet = new Pet();
    }
    const interop = enableClassTransformerInterop({ registry: reg });
    expect(plainToInstance(Owner, { pet: { name: "Rex" } }).pet).toBeInstanceOf(Pet);
    @model({ registry: reg })
    class Cat extends Pet {
      @field() accessor lives = 9;
    }
    expect(interop.sync()).toBe(3);
    expect(interop.sync()).toBe(3);
    const owner = plainToInstance(Owner, { pet: { $type: "Cat", name: "Tom", lives: 7 } });
    expect(owner.pet).toBeInstanceOf(Cat);
    expect((owner.pet as Cat).lives).toBe(7);
    expect(instanceToPlain(owner)).toEqual({ pet: { $type: "Cat", name: "Tom", lives: 7 } });
  });

  it("writes a model without @field as its own data plus its descriptor members, minus @transient ones", () => {
    const reg = new Registry();
    @model({ registry: reg })
    class Reading {
      unit = "C";
      @positive accessor value = 1;
      @transient secret = "s";
    }
    enableClassTransformerInterop({ registry: reg });
    const r = new Reading();
    r.value = 21.5;
    expect(instanceToPlain(r)).toEqual({ unit: "C", value: 21.5 });
    const back = plainToInstance(Reading, { unit: "K", value: 300, secret: "x" });
    expect([back.unit, back.value, back.secret]).toEqual(["K", 300, "s"]);
    expect(() => plainToInstance(Reading, { value: 0 })).toThrow(/Reading\.value: must be positive/);
  });

  it("uses the storage it is given, and writes class-transformer's own default storage otherwise", () => {
    const { interop } = shop();
    expect(interop.storage).toBe(defaultMetadataStorage);
    const calls: string[] = [];
    const reg = new Registry();
    @model({ registry: reg })
    class Tiny {
      @field(Date) accessor at = new Date(0);
    }
    const storage = {
      addTypeMetadata: (m: { propertyName: string }) => void calls.push(`type ${m.propertyName}`),
      addExposeMetadata: (m: { propertyName: string | undefined }) => void calls.push(`expose ${String(m.propertyName)}`),
      addExcludeMetadata: (m: { propertyName: string | undefined }) => void calls.push(`exclude ${String(m.propertyName)}`),
    };
    expect(enableClassTransformerInterop({ registry: reg, storage }).storage).toBe(storage);
    expect(calls).toEqual(["exclude undefined", "expose at", "type at"]);
    expect(Tiny.name).toBe("Tiny");
  });

  it("rejects a storage that is not class-transformer's with an error that says what to pass", () => {
    expect(() => enableClassTransformerInterop({ storage: {} as never })).toThrow(RegistryError);
    expect(() => enableClassTransformerInterop({ storage: {} as never })).toThrow(/defaultMetadataStorage as options\.storage/);
  });
});
