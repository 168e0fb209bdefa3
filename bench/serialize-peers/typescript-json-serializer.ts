/**
 * typescript-json-serializer (6): `JsonObject()` / `JsonProperty(…)` applied
 * as functions after writing the `design:type` metadata that
 * `emitDecoratorMetadata` would emit (the library reads it to tell arrays,
 * Maps and Sets apart and to type-check primitives). It checks primitive
 * types on decode (reported through `errorCallback`, made to throw here) but
 * has no other validation. A Map or Set of primitives is not converted on
 * serialize (it would reach `JSON.stringify` as `{}`): `afterSerialize`
 * hooks do it. Polymorphism needs a predicate that guesses the class from
 * the data (there is no tag).
 */
import "reflect-metadata";
import { JsonObject, JsonProperty, JsonSerializer, throwError } from "typescript-json-serializer";
import type { Peer } from "./contestant.js";
import { makeModels } from "./models.js";

const m = makeModels();

function prop(target: Function, key: string, designType: Function, options: object = {}): void {
  Reflect.defineMetadata("design:type", designType, target.prototype, key);
  JsonProperty(options)(target.prototype, key);
}
for (const k of ["street", "city", "zip", "country"]) prop(m.Address, k, String);
prop(m.LineItem, "product", String);
prop(m.LineItem, "quantity", Number);
prop(m.LineItem, "price", Number);
prop(m.Circle, "radius", Number);
prop(m.Square, "side", Number);
prop(m.Order, "id", String);
prop(m.Order, "placed", Date, { type: Date });
prop(m.Order, "customer", String);
prop(m.Order, "address", m.Address, { type: m.Address });
prop(m.Order, "lines", Array, { type: m.LineItem });
prop(m.Order, "prices", Map, { afterSerialize: (v: Map<string, number>) => Object.fromEntries(v) });
prop(m.Order, "tags", Set, { afterSerialize: (v: Set<string>) => [...v] });
prop(m.Order, "shape", m.Shape, { type: (p: { radius?: unknown }) => ("radius" in p ? m.Circle : m.Square) });
for (const c of [m.Address, m.LineItem, m.Shape, m.Circle, m.Square, m.Order]) JsonObject()(c);

const serializer = new JsonSerializer({ errorCallback: throwError });

export const typescriptJsonSerializer: Peer = {
  name: "typescript-json-serializer",
  build: m.build,
  encode: (orders) => JSON.stringify(serializer.serializeObjectArray(orders as object[])),
  decode: (text) => serializer.deserializeObjectArray(JSON.parse(text) as object[], m.Order) as unknown[],
  validates: false,
  notes: [
    "primitive type checks only (no value rules such as positive); stops at the first error",
    "a Map or Set of primitives is left unconverted on serialize: `afterSerialize` hooks needed",
    "no polymorphism tag: a predicate must guess the subclass from the data",
    "metadata keyed by class name (`api:map:<name>`) and read from `design:type`: needs reflect-metadata",
  ],
};
