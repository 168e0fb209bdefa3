/**
 * Keys that name something on the prototype chain ("toString", "constructor", "__proto__", a key a
 * polluted realm gave a setter, a key a hardened realm made read-only) in plain objects whose keys
 * come from the input or from the user's value: every walk puts them as `JSON.parse` does (own
 * enumerable data properties), never through the chain (a setter there is never called, a
 * read-only property there throws nothing). Each case runs with and without compiled codecs, and
 * within and past the recursion limit (the iterative walks).
 */
import { afterEach, describe, expect, it } from "vitest";
import { Counter, LRUCache } from "../../src/collections/index.js";
import { registerCollections } from "../../src/collections/register.js";
import { decodeShortcuts } from "../../src/registry/decode.js";
import { depthSettings } from "../../src/registry/depth.js";
import { field, model, Registry, toJSONSchema } from "../../src/registry/index.js";

const compiled = new Registry();
const interpreted = new Registry({ compile: false });

@model({ registry: compiled, name: "protoKeys.Box" })
class Box {
  @field() data: unknown = undefined;
  @field({ type: Map, of: [String, Number] }) prices = new Map<string, number>();
}
interpreted.register("protoKeys.Box", Box);
registerCollections(compiled);
registerCollections(interpreted);

/** A model whose wire names are keys of Object.prototype. */
@model({ registry: compiled, name: "protoKeys.Named" })
class Named {
  @field({ type: String, wireName: "toLocaleString" }) label = "a";
  @field({ type: Number, wireName: "valueOf" }) n = 1;
  @field({ wireName: "hasOwnProperty" }) extra: unknown = { toString: "inner" };
  // A Date makes typed plain input go through the typing pass, which puts every wire name.
  @field({ type: Date, wireName: "toString" }) at = new Date(0);
}
interpreted.register("protoKeys.Named", Named);

/** Holds a Named: past the recursion limit, typed plain input spells it with tags first (plain.ts typeInput). */
@model({ registry: compiled, name: "protoKeys.Holder" })
class Holder {
  @field(() => Named) inner = new Named();
}
interpreted.register("protoKeys.Holder", Holder);

const SETTER = "decorumProtoSetter";
const READONLY = "decorumProtoReadonly";
const KEYS = ["toString", "constructor", "hasOwnProperty", "valueOf", "__proto__", SETTER, READONLY];

type Realm = "plain" | "setter" | "readonly" | "hardened";
let setterCalls = 0;

/** Runs `fn` with `Object.prototype` changed as `realm` says, restored however `fn` ends. */
function inRealm<T>(realm: Realm, fn: () => T): T {
  const proto = Object.prototype;
  const saved = Object.getOwnPropertyDescriptors(proto);
  if (realm === "setter")
    Object.defineProperty(proto, SETTER, {
      configurable: true,
      get: () => undefined,
      set: () => {
        setterCalls++;
      },
    });
  if (realm === "readonly") Object.defineProperty(proto, READONLY, { configurable: true, writable: false, value: "proto" });
  // What SES's lockdown() does to Object.prototype: every data property read-only (kept configurable, to be undone).
  if (realm === "hardened")
    for (const [k, d] of Object.entries(saved)) if ("value" in d) Object.defineProperty(proto, k, { ...d, writable: false });
  try {
    return fn();
  } finally {
    delete (proto as Record<string, unknown>)[SETTER];
    delete (proto as Record<string, unknown>)[READONLY];
    for (const [k, d] of Object.entries(saved)) Object.defineProperty(proto, k, d);
  }
}

/** A comparable picture of a tree: each object's prototype and own property descriptors, all the way down. */
function shape(x: unknown): unknown {
  if (x === null || typeof x !== "object") return x;
  const proto = Object.getPrototypeOf(x);
  const props: Record<string, unknown>[] = [];
  for (const k of Reflect.ownKeys(x)) {
    const d = Object.getOwnPropertyDescriptor(x, k) as PropertyDescriptor;
    props.push({
      key: String(k),
      enumerable: d.enumerable,
      writable: d.writable,
      configurable: d.configurable,
      accessor: "get" in d || "set" in d,
      value: shape(d.value),
    });
  }
  return { proto: proto === Object.prototype ? "Object" : proto === Array.prototype ? "Array" : String(proto), props };
}

