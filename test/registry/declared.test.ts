/**
 * Declarations (src/registry/declared.ts): what a collection writes when it
 * is imported, instead of calling the registry, so it does not load it. The
 * default registry adopts each declaration at its next call; other
 * registries never do.
 */
import { describe, expect, it } from "vitest";
import { Deque, deserialize, pythonCompare, Registry, RegistryError, registry, serialize } from "../../src/index.js";
import type { Codec } from "../../src/registry/codec.js";
import { declareCodec, declareFunction, resolveFunction } from "../../src/registry/declared.js";

let n = 0;
/** A value class and its codec under a name no other test uses. */
function fresh(): { Box: new (v: number) => { v: number }; codec: Codec<{ v: number }> } {
  const name = `test.declared.Box${++n}.${Math.random().toString(36).slice(2)}`;
  class Box {
    constructor(readonly v: number) {}
  }
  const codec: Codec<Box> = { name, type: Box, encode: (b) => b.v, decode: (p) => new Box(p as number) };
  return { Box, codec };
}

describe("declared codecs and functions", () => {
  it("the collections' codecs and pythonCompare are on the default registry", () => {
    expect(registry.has("decorum.Deque")).toBe(true);
    expect(registry.resolve("decorum.Deque")).toBe(Deque);
    expect(registry.resolveFunction("decorum.pythonCompare")).toBe(pythonCompare);
    const d = deserialize('{"$type":"decorum.Deque","value":{"items":[1,2]}}');
    expect(d).toBeInstanceOf(Deque);
  });

  it("a codec declared after the default registry exists is adopted at its next call", () => {
    const { Box, codec } = fresh();
    declareCodec(codec);
    const text = serialize(new Box(7));
    expect(text).toBe(JSON.stringify({ $type: codec.name, value: 7 }));
    expect(deserialize(text)).toEqual(new Box(7));
    expect(registry.has(codec.name)).toBe(true);
    expect(registry.names()).toContain(codec.name);
  });

  it("each public call adopts it, lookups included", () => {
    const a = fresh();
    declareCodec(a.codec);
    expect(registry.resolve(a.codec.name)).toBe(a.Box);
    const b = fresh();
    declareCodec(b.codec);
    expect(registry.names()).toContain(b.codec.name);
    const c = fresh();
    declareCodec(c.codec);
    expect(() => registry.registerCodec(c.codec)).toThrow(RegistryError); // adopted first: the name is taken
  });

  it("a declaration whose name is taken by then is skipped, the registered type stays", () => {
    const first = fresh();
    registry.registerCodec(first.codec);
    const other = fresh();
    declareCodec({ ...other.codec, name: first.codec.name });
    expect(registry.resolve(first.codec.name)).toBe(first.Box);
    expect(() => serialize(new other.Box(1))).toThrow(/not registered/);
  });

  it("an unregistered declared codec is not adopted again", () => {
    const { Box, codec } = fresh();
    declareCodec(codec);
    expect(registry.unregister(codec.name)).toBe(true);
    expect(registry.has(codec.name)).toBe(false);
    expect(() => serialize(new Box(1))).toThrow(/not registered/);
  });

  it("a new Registry adopts no declaration", () => {
    const { Box, codec } = fresh();
    declareCodec(codec);
    const mine = new Registry();
    expect(mine.has(codec.name)).toBe(false);
    expect(mine.has("decorum.Deque")).toBe(false);
    expect(() => mine.serialize(new Box(1))).toThrow(/not registered/);
  });

  it("declared functions resolve by name, through the registry and without it", () => {
    const fn = (a: number, b: number) => b - a;
    const name = `test.declared.fn.${Math.random().toString(36).slice(2)}`;
    declareFunction(name, fn);
    expect(resolveFunction(name)).toBe(fn);
    expect(registry.resolveFunction(name)).toBe(fn);
    expect(registry.functionName(fn)).toBe(name);
    expect(resolveFunction(`${name}.missing`)).toBeUndefined();
  });

  it("a declared function whose name is taken by then is skipped", () => {
    const name = `test.declared.fn.${Math.random().toString(36).slice(2)}`;
    const mine = () => 0;
    registry.registerFunction(name, mine);
    declareFunction(name, () => 1);
    expect(registry.resolveFunction(name)).toBe(mine);
  });
});
