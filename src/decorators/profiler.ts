/**
 * The profiler: where `@timed`, `@profiled` and `profile(fn)` record their
 * calls. One default instance, {@link profiler}; `new Profiler()` makes an
 * isolated one (with its own clock, sink and trace buffer).
 *
 * @module
 */

import { argumentError, formatValue } from "../errors.js";
import { type Clock, performanceClock } from "./clock.js";
import { Histogram } from "./histogram.js";

/**
 * What kind of instrumentation recorded an entry.
 *
 * @example
 * ```ts
 * profiler.entries().filter((s) => s.kind === "timed");
 * ```
 */
export type EntryKind = "profiled" | "timed";

/**
 * Receives the lines `@timed({ log: true })` prints.
 *
 * @example
 * ```ts
 * profiler.sink = (line) => process.stderr.write(`${line}\n`);
 * ```
 */
export type LogSink = (line: string) => void;

/**
 * How often an instrumented function's calls are timed: `1` times every call
 * (exact statistics), `N` times about one call in `N` (every call is still
 * counted; durations are estimated from the timed ones), `"auto"` picks `N`
 * from the cost of the clock on this machine (see {@link Profiler.sample}).
 *
 * @example
 * ```ts
 * const exact: Sample = 1;
 * const cheap: Sample = 16;
 * ```
 */
export type Sample = number | "auto";

/**
 * A snapshot of one instrumented function's statistics. Durations are in
 * milliseconds. With no calls recorded, every duration is 0. `@timed`
 * functions keep no histogram: their percentiles are `NaN`.
 *
 * Under sampling (`sampled < ncalls`), `estimated` is `true`: `ncalls` and
 * `errors` are still exact, `meanMs`, `minMs`, `maxMs`, `lastMs` and the
 * percentiles describe the timed calls, and `totalMs` is `meanMs × ncalls`.
 * Calls were made but none timed yet: the durations are `NaN`.
 *
 * @example
 * ```ts
 * const { ncalls, errors, meanMs, p99Ms } = stats(service.handle);
 * ```
 */
export interface ProfileStats {
  /** `Class.method`, the function's name, or the `label` option. */
  readonly name: string;
  /** `"profiled"` (`@profiled`, `profile`) or `"timed"` (`@timed`, `timed`). */
  readonly kind: EntryKind;
  /** Finished calls: returned, threw, or (async) settled. */
  readonly ncalls: number;
  /** Calls that threw or whose promise rejected (included in `ncalls`). */
  readonly errors: number;
  readonly totalMs: number;
  readonly meanMs: number;
  readonly minMs: number;
  readonly maxMs: number;
  /** Duration of the most recent call. */
  readonly lastMs: number;
  readonly p50Ms: number;
  readonly p90Ms: number;
  readonly p99Ms: number;
  /** Finished calls whose duration was measured (equal to `ncalls` when timing every call). */
  readonly sampled: number;
  /** `true` when the durations are estimated from a sample of the calls (`sampled < ncalls`). */
  readonly estimated: boolean;
}

/**
 * Columns {@link Profiler.report} can sort by.
 *
 * @example
 * ```ts
 * const key: SortKey = "p99";
 * ```
 */
export type SortKey = "total" | "ncalls" | "errors" | "mean" | "min" | "max" | "p50" | "p90" | "p99" | "name";

/**
 * Options of {@link Profiler.report}.
 *
 * @example
 * ```ts
 * profiler.report({ sortBy: "ncalls", limit: 10 });
 * ```
 */
export interface ReportOptions {
  /** Column to sort by, largest first (`"name"`: alphabetical). Default `"total"`. */
  sortBy?: SortKey;
  /** Print at most this many rows. */
  limit?: number;
}

/**
 * Options of `new Profiler()`.
 *
 * @example
 * ```ts
 * const p = new Profiler({ clock: manualClock(), sink: () => {}, trace: 1000 });
 * ```
 */
