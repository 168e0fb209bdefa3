/**
 * `@cached` / `cached(fn)`: Python's `functools.lru_cache` on an
 * {@link LRUCache}, for functions, methods (one cache per instance), getters
 * and async functions, in both decorator dialects.
 *
 * @module
 */
import { createDecorator, describeTarget, type UniversalDecorator, wraps } from "../decorators/index.js";
import { ClassDefinitionError, formatValue } from "../errors.js";
import { loadedRegistry } from "../registry/declared.js";
import { capacityOption, checkOptions } from "./arguments.js";
import { LRUCache, type LRUCacheStats } from "./lru-cache.js";

/** Options of {@link cached}. */
export interface CachedOptions {
  /** Entries per cache (per instance for a method or getter); default 128, `Infinity` unbounded, 0 caches nothing. */
  max?: number;
  /**
   * Entries per cache: the old name of `max` (Python's `maxsize`), same meaning.
   *
   * @deprecated Use `max`; `maxSize` will be removed in the next minor version.
   */
  maxSize?: number;
  /**
   * The cache key of a call, from its arguments; replaces the default rule
   * (see {@link cached}). Keys compare like `Map` keys.
   */
  key?: (...args: never[]) => unknown;
}

/**
 * Counters of a cached function (Python's `cache_info()`): the {@link LRUCacheStats}
 * of its cache (summed over the per-instance caches of a method), `max`
 * being the capacity of one cache. Hits are calls answered from the cache,
 * misses calls that ran the function.
 */
export interface CacheInfo extends LRUCacheStats {}

/** What `cached` adds to the function it returns (and to a decorated method). */
export interface CachedFunction {
  /**
   * The counters: of the function's cache; for a method or getter, of the
   * cache of `instance`, or summed over the caches of every live instance
   * when `instance` is omitted.
   */
  cacheInfo(instance?: object): CacheInfo;
  /** Empties the cache (of `instance` only, for a method or getter; of every instance when omitted) and zeroes its counters. */
  cacheClear(instance?: object): void;
}

/** A decorator usable on methods and getters in both dialects. */
// biome-ignore lint/suspicious/noExplicitAny: a decorator must accept every call shape of both dialects
export type CachedDecorator = (...args: any[]) => any;

const NO_ARGS: unique symbol = Symbol("decorum.cached.noArgs");
const COMPOSITE = "\u0001";

/** Identity numbers of objects, functions and symbols used as arguments. */
const ids = new WeakMap<object, number>();
const symbolIds = new Map<symbol, number>();
let nextId = 1;

function idOf(v: object | symbol): number {
  if (typeof v === "symbol") {
    let id = symbolIds.get(v);
    if (id === undefined) symbolIds.set(v, (id = nextId++));
    return id;
  }
  let id = ids.get(v);
  if (id === undefined) ids.set(v, (id = nextId++));
  return id;
}

function part(v: unknown): string {
  switch (typeof v) {
    case "string":
      return JSON.stringify(v);
    case "number":
      return Object.is(v, -0) ? "0" : String(v);
    case "bigint":
      return `${v}n`;
    case "boolean":
    case "undefined":
      return String(v);
    case "symbol":
      return `@${idOf(v)}`;
    default:
      if (v === null) return "null";
      // registered models by value (their serialized form), everything else by identity
      // (no registry loaded: no model exists, so none to look for)
      if (typeof v === "object") {
        const registry = loadedRegistry();
        if (registry !== undefined && registry.nameOf(v) !== undefined && registry.has(v.constructor as Function)) {
          return `m${registry.serialize(v)}`;
        }
      }
      return `#${idOf(v as object)}`;
  }
}

/**
 * The default key of a call: no argument → one key; a single primitive →
 * the value itself (`1` and `"1"` differ, `-0` is `0`); otherwise a string
 * built from every argument: primitives and registered models by value
 * (their serialized form), other objects, functions and symbols by identity.
 */
