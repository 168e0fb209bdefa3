/**
 * The built-in descriptors: `positive`, `nonNegative`, `integer`, `finite`,
 * `range(min, max)`, `typed(Type)`, `oneOf(...values)`, `pattern(re)`,
 * `length(min, max)` and `validate(fn, message?)`. Each is an ordinary
 * {@link descriptor}: it stacks with the others and works in both dialects.
 *
 * @module
 */
import { formatValue } from "../errors.js";
import { type BuiltinCheck, markBuiltin } from "./builtin.js";
import { builtinDescriptor, type Descriptor, descriptor } from "./descriptor.js";
import type { Check, Constraint } from "./rule.js";

/**
 * A built-in descriptor named after its check's kind, whose `validate` makes `check` (see builtin.ts);
 * `constraint` (what schema exports read) is the check itself unless given.
 */
function builtin<T>(
  validate: Check<T>,
  check: BuiltinCheck,
  expected?: string,
  constraint: Constraint = check as Constraint,
): Descriptor<T> {
  return builtinDescriptor<T>({ name: check.kind, expected, validate: markBuiltin(validate, check) }, constraint);
}

/**
 * Accepts numbers (or bigints) greater than zero; rejects zero, negatives,
 * `NaN` and non-numbers.
 *
 * @example
 * ```ts
 * class LineItem { @positive accessor price = 1; }
 * new LineItem().price = 0; // ValidationError: LineItem.price: must be positive (got 0)
 * ```
 * @throws {ValidationError} on a write of a value that is not positive.
 */
export const positive: Descriptor<number | bigint> = /* @__PURE__ */ builtin<number | bigint>(
  (v: unknown) => ((typeof v === "number" || typeof v === "bigint") && v > 0) || "must be positive",
  { kind: "positive" },
);

/**
 * Accepts numbers (or bigints) greater than or equal to zero (`-0` included).
 *
 * @example
 * ```ts
 * class Stock { @nonNegative accessor count = 0; }
 * ```
 * @throws {ValidationError} on a write of a negative number, `NaN` or a non-number.
 */
export const nonNegative: Descriptor<number | bigint> = /* @__PURE__ */ builtin<number | bigint>(
  (v: unknown) => ((typeof v === "number" || typeof v === "bigint") && v >= 0) || "must not be negative",
  { kind: "nonNegative" },
);

/**
 * Accepts integral numbers (`Number.isInteger`) and bigints.
 *
 * @example
 * ```ts
 * class Pack { @integer accessor units = 1; }
 * ```
 * @throws {ValidationError} on a write of a fraction, `NaN`, `±Infinity` or a non-number.
 */
export const integer: Descriptor<number | bigint> = /* @__PURE__ */ builtin<number | bigint>(
  (v: unknown) => Number.isInteger(v) || typeof v === "bigint" || "must be an integer",
  { kind: "integer" },
);

/**
 * Accepts finite numbers (`Number.isFinite`: not `NaN`, not `±Infinity`) and
 * bigints (always finite).
 *
 * @example
 * ```ts
 * class Reading { @finite accessor celsius = 20; }
 * new Reading().celsius = Number.NaN; // ValidationError: Reading.celsius: must be a finite number (got NaN)
 * ```
 * @throws {ValidationError} on a write of `NaN`, `±Infinity` or a non-number.
 */
export const finite: Descriptor<number | bigint> = /* @__PURE__ */ builtin<number | bigint>(
  (v: unknown) => Number.isFinite(v) || typeof v === "bigint" || "must be a finite number",
  { kind: "finite" },
);

function checkNumberArg(fn: string, name: string, value: unknown): void {
  if (typeof value !== "number" || Number.isNaN(value)) throw new TypeError(`${fn}: ${name} must be a number (got ${formatValue(value)})`);
}

/**
 * Accepts numbers between `min` and `max`, both included.
 *
 * @example
 * ```ts
 * class Dial { @range(0, 10) accessor level = 5; }
 * ```
 * @throws {ValidationError} on a write outside the range (or of a non-number).
 * @throws {RangeError} when `min > max`; {@link TypeError} when they are not numbers.
 */
export function range(min: number, max: number): Descriptor<number> {
  checkNumberArg("range", "min", min);
  checkNumberArg("range", "max", max);
  if (min > max) throw new RangeError(`range(${min}, ${max}): min must not exceed max`);
  const message = `must be between ${min} and ${max}`;
  return builtin<number>(
    (v: unknown) => (typeof v === "number" && v >= min && v <= max) || message,
    { kind: "range", min, max },
    `between ${min} and ${max}`,
  );
}

/**
 * The value type a `typed()` argument stands for.
 *
 * @example
 * ```ts
 * type S = TypeOf<StringConstructor>; // string
 * ```
 */
export type TypeOf<C> = C extends StringConstructor
  ? string
  : C extends NumberConstructor
    ? number
    : C extends BooleanConstructor
      ? boolean
      : C extends BigIntConstructor
        ? bigint
        : C extends SymbolConstructor
          ? symbol
          : C extends abstract new (
                ...args: never[]
              ) => infer I
            ? I
            : unknown;

