/**
 * zod v4 on the same model and rules. zod parses into plain objects: the
 * first contestant is that (`OrderSchema.parse(JSON.parse(body))`, with the
 * ISO date, the price object and the tag list turned into a `Date`, a `Map`
 * and a `Set` by `.transform`, as the other contestants produce them). Two
 * more build class instances as well, the ways a zod user gets them: a
 * `.transform` on each object schema calling the class's constructor with
 * the parsed object (`Order`, `Address`, `LineItem`, `Circle`, `Square`),
 * or the plain schema followed by the same constructors called by hand.
 */
import { z } from "zod";

const address = { street: z.string(), city: z.string(), zip: z.string(), country: z.string() };
const lineItem = { product: z.string(), quantity: z.number().int().positive(), price: z.number().positive() };
const circle = { kind: z.literal("Circle"), radius: z.number().positive() };
const square = { kind: z.literal("Square"), side: z.number().positive() };
const order = {
  id: z.string(),
  placed: z.iso.datetime().transform((s) => new Date(s)),
  customer: z.string(),
  prices: z.record(z.string(), z.number()).transform((r) => new Map(Object.entries(r))),
  tags: z.array(z.string()).transform((a) => new Set(a)),
};

/** The plain-object schema. */
const PlainOrder = z.object({
  ...order,
  address: z.object(address),
  lines: z.array(z.object(lineItem)),
  shape: z.discriminatedUnion("kind", [z.object(circle), z.object(square)]),
});

/** One request body (JSON text) → a validated plain object (with Date, Map, Set). */
export function zodPlainDecode(body: string): z.output<typeof PlainOrder> {
  return PlainOrder.parse(JSON.parse(body));
}

class Address {
  street: string;
  city: string;
  zip: string;
  country: string;
  constructor(v: { street: string; city: string; zip: string; country: string }) {
    this.street = v.street;
    this.city = v.city;
    this.zip = v.zip;
    this.country = v.country;
  }
}
class LineItem {
  product: string;
  quantity: number;
  price: number;
  constructor(v: { product: string; quantity: number; price: number }) {
    this.product = v.product;
    this.quantity = v.quantity;
    this.price = v.price;
  }
}
abstract class Shape {}
class Circle extends Shape {
  radius: number;
  constructor(v: { radius: number }) {
    super();
    this.radius = v.radius;
  }
}
class Square extends Shape {
  side: number;
  constructor(v: { side: number }) {
    super();
    this.side = v.side;
  }
}
class Order {
  id: string;
  placed: Date;
  customer: string;
  address: Address;
  lines: LineItem[];
  prices: Map<string, number>;
  tags: Set<string>;
  shape: Shape;
  constructor(v: Omit<Order, never>) {
    this.id = v.id;
    this.placed = v.placed;
    this.customer = v.customer;
    this.address = v.address;
    this.lines = v.lines;
    this.prices = v.prices;
    this.tags = v.tags;
    this.shape = v.shape;
  }
}

/** The same schema with a constructor call per object (class instances out). */
const ClassOrder = z
  .object({
    ...order,
    address: z.object(address).transform((v) => new Address(v)),
    lines: z.array(z.object(lineItem).transform((v) => new LineItem(v))),
    shape: z.discriminatedUnion("kind", [
      z.object(circle).transform((v): Shape => new Circle(v)),
      z.object(square).transform((v): Shape => new Square(v)),
    ]),
  })
  .transform((v) => new Order(v));

/** One request body (JSON text) → a validated `Order` instance: the plain schema, then the constructors called by hand. */
export function zodThenConstruct(body: string): Order {
  const o = PlainOrder.parse(JSON.parse(body));
  return new Order({
    ...o,
    address: new Address(o.address),
    lines: o.lines.map((l) => new LineItem(l)),
    shape: o.shape.kind === "Circle" ? new Circle(o.shape) : new Square(o.shape),
  });
}

/** One request body (JSON text) → a validated `Order` instance. */
export function zodClassDecode(body: string): Order {
  return ClassOrder.parse(JSON.parse(body));
}
