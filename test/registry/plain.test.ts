/**
 * Plain JSON in and out: typed plain input (`fromPlain(data, Class)` reads
 * untagged documents along the declared types), discriminators, unknown
 * keys, and tag-free output (`toPlain(x, { tags: false })`), which reads
 * back. Compiled and interpreted codecs give the same answers.
 */
import { describe, expect, it } from "vitest";
import { positive } from "../../src/descriptors/index.js";
import { ClassDefinitionError, SerializeError } from "../../src/errors.js";
import { field, model, Registry } from "../../src/registry/index.js";
import { stringifyDeep } from "../../src/registry/json.js";
import { dialect } from "../support/dialect.js";
import { issuesOf } from "../support/issues.js";

/** The same models on a compiled and an interpreted registry. */
function shop(reg: Registry) {
  @model({ registry: reg, name: "t.Addr" })
  class Addr {
    @field(String) accessor street = "";
    @field({ type: String, optional: true }) accessor zip: string | undefined = undefined;
  }
  @model({ registry: reg, name: "t.LineItem" })
  class LineItem {
    @field(String) accessor sku = "";
    @positive @field(Number) accessor qty = 1;
  }
  @model({ registry: reg, name: "t.Person", version: 2, migrate: { 1: (d) => ({ ...d, name: `v1 ${String(d.name)}` }) } })
  class Person {
    @field(String) accessor name = "";
    @field(() => Addr) accessor addr = new Addr();
    @field([LineItem]) accessor lines: LineItem[] = [];
    @field(Date) accessor born = new Date(0);
    @field([Date]) accessor dates: Date[] = [];
    @field(Map) accessor tags = new Map<unknown, unknown>();
    @field(Set) accessor seen = new Set<unknown>();
    @field(BigInt) accessor big = 0n;
    @field({ type: Number, optional: true }) accessor score: number | undefined = undefined;
    @field() accessor extra: unknown = null;
    get total(): number {
      return this.lines.reduce((n, l) => n + l.qty, 0);
    }
  }
  return { Addr, LineItem, Person };
}

const compiled = new Registry();
const interpreted = new Registry({ compile: false });
const C = shop(compiled);
const I = shop(interpreted);

const BODY = {
  name: "Ada",
  addr: { street: "Main St" },
  lines: [
    { sku: "a", qty: 2 },
    { sku: "b", qty: 3 },
  ],
  born: "1815-12-10T00:00:00.000Z",
  dates: ["2024-01-01", "2024-02-29T12:00:00Z"],
  tags: { red: 1, blue: [2] },
  seen: [1, "x"],
  big: "12345678901234567890",
  extra: { free: ["form"] },
};

