/**
 * The benchmark's domain data, independent of any library: a deterministic
 * description of N orders, and {@link canonical}, which turns any
 * contestant's decoded graph (class instances or the plain tree) into one
 * comparable JSON value, checking on the way that every object has the
 * expected class.
 */

/** One order as plain data (what every contestant's model is built from). */
export interface OrderData {
  id: string;
  placed: string; // ISO date
  customer: string;
  address: { street: string; city: string; zip: string; country: string };
  lines: Array<{ product: string; quantity: number; price: number }>;
  prices: Array<[string, number]>;
  tags: string[];
  shape: { kind: "Circle"; radius: number } | { kind: "Square"; side: number };
}

/** Lines per order (the 20). */
export const LINES = 20;

/** Deterministic order number `i`. */
export function orderData(i: number): OrderData {
  const lines: OrderData["lines"] = [];
  for (let j = 0; j < LINES; j++) {
    lines.push({
      product: `SKU-${(i * 31 + j * 7) % 997}`,
      quantity: 1 + ((i + j) % 9),
      price: Math.round((1 + ((i * j) % 50) + j / 4) * 100) / 100,
    });
  }
  return {
    id: `order-${i}`,
    placed: new Date(Date.UTC(2024, i % 12, 1 + (i % 28), i % 24, i % 60)).toISOString(),
    customer: `Customer "${i}" <c${i}@example.com>`,
    address: { street: `${i} Main Street`, city: i % 2 ? "Lyon" : "Zürich", zip: `${10000 + i}`, country: i % 3 ? "FR" : "CH" },
    lines,
    prices: [
      ["standard", 4.9 + (i % 5)],
      ["express", 12.5 + (i % 7)],
      ["pickup", 0.5],
    ],
    tags: i % 2 ? ["gift", "fragile"] : ["b2b", "priority", "eu"],
    shape: i % 2 ? { kind: "Circle", radius: 1 + (i % 10) / 2 } : { kind: "Square", side: 2 + (i % 8) },
  };
}

/** The `n` orders of the benchmark. */
export function ordersData(n: number): OrderData[] {
  return Array.from({ length: n }, (_, i) => orderData(i));
}

/** One order of the plain JSON tree (what `JSON.stringify` / `JSON.parse` of the limit see). */
export interface PlainOrder {
  id: string;
  placed: string;
  customer: string;
  address: { street: string; city: string; zip: string; country: string };
  lines: Array<{ product: string; quantity: number; price: number }>;
  prices: Record<string, number>;
  tags: string[];
  shape: { kind: "Circle"; radius: number } | { kind: "Square"; side: number };
}

/** The equivalent plain JSON tree (Date as ISO text, Map as object, Set as array, shape tagged). */
export function plainTree(data: readonly OrderData[]): PlainOrder[] {
  return data.map((o) => ({
    id: o.id,
    placed: o.placed,
    customer: o.customer,
    address: { ...o.address },
    lines: o.lines.map((l) => ({ ...l })),
    prices: Object.fromEntries(o.prices),
    tags: [...o.tags],
    shape: { ...o.shape },
  }));
}

const FIELDS: Record<string, readonly string[]> = {
  Order: ["id", "placed", "customer", "address", "lines", "prices", "tags", "shape"],
  Address: ["street", "city", "zip", "country"],
  LineItem: ["product", "quantity", "price"],
  Circle: ["radius"],
  Square: ["side"],
};

function fail(path: string, what: string, got: unknown): never {
  throw new Error(
    `canonical: ${path}: expected ${what}, got ${Object.prototype.toString.call(got)} ${String((got as object)?.constructor?.name)}`,
  );
}

function canonModel(v: unknown, cls: string | readonly string[], path: string): Record<string, unknown> {
  const name = (v as object | null)?.constructor?.name;
  const allowed = typeof cls === "string" ? [cls] : cls;
  if (v === null || typeof v !== "object" || name === undefined || !allowed.includes(name)) fail(path, allowed.join("|"), v);
  const out: Record<string, unknown> = { class: name };
  for (const k of FIELDS[name] ?? []) out[k] = (v as Record<string, unknown>)[k];
  return out;
}

/** Canonical form of one decoded order graph (instances with the expected classes). */
function canonOrder(v: unknown, path: string): unknown {
  const o = canonModel(v, "Order", path);
  const placed = o.placed;
  if (!(placed instanceof Date)) fail(`${path}.placed`, "Date", placed);
  o.placed = placed.toISOString();
  o.address = canonModel(o.address, "Address", `${path}.address`);
  if (!Array.isArray(o.lines)) fail(`${path}.lines`, "array", o.lines);
  o.lines = o.lines.map((l, i) => canonModel(l, "LineItem", `${path}.lines[${i}]`));
  if (!(o.prices instanceof Map)) fail(`${path}.prices`, "Map", o.prices);
  o.prices = [...o.prices];
  if (!(o.tags instanceof Set)) fail(`${path}.tags`, "Set", o.tags);
  o.tags = [...o.tags];
  o.shape = canonModel(o.shape, ["Circle", "Square"], `${path}.shape`);
  return o;
}

/** Canonical form of the plain tree (what `JSON.parse` of the limit gives). */
function canonPlain(v: Record<string, unknown>): unknown {
  const shape = v.shape as { kind: string; radius?: number; side?: number };
  return {
    class: "Order",
    id: v.id,
    placed: v.placed,
    customer: v.customer,
    address: { class: "Address", ...(v.address as object) },
    lines: (v.lines as object[]).map((l) => ({ class: "LineItem", ...l })),
    prices: Object.entries(v.prices as object),
    tags: v.tags,
    shape: shape.kind === "Circle" ? { class: "Circle", radius: shape.radius } : { class: "Square", side: shape.side },
  };
}

/** Canonical form of a decoded list of orders (instances, or the plain tree). */
export function canonical(orders: unknown): string {
  if (!Array.isArray(orders)) fail("$", "array", orders);
  return JSON.stringify(
    orders.map((o, i) => (o?.constructor === Object ? canonPlain(o as Record<string, unknown>) : canonOrder(o, `[${i}]`))),
  );
}

/** Canonical form of the source data (what every contestant must reproduce). */
export function canonicalData(data: readonly OrderData[]): string {
  return JSON.stringify(
    data.map((o) => ({
      class: "Order",
      id: o.id,
      placed: o.placed,
      customer: o.customer,
      address: { class: "Address", ...o.address },
      lines: o.lines.map((l) => ({ class: "LineItem", ...l })),
      prices: o.prices,
      tags: o.tags,
      shape: o.shape.kind === "Circle" ? { class: "Circle", radius: o.shape.radius } : { class: "Square", side: o.shape.side },
    })),
  );
}
