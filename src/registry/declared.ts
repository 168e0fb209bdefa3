/**
 * Declarations for the default registry, readable without loading it: a
 * collection (or any module of decorum that brings its own wire codec)
 * declares its codec here when it is evaluated, and the default registry
 * adopts every declaration it has not seen yet at its next call (lookups,
 * `serialize`, `deserialize`, ...). So `import { Deque } from "decorum"`
 * bundles Deque and its codec but neither the {@link Registry} nor the
 * other collections, and `deserialize('{"$type":"decorum.Deque",...}')`
 * still finds Deque whenever Deque was imported, whichever module was
 * evaluated first.
 *
 * The table and the default registry live on `globalThis` under
 * `Symbol.for` keys, so an ESM and a CJS copy of decorum loaded in one
 * process share them (the first declaration of a name wins, as before).
 * Internal: not re-exported.
 *
 * @module
 */
import type { Codec } from "./codec.js";

/** One declaration: a codec, or a function registered by name. */
export type Declaration = { readonly codec: Codec<unknown> } | { readonly name: string; readonly fn: Function };

const TABLE = Symbol.for("decorum.registry.declared");
/** The `globalThis` key of the default registry (registry.ts creates it there). */
export const DEFAULT_REGISTRY: unique symbol = Symbol.for("decorum.registry") as never;

/** The process-wide list of declarations, in declaration order (append-only). */
export function declarations(): Declaration[] {
  return ((globalThis as Record<symbol, unknown>)[TABLE] ??= []) as Declaration[];
}

/**
 * Declares a codec for the default registry, which adopts it at its next
 * call unless its name is taken by then.
 *
 * @example
 * ```ts
 * declareCodec(dequeCodec); // at the top level of the module exporting Deque
 * ```
 */
export function declareCodec<T>(codec: Codec<T>): void {
  declarations().push({ codec: codec as Codec<unknown> });
}

/**
 * Declares a function by name for the default registry (like
 * `registry.registerFunction(name, fn)`, adopted at its next call unless
 * the name or the function is taken by then).
 *
 * @example
 * ```ts
 * declareFunction("decorum.pythonCompare", pythonCompare);
 * ```
 */
export function declareFunction(name: string, fn: Function): void {
  declarations().push({ name, fn });
}

/** What the collections ask of the default registry, when it is loaded. */
export interface DefaultRegistryView {
  resolveFunction(name: string): Function | undefined;
  nameOf(value: object): string | undefined;
  has(ctor: Function): boolean;
  serialize(value: unknown): string;
}

/**
 * The default registry when registry.ts has been evaluated (by this or
 * another copy of decorum), else `undefined`: then no model can exist yet
 * and only declared functions are known.
 */
export function loadedRegistry(): DefaultRegistryView | undefined {
  return (globalThis as Record<symbol, unknown>)[DEFAULT_REGISTRY] as DefaultRegistryView | undefined;
}

/**
 * The function registered (or declared) under `name` for the default
 * registry, without loading the registry.
 *
 * @example
 * ```ts
 * resolveFunction("decorum.pythonCompare");
 * ```
 */
export function resolveFunction(name: string): Function | undefined {
  const reg = loadedRegistry();
  if (reg !== undefined) return reg.resolveFunction(name);
  for (const d of declarations()) if ("fn" in d && d.name === name) return d.fn;
  return undefined;
}
