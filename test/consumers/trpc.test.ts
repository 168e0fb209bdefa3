/**
 * A real consumer of `schema(Class)`: a tRPC procedure with
 * `.input(schema(Order))`, called through `createCaller` (no transport), so
 * the test runs in every dialect project. `@trpc/server` is a devDependency.
 */
import { initTRPC, StandardSchemaV1Error, TRPCError } from "@trpc/server";
import { describe, expect, expectTypeOf, it } from "vitest";
import { positive } from "../../src/descriptors/index.js";
import { field, model, schema } from "../../src/registry/index.js";

@model("trpc.LineItem")
class LineItem {
  @field(String) accessor sku = "";
  @positive @field(Number) accessor qty = 1;
}

@model("trpc.Order")
class Order {
  @field(String) accessor id = "";
  @field([LineItem]) accessor lines: LineItem[] = [];
  @field(Set) accessor tags = new Set<string>();
  count(): number {
    return this.lines.reduce((n, l) => n + l.qty, 0);
  }
}

const t = initTRPC.create();
const router = t.router({
  place: t.procedure.input(schema(Order)).mutation(({ input }) => {
    expectTypeOf(input).toEqualTypeOf<Order>();
    return { isOrder: input instanceof Order, count: input.count(), gift: input.tags.has("gift") };
  }),
});
const caller = t.createCallerFactory(router)({});

describe("tRPC + schema(Order)", () => {
  it("a valid input reaches the procedure as an Order instance", async () => {
    const out = await caller.place({ id: "A-1", lines: [{ sku: "pen", qty: 2 }], tags: ["gift"] });
    expect(out).toEqual({ isOrder: true, count: 2, gift: true });
  });

  it("an invalid input is a TRPCError BAD_REQUEST carrying the issues", async () => {
    let caught: unknown;
    try {
      await caller.place({ id: "A-1", lines: [{ sku: 1, qty: -2 }], tags: "gift" });
    } catch (e) {
      caught = e;
    }
    expect(caught).toBeInstanceOf(TRPCError);
    const err = caught as TRPCError;
    expect(err.code).toBe("BAD_REQUEST");
    expect(err.cause).toBeInstanceOf(StandardSchemaV1Error);
    const issues = (err.cause as StandardSchemaV1Error).issues;
    expect(issues.map((i) => i.path)).toEqual([["lines", 0, "sku"], ["lines", 0, "qty"], ["tags"]]);
  });
});
