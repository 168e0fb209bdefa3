/**
 * Misuse of the registry and descriptor APIs gets a clear, typed error that
 * names the class, the member or the argument: never a crash from deep
 * inside, never a silently ignored option.
 */
import { describe, expect, it } from "vitest";
import { applyDescriptor, descriptor, positive } from "../../src/descriptors/index.js";
import { ClassDefinitionError, DeserializeError, SerializeError } from "../../src/errors.js";
import { defineModel, field, model, Registry, schema } from "../../src/registry/index.js";

function thrown(f: () => unknown): unknown {
  try {
    f();
  } catch (e) {
    return e;
  }
  throw new Error("expected an error");
}

describe("field types are checked when the class is defined", () => {
  it.each([
    ["a number", 5],
    ["a string in the options", { type: "string" }],
    ["an array of a non-type", [5]],
    ["an array of two types", [Number, String]],
  ])("refuses %s as a type, naming the class and the member", (_what, type) => {
    const registry = new Registry();
    const e = thrown(() => {
      @model({ registry })
      class Bad {
        @field(type as never) amount = 0;
      }
      return Bad;
    });
    expect(e).toBeInstanceOf(ClassDefinitionError);
    expect((e as ClassDefinitionError).member).toBe("amount");
    expect((e as Error).message).toMatch(/invalid type/);
  });

  it("refuses an unknown option (a typo) and a non-boolean optional", () => {
    const registry = new Registry();
    const typo = thrown(() => {
      @model({ registry })
      class Typo {
        @field({ typ: Number } as never) amount = 0;
      }
      return Typo;
    });
    expect(typo).toBeInstanceOf(ClassDefinitionError);
    expect((typo as Error).message).toMatch(/unknown option "typ"/);
    const optional = thrown(() => defineModel(class Opt {}, { registry, fields: { x: { optional: "yes" } as never } }));
    expect(optional).toBeInstanceOf(ClassDefinitionError);
    expect((optional as Error).message).toMatch(/Opt\.x: .*optional must be true or false/);
  });

  it("refuses a non-type in defineModel's fields", () => {
    const e = thrown(() => defineModel(class Point {}, { registry: new Registry(), fields: { x: 5 as never } }));
    expect(e).toBeInstanceOf(ClassDefinitionError);
    expect((e as Error).message).toMatch(/^Point\.x: /);
  });

  it("checks what a type thunk returns when the class is first used", () => {
    const registry = new Registry();
    @model({ registry })
    class Later {
      @field(() => 5 as never) amount = 0;
    }
    const e = thrown(() => registry.serialize(new Later()));
    expect(e).toBeInstanceOf(ClassDefinitionError);
    expect((e as Error).message).toMatch(/Later\.amount: @field: the type thunk returned 5/);
  });
});

describe("construction on deserialize", () => {
  it("says to give a factory when a constructor that needs arguments fails", () => {
    const registry = new Registry();
    @model({ registry })
    class Money {
      @field() cents: number;
      constructor(cents: number) {
        if (typeof cents !== "number") throw new TypeError("cents must be a number");
        this.cents = cents;
      }
    }
    const e = thrown(() => registry.deserialize('{"$type":"Money","cents":5}', Money));
    expect(e).toBeInstanceOf(DeserializeError);
    expect((e as Error).message).toMatch(
      /constructing Money failed \(deserialize runs new Money\(\) without arguments; give @model a factory\)/,
    );
    const withFactory = new Registry();
    @model({ registry: withFactory, factory: () => new Cash(0) })
    class Cash {
      @field() cents: number;
      constructor(cents: number) {
        this.cents = cents;
      }
    }
    expect((withFactory.deserialize('{"$type":"Cash","cents":5}', Cash) as Cash).cents).toBe(5);
  });
});

