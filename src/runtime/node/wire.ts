/**
 * What the cross-process tools need from a registry. Internal.
 *
 * @module
 * @internal
 */
import { registry } from "../../registry/index.js";

/**
 * The two registry methods a channel or a pool uses: `registry` and every
 * `new Registry()` fit. Values become JSON-able plain trees once
 * (`toPlain`) and the transport serializes them; nothing is serialized twice.
 */
export interface PlainCodec {
  /** The JSON-able plain form of `value` (models tagged with `"$type"`). */
  toPlain(value: unknown): unknown;
  /** Rebuilds a value from its plain form (registered models arrive as instances, validated). */
  // biome-ignore lint/suspicious/noExplicitAny: any expected-type argument the registry accepts
  fromPlain(plain: unknown, expected?: any): unknown;
}

/** The default registry, seen through {@link PlainCodec}. */
export function defaultCodec(): PlainCodec {
  return registry as unknown as PlainCodec;
}
