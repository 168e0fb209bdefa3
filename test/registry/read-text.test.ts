/**
 * `deserialize`'s text readers (src/registry/read-text.ts): a generated reader per root model reads
 * the text `serialize` writes and builds the tree `JSON.parse` builds, or gives up. Differential
 * tests: every reader result is compared with `JSON.parse` of the same text (key order, prototypes,
 * `-0`), and every `deserialize` with `decodeShortcuts.text = false` (always `JSON.parse`). The
 * readers the registry builds are wrapped, so a test also pins that the reader read the text (a
 * reader that always gave up would pass the comparisons).
 */
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { integer, nonNegative } from "../../src/descriptors/index.js";
import { decodeShortcuts } from "../../src/registry/decode.js";
import { defineModel, field, model, Registry } from "../../src/registry/index.js";
import { TEXT_READ_MAX } from "../../src/registry/read-text.js";

const seen = vi.hoisted(() => ({
  built: [] as string[],
  readers: new Map<string, (text: string) => unknown>(),
  calls: 0,
  hits: 0,
}));

vi.mock("../../src/registry/read-text.js", async (importOriginal) => {
  const m = await importOriginal<typeof import("../../src/registry/read-text.js")>();
  return {
    ...m,
    textReader: (...args: Parameters<typeof m.textReader>) => {
      const read = m.textReader(...args);
      seen.built.push(`${args[0].name}:${read === null ? "none" : "reader"}`);
      if (read === null) return null;
      seen.readers.set(args[0].name, read);
      return (text: string) => {
        seen.calls++;
        const tree = read(text);
        if (tree !== undefined) seen.hits++;
        return tree;
      };
    },
  };
});

beforeEach(() => {
  seen.built.length = 0;
  seen.calls = seen.hits = 0;
});
afterEach(() => {
  decodeShortcuts.text = true;
});

type Outcome = { ok: true; value: unknown } | { ok: false; error: unknown };

function attempt(f: () => unknown): Outcome {
  try {
    return { ok: true, value: f() };
  } catch (error) {
    return { ok: false, error };
  }
}

function errorOf(e: unknown): unknown {
  if (!(e instanceof Error)) return e;
  const x = e as Error & { issues?: unknown; rootName?: unknown };
  return { name: x.constructor.name, message: x.message, issues: x.issues, rootName: x.rootName };
}

/** `deserialize` with the readers and without: the same instances or the same error. Returns the outcome. */
function decodeBoth(reg: Registry, text: string, C?: Function): Outcome {
  decodeShortcuts.text = false;
  const general = attempt(() => reg.deserialize(text, C));
  decodeShortcuts.text = true;
  const read = attempt(() => reg.deserialize(text, C));
  expect(read.ok).toBe(general.ok);
  if (general.ok && read.ok) {
    expect(read.value).toStrictEqual(general.value);
    expect(reg.serialize(read.value)).toBe(reg.serialize(general.value));
  } else if (!general.ok && !read.ok) expect(errorOf(read.error)).toStrictEqual(errorOf(general.error));
  return read;
}

/** `a` and `b` are the same JSON tree: prototypes, own keys in order, `Object.is` values. */
function sameTree(a: unknown, b: unknown, path = "$"): void {
  if (typeof a !== "object" || a === null) {
    expect(Object.is(a, b), `${path}: ${String(a)} vs ${String(b)}`).toBe(true);
    return;
  }
  expect(typeof b === "object" && b !== null, path).toBe(true);
  expect(Object.getPrototypeOf(a), path).toBe(Object.getPrototypeOf(b));
  expect(Reflect.ownKeys(a), path).toStrictEqual(Reflect.ownKeys(b as object));
  for (const k of Object.keys(a)) sameTree((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k], `${path}.${k}`);
}

/** The reader's tree is `JSON.parse`'s, or it gave up (always, where `JSON.parse` throws). `true`: it read it. */
function readerAgrees(read: (text: string) => unknown, text: string): boolean {
  const tree = read(text);
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    expect(tree, text).toBeUndefined();
    return false;
  }
  if (tree === undefined) return false;
  sameTree(tree, parsed);
  return true;
}

