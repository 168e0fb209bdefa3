/**
 * Paths of nested values: a codec may name a nested payload's position with
 * several segments at once (`["entries", 3]`); the encoder and the decoder
 * both descend into it the same way, through {@link underSegments}. And the
 * one way a walk puts a value at a key of an object it builds: {@link setKey}.
 *
 * @module
 */
import type { PathSegment } from "../errors.js";

/**
 * Runs `step(last)` with every segment of `segs` but the last pushed onto
 * `keys` (the walk's current path), and pops them again however `step` ends.
 * `segs` has at least one segment.
 */
export function underSegments<T>(keys: PathSegment[], segs: readonly PathSegment[], step: (last: PathSegment) => T): T {
  const n = segs.length - 1;
  for (let i = 0; i < n; i++) keys.push(segs[i] as PathSegment);
  try {
    return step(segs[n] as PathSegment);
  } finally {
    keys.length -= n;
  }
}

function define(o: object, k: PathSegment, v: unknown): void {
  Object.defineProperty(o, k, { value: v, enumerable: true, writable: true, configurable: true });
}

/**
 * Puts `v` at key `k` of `o`, an object a walk is building, as an own
 * enumerable data property, as `JSON.parse` does, whatever the prototype
 * chain holds at `k`: an assignment would call a setter there (the key is
 * lost), throw or do nothing where the chain's `k` is read-only (a hardened
 * realm's `toString`), and set the prototype for `"__proto__"`. `k in o` is
 * true only for those keys (or one `o` already owns), so any other is a
 * plain store. The hot loops use {@link putKey} with a {@link KeyGuard}.
 */
export function setKey(o: object, k: PathSegment, v: unknown): void {
  if (k in o) define(o, k, v);
  else (o as Record<PathSegment, unknown>)[k] = v;
}

/**
 * {@link setKey}, or with `fast` (from {@link KeyGuard.fast}: this call found
 * `Object.prototype` plain) a plain store for any key but `"__proto__"`.
 */
export function putKey(o: object, k: PathSegment, v: unknown, fast: boolean): void {
  if (fast ? k === "__proto__" : k in o) define(o, k, v);
  else (o as Record<PathSegment, unknown>)[k] = v;
}

/** Keys a call puts with `in` tests before it checks `Object.prototype` once (the check costs about 50 of them: 1.1 µs). */
const KEYS_BEFORE_CHECK = 64;

/**
 * `true` when an assignment to a fresh `{}` makes an own data property for
 * every key but `"__proto__"`: every other own string key of
 * `Object.prototype` is a writable data property (no setter, nothing
 * read-only: not a polluted or hardened realm).
 */
function plainObjectPrototype(): boolean {
  const proto = Object.prototype;
  const names = Object.getOwnPropertyNames(proto);
  for (let i = 0; i < names.length; i++) {
    const k = names[i] as string;
    if (k === "__proto__") continue;
    const d = Object.getOwnPropertyDescriptor(proto, k);
    if (d === undefined || !("value" in d) || d.writable !== true) return false;
  }
  return true;
}

/**
 * One walk's (one call's) choice between {@link setKey}'s `in` test per key
 * and a plain store: the first {@link KEYS_BEFORE_CHECK} keys of a call are
 * tested; then `Object.prototype` is checked once, and where it is plain
 * the rest of the call stores keys directly (measured on an untyped
 * document of 1,200 keys: `toPlain` / `fromPlain` 1.17–1.22× with the `in`
 * test on every key, 1.04–1.07× so; a call of a few keys pays its `in`
 * tests, 10–25 ns each). Only `Object.prototype` is checked: the objects
 * put into are fresh `{}` (or arrays, given index keys). The check is per call, never kept between calls, so a setter or a
 * read-only property added to `Object.prototype` at any time before a call
 * is honoured by it. Not one added by code that runs inside that call, past
 * its first keys (a getter of the input, a codec, a constructor).
 */
export class KeyGuard {
  /** Keys still to test before the check; 0: check now; -1: checked. */
  private left = KEYS_BEFORE_CHECK;
  private plain = false;

  /** For a new call. */
  reset(): void {
    this.left = KEYS_BEFORE_CHECK;
    this.plain = false;
  }

  /** Before putting `n` keys: the `fast` argument of {@link putKey} for them. */
  fast(n: number): boolean {
    const left = this.left;
    if (left > 0) {
      this.left = left > n ? left - n : 0;
      return false;
    }
    if (left === 0) {
      this.left = -1;
      this.plain = plainObjectPrototype();
    }
    return this.plain;
  }
}
