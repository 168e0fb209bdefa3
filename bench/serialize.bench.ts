/**
 * First serialization benchmark (issue 3; issue 9 extends it): a small
 * model graph — an Order with 10 LineItems, a Date and a string list —
 * encoded to JSON text and decoded back, 100 orders per call.
 *
 * - encode: decorum `serialize` (compiled codecs) and the interpreter
 *   (`new Registry({ compile: false })`) vs `JSON.stringify` of the
 *   equivalent plain tree (the physical limit) vs class-transformer
 *   (`instanceToPlain` + `JSON.stringify`).
 * - decode: decorum `deserialize` (instances, types checked) vs
 *   `JSON.parse` of the plain tree (no instances: the limit) vs
 *   class-transformer (`JSON.parse` + `plainToInstance`).
 *
 * Checksums: the sum of all prices and the number of lines, recomputed
 * from each contestant's output (decoded with decorum for encoders).
 */
import "reflect-metadata";
import { instanceToPlain, plainToInstance, Type } from "class-transformer";
import { deserialize, field, model, Registry, serialize } from "decorum";
import { compare, note, save } from "./lib.js";

const ORDERS = 100;

@model("bench.LineItem")
class LineItem {
  @field(String) sku = "";
  @field(Number) price = 0;
  @field(Number) qty = 1;
}

@model("bench.Order")
class Order {
  @field(String) id = "";
  @field(Date) placed = new Date(0);
  @field([LineItem]) lines: LineItem[] = [];
  @field([String]) tags: string[] = [];
}

// The same shapes for class-transformer (decorators applied as functions:
// class-transformer only ships legacy decorators).
class CtLine {
  sku = "";
  price = 0;
  qty = 1;
}
class CtOrder {
  id = "";
  placed = new Date(0);
  lines: CtLine[] = [];
  tags: string[] = [];
}
Type(() => CtLine)(CtOrder.prototype, "lines");
Type(() => Date)(CtOrder.prototype, "placed");

const interpreter = new Registry({ compile: false });
interpreter.register("bench.LineItem", LineItem);
interpreter.register("bench.Order", Order);

function makeOrders(): Order[] {
  const out: Order[] = [];
  for (let i = 0; i < ORDERS; i++) {
    const o = new Order();
    o.id = `order-${i}`;
    o.placed = new Date(Date.UTC(2024, 0, 1 + (i % 28)));
    o.tags = ["gift", `batch-${i % 7}`];
    for (let j = 0; j < 10; j++) {
      const l = new LineItem();
      l.sku = `sku-${i}-${j}`;
      l.price = (i * 10 + j) / 4;
      l.qty = 1 + (j % 3);
      o.lines.push(l);
    }
    out.push(o);
  }
  return out;
}

const orders = makeOrders();
const plainTree = orders.map((o) => ({
  id: o.id,
  placed: o.placed.toISOString(),
  lines: o.lines.map((l) => ({ sku: l.sku, price: l.price, qty: l.qty })),
  tags: [...o.tags],
}));
const ctOrders = plainToInstance(CtOrder, plainTree as unknown as Record<string, unknown>[]);

type Lines = { lines: Array<{ price: number }> }[];
const checksum = (list: Lines) => {
  let sum = 0;
  let n = 0;
  for (const o of list) {
    for (const l of o.lines) {
      sum += l.price;
      n++;
    }
  }
  return [Math.round(sum * 100), n];
};

const decorumText = serialize(orders);
const plainText = JSON.stringify(plainTree);
const ctText = JSON.stringify(instanceToPlain(ctOrders));

await compare(
  `encode ${ORDERS} orders (10 lines each) to JSON text`,
  {
    "JSON.stringify (plain tree)": () => checksum(JSON.parse(JSON.stringify(plainTree)) as Lines),
    "decorum serialize (compiled)": () => checksum(deserialize<Lines>(serialize(orders))),
    "decorum serialize (interpreter)": () => checksum(deserialize<Lines>(interpreter.serialize(orders))),
    "class-transformer": () => checksum(JSON.parse(JSON.stringify(instanceToPlain(ctOrders))) as Lines),
  },
  { unitsPerCall: ORDERS, unit: "order" },
);

// Timed encoders without the checksum decode (the checksum above proved them right).
const enc = await compare(
  `encode only: ${ORDERS} orders`,
  {
    "JSON.stringify (plain tree)": () => JSON.stringify(plainTree) === plainText,
    "decorum serialize (compiled)": () => serialize(orders) === decorumText,
    "decorum serialize (interpreter)": () => interpreter.serialize(orders) === decorumText,
    "class-transformer": () => JSON.stringify(instanceToPlain(ctOrders)) === ctText,
  },
  { unitsPerCall: ORDERS, unit: "order" },
);

const dec = await compare(
  `decode only: ${ORDERS} orders from JSON text`,
  {
    "JSON.parse (plain tree, no instances)": () => checksum(JSON.parse(plainText) as Lines),
    "decorum deserialize (compiled)": () => checksum(deserialize<Lines>(decorumText)),
    "decorum deserialize (interpreter)": () => checksum(interpreter.deserialize<Lines>(decorumText)),
    "class-transformer": () => checksum(plainToInstance(CtOrder, JSON.parse(ctText) as Record<string, unknown>[]) as unknown as Lines),
  },
  { unitsPerCall: ORDERS, unit: "order" },
);

const ratio = (rows: typeof enc.rows, name: string) => rows.find((r) => r.name === name)?.timeRatio ?? Number.NaN;
note("serialize: ratios (time relative to the limit; > 1 is slower)", {
  "decorum encode / JSON.stringify": ratio(enc.rows, "decorum serialize (compiled)"),
  "decorum interpreter encode / JSON.stringify": ratio(enc.rows, "decorum serialize (interpreter)"),
  "decorum decode / JSON.parse": ratio(dec.rows, "decorum deserialize (compiled)"),
  "decorum interpreter decode / JSON.parse": ratio(dec.rows, "decorum deserialize (interpreter)"),
  "class-transformer encode time / decorum encode time":
    ratio(enc.rows, "class-transformer") / ratio(enc.rows, "decorum serialize (compiled)"),
  "class-transformer decode time / decorum decode time":
    ratio(dec.rows, "class-transformer") / ratio(dec.rows, "decorum deserialize (compiled)"),
});
save("serialize");
