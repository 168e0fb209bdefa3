/**
 * The text writer (`serialize` without building a tree) against the tree
 * encoder (`JSON.stringify(toPlain(x))`): the same bytes for every value,
 * both tag policies it covers, every depth (around the tree encoder's
 * recursion threshold and past the writer's own depth), and the same errors
 * with the same paths.
 */
import fc from "fast-check";
import { afterEach, describe, expect, it, vi } from "vitest";
import { DecorumError, SerializeError } from "../../src/errors.js";
import { Encoder } from "../../src/registry/encode.js";
import { defineModel, field, Registry } from "../../src/registry/index.js";
import { stringifyDeep } from "../../src/registry/json.js";
import { CHUNK, isoText, numberText, quote, TEXT_DEPTH } from "../../src/registry/write-text.js";
import { modelsIn, valueGraph } from "../fixtures/registry/arbitraries.js";

const compiled = new Registry();
modelsIn(compiled);

type Outcome = { text: string | undefined } | { error: string; path: readonly unknown[] | undefined };

function outcome(run: () => string | undefined): Outcome {
  try {
    return { text: run() };
  } catch (e) {
    if (!(e instanceof DecorumError)) throw e;
    return { error: `${e.name}: ${e.message}`, path: e instanceof SerializeError ? e.path : undefined };
  }
}

/** `serialize(x, options)` and the tree encoder's text for the same call. */
function both(reg: Registry, x: unknown, options: { tags?: false | "needed"; maxDepth?: number } = {}): [Outcome, Outcome] {
  const direct = outcome(() => reg.serialize(x, options));
  const tree = outcome(() => {
    const t = reg.toPlain(x, options);
    return JSON.stringify(t) ?? undefined;
  });
  return [direct, tree];
}

