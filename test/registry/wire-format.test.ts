/**
 * The wire format's tag policy: by default a value whose position declares
 * exactly its type is written untagged (the plain JSON shape), and a tag says
 * only what the declaration cannot; `tags: "all"` writes the fully tagged
 * form of decorum 0.1, which stays readable. Element types (`of`) of Maps
 * and Sets are written and checked. Compiled and interpreted codecs alike.
 */
import { describe, expect, it } from "vitest";
import { ClassDefinitionError, SerializeError } from "../../src/errors.js";
import { defineModel, field, model, Registry } from "../../src/registry/index.js";
import { dialect } from "../support/dialect.js";
import { issuesOf } from "../support/issues.js";

function shop(reg: Registry) {
  @model({ registry: reg, name: "w.LineItem" })
  class LineItem {
    @field(String) accessor sku = "";
    @field(Number) accessor qty = 1;
  }
  @model({ registry: reg, name: "w.Special" })
  class Special extends LineItem {
    @field(String) accessor note = "";
  }
  @model({ registry: reg, name: "w.Addr", version: 2, migrate: { 1: (d) => ({ ...d, street: `old ${String(d.street)}` }) } })
  class Addr {
    @field(String) accessor street = "";
  }
  @model({ registry: reg, name: "w.Order" })
  class Order {
    @field(String) accessor id = "";
    @field(Date) accessor placed = new Date(0);
    @field([LineItem]) accessor lines: LineItem[] = [];
    @field(Addr) accessor addr = new Addr();
    @field(Set) accessor tags = new Set<string>();
    @field(Map) accessor meta = new Map<string, unknown>();
    @field(BigInt) accessor cents = 0n;
    @field({ type: Map, of: [String, Date] }) accessor due = new Map<string, Date>();
    @field({ type: Set, of: Date }) accessor days = new Set<Date>();
    @field({ type: String, optional: true }) accessor note: string | undefined = undefined;
    @field({ type: String, optional: true }) accessor memo: string | undefined = "default memo";
    @field() accessor extra: unknown = null;
  }
  return { LineItem, Special, Addr, Order };
}

const compiled = new Registry();
const interpreted = new Registry({ compile: false });
const C = shop(compiled);
const I = shop(interpreted);

function sample(M: ReturnType<typeof shop>) {
  const o = new M.Order();
  o.id = "A-1";
  o.placed = new Date("2024-01-02T00:00:00.000Z");
  const a = new M.LineItem();
  a.sku = "tea";
  const b = new M.Special();
  b.sku = "cup";
  b.note = "blue";
  o.lines = [a, b];
  o.addr.street = "Main St";
  o.tags = new Set(["gift"]);
  o.meta = new Map<string, unknown>([["when", new Date(5)]]);
  o.cents = 12345678901234567890n;
  o.due.set("first", new Date(1000));
  o.days.add(new Date(2000));
  o.memo = undefined;
  o.extra = { d: new Date(0) };
  return o;
}

const EXPECTED = {
  $type: "w.Order",
  id: "A-1",
  placed: "2024-01-02T00:00:00.000Z",
  // LineItem has a registered subclass: its position does not settle the class, so both items say it.
  lines: [
    { $type: "w.LineItem", sku: "tea", qty: 1 },
    { $type: "w.Special", sku: "cup", qty: 1, note: "blue" },
  ],
  addr: { $version: 2, street: "Main St" },
  tags: ["gift"],
  meta: { when: { $type: "Date", value: "1970-01-01T00:00:00.005Z" } },
  cents: "12345678901234567890",
  due: { first: "1970-01-01T00:00:01.000Z" },
  days: ["1970-01-01T00:00:02.000Z"],
  memo: { $type: "undefined" },
  extra: { d: { $type: "Date", value: "1970-01-01T00:00:00.000Z" } },
};