describe(`typed plain input (${dialect})`, () => {
  for (const [how, reg, M] of [
    ["compiled", compiled, C],
    ["interpreted", interpreted, I],
  ] as const) {
    it(`reads an untagged document along the declared types (${how})`, () => {
      const p = reg.fromPlain(BODY, M.Person);
      expect(p).toBeInstanceOf(M.Person);
      expect(p.name).toBe("Ada");
      expect(p.addr).toBeInstanceOf(M.Addr);
      expect(p.addr.street).toBe("Main St");
      expect(p.lines.map((l) => l instanceof M.LineItem)).toEqual([true, true]);
      expect(p.total).toBe(5);
      expect(p.born.toISOString()).toBe("1815-12-10T00:00:00.000Z");
      expect(p.dates.map((d) => d.toISOString())).toEqual(["2024-01-01T00:00:00.000Z", "2024-02-29T12:00:00.000Z"]);
      expect(p.tags).toEqual(
        new Map<unknown, unknown>([
          ["red", 1],
          ["blue", [2]],
        ]),
      );
      expect(p.seen).toEqual(new Set([1, "x"]));
      expect(p.big).toBe(12345678901234567890n);
      expect(p.extra).toEqual({ free: ["form"] });
      // A plain body is this version's shape: no migration runs.
      expect(reg.deserialize(JSON.stringify(BODY), M.Person).name).toBe("Ada");
    });

    it(`reads Maps as entry lists and bigints as safe integers; tags are still honoured (${how})`, () => {
      const p = reg.fromPlain(
        { ...BODY, tags: [[1, "one"]], big: 42, born: { $type: "Date", value: "2000-01-01T00:00:00.000Z" } },
        M.Person,
      );
      expect(p.tags).toEqual(new Map([[1, "one"]]));
      expect(p.big).toBe(42n);
      expect(p.born.getUTCFullYear()).toBe(2000);
      // The issue's second example: a tagged root with untagged fields.
      const q = reg.fromPlain({ $type: "t.Person", $version: 2, ...BODY }, M.Person);
      expect(q.addr).toBeInstanceOf(M.Addr);
      // An old version is migrated as written (its fields are that version's).
      const old = reg.toPlain(reg.fromPlain(BODY, M.Person)) as Record<string, unknown>;
      expect(reg.fromPlain({ ...old, $version: 1 }, M.Person).name).toBe("v1 Ada");
    });

    it(`reports every problem with its path, validators included (${how})`, () => {
      const bad = {
        ...BODY,
        addr: { street: 5 },
        lines: [{ sku: "a", qty: -1 }],
        born: "1815-02-30",
        big: "1.5",
        seen: 3,
      };
      expect(issuesOf(() => reg.fromPlain(bad, M.Person))).toEqual([
        { path: ["addr", "street"], code: "type", message: "expected string" },
        { path: ["lines", 0, "qty"], code: "positive", message: expect.any(String) },
        { path: ["born"], code: "date", message: "expected a valid ISO 8601 / RFC 3339 date string" },
        { path: ["seen"], code: "type", message: "expected Set" },
        { path: ["big"], code: "type", message: "expected an integer (a decimal string)" },
      ]);
      expect(issuesOf(() => reg.fromPlain({ ...BODY, big: 2 ** 60 }, M.Person))).toEqual([
        { path: ["big"], code: "type", message: expect.stringMatching(/past 2\^53 has lost digits/) },
      ]);
      // A fraction is not an integer at all: no word of lost digits.
      expect(issuesOf(() => reg.fromPlain({ ...BODY, big: 1.5 }, M.Person))).toEqual([
        { path: ["big"], code: "type", message: "expected an integer (a whole number, or a decimal string)" },
      ]);
      // A tag of another type in a typed position is checked against it.
      expect(issuesOf(() => reg.fromPlain({ ...BODY, addr: { $type: "t.LineItem", sku: "a", qty: 1 } }, M.Person))).toEqual([
        { path: ["addr"], code: "type", message: "expected Addr" },
      ]);
      expect(issuesOf(() => reg.fromPlain({ ...BODY, lines: ["x"] }, M.Person))).toEqual([
        { path: ["lines", 0], code: "type", message: "expected LineItem" },
      ]);
    });

    it(`strips unknown keys by default, rejects them on request (${how})`, () => {
      const withJunk = { ...BODY, junk: 1, $type_like: 2, addr: { street: "s", nope: true } };
      const p = reg.fromPlain(withJunk, M.Person);
      expect(Object.keys(p)).not.toContain("junk");
      expect(Object.hasOwn(p.addr, "nope")).toBe(false);
      expect(issuesOf(() => reg.fromPlain(withJunk, M.Person, { unknownKeys: "reject" }))).toEqual([
        { path: ["junk"], code: "unknown-key", message: 't.Person has no field "junk" (unknownKeys: "reject")' },
        { path: ["$type_like"], code: "unknown-key", message: 't.Person has no field "$type_like" (unknownKeys: "reject")' },
        { path: ["addr", "nope"], code: "unknown-key", message: 't.Addr has no field "nope" (unknownKeys: "reject")' },
      ]);
      expect(() => reg.fromPlain(BODY, M.Person, { unknownKeys: "drop" as never })).toThrow(TypeError);
    });
  }

  it("a missing field is an issue unless it is optional or has a default, as in tagged documents", () => {
    const reg = new Registry();
    @model({ registry: reg, name: "t.Req" })
    class Req {
      @field(String) accessor a = "";
      @field({ type: Number, default: 7 }) accessor b = 0;
      @field({ type: Date, optional: true }) accessor c: Date | null | undefined = undefined;
    }
    expect(issuesOf(() => reg.fromPlain({}, Req))).toEqual([{ path: ["a"], code: "required", message: "missing required field" }]);
    const r = reg.fromPlain({ a: "x", c: null }, Req);
    expect([r.a, r.b, r.c]).toEqual(["x", 7, null]);
  });

  it("models' unknownKeys and strict options decide when the call does not", () => {
    const reg = new Registry();
    @model({ registry: reg, name: "t.Strict", strict: true })
    class Strict {
      @field(Number) accessor n = 0;
    }
    @model({ registry: reg, name: "t.Rejects", unknownKeys: "reject" })
    class Rejects {
      @field(Number) accessor n = 0;
    }
    @model({ registry: reg, name: "t.Loose", strict: true, unknownKeys: "strip" })
    class Loose {
      @field(Number) accessor n = 0;
    }
    expect(issuesOf(() => reg.fromPlain({ n: 1, x: 2 }, Strict)).map((i) => i.path)).toEqual([["x"]]);
    expect(issuesOf(() => reg.fromPlain({ n: 1, x: 2 }, Rejects)).map((i) => i.path)).toEqual([["x"]]);
    expect(reg.fromPlain({ n: 1, x: 2 }, Loose).n).toBe(1);
    expect(reg.fromPlain({ n: 1, x: 2 }, Strict, { unknownKeys: "strip" }).n).toBe(1);
    expect(() => model({ registry: reg, name: "t.Bad", unknownKeys: "keep" as never })(class {})).toThrow(ClassDefinitionError);
  });

  it("reads deep untagged chains without running out of stack", () => {
    const reg = new Registry();
    @model({ registry: reg, name: "t.Node" })
    class Node {
      @field(Number) accessor n = 0;
      @field({ type: () => Node, optional: true }) accessor next: Node | undefined = undefined;
    }
    let doc: Record<string, unknown> = { n: 0 };
    for (let i = 1; i < 5000; i++) doc = { n: i, next: doc };
    let node: Node | undefined = reg.fromPlain(doc, Node);
    let count = 0;
    while (node !== undefined) {
      count++;
      node = node.next;
    }
    expect(count).toBe(5000);
    // (toEqual and JSON.stringify recurse: compare the text of the iterative writer.)
    expect(reg.serialize(reg.fromPlain(doc, Node), { tags: false })).toBe(stringifyDeep(doc));
  });

  it("types follow the registry: a class registered later is read as a model from then on", () => {
    const reg = new Registry();
    class Later {
      n = 0;
    }
    @model({ registry: reg, name: "t.Holder" })
    class Holder {
      @field({ type: () => Later }) accessor later: Later = new Later();
    }
    const doc = { $type: "t.Holder", later: { n: 2 } };
    expect(issuesOf(() => reg.fromPlain(doc, Holder))).toEqual([{ path: ["later"], code: "type", message: "expected Later" }]);
    reg.register("t.Later", Later);
    expect(reg.fromPlain(doc, Holder).later).toBeInstanceOf(Later);
    expect(reg.fromPlain({ later: { n: 3 } }, Holder).later.n).toBe(3);
  });

  it("reads a root of another declared type: Date, Map", () => {
    expect(compiled.fromPlain("2020-05-01T10:00:00Z", Date).toISOString()).toBe("2020-05-01T10:00:00.000Z");
    expect(compiled.fromPlain({ a: 1 }, Map)).toEqual(new Map([["a", 1]]));
  });
});