export interface ProfilerOptions {
  /** The time source (milliseconds). Default {@link performanceClock}. */
  clock?: Clock;
  /** Whether calls are recorded from the start (`false`: start disabled). Default `true`. */
  enabled?: boolean;
  /** Where `@timed({ log: true })` lines go when the decorator has no `sink`. Default `console.log`. */
  sink?: LogSink;
  /** Start recording spans for `toChromeTrace()`, keeping the last `trace` spans. Default: off. */
  trace?: number;
  /**
   * How often calls are timed, for functions without their own `sample`
   * option: `1` (every call, exact), `N` (about 1 call in N) or `"auto"`.
   * Default `"auto"`. See {@link Profiler.sample}.
   */
  sample?: Sample;
  /**
   * Source of the sampling jitter, a function returning numbers in [0, 1)
   * like `Math.random` (the default). The gap between two timed calls is
   * `1 + floor(random() × (2N − 1))` calls, N on average; `() => 0.5` times
   * exactly every N-th call (deterministic tests).
   */
  random?: () => number;
}

/** `ProfileEntry.sample`: use the profiler's `sample`. */
const PROFILER_SAMPLE = 0;
/** `ProfileEntry.sample`: the entry's own `"auto"`. */
const OWN_AUTO = -1;

/** Span flags in the trace ring buffer. */
const SPAN_ERROR = 1;
/** The span is one timed call of a sampled function (its other calls have no span). */
const SPAN_SAMPLED = 4;
/** The span may overlap others without nesting (async call, generator run). */
export const SPAN_ASYNC = 2;

/**
 * One instrumented function's counters. Internal: read them through
 * `fn.stats`, `stats(fn)` or `profiler.entries()`.
 */
export class ProfileEntry {
  ncalls = 0;
  errors = 0;
  /** Calls timed (and recorded in the duration statistics). */
  sampled = 0;
  /** Calls left until the next timed one; the first call is timed. */
  countdown = 1;
  /** The rate (1 in N) the last gap was drawn at. */
  every = 1;
  /** Sum of the timed calls' durations. */
  totalMs = 0;
  minMs = Number.POSITIVE_INFINITY;
  maxMs = Number.NEGATIVE_INFINITY;
  lastMs = 0;

  constructor(
    readonly profiler: Profiler,
    public name: string,
    readonly kind: EntryKind,
    readonly histogram: Histogram | undefined,
    readonly id: number,
    /** `true` when every call prints `name took X ms`. */
    readonly log: boolean,
    readonly sink: LogSink | undefined,
    /**
     * The entry's own sampling rate: N ≥ 1, {@link OWN_AUTO} or
     * {@link PROFILER_SAMPLE}. Always a small integer, so every entry keeps
     * one hidden class (a field holding `undefined` in some entries and a
     * number in others made the shared call wrapper 2–3× slower).
     */
    readonly sample: number,
  ) {}

  /** Counts a settled promise of an untimed call (shared handler: no closure per call). */
  readonly settled = (value: unknown): unknown => {
    this.ncalls++;
    return value;
  };

  /** Counts a rejected promise of an untimed call and passes the rejection on. */
  readonly rejected = (error: unknown): never => {
    this.ncalls++;
    this.errors++;
    throw error;
  };

  /** A snapshot of the statistics. */
  snapshot(): ProfileStats {
    const n = this.ncalls;
    const s = this.sampled;
    const h = this.histogram;
    const none = n !== 0 && s === 0;
    const pct = (q: number) => (h === undefined || none ? Number.NaN : h.percentile(q));
    const mean = s === 0 ? (n === 0 ? 0 : Number.NaN) : this.totalMs / s;
    return {
      name: this.name,
      kind: this.kind,
      ncalls: n,
      errors: this.errors,
      totalMs: s === n ? this.totalMs : mean * n,
      meanMs: mean,
      minMs: s === 0 ? mean : this.minMs,
      maxMs: s === 0 ? mean : this.maxMs,
      lastMs: none ? Number.NaN : this.lastMs,
      p50Ms: pct(50),
      p90Ms: pct(90),
      p99Ms: pct(99),
      sampled: s,
      estimated: s < n,
    };
  }

  reset(): void {
    this.ncalls = 0;
    this.errors = 0;
    this.sampled = 0;
    this.countdown = 1;
    this.totalMs = 0;
    this.minMs = Number.POSITIVE_INFINITY;
    this.maxMs = Number.NEGATIVE_INFINITY;
    this.lastMs = 0;
    this.histogram?.reset();
  }
}

