/**
 * The two Python decorator recipes decorum follows, in TypeScript with decorum:
 *
 * 1. `timethis`, a hand-written timing decorator that keeps the wrapped
 *    function's name thanks to `wraps` (Python's `functools.wraps`), and the
 *    same thing with decorum's `timed`.
 * 2. `Profiled`, which counts the calls of plain functions and of methods
 *    (bound or not): `profile(fn)` and `@profiled()`.
 *
 * Timings are real, so the numbers printed differ from run to run; the
 * counts do not (they are checked with `assert`).
 */
import assert from "node:assert/strict";
import { performance } from "node:perf_hooks";
import { Profiler, profile, profiled, stats, timed, unwrap, wraps } from "decorum";

// ── 1. timethis ──────────────────────────────────────────────────────────────

/** The Python recipe's `timethis`: prints how long each call took. `wraps` keeps name and length. */
// biome-ignore lint/suspicious/noExplicitAny: a decorator for any function
function timethis<F extends (...args: any[]) => any>(fn: F): F {
  return wraps(function (this: unknown, ...args: unknown[]) {
    const start = performance.now();
    const result = fn.apply(this, args);
    console.log(`${fn.name} ${(performance.now() - start).toFixed(3)} ms`);
    return result;
  }, fn) as unknown as F;
}

const countdown = timethis(function countdown(n: number): number {
  while (n > 0) n -= 1;
  return n;
});

console.log("timethis, written by hand with wraps():");
countdown(100_000);
assert.equal(countdown.name, "countdown");
assert.equal(countdown.length, 1);
console.log(`  name and length survive the wrapper: ${countdown.name}/${countdown.length}`);

// The same with decorum: timed(fn, { log: true }), or @timed on a method.
// Isolated profilers keep this example's numbers apart from the default one.
const timing = new Profiler();
const countdown2 = timed(
  function countdown(n: number): number {
    while (n > 0) n -= 1;
    return n;
  },
  { log: true, profiler: timing },
);

class Downloader {
  @timed({ log: true, profiler: timing }) fetch(url: string): string {
    return `<html from ${url}>`;
  }
}

console.log("\ntimed(fn, { log: true }) and @timed({ log: true }):");
countdown2(100_000);
countdown2(200_000);
new Downloader().fetch("http://127.0.0.1/");
assert.equal(countdown2.ncalls, 2);
assert.equal(unwrap(countdown2).name, "countdown");

// ── 2. Profiled ──────────────────────────────────────────────────────────────

const profiling = new Profiler();

/** A plain function, profiled: `add.ncalls` counts its calls. */
const add = profile(
  function add(x: number, y: number): number {
    return x + y;
  },
  { profiler: profiling },
);

/** A method, profiled: the count is per method, across every instance. */
class Spam {
  constructor(readonly label: string) {}

  @profiled({ profiler: profiling }) bar(x: number): string {
    return `${this.label}.bar(${x})`;
  }
}

console.log("\nProfiled plain functions and methods:");
add(2, 3);
add(4, 5);
console.log(`  add(2, 3) + add(4, 5) = ${add(2, 3) + add(4, 5)}; add.ncalls = ${add.ncalls}`);
assert.equal(add.ncalls, 4);

const s = new Spam("s");
const t = new Spam("t");
console.log(`  ${s.bar(1)}, ${s.bar(2)}, ${t.bar(3)}`);
const bound = s.bar.bind(s); // a bound method still counts, and still has stats
console.log(`  bound: ${bound(4)}`);
console.log(`  stats(s.bar).ncalls = ${stats(s.bar).ncalls}; stats(bound).ncalls = ${stats(bound).ncalls}`);
assert.equal(stats(s.bar).ncalls, 4);
assert.equal(stats(bound).name, "Spam.bar");

/** `@profiled()` on a class profiles every method, like applying Profiled to each. */
@profiled({ profiler: profiling })
class Inventory {
  readonly items = new Map<string, number>();

  add(name: string, count: number): this {
    this.items.set(name, (this.items.get(name) ?? 0) + count);
    return this;
  }

  total(): number {
    let sum = 0;
    for (const n of this.items.values()) sum += n;
    return sum;
  }
}

const inventory = new Inventory().add("apple", 3).add("pear", 2).add("apple", 1);
assert.equal(inventory.total(), 6);
assert.equal(stats(inventory.add).ncalls, 3);

console.log(`\nprofiling.report() (times are real, so they vary):\n${profiling.report()}`);
