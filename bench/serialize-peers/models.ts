/**
 * Plain model classes (no decorators) shared by the peers that describe a
 * model from the outside: superjson (registered classes), serializr (model
 * schemas), class-transformer and typescript-json-serializer (their
 * decorators applied as functions, see each file). Each peer module calls
 * {@link makeModels} to get its own copy, so one library's registration never
 * helps another.
 */
import type { OrderData } from "./data.js";

export function makeModels() {
  class Address {
    street = "";
    city = "";
    zip = "";
    country = "";
  }
  class LineItem {
    product = "";
    quantity = 1;
    price = 1;
  }
  class Shape {}
  class Circle extends Shape {
    radius = 1;
  }
  class Square extends Shape {
    side = 1;
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
  }
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
  return { Address, LineItem, Shape, Circle, Square, Order, build };
}

export type Models = ReturnType<typeof makeModels>;