/** Untyped data holding `key` at several depths, in arrays, next to enough other keys to pass the walks' first checks. */
function dataText(key: string): string {
  const k = JSON.stringify(key);
  const filler = Array.from({ length: 80 }, (_, i) => `"f${i}":${i}`).join(",");
  return `{${k}:1,"nested":{${k}:{${k}:"x","y":2}},"list":[{${k}:true},{"z":null,${k}:[1,{${k}:"deep"}]}],"wide":{${filler},${k}:"after"}}`;
}

/** `depth` levels of `{"a": ...}` around `inner`. */
function deepText(depth: number, inner: string): string {
  return `${'{"a":'.repeat(depth)}${inner}${"}".repeat(depth)}`;
}

const saved = { ...depthSettings, shortcuts: { ...decodeShortcuts } };
afterEach(() => {
  depthSettings.recursive = saved.recursive;
  depthSettings.decode = saved.decode;
  Object.assign(decodeShortcuts, saved.shortcuts);
  setterCalls = 0;
});

const cases: Array<[string, Registry, number, boolean]> = [
  ["compiled, recursive", compiled, saved.recursive, true],
  ["interpreted, recursive", interpreted, saved.recursive, true],
  ["compiled, no decode shortcuts", compiled, saved.recursive, false],
  ["compiled, iterative walk", compiled, 1, true],
  ["interpreted, iterative walk", interpreted, 1, true],
];

/** The recursion threshold (1: every node through the iterative walks) and the decoder's shortcuts (text readers, flat models) for one case. */
function configure(recursion: number, shortcuts: boolean): void {
  depthSettings.recursive = recursion;
  depthSettings.decode = recursion;
  decodeShortcuts.text = shortcuts;
  decodeShortcuts.tagged = shortcuts;
  decodeShortcuts.untagged = shortcuts;
}

describe.each(cases)("prototype-chain keys (%s)", (_name, reg, recursion, shortcuts) => {
  const walk = <T>(fn: () => T): T => {
    configure(recursion, shortcuts);
    return fn();
  };

  describe.each(["plain", "setter", "readonly", "hardened"] as const)("in a %s realm", (realm) => {
    it.each(KEYS)("reads %s in an untyped field as JSON.parse does, from text and from trees, tagged and plain", (key) => {
      const data = dataText(key);
      const tagged = `{"$type":"protoKeys.Box","data":${data},"prices":{"$type":"Map","value":[]}}`;
      const plain = `{"data":${data},"prices":{}}`;
      const got = inRealm(realm, () =>
        walk(() => [
          reg.deserialize<Box>(tagged).data,
          reg.deserialize<Box>(plain, Box).data,
          reg.fromPlain<Box>(JSON.parse(tagged)).data,
          reg.fromPlain<Box>(JSON.parse(plain), Box).data,
        ]),
      );
      const want = shape(JSON.parse(data));
      for (const g of got) expect(shape(g)).toEqual(want);
      expect(setterCalls).toBe(0);
    });

    it.each(KEYS)("writes %s of an instance's untyped object as JSON.stringify does, and reads it back", (key) => {
      const data = JSON.parse(dataText(key)) as unknown;
      const box = new Box();
      box.data = data;
      const want = shape(data);
      const got = inRealm(realm, () =>
        walk(() => {
          const text = reg.serialize(box);
          const plainText = reg.serialize(box, { tags: false });
          return {
            text: (JSON.parse(text) as { data: unknown }).data,
            plainText: (JSON.parse(plainText) as { data: unknown }).data,
            tree: (reg.toPlain(box) as { data: unknown }).data,
            plainTree: (reg.toPlain(box, { tags: false }) as { data: unknown }).data,
            refs: (reg.toPlain(box, { references: true }) as { data: unknown }).data,
            back: reg.deserialize<Box>(text).data,
            plainBack: reg.deserialize<Box>(plainText, Box).data,
          };
        }),
      );
      for (const [, g] of Object.entries(got)) expect(shape(g)).toEqual(want);
      expect(setterCalls).toBe(0);
    });

    it.each(KEYS.filter((k) => k !== "__proto__"))("writes and reads %s as a key of a Map written as an object", (key) => {
      const box = new Box();
      box.data = null;
      box.prices = new Map([
        [key, 1],
        ["other", 2],
      ]);
      const got = inRealm(realm, () =>
        walk(() => {
          const plainTree = reg.toPlain(box, { tags: false }) as { prices: unknown };
          const plainText = reg.serialize(box, { tags: false });
          // The default tags write a Map of declared string keys as an object too.
          const tree = reg.toPlain(box) as { prices: unknown };
          const text = reg.serialize(box);
          return {
            trees: [
              plainTree.prices,
              tree.prices,
              (JSON.parse(plainText) as { prices: unknown }).prices,
              (JSON.parse(text) as { prices: unknown }).prices,
            ],
            back: [
              reg.fromPlain<Box>(plainTree, Box).prices,
              reg.deserialize<Box>(plainText, Box).prices,
              reg.fromPlain<Box>(tree).prices,
              reg.deserialize<Box>(text).prices,
            ],
          };
        }),
      );
      for (const t of got.trees) expect(shape(t)).toEqual(shape(JSON.parse(`{${JSON.stringify(key)}:1,"other":2}`)));
      for (const m of got.back) expect([...m]).toEqual([...box.prices]);
      expect(setterCalls).toBe(0);
    });
  });
});

