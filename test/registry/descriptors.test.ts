import { describe, expect, it } from "vitest";
import { positive, range, readonly } from "../../src/descriptors/index.js";
import { DeserializeError } from "../../src/errors.js";
import { defineModel, field, model, Registry } from "../../src/registry/index.js";
import { isLegacy } from "../support/dialect.js";

describe("deserialize writes through descriptors", () => {
  const reg = new Registry();
  @model({ registry: reg })
  class LineItem {
    @field() @positive accessor price = 1;
    @field() @range(1, 100) accessor qty = 1;
  }
  @model({ registry: reg })
  class Order {
    @field() @readonly accessor id = "new";
    @field([LineItem]) lines: LineItem[] = [];
  }

  it("runs every validator and reports failures with the document path", () => {
    let error: unknown;
    try {
      reg.deserialize(
        '{"$type":"Order","id":"o1","lines":[{"$type":"LineItem","price":5,"qty":1},{"$type":"LineItem","price":-2,"qty":500}]}',
        Order,
      );
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(DeserializeError);
    const issues = (error as DeserializeError).issues;
    expect(issues.map((i) => [i.path, i.code])).toEqual([
      [["lines", 1, "price"], "positive"],
      [["lines", 1, "qty"], "range"],
    ]);
    expect((error as Error).message).toMatch(/Order\.lines\[1\]\.price: must be positive \(got -2\)/);
  });

  it("sets readonly members on the way in, and they stay readonly afterwards", () => {
    const o = reg.deserialize('{"$type":"Order","id":"o1","lines":[]}', Order);
    expect(o.id).toBe("o1");
    expect(() => {
      o.id = "changed";
    }).toThrow();
    expect(o.id).toBe("o1");
  });

  it("keeps per-instance storage for instances built by deserialize", () => {
    const [a, b] = reg.deserialize<LineItem[]>('[{"$type":"LineItem","price":2,"qty":3},{"$type":"LineItem","price":4,"qty":5}]');
    expect([a?.price, a?.qty, b?.price, b?.qty]).toEqual([2, 3, 4, 5]);
    expect(() => {
      (a as LineItem).price = -1;
    }).toThrow(/must be positive/);
  });

  it("validates plain fields on the way in under legacy decorators", () => {
    if (!isLegacy) {
      expect(() => {
        @model({ registry: new Registry() })
        class Plain {
          @field() @positive weight = 1;
        }
        void Plain;
      }).toThrow(/accessor/);
      return;
    }
    const local = new Registry();
    @model({ registry: local })
    class Plain {
      @field() @positive weight = 1;
    }
    expect(local.deserialize('{"$type":"Plain","weight":3}', Plain).weight).toBe(3);
    expect(() => local.deserialize('{"$type":"Plain","weight":-3}', Plain)).toThrow(/weight: must be positive/);
  });

  it("routes defineModel fields through descriptors applied programmatically", () => {
    const local = new Registry();
    class Parcel {
      weight = 1;
    }
    const P = defineModel(Parcel, { registry: local, fields: { weight: field(Number) } });
    expect(local.deserialize('{"$type":"Parcel","weight":3}', P).weight).toBe(3);
  });
});
