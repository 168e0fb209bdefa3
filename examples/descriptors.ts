/**
 * The Python recipes' `Quantity` descriptor, done right: one reusable validated
 * property used for two fields of `LineItem`, with values stored per
 * instance (the recipe stored the value on the shared descriptor, so every
 * line item had the same weight).
 *
 * Run: node scripts/build.mjs && npx tsc -p examples/tsconfig.json && node build/examples/standard/descriptors.js
 */
import assert from "node:assert/strict";
import { descriptor, descriptorMembers, length, readonly, ValidationError, validated } from "decorum";

const Quantity = descriptor<number>({ name: "Quantity", validate: (v) => v > 0 || "must be positive" });

@validated
class LineItem {
  @readonly accessor sku: string;
  @length(1, 40) accessor description: string;
  @Quantity accessor weight: number;
  @Quantity accessor price: number;

  constructor(sku: string, description: string, weight: number, price: number) {
    this.sku = sku;
    this.description = description;
    this.weight = weight;
    this.price = price;
  }

  subtotal(): number {
    return this.weight * this.price;
  }
}

const raisins = new LineItem("R-1", "Golden raisins", 10, 6.95);
const nuts = new LineItem("N-7", "Pecans", 2, 14.5);
console.log(`${raisins.description}: ${raisins.weight} x ${raisins.price} = ${raisins.subtotal().toFixed(2)}`);
console.log(`${nuts.description}: ${nuts.weight} x ${nuts.price} = ${nuts.subtotal().toFixed(2)}`);
// Per-instance storage: changing one line item never changes another.
nuts.weight = 3;
assert.equal(raisins.weight, 10);
assert.equal(nuts.weight, 3);

/** Runs `fn`, prints the validation error it throws, and returns it. */
function rejected(what: string, fn: () => void): ValidationError {
  try {
    fn();
  } catch (error) {
    if (!(error instanceof ValidationError)) throw error;
    console.log(`${what}\n  ${error.name} [${error.code}]: ${error.message}`);
    return error;
  }
  throw new Error(`${what}: expected a ValidationError`);
}

const weightError = rejected("Setting a negative weight:", () => {
  raisins.weight = -20;
});
assert.deepEqual(weightError.issues, [{ path: ["weight"], code: "Quantity", message: "must be positive", received: -20 }]);
assert.equal(raisins.weight, 10, "a rejected write keeps the old value");
console.log(`  raisins.weight is still ${raisins.weight}`);

rejected("Constructing a line item with a zero price:", () => new LineItem("X-0", "Free lunch", 1, 0));
rejected("Changing a readonly SKU after construction:", () => {
  raisins.sku = "R-2";
});
rejected("An empty description:", () => {
  nuts.description = "";
});

const rules = [...descriptorMembers(LineItem)].map(([name, info]) => `${String(name)}: ${info.rules.map((r) => r.name).join(" + ")}`);
console.log(`Validated members of LineItem: ${rules.join("; ")}`);
assert.equal(rules.length, 4);
