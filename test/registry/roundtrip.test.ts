import { describe, expect, it } from "vitest";
import { DeserializeError, SerializeError } from "../../src/errors.js";
import { field, fromPlain, model, Registry, toPlain } from "../../src/registry/index.js";
import { difference } from "../fixtures/registry/exact.js";

const reg = new Registry();

function roundTrip<T>(value: T, options?: { references?: boolean }): T {
  return reg.deserialize<T>(reg.serialize(value, options));
}

describe("round-trips", () => {
  it("keeps primitives, -0, NaN, ±Infinity, undefined and BigInt exactly", () => {
    const values = [
      0,
      -0,
      1.5,
      -7,
      Number.NaN,
      Number.POSITIVE_INFINITY,
      Number.NEGATIVE_INFINITY,
      "",
      "x",
      true,
      false,
      null,
      undefined,
      0n,
      -(2n ** 70n),
    ];
    for (const v of values) expect(Object.is(roundTrip(v), v)).toBe(true);
    expect(difference(roundTrip(values), values)).toBeUndefined();
  });

  it("keeps plain objects with their key order, and arrays", () => {
    const v = { z: 1, a: [1, [2, { b: undefined, c: null }]], m: { "": 0, "two words": 2, 10: "ten" } };
    const back = roundTrip(v);
    expect(difference(back, v)).toBeUndefined();
    expect(Object.keys(back)).toEqual(["z", "a", "m"]);
    expect(Object.hasOwn((back.a[1] as unknown[])[1] as object, "b")).toBe(true);
  });

  it("keeps Date, invalid Date, Map, Set, RegExp, URL, typed arrays and ArrayBuffer", () => {
    const v = {
      d: new Date(Date.UTC(2024, 1, 29, 12, 0, 0, 7)),
      far: new Date(8.64e15),
      invalid: new Date(Number.NaN),
      m: new Map<unknown, unknown>([
        [{ k: 1 }, "object key"],
        [-0, new Set([1, "1", 1n])],
      ]),
      r: /a+b(?<name>c)?/giu,
      u: new URL("https://example.com:8080/p?q=1#h"),
      bytes: new Uint8Array([0, 255, 7]),
      floats: new Float64Array([Number.NaN, -0, 1e308]),
      big: new BigInt64Array([-1n, 2n ** 62n]),
      clamped: new Uint8ClampedArray([1, 2]),
      buf: new Uint16Array([1, 2, 3]).buffer,
      view: new DataView(new Uint8Array([9, 8, 7]).buffer, 1, 2),
      slice: new Int32Array(new Int32Array([1, 2, 3, 4]).buffer, 4, 2),
    };
    const back = roundTrip(v);
    expect(difference(back, v)).toBeUndefined();
    expect(back.invalid.getTime()).toBeNaN();
    expect([...back.slice]).toEqual([2, 3]);
  });

  it("writes the documented wire form of every built-in", () => {
    expect(toPlain([undefined, Number.NaN, -0, Number.POSITIVE_INFINITY, 5n])).toEqual([
      { $type: "undefined" },
      { $type: "number", value: "NaN" },
      { $type: "number", value: "-0" },
      { $type: "number", value: "Infinity" },
      { $type: "bigint", value: "5" },
    ]);
    expect(toPlain(new Date(0))).toEqual({ $type: "Date", value: "1970-01-01T00:00:00.000Z" });
    expect(toPlain(new Date(Number.NaN))).toEqual({ $type: "Date", value: null });
    expect(toPlain(new Map([["a", 1]]))).toEqual({ $type: "Map", value: [["a", 1]] });
    expect(toPlain(new Set([1]))).toEqual({ $type: "Set", value: [1] });
    expect(toPlain(/x/g)).toEqual({ $type: "RegExp", value: { source: "x", flags: "g" } });
    expect(toPlain(new URL("http://a.b/"))).toEqual({ $type: "URL", value: "http://a.b/" });
    expect(toPlain(new Uint8Array([1, 2, 3]))).toEqual({ $type: "Uint8Array", value: "AQID" });
  });

  it("escapes a plain object that holds a $type key, so it is never taken for a tagged value", () => {
    const v = { $type: "Date", value: "not a date", nested: { $type: "x" } };
    expect(reg.serialize(v)).toBe(
      '{"$type":"object","value":{"$type":"Date","value":"not a date","nested":{"$type":"object","value":{"$type":"x"}}}}',
    );
    expect(difference(roundTrip(v), v)).toBeUndefined();
  });

  it("keeps own __proto__ keys as data without touching any prototype", () => {
    const v = JSON.parse('{"__proto__": {"polluted": true}, "a": 1}');
    const back = roundTrip(v);
    expect(Object.getPrototypeOf(back)).toBe(Object.prototype);
    expect(Object.hasOwn(back, "__proto__")).toBe(true);
    expect(({} as { polluted?: boolean }).polluted).toBeUndefined();
    expect(difference(back, v)).toBeUndefined();
  });

  it("copies shared objects by default and keeps their identity with { references: true }", () => {
    const shared = { n: 1 };
    const list = [1, 2];
    const v = { a: shared, b: shared, l: list, l2: list, m: new Map([[shared, list]]) };
    const copied = roundTrip(v);
    expect(copied.a).not.toBe(copied.b);
    expect(copied.a).toEqual(copied.b);
    const kept = roundTrip(v, { references: true });
    expect(kept.a).toBe(kept.b);
    expect(kept.l).toBe(kept.l2);
    expect([...kept.m][0]).toEqual([kept.a, kept.l]);
    expect([...kept.m][0]?.[0]).toBe(kept.a);
    expect(difference(kept, v)).toBeUndefined();
  });

  it("rebuilds cycles through objects, arrays, Maps, Sets and models with { references: true }", () => {
    const local = new Registry();
    @model({ registry: local })
    class Node {
      @field() next: Node | null = null;
      @field() label = "";
    }
    const a = new Node();
    const b = new Node();
    a.label = "a";
    b.label = "b";
    a.next = b;
    b.next = a;
    const arr: unknown[] = [];
    arr.push(arr);
    const map = new Map<string, unknown>();
    map.set("self", map);
    const set = new Set<unknown>();
    set.add(set);
    const obj: Record<string, unknown> = {};
    obj.self = obj;
    const v = { a, arr, map, set, obj };
    const json = local.serialize(v, { references: true });
    const back = local.deserialize<typeof v>(json);
    expect(back.a.next?.next).toBe(back.a);
    expect(back.arr[0]).toBe(back.arr);
    expect(back.map.get("self")).toBe(back.map);
    expect([...back.set][0]).toBe(back.set);
    expect(back.obj.self).toBe(back.obj);
    expect(JSON.parse(local.serialize(a, { references: true }))).toEqual({
      $type: "Node",
      $id: 0,
      next: { $type: "Node", next: { $type: "ref", value: 0 }, label: "b" },
      label: "a",
    });
  });

  it("names the path of a cycle when references are off", () => {
    const v: Record<string, unknown> = { list: [{ name: "x" }] };
    ((v.list as unknown[])[0] as Record<string, unknown>).back = v;
    let error: unknown;
    try {
      reg.serialize(v);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(SerializeError);
    expect((error as SerializeError).path).toEqual(["list", 0, "back"]);
    expect((error as Error).message).toBe(
      "list[0].back: cycle: this value is its own ancestor at (root); serialize with { references: true } to keep cycles and shared objects",
    );
  });

  it("gives the same result through toPlain/fromPlain as through serialize/deserialize", () => {
    const v = { d: new Date(1), s: new Set(["a"]) };
    const plain = toPlain(v);
    expect(JSON.parse(JSON.stringify(plain))).toEqual(plain);
    expect(difference(fromPlain(plain), v)).toBeUndefined();
  });

  it("checks the root type when one is expected", () => {
    expect(reg.deserialize("[1]", Array)).toEqual([1]);
    expect(() => reg.deserialize('{"$type":"Date","value":null}', Map)).toThrow(DeserializeError);
    expect(() => reg.deserialize("1", Map)).toThrow("Map: expected Map (got 1)");
  });
});

describe("versioning", () => {
  const local = new Registry();
  @model({
    registry: local,
    name: "Order",
    version: 3,
    migrate: {
      1: (d) => ({ ...d, total: d.amount, amount: undefined }),
      2: (d) => ({ id: String(d.id), total: d.total }),
    },
  })
  class Order {
    @field(String) id = "";
    @field(Number) total = 0;
  }

  it("writes the current version and reads it back", () => {
    const o = new Order();
    o.id = "x";
    expect(local.serialize(o)).toBe('{"$type":"Order","$version":3,"id":"x","total":0}');
    expect(local.deserialize(local.serialize(o), Order).id).toBe("x");
  });

  it("migrates older data step by step (a missing $version is version 1)", () => {
    const fromV1 = local.deserialize('{"$type":"Order","id":7,"amount":12}', Order);
    expect([fromV1.id, fromV1.total]).toEqual(["7", 12]);
    const fromV2 = local.deserialize('{"$type":"Order","$version":2,"id":8,"total":3}', Order);
    expect([fromV2.id, fromV2.total]).toEqual(["8", 3]);
  });

  it("rejects data from a newer version than the code", () => {
    expect(() => local.deserialize('{"$type":"Order","$version":4,"id":"x","total":0}')).toThrow(
      "$version: written by version 4 of Order, newer than this code (version 3), expected <= 3 (got 4)",
    );
  });
});