describe(`wire format: tags only where needed (${dialect})`, () => {
  for (const [how, reg, M] of [
    ["compiled", compiled, C],
    ["interpreted", interpreted, I],
  ] as const) {
    it(`writes typed positions untagged and tags what the declaration does not settle (${how})`, () => {
      const o = sample(M);
      // The root is tagged; a subclass in the [LineItem] position keeps its tag; an undefined optional field
      // whose new instance holds undefined too is left out, one whose default differs keeps the tag.
      expect(reg.toPlain(o)).toEqual(EXPECTED);
      expect(reg.serialize(o)).toBe(JSON.stringify(EXPECTED));
      const back = reg.deserialize<InstanceType<typeof M.Order>>(reg.serialize(o));
      expect(back).toBeInstanceOf(M.Order);
      expect(back.lines[1]).toBeInstanceOf(M.Special);
      expect(back.placed.toISOString()).toBe("2024-01-02T00:00:00.000Z");
      expect(back.due.get("first")).toEqual(new Date(1000));
      expect([...back.days]).toEqual([new Date(2000)]);
      expect(back.cents).toBe(12345678901234567890n);
      expect(back.memo).toBeUndefined();
      expect(back.note).toBeUndefined();
      expect(back.meta.get("when")).toEqual(new Date(5));
      expect(back.addr.street).toBe("Main St");
    });

    it(`tags: "all" (and true) writes the fully tagged form; every form reads back (${how})`, () => {
      const o = sample(M);
      const all = reg.toPlain(o, { tags: "all" }) as Record<string, unknown>;
      expect(all.placed).toEqual({ $type: "Date", value: "2024-01-02T00:00:00.000Z" });
      expect(all.lines).toEqual([
        { $type: "w.LineItem", sku: "tea", qty: 1 },
        { $type: "w.Special", sku: "cup", qty: 1, note: "blue" },
      ]);
      expect(all.addr).toEqual({ $type: "w.Addr", $version: 2, street: "Main St" });
      expect(all.due).toEqual({ $type: "Map", value: [["first", { $type: "Date", value: "1970-01-01T00:00:01.000Z" }]] });
      expect(all).not.toHaveProperty("note");
      expect(reg.toPlain(o, { tags: true })).toEqual(all);
      for (const tags of ["needed", "all", true] as const)
        expect(reg.deserialize(reg.serialize(o, { tags }), M.Order)).toEqual(reg.deserialize(reg.serialize(o, { tags: "all" })));
      expect(() => reg.toPlain(o, { tags: "some" as never })).toThrow(TypeError);
    });

    it(`a model whose class has registered subclasses keeps its tag even when it is exactly the declared class (${how})`, () => {
      const o = new M.Order();
      o.lines = [new M.LineItem()];
      expect((reg.toPlain(o) as { lines: unknown[] }).lines).toEqual([{ $type: "w.LineItem", sku: "", qty: 1 }]);
    });

    it(`reads documents written by decorum 0.1 (fully tagged, undefined written out) (${how})`, () => {
      const v01 =
        '{"$type":"w.Order","id":"A-1","placed":{"$type":"Date","value":"2024-01-02T00:00:00.000Z"},' +
        '"lines":[{"$type":"w.LineItem","sku":"tea","qty":1},{"$type":"w.Special","sku":"cup","qty":1,"note":"blue"}],' +
        '"addr":{"$type":"w.Addr","street":"Elm"},"tags":{"$type":"Set","value":["gift"]},' +
        '"meta":{"$type":"Map","value":[["when",{"$type":"Date","value":"1970-01-01T00:00:00.005Z"}]]},' +
        '"cents":{"$type":"bigint","value":"7"},"due":{"$type":"Map","value":[["first",{"$type":"Date","value":"1970-01-01T00:00:01.000Z"}]]},' +
        '"days":{"$type":"Set","value":[{"$type":"Date","value":"1970-01-01T00:00:02.000Z"}]},' +
        '"note":{"$type":"undefined"},"memo":{"$type":"undefined"},"extra":null}';
      for (const o of [reg.deserialize<InstanceType<typeof M.Order>>(v01), reg.deserialize(v01, M.Order)]) {
        expect(o).toBeInstanceOf(M.Order);
        expect(o.lines[1]).toBeInstanceOf(M.Special);
        // An untagged-version 0.1 Addr is version 1: migrated.
        expect(o.addr.street).toBe("old Elm");
        expect(o.cents).toBe(7n);
        expect(o.due.get("first")).toEqual(new Date(1000));
        expect(o.memo).toBeUndefined();
        expect([...o.tags]).toEqual(["gift"]);
      }
      // A 0.1 document whose tagged Map breaks the declared element types is refused.
      const bad = v01.replace('["first",{"$type":"Date","value":"1970-01-01T00:00:01.000Z"}]', '["first",5]');
      expect(issuesOf(() => reg.deserialize(bad))).toEqual([{ path: ["due", "value", 0, 1], code: "type", message: "expected Date" }]);
    });

    it(`an array or plain object where a Map, Set or model is declared is wrapped, so it is not read as one (${how})`, () => {
      const o = new M.Order();
      o.tags = ["x"] as never;
      o.addr = { street: "s" } as never;
      const out = reg.toPlain(o) as Record<string, unknown>;
      expect(out.tags).toEqual({ $type: "array", value: ["x"] });
      expect(out.addr).toEqual({ $type: "object", value: { street: "s" } });
      expect(issuesOf(() => reg.deserialize(reg.serialize(o))).map((i) => [i.path.join("."), i.code])).toEqual([
        ["addr", "type"],
        ["tags", "type"],
      ]);
    });

    it(`a string where a Date or bigint is declared is refused on the way out, never read back as one (${how})`, () => {
      const o = new M.Order();
      o.placed = "2024-01-01" as never;
      expect(() => reg.serialize(o)).toThrow(SerializeError);
      expect(() => reg.serialize(o)).toThrow(/placed: "2024-01-01" where a Date is declared/);
      o.placed = new Date(0);
      o.cents = "1" as never;
      expect(() => reg.serialize(o)).toThrow(/cents: "1" where a bigint is declared/);
      // The fully tagged form too: a reader takes a string there for a bigint.
      expect(() => reg.serialize(o, { tags: "all" })).toThrow(/cents: "1" where a bigint is declared/);
    });
  }
});