const SORT_VALUE: Record<Exclude<SortKey, "name">, (s: ProfileStats) => number> = {
  total: (s) => s.totalMs,
  ncalls: (s) => s.ncalls,
  errors: (s) => s.errors,
  mean: (s) => s.meanMs,
  min: (s) => s.minMs,
  max: (s) => s.maxMs,
  p50: (s) => s.p50Ms,
  p90: (s) => s.p90Ms,
  p99: (s) => s.p99Ms,
};

/**
 * The `"auto"` rate with the built-in clock. A timed call costs two
 * `performance.now()` readings (about 76 ns on a VM, 40 ns on bare metal)
 * plus about 25 ns of bookkeeping; timing one call in 32 spreads that to
 * about 3 ns per call. (Measuring the clock at startup instead was tried and
 * rejected: until V8 optimizes the measuring loop, after some 35 000
 * readings, a reading costs 130–650 ns, and on a busy machine the
 * measurement took 150 ms and picked a different N at each start.)
 */
export const AUTO_SAMPLE = 32;
const MAX_SAMPLE = 1_000_000;

/** Checks a `sample` option; returns it. */
export function checkSample(sample: unknown, caller: string): Sample {
  if (sample === "auto" || (typeof sample === "number" && Number.isInteger(sample) && sample >= 1 && sample <= MAX_SAMPLE)) {
    return sample;
  }
  throw new RangeError(
    `${caller}: sample must be "auto" or an integer from 1 (time every call) to ${MAX_SAMPLE} (got ${formatValue(sample)})`,
  );
}