export function defaultCacheKey(args: readonly unknown[]): unknown {
  if (args.length === 0) return NO_ARGS;
  if (args.length === 1) {
    const a = args[0];
    const t = typeof a;
    if (t === "number") return (a as number) + 0;
    if (t === "string") return (a as string).charCodeAt(0) === 1 ? COMPOSITE + part(a) : a;
    if (t === "bigint" || t === "boolean" || a === undefined || a === null) return a;
  }
  let out = COMPOSITE;
  for (let i = 0; i < args.length; i++) out += (i > 0 ? "," : "") + part(args[i]);
  return out;
}

function isThenable(v: unknown): v is PromiseLike<unknown> {
  return v !== null && (typeof v === "object" || typeof v === "function") && typeof (v as { then?: unknown }).then === "function";
}

interface Settings {
  maxSize: number;
  key: ((...args: unknown[]) => unknown) | undefined;
}

function settings(options: CachedOptions | undefined, owner: string): Settings {
  checkOptions(options, owner, ["max", "maxSize", "key"]);
  const maxSize = capacityOption(options, owner);
  const key = options?.key;
  if (key !== undefined && typeof key !== "function") throw new TypeError(`${owner}: key must be a function (got ${formatValue(key)})`);
  return { maxSize, key: key as Settings["key"] };
}

/** One call through `cache`: a hit returns the cached value; a miss runs `call` and caches its result (a promise until it rejects). */
function through(cache: LRUCache<unknown, unknown>, k: unknown, call: () => unknown): unknown {
  const v = cache.get(k);
  if (v !== undefined || cache.has(k)) return v;
  const result = call();
  cache.set(k, result);
  if (isThenable(result)) {
    // a rejection is not cached: the next call runs again
    result.then(undefined, () => {
      if (cache.peek(k) === result) cache.delete(k);
    });
  }
  return result;
}

function info(caches: Iterable<LRUCache<unknown, unknown>>, maxSize: number): CacheInfo {
  let hits = 0;
  let misses = 0;
  let evictions = 0;
  let size = 0;
  for (const c of caches) {
    hits += c.hits;
    misses += c.misses;
    evictions += c.evictions;
    size += c.size;
  }
  return { hits, misses, evictions, size, max: maxSize, maxSize };
}

function clearCache(c: LRUCache<unknown, unknown>): void {
  c.clear();
  c.resetStats();
}

function cachedFunction<F extends (...args: never[]) => unknown>(fn: F, s: Settings): F & CachedFunction {
  const cache = new LRUCache<unknown, unknown>({ max: s.maxSize });
  const keyOf = s.key;
  const wrapper = function (this: unknown, ...args: unknown[]): unknown {
    const k = keyOf === undefined ? defaultCacheKey(args) : keyOf(...args);
    return through(cache, k, () => (fn as unknown as (...a: unknown[]) => unknown).apply(this, args));
  };
  wraps(wrapper, fn);
  Object.assign(wrapper, {
    cacheInfo: (): CacheInfo => info([cache], s.maxSize),
    cacheClear: (): void => clearCache(cache),
  });
  return wrapper as unknown as F & CachedFunction;
}

/** The per-instance caches of one decorated member: held by the instance only (released with it). */
function perInstance(s: Settings) {
  const caches = new WeakMap<object, LRUCache<unknown, unknown>>();
  const live = new Set<WeakRef<LRUCache<unknown, unknown>>>();
  const of = (self: object): LRUCache<unknown, unknown> => {
    let c = caches.get(self);
    if (c === undefined) {
      c = new LRUCache({ max: s.maxSize });
      caches.set(self, c);
      live.add(new WeakRef(c));
    }
    return c;
  };
  const all = (): LRUCache<unknown, unknown>[] => {
    const out: LRUCache<unknown, unknown>[] = [];
    for (const r of live) {
      const c = r.deref();
      if (c === undefined) live.delete(r);
      else out.push(c);
    }
    return out;
  };
  const api: CachedFunction = {
    cacheInfo: (instance?: object) =>
      info(instance === undefined ? all() : [caches.get(instance)].filter((c) => c !== undefined), s.maxSize),
    cacheClear: (instance?: object) => {
      for (const c of instance === undefined ? all() : [caches.get(instance)]) if (c !== undefined) clearCache(c);
    },
  };
  return { of, api };
}