/** A seeded generator (mulberry32): the fuzz cases are the same on every run. */
function prng(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

describe("text readers", () => {
  const reg = new Registry();

  @model({ registry: reg, name: "rt.Node" })
  class Node {
    @field(Number) @integer @nonNegative accessor id = 0;
    @field(Number) amount = 0;
    @field(String) label = "";
    @field({ type: () => Node, optional: true }) next: Node | null = null;
  }

  @model({ registry: reg, name: "rt.Item" })
  class Item {
    @field(String) sku = "";
    @field(Boolean) gift = false;
  }

  @model({ registry: reg, name: "rt.Order" })
  class Order {
    @field(Date) at = new Date(0);
    @field([String]) notes: string[] = [];
    @field([Item]) items: Item[] = [];
    @field({ type: Number, wireName: "toString" }) n = 0;
    @field({ type: Number, optional: true }) extra: number | null = null;
  }

  @model({ registry: reg, name: "rt.WithMap" })
  class WithMap {
    @field({ type: Map, of: [String, Number] }) m = new Map<string, number>();
  }

  function chain(n: number): Node {
    const head = new Node();
    let cur = head;
    for (let i = 0; i < n; i++) {
      cur.id = i;
      cur.amount = (i % 7) * 1.25 - 3;
      cur.label = `node ${i}`;
      if (i === n - 1) break;
      cur.next = new Node();
      cur = cur.next;
    }
    return head;
  }

  function order(): Order {
    const o = new Order();
    o.at = new Date(Date.UTC(2026, 0, 2, 3, 4, 5, 6));
    o.notes = ["a", 'quote " and \\ and \n', "ünïcødé ✓", ""];
    o.items = [Object.assign(new Item(), { sku: "x-1", gift: true }), Object.assign(new Item(), { sku: "y", gift: false })];
    o.n = 42;
    o.extra = 1.5e-7;
    return o;
  }

  it("reads what serialize writes, tagged and plain, typed and untyped, to the instances JSON.parse gives", () => {
    const values: [unknown, Function][] = [
      [chain(1), Node],
      [chain(200), Node],
      [order(), Order],
      [new Order(), Order],
      [new Item(), Item],
    ];
    for (const [v, C] of values) {
      for (const tags of [undefined, false] as const) {
        const text = reg.serialize(v, tags === undefined ? {} : { tags });
        const before = seen.hits;
        expect(decodeBoth(reg, text, C)).toMatchObject({ ok: true });
        expect(seen.hits, text).toBe(before + 1);
        if (tags === undefined) {
          expect(decodeBoth(reg, text)).toMatchObject({ ok: true });
          expect(seen.hits, text).toBe(before + 2);
        }
      }
    }
    // The root's tag names the model read (a subclass, another model): that model's reader, whatever `expected` says.
    const text = reg.serialize(order());
    expect(decodeBoth(reg, text, Node)).toMatchObject({ ok: false });
    expect(seen.built).toEqual(["rt.Node:reader", "rt.Order:reader", "rt.Item:reader"]);
  });

  it("builds no reader for a model whose fields it cannot read, nor without code generation", () => {
    const m = new WithMap();
    m.m.set("a", 1);
    expect(decodeBoth(reg, reg.serialize(m), WithMap)).toMatchObject({ ok: true });
    expect(seen.built).toEqual(["rt.WithMap:none"]);
    // The reader of the last text read (an earlier test's) was tried first, and gave up at the first key.
    expect(seen.hits).toBe(0);

    // A model without @field (own mode) has no fixed keys.
    class Loose {}
    defineModel(Loose, { registry: reg, name: "rt.Loose" });
    expect(decodeBoth(reg, '{"$type":"rt.Loose","a":1}')).toMatchObject({ ok: true });
    expect(seen.built).toEqual(["rt.WithMap:none", "rt.Loose:none"]);

    class Pair {
      declare a: number;
      declare b: string;
    }
    const off = new Registry({ compile: false });
    defineModel(Pair, { registry: off, name: "rt.Pair", fields: { a: Number, b: String } });
    defineModel(Pair, { registry: reg, name: "rt.Pair", fields: { a: Number, b: String } });
    const text = '{"$type":"rt.Pair","a":1,"b":"x"}';
    const parse = vi.spyOn(JSON, "parse");
    try {
      expect(off.deserialize(text)).toBeInstanceOf(Pair);
      expect(parse).toHaveBeenCalledTimes(1);
      parse.mockClear();
      expect(reg.deserialize(text)).toBeInstanceOf(Pair);
      expect(parse).toHaveBeenCalledTimes(0);
    } finally {
      parse.mockRestore();
    }
    expect(seen.built).toEqual(["rt.WithMap:none", "rt.Loose:none", "rt.Pair:reader"]);
  });

  it("gives JSON.parse's tree or nothing for edge cases of numbers, strings, keys and layout", () => {
    reg.deserialize(reg.serialize(chain(2)));
    reg.deserialize(reg.serialize(order()));
    const node = seen.readers.get("rt.Node") as (t: string) => unknown;
    const ord = seen.readers.get("rt.Order") as (t: string) => unknown;
    expect(node).toBeTypeOf("function");
    expect(ord).toBeTypeOf("function");
    const n = (id: string, amount = "1", label = '"l"', next = "null", tag = '"$type":"rt.Node",') =>
      `{${tag}"id":${id},"amount":${amount},"label":${label},"next":${next}}`;
    // Read: numbers in every JSON form, strings with escapes, null values, trailing whitespace, nested tags.
    const readable = [
      n("0"),
      n("-0"),
      n("0", "-0.0"),
      n("1", "1e400"),
      n("1", "-1e400"),
      n("1", "5e-324"),
      n("1", "1.7976931348623157e308"),
      n("1", "0.30000000000000004"),
      n("1", "12345678901234567890"),
      n("1", "123456789012345.6"),
      n("1", "1234567890123456.7"),
      // 17 digits: the mantissa is not exact as a double, and dividing it would round twice (found by a search).
      n("1", "7372425278.1014522"),
      n("1", "99.493095478937446"),
      n("1", "1E+2"),
      n("1", "1e-2"),
      n("1", "2.5E-22"),
      n("1", "9007199254740993"),
      n("1", "0.1e1"),
      n("1", "1e0000000000000000000001"),
      n("-1"),
      n("1.5"),
      n("1", "1", '"a\\"b\\\\c\\/d\\b\\f\\n\\r\\t\\u0041\\u00e9"'),
      n("1", "1", '"\\ud800 lone \\udc00"'),
      n("1", "1", '"\ud83d\ude00 \u2028 ünï"'),
      n("1", "1", '""'),
      n("null", "null", "null"),
      n("1", "1", '"x"', n("2", "2", '"y"', "null", "")),
      n("1", "1", '"x"', n("2", "2", '"y"', "null", '"$type":"rt.Node",')),
      n("1", "1", '"x"', "null", ""),
      `${n("1")} \n\t\r `,
    ];
    let hits = 0;
    for (const t of readable) {
      expect(readerAgrees(node, t), t).toBe(true);
      hits++;
      decodeBoth(reg, t, Node);
    }
    expect(hits).toBe(readable.length);
    // Given up: anything JSON.parse rejects, and valid JSON in another layout (the general path reads it).
    const other = [
      n("01"),
      n("-"),
      n("1."),
      n(".5"),
      n("+1"),
      n("1", "1e"),
      n("1", "1e+"),
      n("1", "0x10"),
      n("1", "Infinity"),
      n("1", "NaN"),
      n("1", "1", '"raw \n newline"'),
      n("1", "1", '"bad \\x escape"'),
      n("1", "1", '"unterminated'),
      n("1", "1", "'single'"),
      n("true"),
      n('"1"'),
      n("1", "1", '"x"', "{}"),
      n("1", "1", '"x"', "[]"),
      n("1", "1", '"x"', n("2", "2", '"y"', "null", '"$type":"rt.Item",')),
      n("1", "1", '"x"', "nul"),
      ` ${n("1")}`,
      `${n("1")}x`,
      `${n("1")}}`,
      n("1").replace(",", " ,"),
      n("1").replace(":", " :"),
      n("1").replace('"id":1,', ""),
      n("1").replace('"id":1,', '"id":1,"id":2,'),
      n("1").replace("}", ',"more":1}'),
      n("1").replace('"id":1,"amount":1', '"amount":1,"id":1'),
      '{"$type":"rt.Node"}',
      '{"$type":"rt.Node",',
      "",
      "{",
      "null",
      "[]",
    ];
    for (const t of other) {
      expect(readerAgrees(node, t), t).toBe(false);
      decodeBoth(reg, t, Node);
    }
    // Arrays, a Date string, an inherited key name and a missing optional field.
    const o = reg.serialize(order());
    expect(readerAgrees(ord, o)).toBe(true);
    expect(readerAgrees(ord, o.replace('"notes":["a",', '"notes":['))).toBe(true);
    expect(readerAgrees(ord, o.replace(/"notes":\[[^\]]*\]/, '"notes":[]'))).toBe(true);
    expect(readerAgrees(ord, o.replace(/"notes":\[[^\]]*\]/, '"notes":null'))).toBe(true);
    expect(readerAgrees(ord, o.replace(/"notes":\[[^\]]*\]/, '"notes":[null,"x"]'))).toBe(true);
    expect(readerAgrees(ord, o.replace(/"notes":\[[^\]]*\]/, '"notes":["a",]'))).toBe(false);
    expect(readerAgrees(ord, o.replace(/"notes":\[[^\]]*\]/, '"notes":["a" ,"b"]'))).toBe(false);
    expect(readerAgrees(ord, o.replace(/,"extra":[^}]*/, ""))).toBe(true);
    decodeBoth(reg, o.replace(/,"extra":[^}]*/, ""), Order);
  });

  it("reads a model whose optional fields are left out, in every combination", () => {
    // A registry of its own: the earlier tests' texts without a reader leave the next ones to JSON.parse.
    const r = new Registry();
    r.register("rt.Node", Node);
    @model({ registry: r, name: "rt.Sparse" })
    class Sparse {
      @field({ type: Number, optional: true }) first?: number;
      @field(String) mid = "";
      @field({ type: () => Node, optional: true }) node?: Node;
      @field({ type: [String], optional: true }) last?: string[];
    }
    const texts: string[] = [];
    for (let b = 0; b < 8; b++) {
      const v = new Sparse();
      v.mid = `m${b}`;
      if (b & 1) v.first = -0.5;
      if (b & 2) v.node = chain(2);
      if (b & 4) v.last = ["x", "y"];
      for (const tags of [undefined, false] as const) texts.push(r.serialize(v, tags === undefined ? {} : { tags }));
    }
    expect(texts[0]).toBe('{"$type":"rt.Sparse","mid":"m0"}');
    expect(texts[1]).toBe('{"mid":"m0"}');
    expect(texts[15]).toBe(
      '{"first":-0.5,"mid":"m7","node":{"id":0,"amount":-3,"label":"node 0","next":{"id":1,"amount":-1.75,"label":"node 1","next":null}},"last":["x","y"]}',
    );
    const before = seen.hits;
    for (const t of texts) expect(decodeBoth(r, t, Sparse)).toMatchObject({ ok: true });
    expect(seen.hits).toBe(before + texts.length);
    const read = seen.readers.get("rt.Sparse") as (t: string) => unknown;
    for (const t of texts) expect(readerAgrees(read, t), t).toBe(true);
    // Commas, order and repeats still give up.
    for (const t of [
      '{"$type":"rt.Sparse",}',
      '{"$type":"rt.Sparse""mid":"m"}',
      '{"$type":"rt.Sparse",,"mid":"m"}',
      '{,"mid":"m"}',
      '{"mid":"m",}',
      '{"mid":"m""last":[]}',
      '{"mid":"m","first":1}',
      '{"first":1,"first":2,"mid":"m"}',
      '{"first":1,"mid":"m","mid":"n"}',
      '{"first":1}',
      "{}",
    ]) {
      expect(readerAgrees(read, t), t).toBe(false);
      decodeBoth(r, t, Sparse);
    }
    for (const t of ['{"first":null,"mid":"m","node":null,"last":null}', '{"$type":"rt.Sparse","mid":"m","last":[]}'])
      expect(readerAgrees(read, t), t).toBe(true);
  });

  it("gives JSON.parse's tree or nothing for random edits of serialized texts (seeded)", () => {
    reg.deserialize(reg.serialize(chain(2)));
    reg.deserialize(reg.serialize(order()));
    const readers = [
      [seen.readers.get("rt.Node") as (t: string) => unknown, reg.serialize(chain(6)), Node],
      [seen.readers.get("rt.Order") as (t: string) => unknown, reg.serialize(order()), Order],
    ] as const;
    const rnd = prng(17);
    const alphabet = ' \t\n"\\{}[],:.-+eE0123456789truefalsnul$ü\u2028';
    let read = 0;
    let given = 0;
    for (const [r, base, C] of readers) {
      for (let i = 0; i < 1500; i++) {
        let t = base;
        const edits = 1 + Math.floor(rnd() * 3);
        for (let e = 0; e < edits; e++) {
          const at = Math.floor(rnd() * (t.length + 1));
          const ch = alphabet[Math.floor(rnd() * alphabet.length)] as string;
          const kind = rnd();
          if (kind < 0.34) t = t.slice(0, at) + ch + t.slice(at);
          else if (kind < 0.67) t = t.slice(0, at) + t.slice(at + 1);
          else t = t.slice(0, at) + ch + t.slice(at + 1);
        }
        if (readerAgrees(r, t)) read++;
        else given++;
        if (i % 10 === 0) decodeBoth(reg, t, C);
      }
    }
    // Both kinds occur: edits inside a string or a number keep the shape, the others break it.
    expect(read).toBeGreaterThan(100);
    expect(given).toBeGreaterThan(100);
  });

  it("leaves a text too deep for the call stack, and a long text, to JSON.parse", () => {
    // 20,000 levels: more than the default depth limit; both paths give the same error.
    let deep = '{"id":1,"amount":1,"label":"l","next":null}';
    for (let i = 0; i < 20_000; i++) deep = `{"id":1,"amount":1,"label":"l","next":${deep}}`;
    // A registry of its own: the earlier tests' texts without a reader leave the next ones to JSON.parse.
    const r = new Registry();
    r.register("rt.Node", Node);
    expect(decodeBoth(r, deep, Node)).toMatchObject({ ok: false });
    expect(decodeBoth(r, r.serialize(chain(800)), Node)).toMatchObject({ ok: true });
    expect(seen.hits).toBe(1);
    const long = r.serialize(Object.assign(new Node(), { label: "x".repeat(TEXT_READ_MAX) }));
    const calls = seen.calls;
    expect(decodeBoth(r, long, Node)).toMatchObject({ ok: true });
    expect(seen.calls).toBe(calls);
  });

  it("stops trying a reader whose texts keep missing its shape, and builds anew when the registry changes", () => {
    // Five optional fields: more than a reader takes left out (one literal per combination), so one left out is a miss.
    const r = new Registry();
    @model({ registry: r, name: "rt.Opt" })
    class Opt {
      @field(Number) a = 0;
      @field({ type: Number, optional: true }) b?: number;
      @field({ type: Number, optional: true }) c = 1;
      @field({ type: Number, optional: true }) d = 1;
      @field({ type: Number, optional: true }) e = 1;
      @field({ type: Number, optional: true }) f = 1;
    }
    const text = r.serialize(new Opt());
    expect(text).toBe('{"$type":"rt.Opt","a":0,"c":1,"d":1,"e":1,"f":1}');
    for (let i = 0; i < 100; i++) expect(decodeBoth(r, text, Opt)).toMatchObject({ ok: true });
    expect(seen.calls).toBe(64);
    expect(seen.hits).toBe(0);
    expect(seen.built).toEqual(["rt.Opt:reader"]);
    r.register("rt.Other", class Other {});
    expect(decodeBoth(r, r.serialize(Object.assign(new Opt(), { b: 2 })), Opt)).toMatchObject({ ok: true });
    expect(seen.built).toEqual(["rt.Opt:reader", "rt.Opt:reader"]);
    expect(seen.hits).toBe(1);
  });

  it("sends the 32 texts after one without a reader straight to JSON.parse, then looks again", () => {
    const r = new Registry();
    class Loose {}
    defineModel(Loose, { registry: r, name: "rt.Loose" });
    class Pair {
      declare a: number;
    }
    defineModel(Pair, { registry: r, name: "rt.Pair", fields: { a: Number } });
    const pair = '{"$type":"rt.Pair","a":1}';
    expect(r.deserialize(pair)).toBeInstanceOf(Pair);
    expect(seen.hits).toBe(1);
    // decodeBoth's second call is the one with readers: each Pair text is a call that may take one.
    expect(decodeBoth(r, '{"$type":"rt.Loose","a":1}')).toMatchObject({ ok: true });
    for (let i = 0; i < 40; i++) expect(r.deserialize(pair)).toBeInstanceOf(Pair);
    expect(seen.hits).toBe(1 + 40 - 32);
    expect(seen.built).toEqual(["rt.Pair:reader", "rt.Loose:none"]);
  });
});