describe.each(cases)("a model whose wire names are keys of Object.prototype (%s)", (_name, reg, recursion, shortcuts) => {
  it.each(["plain", "hardened"] as const)("writes and reads its fields in a %s realm", (realm) => {
    const x = new Named();
    x.label = "b";
    x.n = 2;
    configure(recursion, shortcuts);
    const got = inRealm(realm, () => {
      const text = reg.serialize(x);
      const plainText = reg.serialize(x, { tags: false });
      return {
        trees: [
          [reg.toPlain(x), JSON.parse(text)],
          [reg.toPlain(x, { tags: false }), JSON.parse(plainText)],
        ],
        back: [
          reg.deserialize<Named>(text),
          reg.deserialize<Named>(plainText, Named),
          reg.fromPlain<Named>(reg.toPlain(x)),
          // Typed plain input: the typing pass spells the tree with tags first.
          reg.fromPlain<Named>(JSON.parse(plainText), Named),
          reg.fromPlain<Named>(JSON.parse(plainText), Named, { unknownKeys: "reject" }),
          reg.fromPlain<Holder>({ inner: JSON.parse(plainText) }, Holder).inner,
          reg.deserialize<Holder>(`{"inner":${plainText}}`, Holder).inner,
        ],
        schema: toJSONSchema(Named, { registry: reg }).properties,
      };
    });
    for (const [tree, parsed] of got.trees) expect(shape(tree)).toEqual(shape(parsed));
    expect(Object.keys(got.trees[1]?.[0] as object)).toEqual(["toLocaleString", "valueOf", "hasOwnProperty", "toString"]);
    for (const b of got.back) {
      expect(b).toBeInstanceOf(Named);
      expect([b.label, b.n, shape(b.extra), b.at.getTime()]).toEqual(["b", 2, shape({ toString: "inner" }), 0]);
    }
    expect(Object.keys(got.schema as object)).toEqual(["toLocaleString", "valueOf", "hasOwnProperty", "toString"]);
  });
});

/** Version 1 kept the label under keys that name things on Object.prototype: the migration reads them. */
@model({
  registry: compiled,
  name: "protoKeys.Versioned",
  version: 2,
  migrate: { 1: (d) => ({ label: `${String(d.toString)}|${String(d[SETTER])}|${String(d[READONLY])}` }) },
})
class Versioned {
  @field(String) label = "";
}
interpreted.register("protoKeys.Versioned", Versioned);