/**
 * Python's `functools.lru_cache`, on an {@link LRUCache}: a call whose key
 * is cached returns the cached result without running the function.
 *
 * - `cached(fn, options?)` returns a caching wrapper of a plain function.
 * - `@cached(options?)` decorates a method (one cache per instance, released
 *   with the instance; a static method caches on its class) or a getter (its
 *   value is computed once per instance, until `cacheClear`), in both
 *   decorator dialects.
 * - An async function's promise is cached, so concurrent calls share it; a
 *   rejected promise is dropped from the cache, so the next call runs again.
 *   A synchronous throw is never cached.
 * - The key of a call (unless `key` is given): no argument is one key; a
 *   single primitive is the key itself (`1` and `"1"` differ); otherwise
 *   every argument counts, primitives and registered models by value (their
 *   serialized form, so two equal models hit the same entry), other
 *   objects, functions and symbols by identity.
 * - `cacheInfo()` gives `{ hits, misses, evictions, size, max }` (and the
 *   deprecated `maxSize`, equal to `max`) and
 *   `cacheClear()` empties the cache, on the returned function or on the
 *   decorated method (`Class.prototype.method.cacheInfo(instance?)`).
 *
 * @example
 * ```ts
 * const fib = cached((n: number): number => (n < 2 ? n : fib(n - 1) + fib(n - 2)));
 * fib(80); fib.cacheInfo(); // { hits: 78, misses: 81, evictions: 0, size: 81, max: 128, maxSize: 128 }
 * class Repo {
 *   @cached({ max: 1000 }) async user(id: number) { return fetchUser(id); }
 *   @cached() get summary() { return expensive(this); }
 * }
 * ```
 * @typeParam F - the function's own type; the cached function keeps it (same parameters, same result).
 * @throws {TypeError} options that are not an object, an unknown option, or a `key` that is not a function.
 * @throws {ClassDefinitionError} the decorator on a member that is not a method or a getter, or `key` on a getter.
 * @throws {RangeError} a `max` that is not a non-negative integer or `Infinity`.
 */
export function cached<F extends (...args: never[]) => unknown>(fn: F, options?: CachedOptions): F & CachedFunction;
export function cached(options?: CachedOptions): CachedDecorator;
export function cached(first?: unknown, second?: CachedOptions): unknown {
  if (typeof first === "function") return cachedFunction(first as (...args: never[]) => unknown, settings(second, "cached"));
  const s = settings(first as CachedOptions | undefined, "@cached");
  return createDecorator<UniversalDecorator>({
    name: "@cached",
    method: (fn) => {
      const { of, api } = perInstance(s);
      const keyOf = s.key;
      const wrapper = function (this: object, ...args: unknown[]): unknown {
        const k = keyOf === undefined ? defaultCacheKey(args) : keyOf(...args);
        return through(of(this), k, () => fn.apply(this, args));
      };
      wraps(wrapper, fn);
      return Object.assign(wrapper, api);
    },
    getter: (get, d) => {
      if (s.key !== undefined) {
        throw new ClassDefinitionError(
          d.className ?? describeTarget(d),
          String(d.name),
          "@cached on a getter takes no key option (a getter has no arguments)",
        );
      }
      const { of, api } = perInstance(s);
      const wrapper = function (this: object): unknown {
        return through(of(this), NO_ARGS, () => get.call(this));
      };
      return Object.assign(wrapper, api);
    },
  });
}
