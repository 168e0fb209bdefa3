/**
 * An untagged object of an older `"$version"` in a typed position is migrated
 * before its keys are sorted into fields and unknown keys: the old version's
 * keys are what the migration reads, so they must reach it, whether unknown
 * keys are stripped or rejected and whether a discriminator chose the class.
 * Keys the migrated object does not know are then handled as usual.
 * Compiled and interpreted codecs, at the root and nested.
 */
import { describe, expect, it } from "vitest";
import { field, model, Registry } from "../../src/registry/index.js";
import { dialect } from "../support/dialect.js";
import { issuesOf } from "../support/issues.js";

function models(reg: Registry) {
  /** Version 1 called the count `count`; version 2 calls it `qty`. */
  @model({
    registry: reg,
    name: "m.Item",
    version: 2,
    migrate: {
      1: (d) => {
        const { count, ...rest } = d;
        return { ...rest, qty: count };
      },
    },
  })
  class Item {
    @field(String) accessor sku = "";
    @field(Number) accessor qty = 0;
  }
  @model({ registry: reg, name: "m.Shape", discriminator: "kind" })
  class Shape {
    @field(String) accessor label = "";
  }
  /** Version 1 called the radius `r`. */
  @model({
    registry: reg,
    name: "m.Circle",
    discriminatorValue: "circle",
    version: 2,
    migrate: {
      1: (d) => {
        const { r, ...rest } = d;
        return { ...rest, radius: r };
      },
    },
  })
  class Circle extends Shape {
    @field(Number) accessor radius = 0;
  }
  @model({ registry: reg, name: "m.Order" })
  class Order {
    @field([Item]) accessor items: Item[] = [];
    @field([Shape]) accessor shapes: Shape[] = [];
  }
  return { Item, Shape, Circle, Order };
}

const compiled = new Registry();
const interpreted = new Registry({ compile: false });
const C = models(compiled);
const I = models(interpreted);

describe(`untagged objects of an older $version (${dialect})`, () => {
  for (const [how, reg, M] of [
    ["compiled", compiled, C],
    ["interpreted", interpreted, I],
  ] as const) {
    it(`reach their migration with their old keys under unknownKeys: "reject" (${how})`, () => {
      const o = reg.fromPlain({ items: [{ $version: 1, sku: "a", count: 3 }], shapes: [] }, M.Order, { unknownKeys: "reject" });
      expect(o.items[0]).toBeInstanceOf(M.Item);
      expect(o.items[0]?.qty).toBe(3);
      // At the root as well.
      const item = reg.fromPlain({ $version: 1, sku: "b", count: 4 }, M.Item, { unknownKeys: "reject" });
      expect(item.qty).toBe(4);
      // Through the text path too.
      const t = reg.deserialize(JSON.stringify({ items: [{ $version: 1, sku: "c", count: 5 }], shapes: [] }), M.Order, {
        unknownKeys: "reject",
      });
      expect(t.items[0]?.qty).toBe(5);
    });

    it(`still reject what the migrated object does not know (${how})`, () => {
      expect(
        issuesOf(() =>
          reg.fromPlain({ items: [{ $version: 1, sku: "a", count: 3, junk: 1 }], shapes: [] }, M.Order, { unknownKeys: "reject" }),
        ),
      ).toEqual([{ path: ["items", 0, "junk"], code: "unknown-key", message: 'm.Item has no field "junk" (unknownKeys: "reject")' }]);
      // A current version's object is checked as before.
      expect(
        issuesOf(() => reg.fromPlain({ items: [{ sku: "a", qty: 1, count: 3 }], shapes: [] }, M.Order, { unknownKeys: "reject" })),
      ).toEqual([{ path: ["items", 0, "count"], code: "unknown-key", message: 'm.Item has no field "count" (unknownKeys: "reject")' }]);
    });

    it(`lose no old key when a discriminator chose the class (${how})`, () => {
      const o = reg.fromPlain({ items: [], shapes: [{ kind: "circle", $version: 1, label: "c", r: 2, junk: true }] }, M.Order);
      expect(o.shapes[0]).toBeInstanceOf(M.Circle);
      expect((o.shapes[0] as InstanceType<typeof M.Circle>).radius).toBe(2);
      expect(Object.hasOwn(o.shapes[0] as object, "junk")).toBe(false);
      expect(Object.hasOwn(o.shapes[0] as object, "r")).toBe(false);
      expect(
        issuesOf(() =>
          reg.fromPlain({ items: [], shapes: [{ kind: "circle", $version: 1, label: "c", r: 2, junk: true }] }, M.Order, {
            unknownKeys: "reject",
          }),
        ),
      ).toEqual([{ path: ["shapes", 0, "junk"], code: "unknown-key", message: 'm.Circle has no field "junk" (unknownKeys: "reject")' }]);
    });

    it(`keep their "$id" for references (${how})`, () => {
      const o = reg.fromPlain(
        {
          items: [
            { $id: 1, $version: 1, sku: "a", count: 3 },
            { $type: "ref", value: 1 },
          ],
          shapes: [],
        },
        M.Order,
        {
          unknownKeys: "reject",
        },
      );
      expect(o.items[0]?.qty).toBe(3);
      expect(o.items[1]).toBe(o.items[0]);
    });

    it(`report a version newer than the code at "$version" (${how})`, () => {
      expect(
        issuesOf(() => reg.fromPlain({ items: [{ $version: 3, sku: "a", qty: 3 }], shapes: [] }, M.Order, { unknownKeys: "reject" })),
      ).toEqual([
        { path: ["items", 0, "$version"], code: "version", message: "written by version 3 of m.Item, newer than this code (version 2)" },
      ]);
    });
  }
});
