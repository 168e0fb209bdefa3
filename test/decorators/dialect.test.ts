import { describe, expect, it } from "vitest";
import { applyDecorator, createDecorator, type Decoration, describeTarget } from "../../src/decorators/index.js";
import { ClassDefinitionError } from "../../src/errors.js";
import { defineSemantics, isLegacy } from "../support/dialect.js";
import { recorder } from "../support/recorder.js";

describe("dialect adapter", () => {
  it("describes class, method, getter, setter, field and accessor decorations uniformly", () => {
    const log: Decoration[] = [];
    const rec = recorder(log);
    @rec
    class Shape {
      @rec accessor side = 1;
      @rec color = "red";
      @rec area() {
        return this.side * this.side;
      }
      @rec get label() {
        return this.color;
      }
      @rec set tint(v: string) {
        this.color = v;
      }
      @rec static unit = 1;
    }
    const byName = new Map(log.map((d) => [d.kind === "class" ? "<class>" : String(d.name), d]));
    expect(byName.get("<class>")?.kind).toBe("class");
    expect(byName.get("<class>")?.ctor).toBe(Shape);
    expect(byName.get("side")?.kind).toBe("accessor");
    expect(byName.get("color")?.kind).toBe("field");
    expect(byName.get("area")?.kind).toBe("method");
    expect(byName.get("label")?.kind).toBe("getter");
    expect(byName.get("tint")?.kind).toBe("setter");
    expect(byName.get("unit")?.kind).toBe("field");
    expect(byName.get("unit")?.isStatic).toBe(true);
    expect(byName.get("area")?.isStatic).toBe(false);
    // One metadata object per class, shared by all its decorations.
    expect(new Set(log.map((d) => d.metadata)).size).toBe(1);
    // The class is known to member decorators only in the legacy dialect.
    expect(byName.get("area")?.ctor).toBe(isLegacy ? Shape : undefined);
    expect(byName.get("side")?.initializerBypassesSetter).toBe(isLegacy);
    expect(new Shape().area()).toBe(1);
  });

  it("replaces a method and keeps this, arguments and the return value", () => {
    const calls: string[] = [];
    const traced = createDecorator({
      name: "@traced",
      method: (fn, d) =>
        function (this: unknown, ...args: unknown[]) {
          calls.push(`${String(d.name)}(${args.join(",")})`);
          return fn.apply(this, args);
        },
    });
    class Counter {
      n = 10;
      @traced add(by: number) {
        this.n += by;
        return this.n;
      }
    }
    const a = new Counter();
    const b = new Counter();
    expect(a.add(2)).toBe(12);
    expect(b.add(5)).toBe(15);
    expect(a.n).toBe(12);
    expect(calls).toEqual(["add(2)", "add(5)"]);
  });

  it("replaces a lone getter and a lone setter, keeping the rest of each property", () => {
    const wrapped = createDecorator({
      name: "@wrapped",
      getter: (fn) =>
        function (this: unknown) {
          return `<${fn.call(this)}>`;
        },
      setter: (fn) =>
        function (this: unknown, v: unknown) {
          fn.call(this, String(v).trim());
        },
    });
    class Tag {
      raw = "";
      @wrapped get text() {
        return this.raw;
      }
      @wrapped set value(v: string) {
        this.raw = v;
      }
    }
    const t = new Tag();
    t.value = "  a  ";
    expect(t.raw).toBe("a");
    expect(t.text).toBe("<a>");
    const text = Object.getOwnPropertyDescriptor(Tag.prototype, "text");
    const value = Object.getOwnPropertyDescriptor(Tag.prototype, "value");
    expect([text?.enumerable, text?.configurable, text?.set]).toEqual([false, true, undefined]);
    expect([value?.enumerable, value?.configurable, value?.get]).toEqual([false, true, undefined]);
  });

  it("wraps accessor get/set per instance and applies init where the dialect allows", () => {
    const doubled = createDecorator({
      name: "@doubled",
      accessor: (target) => ({
        get() {
          return target.get.call(this);
        },
        set(v) {
          target.set.call(this, (v as number) * 2);
        },
        init: (v) => (v as number) * 2,
      }),
    });
    class Box {
      @doubled accessor size = 3;
    }
    const a = new Box();
    const b = new Box();
    // Standard decorators run `init`; a legacy accessor's initializer bypasses the setter.
    expect(a.size).toBe(isLegacy ? 3 : 6);
    a.size = 5;
    expect(a.size).toBe(10);
    expect(b.size).toBe(isLegacy ? 3 : 6);
  });

  it("lets a field decorator transform the initializer (standard) or install an accessor (legacy)", () => {
    const store = new WeakMap<object, unknown>();
    const upper = createDecorator({
      name: "@upper",
      field: (d) =>
        d.dialect === "standard"
          ? { initializer: (v) => String(v).toUpperCase() }
          : {
              descriptor: {
                get(this: object) {
                  return store.get(this);
                },
                set(this: object, v: unknown) {
                  store.set(this, String(v).toUpperCase());
                },
              },
            },
    });
    class Name {
      @upper value = "ada";
    }
    const n = new Name();
    if (isLegacy && defineSemantics) {
      // [[Define]] semantics: the own data property shadows the prototype accessor.
      // This is the case descriptors must detect (see the descriptors layer).
      expect(n.value).toBe("ada");
    } else {
      expect(n.value).toBe("ADA");
    }
  });

  it("rejects a kind the decorator does not support, naming decorator, class and member", () => {
    const onlyMethods = createDecorator({ name: "@onlyMethods", method: () => undefined });
    let error: unknown;
    try {
      class Wrong {
        @onlyMethods accessor size = 1;
      }
      void Wrong;
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ClassDefinitionError);
    const message = (error as Error).message;
    expect(message).toContain("@onlyMethods cannot decorate an accessor");
    expect(message).toContain("size");
    expect(message).toContain("method");
    expect(message).toContain(isLegacy ? "Wrong.size" : "(class being defined).size");
  });

  it("applies a decorator without syntax, as a legacy call, for plain JavaScript", () => {
    const log: Decoration[] = [];
    const rec = recorder(log);
    class Plain {
      greet() {
        return "hi";
      }
    }
    applyDecorator(rec, Plain);
    applyDecorator(rec, Plain, "greet");
    applyDecorator(rec, Plain, "count");
    expect(log.map((d) => [d.kind, d.name, d.dialect])).toEqual([
      ["class", "Plain", "legacy"],
      ["method", "greet", "legacy"],
      ["field", "count", "legacy"],
    ]);
    expect(describeTarget(log[1] as Decoration)).toBe("Plain.greet");
  });

  it("refuses to apply a class-replacing decorator programmatically", () => {
    const replacing = createDecorator({ name: "@replacing", class: (c) => class extends (c as new () => object) {} });
    class Target {}
    expect(() => applyDecorator(replacing, Target)).toThrow(ClassDefinitionError);
  });

  it("names the compiler version when a standard member decoration carries no context.metadata", () => {
    const note = createDecorator({ name: "@note", field: () => undefined });
    // what TypeScript 5.0 / 5.1 pass: a standard context without `metadata`
    const context = { kind: "field", name: "size", static: false, private: false, addInitializer() {}, access: {} };
    let error: unknown;
    try {
      (note as unknown as (value: undefined, ctx: object) => unknown)(undefined, context);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ClassDefinitionError);
    expect((error as Error).message).toContain("@note");
    expect((error as Error).message).toContain("TypeScript 5.2");
  });
});