describe(`wire format: reading mixed documents (${dialect})`, () => {
  for (const compile of [true, false]) {
    it(`a tagged strict model inside an untagged one still refuses unknown keys (${compile ? "compiled" : "interpreted"})`, () => {
      const reg = new Registry({ compile });
      @model({ registry: reg, name: "m.Inner", strict: true })
      class Inner {
        @field(Number) accessor n = 0;
      }
      @model({ registry: reg, name: "m.Outer" })
      class Outer {
        @field(() => Inner) accessor inner = new Inner();
        @field() accessor any: unknown = null;
      }
      const doc = { inner: { n: 1 }, any: { $type: "m.Inner", n: 2, extra: true } };
      expect(issuesOf(() => reg.fromPlain(doc, Outer))).toEqual([
        { path: ["any", "extra"], code: "unknown-key", message: 'm.Inner has no field "extra" (strict model)' },
      ]);
      // Untagged, the strict model rejects by the unknownKeys rule (unless the call strips).
      expect(issuesOf(() => reg.fromPlain({ inner: { n: 1, extra: 1 }, any: null }, Outer)).map((i) => i.path)).toEqual([
        ["inner", "extra"],
      ]);
      expect(reg.fromPlain({ inner: { n: 1, extra: 1 }, any: null }, Outer, { unknownKeys: "strip" }).inner.n).toBe(1);
    });
  }
});

