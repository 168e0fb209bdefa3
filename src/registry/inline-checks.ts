/**
 * Built-in validators inlined into the compiled field decoders.
 *
 * A field backed by an `accessor` whose setter is exactly the one the
 * descriptors layer installed, and whose rules are all built-in checks
 * (`positive`, `nonNegative`, `integer`, `finite`, `range`, `typed` of a
 * primitive, `oneOf`, `pattern`, `length`) with no coercion, transform or
 * `readonly`, is decoded as:
 *
 * ```js
 * if (fast && <the rules as one expression over v>) W[i](inst, v); // trusted write: the setter's store, rules not re-run
 * else inst.key = v;                                                // the setter: rules run, errors as always
 * ```
 *
 * The expression only ever accepts what every rule accepts (it may refuse
 * more, e.g. a bigint for `positive`: the setter then decides), so the
 * setter stays the single source of errors: a rejected value takes the
 * ordinary path and fails there with the same code, path and message. A
 * custom `validate(fn)` (or any other rule) on the member keeps the whole
 * field on the setter path. `fast` is `true` when the instance's prototype
 * is the class's own (a constructor that returns another object, or a model
 * with a `factory`, is never inlined).
 *
 * @module
 */
import { type BuiltinCheck, builtinCheckOf, installedSetter, type TrustedWrite } from "../descriptors/builtin.js";
import type { FieldPlan, ModelPlan } from "./plan.js";

/** A field's inlined check: `test` is a JS expression over `v`; `write` the trusted store. */
export interface InlineCheck {
  readonly test: string;
  readonly write: TrustedWrite;
}

/** Most `oneOf` values compared inline; a longer list stays with its validator. */
const MAX_ONE_OF = 32;

function num(x: number): string {
  if (x === Number.POSITIVE_INFINITY) return "(1 / 0)";
  if (x === Number.NEGATIVE_INFINITY) return "(-1 / 0)";
  if (Object.is(x, -0)) return "-0";
  return `(${String(x)})`;
}

/** A JS expression equal to `v === value` (SameValueZero for NaN), constants other than simple literals kept in `consts`. */
function same(value: unknown, consts: unknown[]): string {
  switch (typeof value) {
    case "string":
      return `v === ${JSON.stringify(value)}`;
    case "number":
      return Number.isNaN(value) ? "v !== v" : `v === ${num(value)}`;
    case "boolean":
      return `v === ${value}`;
    case "undefined":
      return "v === void 0";
    default:
      if (value === null) return "v === null";
      consts.push(value);
      return `v === K[${consts.length - 1}]`;
  }
}

/** One built-in check as an expression over `v`, or `undefined` when it is not inlined. */
function expression(c: BuiltinCheck, consts: unknown[]): string | undefined {
  switch (c.kind) {
    case "positive":
      return 'typeof v === "number" && v > 0';
    case "nonNegative":
      return 'typeof v === "number" && v >= 0';
    case "integer":
      return 'typeof v === "number" && v % 1 === 0';
    case "finite":
      return 'typeof v === "number" && v - v === 0';
    case "range":
      return `typeof v === "number" && v >= ${num(c.min)} && v <= ${num(c.max)}`;
    case "typed":
      return c.primitive === "number" ? 'typeof v === "number" && v === v' : `typeof v === ${JSON.stringify(c.primitive)}`;
    case "oneOf":
      if (c.values.length === 0 || c.values.length > MAX_ONE_OF) return undefined;
      return c.values.map((x) => same(x, consts)).join(" || ");
    case "pattern":
      consts.push(c.re);
      return `typeof v === "string" && K[${consts.length - 1}].test(v)`;
    case "length":
      return `(typeof v === "string" || Array.isArray(v)) && v.length >= ${num(c.min)}${
        c.max === Number.POSITIVE_INFINITY ? "" : ` && v.length <= ${num(c.max)}`
      }`;
    default:
      return undefined;
  }
}

/** The nearest definition of `key` from `proto` up. */
function findDescriptor(proto: object, key: string): PropertyDescriptor | undefined {
  for (let p: object | null = proto; p !== null; p = Object.getPrototypeOf(p) as object | null) {
    const d = Object.getOwnPropertyDescriptor(p, key);
    if (d !== undefined) return d;
  }
  return undefined;
}

/**
 * The inlined check of field `f` of `plan`, or `undefined` when the field
 * keeps the setter path. `consts` collects the constants the expression
 * refers to as `K[n]` (regular expressions, object values of `oneOf`).
 */
export function inlineCheck(plan: ModelPlan, f: FieldPlan, consts: unknown[]): InlineCheck | undefined {
  if (plan.hasFactory) return undefined;
  const proto = plan.ctor.prototype as object | undefined;
  if (proto === undefined || proto === null) return undefined;
  const d = findDescriptor(proto, f.key);
  const installed = installedSetter(d?.set);
  if (installed === undefined) return undefined;
  const record = installed.record;
  if (record.storage !== "accessor") return undefined;
  // Standard decorators find a base class's rules on first use: find them now, as the first instance would.
  record.ensureLinked(Object.create(proto) as object);
  const parts: string[] = [];
  const mark = consts.length;
  for (const rule of record.enforced()) {
    if (rule.readonly || rule.coerce !== undefined || rule.set !== undefined) return undefined;
    if (rule.validate === undefined) continue;
    const check = builtinCheckOf(rule.validate);
    const e = check === undefined ? undefined : expression(check, consts);
    if (e === undefined) {
      consts.length = mark;
      return undefined;
    }
    parts.push(`(${e})`);
  }
  if (parts.length === 0) return undefined;
  return { test: parts.join(" && "), write: installed.write };
}