describe("text writer: the same bytes as the tree encoder", () => {
  it("quote and isoText write what JSON.stringify and toISOString write", () => {
    fc.assert(
      fc.property(fc.string({ unit: "binary" }), (s) => {
        expect(quote(s)).toBe(JSON.stringify(s));
      }),
      { numRuns: 500 },
    );
    // Every year toISOString writes (±YYYYYY included), in any order, so the kept day is sometimes reused and sometimes not.
    fc.assert(
      fc.property(fc.array(fc.date({ noInvalidDate: true }), { minLength: 1, maxLength: 20 }), (dates) => {
        for (const d of [...dates, ...dates.map((x) => new Date(x.getTime() + 1))].filter((x) => !Number.isNaN(x.getTime())))
          expect(isoText(d)).toBe(JSON.stringify(d.toISOString()));
      }),
      { numRuns: 300 },
    );
  });

  it("numberText writes what String writes: integers, hundredths, quarters and any double", () => {
    const same = (x: number): void => {
      expect(numberText(x)).toBe(String(x));
    };
    fc.assert(
      fc.property(
        fc.oneof(
          fc.integer({ min: -(2 ** 31) - 2, max: 2 ** 31 + 2 }),
          fc.integer({ min: -(2 ** 31), max: 2 ** 31 }).map((k) => k / 100),
          fc.integer({ min: -(2 ** 33), max: 2 ** 33 }).map((k) => k / 100),
          fc.integer().map((k) => k / 4),
          fc.integer({ min: -1e6, max: 1e6 }).map((k) => k / 1000),
          fc.double({ noNaN: true, noDefaultInfinity: true }),
          fc.maxSafeInteger(),
        ),
        same,
      ),
      { numRuns: 5000 },
    );
    for (const x of [
      0,
      -0,
      2147483647,
      -2147483648,
      2147483648,
      21474836.47,
      -21474836.47,
      21474836.48,
      0.01,
      -0.05,
      0.1 + 0.2,
      1e-7,
      1e21,
    ])
      same(x);
  });

  it("random value graphs: the same text or the same error, tags needed and none", () => {
    fc.assert(
      fc.property(valueGraph, (v) => {
        for (const tags of ["needed", false] as const) {
          const [direct, tree] = both(compiled, v, { tags });
          expect(direct).toEqual(tree);
        }
      }),
      { numRuns: 400 },
    );
  });

  // A model with a field of each kind the writer handles itself, and a typed link to the next one.
  const reg = new Registry();
  const Kind = defineModel(class Kind {}, { registry: reg, name: "w.Kind", discriminator: "kind", fields: { label: field(String) } });
  const Sub = defineModel(class Sub extends Kind {}, {
    registry: reg,
    name: "w.Sub",
    discriminatorValue: "sub",
    fields: { n: field(Number) },
  });
  class Node {
    s = 'a"b\\c\u2028';
    n = 1.5;
    b = true;
    d = new Date(Date.UTC(2024, 1, 29, 23, 59, 59, 999));
    ds: Date[] = [new Date(-1e14), new Date(8.64e15)];
    m = new Map<string, unknown>([
      ["k", 1],
      ["d", new Date(0)],
    ]);
    pairs = new Map<unknown, unknown>([[1, new Date(5)]]);
    set = new Set<unknown>([1, "x", new Date(7)]);
    any: unknown = { plain: [1, { $type: "escaped" }], big: 3n };
    kind: unknown = Object.assign(new Sub(), { label: "k", n: 2 });
    next: Node | null = null;
  }
  defineModel(Node, {
    registry: reg,
    name: "w.Node",
    fields: {
      s: field(String),
      n: field(Number),
      b: field(Boolean),
      d: field(Date),
      ds: field([Date]),
      m: field(Map),
      pairs: field(Map),
      set: field(Set),
      any: field(),
      kind: field(Kind),
      next: field({ type: () => Node, optional: true }),
    },
  });
  /** `n` linked nodes; `plain`: without the values plain JSON refuses where no type is declared (Dates in an untyped Map or Set, a bigint). */
  const chain = (n: number, plain = false): Node => {
    const make = () => {
      const x = new Node();
      if (plain) {
        x.pairs = new Map([[1, 5]]);
        x.m = new Map([["k", 1]]);
        x.set = new Set([1, "x"]);
        x.any = { plain: [1, { n: null }] };
      }
      return x;
    };
    const head = make();
    let cur = head;
    for (let i = 1; i < n; i++) {
      const next = make();
      next.n = i;
      cur.next = next;
      cur = next;
    }
    return head;
  };

  it("every depth around the recursion threshold and the writer's own limit", () => {
    for (const n of [1, 2, 14, 15, 16, 17, 18, 40, TEXT_DEPTH / 4 - 1, TEXT_DEPTH / 4, TEXT_DEPTH / 4 + 1]) {
      for (const tags of ["needed", false] as const) {
        const x = chain(n, tags === false);
        expect(reg.serialize(x, { tags })).toBe(stringifyDeep(reg.toPlain(x, { tags })));
      }
      // Plain JSON refuses the untyped Dates and bigint: the same error either way.
      const [direct, tree] = both(reg, chain(n), { tags: false });
      expect("error" in direct).toBe(true);
      expect(direct).toEqual(tree);
    }
    // Deeper than the writer recurses: the tree encoder's iterative walk, the same text.
    const deep = new Registry();
    class L {
      at = new Date(1);
      next: L | undefined = undefined;
    }
    defineModel(L, { registry: deep, name: "w.Link", fields: { at: field(Date), next: field({ type: () => L, optional: true }) } });
    let head = new L();
    for (let i = 0; i < TEXT_DEPTH + 50; i++) {
      const l = new L();
      l.next = head;
      head = l;
    }
    for (const tags of ["needed", false] as const) expect(deep.serialize(head, { tags })).toBe(stringifyDeep(deep.toPlain(head, { tags })));
  });

  afterEach(() => {
    vi.restoreAllMocks();
  });

  // Rows with typed Map, Set and polymorphic fields, and a Date: what a large document (an order book, a ledger) holds.
  const big = new Registry();
  abstract class Shape {}
  class Circle extends Shape {
    r = 1;
  }
  class Square extends Shape {
    side = 1;
  }
  class Row {
    text = "";
    at = new Date(0);
    prices = new Map<unknown, unknown>();
    tags = new Set<unknown>();
    shape: Shape = new Circle();
    any: unknown = null;
  }
  class Table {
    rows: Row[] = [];
    byName = new Map<string, Row>();
  }
  defineModel(Shape, { registry: big, name: "w.Shape", discriminator: "kind", fields: {} });
  defineModel(Circle, { registry: big, name: "w.Circle", discriminatorValue: "circle", fields: { r: field(Number) } });
  defineModel(Square, { registry: big, name: "w.Square", discriminatorValue: "square", fields: { side: field(Number) } });
  defineModel(Row, {
    registry: big,
    name: "w.Row",
    fields: {
      text: field(String),
      at: field(Date),
      prices: field(Map),
      tags: field(Set),
      shape: field(Shape),
      any: field(),
    },
  });
  defineModel(Table, { registry: big, name: "w.Table", fields: { rows: field([Row]), byName: field({ type: Map, of: [String, Row] }) } });
  const row = (i: number, text: string): Row =>
    Object.assign(new Row(), {
      text,
      at: new Date(i * 1234567),
      prices:
        i % 3 === 0
          ? new Map<unknown, unknown>([[i, text]])
          : new Map<unknown, unknown>([
              ["standard", i / 4],
              ["x", text],
            ]),
      tags: new Set<unknown>(["gift", text.slice(0, 5), i]),
      shape: i % 2 ? Object.assign(new Circle(), { r: i }) : Object.assign(new Square(), { side: i / 2 }),
      any: i % 4 === 0 ? { plain: [text, i] } : [i, { kept: text.length }],
    });

  it("Map, Set and polymorphic values, short and longer than the scratch buffer (CHUNK), random text: the same bytes as the tree encoder", () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.nat(1000), fc.string({ unit: "binary", maxLength: 300 })), { maxLength: 6 }),
        fc.boolean(),
        (spec, long) => {
          const t = new Table();
          for (const [i, text] of spec) {
            const r = row(i, long ? text.padEnd(CHUNK + 7, "x") : text);
            t.rows.push(r);
            t.byName.set(r.text, r);
          }
          for (const tags of ["needed", false] as const) {
            const [direct, tree] = both(big, t, { tags });
            expect(direct).toEqual(tree);
          }
        },
      ),
      { numRuns: 200 },
    );
  });

  it("a document of several megabytes is written by the text writer itself (no hand-over to the tree encoder): the same text", () => {
    const t = new Table();
    const line = "x".repeat(1000);
    for (let i = 0; i < 3000; i++) t.rows.push(row(i, line + i));
    for (const r of t.rows.slice(0, 50)) t.byName.set(r.text, r);
    for (const tags of ["needed", false] as const) {
      const expected = JSON.stringify(big.toPlain(t, { tags }));
      expect(expected.length).toBeGreaterThan(3_000_000);
      const root = vi.spyOn(Encoder.prototype, "root");
      const text = big.serialize(t, { tags });
      // The tree encoder's entry point never ran: the writer wrote the whole document.
      expect(root).not.toHaveBeenCalled();
      root.mockRestore();
      expect(text).toBe(expected);
    }
  });

  it("a key whose value is left out is taken back wherever the scratch buffer is flushed (before it, in it, after it)", () => {
    const gap = new Registry();
    class Gap {
      pad = "";
      gone: unknown = undefined;
      last = 1;
    }
    defineModel(Gap, { registry: gap, name: "w.Gap", fields: { pad: field(String), gone: field(), last: field(Number) } });
    for (let n = CHUNK - 60; n <= CHUNK + 3; n++) {
      const pad = "x".repeat(n);
      for (const x of [
        Object.assign(new Gap(), { pad }),
        Object.assign(new Gap(), { pad, gone: () => 1 }),
        { pad, gone: undefined, last: 1 },
        {
          pad,
          m: new Map<string, unknown>([
            ["u", undefined],
            ["v", 2],
          ]),
        },
      ])
        for (const tags of ["needed", false] as const) {
          const [direct, tree] = both(gap, x, { tags });
          expect(direct).toEqual(tree);
        }
    }
  });

  it("model writers, generated and interpreted: no fields, every key written, an optional key left out first, in the middle and last, with and without a header, in arrays", () => {
    for (const reg of [new Registry(), new Registry({ compile: false })]) {
      const Empty = defineModel(class Empty {}, { registry: reg, name: "w.Empty", fields: {} });
      class Row {
        a: unknown = undefined;
        b = 1;
        c: unknown = undefined;
        d = "d";
        e: unknown = undefined;
        empty = new Empty();
      }
      const opt = { type: String, optional: true } as const;
      defineModel(Row, {
        registry: reg,
        name: "w.Row",
        version: 2,
        fields: { a: opt, b: Number, c: opt, d: String, e: opt, empty: Empty },
      });
      const rows = [new Row(), Object.assign(new Row(), { a: "a", c: "c", e: "e" }), Object.assign(new Row(), { c: "c" })];
      class Table {
        rows = rows;
        empties = [new Empty(), new Empty()];
      }
      defineModel(Table, { registry: reg, name: "w.Table", fields: { rows: [Row], empties: [Empty] } });
      for (const x of [new Empty(), ...rows, rows, { rows }, new Table()])
        for (const tags of ["needed", false] as const) {
          const [direct, tree] = both(reg, x, { tags });
          expect(direct).toEqual(tree);
          expect(both(reg, x)[0]).toEqual(both(reg, x)[1]);
        }
      expect(reg.serialize(rows[2])).toBe('{"$type":"w.Row","$version":2,"b":1,"c":"c","d":"d","empty":{}}');
      expect(reg.serialize(new Table(), { tags: false })).toBe(
        '{"rows":[{"b":1,"d":"d","empty":{}},{"a":"a","b":1,"c":"c","d":"d","e":"e","empty":{}},{"b":1,"c":"c","d":"d","empty":{}}],"empties":[{},{}]}',
      );
    }
  });

  it("the root's model is looked up again after the registry changes (a kept writer remembers the last one)", () => {
    const r = new Registry();
    class A {
      n = 1;
    }
    defineModel(A, { registry: r, name: "w.A", fields: { n: field(Number) } });
    const a = new A();
    for (const tags of ["needed", false] as const) expect(r.serialize(a, { tags })).toBe(JSON.stringify(r.toPlain(a, { tags })));
    expect(r.serialize(a)).toBe('{"$type":"w.A","n":1}');
    r.unregister(A);
    expect(() => r.serialize(a)).toThrow(SerializeError);
    expect(() => r.serialize(a, { tags: false })).toThrow(SerializeError);
    defineModel(A, { registry: r, name: "w.B", fields: { n: field(Number) } });
    expect(r.serialize(a)).toBe('{"$type":"w.B","n":1}');
    expect(r.serialize(a, { tags: false })).toBe('{"n":1}');
    // Roots of other classes and plain values in between: each written as itself.
    expect(r.serialize([a, { x: 1 }])).toBe('[{"$type":"w.B","n":1},{"x":1}]');
    expect(r.serialize(a)).toBe('{"$type":"w.B","n":1}');
  });

  it("errors: the same message and path (cycle, maxDepth, invalid Date, function, unregistered class)", () => {
    const cyclic = chain(3);
    (cyclic.next as Node).next = cyclic;
    const tooDeep = chain(30);
    const badDate = chain(20);
    let at = badDate;
    for (let i = 0; i < 18; i++) at = at.next as Node;
    at.d = new Date(Number.NaN);
    const fn = chain(2);
    (fn.next as Node).any = { f: () => 1 };
    const stranger = chain(2);
    stranger.kind = new (class Stranger {})();
    for (const [x, options] of [
      [cyclic, {}],
      [tooDeep, { maxDepth: 20 }],
      [badDate, {}],
      [fn, {}],
      [stranger, {}],
      [cyclic, { tags: false }],
      [fn, { tags: false }],
    ] as const) {
      const [direct, tree] = both(reg, x, options);
      expect("error" in direct).toBe(true);
      expect(direct).toEqual(tree);
    }
  });
});

