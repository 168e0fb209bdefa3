import { describe, expect, it } from "vitest";
import {
  argumentError,
  DecorumError,
  DeserializeError,
  formatPath,
  formatValue,
  SerializeError,
  UnknownTypeError,
} from "../../src/errors.js";
import { field, model, Registry } from "../../src/registry/index.js";
import { prototypeSnapshot } from "../fixtures/registry/exact.js";

const reg = new Registry();
@model({ registry: reg })
class LineItem {
  @field(Number) price = 1;
  @field(String) sku = "";
}
@model({ registry: reg })
class Order {
  @field([LineItem]) lines: LineItem[] = [];
  @field(Date) placed = new Date(0);
}

function deserializeError(json: string, expected?: Function, r = reg): DeserializeError {
  try {
    r.deserialize(json, expected);
  } catch (e) {
    if (e instanceof DeserializeError) return e;
    throw e;
  }
  throw new Error("expected a DeserializeError");
}

function serializeError(value: unknown): SerializeError {
  try {
    reg.serialize(value);
  } catch (e) {
    if (e instanceof SerializeError) return e;
    throw e;
  }
  throw new Error("expected a SerializeError");
}

describe("bad documents", () => {
  it("reports every issue of one document at once, each with path, code and message", () => {
    const e = deserializeError(
      '{"$type":"Order","lines":[{"$type":"LineItem","price":"2","sku":"a"},{"$type":"LineItem","sku":3},{"$type":"Nope"}],"placed":{"$type":"Date","value":"yesterday"}}',
      Order,
    );
    expect(e.issues.map((i) => [i.path, i.code])).toEqual([
      [["lines", 0, "price"], "type"],
      [["lines", 1, "price"], "required"],
      [["lines", 1, "sku"], "type"],
      [["lines", 2, "$type"], "unknown-type"],
      [["placed", "value"], "date"],
    ]);
    expect(e.message).toBe(
      [
        "cannot deserialize document (5 issues):",
        '  - Order.lines[0].price: expected number (got "2")',
        "  - Order.lines[1].price: missing required field, expected number",
        "  - Order.lines[1].sku: expected string (got 3)",
        '  - Order.lines[2].$type: unknown type (not registered) (got "Nope")',
        '  - Order.placed.value: expected a valid ISO 8601 / RFC 3339 date string (got "yesterday")',
      ].join("\n"),
    );
    expect(e.rootName).toBe("Order");
  });

  it("throws an UnknownTypeError for an unknown $type, still listing every issue of the document", () => {
    const e = deserializeError('{"a":{"$type":"Missing"},"b":{"$type":"Date","value":"yesterday"}}');
    expect(e).toBeInstanceOf(UnknownTypeError);
    expect(e).toBeInstanceOf(DeserializeError);
    expect(e.code).toBe("DECORUM_UNKNOWN_TYPE");
    expect((e as UnknownTypeError).typeName).toBe("Missing");
    expect((e as UnknownTypeError).path).toEqual(["a"]);
    expect(e.issues.map((i) => i.code)).toEqual(["unknown-type", "date"]);
  });

  it("never resolves built-in or prototype names as types", () => {
    for (const name of ["Function", "constructor", "__proto__", "prototype", "Object", "toString", "hasOwnProperty", "eval"]) {
      const e = deserializeError(JSON.stringify({ $type: name, value: "return 1" }));
      expect(e.issues[0]?.code).toBe("unknown-type");
    }
    expect(deserializeError('{"$type":42}').issues[0]?.code).toBe("tag");
  });

  it("rejects malformed built-in payloads", () => {
    const cases: Array<[string, string]> = [
      ['{"$type":"Date","value":5}', "payload"],
      ['{"$type":"Map","value":{}}', "payload"],
      ['{"$type":"Map","value":[[1]]}', "payload"],
      ['{"$type":"Set","value":"x"}', "payload"],
      ['{"$type":"bigint","value":"1.5"}', "payload"],
      ['{"$type":"number","value":"7"}', "payload"],
      ['{"$type":"RegExp","value":{"source":"(","flags":""}}', "regexp"],
      ['{"$type":"URL","value":"not a url"}', "url"],
      ['{"$type":"Uint16Array","value":"AQID"}', "length"],
      ['{"$type":"ArrayBuffer","value":"***"}', "payload"],
      ['{"$type":"ref","value":9}', "ref"],
      ['{"$type":"object","value":[]}', "payload"],
      ['{"$type":"array"}', "payload"],
    ];
    for (const [json, code] of cases) expect(deserializeError(json).issues.map((i) => i.code)).toEqual([code]);
  });

  it("rejects text that is not JSON, with a DeserializeError", () => {
    expect(deserializeError("{nope").issues[0]?.code).toBe("json");
    expect(deserializeError("").issues[0]?.code).toBe("json");
    expect(() => reg.deserialize(42 as unknown as string)).toThrow(DeserializeError);
  });

  it("rejects values in a plain tree that JSON cannot hold", () => {
    for (const bad of [{ f: () => 1 }, { s: Symbol("x") }, { b: 1n }, { d: new Date() }, [new (class X {})()]]) {
      expect(() => reg.fromPlain(bad)).toThrow(DeserializeError);
    }
  });

  it("keeps Object.prototype and model prototypes clean whatever keys the input holds", () => {
    const before = prototypeSnapshot(LineItem.prototype, Order.prototype);
    const docs = [
      '{"__proto__":{"polluted":1},"constructor":{"prototype":{"polluted":1}}}',
      '{"$type":"LineItem","price":1,"sku":"a","__proto__":{"polluted":1}}',
      '{"$type":"object","value":{"__proto__":{"polluted":1}}}',
      '[{"constructor":{"prototype":{"polluted":1}},"prototype":{"polluted":1}}]',
      '{"$type":"Map","value":[["__proto__",{"polluted":1}]]}',
    ];
    for (const d of docs) {
      try {
        reg.deserialize(d);
      } catch (e) {
        expect(e).toBeInstanceOf(DecorumError);
      }
    }
    expect(prototypeSnapshot(LineItem.prototype, Order.prototype)).toBe(before);
    expect(({} as { polluted?: unknown }).polluted).toBeUndefined();
    expect(Object.getPrototypeOf(reg.deserialize<LineItem>(docs[1] as string))).toBe(LineItem.prototype);
  });

  it("refuses keys that would reach a prototype in a model without @field", () => {
    const local = new Registry();
    @model({ registry: local })
    class Loose {
      a = 1;
      method() {
        return 1;
      }
    }
    const e = deserializeError('{"$type":"Loose","constructor":1,"method":2,"a":3}', undefined, local);
    expect(e.issues.map((i) => [i.path, i.code])).toEqual([
      [["constructor"], "forbidden-key"],
      [["method"], "unknown-key"],
    ]);
    expect(typeof Loose.prototype.method).toBe("function");
  });

  it("rejects unknown keys in a strict model and ignores them otherwise", () => {
    const local = new Registry();
    @model({ registry: local, strict: true })
    class Strict {
      @field() a = 1;
    }
    @model({ registry: local })
    class Lenient {
      @field() a = 1;
    }
    expect(deserializeError('{"$type":"Strict","a":1,"b":2}', undefined, local).issues.map((i) => i.code)).toEqual(["unknown-key"]);
    expect(local.deserialize('{"$type":"Lenient","a":1,"b":2}', Lenient)).toBeInstanceOf(Lenient);
    void Strict;
  });

  it("stops at the nesting limit with an issue, never a stack overflow: 200,000 levels of [", () => {
    const deep = `${"[".repeat(200_000)}${"]".repeat(200_000)}`;
    const e = deserializeError(deep);
    expect(e.issues.map((i) => i.code)).toEqual(["depth"]);
    expect(e.issues[0]?.path.length).toBe(10_000);
    expect(e.message).toMatch(/nesting deeper than 10000 levels \(the maxDepth option\)/);
  });

  it("stops at the nesting limit for 200,000 nested tagged objects", () => {
    const local = new Registry();
    @model({ registry: local })
    class Box {
      @field() inner: unknown = null;
    }
    const deep = `${'{"$type":"Box","inner":'.repeat(200_000)}null${"}".repeat(200_000)}`;
    expect(deserializeError(deep, undefined, local).issues.map((i) => i.code)).toEqual(["depth"]);
    const maps = `${'{"$type":"Map","value":[[1,'.repeat(200_000)}null${"]]}".repeat(200_000)}`;
    expect(deserializeError(maps, undefined, local).issues.map((i) => i.code)).toEqual(["depth"]);
    void Box;
  });

  it("takes a configurable nesting limit", () => {
    expect(reg.deserialize("[[[1]]]", undefined, { maxDepth: 3 })).toEqual([[[1]]]);
    expect(() => reg.deserialize("[[[[1]]]]", undefined, { maxDepth: 3 })).toThrow(/nesting deeper than 3/);
    expect(() => reg.serialize([[[[1]]]], { maxDepth: 3 })).toThrow(SerializeError);
    const strictReg = new Registry({ maxDepth: 2 });
    expect(() => strictReg.deserialize("[[[1]]]")).toThrow(/nesting deeper than 2/);
  });

  it("reads 200,000 levels when maxDepth allows them: past its first levels the walk is iterative, not bound by the call stack", () => {
    const deep = `${"[".repeat(200_000)}${"]".repeat(200_000)}`;
    expect(deserializeError(deep)).toBeInstanceOf(DeserializeError);
    let v = reg.deserialize<unknown[]>(deep, undefined, { maxDepth: 1_000_000 });
    let n = 1;
    while (v.length > 0) {
      v = v[0] as unknown[];
      n++;
    }
    expect(n).toBe(200_000);
  });

  it("stops collecting after maxIssues", () => {
    const e = deserializeError(
      JSON.stringify(Array.from({ length: 50 }, () => ({ $type: "Nope" }))),
      undefined,
      new Registry({ maxIssues: 5 }),
    );
    expect(e.issues.length).toBe(6);
    expect(e.issues[5]?.code).toBe("too-many-issues");
  });
});

