/**
 * Proves that each test project really compiles with the configuration it
 * claims (vitest.config.ts), so the dialect matrix cannot silently collapse.
 */
import { describe, expect, it } from "vitest";
import type { Decoration } from "../../src/decorators/index.js";
import { defineSemantics, dialect, hasDesignType, isLegacy } from "../support/dialect.js";
import { recorder } from "../support/recorder.js";

describe(`configuration: ${dialect}`, () => {
  it("calls decorators in the dialect the project claims", () => {
    const log: Decoration[] = [];
    const rec = recorder(log);
    @rec
    class Probe {
      @rec count = 0;
    }
    expect(new Probe().count).toBe(0);
    expect(log.map((d) => d.dialect)).toEqual(isLegacy ? ["legacy", "legacy"] : ["standard", "standard"]);
  });

  it("exposes design:type exactly when emitDecoratorMetadata output is readable", () => {
    const log: Decoration[] = [];
    const rec = recorder(log);
    class Probe {
      @rec count: number = 0;
      @rec label: string = "";
    }
    void Probe;
    const types = log.map((d) => d.designType);
    if (hasDesignType) {
      expect(types).toEqual([Number, String]);
    } else {
      expect(types).toEqual([undefined, undefined]);
    }
    const R = Reflect as unknown as { getMetadata?: unknown };
    expect(typeof R.getMetadata === "function").toBe(dialect === "legacy");
  });

  it("uses [[Define]] or [[Set]] class-field semantics as configured", () => {
    const seen: unknown[] = [];
    class Base {}
    Object.defineProperty(Base.prototype, "y", {
      configurable: true,
      get: () => "from prototype",
      set: (v: unknown) => {
        seen.push(v);
      },
    });
    class Sub extends Base {
      y = 1;
    }
    const sub = new Sub();
    if (defineSemantics) {
      expect(Object.hasOwn(sub, "y")).toBe(true);
      expect(seen).toEqual([]);
    } else {
      expect(Object.hasOwn(sub, "y")).toBe(false);
      expect(seen).toEqual([1]);
    }
  });
});
