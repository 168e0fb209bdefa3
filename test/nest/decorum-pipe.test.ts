import { BadRequestException } from "@nestjs/common";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { positive } from "../../src/descriptors/index.js";
import { DeserializeError } from "../../src/errors.js";
import { badRequestBody, DecorumPipe } from "../../src/nest/index.js";
import { field, model, Registry } from "../../src/registry/index.js";
import { isLegacy } from "../support/dialect.js";

const reg = new Registry();

@model({ name: "pipe.Item", registry: reg })
class Item {
  @field(String) accessor sku = "";
  @positive @field(Number) accessor qty = 1;
}

@model({ name: "pipe.Cart", registry: reg })
class Cart {
  @field(String) accessor owner = "";
  @field(Date) accessor created = new Date(0);
  @field([Item]) accessor items: Item[] = [];

  count(): number {
    return this.items.reduce((n, i) => n + i.qty, 0);
  }
}

/** In the shared registry, for the pipe without options. */
@model("test.nest.Shared")
class Shared {
  @positive @field(Number) accessor n = 1;
}

const body = {
  owner: "ann",
  created: "2024-05-01T09:30:00Z",
  items: [
    { sku: "pen", qty: 2 },
    { sku: "ink", qty: 3 },
  ],
};
const bad = { owner: 7, created: "2024-02-30", items: [{ sku: "pen", qty: -1 }] };

function rejection(f: () => unknown): unknown {
  try {
    f();
  } catch (e) {
    return e;
  }
  throw new Error("expected a throw");
}

