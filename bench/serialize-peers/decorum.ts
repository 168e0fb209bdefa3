/**
 * decorum: the model as a user writes it (standard decorators; `accessor`
 * where a validator guards the field, plain fields elsewhere), registered
 * in an isolated registry. Encode is `serialize(orders)`, decode
 * `deserialize(text)`, which runs every validator and collects every issue.
 */
import { field, integer, model, positive, Registry } from "decorum";
import type { Peer } from "./contestant.js";
import type { OrderData, PlainOrder } from "./data.js";

/** The isolated registry of the benchmark's decorum model (the format-floor row stringifies its wire tree). */
export const registry = new Registry();

@model({ registry })
class Address {
  @field() street = "";
  @field() city = "";
  @field() zip = "";
  @field() country = "";
}

@model({ registry })
class LineItem {
  @field() product = "";
  @field() @positive @integer accessor quantity = 1;
  @field() @positive accessor price = 1;
}

/** The polymorphic base: not registered itself, the tag decides the subclass. */
abstract class Shape {}

@model({ registry })
class Circle extends Shape {
  @field() @positive accessor radius = 1;
}

@model({ registry })
class Square extends Shape {
  @field() @positive accessor side = 1;
}

@model({ registry })
class Order {
  @field() id = "";
  @field(Date) placed = new Date(0);
  @field() customer = "";
  @field(Address) address = new Address();
  @field([LineItem]) lines: LineItem[] = [];
  @field(Map) prices = new Map<string, number>();
  @field(Set) tags = new Set<string>();
  @field(Shape) shape: Shape = new Circle();
}

function build(data: readonly OrderData[]): Order[] {
  return data.map((d) => {
    const o = new Order();
    o.id = d.id;
    o.placed = new Date(d.placed);
    o.customer = d.customer;
    Object.assign(o.address, d.address);
    o.lines = d.lines.map((l) => {
      const li = new LineItem();
      li.product = l.product;
      li.quantity = l.quantity;
      li.price = l.price;
      return li;
    });
    o.prices = new Map(d.prices);
    o.tags = new Set(d.tags);
    if (d.shape.kind === "Circle") {
      const c = new Circle();
      c.radius = d.shape.radius;
      o.shape = c;
    } else {
      const s = new Square();
      s.side = d.shape.side;
      o.shape = s;
    }
    return o;
  });
}

export const decorum: Peer<Order> = {
  name: "decorum",
  build,
  encode: (orders) => registry.serialize(orders),
  decode: (text) => registry.deserialize<Order[]>(text),
  validates: true,
  notes: [],
};

/** Decorum's text of one order as `JSON.parse` gives it back (dates as text, the Map as an object, the Set as an array). */
interface WireOrder extends Omit<PlainOrder, "shape"> {
  shape: { $type: string; radius?: number; side?: number };
}

/**
 * Not a peer: the floor a decoder of this model stands on. `JSON.parse` of
 * decorum's own text, then decorum's classes built by hand from the parsed
 * tree (`new Order()` and every field assigned; the validators run in the
 * setters, so it rejects what decorum rejects). No decoder of these models
 * can do less than parse the text and construct the instances.
 */
export const decorumFloor: Peer<Order> = {
  name: "floor: JSON.parse + decorum classes built by hand",
  build,
  encode: (orders) => registry.serialize(orders),
  decode: (text) =>
    (JSON.parse(text) as WireOrder[]).map((w) => {
      const o = new Order();
      o.id = w.id;
      const placed = new Date(w.placed);
      if (Number.isNaN(placed.getTime())) throw new Error("placed: invalid date");
      o.placed = placed;
      o.customer = w.customer;
      const a = new Address();
      a.street = w.address.street;
      a.city = w.address.city;
      a.zip = w.address.zip;
      a.country = w.address.country;
      o.address = a;
      o.lines = w.lines.map((l) => {
        const li = new LineItem();
        li.product = l.product;
        li.quantity = l.quantity;
        li.price = l.price;
        return li;
      });
      o.prices = new Map(Object.entries(w.prices));
      o.tags = new Set(w.tags);
      if (w.shape.$type === "Circle") {
        const c = new Circle();
        c.radius = w.shape.radius as number;
        o.shape = c;
      } else {
        const s = new Square();
        s.side = w.shape.side as number;
        o.shape = s;
      }
      return o;
    }),
  validates: true,
  notes: ["decorum's classes built by hand after JSON.parse of decorum's text: the setters validate; dates with new Date(text)"],
};
