/**
 * class-transformer + class-validator, as a NestJS `ValidationPipe` runs
 * them: `plainToInstance(Order, JSON.parse(body))`, then
 * `validateSync(order)` with the same rules as the decorum model (strings,
 * quantity a positive integer, price / radius / side positive, Map values
 * numbers, Set elements strings, nested objects validated). Both libraries
 * ship legacy decorators only: they are applied as functions here, with the
 * `design:type` metadata `emitDecoratorMetadata` would write, so this file
 * compiles with the project's standard decorators.
 */
import "reflect-metadata";
import { plainToInstance, Type } from "class-transformer";
import { IsDate, IsInt, IsNumber, IsPositive, IsString, ValidateNested, validateSync } from "class-validator";
import { makeModels } from "../serialize-peers/models.js";

// The same plain classes as the serialize-peers contestants, a fresh copy so only these decorators apply.
const { Address, LineItem, Shape, Circle, Square, Order } = makeModels();
type Order = InstanceType<typeof Order>;

type Decorator = (target: object, key: string) => void;
function prop(target: Function, key: string, designType: Function, ...decorators: Decorator[]): void {
  Reflect.defineMetadata("design:type", designType, target.prototype, key);
  for (const d of decorators) d(target.prototype, key);
}
for (const k of ["street", "city", "zip", "country"]) prop(Address, k, String, IsString());
prop(LineItem, "product", String, IsString());
prop(LineItem, "quantity", Number, IsInt(), IsPositive());
prop(LineItem, "price", Number, IsNumber(), IsPositive());
prop(Circle, "radius", Number, IsNumber(), IsPositive());
prop(Square, "side", Number, IsNumber(), IsPositive());
prop(Order, "id", String, IsString());
prop(
  Order,
  "placed",
  Date,
  Type(() => Date),
  IsDate(),
);
prop(Order, "customer", String, IsString());
prop(
  Order,
  "address",
  Address,
  Type(() => Address),
  ValidateNested(),
);
prop(
  Order,
  "lines",
  Array,
  Type(() => LineItem),
  ValidateNested({ each: true }),
);
prop(
  Order,
  "prices",
  Map,
  Type(() => Number),
  IsNumber({}, { each: true }),
);
prop(
  Order,
  "tags",
  Set,
  Type(() => String),
  IsString({ each: true }),
);
prop(
  Order,
  "shape",
  Shape,
  Type(() => Shape, {
    discriminator: {
      property: "kind",
      subTypes: [
        { name: "Circle", value: Circle },
        { name: "Square", value: Square },
      ],
    },
    keepDiscriminatorProperty: false,
  }),
  ValidateNested(),
);

/** One request body (JSON text) → a validated `Order`; throws when class-validator reports errors. */
export function classTransformerDecode(body: string): Order {
  const order = plainToInstance(Order, JSON.parse(body) as object);
  const errors = validateSync(order);
  if (errors.length > 0) throw new Error(`class-validator: ${errors.map((e) => e.toString()).join("; ")}`);
  return order;
}