describe(`discriminators (${dialect})`, () => {
  const reg = new Registry();
  @model({ registry: reg, name: "shapes.Shape", discriminator: "kind" })
  class Shape {
    @field(String) accessor label = "";
  }
  @model({ registry: reg, name: "shapes.Circle", discriminatorValue: "circle" })
  class Circle extends Shape {
    @field(Number) accessor r = 1;
  }
  @model({ registry: reg, name: "shapes.Square" })
  class Square extends Shape {
    @field(Number) accessor side = 1;
  }
  @model({ registry: reg, name: "shapes.Drawing" })
  class Drawing {
    @field([Shape]) accessor shapes: Shape[] = [];
  }

  it("picks the subclass by the discriminator; its value defaults to the registered name", () => {
    const d = reg.fromPlain(
      {
        shapes: [
          { kind: "circle", label: "c", r: 2 },
          { kind: "shapes.Square", label: "", side: 3 },
          { kind: "shapes.Shape", label: "plain" },
          { $type: "shapes.Circle", label: "", r: 5 },
        ],
      },
      Drawing,
    );
    expect(d.shapes.map((s) => s.constructor)).toEqual([Circle, Square, Shape, Circle]);
    expect((d.shapes[0] as Circle).r).toBe(2);
    expect(reg.toPlain(d, { tags: false })).toEqual({
      shapes: [
        { kind: "circle", label: "c", r: 2 },
        { kind: "shapes.Square", label: "", side: 3 },
        { kind: "shapes.Shape", label: "plain" },
        { kind: "circle", label: "", r: 5 },
      ],
    });
    expect(reg.fromPlain(reg.toPlain(d, { tags: false }), Drawing)).toEqual(d);
    // The discriminator is data of plain JSON only: the tagged format has "$type".
    expect(reg.toPlain(new Circle())).toEqual({ $type: "shapes.Circle", label: "", r: 1 });
  });

  it("says what is missing or unknown", () => {
    expect(issuesOf(() => reg.fromPlain({ shapes: [{ r: 2 }, { kind: "hexagon" }] }, Drawing))).toEqual([
      {
        path: ["shapes", 0, "kind"],
        code: "discriminator",
        message:
          'missing discriminator: Shape has registered subclasses, the "kind" key says which (one of "shapes.Shape", "circle", "shapes.Square")',
      },
      {
        path: ["shapes", 1, "kind"],
        code: "discriminator",
        message: 'unknown "kind" of Shape: expected one of "shapes.Shape", "circle", "shapes.Square"',
      },
    ]);
    // In a subclass position, a value of another branch is refused as well.
    expect(issuesOf(() => reg.fromPlain({ kind: "shapes.Square" }, Circle))).toEqual([
      { path: ["kind"], code: "discriminator", message: 'unknown "kind" of Circle: expected one of "circle"' },
    ]);
  });

  it("a polymorphic position without a discriminator needs the tag", () => {
    const r2 = new Registry();
    @model({ registry: r2, name: "zoo.Animal" })
    class Animal {
      @field(String) accessor name = "";
    }
    @model({ registry: r2, name: "zoo.Dog" })
    class Dog extends Animal {}
    expect(issuesOf(() => r2.fromPlain({ name: "rex" }, Animal))).toEqual([
      {
        path: [],
        code: "discriminator",
        message:
          'Animal has registered subclasses (zoo.Animal, zoo.Dog): an untagged object in its place needs a "$type" tag, or a discriminator declared on the base model with @model({ discriminator: "kind" })',
      },
    ]);
    expect(r2.fromPlain({ $type: "zoo.Dog", name: "rex" }, Animal)).toBeInstanceOf(Dog);
    expect(r2.fromPlain({ name: "rex" }, Dog)).toBeInstanceOf(Dog);
    // Written at the root (its own class), refused in a field of the base type: it would not read back.
    expect(r2.toPlain(new Animal(), { tags: false })).toEqual({ name: "" });
    expect(r2.toPlain(new Dog(), { tags: false })).toEqual({ name: "" });
    @model({ registry: r2, name: "zoo.Zoo" })
    class Zoo {
      @field([Animal]) accessor animals: Animal[] = [];
    }
    const zoo = new Zoo();
    zoo.animals = [new Animal()];
    expect(() => r2.toPlain(zoo, { tags: false })).toThrow(
      /^animals\[0\]: zoo.Animal in a position of type Animal, which has registered subclasses \(zoo.Animal, zoo.Dog\): plain JSON needs a discriminator/,
    );
    zoo.animals = [new Dog()];
    expect(() => r2.toPlain(zoo, { tags: false })).toThrow(/needs a discriminator/);
  });

  it("is checked when the classes are defined", () => {
    const r3 = new Registry();
    @model({ registry: r3, name: "k.Base", discriminator: "kind" })
    class Base {}
    expect(() => {
      @model({ registry: r3, name: "k.A", discriminatorValue: "a" })
      class A extends Base {}
      @model({ registry: r3, name: "k.B", discriminatorValue: "a" })
      class B extends Base {}
      return [A, B];
    }).toThrow(/discriminator value "a" of "kind" is already used by A/);
    expect(() => {
      @model({ registry: r3, name: "k.C", discriminator: "type" })
      class C extends Base {}
      return C;
    }).toThrow(/already declares the discriminator "kind"/);
    expect(() => {
      @model({ registry: r3, name: "k.D" })
      class D extends Base {
        @field(String) accessor kind = "";
      }
      return D;
    }).toThrow(ClassDefinitionError);
    expect(() => {
      @model({ registry: r3, name: "k.E", discriminatorValue: "e" })
      class E {}
      return E;
    }).toThrow(/needs a discriminator key/);
    expect(() => model({ registry: r3, name: "k.F", discriminator: "$kind" })(class {})).toThrow(ClassDefinitionError);
  });
});

