import { descriptor, integer, oneOf, positive, range, readonly, ValidationError, validated } from "decorum";
import { heading } from "./heading.js";

const Quantity = descriptor<number>({ name: "Quantity", validate: (v) => v > 0 || "must be positive" });

@validated
class LineItem {
  @readonly accessor sku = "";
  @Quantity accessor weight = 1;
  @Quantity accessor price = 1;
  @positive @integer accessor units = 1;
  @oneOf("kg", "lb") accessor unit = "kg";
  @range(0, 0.5) accessor discount = 0;

  constructor(sku = "", weight = 1, price = 1) {
    this.sku = sku;
    this.weight = weight;
    this.price = price;
  }
}

function attempt(label: string, fn: () => void): void {
  try {
    fn();
    console.log(`  ${label.padEnd(28)} ok`);
  } catch (error) {
    if (!(error instanceof ValidationError)) throw error;
    console.log(`  ${label.padEnd(28)} ${error.message}`);
  }
}

/** Descriptors: validated, reusable, per-instance properties. */
export function descriptorsTour(): void {
  heading("2. Descriptors: validated, reusable, per-instance properties");
  const a = new LineItem("A-1", 10, 6.95);
  const b = new LineItem("B-2", 2, 14.5);
  console.log(`Two line items keep their own values: a.weight = ${a.weight}, b.weight = ${b.weight}`);
  attempt("a.weight = -1", () => {
    a.weight = -1;
  });
  console.log(`  (a.weight is still ${a.weight})`);
  attempt("a.units = 2.5", () => {
    a.units = 2.5;
  });
  attempt("a.unit = 'stone'", () => {
    a.unit = "stone";
  });
  attempt("a.discount = 0.25", () => {
    a.discount = 0.25;
  });
  attempt("a.sku = 'A-2'", () => {
    a.sku = "A-2";
  });
  attempt("new LineItem('C-3', 0, 1)", () => {
    new LineItem("C-3", 0, 1);
  });
}
