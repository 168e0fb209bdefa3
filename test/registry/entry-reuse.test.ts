/**
 * The registry keeps state between calls of its entry methods: the encoder of
 * `toPlain` (one per tag policy) and the handler of the last `"$type"` name
 * the decoder looked up. These tests pin that nothing of one call leaks into
 * the next: a registry change, a failed call, a nested call from a codec.
 */
import { describe, expect, it } from "vitest";
import { DeserializeError, SerializeError, UnknownTypeError } from "../../src/errors.js";
import { defineModel, field, model, Registry } from "../../src/registry/index.js";

describe("the handler of the last type name", () => {
  it("is dropped when the name is unregistered and registered again to another class", () => {
    const reg = new Registry();
    class First {
      declare n: number;
    }
    class Second {
      declare n: number;
    }
    defineModel(First, { registry: reg, name: "reuse.Named", fields: { n: Number } });
    const tree = { $type: "reuse.Named", n: 1 };
    expect(reg.fromPlain(tree)).toBeInstanceOf(First);
    reg.unregister("reuse.Named");
    expect(() => reg.fromPlain({ ...tree })).toThrow(UnknownTypeError);
    defineModel(Second, { registry: reg, name: "reuse.Named", fields: { n: Number } });
    expect(reg.fromPlain(JSON.parse(JSON.stringify(tree)))).toBeInstanceOf(Second);
  });

  it("answers for the name it was found under only", () => {
    const reg = new Registry();
    @model({ registry: reg, name: "reuse.A" })
    class A {
      @field(Number) accessor n = 0;
    }
    @model({ registry: reg, name: "reuse.B" })
    class B {
      @field(String) accessor s = "";
    }
    for (let i = 0; i < 3; i++) {
      expect(reg.fromPlain(JSON.parse('{"$type":"reuse.A","n":1}'))).toBeInstanceOf(A);
      expect(reg.fromPlain(JSON.parse('{"$type":"reuse.B","s":"x"}'))).toBeInstanceOf(B);
    }
    expect(() => reg.fromPlain(JSON.parse('{"$type":"reuse.C"}'))).toThrow(UnknownTypeError);
  });
});

describe("a tagged root with an expected class", () => {
  const reg = new Registry();
  @model({ registry: reg, name: "reuse.Point" })
  class Point {
    @field(Number) accessor x = 0;
    @field(Number) accessor y = 0;
  }
  @model({ registry: reg, name: "reuse.Other" })
  class Other {
    @field(Number) accessor x = 0;
  }
  @model({ registry: reg, name: "reuse.Strict", strict: true })
  class Strict {
    @field(Number) accessor x = 0;
  }

  it("is read by its tag and checked against the class", () => {
    const p = reg.fromPlain<Point>({ $type: "reuse.Point", x: 1, y: 2 }, Point);
    expect(p).toBeInstanceOf(Point);
    expect([p.x, p.y]).toEqual([1, 2]);
    const e = (() => {
      try {
        reg.fromPlain({ $type: "reuse.Other", x: 1 }, Point);
      } catch (err) {
        return err as DeserializeError;
      }
    })();
    expect(e).toBeInstanceOf(DeserializeError);
    expect(e?.issues[0]).toMatchObject({ path: [], code: "type" });
    expect(reg.fromPlain({ $type: "reuse.Other", x: 1 }, Other)).toBeInstanceOf(Other);
  });

  it("keeps the field checks and the strict model's unknown keys, with their paths", () => {
    const bad = (() => {
      try {
        reg.fromPlain({ $type: "reuse.Point", x: "1", y: 2 }, Point);
      } catch (err) {
        return err as DeserializeError;
      }
    })();
    expect(bad?.issues).toEqual([expect.objectContaining({ path: ["x"], code: "type" })]);
    expect(bad?.rootName).toBe("Point");
    const unknown = (() => {
      try {
        reg.fromPlain({ $type: "reuse.Strict", x: 1, z: 2 }, Strict);
      } catch (err) {
        return err as DeserializeError;
      }
    })();
    expect(unknown?.issues).toEqual([expect.objectContaining({ path: ["z"], code: "unknown-key" })]);
  });

  it("reports an object whose reads throw as an issue, never a foreign exception", () => {
    const hostile = new Proxy(
      {},
      {
        get() {
          throw new Error("no reads");
        },
        has() {
          throw new Error("no reads");
        },
      },
    );
    expect(() => reg.fromPlain(hostile, Point)).toThrow(DeserializeError);
  });
});

describe("the encoder kept between toPlain calls", () => {
  it("starts clean after a call that failed in the middle of the graph", () => {
    const reg = new Registry();
    @model({ registry: reg, name: "reuse.Node" })
    class Node {
      @field({ optional: true }) next: unknown = undefined;
      @field(Number) accessor n = 0;
    }
    const ok = new Node();
    ok.n = 1;
    const failing = new Node();
    failing.next = { deeper: [1, () => 0] };
    for (let i = 0; i < 2; i++) {
      expect(reg.toPlain(ok)).toEqual({ $type: "reuse.Node", n: 1 });
      let error: unknown;
      try {
        reg.toPlain(failing);
      } catch (e) {
        error = e;
      }
      expect(error).toBeInstanceOf(SerializeError);
      expect((error as SerializeError).path).toEqual(["next", "deeper", 1]);
    }
    expect(reg.serialize(ok)).toBe('{"$type":"reuse.Node","n":1}');
  });

  it("is not shared with a nested call from a codec", () => {
    const reg = new Registry();
    @model({ registry: reg, name: "reuse.Leaf" })
    class Leaf {
      @field(Number) accessor v = 0;
    }
    class Box {
      constructor(readonly leaf: Leaf) {}
    }
    reg.registerCodec<Box>({
      name: "reuse.Box",
      type: Box,
      encode: (b) => JSON.stringify(reg.toPlain(b.leaf)),
      decode: (p) => new Box(reg.fromPlain(JSON.parse(p as string)) as Leaf),
    });
    @model({ registry: reg, name: "reuse.Holder" })
    class Holder {
      @field({ optional: true }) box: unknown = undefined;
      @field(Number) accessor after = 0;
    }
    const leaf = new Leaf();
    leaf.v = 7;
    const h = new Holder();
    h.box = new Box(leaf);
    h.after = 3;
    const tree = reg.toPlain(h);
    expect(tree).toEqual({ $type: "reuse.Holder", box: { $type: "reuse.Box", value: '{"$type":"reuse.Leaf","v":7}' }, after: 3 });
    const back = reg.fromPlain<Holder>(tree);
    expect(((back.box as Box).leaf as Leaf).v).toBe(7);
    expect(reg.toPlain(h)).toEqual(tree);
  });

  it("writes the same tree after the registry changed", () => {
    const reg = new Registry();
    @model({ registry: reg, name: "reuse.Item" })
    class Item {
      @field(Number) accessor v = 1;
    }
    expect(reg.toPlain(new Item())).toEqual({ $type: "reuse.Item", v: 1 });
    reg.unregister(Item);
    expect(() => reg.toPlain(new Item())).toThrow(SerializeError);
    reg.register("reuse.Item2", Item);
    expect(reg.toPlain(new Item())).toEqual({ $type: "reuse.Item2", v: 1 });
  });
});