@model({ registry: compiled, name: "protoKeys.VersionedHolder" })
class VersionedHolder {
  @field(() => Versioned) inner = new Versioned();
}
interpreted.register("protoKeys.VersionedHolder", VersionedHolder);

describe.each(cases)("migrations and references (%s)", (_name, reg, recursion, shortcuts) => {
  it.each(["plain", "setter", "readonly", "hardened"] as const)(
    "hands a migration an old document's keys as own data in a %s realm",
    (realm) => {
      const old = { $version: 1, toString: "a", [SETTER]: "b", [READONLY]: "c" };
      depthSettings.recursive = recursion;
      depthSettings.decode = recursion;
      const got = inRealm(realm, () => [
        reg.deserialize<Versioned>(JSON.stringify({ $type: "protoKeys.Versioned", ...old })).label,
        reg.fromPlain<Versioned>(old, Versioned).label,
        // Untagged in a typed field: past the recursion limit, the typing pass tags it as it stands.
        reg.fromPlain<VersionedHolder>({ inner: old }, VersionedHolder).inner.label,
        reg.deserialize<VersionedHolder>(JSON.stringify({ inner: old }), VersionedHolder).inner.label,
      ]);
      expect(got).toEqual(["a|b|c", "a|b|c", "a|b|c", "a|b|c"]);
      expect(setterCalls).toBe(0);
    },
  );

  it.each(["plain", "setter", "readonly", "hardened"] as const)("writes a shared object's keys with references in a %s realm", (realm) => {
    const shared = JSON.parse(dataText(SETTER)) as Record<string, unknown>;
    for (const k of KEYS) if (k !== SETTER) shared[k === "__proto__" ? "x" : k] = k;
    Object.defineProperty(shared, "__proto__", { value: 1, enumerable: true, writable: true, configurable: true });
    const box = new Box();
    box.data = { one: shared, two: shared };
    configure(recursion, shortcuts);
    const got = inRealm(realm, () => {
      const tree = reg.toPlain(box, { references: true }) as { data: { one: { value: unknown } } };
      const back = reg.deserialize<Box>(reg.serialize(box, { references: true })).data as { one: unknown; two: unknown };
      return { written: tree.data.one.value, back };
    });
    expect(shape(got.written)).toEqual(shape(shared));
    expect(shape(got.back.one)).toEqual(shape(shared));
    expect(got.back.two).toBe(got.back.one);
    expect(setterCalls).toBe(0);
  });
});

describe.each(cases)("collections keyed by prototype-chain names (%s)", (_name, reg, recursion, shortcuts) => {
  it.each(["setter", "hardened"] as const)("round-trip a Counter and an LRUCache in a %s realm", (realm) => {
    const keys = KEYS.map((k) => k);
    const box = new Box();
    const lru = new LRUCache<string, { [k: string]: number }>({ max: 100 });
    for (const k of keys) lru.set(k, JSON.parse(`{${JSON.stringify(k)}:1}`));
    box.data = { counter: new Counter(keys.concat(keys.slice(2))), lru };
    configure(recursion, shortcuts);
    const got = inRealm(realm, () => [reg.deserialize<Box>(reg.serialize(box)).data, reg.fromPlain<Box>(reg.toPlain(box)).data]) as Array<{
      counter: Counter<string>;
      lru: LRUCache<string, object>;
    }>;
    for (const g of got) {
      expect([...g.counter]).toEqual([...(box.data as { counter: Counter<string> }).counter]);
      expect([...g.lru].map(([k, v]) => [k, shape(v)])).toEqual([...lru].map(([k, v]) => [k, shape(v)]));
    }
    expect(setterCalls).toBe(0);
  });
});

