/**
 * `decorum/registry`: `@model`, `@field`, `@transient`, `defineModel`, the
 * {@link Registry} (an allow-list of serializable types) and `serialize` /
 * `deserialize` / `toPlain` / `fromPlain` on the shared default registry.
 * The wire format is described in docs/wire-format.md.
 *
 * @module
 */
import "../decorators/polyfill.js";
import type { DeserializeOptions, SerializeOptions } from "./registry.js";
import { registry } from "./registry.js";

export type { Codec, CodecClass, CodecIssue, DecodeContext, EncodeContext } from "./codec.js";
export { type FieldDecorator, type FieldOptions, type FieldType, field, transient } from "./field.js";
export { type JSONSchema, type JSONSchemaOptions, type JSONSchemaTarget, toJSONSchema } from "./json-schema.js";
export { defineModel, type FieldEntry, type ModelDecorator, type ModelOptions, model } from "./model.js";
export type { UnknownKeys } from "./plain.js";
export type { Migration } from "./plan.js";
export {
  DEFAULT_MAX_DEPTH,
  DEFAULT_MAX_ISSUES,
  type DeserializeOptions,
  Registry,
  type RegistryOptions,
  registry,
  type SerializeOptions,
} from "./registry.js";
export { type DecorumSchema, type SchemaIssue, type SchemaOptions, schema } from "./schema.js";
export type { StandardJSONSchemaV1, StandardSchemaV1 } from "./standard-schema.js";

// biome-ignore lint/suspicious/noExplicitAny: any constructor signature
type AnyClass<T = unknown> = abstract new (...args: any[]) => T;

/**
 * Serializes a value graph to JSON text, using the default registry: a
 * `"$type"` tag on the root and wherever the declared types do not settle a
 * value (`{ tags: "all" }`: everywhere; `{ tags: false }`: nowhere, plain JSON).
 *
 * @example
 * ```ts
 * serialize(new Point2D(2, 4)); // '{"$type":"Point2D","x":2,"y":4}'
 * serialize(order); // '{"$type":"shop.Order","placed":"2024-05-01T09:30:00.000Z",...}': the Date field needs no tag
 * ```
 * @throws {SerializeError} naming the path for a function, symbol, generator, unregistered class instance or cycle.
 */
export function serialize(value: unknown, options?: SerializeOptions): string {
  return registry.serialize(value, options);
}

/**
 * Parses JSON text and rebuilds the value graph from the default registry's
 * classes; with `expected`, checks the root's type (subclasses accepted).
 *
 * @example
 * ```ts
 * const p = deserialize('{"$type":"Point2D","x":2,"y":4}', Point2D);
 * ```
 * @throws {DeserializeError} listing every issue of the document with its path.
 */
export function deserialize<T = unknown>(json: string, expected?: AnyClass<T> | Function, options?: DeserializeOptions): T {
  return registry.deserialize<T>(json, expected, options);
}

/**
 * Like {@link serialize} without the final `JSON.stringify`: returns the wire
 * tree; with `{ tags: false }`, the plain JSON an API serves (no `"$type"`).
 *
 * @example
 * ```ts
 * toPlain(new Date(0)); // { $type: "Date", value: "1970-01-01T00:00:00.000Z" }
 * toPlain(order, { tags: false }); // { id: "A-1", placed: "2024-05-01T09:30:00.000Z", ... }
 * ```
 * @throws {SerializeError} as {@link serialize}.
 */
export function toPlain(value: unknown, options?: SerializeOptions): unknown {
  return registry.toPlain(value, options);
}

/**
 * Like {@link deserialize} for an already parsed wire tree. With `expected`,
 * plain JSON without `"$type"` tags is read along the declared types (an
 * HTTP body into a validated model: `fromPlain(body, Order)`).
 *
 * @example
 * ```ts
 * fromPlain({ $type: "Date", value: "1970-01-01T00:00:00.000Z" }, Date);
 * fromPlain({ id: "A-1", placed: "2024-05-01T09:30:00Z" }, Order);
 * ```
 * @throws {DeserializeError} listing every issue with its path.
 */
export function fromPlain<T = unknown>(plain: unknown, expected?: AnyClass<T> | Function, options?: DeserializeOptions): T {
  return registry.fromPlain<T>(plain, expected, options);
}