describe("values that cannot be serialized", () => {
  it("names the path of a function, a class, a symbol and a generator", () => {
    expect(serializeError({ a: [{ f() {} }] }).message).toBe("a[0].f: cannot serialize a function f");
    expect(serializeError({ k: class Foo {} }).message).toBe("k: cannot serialize a class Foo (classes are code, not data)");
    expect(serializeError({ s: Symbol("id") }).message).toBe("s: cannot serialize a symbol (Symbol(id))");
    expect(serializeError({ g: (function* gen() {})() }).message).toBe(
      "g: cannot serialize a generator (its suspended state is code, not data)",
    );
    expect(serializeError(function* gen() {}).path).toEqual([]);
  });

  it("keeps a nesting-limit message short while the error's path stays complete", () => {
    let deep: unknown = 1;
    for (let i = 0; i < 15_000; i++) deep = { child: deep };
    const e = serializeError(deep);
    expect(e.path).toHaveLength(10_000);
    expect(e.path.every((k) => k === "child")).toBe(true);
    expect(e.message.length).toBeLessThan(400);
    expect(e.message).toMatch(/^child\.child(\.child){18}…\(9960 more\)…(\.child){20}: nesting deeper than 10000 levels/);
    expect(formatPath(["a", 1, "b c"])).toBe('a[1]["b c"]');
  });

  it("names the path inside a Map entry and a Set", () => {
    const inMap = serializeError({
      m: new Map<unknown, unknown>([
        ["a", 1],
        ["b", () => 1],
      ]),
    });
    expect([inMap.message, inMap.path]).toEqual(["m[1][1]: cannot serialize a function", ["m", 1, 1]]);
    const keyOfMap = serializeError({ m: new Map<unknown, unknown>([[Symbol("k"), 1]]) });
    expect(keyOfMap.path).toEqual(["m", 0, 0]);
    const inSet = serializeError({ s: new Set<unknown>([1, Symbol("x")]) });
    expect([inSet.message, inSet.path]).toEqual(["s[1]: cannot serialize a symbol (Symbol(x))", ["s", 1]]);
  });

  it("names the path and the class of an unregistered class instance", () => {
    class Unregistered {}
    const e = serializeError({ list: [1, new Unregistered()] });
    expect(e.path).toEqual(["list", 1]);
    expect(e.message).toBe(
      "list[1]: cannot serialize an instance of Unregistered: the class is not registered (decorate it with @model() or register a codec)",
    );
    class SpecialItem extends LineItem {}
    expect(serializeError([new SpecialItem()]).message).toMatch(
      /^\[0\]: cannot serialize an instance of SpecialItem: the class is not registered/,
    );
    class MyMap extends Map {}
    expect(serializeError(new MyMap()).message).toMatch(/instance of MyMap/);
  });

  it("refuses a graph deeper than the limit", () => {
    let deep: unknown = null;
    for (let i = 0; i < 200_000; i++) deep = [deep];
    expect(serializeError(deep).message).toMatch(/nesting deeper than 10000 levels/);
  });

  it("names the path of an unregistered function a codec tries to write", () => {
    const local = new Registry();
    class Sorted {
      constructor(readonly cmp: (a: number, b: number) => number) {}
    }
    local.registerCodec<Sorted>({
      name: "test.Sorted",
      type: Sorted,
      encode: (s, ctx) => ctx.functionName(s.cmp, "cmp"),
      decode: (p, ctx) => {
        const fn = ctx.resolveFunction(p as string, "cmp");
        return fn ? new Sorted(fn as (a: number, b: number) => number) : undefined;
      },
    });
    const cmp = (a: number, b: number) => a - b;
    expect(() => local.serialize({ s: new Sorted(cmp) })).toThrow(
      "s.cmp: a function cmp is not registered; register it with registry.registerFunction(name, fn)",
    );
    local.registerFunction("asc", cmp);
    expect(local.deserialize<{ s: Sorted }>(local.serialize({ s: new Sorted(cmp) })).s.cmp).toBe(cmp);
    expect(deserializeError('{"$type":"test.Sorted","value":"desc"}', undefined, local).issues[0]).toMatchObject({
      path: ["value", "cmp"],
      code: "unknown-function",
    });
  });
});

describe("argumentError and formatValue: one voice for API misuse", () => {
  it("builds `Owner: param must be expected (got value)` with the requested class", () => {
    const e = argumentError(RangeError, "Deque", "maxlen", "a non-negative integer", -1);
    expect(e).toBeInstanceOf(RangeError);
    expect(e.message).toBe("Deque: maxlen must be a non-negative integer (got -1)");
    expect(argumentError(TypeError, "LRUCache", "onEvict", "a function", "log")).toBeInstanceOf(TypeError);
    expect(argumentError(TypeError, "LRUCache", "onEvict", "a function", "log").message).toBe(
      'LRUCache: onEvict must be a function (got "log")',
    );
  });

  it("never throws while printing a value, a function Proxy whose traps throw included", () => {
    const trap = () => {
      throw new Error("trap");
    };
    expect(formatValue(new Proxy(() => 1, { get: trap }))).toBe("function (a Proxy)");
    expect(formatValue(new Proxy({}, { getPrototypeOf: trap }))).toBe("object (a Proxy)");
    expect(argumentError(TypeError, "f", "x", "a number", new Proxy(() => 1, { get: trap })).message).toBe(
      "f: x must be a number (got function (a Proxy))",
    );
  });
});
