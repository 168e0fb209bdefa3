/**
 * The data a descriptor is made of: one {@link Rule} per decorator (coerce,
 * validate, set/get transforms, readonly), normalised from the options of
 * `descriptor()`. Internal to the descriptors layer.
 *
 * @module
 */

import { formatValue } from "../errors.js";

/**
 * A validation function: returns `true` when `value` is acceptable, or a
 * message (`"must be positive"`) / `false` when it is not.
 *
 * @example
 * ```ts
 * const even: Check<number> = (v) => v % 2 === 0 || "must be even";
 * ```
 */
export type Check<T> = (value: T, instance: object) => boolean | string;

/**
 * Options of `descriptor()`: what a reusable validated property does on
 * each write and read. Every hook is optional.
 *
 * @example
 * ```ts
 * const options: DescriptorOptions<string> = { name: "Trimmed", set: (v) => v.trim() };
 * ```
 */
export interface DescriptorOptions<T> {
  /** A name for messages and the issue `code` (default `"invalid"`; built-ins use their own name). */
  name?: string;
  /** Converts an incoming value before validation, e.g. `(v) => Number(v)`. */
  coerce?: (value: unknown, instance: object) => T;
  /** `true`, or a message / `false` when the (coerced) value is not acceptable. */
  validate?: Check<T>;
  /** Message used when `validate` returns `false` (default `"is invalid"`). */
  message?: string;
  /** What was expected, in words, for `Issue.expected` (e.g. `"> 0"`). */
  expected?: string;
  /** Transforms a validated value before it is stored, e.g. rounding. */
  set?: (value: T, instance: object) => T;
  /** Transforms the stored value on every read. */
  get?: (value: T, instance: object) => T;
  /** Settable only during construction (see `readonly`). */
  readonly?: boolean;
}

/**
 * What a built-in validator checks, as data (its arguments included), so a
 * schema export can describe it: `positive` is `{ kind: "positive" }`,
 * `range(0, 10)` is `{ kind: "range", min: 0, max: 10 }`. Custom validators
 * have none.
 *
 * @example
 * ```ts
 * descriptorMembers(Dial).get("level")?.rules[0]?.constraint; // { kind: "range", min: 0, max: 10 }
 * ```
 */
export type Constraint =
  | { readonly kind: "positive" | "nonNegative" | "integer" | "finite" }
  | { readonly kind: "range"; readonly min: number; readonly max: number }
  | { readonly kind: "length"; readonly min: number; readonly max: number }
  | { readonly kind: "oneOf"; readonly values: readonly unknown[] }
  | { readonly kind: "pattern"; readonly source: string; readonly flags: string }
  | { readonly kind: "typed"; readonly type: Function };

/** One decorator's contribution to a member, normalised. */
export interface Rule {
  readonly name: string;
  readonly code: string;
  readonly coerce: ((value: unknown, instance: object) => unknown) | undefined;
  readonly validate: Check<unknown> | undefined;
  readonly message: string;
  readonly expected: string | undefined;
  readonly set: ((value: unknown, instance: object) => unknown) | undefined;
  readonly get: ((value: unknown, instance: object) => unknown) | undefined;
  readonly readonly: boolean;
  /** What the rule checks, for the built-in validators. */
  readonly constraint?: Constraint | undefined;
}

/** Normalises descriptor options into a {@link Rule}. */
export function toRule<T>(options: DescriptorOptions<T>, defaultName = "invalid", constraint?: Constraint): Rule {
  if (options === null || typeof options !== "object")
    throw new TypeError(
      `${defaultName}(options): expected an options object such as { validate: (v) => v > 0 || "must be positive" } (got ${formatValue(options)})`,
    );
  for (const k of ["coerce", "validate", "set", "get"] as const) {
    const f = options[k];
    if (f !== undefined && typeof f !== "function")
      throw new TypeError(`${defaultName}(options): ${k} must be a function (got ${formatValue(f)})`);
  }
  for (const k of ["name", "message", "expected"] as const) {
    const v = options[k];
    if (v !== undefined && typeof v !== "string")
      throw new TypeError(`${defaultName}(options): ${k} must be a string (got ${formatValue(v)})`);
  }
  const name = options.name ?? defaultName;
  return Object.freeze({
    name,
    code: name,
    coerce: options.coerce as Rule["coerce"],
    validate: options.validate as Rule["validate"],
    message: options.message ?? "is invalid",
    expected: options.expected,
    set: options.set as Rule["set"],
    get: options.get as Rule["get"],
    readonly: options.readonly === true,
    ...(constraint !== undefined ? { constraint: Object.freeze(constraint) } : {}),
  });
}
