/**
 * The schema-based peers on the `Order` model, as on the shapes of
 * bench/serialize-shapes: ajv 8 (compiled JSON Schema, `allErrors`), TypeBox
 * 0.34 `TypeCompiler` and zod 4 validate `JSON.parse` of the plain tree, then
 * the instances are built by hand from it (the plain classes of models.ts;
 * the date refused when invalid); fast-json-stringify writes the plain tree a
 * hand-written pass makes from the instances. The validating peers decode
 * only and fast-json-stringify encodes only (`only`): their other side is the
 * hand-written plain tree through `JSON.stringify` / `JSON.parse`, used for the
 * correctness checks and never timed.
 *
 * The checks are the decorum model's: `quantity` a positive integer, `price`,
 * `radius` and `side` positive numbers, every other field of its type.
 */

import { Type } from "@sinclair/typebox";
import { TypeCompiler } from "@sinclair/typebox/compiler";
import { Ajv } from "ajv";
import fastJson from "fast-json-stringify";
import { z } from "zod";
import type { Peer } from "./contestant.js";
import type { OrderData, PlainOrder } from "./data.js";
import { makeModels } from "./models.js";

const str = { type: "string" } as const;
const positive = { type: "number", exclusiveMinimum: 0 } as const;
const addressSchema = {
  type: "object",
  properties: { street: str, city: str, zip: str, country: str },
  required: ["street", "city", "zip", "country"],
} as const;
const lineSchema = {
  type: "object",
  properties: { product: str, quantity: { type: "integer", minimum: 1 }, price: positive },
  required: ["product", "quantity", "price"],
} as const;
const circleSchema = {
  type: "object",
  properties: { kind: { const: "Circle" }, radius: positive },
  required: ["kind", "radius"],
} as const;
const squareSchema = { type: "object", properties: { kind: { const: "Square" }, side: positive }, required: ["kind", "side"] } as const;
const orderProperties = {
  id: str,
  placed: str,
  customer: str,
  address: addressSchema,
  lines: { type: "array", items: lineSchema },
  prices: { type: "object", additionalProperties: { type: "number" } },
  tags: { type: "array", items: str },
} as const;
const orderRequired = ["id", "placed", "customer", "address", "lines", "prices", "tags", "shape"];

/** JSON Schema of the plain tree (ajv), the shape told apart by its `kind`. */
export const ordersSchema = {
  type: "array",
  items: {
    type: "object",
    properties: {
      ...orderProperties,
      shape: { type: "object", discriminator: { propertyName: "kind" }, oneOf: [circleSchema, squareSchema], required: ["kind"] },
    },
    required: orderRequired,
  },
} as const;

/** fast-json-stringify has no `discriminator`: the shape as an object with every key either kind has (absent keys are left out). */
const ordersWriterSchema = {
  type: "array",
  items: {
    type: "object",
    properties: {
      ...orderProperties,
      shape: { type: "object", properties: { kind: str, radius: { type: "number" }, side: { type: "number" } }, required: ["kind"] },
    },
    required: orderRequired,
  },
} as const;

const TAddress = Type.Object({ street: Type.String(), city: Type.String(), zip: Type.String(), country: Type.String() });
const TLine = Type.Object({
  product: Type.String(),
  quantity: Type.Integer({ minimum: 1 }),
  price: Type.Number({ exclusiveMinimum: 0 }),
});
const TOrders = Type.Array(
  Type.Object({
    id: Type.String(),
    placed: Type.String(),
    customer: Type.String(),
    address: TAddress,
    lines: Type.Array(TLine),
    prices: Type.Record(Type.String(), Type.Number()),
    tags: Type.Array(Type.String()),
    shape: Type.Union([
      Type.Object({ kind: Type.Literal("Circle"), radius: Type.Number({ exclusiveMinimum: 0 }) }),
      Type.Object({ kind: Type.Literal("Square"), side: Type.Number({ exclusiveMinimum: 0 }) }),
    ]),
  }),
);

const zOrders = z.array(
  z.object({
    id: z.string(),
    placed: z.string(),
    customer: z.string(),
    address: z.object({ street: z.string(), city: z.string(), zip: z.string(), country: z.string() }),
    lines: z.array(z.object({ product: z.string(), quantity: z.number().int().positive(), price: z.number().positive() })),
    prices: z.record(z.string(), z.number()),
    tags: z.array(z.string()),
    shape: z.discriminatedUnion("kind", [
      z.object({ kind: z.literal("Circle"), radius: z.number().positive() }),
      z.object({ kind: z.literal("Square"), side: z.number().positive() }),
    ]),
  }),
);

