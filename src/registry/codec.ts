/**
 * Custom value types for the registry: a {@link Codec} teaches a
 * {@link Registry} to write and read one kind of value (a collection, a
 * money type, ...) under a `"$type"` tag. The registry calls `encode` with an
 * {@link EncodeContext} and wraps the returned payload as
 * `{"$type": codec.name, "value": payload}`; on the way back it calls
 * `decode` with the payload and a {@link DecodeContext}.
 *
 * Contract for codec authors:
 *
 * - `encode` returns a JSON-able payload. Nested values (elements of a
 *   collection, ...) go through `ctx.encode(value, key)`, which handles
 *   models, built-ins, other codecs, cycles and references, and tracks the
 *   path for error messages. A function (comparator, key function) is
 *   written by name with `ctx.functionName(fn, key)`; it must have been
 *   registered with `registry.registerFunction(name, fn)`.
 * - `decode` receives the payload exactly as written (already parsed JSON,
 *   not yet decoded) and decodes nested values with `ctx.decode(payload, key)`.
 *   It never throws for bad input: it reports problems with `ctx.issue(...)`
 *   (collected into one `DeserializeError`) and returns `undefined`. When a
 *   nested value had problems, `ctx.decode` has already reported them and
 *   returns a marker; the codec may keep going (to find more issues) since
 *   its result is discarded whenever any issue was reported inside it.
 *   In `{ references: true }` mode, a codec whose value can contain itself
 *   calls `ctx.bind(value)` with the (still empty) value *before* decoding
 *   nested values, so a reference back to it resolves (see `Map`, `Set`).
 * - `type` matches instances of a class (the class itself and, unless
 *   `exact` is set, its subclasses); `test` matches by predicate instead.
 *   Instances of a registered model class are always matched by the model.
 *
 * @module
 */
import type { PathSegment } from "../errors.js";

/** Passed to {@link Codec.encode}: encodes nested values, path-tracked. */
export interface EncodeContext {
  /** Encodes a nested value (model, built-in, other codec, ...) found under `key`: a path segment, or several (`["entries", 3]`). */
  encode(value: unknown, key: PathSegment | readonly PathSegment[]): unknown;
  /**
   * The registered name of `fn`.
   *
   * @throws {SerializeError} naming the path when `fn` is not registered.
   */
  functionName(fn: Function, key: PathSegment): string;
  /** Path from the document root to the value being encoded (a snapshot). */
  readonly path: readonly PathSegment[];
}

/** One problem a codec reports while decoding (the path of the value is prefixed). */
export interface CodecIssue {
  /** Stable machine-readable code, e.g. `"type"`, `"range"`. */
  code: string;
  /** What is wrong, without location. */
  message: string;
  /** What was expected, in words. */
  expected?: string;
  /** The value found. */
  received?: unknown;
  /** Where below the codec's value the problem is: a path segment, or several (`["entries", 3]`). */
  key?: PathSegment | readonly PathSegment[];
}

/** Passed to {@link Codec.decode}: decodes nested values and collects issues. */
export interface DecodeContext {
  /** Decodes a nested payload found under `key`: a path segment, or several (`["entries", 3]`); tags resolved through the registry. */
  decode(payload: unknown, key: PathSegment | readonly PathSegment[]): unknown;
  /** Reports a problem; all problems of a document are thrown together as a `DeserializeError`. */
  issue(issue: CodecIssue): void;
  /** The function registered under `name`; reports an issue (and returns `undefined`) if there is none. */
  resolveFunction(name: string, key: PathSegment): Function | undefined;
  /**
   * Registers the value being built, before its nested values are decoded,
   * so that `{ references: true }` documents can refer back to it (cycles).
   * Harmless outside references mode; call it at most once per decode.
   */
  bind(value: object): void;
  /** Path from the document root to the value being decoded (a snapshot). */
  readonly path: readonly PathSegment[];
}

/** Any class whose instances a codec handles. */
// biome-ignore lint/suspicious/noExplicitAny: any constructor signature
export type CodecClass<T> = abstract new (...args: any[]) => T;

/**
 * A custom value type: how to write one kind of value under a `"$type"`
 * tag and how to read it back.
 *
 * @example
 * ```ts
 * registry.registerCodec<Money>({
 *   name: "shop.Money",
 *   type: Money,
 *   encode: (m) => [m.cents, m.currency],
 *   decode: (p, ctx) => {
 *     if (!Array.isArray(p) || typeof p[0] !== "number" || typeof p[1] !== "string") {
 *       ctx.issue({ code: "payload", message: "expected [cents, currency]", received: p });
 *       return undefined;
 *     }
 *     return new Money(p[0], p[1]);
 *   },
 * });
 * ```
 */
export interface Codec<T> {
  /** The `"$type"` tag, unique in the registry (e.g. `"decorum.Deque"`). Must not start with `$`. */
  name: string;
  /** Matches instances of this class (and its subclasses unless {@link Codec.exact}). */
  type?: CodecClass<T>;
  /** With `type`: match only the class itself, not subclasses. */
  exact?: boolean;
  /** Matches by predicate (tried after every `type` match failed). */
  test?(value: unknown): value is T;
  /** The JSON-able payload of `value`. */
  encode(value: T, ctx: EncodeContext): unknown;
  /** Builds the value from its payload; reports problems through `ctx.issue` and returns `undefined`. */
  decode(payload: unknown, ctx: DecodeContext): T | undefined;
  /**
   * `true` when decoded values are primitives (not objects); such values
   * take no reference id in `{ references: true }` documents. Default `false`.
   */
  primitive?: boolean;
}