/**
 * Accepts values of one type: `String`, `Number` (`NaN` excluded), `Boolean`,
 * `BigInt` and `Symbol` by `typeof` (primitives only, not wrapper objects),
 * `Array` by `Array.isArray`, any other class by `instanceof`.
 *
 * @example
 * ```ts
 * class Person { @typed(String) accessor name = ""; @typed(Date) accessor born = new Date(0); }
 * ```
 * @throws {ValidationError} on a write of another type.
 * @throws {TypeError} when `type` is not a function.
 */
export function typed<C extends Function>(type: C): Descriptor<TypeOf<C>> {
  if (typeof type !== "function") throw new TypeError(`typed: expected a class or String/Number/Boolean (got ${formatValue(type)})`);
  const primitive =
    type === (String as Function)
      ? "string"
      : type === (Number as Function)
        ? "number"
        : type === (Boolean as Function)
          ? "boolean"
          : type === (BigInt as Function)
            ? "bigint"
            : type === (Symbol as Function)
              ? "symbol"
              : undefined;
  if (primitive !== undefined) {
    const message = `must be a ${primitive}`;
    return builtin<TypeOf<C>>(
      primitive === "number"
        ? (v: unknown) => (typeof v === "number" && !Number.isNaN(v)) || message
        : (v: unknown) => typeof v === primitive || message,
      { kind: "typed", primitive },
      primitive,
      { kind: "typed", type },
    );
  }
  const label = type.name || "the expected class";
  const message = `must be ${/^[AEIOU]/.test(label) ? "an" : "a"} ${label}`;
  const validate =
    type === (Array as Function)
      ? (v: unknown) => Array.isArray(v) || message
      : (v: unknown) =>
          (v !== null &&
            (typeof v === "object" || typeof v === "function") &&
            v instanceof (type as unknown as abstract new () => unknown)) ||
          message;
  return builtinDescriptor<TypeOf<C>>({ name: "typed", expected: label, validate }, { kind: "typed", type });
}

/**
 * Accepts exactly one of `values` (compared with `SameValueZero`, like `Array.prototype.includes`).
 *
 * @example
 * ```ts
 * class Order { @oneOf("open", "paid", "shipped") accessor status = "open"; }
 * ```
 * @throws {ValidationError} on a write of any other value.
 */
export function oneOf<V>(...values: V[]): Descriptor<V> {
  const allowed = [...values];
  const list = allowed.map((v) => formatValue(v)).join(", ");
  const message = `must be one of ${list}`;
  return builtin<V>((v: V) => allowed.includes(v) || message, { kind: "oneOf", values: allowed }, `one of ${list}`);
}

/**
 * Accepts strings that match `re` (its `g`/`y` flags are ignored, so the
 * check never depends on `lastIndex`).
 *
 * @example
 * ```ts
 * class Sku { @pattern(/^[A-Z]{3}-\d{4}$/) accessor code = "ABC-0001"; }
 * ```
 * @throws {ValidationError} on a write of a non-matching string or a non-string.
 * @throws {TypeError} when `re` is not a RegExp.
 */
export function pattern(re: RegExp): Descriptor<string> {
  if (!(re instanceof RegExp)) throw new TypeError(`pattern: expected a RegExp (got ${formatValue(re)})`);
  const safe = new RegExp(re.source, re.flags.replace(/[gy]/g, ""));
  const message = `must match ${String(safe)}`;
  return builtin<string>((v: unknown) => (typeof v === "string" && safe.test(v)) || message, { kind: "pattern", re: safe }, String(safe), {
    kind: "pattern",
    source: safe.source,
    flags: safe.flags,
  });
}

/**
 * Accepts strings and arrays whose `length` is between `min` and `max`
 * (both included; `max` defaults to no limit).
 *
 * @example
 * ```ts
 * class User { @length(3, 20) accessor login = "ada"; }
 * ```
 * @throws {ValidationError} on a write of a value that is too short, too long, or has no length.
 * @throws {RangeError} when `min > max`; {@link TypeError} when they are not numbers.
 */
export function length(min: number, max = Number.POSITIVE_INFINITY): Descriptor<string | readonly unknown[]> {
  checkNumberArg("length", "min", min);
  checkNumberArg("length", "max", max);
  if (min > max) throw new RangeError(`length(${min}, ${max}): min must not exceed max`);
  const message = max === Number.POSITIVE_INFINITY ? `length must be at least ${min}` : `length must be between ${min} and ${max}`;
  return builtin<string | readonly unknown[]>(
    (v: unknown) => ((typeof v === "string" || Array.isArray(v)) && (v as string).length >= min && (v as string).length <= max) || message,
    { kind: "length", min, max },
  );
}

/**
 * A one-off validator: `fn` returns `true` to accept, or `false` / a message
 * to reject; `message` is used when it returns `false` (default `"is invalid"`).
 *
 * @example
 * ```ts
 * class Range { @validate((v: number) => v % 2 === 0, "must be even") accessor step = 2; }
 * ```
 * @throws {ValidationError} on a write that `fn` rejects.
 */
export function validate<T>(fn: (value: T, instance: object) => boolean | string, message?: string): Descriptor<T> {
  if (typeof fn !== "function") throw new TypeError(`validate: expected a function (got ${formatValue(fn)})`);
  return descriptor<T>({ name: "validate", validate: fn, ...(message !== undefined ? { message } : {}) });
}