function fail(what: string, errors: unknown): never {
  throw new Error(`${what}: ${JSON.stringify(errors)?.slice(0, 300)}`);
}

/** The plain classes of one peer, and the hand-written passes between them and the plain tree. */
function handBuilt() {
  const M = makeModels();
  type Order = InstanceType<typeof M.Order>;
  function fromPlain(tree: readonly PlainOrder[]): Order[] {
    const out: Order[] = new Array(tree.length);
    for (let i = 0; i < tree.length; i++) {
      const p = tree[i] as PlainOrder;
      const o = new M.Order();
      o.id = p.id;
      const placed = new Date(p.placed);
      if (Number.isNaN(placed.getTime())) throw new Error(`[${i}].placed: invalid date`);
      o.placed = placed;
      o.customer = p.customer;
      const a = new M.Address();
      a.street = p.address.street;
      a.city = p.address.city;
      a.zip = p.address.zip;
      a.country = p.address.country;
      o.address = a;
      const lines = new Array(p.lines.length);
      for (let j = 0; j < p.lines.length; j++) {
        const l = p.lines[j] as PlainOrder["lines"][number];
        const li = new M.LineItem();
        li.product = l.product;
        li.quantity = l.quantity;
        li.price = l.price;
        lines[j] = li;
      }
      o.lines = lines;
      o.prices = new Map(Object.entries(p.prices));
      o.tags = new Set(p.tags);
      const s = p.shape;
      if (s.kind === "Circle") {
        const c = new M.Circle();
        c.radius = s.radius;
        o.shape = c;
      } else {
        const q = new M.Square();
        q.side = s.side;
        o.shape = q;
      }
      out[i] = o;
    }
    return out;
  }
  function toPlain(orders: readonly unknown[]): PlainOrder[] {
    return (orders as Order[]).map((o) => {
      const s = o.shape as { radius?: number; side?: number };
      return {
        id: o.id,
        placed: o.placed.toISOString(),
        customer: o.customer,
        address: { street: o.address.street, city: o.address.city, zip: o.address.zip, country: o.address.country },
        lines: o.lines.map((l) => ({ product: l.product, quantity: l.quantity, price: l.price })),
        prices: Object.fromEntries(o.prices),
        tags: [...o.tags],
        shape: s.radius !== undefined ? { kind: "Circle", radius: s.radius } : { kind: "Square", side: s.side as number },
      };
    });
  }
  return { build: (data: readonly OrderData[]) => M.build(data), fromPlain, toPlain };
}

/**
 * A validating peer (decode only): `validate` takes `JSON.parse` of the text and returns the plain tree to
 * build from (the same tree, or the validator's copy), or throws; its own hand-built classes build the instances.
 */
function validatingPeer(name: string, validate: (tree: unknown) => unknown, notes: string[]): Peer {
  const H = handBuilt();
  return {
    name,
    only: "decode",
    build: H.build,
    encode: (orders) => JSON.stringify(H.toPlain(orders)),
    decode: (text) => H.fromPlain(validate(JSON.parse(text)) as PlainOrder[]),
    validates: true,
    notes,
  };
}

const ajvOrders = new Ajv({ discriminator: true, allErrors: true }).compile(ordersSchema);
export const ajvPeer: Peer = validatingPeer("ajv + hand-built instances", (j) => (ajvOrders(j) ? j : fail("ajv", ajvOrders.errors)), [
  "ajv 8 with allErrors (every problem reported, as decorum does); the date checked by the hand-built instances",
]);

const tbOrders = TypeCompiler.Compile(TOrders);
export const typeboxPeer: Peer = validatingPeer(
  "TypeBox TypeCompiler + hand-built",
  (j) => (tbOrders.Check(j) ? j : fail("typebox", [...tbOrders.Errors(j)])),
  ["`Check` is a boolean pass; the errors are enumerated only for a rejected input"],
);

export const zodPeer: Peer = validatingPeer("zod 4 + hand-built", (j) => zOrders.parse(j), [
  "`parse` copies every object (unknown keys stripped) before the instances are built from the copy",
]);

const D = handBuilt();
const writeOrders = fastJson(ordersWriterSchema as never) as (x: unknown) => string;
export const fastJsonStringifyPeer: Peer = {
  name: "fast-json-stringify (instances → plain → writer)",
  only: "encode",
  build: D.build,
  encode: (orders) => writeOrders(D.toPlain(orders)),
  decode: (text) => D.fromPlain(JSON.parse(text) as PlainOrder[]),
  validates: false,
  notes: ["encode only; no Map / Set / class instances: a hand-written pass builds the plain tree it writes"],
};
