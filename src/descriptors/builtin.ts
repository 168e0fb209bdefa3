/**
 * What the built-in validators check, in data, and the trusted writers of
 * members whose setter decorum installed. Internal: the registry's compiled
 * decoders use both to check a built-in rule inline (no validator call per
 * field per value) and then store the value the way the setter would,
 * without running its rules a second time. Whatever an inlined check does
 * not accept still goes through the setter, so the setter stays the one
 * authority on errors.
 *
 * @module
 */
import type { MemberRecord } from "./member.js";

/** The check a built-in validator makes, for code that inlines it. */
export type BuiltinCheck =
  | { readonly kind: "positive" | "nonNegative" | "integer" | "finite" }
  | { readonly kind: "range"; readonly min: number; readonly max: number }
  | { readonly kind: "typed"; readonly primitive: "string" | "number" | "boolean" | "bigint" | "symbol" }
  | { readonly kind: "oneOf"; readonly values: readonly unknown[] }
  | { readonly kind: "pattern"; readonly re: RegExp }
  | { readonly kind: "length"; readonly min: number; readonly max: number };

const CHECKS = new WeakMap<Function, BuiltinCheck>();

/** Records that `fn` (a built-in's `validate`) makes `check`; returns `fn`. */
export function markBuiltin<F extends Function>(fn: F, check: BuiltinCheck): F {
  CHECKS.set(fn, Object.freeze(check));
  return fn;
}

/**
 * The check of a built-in validator, or `undefined` for any other function.
 *
 * @example
 * ```ts
 * builtinCheckOf(rule.validate); // { kind: "range", min: 0, max: 10 } for a @range(0, 10) rule
 * ```
 */
export function builtinCheckOf(fn: Function | undefined): BuiltinCheck | undefined {
  return fn === undefined ? undefined : CHECKS.get(fn);
}

/** Stores an already validated value exactly as the member's setter stores it after its rules pass. */
export type TrustedWrite = (self: object, value: unknown) => void;

/** A setter decorum installed: its member record and its trusted writer. */
export interface InstalledSetter {
  readonly record: MemberRecord;
  readonly write: TrustedWrite;
}

const SETTERS = new WeakMap<Function, InstalledSetter>();

/** Records a setter installed by the descriptors layer (see install.ts). */
export function recordSetter(set: Function, record: MemberRecord, write: TrustedWrite): void {
  SETTERS.set(set, { record, write });
}

/**
 * The record and trusted writer behind `set`, when `set` is exactly a setter
 * the descriptors layer installed (not wrapped by another decorator).
 *
 * @example
 * ```ts
 * installedSetter(Object.getOwnPropertyDescriptor(Item.prototype, "qty")?.set); // { record, write } or undefined
 * ```
 */
export function installedSetter(set: Function | undefined): InstalledSetter | undefined {
  return set === undefined ? undefined : SETTERS.get(set);
}
