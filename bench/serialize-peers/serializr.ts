/**
 * serializr: model schemas built with `createModelSchema` (no decorators).
 * Nested models with `object(...)`, lines with `list(object(...))`, the
 * Map with `map(primitive())`, the polymorphic shape with `subSchema`
 * (a `_type` discriminator). serializr has no Set type: the tags use
 * `custom(...)`. No validation on decode beyond what `custom` does.
 */
import { createModelSchema, custom, date, deserialize, list, map, object, primitive, serialize, subSchema } from "serializr";
import type { Peer } from "./contestant.js";
import { makeModels } from "./models.js";

const m = makeModels();
createModelSchema(m.Address, { street: primitive(), city: primitive(), zip: primitive(), country: primitive() });
createModelSchema(m.LineItem, { product: primitive(), quantity: primitive(), price: primitive() });
createModelSchema(m.Shape, {});
createModelSchema(m.Circle, { radius: primitive() });
createModelSchema(m.Square, { side: primitive() });
subSchema("Circle")(m.Circle);
subSchema("Square")(m.Square);
createModelSchema(m.Order, {
  id: primitive(),
  placed: date(),
  customer: primitive(),
  address: object(m.Address),
  lines: list(object(m.LineItem)),
  prices: map(primitive()),
  tags: custom(
    (v: Set<string>) => [...v],
    (j: string[]) => new Set(j),
  ),
  shape: object(m.Shape),
});

export const serializr: Peer = {
  name: "serializr",
  build: m.build,
  encode: (orders) => JSON.stringify(serialize(m.Order, orders)),
  decode: (text) => deserialize(m.Order, JSON.parse(text) as object[]) as unknown[],
  validates: false,
  notes: [
    "no Set type: tags need a `custom(...)` serializer",
    "polymorphism through `subSchema` (a `_type` discriminator) on a schema for the abstract base",
    "no validation on decode (only what `custom` / `beforeDeserialize` hooks do by hand)",
  ],
};