describe("DecorumPipe", () => {
  const pipe = new DecorumPipe({ registry: reg });

  it("reads a body typed with a registered model into a validated instance", () => {
    const cart = pipe.transform(structuredClone(body), { type: "body", metatype: Cart }) as Cart;
    expect(cart).toBeInstanceOf(Cart);
    expect(cart.items[1]).toBeInstanceOf(Item);
    expect(cart.created).toEqual(new Date("2024-05-01T09:30:00Z"));
    expect(cart.count()).toBe(5);
    // Any kind of parameter typed with a model: a query object too.
    expect(pipe.transform({ owner: "bob", created: "2024-01-01", items: [] }, { type: "query", metatype: Cart })).toBeInstanceOf(Cart);
  });

  it("passes every other value through unchanged: primitives, unregistered classes, no metadata", () => {
    class Unregistered {}
    const value = { owner: 7 };
    for (const metatype of [undefined, String, Number, Object, Array, Unregistered, Shared])
      expect(pipe.transform(value, { type: "body", metatype: metatype as never })).toBe(value);
    expect(pipe.transform("42", { type: "param", metatype: Number, data: "id" })).toBe("42");
  });

  it("returns an instance of the model as it is", () => {
    const cart = new Cart();
    expect(pipe.transform(cart, { type: "body", metatype: Cart })).toBe(cart);
  });

  it("leaves custom parameter decorators' values alone unless validateCustomDecorators is set", () => {
    const value = structuredClone(body);
    expect(pipe.transform(value, { type: "custom", metatype: Cart })).toBe(value);
    const reading = new DecorumPipe({ registry: reg, validateCustomDecorators: true });
    expect(reading.transform(value, { type: "custom", metatype: Cart })).toBeInstanceOf(Cart);
  });

  it("answers an invalid body with a 400 BadRequestException listing every issue's path and message", () => {
    const e = rejection(() => pipe.transform(bad, { type: "body", metatype: Cart }));
    expect(e).toBeInstanceOf(BadRequestException);
    const ex = e as BadRequestException;
    expect(ex.getStatus()).toBe(400);
    expect(ex.cause).toBeInstanceOf(DeserializeError);
    const response = ex.getResponse() as ReturnType<typeof badRequestBody>;
    expect(response.statusCode).toBe(400);
    expect(response.error).toBe("Bad Request");
    expect(response.issues.map((i) => i.path)).toEqual([["owner"], ["created"], ["items", 0, "qty"]]);
    expect(response.issues.map((i) => i.code)).toEqual(["type", "date", "positive"]);
    expect(response.issues[2]?.message).toBe("must be positive");
    expect(response.message).toHaveLength(3);
    expect(response.message[2]).toBe("items[0].qty: must be positive (got -1)");
    // The body is what Nest sends: plain JSON.
    expect(JSON.parse(JSON.stringify(response))).toEqual(response);
  });

  it("answers a body that is not an object, or missing, with a 400", () => {
    for (const value of [undefined, "text", 3, [body]]) {
      const e = rejection(() => pipe.transform(value, { type: "body", metatype: Cart }));
      expect(e, String(value)).toBeInstanceOf(BadRequestException);
      expect((e as BadRequestException).getStatus()).toBe(400);
    }
  });

  it("hands fromPlain's options on: unknownKeys: 'reject' reports each unknown key", () => {
    const value = { ...structuredClone(body), isAdmin: true };
    expect(pipe.transform(value, { type: "body", metatype: Cart })).toBeInstanceOf(Cart);
    const strict = new DecorumPipe({ registry: reg, unknownKeys: "reject" });
    const e = rejection(() => strict.transform(value, { type: "body", metatype: Cart })) as BadRequestException;
    expect((e.getResponse() as ReturnType<typeof badRequestBody>).issues).toEqual([
      { path: ["isAdmin"], code: "unknown-key", message: 'pipe.Cart has no field "isAdmin" (unknownKeys: "reject")' },
    ]);
  });

  it("reads the shared registry's models by default", () => {
    const shared = new DecorumPipe();
    expect((shared.transform({ n: 2 }, { type: "body", metatype: Shared }) as Shared).n).toBe(2);
    expect(() => shared.transform({ n: -2 }, { type: "body", metatype: Shared })).toThrow(BadRequestException);
  });

  it("reads as options.type when given, whatever the metadata says", () => {
    const typed = new DecorumPipe({ registry: reg, type: Cart });
    expect(typed.transform(structuredClone(body), { type: "body", metatype: undefined })).toBeInstanceOf(Cart);
    expect(typed.transform(structuredClone(body), { type: "body", metatype: Object })).toBeInstanceOf(Cart);
  });

  it("throws what exceptionFactory returns", () => {
    class Refused extends Error {}
    const custom = new DecorumPipe({ registry: reg, exceptionFactory: (e) => new Refused(e.issues.map((i) => i.code).join(",")) });
    const e = rejection(() => custom.transform(bad, { type: "body", metatype: Cart }));
    expect(e).toBeInstanceOf(Refused);
    expect((e as Error).message).toBe("type,date,positive");
  });

  it("refuses options that cannot work, when it is made", () => {
    class Unregistered {}
    expect(() => new DecorumPipe({ registry: reg, type: Unregistered })).toThrow(
      new TypeError("DecorumPipe: options.type must be a model class registered in the pipe's registry (got function Unregistered)"),
    );
    expect(() => new DecorumPipe({ type: Cart })).toThrow(TypeError); // registered in another registry
    expect(() => new DecorumPipe({ exceptionFactory: 1 as never })).toThrow(
      new TypeError("DecorumPipe: options.exceptionFactory must be a function (got 1)"),
    );
  });

  it("builds the same body from any DeserializeError (badRequestBody)", () => {
    const e = rejection(() => reg.fromPlain(bad, Cart)) as DeserializeError;
    expect(badRequestBody(e).issues.map((i) => i.path)).toEqual([["owner"], ["created"], ["items", 0, "qty"]]);
  });
});

/** The parts of orders-app.legacy.ts the test uses (a type import would compile the legacy module under standard decorators). */
interface OrdersApp {
  startApp(setup: "global" | "scoped"): Promise<{ app: { close(): Promise<void> }; url: string }>;
}

