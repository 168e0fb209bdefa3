/**
 * Cost of a validated write. Each contestant writes 1000 positive values to
 * one member of 16 instances in turn, then sums the members (the checksum).
 *
 * - plain field / plain accessor: no validation, the floors;
 * - @positive accessor: the compiler's `accessor` storage wrapped by one
 *   `positive` check (target: at most 3× the plain accessor write);
 * - Quantity: a custom `descriptor({ validate })`, same shape;
 * - stacked: `@positive @integer @range(…)` on one accessor;
 * - applyDescriptor on a constructor-assigned field: the prototype accessor
 *   with a per-instance symbol slot in the instance's private state (what
 *   legacy plain fields use);
 * - applyDescriptor on an `accessor`: the wrapped get/set pair whose initial
 *   value bypassed the setter, checked once per instance (what a legacy
 *   `accessor` field uses).
 */
import { applyDescriptor, descriptor, integer, positive, range } from "decorum";
import { compare, note, save } from "./lib.js";

const WRITES = 1000;

class PlainField {
  value = 1;
}
class PlainAccessor {
  accessor value = 1;
}
/** The floor: the check written by hand in the setter. */
class HandWritten {
  #value = 1;
  get value() {
    return this.#value;
  }
  set value(v: number) {
    if (!(v > 0)) throw new RangeError("must be positive");
    this.#value = v;
  }
}
class Positive {
  @positive accessor value = 1;
}
const Quantity = descriptor<number>({ validate: (v) => v > 0 || "must be positive" });
class Custom {
  @Quantity accessor value = 1;
}
class Stacked {
  @positive @integer @range(1, 1e9) accessor value = 1;
}
class Slot {
  declare value: number;
  constructor() {
    this.value = 1;
  }
}
applyDescriptor(Slot, "value", positive);
class LegacyPair {
  accessor value = 1;
}
applyDescriptor(LegacyPair, "value", positive);

type Holder = { value: number };

/**
 * Writes round-robin into 16 instances (so no write is a dead store), then
 * sums them back. Each contestant gets its own copy of the loop (built by
 * `new Function` from one fixed source, tagged so copies stay distinct) so its store site stays monomorphic
 * and no contestant pays for another's shapes.
 */
let copies = 0;
function writer(make: () => Holder): () => number {
  const objs = Array.from({ length: 16 }, make);
  const loop = new Function(
    "objs",
    "WRITES",
    // The comment makes each copy distinct, so V8's compilation cache cannot merge them.
    `/* copy ${++copies} */ return function run() {
      for (let i = 1; i <= WRITES; i++) objs[i & 15].value = i;
      let sum = 0;
      for (let k = 0; k < 16; k++) sum += objs[k].value;
      return sum;
    };`,
  ) as (objs: Holder[], writes: number) => () => number;
  return loop(objs, WRITES);
}

const result = await compare(
  "descriptors: 1000 writes of a positive integer",
  {
    "plain field": writer(() => new PlainField()),
    "plain accessor": writer(() => new PlainAccessor()),
    "hand-written checked setter": writer(() => new HandWritten()),
    "@positive accessor": writer(() => new Positive()),
    "Quantity descriptor accessor": writer(() => new Custom()),
    "@positive @integer @range accessor": writer(() => new Stacked()),
    "applyDescriptor field (symbol slot)": writer(() => new Slot()),
    "applyDescriptor accessor (legacy pair)": writer(() => new LegacyPair()),
  },
  { unitsPerCall: WRITES, unit: "write", baseline: "plain accessor" },
);

const ns = (name: string) => result.rows.find((r) => r.name === name)?.nsPerUnit ?? Number.NaN;
const ratio = ns("@positive accessor") / ns("plain accessor");
note("descriptors: validated write overhead", {
  "@positive accessor / plain accessor (target ≤ 3)": ratio,
  "@positive accessor / plain field": ns("@positive accessor") / ns("plain field"),
  "@positive accessor / hand-written checked setter": ns("@positive accessor") / ns("hand-written checked setter"),
  "Quantity / plain accessor": ns("Quantity descriptor accessor") / ns("plain accessor"),
  "stacked (3 rules) / plain accessor": ns("@positive @integer @range accessor") / ns("plain accessor"),
  "applyDescriptor slot / plain field": ns("applyDescriptor field (symbol slot)") / ns("plain field"),
  "applyDescriptor legacy pair / plain accessor": ns("applyDescriptor accessor (legacy pair)") / ns("plain accessor"),
  "within target": ratio <= 3,
});
save("descriptors");
