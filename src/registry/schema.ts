/**
 * `schema(Class)`: a model class as a Standard Schema v1 (with the Standard
 * JSON Schema extension), for the frameworks that accept one — tRPC's
 * `.input()`, Hono's `sValidator`, TanStack Form, ... Its `validate` is typed
 * plain input (`fromPlain(value, Class)`): the output is an instance of the
 * class, the issues those of the `DeserializeError`.
 *
 * @module
 */
import { DeserializeError, formatValue } from "../errors.js";
import { type JSONSchemaTarget, toJSONSchema } from "./json-schema.js";
import type { UnknownKeys } from "./plain.js";
import { registry as defaultRegistry, plainViewOf, type Registry } from "./registry.js";
import type { StandardJSONSchemaV1, StandardSchemaV1 } from "./standard-schema.js";

/** Options of `schema(Class, options)`. */
export interface SchemaOptions {
  /** As the option of `fromPlain`: what an untagged model does with keys that are not fields (default: each model's own, else `"strip"`). */
  unknownKeys?: UnknownKeys;
  /** The registry whose classes the schema decodes (default: the shared `registry`). */
  registry?: Registry;
}

/**
 * What `schema(Class)` returns: a Standard Schema v1 whose output type is the
 * class's instance type, and a Standard JSON Schema v1.
 *
 * @example
 * ```ts
 * const s: DecorumSchema<Order> = schema(Order);
 * const r = s["~standard"].validate(body); // { value: Order } or { issues }
 * ```
 */
export interface DecorumSchema<T> extends StandardSchemaV1<unknown, T>, StandardJSONSchemaV1<unknown, T> {
  /** The Standard Schema and Standard JSON Schema properties. */
  readonly "~standard": StandardSchemaV1.Props<unknown, T> & StandardJSONSchemaV1.Props<unknown, T>;
  /** The class the schema decodes to. */
  readonly model: Function;
}

/** One issue as Standard Schema reports it, with decorum's issue code. */
export interface SchemaIssue extends StandardSchemaV1.Issue {
  /** decorum's issue code (`type`, `required`, `positive`, `unknown-key`, ...). */
  readonly code: string;
  /** Keys and array indices from the root of the value. */
  readonly path: ReadonlyArray<PropertyKey>;
}

function unknownKeysOf(where: string, v: unknown): UnknownKeys | undefined {
  if (v === undefined || v === "strip" || v === "reject") return v;
  throw new TypeError(`${where}: unknownKeys must be "strip" or "reject" (got ${formatValue(v)})`);
}

// biome-ignore lint/suspicious/noExplicitAny: any constructor signature
type AnyClass<T = unknown> = abstract new (...args: any[]) => T;

/** `schema(Class)` results, per registry, class and `unknownKeys`. */
const cache = new WeakMap<Registry, WeakMap<Function, Map<string, DecorumSchema<unknown>>>>();

/**
 * A model class as a Standard Schema v1 (with the Standard JSON Schema
 * extension): pass it to tRPC's `.input()`, Hono's `sValidator("json", ...)`
 * or any library that accepts a Standard Schema. `validate` runs
 * `fromPlain(value, Class)`: `{ value }` holds the instance, a
 * `DeserializeError` becomes `{ issues: [{ message, path, code }] }`. Its
 * `jsonSchema.input` / `.output` are {@link toJSONSchema}. One object per
 * registry, class and options.
 *
 * @example
 * ```ts
 * const OrderSchema = schema(Order); // DecorumSchema<Order>: StandardSchemaV1<unknown, Order>
 * const r = OrderSchema["~standard"].validate(JSON.parse(body));
 * if (r.issues) console.log(r.issues); // [{ message, path, code }]
 * ```
 * @throws {TypeError} when `ctor` is not a class, `unknownKeys` is not `"strip"` / `"reject"`, or `registry` is not a Registry.
 */
export function schema<T>(ctor: AnyClass<T>, options: SchemaOptions = {}): DecorumSchema<T> {
  if (typeof ctor !== "function") throw new TypeError(`schema: expected a class (got ${formatValue(ctor)})`);
  if (options === null || typeof options !== "object")
    throw new TypeError(`schema: options must be an object (got ${formatValue(options)})`);
  const reg = options.registry ?? defaultRegistry;
  if (plainViewOf(reg) === undefined) throw new TypeError(`schema: registry must be a Registry (got ${formatValue(reg)})`);
  const base = unknownKeysOf("schema", options.unknownKeys);
  let byClass = cache.get(reg);
  if (byClass === undefined) {
    byClass = new WeakMap();
    cache.set(reg, byClass);
  }
  let byOptions = byClass.get(ctor);
  if (byOptions === undefined) {
    byOptions = new Map();
    byClass.set(ctor, byOptions);
  }
  const key = base ?? "";
  let s = byOptions.get(key);
  if (s === undefined) {
    s = makeSchema<unknown>(reg, ctor, base);
    byOptions.set(key, s);
  }
  return s as DecorumSchema<T>;
}

function makeSchema<T>(reg: Registry, ctor: Function, base: UnknownKeys | undefined): DecorumSchema<T> {
  const validate = (value: unknown, opts?: StandardSchemaV1.Options): StandardSchemaV1.Result<T> => {
    const lib = opts?.libraryOptions;
    const unknownKeys = lib !== undefined && lib.unknownKeys !== undefined ? unknownKeysOf("validate", lib.unknownKeys) : base;
    try {
      return { value: reg.fromPlain(value, ctor, unknownKeys !== undefined ? { unknownKeys } : {}) as T };
    } catch (e) {
      if (!(e instanceof DeserializeError)) throw e;
      return { issues: e.issues.map((i): SchemaIssue => ({ message: i.message, path: i.path.slice(), code: i.code })) };
    }
  };
  const convert =
    (io: "input" | "output") =>
    (o: StandardJSONSchemaV1.Options): Record<string, unknown> => {
      const lib = o?.libraryOptions ?? {};
      const unknownKeys = lib.unknownKeys !== undefined ? unknownKeysOf("jsonSchema", lib.unknownKeys) : base;
      return toJSONSchema(ctor, {
        target: o?.target as JSONSchemaTarget,
        io,
        registry: reg,
        ...(lib.tags !== undefined ? { tags: lib.tags as boolean } : {}),
        ...(unknownKeys !== undefined ? { unknownKeys } : {}),
      });
    };
  return Object.freeze({
    model: ctor,
    "~standard": Object.freeze({
      version: 1 as const,
      vendor: "decorum",
      validate,
      jsonSchema: Object.freeze({ input: convert("input"), output: convert("output") }),
    }),
  });
}