describe("bad arguments", () => {
  it("defineModel, descriptor and applyDescriptor name what is wrong", () => {
    expect(() => defineModel(undefined as never, { name: "Z" })).toThrow(
      /defineModel\(Class, options\): Class must be a class \(got undefined\)/,
    );
    expect(() => defineModel(class A {}, 5 as never)).toThrow(ClassDefinitionError);
    expect(() => descriptor(undefined as never)).toThrow(/descriptor\(options\): expected an options object/);
    expect(() => descriptor({ validate: 5 as never })).toThrow(/validate must be a function \(got 5\)/);
    expect(() => descriptor({ coerce: "x" as never })).toThrow(/coerce must be a function/);
    expect(() => descriptor({ message: 5 as never })).toThrow(/message must be a string/);
    expect(() => applyDescriptor(undefined as never, "w", positive)).toThrow(/Class must be a class \(got undefined\)/);
    expect(() => applyDescriptor(class B {}, {} as never, positive)).toThrow(/member must be a property name/);
  });

  it("the registry refuses a non-class expected type and non-positive limits", () => {
    const registry = new Registry();
    expect(() => registry.deserialize("{}", 5 as never)).toThrow(TypeError);
    expect(() => registry.fromPlain({}, "Order" as never)).toThrow(/expected type must be a class/);
    // A thunk that gives no type would turn the root's type check off: refused, by fromPlain and by deserialize's text readers' path.
    expect(() => registry.fromPlain({ n: 1 }, (() => 1) as never)).toThrow(/expected type's thunk must return a class \(got 1\)/);
    expect(() => registry.deserialize('{"n":1}', (() => undefined) as never)).toThrow(TypeError);
    expect(() => registry.deserialize("[]", undefined, { maxDepth: -1 })).toThrow(/maxDepth must be a positive integer \(got -1\)/);
    expect(() => registry.toPlain([], { maxDepth: 0 })).toThrow(RangeError);
    expect(() => new Registry({ maxIssues: 1.5 })).toThrow(/maxIssues must be a positive integer/);
    expect(registry.nameOf(null as never)).toBeUndefined();
    expect(registry.nameOf(5 as never)).toBeUndefined();
  });

  it.each([
    ["null", null],
    ["a number", 5],
    ["a string", "x"],
    ["a function", () => 1],
  ])("every options argument refuses %s with a TypeError naming the function", (_what, v) => {
    const registry = new Registry();
    @model({ registry, name: "a.Opt" })
    class Opt {
      @field(Number) accessor n = 1;
    }
    const bad = v as never;
    const calls: [RegExp, () => unknown][] = [
      [/^serialize: options must be an object/, () => registry.serialize(new Opt(), bad)],
      [/^toPlain: options must be an object/, () => registry.toPlain(new Opt(), bad)],
      [/^fromPlain \/ deserialize: options must be an object/, () => registry.deserialize('{"$type":"a.Opt","n":1}', Opt, bad)],
      [/^fromPlain \/ deserialize: options must be an object/, () => registry.deserialize("not json", Opt, bad)],
      [/^fromPlain \/ deserialize: options must be an object/, () => registry.fromPlain({ n: 1 }, Opt, bad)],
      [/^new Registry: options must be an object/, () => new Registry(bad)],
      [/^schema: options must be an object/, () => schema(Opt, bad)],
    ];
    for (const [message, call] of calls) {
      const e = thrown(call);
      expect(e).toBeInstanceOf(TypeError);
      expect((e as Error).message).toMatch(message);
    }
    // No options and an empty object are the defaults.
    expect(registry.deserialize(registry.serialize(new Opt(), {}), Opt, {}).n).toBe(1);
    expect(registry.fromPlain(registry.toPlain(new Opt(), undefined), Opt, undefined).n).toBe(1);
  });

  it.each([
    ["a string", "x"],
    ["an object", {}],
    ["a function", () => true],
    ["null", null],
    ["a number", 1],
  ])("references and compile refuse %s", (_what, v) => {
    const registry = new Registry();
    for (const call of [() => registry.serialize([], { references: v as never }), () => registry.toPlain([], { references: v as never })])
      expect(call).toThrow(/references must be true or false \(got /);
    expect(() => registry.serialize([], { references: v as never })).toThrow(TypeError);
    expect(() => new Registry({ compile: v as never })).toThrow(TypeError);
    expect(() => new Registry({ compile: v as never })).toThrow(/^new Registry: compile must be true or false \(got /);
    expect(registry.serialize([1], { references: false })).toBe("[1]");
    expect(new Registry({ compile: false }).serialize([1])).toBe("[1]");
  });
});

describe("user code that throws while encoding", () => {
  it("wraps a throwing getter in a SerializeError with the path, keeping the original as cause", () => {
    const registry = new Registry();
    const boom = new Error("no balance yet");
    @model({ registry })
    class Account {
      @field() get balance(): number {
        throw boom;
      }
    }
    const e = thrown(() => registry.serialize({ accounts: [new Account()] }));
    expect(e).toBeInstanceOf(SerializeError);
    expect((e as SerializeError).path).toEqual(["accounts", 0]);
    expect((e as Error).message).toBe("accounts[0]: reading a value failed: no balance yet");
    expect((e as Error).cause).toBe(boom);
  });
});

describe("codecs report nested paths with several segments", () => {
  it("decode and issue take a list of keys", () => {
    const registry = new Registry();
    class Bag {
      constructor(readonly entries: unknown[]) {}
    }
    registry.registerCodec<Bag>({
      name: "test.Bag",
      type: Bag,
      encode: (b, ctx) => ({ entries: b.entries.map((x, i) => ctx.encode(x, ["entries", i])) }),
      decode: (p, ctx) => {
        const raw = (p as { entries: unknown[] }).entries;
        const out = raw.map((x, i) => ctx.decode(x, ["entries", i]));
        out.forEach((x, i) => {
          if (typeof x !== "number") ctx.issue({ code: "type", message: "expected a number", received: x, key: ["entries", i] });
        });
        return new Bag(out);
      },
    });
    expect(registry.toPlain({ b: new Bag([1, 2]) })).toEqual({ b: { $type: "test.Bag", value: { entries: [1, 2] } } });
    const e = thrown(() => registry.serialize({ b: new Bag([1, () => 2]) }));
    expect((e as SerializeError).path).toEqual(["b", "entries", 1]); // serialize paths follow the value graph
    const d = thrown(() => registry.deserialize('{"b":{"$type":"test.Bag","value":{"entries":[1,"x",{"$type":"nope"}]}}}'));
    expect((d as DeserializeError).issues.map((i) => i.path)).toEqual([
      ["b", "value", "entries", 2, "$type"],
      ["b", "value", "entries", 1],
      ["b", "value", "entries", 2],
    ]);
  });
});