describe("a primitive of another type than declared is refused on the way out, never written unreadable", () => {
  for (const compile of [true, false]) {
    const how = compile ? "compiled" : "interpreted";
    const reg = new Registry({ compile });
    const Order = defineModel(
      class Order {
        tags: unknown[] = [];
        nums: unknown[] = [];
        flags: unknown[] = [];
        label: unknown = "";
      },
      { registry: reg, name: `w.MismatchOrder.${how}`, fields: { tags: [String], nums: [Number], flags: [Boolean], label: String } },
    );
    // Every writer: the text writer (serialize), the tree encoder (toPlain), plain and tagged, and the installed toJSON.
    const writers: [string, (o: object) => unknown][] = [
      ["serialize", (o) => reg.serialize(o)],
      ["serialize tags: false", (o) => reg.serialize(o, { tags: false })],
      ["toPlain", (o) => reg.toPlain(o)],
      ["toPlain tags: false", (o) => reg.toPlain(o, { tags: false })],
      ["JSON.stringify", (o) => JSON.stringify(o)],
    ];
    const cases: [string, Record<string, unknown>, string][] = [
      ["a number in a [String]", { tags: ["a", 5] }, "tags[1]: expected string here (the declared type), found a number (5)"],
      ["a string in a [Number]", { nums: [1, 2, "x"] }, 'nums[2]: expected number here (the declared type), found a string ("x")'],
      ["a boolean in a [Number]", { nums: [true] }, "nums[0]: expected number here (the declared type), found a boolean (true)"],
      ["a number in a [Boolean]", { flags: [false, 1] }, "flags[1]: expected boolean here (the declared type), found a number (1)"],
      ["a number in a String field", { label: 5 }, "label: expected string here (the declared type), found a number (5)"],
    ];
    for (const [write, f] of writers)
      it.each(cases)(`${write} (${how}): %s`, (_what, values, message) => {
        const o = Object.assign(new Order(), values);
        const e = (() => {
          try {
            f(o);
          } catch (err) {
            return err;
          }
          throw new Error("written");
        })();
        expect(e).toBeInstanceOf(SerializeError);
        expect((e as Error).message.startsWith(message)).toBe(true);
        // What is well typed is written, and reads back.
        const good = Object.assign(new Order(), { tags: ["a", ""], nums: [1, 0.5], flags: [true], label: "x" });
        expect(reg.fromPlain(reg.toPlain(good, { tags: false }), Order)).toEqual(good);
        expect(reg.deserialize(reg.serialize(good), Order)).toEqual(good);
      });
  }
});
