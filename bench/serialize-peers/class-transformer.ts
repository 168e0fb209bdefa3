/**
 * class-transformer (0.5): the model classes are plain classes and the
 * decorators are applied as functions, exactly as the legacy-decorator
 * emit would (`Reflect.defineMetadata("design:type", …)` for what
 * `emitDecoratorMetadata` writes, then `Type(…)(prototype, key)`), so the
 * benchmark compiles with the project's standard decorators. Encode is
 * `instanceToPlain` + `JSON.stringify`, decode `JSON.parse` +
 * `plainToInstance`. class-transformer does not validate (that is
 * class-validator's job, a separate pass not installed here).
 */
import "reflect-metadata";
import { instanceToPlain, plainToInstance, Type } from "class-transformer";
import type { Peer } from "./contestant.js";
import { makeModels } from "./models.js";

const m = makeModels();

function prop(target: Function, key: string, designType: Function, type?: () => Function, options?: object): void {
  Reflect.defineMetadata("design:type", designType, target.prototype, key);
  if (type) Type(type, options)(target.prototype, key);
}
prop(m.Order, "placed", Date, () => Date);
prop(m.Order, "address", m.Address, () => m.Address);
prop(m.Order, "lines", Array, () => m.LineItem);
prop(m.Order, "prices", Map, () => Number);
prop(m.Order, "tags", Set, () => String);
prop(m.Order, "shape", m.Shape, () => m.Shape, {
  discriminator: {
    property: "kind",
    subTypes: [
      { name: "Circle", value: m.Circle },
      { name: "Square", value: m.Square },
    ],
  },
  keepDiscriminatorProperty: false,
});

export const classTransformer: Peer = {
  name: "class-transformer",
  build: m.build,
  encode: (orders) => JSON.stringify(instanceToPlain(orders)),
  decode: (text) => plainToInstance(m.Order, JSON.parse(text) as object[]),
  validates: false,
  notes: [
    "no validation (class-validator is a separate pass over the built instances)",
    "polymorphism through a discriminator whose tag `instanceToPlain` writes onto the source instance (it mutates it)",
    "Map / Set need `design:type` metadata (emitDecoratorMetadata + reflect-metadata) besides `@Type`",
    "accessor / getter-backed fields need `@Expose` (only own enumerable keys are written otherwise)",
  ],
};
