/**
 * decorum: the benchmark's Order model as a user writes it for plain JSON
 * bodies (standard decorators; `accessor` where a validator guards the
 * field), in an isolated registry. The polymorphic `shape` is read by its
 * `"kind"` discriminator, declared on the base model. Decode is
 * `fromPlain(JSON.parse(body), Order)`: typed plain input, every field's
 * type checked and every validator run, every issue collected.
 */
import { field, integer, model, positive, Registry } from "decorum";

export const registry = new Registry();

@model({ registry, name: "pd.Address" })
class Address {
  @field(String) street = "";
  @field(String) city = "";
  @field(String) zip = "";
  @field(String) country = "";
}

@model({ registry, name: "pd.LineItem" })
class LineItem {
  @field(String) product = "";
  @field(Number) @positive @integer accessor quantity = 1;
  @field(Number) @positive accessor price = 1;
}

@model({ registry, name: "pd.Shape", discriminator: "kind" })
class Shape {}

@model({ registry, name: "pd.Circle", discriminatorValue: "Circle" })
class Circle extends Shape {
  @field(Number) @positive accessor radius = 1;
}

@model({ registry, name: "pd.Square", discriminatorValue: "Square" })
class Square extends Shape {
  @field(Number) @positive accessor side = 1;
}

@model({ registry, name: "pd.Order" })
export class Order {
  @field(String) id = "";
  @field(Date) placed = new Date(0);
  @field(String) customer = "";
  @field(Address) address = new Address();
  @field([LineItem]) lines: LineItem[] = [];
  @field(Map) prices = new Map<string, number>();
  @field(Set) tags = new Set<string>();
  @field(Shape) shape: Shape = new Circle();
}

void Square;

/** decorum's tagged wire text of the same orders (the reference row: typed input's tagging pass skipped). */
export function decorumTagged(bodies: readonly string[]): string[] {
  return bodies.map((b) => registry.serialize(decorumDecode(b)));
}

/** Tagged wire text → a validated `Order`. */
export function decorumTaggedDecode(text: string): Order {
  return registry.deserialize(text, Order);
}

/** One request body (JSON text) → a validated `Order`. */
export function decorumDecode(body: string): Order {
  return registry.fromPlain(JSON.parse(body), Order);
}
