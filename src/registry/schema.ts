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
import type { JSONSchema, JSONSchemaOptions, JSONSchemaTarget } from "./json-schema.js";
import type { UnknownKeys } from "./plain.js";
import type { StandardJSONSchemaV1, StandardSchemaV1 } from "./standard-schema.js";

/** Options of `schema(Class, options)`. */
export interface SchemaOptions {
  /** As the option of `fromPlain`: what an untagged model does with keys that are not fields (default: each model's own, else `"strip"`). */
  unknownKeys?: UnknownKeys;
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

/** What a registry gives {@link makeSchema}. */
export interface SchemaHost {
  fromPlain(plain: unknown, expected: Function, options: { unknownKeys?: UnknownKeys }): unknown;
  toJSONSchema(ctor: Function, options: JSONSchemaOptions): JSONSchema;
}

function unknownKeysOf(where: string, v: unknown): UnknownKeys | undefined {
  if (v === undefined || v === "strip" || v === "reject") return v;
  throw new TypeError(`${where}: unknownKeys must be "strip" or "reject" (got ${formatValue(v)})`);
}

/** Builds the schema of `ctor` (uncached: the registry caches). */
export function makeSchema<T>(host: SchemaHost, ctor: Function, options: SchemaOptions): DecorumSchema<T> {
  const base = unknownKeysOf("schema", options.unknownKeys);
  const validate = (value: unknown, opts?: StandardSchemaV1.Options): StandardSchemaV1.Result<T> => {
    const lib = opts?.libraryOptions;
    const unknownKeys = lib !== undefined && lib.unknownKeys !== undefined ? unknownKeysOf("validate", lib.unknownKeys) : base;
    try {
      return { value: host.fromPlain(value, ctor, unknownKeys !== undefined ? { unknownKeys } : {}) as T };
    } catch (e) {
      if (!(e instanceof DeserializeError)) throw e;
      return { issues: e.issues.map((i): SchemaIssue => ({ message: i.message, path: i.path.slice(), code: i.code })) };
    }
  };
  const convert =
    (io: "input" | "output") =>
    (o: StandardJSONSchemaV1.Options): Record<string, unknown> => {
      const lib = o?.libraryOptions ?? {};
      const target = o?.target as JSONSchemaTarget;
      const unknownKeys = lib.unknownKeys !== undefined ? unknownKeysOf("jsonSchema", lib.unknownKeys) : base;
      return host.toJSONSchema(ctor, {
        target,
        io,
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
