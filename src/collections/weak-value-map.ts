/**
 * `WeakValueMap<K, V>`: a map whose values are held weakly (Python's
 * `weakref.WeakValueDictionary`), on `WeakRef` + `FinalizationRegistry`.
 *
 * @module
 */

import type { Codec } from "../registry/codec.js";
import { declareCodec } from "../registry/declared.js";
import { checkIterable, fail, mutated } from "./arguments.js";
import { makeWeakValueMapCodec } from "./codecs.js";

interface Held<K> {
  key: K;
  ref: WeakRef<object>;
}

/**
 * A map from keys to objects that does not keep its values alive. An entry
 * whose value was collected is gone from `get`, `has`, `size` and iteration
 * at once (even before the finalizer runs); the finalizer then deletes it,
 * but only if the map still holds that same `WeakRef` (a newer value under
 * the same key is never removed by an old value's finalizer). `size` is
 * O(n): it prunes dead entries.
 *
 * @example
 * ```ts
 * const cache = new WeakValueMap<string, Session>();
 * cache.set("s1", session);
 * cache.get("s1"); // session, as long as something else keeps it alive
 * ```
 * @throws {ValidationError} a value that is not an object (it cannot be held weakly).
 * @throws {TypeError} `entries` that is not iterable.
 */
export class WeakValueMap<K, V extends object> implements Iterable<[K, V]> {
  declare private readonly _map: Map<K, WeakRef<V>>;
  declare private readonly _registry: FinalizationRegistry<Held<K>>;
  /**
   * Bumped when `set` adds a key, `delete` removes one or `clear` runs (not
   * when a collected value's entry is pruned), so an iterator can tell that
   * the map was changed under it.
   */
  declare private _mod: number;

  constructor(entries?: Iterable<readonly [K, V]>) {
    if (entries !== undefined) checkIterable(entries, "WeakValueMap", "the first argument", "", "an iterable of [key, value] entries");
    this._map = new Map();
    this._mod = 0;
    const map = this._map;
    this._registry = new FinalizationRegistry<Held<K>>((held) => {
      if (map.get(held.key) === held.ref) map.delete(held.key);
    });
    if (entries !== undefined) for (const [k, v] of entries) this.set(k, v);
  }

  /** Number of live entries (prunes dead ones; O(n)). */
  get size(): number {
    for (const [k, ref] of this._map) if (ref.deref() === undefined) this._map.delete(k);
    return this._map.size;
  }

  /**
   * The value under `key`, or `undefined` when absent or collected.
   *
   * @example
   * ```ts
   * map.get("s1");
   * ```
   */
  get(key: K): V | undefined {
    const ref = this._map.get(key);
    if (ref === undefined) return undefined;
    const v = ref.deref();
    if (v === undefined) this._map.delete(key);
    return v;
  }

  /** Whether a live value is stored under `key`. */
  has(key: K): boolean {
    return this.get(key) !== undefined;
  }

  /**
   * Stores `value` (weakly) under `key`.
   *
   * @example
   * ```ts
   * map.set("s1", session);
   * ```
   * @throws {ValidationError} a value that is not an object.
   */
  set(key: K, value: V): this {
    if ((typeof value !== "object" && typeof value !== "function") || value === null) {
      fail("WeakValueMap", "set", "type", "value must be an object (it is held weakly)", value, "object");
    }
    const old = this._map.get(key);
    if (old !== undefined) this._registry.unregister(old);
    else this._mod++;
    const ref = new WeakRef(value);
    this._map.set(key, ref);
    this._registry.register(value, { key, ref }, ref);
    return this;
  }

  /** Removes `key`; returns whether a live value was stored under it. */
  delete(key: K): boolean {
    const ref = this._map.get(key);
    if (ref === undefined) return false;
    this._mod++;
    this._registry.unregister(ref);
    this._map.delete(key);
    return ref.deref() !== undefined;
  }

  /** Removes every entry. */
  clear(): void {
    this._mod++;
    for (const ref of this._map.values()) this._registry.unregister(ref);
    this._map.clear();
  }

  /**
   * Live `[key, value]` pairs in insertion order (each value is held strongly while yielded).
   * Entries whose value is collected during the iteration are skipped.
   *
   * @throws {ConcurrentModificationError} on the step after `set` added a
   *   key, `delete` removed one or `clear` ran (replacing the value of an
   *   existing key is allowed): iterate a copy (`[...map]`) to change the
   *   map in the loop.
   */
  *entries(): IterableIterator<[K, V]> {
    const mod = this._mod;
    for (const [k, ref] of this._map) {
      const v = ref.deref();
      if (v === undefined) continue;
      yield [k, v];
      if (this._mod !== mod) mutated("WeakValueMap", "set of a new key, delete or clear", "[...map]");
    }
  }

  /** Keys of live entries. */
  *keys(): IterableIterator<K> {
    for (const [k] of this.entries()) yield k;
  }

  /** Live values. */
  *values(): IterableIterator<V> {
    for (const [, v] of this.entries()) yield v;
  }

  /** Calls `fn` for each live entry. */
  forEach(fn: (value: V, key: K, map: this) => void): void {
    for (const [k, v] of this.entries()) fn(v, k, this);
  }

  /** Same as {@link WeakValueMap.entries}. */
  [Symbol.iterator](): IterableIterator<[K, V]> {
    return this.entries();
  }
}

/**
 * The `decorum.WeakValueMap` codec (payload in docs/collections.md), declared for the
 * default registry when this module is evaluated: a bundle that uses WeakValueMap
 * can read and write it, without bundling the registry unless it serializes.
 */
export const weakValueMapCodec: Codec<WeakValueMap<unknown, object>> = makeWeakValueMapCodec(WeakValueMap);
declareCodec(weakValueMapCodec);
