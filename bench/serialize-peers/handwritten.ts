/**
 * The hand-written limit: classes with `toJSON` / `fromJSON` written by hand,
 * with the same validation as the decorum model (types checked, quantity a
 * positive integer, price / radius / side positive; every problem collected
 * with its path, thrown once).
 */
import type { Peer } from "./contestant.js";
import type { OrderData } from "./data.js";

type Issues = string[];

function str(v: unknown, path: string, issues: Issues): string {
  if (typeof v !== "string") issues.push(`${path}: expected string`);
  return v as string;
}
function positiveNumber(v: unknown, path: string, issues: Issues): number {
  if (typeof v !== "number") issues.push(`${path}: expected number`);
  else if (!(v > 0)) issues.push(`${path}: must be positive`);
  return v as number;
}
function obj(v: unknown, path: string, issues: Issues): Record<string, unknown> {
  if (v === null || typeof v !== "object" || Array.isArray(v)) {
    issues.push(`${path}: expected object`);
    return {};
  }
  return v as Record<string, unknown>;
}

class Address {
  street = "";
  city = "";
  zip = "";
  country = "";
  toJSON(): unknown {
    return { street: this.street, city: this.city, zip: this.zip, country: this.country };
  }
  static fromJSON(j: unknown, path: string, issues: Issues): Address {
    const o = obj(j, path, issues);
    const a = new Address();
    a.street = str(o.street, `${path}.street`, issues);
    a.city = str(o.city, `${path}.city`, issues);
    a.zip = str(o.zip, `${path}.zip`, issues);
    a.country = str(o.country, `${path}.country`, issues);
    return a;
  }
}

class LineItem {
  product = "";
  quantity = 1;
  price = 1;
  toJSON(): unknown {
    return { product: this.product, quantity: this.quantity, price: this.price };
  }
  static fromJSON(j: unknown, path: string, issues: Issues): LineItem {
    const o = obj(j, path, issues);
    const l = new LineItem();
    l.product = str(o.product, `${path}.product`, issues);
    const q = o.quantity;
    if (typeof q !== "number" || !Number.isInteger(q)) issues.push(`${path}.quantity: expected integer`);
    else if (!(q > 0)) issues.push(`${path}.quantity: must be positive`);
    l.quantity = q as number;
    l.price = positiveNumber(o.price, `${path}.price`, issues);
    return l;
  }
}

abstract class Shape {
  abstract toJSON(): unknown;
  static fromJSON(j: unknown, path: string, issues: Issues): Shape {
    const o = obj(j, path, issues);
    if (o.kind === "Circle") {
      const c = new Circle();
      c.radius = positiveNumber(o.radius, `${path}.radius`, issues);
      return c;
    }
    if (o.kind === "Square") {
      const s = new Square();
      s.side = positiveNumber(o.side, `${path}.side`, issues);
      return s;
    }
    issues.push(`${path}.kind: unknown shape`);
    return new Circle();
  }
}
class Circle extends Shape {
  radius = 1;
  toJSON(): unknown {
    return { kind: "Circle", radius: this.radius };
  }
}
class Square extends Shape {
  side = 1;
  toJSON(): unknown {
    return { kind: "Square", side: this.side };
  }
}

class Order {
  id = "";
  placed = new Date(0);
  customer = "";
  address = new Address();
  lines: LineItem[] = [];
  prices = new Map<string, number>();
  tags = new Set<string>();
  shape: Shape = new Circle();
  toJSON(): unknown {
    const prices: Record<string, number> = {};
    for (const [k, v] of this.prices) prices[k] = v;
    return {
      id: this.id,
      placed: this.placed.toISOString(),
      customer: this.customer,
      address: this.address,
      lines: this.lines,
      prices,
      tags: [...this.tags],
      shape: this.shape,
    };
  }
  static fromJSON(j: unknown, path: string, issues: Issues): Order {
    const o = obj(j, path, issues);
    const r = new Order();
    r.id = str(o.id, `${path}.id`, issues);
    const placed = typeof o.placed === "string" ? new Date(o.placed) : undefined;
    if (placed === undefined || Number.isNaN(placed.getTime())) issues.push(`${path}.placed: expected ISO date`);
    else r.placed = placed;
    r.customer = str(o.customer, `${path}.customer`, issues);
    r.address = Address.fromJSON(o.address, `${path}.address`, issues);
    const lines = o.lines;
    if (!Array.isArray(lines)) issues.push(`${path}.lines: expected array`);
    else {
      const out: LineItem[] = new Array(lines.length);
      for (let i = 0; i < lines.length; i++) out[i] = LineItem.fromJSON(lines[i], `${path}.lines[${i}]`, issues);
      r.lines = out;
    }
    const prices = obj(o.prices, `${path}.prices`, issues);
    for (const k of Object.keys(prices)) {
      const v = prices[k];
      if (typeof v !== "number") issues.push(`${path}.prices.${k}: expected number`);
      r.prices.set(k, v as number);
    }
    const tags = o.tags;
    if (!Array.isArray(tags)) issues.push(`${path}.tags: expected array`);
    else for (const t of tags) r.tags.add(str(t, `${path}.tags[]`, issues));
    r.shape = Shape.fromJSON(o.shape, `${path}.shape`, issues);
    return r;
  }
}

/** Builds the hand-written instances. */
function build(data: readonly OrderData[]): Order[] {
  return data.map((d) => {
    const o = new Order();
    o.id = d.id;
    o.placed = new Date(d.placed);
    o.customer = d.customer;
    Object.assign(o.address, d.address);
    o.lines = d.lines.map((l) => Object.assign(new LineItem(), l));
    o.prices = new Map(d.prices);
    o.tags = new Set(d.tags);
    o.shape =
      d.shape.kind === "Circle"
        ? Object.assign(new Circle(), { radius: d.shape.radius })
        : Object.assign(new Square(), { side: d.shape.side });
    return o;
  });
}

export const handwritten: Peer<Order> = {
  name: "hand-written toJSON/fromJSON",
  build,
  encode: (orders) => JSON.stringify(orders),
  decode(text) {
    const j = JSON.parse(text) as unknown;
    const issues: Issues = [];
    if (!Array.isArray(j)) throw new Error("expected an array of orders");
    const out: Order[] = new Array(j.length);
    for (let i = 0; i < j.length; i++) out[i] = Order.fromJSON(j[i], `[${i}]`, issues);
    if (issues.length > 0) throw new Error(issues.join("\n"));
    return out;
  },
  validates: true,
  notes: [],
};
