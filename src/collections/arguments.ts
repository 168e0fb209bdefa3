/**
 * The checks the collections share on what their callers pass in: options
 * objects, iterables, arrays, numbers, indexes, function options (a
 * function or a registered name), and the errors they throw for it: a
 * `TypeError` or `RangeError` for calling the API wrongly, a
 * `ValidationError` (through {@link fail}) for an item that breaks a rule,
 * and the `ConcurrentModificationError` of an iterator whose collection
 * changed. The default order lives in `compare.ts`. Internal: not
 * re-exported.
 *
 * @module
 */
import { argumentError, ConcurrentModificationError, formatValue, ValidationError } from "../errors.js";
import { resolveFunction } from "../registry/declared.js";

/**
 * Throws the `ValidationError` the collections raise for an item (or a
 * priority, a count) that breaks a rule; `code` names the rule (`nan`,
 * `type`, `mixed`). Options and arguments get `argumentError` instead.
 */
export function fail(
  className: string,
  member: string,
  code: string,
  message: string,
  ...detail: [received?: unknown, expected?: string]
): never {
  const issue: { path: string[]; code: string; message: string; received?: unknown; expected?: string } = { path: [member], code, message };
  if (detail.length > 0) issue.received = detail[0];
  if (detail[1] !== undefined) issue.expected = detail[1];
  throw new ValidationError([issue], className);
}

/** Normalizes an index that may be negative; returns -1 when out of range. */
export function normIndex(i: number, length: number): number {
  if (!Number.isInteger(i)) return -1;
  const j = i < 0 ? i + length : i;
  return j >= 0 && j < length ? j : -1;
}

/** Throws a `TypeError` unless `f` is a function (or undefined when optional). */
export function checkFunction(f: unknown, className: string, member: string): void {
  if (f !== undefined && typeof f !== "function") throw argumentError(TypeError, className, member, "a function", f);
}

/**
 * The entry-count option of `LRUCache` and `@cached`: `max` (node-lru-cache's
 * word), or its deprecated alias `maxSize` (same meaning: a number of
 * entries, not a weight), default 128. A `TypeError` when both are given, a
 * `RangeError` (naming the option used) unless it is a non-negative integer
 * or `Infinity`.
 */
export function capacityOption(options: { max?: number | undefined; maxSize?: number | undefined } | undefined, owner: string): number {
  const max = options?.max;
  const alias = options?.maxSize;
  if (max !== undefined && alias !== undefined) {
    throw new TypeError(
      `${owner}: pass max or its deprecated alias maxSize, not both (got max ${formatValue(max)}, maxSize ${formatValue(alias)})`,
    );
  }
  const n = max ?? alias ?? 128;
  if (n !== Infinity && !(Number.isInteger(n) && n >= 0)) {
    badNumber(owner, alias !== undefined ? "maxSize" : "max", "a non-negative integer or Infinity", n);
  }
  return n;
}

/**
 * Throws the error of a numeric option or argument outside its bounds
 * (`expected` says which): a `RangeError` for a number, a `TypeError` for
 * anything else.
 */
export function badNumber(owner: string, param: string, expected: string, value: unknown): never {
  throw argumentError(typeof value === "number" ? RangeError : TypeError, owner, param, expected, value);
}

/**
 * Throws a `TypeError` unless `options` is an object (or undefined) whose
 * own keys are all in `known` (an unknown key, often a misspelling or an
 * option of another collection, is named in the message). For constructors
 * and entry functions only: never on a per-item path.
 */
export function checkOptions(options: unknown, owner: string, known: readonly string[], param = "options", hint = ""): void {
  if (options === undefined) return;
  if (typeof options !== "object" || options === null || Array.isArray(options)) {
    throw new TypeError(`${argumentError(TypeError, owner, param, "an object or undefined", options).message}${hint}`);
  }
  for (const k in options) {
    if (Object.hasOwn(options, k) && !known.includes(k)) unknownOptions(options as object, owner, known, param);
  }
}

function unknownOptions(options: object, owner: string, known: readonly string[], param: string): never {
  const bad = Object.keys(options).filter((k) => !known.includes(k));
  const names = bad.map((k) => JSON.stringify(k)).join(", ");
  throw new TypeError(
    `${owner}: unknown ${param === "options" ? "option" : `key in ${param}`}${bad.length > 1 ? "s" : ""} ${names} (known: ${known.join(", ") || "none"})`,
  );
}

/** Throws a `TypeError` unless `items` is iterable; `what` names the argument, `hint` follows the message. */
export function checkIterable(items: unknown, owner: string, what: string, hint = "", expected = "an iterable"): void {
  if (items == null || typeof (items as Iterable<unknown>)[Symbol.iterator] !== "function") {
    throw new TypeError(`${argumentError(TypeError, owner, what, expected, items).message}${hint}`);
  }
}

/** Throws a `TypeError` unless `array` is an array (`Array.isArray`), or with `arrayLike` any object with a numeric `length`. */
export function checkArray(array: unknown, owner: string, what: string, arrayLike = false): void {
  if (Array.isArray(array)) return;
  if (arrayLike && typeof array === "object" && array !== null && typeof (array as { length?: unknown }).length === "number") return;
  throw argumentError(TypeError, owner, what, arrayLike ? "an array (or array-like)" : "an array", array);
}

/** Throws a `TypeError` unless `n` is a number (a method's index or count argument). */
export function checkNumberArg(n: unknown, owner: string, param: string): void {
  if (typeof n !== "number") throw argumentError(TypeError, owner, param, "a number", n);
}

/**
 * A comparator or key option: a function, or the name of a function
 * registered with `registry.registerFunction(name, fn)` on the default
 * registry (resolved here, once). `undefined` stays `undefined`; an unknown
 * name, or anything else, throws a `TypeError` naming the option.
 */
export function functionOption<F extends Function>(f: unknown, owner: string, option: string): F | undefined {
  if (typeof f === "string") {
    const fn = resolveFunction(f);
    if (fn === undefined) {
      throw new TypeError(
        `${owner}: ${option} ${JSON.stringify(f)} is not a registered function; register it first with registry.registerFunction(${JSON.stringify(f)}, fn), or pass the function itself`,
      );
    }
    return fn as F;
  }
  if (f !== undefined && typeof f !== "function") {
    throw argumentError(TypeError, owner, option, "a function or the name of a registered function", f);
  }
  return f as F | undefined;
}

/**
 * Throws the {@link ConcurrentModificationError} of an iterator whose
 * collection changed since the iterator started: `changes` lists the
 * operations that count, `copy` shows how to iterate a copy instead.
 */
export function mutated(owner: string, changes: string, copy: string): never {
  throw new ConcurrentModificationError(
    owner,
    `${owner} changed during iteration (${changes}); iterate a copy, e.g. ${copy}, to change it in the loop`,
  );
}
