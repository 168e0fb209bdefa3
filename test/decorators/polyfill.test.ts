import { describe, expect, it } from "vitest";
import { METADATA } from "../../src/decorators/index.js";
import { dialect } from "../support/dialect.js";
import { recorder } from "../support/recorder.js";

describe(`Symbol.metadata polyfill (${dialect})`, () => {
  it("defines Symbol.metadata as the registered symbol every polyfill agrees on", () => {
    const native = (Symbol as unknown as { metadata: symbol }).metadata;
    expect(typeof native).toBe("symbol");
    expect(METADATA).toBe(native);
    // Node 20 has no native Symbol.metadata, so ours (or an agreeing one) is in place.
    expect(native).toBe(Symbol.for("Symbol.metadata"));
  });

  it("gives every decorated class its own metadata object, inheriting from its base's", () => {
    const rec = recorder([]);
    class Base {
      @rec a = 1;
    }
    class Sub extends Base {
      @rec b = 2;
    }
    const baseMeta = (Base as unknown as Record<symbol, object>)[METADATA];
    const subMeta = (Sub as unknown as Record<symbol, object>)[METADATA];
    expect(Object.hasOwn(Base, METADATA)).toBe(true);
    expect(Object.hasOwn(Sub, METADATA)).toBe(true);
    expect(subMeta).not.toBe(baseMeta);
    // Whether the compiler links subMeta's prototype to baseMeta varies (SWC's
    // 2022-03 helper does so only when the subclass has a class decorator);
    // decorum's store walks the class chain instead, see metadata.test.ts.
  });
});