describe(`plain output (${dialect})`, () => {
  const { Person, Addr, LineItem } = C;

  it("writes no tags: ISO dates, Maps as objects or entries, Sets as arrays, bigints as strings", () => {
    const p = compiled.fromPlain(BODY, Person);
    const plain = compiled.toPlain(p, { tags: false });
    expect(plain).toEqual({
      name: "Ada",
      addr: { street: "Main St" },
      lines: [
        { sku: "a", qty: 2 },
        { sku: "b", qty: 3 },
      ],
      born: "1815-12-10T00:00:00.000Z",
      dates: ["2024-01-01T00:00:00.000Z", "2024-02-29T12:00:00.000Z"],
      tags: { red: 1, blue: [2] },
      seen: [1, "x"],
      big: "12345678901234567890",
      extra: { free: ["form"] },
    });
    expect(JSON.stringify(plain)).not.toContain("$type");
    expect(Object.keys(plain as object)).not.toContain("score");
    expect(compiled.serialize(p, { tags: false })).toBe(JSON.stringify(plain));
    expect(interpreted.serialize(interpreted.fromPlain(BODY, I.Person), { tags: false })).toBe(JSON.stringify(plain));
    p.tags = new Map<unknown, unknown>([
      [1, "one"],
      ["two", 2],
    ]);
    expect((compiled.toPlain(p, { tags: false }) as { tags: unknown }).tags).toEqual([
      [1, "one"],
      ["two", 2],
    ]);
    expect(compiled.fromPlain(compiled.toPlain(p, { tags: false }), Person)).toEqual(p);
    // Index-like string keys would move first in an object: such a Map is written as entries.
    p.tags = new Map([
      ["b", 1],
      ["0", 2],
    ]);
    expect((compiled.toPlain(p, { tags: false }) as { tags: unknown }).tags).toEqual([
      ["b", 1],
      ["0", 2],
    ]);
    // The root: what the value is.
    expect(compiled.toPlain(new Date(0), { tags: false })).toBe("1970-01-01T00:00:00.000Z");
    expect(compiled.toPlain(new Map([[1, ["a"]]]), { tags: false })).toEqual([[1, ["a"]]]);
    // A Map's values have no declared type: a Set there has no plain spelling that reads back.
    expect(() => compiled.toPlain(new Map([[1, new Set(["a"])]]), { tags: false })).toThrow(
      /\[0\]\[1\]: a Set in a position without a declared type/,
    );
    expect(() => compiled.toPlain(new Set([1n]), { tags: false })).toThrow(SerializeError);
  });

  it("JSON.stringify(model) is the plain output", () => {
    const a = new Addr();
    a.street = "s";
    expect(JSON.stringify(a)).toBe('{"street":"s"}');
    const item = new LineItem();
    expect(JSON.stringify([item])).toBe('[{"sku":"","qty":1}]');
  });

  it("refuses, with the path, what plain JSON cannot carry or typed input could not read back", () => {
    const p = compiled.fromPlain(BODY, Person);
    const refused = (mutate: (x: InstanceType<typeof Person>) => void, path: unknown[], message: RegExp) => {
      const q = compiled.fromPlain(BODY, Person);
      mutate(q);
      let err: unknown;
      try {
        compiled.toPlain(q, { tags: false });
      } catch (e) {
        err = e;
      }
      expect(err).toBeInstanceOf(SerializeError);
      expect((err as SerializeError).path).toEqual(path);
      expect((err as SerializeError).message).toMatch(message);
    };
    refused((q) => (q.score = Number.NaN), ["score"], /NaN has no plain JSON form/);
    refused((q) => (q.extra = new Date(0)), ["extra"], /a Date in a position without a declared type/);
    refused((q) => (q.extra = [new Addr()]), ["extra", 0], /an instance of Addr \(t\.Addr\)/);
    refused((q) => (q.extra = { $type: "x" }), ["extra"], /"\$type" key/);
    refused((q) => (q.tags = new Map([["k", 1n]])), ["tags", "k"], /a bigint in a position/);
    refused((q) => (q.extra = [undefined]), ["extra", 0], /undefined has no plain JSON form/);
    refused((q) => (q.name = undefined as never), ["name"], /declare the field optional/);
    refused((q) => (q.addr = null as never), ["addr"], /null in a position of type Addr/);
    refused((q) => (q.name = 5 as never), ["name"], /expected string here/);
    refused((q) => (q.born = new Date(Number.NaN)), ["born"], /invalid Date/);
    expect(() => compiled.toPlain(p, { tags: false, references: true })).toThrow(RangeError);
    expect(() => compiled.toPlain(p, { tags: "no" as never })).toThrow(TypeError);
    // -0 is written as 0; undefined in a plain object is left out, as JSON.stringify does.
    p.score = -0;
    p.extra = { a: undefined, b: 1 };
    const out = compiled.toPlain(p, { tags: false }) as Record<string, unknown>;
    expect(Object.is(out.score, 0)).toBe(true);
    expect(out.extra).toEqual({ b: 1 });
    expect(Object.keys(out.extra as object)).toEqual(["b"]);
  });

  it("refuses an optional field cleared to undefined whose constructor gives another value (left out, it would read back as that value)", () => {
    for (const reg of [compiled, interpreted]) {
      @model({ registry: reg, name: "t.Prefs" })
      class Prefs {
        @field({ type: String, optional: true }) accessor theme: string | undefined = "dark";
        @field({ type: String, optional: true }) accessor note: string | undefined = undefined;
      }
      const p = new Prefs();
      p.theme = undefined;
      const writes: Array<[string, () => unknown]> = [
        ["serialize", () => reg.serialize(p, { tags: false })],
        ["toPlain", () => reg.toPlain(p, { tags: false })],
      ];
      // Deep: past the recursion limit the tagged tree is written, then converted (plain.ts untag).
      @model({ registry: reg, name: "t.PrefsLink" })
      class Link {
        @field({ type: () => Link, optional: true }) accessor next: Link | undefined = undefined;
        @field({ type: Prefs, optional: true }) accessor prefs: Prefs | undefined = undefined;
      }
      const head = new Link();
      let tail = head;
      for (let i = 0; i < 3000; i++) tail = tail.next = new Link();
      tail.prefs = p;
      writes.push(["toPlain, deep", () => reg.toPlain(head, { tags: false })]);
      for (const [how, write] of writes) {
        let err: unknown;
        try {
          write();
        } catch (e) {
          err = e;
        }
        expect(err, how).toBeInstanceOf(SerializeError);
        expect((err as SerializeError).message, how).toMatch(
          /theme: undefined has no plain JSON form here: left out, the field would read back/,
        );
      }
      // The tagged format carries it; an optional field whose constructor leaves it undefined is still left out.
      expect(reg.deserialize(reg.serialize(p), Prefs).theme).toBeUndefined();
      p.theme = "light";
      expect(reg.serialize(p, { tags: false })).toBe('{"theme":"light"}');
      expect(reg.fromPlain(reg.toPlain(p, { tags: false }), Prefs).theme).toBe("light");
    }
  });
});
