/**
 * A real consumer of `schema(Class)`: Hono with `@hono/standard-validator`
 * (devDependencies only). A POST route validates the JSON body with
 * `sValidator("json", schema(Order))`; requests go through `app.request()`
 * (no socket), so the test runs in every dialect project.
 */
import { sValidator } from "@hono/standard-validator";
import { Hono } from "hono";
import { describe, expect, it } from "vitest";
import { positive } from "../../src/descriptors/index.js";
import { field, model, schema } from "../../src/registry/index.js";

@model("hono.LineItem")
class LineItem {
  @field(String) accessor sku = "";
  @positive @field(Number) accessor qty = 1;
  @positive @field(Number) accessor price = 1;
}

@model("hono.Order")
class Order {
  @field(String) accessor id = "";
  @field(Date) accessor placed = new Date(0);
  @field([LineItem]) accessor lines: LineItem[] = [];
  total(): number {
    return this.lines.reduce((n, l) => n + l.qty * l.price, 0);
  }
}

const app = new Hono().post("/orders", sValidator("json", schema(Order)), (c) => {
  const order = c.req.valid("json"); // typed Order
  return c.json({ isOrder: order instanceof Order, id: order.id, total: order.total(), year: order.placed.getUTCFullYear() }, 201);
});

function post(body: unknown) {
  return app.request("/orders", { method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify(body) });
}

describe("Hono + @hono/standard-validator + schema(Order)", () => {
  it("a valid body reaches the handler as an Order instance", async () => {
    const res = await post({
      id: "A-1",
      placed: "2024-05-01T09:30:00Z",
      lines: [
        { sku: "pen", qty: 2, price: 1.5 },
        { sku: "ink", qty: 1, price: 4 },
      ],
    });
    expect(res.status).toBe(201);
    expect(await res.json()).toEqual({ isOrder: true, id: "A-1", total: 7, year: 2024 });
  });

  it("an invalid body answers 400 with every issue's path", async () => {
    const res = await post({
      id: 5,
      placed: "2024-02-30",
      lines: [
        { sku: "pen", qty: 0, price: -1 },
        { qty: 1, price: 1 },
      ],
    });
    expect(res.status).toBe(400);
    const answer = (await res.json()) as { success: boolean; error: Array<{ path: unknown[]; message: string; code: string }> };
    expect(answer.success).toBe(false);
    expect(answer.error.map((i) => [i.path, i.code])).toEqual([
      [["id"], "type"],
      [["placed"], "date"],
      [["lines", 0, "qty"], "positive"],
      [["lines", 0, "price"], "positive"],
      [["lines", 1, "sku"], "required"],
    ]);
  });
});
