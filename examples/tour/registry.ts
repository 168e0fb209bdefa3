import { DeserializeError, deserialize, field, fromPlain, model, SerializeError, serialize, toPlain, transient } from "decorum";
import { heading } from "./heading.js";

@model({ name: "tour.LineItem" })
export class LineItem {
  @field(String) accessor sku = "";
  @field(Number) accessor price = 0;
  constructor(sku = "", price = 0) {
    this.sku = sku;
    this.price = price;
  }
}

@model({
  name: "tour.Order",
  version: 2,
  // version 1 called the list "items"
  migrate: { 1: ({ items, ...rest }) => ({ ...rest, lines: items }) },
})
export class Order {
  @field(String) accessor id = "";
  @field(Date) accessor placed = new Date(0);
  @field([LineItem]) accessor lines: LineItem[] = [];
  @field(Set) tags = new Set<string>();
  @transient cache = new Map<string, number>();
}

/** The registry: @model / @field, one generic deserialize, built-ins, versions, errors. */
export function registryTour(): void {
  heading("3. Registry and serialization: @model, @field, serialize / deserialize");
  const order = new Order();
  order.id = "A-1";
  order.placed = new Date(Date.UTC(2024, 0, 2));
  order.lines = [new LineItem("tea", 4.5), new LineItem("cup", 12)];
  order.tags = new Set(["gift"]);
  const json = serialize(order);
  console.log(`serialize(order):\n  ${json}`);
  const back = deserialize(json, Order);
  console.log(
    `deserialize(json, Order): a real Order (${back instanceof Order}), placed is a Date (${back.placed instanceof Date}), lines[1] is a LineItem (${back.lines[1] instanceof LineItem}), tags is a Set (${back.tags instanceof Set})`,
  );

  // Plain JSON, as an HTTP API sends and receives it: no tags, the class decides.
  console.log(`toPlain(order, { tags: false }):\n  ${JSON.stringify(toPlain(order, { tags: false }))}`);
  const body = { id: "B-2", placed: "2024-03-04T05:06:07Z", lines: [{ sku: "pot", price: 20 }], tags: ["new"] };
  const typed = fromPlain(body, Order);
  console.log(
    `fromPlain(requestBody, Order): an Order (${typed instanceof Order}), placed a Date (${typed.placed instanceof Date}), lines[0] a LineItem (${typed.lines[0] instanceof LineItem})`,
  );

  const v1 =
    '{"$type":"tour.Order","id":"old","placed":{"$type":"Date","value":"2020-05-01T00:00:00.000Z"},"items":[],"tags":{"$type":"Set","value":[]}}';
  console.log(`a version-1 document is migrated on load: lines = ${JSON.stringify(deserialize(v1, Order).lines)}`);

  const shared = { n: 1 };
  const graph = { a: shared, b: shared };
  const kept = deserialize<typeof graph>(serialize(graph, { references: true }));
  console.log(`{ references: true } keeps shared objects shared: ${kept.a === kept.b}`);

  const bad =
    '{"$type":"tour.Order","$version":2,"id":7,"placed":{"$type":"Date","value":"soon"},"lines":[{"$type":"tour.LineItem","sku":"x"},{"$type":"os.Shell"}],"tags":{"$type":"Set","value":[]}}';
  try {
    deserialize(bad, Order);
  } catch (error) {
    if (!(error instanceof DeserializeError)) throw error;
    console.log(`every problem of a bad document, at once:\n  ${error.message.replaceAll("\n", "\n  ")}`);
  }
  try {
    serialize({ handler: { onClick() {} } });
  } catch (error) {
    if (!(error instanceof SerializeError)) throw error;
    console.log(`what cannot be data is refused by path:\n  ${error.message}`);
  }
}