function fmtMs(ms: number): string {
  if (Number.isNaN(ms)) return "-";
  if (ms < 10) return ms.toFixed(4);
  if (ms < 10_000) return ms.toFixed(3);
  return ms.toFixed(1);
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? "" : "s"}`;
}

/**
 * Collects the statistics of instrumented functions, prints them as a
 * pstats-like table, and (opt-in) records the last N calls as spans for
 * Perfetto / chrome://tracing.
 *
 * @example
 * ```ts
 * const p = new Profiler();
 * const add = profile((x: number, y: number) => x + y, { profiler: p });
 * add(1, 2);
 * console.log(p.report({ sortBy: "total", limit: 10 }));
 * ```
 */
export class Profiler {
  /**
   * When `false`, instrumented functions call straight through: nothing is
   * measured or recorded (the cost left is one property read per call).
   */
  enabled: boolean;
  /** The time source, in milliseconds. Replaceable at any time. */
  clock: Clock;
  /** Where `@timed({ log: true })` lines go when the decorator has no own `sink`. */
  sink: LogSink;

  /** Source of the sampling jitter, in [0, 1). Replaceable at any time. */
  random: () => number;

  readonly #entries: ProfileEntry[] = [];
  #sample: Sample = "auto";
  #capacity = 0;
  #start = new Float64Array(0);
  #duration = new Float64Array(0);
  #entryOf = new Int32Array(0);
  #flags = new Uint8Array(0);
  #next = 0;
  #size = 0;
  #dropped = 0;

  constructor(options: ProfilerOptions = {}) {
    this.enabled = options.enabled ?? true;
    this.clock = options.clock ?? performanceClock;
    this.sink = options.sink ?? ((line) => console.log(line));
    this.random = options.random ?? Math.random;
    if (options.sample !== undefined) this.#sample = checkSample(options.sample, "new Profiler()");
    if (options.trace !== undefined) this.startTracing(options.trace);
  }

  /**
   * How often calls are timed, for instrumented functions without their own
   * `sample` option: `1` times every call (exact statistics); `N` times about
   * one call in `N` and estimates the durations (`ncalls` and `errors` stay
   * exact); `"auto"` (the default) times one call in 32 with the built-in
   * clock (two clock readings and the bookkeeping, about 100 ns on a VM,
   * spread to about 3 ns per call) and every call with an injected
   * {@link clock} (deterministic tests stay exact).
   * A new rate applies from each function's next timed call.
   *
   * @example
   * ```ts
   * profiler.sample = 1;  // exact timing everywhere
   * profiler.sample = 64; // cheaper, coarser
   * ```
   * @throws {RangeError} when set to something other than `"auto"` or an integer from 1 to 1e6.
   */
  get sample(): Sample {
    return this.#sample;
  }

  /** Sets the sampling rate for every function this profiler times (see the getter). */
  set sample(value: Sample) {
    this.#sample = checkSample(value, "Profiler.sample");
  }

  /**
   * The `N` that a function without its own `sample` option is timed at
   * (1 in N calls): {@link sample} with `"auto"` resolved.
   *
   * @example
   * ```ts
   * new Profiler({ sample: 8 }).sampleEvery; // 8
   * ```
   */
  get sampleEvery(): number {
    return this.#every(this.#sample);
  }

  #every(sample: Sample): number {
    if (sample !== "auto") return sample;
    return this.clock === performanceClock ? AUTO_SAMPLE : 1;
  }

  /**
   * Calls until `entry`'s next timed call, drawn when a timed call starts.
   * Internal.
   */
  gap(entry: ProfileEntry): number {
    const own = entry.sample;
    const every = this.#every(own === PROFILER_SAMPLE ? this.#sample : own === OWN_AUTO ? "auto" : own);
    entry.every = every;
    if (every === 1) return 1;
    const r = this.random();
    return 1 + Math.floor((r >= 0 && r < 1 ? r : 0.5) * (2 * every - 1));
  }

  /**
   * Registers a new instrumented function. Used by `profile`, `timed` and
   * the decorators; you rarely call it yourself.
   */
  register(name: string, kind: EntryKind, log = false, sink?: LogSink, sample?: Sample): ProfileEntry {
    const entry = new ProfileEntry(
      this,
      name,
      kind,
      kind === "profiled" ? new Histogram() : undefined,
      this.#entries.length,
      log,
      sink,
      sample === undefined ? PROFILER_SAMPLE : sample === "auto" ? OWN_AUTO : sample,
    );
    this.#entries.push(entry);
    return entry;
  }

  /** Counts a finished call that was not timed. Internal. */
  count(entry: ProfileEntry, failed: boolean): void {
    entry.ncalls++;
    if (failed) entry.errors++;
  }

  /**
   * Ends a call that started at `start` (a reading of {@link clock}). The
   * hot path of every instrumented function. Internal.
   */
  end(entry: ProfileEntry, start: number, failed: boolean, flags: number): void {
    const now = this.clock();
    this.add(entry, start, now, now - start, failed, flags);
  }

  /**
   * Records one finished call of `entry`: it ran from `start` to `end`
   * (clock readings) and spent `durationMs` of that in its own code. Internal.
   */
  add(entry: ProfileEntry, start: number, end: number, durationMs: number, failed: boolean, flags: number): void {
    const ms = Math.max(durationMs, 0);
    entry.ncalls++;
    entry.sampled++;
    if (failed) entry.errors++;
    entry.totalMs += ms;
    entry.lastMs = ms;
    if (ms < entry.minMs) entry.minMs = ms;
    if (ms > entry.maxMs) entry.maxMs = ms;
    if (entry.histogram !== undefined) entry.histogram.record(ms);
    if (this.#capacity !== 0) {
      this.#span(entry.id, start, end - start, (failed ? flags | SPAN_ERROR : flags) | (entry.every > 1 ? SPAN_SAMPLED : 0));
    }
    if (entry.log) (entry.sink ?? this.sink)(`${entry.name} took ${ms.toFixed(3)} ms${failed ? " (failed)" : ""}`);
  }

  #span(id: number, start: number, duration: number, flags: number): void {
    const i = this.#next;
    this.#start[i] = start;
    this.#duration[i] = duration;
    this.#entryOf[i] = id;
    this.#flags[i] = flags;
    this.#next = i + 1 === this.#capacity ? 0 : i + 1;
    if (this.#size < this.#capacity) this.#size++;
    else this.#dropped++;
  }

  /**
   * Starts recording every finished call as a span, keeping only the last
   * `capacity` spans (a ring buffer allocated here, never grown), for
   * {@link toChromeTrace}. Restarting clears the buffer.
   *
   * @example
   * ```ts
   * profiler.startTracing(10_000);
   * ```
   * @throws {RangeError} when `capacity` is not a positive integer.
   */
  startTracing(capacity = 10_000): void {
    if (!Number.isInteger(capacity) || capacity <= 0) {
      throw argumentError(RangeError, "Profiler.startTracing", "capacity", "a positive integer", capacity);
    }
    this.#capacity = capacity;
    this.#start = new Float64Array(capacity);
    this.#duration = new Float64Array(capacity);
    this.#entryOf = new Int32Array(capacity);
    this.#flags = new Uint8Array(capacity);
    this.#next = 0;
    this.#size = 0;
    this.#dropped = 0;
  }

  /** Stops recording spans and frees the buffer; the statistics are kept. */
  stopTracing(): void {
    this.#capacity = 0;
    this.#start = new Float64Array(0);
    this.#duration = new Float64Array(0);
    this.#entryOf = new Int32Array(0);
    this.#flags = new Uint8Array(0);
    this.#next = 0;
    this.#size = 0;
  }

  /** `true` while spans are being recorded. */
  get tracing(): boolean {
    return this.#capacity !== 0;
  }

  /** The ring buffer's capacity (0 when not tracing). */
  get traceCapacity(): number {
    return this.#capacity;
  }

  /** Spans currently held (at most {@link traceCapacity}). */
  get spanCount(): number {
    return this.#size;
  }

  /** Spans overwritten because the buffer was full, since tracing (re)started or the last reset. */
  get droppedSpans(): number {
    return this.#dropped;
  }

  /**
   * A snapshot of every registered function's statistics, in registration
   * order (functions never called included).
   *
   * @example
   * ```ts
   * const slow = profiler.entries().filter((s) => s.p99Ms > 100);
   * ```
   */
  entries(): ProfileStats[] {
    return this.#entries.map((e) => e.snapshot());
  }

  /** Zeroes every statistic and empties the trace buffer; functions stay registered and tracing stays on. */
  reset(): void {
    for (const e of this.#entries) e.reset();
    this.#next = 0;
    this.#size = 0;
    this.#dropped = 0;
  }

  /**
   * A text table of the functions that were called, like Python's pstats:
   * `ncalls`, `errors`, `total`, `mean`, `p50`, `p99` (milliseconds) and
   * the name; a header line sums it up. Durations estimated from sampled
   * calls are prefixed with `~`, and a note line under the header says how
   * many calls were timed.
   *
   * @example
   * ```ts
   * console.log(profiler.report({ sortBy: "p99", limit: 5 }));
   * ```
   * @throws {RangeError} for an unknown `sortBy` or a negative `limit`.
   */
  report(options: ReportOptions = {}): string {
    const sortBy = options.sortBy ?? "total";
    if (sortBy !== "name" && !(sortBy in SORT_VALUE)) {
      throw new RangeError(
        `Profiler.report: cannot sort by ${JSON.stringify(sortBy)} (use one of name, ${Object.keys(SORT_VALUE).join(", ")})`,
      );
    }
    const limit = options.limit ?? Number.POSITIVE_INFINITY;
    if (!(limit >= 0)) throw argumentError(RangeError, "Profiler.report", "limit", ">= 0", limit);
    const called = this.entries().filter((s) => s.ncalls > 0);
    if (sortBy === "name") called.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    else {
      const value = SORT_VALUE[sortBy];
      // NaN (a @timed percentile) sorts last.
      const key = (s: ProfileStats) => (Number.isNaN(value(s)) ? -1 : value(s));
      called.sort((a, b) => key(b) - key(a));
    }
    const calls = called.reduce((n, s) => n + s.ncalls, 0);
    const errors = called.reduce((n, s) => n + s.errors, 0);
    const total = called.reduce((n, s) => n + s.totalMs, 0);
    const sampled = called.reduce((n, s) => n + s.sampled, 0);
    const estimated = called.some((s) => s.estimated);
    const rows = called.slice(0, limit);
    const est = (s: ProfileStats, ms: number) => (s.estimated && !Number.isNaN(ms) ? `~${fmtMs(ms)}` : fmtMs(ms));
    const lines = [
      `${plural(calls, "call")} (${plural(errors, "error")}) to ${plural(called.length, "function")} in ${estimated ? "~" : ""}${fmtMs(total)} ms`,
      `Ordered by: ${sortBy}${rows.length < called.length ? `, first ${rows.length}` : ""}`,
    ];
    if (estimated) lines.push(`~ estimated from sampled calls: ${sampled} of ${calls} calls timed; counts are exact`);
    lines.push(
      "",
      `${"ncalls".padStart(9)}  ${"errors".padStart(7)}  ${"total ms".padStart(11)}  ${"mean ms".padStart(10)}  ${"p50 ms".padStart(10)}  ${"p99 ms".padStart(10)}  name`,
    );
    for (const s of rows) {
      lines.push(
        `${String(s.ncalls).padStart(9)}  ${String(s.errors).padStart(7)}  ${est(s, s.totalMs).padStart(11)}  ${est(s, s.meanMs).padStart(10)}  ${est(s, s.p50Ms).padStart(10)}  ${est(s, s.p99Ms).padStart(10)}  ${s.name}`,
      );
    }
    return lines.join("\n");
  }

  /**
   * The recorded spans as Chrome trace-event JSON (the "JSON Object Format"),
   * ready to save and open in Perfetto (ui.perfetto.dev) or chrome://tracing.
   * Synchronous calls are complete events (`ph: "X"`) that nest by time;
   * async calls and generator runs, which may interleave, are async events
   * (`ph: "b"` / `"e"`) on their own tracks. Timestamps are microseconds of
   * the profiler's clock. Only spans recorded while tracing was on (see
   * {@link startTracing}) appear; `otherData.droppedSpans` counts the ones
   * the ring buffer let go. Under sampling only the timed calls are spans:
   * their events carry `args.sampled: true` and `otherData.sampled` is
   * `true` (the trace shows a sample of the calls, not all of them).
   *
   * @example
   * ```ts
   * profiler.startTracing(50_000);
   * // ... run the workload ...
   * writeFileSync("trace.json", profiler.toChromeTrace());
   * ```
   */
  toChromeTrace(): string {
    // `process` is Node's; a browser trace gets pid 1.
    const pid = (globalThis as { process?: { pid?: number } }).process?.pid ?? 1;
    const tid = 1;
    const events: object[] = [
      { name: "process_name", ph: "M", pid, tid, args: { name: "decorum profiler" } },
      { name: "thread_name", ph: "M", pid, tid, args: { name: "main" } },
    ];
    const spans: Array<{ i: number; ts: number }> = [];
    const first = this.#size < this.#capacity ? 0 : this.#next;
    for (let k = 0; k < this.#size; k++) {
      const i = (first + k) % this.#capacity;
      spans.push({ i, ts: this.#start[i] as number });
    }
    spans.sort((a, b) => a.ts - b.ts);
    let asyncId = 0;
    let anySampled = false;
    for (const { i } of spans) {
      const entry = this.#entries[this.#entryOf[i] as number] as ProfileEntry;
      const flags = this.#flags[i] as number;
      const ts = (this.#start[i] as number) * 1000;
      const dur = (this.#duration[i] as number) * 1000;
      const args: { error?: true; sampled?: true } = {};
      if (flags & SPAN_ERROR) args.error = true;
      if (flags & SPAN_SAMPLED) {
        args.sampled = true;
        anySampled = true;
      }
      const cat = entry.kind === "timed" ? "decorum.timed" : "decorum.profiled";
      if (flags & SPAN_ASYNC) {
        const id = `0x${(++asyncId).toString(16)}`;
        events.push({ name: entry.name, cat, ph: "b", id, ts, pid, tid, args });
        events.push({ name: entry.name, cat, ph: "e", id, ts: ts + dur, pid, tid, args: {} });
      } else {
        events.push({ name: entry.name, cat, ph: "X", ts, dur, pid, tid, args });
      }
    }
    return JSON.stringify({ traceEvents: events, displayTimeUnit: "ms", otherData: { droppedSpans: this.#dropped, sampled: anySampled } });
  }
}

/**
 * The default profiler: `@timed`, `@profiled` and `profile` record here
 * unless given `{ profiler }`.
 *
 * @example
 * ```ts
 * profiler.enabled = false; // instrumented code runs at (nearly) full speed
 * ```
 */
export const profiler: Profiler = new Profiler();