// NestJS needs legacy decorators: its parameter decorators (`@Body()`) do not
// exist under standard decorators, and it reads a parameter's type from
// emitDecoratorMetadata's `design:paramtypes`. Both legacy projects emit that
// metadata (Nest loads reflect-metadata itself, as in legacy-define), so the
// real application runs there; the standard project cannot compile it.
if (isLegacy)
  describe("DecorumPipe in a NestJS application on 127.0.0.1", () => {
    const apps: Array<{ app: { close(): Promise<void> }; url: string }> = [];
    let globalUrl = "";
    let scopedUrl = "";

    beforeAll(async () => {
      const fixture = "./orders-app.legacy.js";
      const { startApp } = (await import(/* @vite-ignore */ fixture)) as OrdersApp;
      apps.push(await startApp("global"), await startApp("scoped"));
      globalUrl = (apps[0] as { url: string }).url;
      scopedUrl = (apps[1] as { url: string }).url;
    });

    afterAll(async () => {
      for (const a of apps) await a.app.close();
    });

    const order = {
      id: "A-1",
      placed: "2024-05-01T09:30:00Z",
      lines: [
        { sku: "pen", quantity: 2, price: 1.5 },
        { sku: "ink", quantity: 1, price: 4 },
      ],
    };
    const invalid = { id: 7, placed: "2024-02-30", lines: [{ sku: "pen", quantity: -1, price: 1.5 }] };

    async function post(url: string, payload: unknown): Promise<{ status: number; json: Record<string, unknown> }> {
      const res = await fetch(url, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(payload) });
      return { status: res.status, json: (await res.json()) as Record<string, unknown> };
    }

    const receipt = { id: "A-1", total: 7, isOrder: true, linesAreItems: true, placed: "2024-05-01T09:30:00.000Z" };

    it("answers a valid POST with the result the Order instance computes (global pipe)", async () => {
      expect(await post(`${globalUrl}/orders`, order)).toEqual({ status: 201, json: receipt });
    });

    it("answers an invalid POST with 400 and every issue's path (global pipe)", async () => {
      const { status, json } = await post(`${globalUrl}/orders`, invalid);
      expect(status).toBe(400);
      expect(json.statusCode).toBe(400);
      expect((json.issues as Array<{ path: unknown }>).map((i) => i.path)).toEqual([["id"], ["placed"], ["lines", 0, "quantity"]]);
      expect(json.message).toEqual([
        "id: expected string (got 7)",
        expect.stringMatching(/^placed: /),
        "lines[0].quantity: must be positive (got -1)",
      ]);
    });

    it("answers with a model returned by the handler as its plain JSON", async () => {
      expect(await post(`${globalUrl}/orders/echo`, { ...order, extra: "dropped" })).toEqual({
        status: 201,
        json: { ...order, placed: "2024-05-01T09:30:00.000Z" },
      });
    });

    it("passes route and query parameters that are not models through (global pipe)", async () => {
      const res = await fetch(`${globalUrl}/orders/A-7?verbose=yes`);
      expect(res.status).toBe(200);
      expect(await res.json()).toEqual({ id: "A-7", verbose: "yes" });
    });

    it("works as a controller's @UsePipes(DecorumPipe), made by Nest's injector", async () => {
      expect(await post(`${scopedUrl}/scoped`, order)).toEqual({ status: 201, json: receipt });
      const { status, json } = await post(`${scopedUrl}/scoped`, invalid);
      expect(status).toBe(400);
      expect((json.issues as Array<{ path: unknown }>).map((i) => i.path)).toEqual([["id"], ["placed"], ["lines", 0, "quantity"]]);
    });

    it("is what builds the instance: a route without the pipe gets the plain object and fails", async () => {
      // In the "scoped" application only ScopedController has the pipe; OrdersController's create() gets JSON.parse's object.
      expect((await post(`${scopedUrl}/orders`, order)).status).toBe(500);
    });
  });