describe("prototype-chain keys past the recursion limit", () => {
  it.each(KEYS)("reads and writes %s in a document deeper than the recursion threshold", (key) => {
    const data = deepText(3000, dataText(key));
    const box = new Box();
    box.data = JSON.parse(data);
    const got = inRealm("setter", () => [
      compiled.deserialize<Box>(`{"$type":"protoKeys.Box","data":${data},"prices":{"$type":"Map","value":[]}}`).data,
      compiled.fromPlain<Box>(JSON.parse(`{"data":${data},"prices":{}}`), Box).data,
      (compiled.toPlain(box) as { data: unknown }).data,
      (compiled.toPlain(box, { tags: false }) as { data: unknown }).data,
    ]);
    // `shape` recurses: compared from level 2,990 down (each level above is one "a").
    const below = (x: unknown) => {
      let n = x;
      for (let i = 0; i < 2990; i++) n = (n as { a: unknown }).a;
      return n;
    };
    for (const g of got) expect(shape(below(g))).toEqual(shape(below(JSON.parse(data))));
    expect(setterCalls).toBe(0);
  });
});

describe("a realm changed between calls", () => {
  it("honours a setter added to Object.prototype after a call that found it plain", () => {
    const text = `{"$type":"protoKeys.Box","data":${dataText(SETTER)},"prices":{"$type":"Map","value":[]}}`;
    // A first call with many keys checks Object.prototype and stores keys directly ...
    expect(shape(compiled.deserialize<Box>(text).data)).toEqual(shape(JSON.parse(dataText(SETTER))));
    // ... which a later call must not assume.
    const got = inRealm("setter", () => compiled.deserialize<Box>(text).data);
    expect(shape(got)).toEqual(shape(JSON.parse(dataText(SETTER))));
    expect(setterCalls).toBe(0);
  });

  it.each([
    ["serialize", (x: Box) => (JSON.parse(compiled.serialize(x)) as Box).data],
    ["serialize, plain JSON", (x: Box) => (JSON.parse(compiled.serialize(x, { tags: false })) as Box).data],
    ["toPlain", (x: Box) => (compiled.toPlain(x) as Box).data],
    ["toPlain, plain JSON", (x: Box) => (compiled.toPlain(x, { tags: false }) as Box).data],
  ] as const)("%s honours a setter added after a call that found Object.prototype plain", (_name, write) => {
    const box = new Box();
    box.data = JSON.parse(dataText(SETTER));
    // Many keys: the first call checks Object.prototype and stores keys directly ...
    write(box);
    write(box);
    // ... which a later call (its encoder or text writer kept by the registry) must not assume.
    const got = inRealm("setter", () => write(box));
    expect(shape(got)).toEqual(shape(JSON.parse(dataText(SETTER))));
    expect(setterCalls).toBe(0);
  });

  it('serialize honours a setter added after a call that wrote an object holding "$type"', () => {
    const box = new Box();
    // An untyped object with a "$type" key: the text writer escapes it through the tree encoder.
    box.data = { $type: "not a tag", ...(JSON.parse(dataText(SETTER)) as object) };
    const write = () => (JSON.parse(compiled.serialize(box)) as { data: { value: unknown } }).data.value;
    write();
    write();
    const got = inRealm("setter", write);
    expect(shape(got)).toEqual(shape(box.data));
    expect(setterCalls).toBe(0);
  });

  it.each([
    ["serialize", (x: Box) => (JSON.parse(compiled.serialize(x)) as { prices: unknown }).prices],
    ["serialize, plain JSON", (x: Box) => (JSON.parse(compiled.serialize(x, { tags: false })) as { prices: unknown }).prices],
    ["toPlain", (x: Box) => (compiled.toPlain(x) as { prices: unknown }).prices],
    ["toPlain, plain JSON", (x: Box) => (compiled.toPlain(x, { tags: false }) as { prices: unknown }).prices],
  ] as const)("%s honours a setter added after a call that wrote a large Map as an object", (_name, write) => {
    const box = new Box();
    box.data = null;
    box.prices = new Map(Array.from({ length: 80 }, (_, i) => [`k${i}`, i]));
    box.prices.set(SETTER, -1);
    const want = shape(Object.fromEntries(box.prices));
    write(box);
    write(box);
    const got = inRealm("setter", () => write(box));
    expect(shape(got)).toEqual(want);
    expect(setterCalls).toBe(0);
  });
});