describe(`element types: of (${dialect})`, () => {
  for (const [how, reg, M] of [
    ["compiled", compiled, C],
    ["interpreted", interpreted, I],
  ] as const) {
    it(`checks every key, value and element against the declared types, with paths (${how})`, () => {
      const base = JSON.parse(reg.serialize(new M.Order())) as Record<string, unknown>;
      const doc = {
        ...base,
        due: { first: "2024-01-01T00:00:00Z", second: "not a date", third: 3 },
        days: ["2024-01-01T00:00:00Z", 7],
      };
      expect(issuesOf(() => reg.fromPlain(doc, M.Order))).toEqual([
        { path: ["due", "second"], code: "date", message: "expected a valid ISO 8601 / RFC 3339 date string" },
        { path: ["due", "third"], code: "type", message: "expected Date" },
        { path: ["days", 1], code: "type", message: "expected Date" },
      ]);
      // Pairs, and tagged Maps / Sets: elements read along `of` too.
      const pairs = {
        ...base,
        due: [
          ["a", "2024-01-01T00:00:00Z"],
          [5, "2024-01-01T00:00:00Z"],
        ],
      };
      expect(issuesOf(() => reg.fromPlain(pairs, M.Order))).toEqual([{ path: ["due", 1, 0], code: "type", message: "expected string" }]);
      const tagged = { ...base, days: { $type: "Set", value: ["2024-01-01T00:00:00Z", true] } };
      expect(issuesOf(() => reg.fromPlain(tagged, M.Order))).toEqual([
        { path: ["days", "value", 1], code: "type", message: "expected Date" },
      ]);
      const ok = reg.fromPlain(
        { ...base, due: [["a", "2024-01-01T00:00:00Z"]], days: { $type: "Set", value: ["2024-01-01T00:00:00Z"] } },
        M.Order,
      );
      expect(ok.due.get("a")).toEqual(new Date("2024-01-01T00:00:00Z"));
      expect([...ok.days]).toEqual([new Date("2024-01-01T00:00:00Z")]);
    });
  }

  it("works with defineModel and { type: Array, of: T }; a Map of non-string keys is written as pairs", () => {
    const reg = new Registry();
    const Point = defineModel(
      class Point {
        x = 0;
      },
      { registry: reg, name: "w.Point", fields: { x: Number } },
    );
    const Path = defineModel(
      class Path {
        points: InstanceType<typeof Point>[] = [];
        index = new Map<number, InstanceType<typeof Point>>();
      },
      {
        registry: reg,
        name: "w.Path",
        fields: { points: { type: Array, of: Point }, index: { type: Map, of: [Number, Point] } },
      },
    );
    const p = new Path();
    const q = new Point();
    q.x = 3;
    p.points = [q];
    p.index.set(7, q);
    expect(reg.toPlain(p)).toEqual({ $type: "w.Path", points: [{ x: 3 }], index: [[7, { x: 3 }]] });
    const back = reg.deserialize<InstanceType<typeof Path>>(reg.serialize(p));
    expect(back.index.get(7)).toBeInstanceOf(Point);
    expect(issuesOf(() => reg.fromPlain({ points: [{ x: "no" }], index: [[7, 8]] }, Path))).toEqual([
      { path: ["points", 0, "x"], code: "type", message: "expected number" },
      { path: ["index", 0, 1], code: "type", message: "expected Point" },
    ]);
  });

  it("is checked when the class is defined", () => {
    const reg = new Registry();
    expect(() => {
      @model({ registry: reg, name: "w.Bad1" })
      class Bad1 {
        @field({ type: Number, of: String }) accessor n = 0;
      }
      return Bad1;
    }).toThrow(ClassDefinitionError);
    expect(() => {
      @model({ registry: reg, name: "w.Bad2" })
      class Bad2 {
        @field({ type: Map, of: String }) accessor m = new Map();
      }
      return Bad2;
    }).toThrow(/of for a Map is \[keyType, valueType\]/);
    expect(() => {
      @model({ registry: reg, name: "w.Bad3" })
      class Bad3 {
        @field({ type: Set, of: 5 as never }) accessor s = new Set();
      }
      return Bad3;
    }).toThrow(/invalid element type 5/);
  });
});
