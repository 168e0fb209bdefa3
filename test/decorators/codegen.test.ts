/**
 * `configure({ codegen: false })`: one global switch that keeps decorum from
 * ever calling `new Function` (descriptor setters and registry codecs alike),
 * with results identical to the generated code.
 */
import { afterEach, describe, expect, it } from "vitest";
import { configure, field, model, positive, Registry, serialize } from "../../src/index.js";

const RealFunction = globalThis.Function;
let generated = 0;

afterEach(() => {
  globalThis.Function = RealFunction;
  configure({ codegen: true });
});

/** Counts `new Function(...)` calls made through the global binding. */
function countCodegen(): void {
  generated = 0;
  globalThis.Function = new Proxy(RealFunction, {
    construct(target, args) {
      generated++;
      return Reflect.construct(target, args);
    },
    apply(target, self, args) {
      generated++;
      return Reflect.apply(target, self, args);
    },
  });
}

describe("configure({ codegen })", () => {
  it("false: no code is generated, and the output is the generated code's", () => {
    const make = (reg: Registry) => {
      @model({ name: "test.codegen.Item", registry: reg })
      class Item {
        @field() @positive accessor units = 1;
        @field() name = "a";
      }
      return Item;
    };
    countCodegen();
    const reg = new Registry();
    const FastItem = make(reg);
    const fast = reg.serialize(Object.assign(new FastItem(), { units: 3, name: "b" }));
    expect(generated).toBeGreaterThan(0);

    configure({ codegen: false });
    countCodegen();
    const slowReg = new Registry();
    const SlowItem = make(slowReg);
    const item = new SlowItem();
    item.units = 3;
    item.name = "b";
    const slow = slowReg.serialize(item);
    expect(() => {
      item.units = -1;
    }).toThrow(/positive/);
    expect(slowReg.deserialize(slow, SlowItem)).toEqual(item);
    expect(generated).toBe(0);
    expect(slow).toBe(fast);
    expect(serialize(1)).toBe("1");
  });

  it("refuses a non-boolean codegen and a non-object", () => {
    expect(() => configure({ codegen: "no" as unknown as boolean })).toThrow(TypeError);
    expect(() => configure(null as unknown as object)).toThrow("configure: settings must be an object (got null)");
  });
});
