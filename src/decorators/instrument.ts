/**
 * The wrapper shared by `@timed`, `@profiled`, `timed(fn)` and `profile(fn)`:
 * one closure per instrumented function, no allocation per synchronous call.
 *
 * - Synchronous call: timed from entry to return or throw.
 * - A call that returns a native `Promise` (every async function): timed
 *   until the promise settles; a rejection counts as an error. The caller
 *   gets a promise that settles the same way, with the same value or the
 *   same error object.
 * - Generator and async generator functions: calling one creates a run; the
 *   run is counted once, when it finishes (returns, throws, or is closed with
 *   `return()`, which `for…of` does on `break`), and its duration is the
 *   time spent inside the generator's own code (inside `next`, `throw` and
 *   `return` calls; for async generators, until each step settles), not the
 *   time it sat suspended. A run abandoned unfinished is not counted.
 * - Sampling: every call (or run) is counted, but only about one in N is
 *   timed (see `Profiler.sample`). An untimed synchronous call costs a
 *   decrement and a compare; an untimed promise is counted when it settles
 *   through two handlers shared by the function (no clock read, no closure
 *   per call); an untimed generator run is counted when it finishes.
 *
 * @module
 */
import { formatValue } from "../errors.js";
import type { Decoration } from "./dialect.js";
import { memberName } from "./dialect.js";
import type { Histogram } from "./histogram.js";
import { setMemberData } from "./metadata.js";
import { METADATA } from "./polyfill.js";
import {
  checkSample,
  profiler as defaultProfiler,
  type EntryKind,
  type LogSink,
  type ProfileEntry,
  type Profiler,
  type ProfileStats,
  type Sample,
  SPAN_ASYNC,
} from "./profiler.js";
import { wraps } from "./wraps.js";

/**
 * Where an instrumented function keeps its profiler entry; `wraps` copies it,
 * so `stats()` works through hand-written wrappers.
 *
 * @example
 * ```ts
 * PROFILE in profile(fn); // true
 * ```
 */
export const PROFILE: unique symbol = Symbol.for("decorum.profile") as never;

/** The metadata namespace under which instrumented methods are recorded. */
export const PROFILE_NAMESPACE = "decorators.profile";

/**
 * What `timed(fn)` and `profile(fn)` add to a function.
 *
 * @example
 * ```ts
 * const add: ((x: number, y: number) => number) & Instrumented = profile((x: number, y: number) => x + y);
 * add.ncalls; // 0
 * ```
 */
export interface Instrumented {
  /** Finished calls so far (see {@link ProfileStats.ncalls}). */
  readonly ncalls: number;
  /** A fresh snapshot of the statistics at each read. */
  readonly stats: ProfileStats;
}

/**
 * Options shared by every kind of instrumentation.
 *
 * @example
 * ```ts
 * const options: InstrumentOptions = { label: "db.query", profiler: new Profiler() };
 * ```
 */
export interface InstrumentOptions {
  /** The name shown in reports and logs. Default: `Class.method` or the function's name. */
  label?: string;
  /** The profiler to record in. Default: the global {@link profiler}. */
  profiler?: Profiler;
  /**
   * Time about one call in `N` (`sample: N`; every call is still counted and
   * durations are estimated), every call (`sample: 1`, exact), or let the
   * profiler decide (`"auto"`). Default: the profiler's `sample` (`"auto"`).
   */
  sample?: Sample;
}

/**
 * The type of a decorator usable on methods in both dialects: TC39
 * `(method, context)` and legacy `(prototype, key, descriptor)`.
 *
 * @example
 * ```ts
 * const t: UniversalMethodDecorator = timed();
 * ```
 */
export interface UniversalMethodDecorator {
  /**
   * Standard dialect: decorates a method.
   *
   * @typeParam F - the method's type, kept unchanged.
   */
  // biome-ignore lint/suspicious/noExplicitAny: matches any method signature
  <F extends (this: any, ...args: any) => any>(value: F, context: ClassMethodDecoratorContext<any, F>): F | void;
  /** Legacy dialect: decorates a method through its property descriptor. */
  (target: object, propertyKey: string | symbol, descriptor: PropertyDescriptor): void;
}

/**
 * A decorator usable on methods and on whole classes, in both dialects.
 *
 * @example
 * ```ts
 * const p: UniversalMethodOrClassDecorator = profiled();
 * ```
 */
export interface UniversalMethodOrClassDecorator extends UniversalMethodDecorator {
  /**
   * Standard dialect: decorates a class.
   *
   * @typeParam C - the class's type, kept unchanged.
   */
  // biome-ignore lint/suspicious/noExplicitAny: matches any class
  <C extends abstract new (...args: any) => any>(value: C, context: ClassDecoratorContext<C>): C | void;
  /**
   * Legacy dialect: decorates a class.
   *
   * @typeParam C - the class's type, kept unchanged.
   */
  <C extends Function>(target: C): C | void;
}

type AnyGenerator = Generator<unknown, unknown, unknown>;
type AnyAsyncGenerator = AsyncGenerator<unknown, unknown, unknown>;

const GeneratorFunction = Object.getPrototypeOf(function* () {}).constructor as Function;
const AsyncGeneratorFunction = Object.getPrototypeOf(async function* () {}).constructor as Function;
const IteratorPrototype = Object.getPrototypeOf(Object.getPrototypeOf((function* () {})())) as object;
const AsyncIteratorPrototype = Object.getPrototypeOf(Object.getPrototypeOf((async function* () {})())) as object;

const NEXT = 0;
const RETURN = 1;
const THROW = 2;

/** A generator run: forwards every step and times the ones inside the generator. */
class InstrumentedGenerator {
  readonly #it: AnyGenerator;
  readonly #entry: ProfileEntry;
  readonly #timed: boolean;
  #first = Number.NaN;
  #inside = 0;
  #finished = false;

  constructor(it: AnyGenerator, entry: ProfileEntry, timed: boolean) {
    this.#it = it;
    this.#entry = entry;
    this.#timed = timed;
  }

  next(value?: unknown): IteratorResult<unknown> {
    return this.#step(NEXT, value);
  }

  return(value?: unknown): IteratorResult<unknown> {
    return this.#step(RETURN, value);
  }

  throw(error?: unknown): IteratorResult<unknown> {
    return this.#step(THROW, error);
  }

  [Symbol.iterator](): this {
    return this;
  }

  get [Symbol.toStringTag](): string {
    return "Generator";
  }

  #step(mode: number, arg: unknown): IteratorResult<unknown> {
    const it = this.#it;
    if (this.#finished) return mode === NEXT ? it.next(arg) : mode === RETURN ? it.return(arg) : it.throw(arg);
    if (!this.#timed) return this.#untimed(mode, arg);
    const p = this.#entry.profiler;
    const start = p.clock();
    if (Number.isNaN(this.#first)) this.#first = start;
    let result: IteratorResult<unknown>;
    try {
      result = mode === NEXT ? it.next(arg) : mode === RETURN ? it.return(arg) : it.throw(arg);
    } catch (error) {
      this.#finish(start, true);
      throw error;
    }
    if (result.done) this.#finish(start, false);
    else this.#inside += p.clock() - start;
    return result;
  }

  /** A step of a run that is counted but not timed. */
  #untimed(mode: number, arg: unknown): IteratorResult<unknown> {
    const it = this.#it;
    let result: IteratorResult<unknown>;
    try {
      result = mode === NEXT ? it.next(arg) : mode === RETURN ? it.return(arg) : it.throw(arg);
    } catch (error) {
      this.#finished = true;
      this.#entry.profiler.count(this.#entry, true);
      throw error;
    }
    if (result.done) {
      this.#finished = true;
      this.#entry.profiler.count(this.#entry, false);
    }
    return result;
  }

  #finish(stepStart: number, failed: boolean): void {
    const p = this.#entry.profiler;
    const now = p.clock();
    this.#inside += now - stepStart;
    this.#finished = true;
    p.add(this.#entry, this.#first, now, this.#inside, failed, SPAN_ASYNC);
  }
}
Object.setPrototypeOf(InstrumentedGenerator.prototype, IteratorPrototype);

/**
 * An async generator run: like {@link InstrumentedGenerator}, each step timed until it settles.
 * A deliberate twin of that class rather than a shared base: its steps return promises, so every method differs in how it waits.
 */
class InstrumentedAsyncGenerator {
  readonly #it: AnyAsyncGenerator;
  readonly #entry: ProfileEntry;
  readonly #timed: boolean;
  #first = Number.NaN;
  #inside = 0;
  #finished = false;

  constructor(it: AnyAsyncGenerator, entry: ProfileEntry, timed: boolean) {
    this.#it = it;
    this.#entry = entry;
    this.#timed = timed;
  }

  next(value?: unknown): Promise<IteratorResult<unknown>> {
    return this.#step(NEXT, value);
  }

  return(value?: unknown): Promise<IteratorResult<unknown>> {
    return this.#step(RETURN, value);
  }

  throw(error?: unknown): Promise<IteratorResult<unknown>> {
    return this.#step(THROW, error);
  }

  [Symbol.asyncIterator](): this {
    return this;
  }

  get [Symbol.toStringTag](): string {
    return "AsyncGenerator";
  }

  #step(mode: number, arg: unknown): Promise<IteratorResult<unknown>> {
    const it = this.#it;
    if (this.#finished) return mode === NEXT ? it.next(arg) : mode === RETURN ? it.return(arg) : it.throw(arg);
    if (!this.#timed) return this.#untimed(mode, arg);
    const p = this.#entry.profiler;
    const start = p.clock();
    if (Number.isNaN(this.#first)) this.#first = start;
    const pending = mode === NEXT ? it.next(arg) : mode === RETURN ? it.return(arg) : it.throw(arg);
    return pending.then(
      (result) => {
        if (result.done) this.#finish(start, false);
        else this.#inside += p.clock() - start;
        return result;
      },
      (error: unknown) => {
        this.#finish(start, true);
        throw error;
      },
    );
  }

  /** A step of a run that is counted but not timed. */
  #untimed(mode: number, arg: unknown): Promise<IteratorResult<unknown>> {
    const it = this.#it;
    const pending = mode === NEXT ? it.next(arg) : mode === RETURN ? it.return(arg) : it.throw(arg);
    return pending.then(
      (result) => {
        if (result.done && !this.#finished) {
          this.#finished = true;
          this.#entry.profiler.count(this.#entry, false);
        }
        return result;
      },
      (error: unknown) => {
        if (!this.#finished) {
          this.#finished = true;
          this.#entry.profiler.count(this.#entry, true);
        }
        throw error;
      },
    );
  }

  #finish(stepStart: number, failed: boolean): void {
    if (this.#finished) return;
    const p = this.#entry.profiler;
    const now = p.clock();
    this.#inside += now - stepStart;
    this.#finished = true;
    p.add(this.#entry, this.#first, now, this.#inside, failed, SPAN_ASYNC);
  }
}
Object.setPrototypeOf(InstrumentedAsyncGenerator.prototype, AsyncIteratorPrototype);

function settle(promise: Promise<unknown>, entry: ProfileEntry, start: number): Promise<unknown> {
  const p = entry.profiler;
  return promise.then(
    (value) => {
      p.end(entry, start, false, SPAN_ASYNC);
      return value;
    },
    (error: unknown) => {
      p.end(entry, start, true, SPAN_ASYNC);
      throw error;
    },
  );
}

type Target = (this: unknown, ...args: unknown[]) => unknown;

/** Whether the next call (or generator run) of `entry` is timed; draws the next gap when it is. */
function timeThisCall(p: Profiler, entry: ProfileEntry): boolean {
  if (--entry.countdown > 0) return false;
  entry.countdown = p.gap(entry);
  return true;
}

/** The wrapper of a synchronous function (or one returning a promise). */
function syncWrapper(target: Target, p: Profiler, entry: ProfileEntry): Function {
  return function (this: unknown) {
    // biome-ignore lint/complexity/noArguments: forwarding `arguments` allocates no array (a rest parameter would)
    if (!p.enabled) return target.apply(this, arguments as unknown as unknown[]);
    if (--entry.countdown > 0) {
      // Untimed: counted only.
      let result: unknown;
      try {
        // biome-ignore lint/complexity/noArguments: as above
        result = target.apply(this, arguments as unknown as unknown[]);
      } catch (error) {
        entry.ncalls++;
        entry.errors++;
        throw error;
      }
      if (typeof result === "object" && result !== null && result instanceof Promise) return result.then(entry.settled, entry.rejected);
      entry.ncalls++;
      return result;
    }
    entry.countdown = p.gap(entry);
    const start = p.clock();
    let result: unknown;
    try {
      // biome-ignore lint/complexity/noArguments: as above
      result = target.apply(this, arguments as unknown as unknown[]);
    } catch (error) {
      p.end(entry, start, true, 0);
      throw error;
    }
    if (typeof result === "object" && result !== null && result instanceof Promise) return settle(result, entry, start);
    p.end(entry, start, false, 0);
    return result;
  };
}

function entryGetter(this: { [PROFILE]: ProfileEntry }): ProfileStats {
  return this[PROFILE].snapshot();
}

function ncallsGetter(this: { [PROFILE]: ProfileEntry }): number {
  return this[PROFILE].ncalls;
}

/**
 * `bind` of an instrumented function: a bound function that still answers
 * `ncalls`, `stats` and `stats(bound)`, like a bound method in Python.
 */
function instrumentedBind(this: Function, ...args: unknown[]): Function {
  const bound = Function.prototype.bind.apply(this, args as [unknown, ...unknown[]]);
  for (const key of [PROFILE, "ncalls", "stats", "bind"] as const) {
    const desc = Object.getOwnPropertyDescriptor(this, key);
    if (desc) Object.defineProperty(bound, key, desc);
  }
  return bound;
}

/**
 * Wraps `fn` so every call is recorded in `entry`. The wrapper keeps `fn`'s
 * name, length and metadata ({@link wraps}), its `this` and its result.
 */
export function instrument<F extends Function>(fn: F, entry: ProfileEntry): F & Instrumented {
  const p = entry.profiler;
  const target = fn as unknown as Target;
  let wrapper: Function;
  if (fn instanceof AsyncGeneratorFunction) {
    wrapper = function (this: unknown) {
      // biome-ignore lint/complexity/noArguments: forwarding `arguments` allocates no array (a rest parameter would)
      const it = target.apply(this, arguments as unknown as unknown[]) as AnyAsyncGenerator;
      return p.enabled ? new InstrumentedAsyncGenerator(it, entry, timeThisCall(p, entry)) : it;
    };
  } else if (fn instanceof GeneratorFunction) {
    wrapper = function (this: unknown) {
      // biome-ignore lint/complexity/noArguments: forwarding `arguments` allocates no array (a rest parameter would)
      const it = target.apply(this, arguments as unknown as unknown[]) as AnyGenerator;
      return p.enabled ? new InstrumentedGenerator(it, entry, timeThisCall(p, entry)) : it;
    };
  } else {
    wrapper = syncWrapper(target, p, entry);
  }
  wraps(wrapper, fn);
  Object.defineProperty(wrapper, PROFILE, { value: entry, configurable: true, writable: true });
  Object.defineProperty(wrapper, "ncalls", { get: ncallsGetter, configurable: true });
  Object.defineProperty(wrapper, "stats", { get: entryGetter, configurable: true });
  Object.defineProperty(wrapper, "bind", { value: instrumentedBind, configurable: true, writable: true });
  return wrapper as F & Instrumented;
}

/** The profiler entry of an instrumented function (or of what it wraps), if any. */
export function entryOf(fn: unknown): ProfileEntry | undefined {
  if (typeof fn !== "function") return undefined;
  const entry = (fn as { [PROFILE]?: unknown })[PROFILE];
  return entry !== null && typeof entry === "object" && typeof (entry as ProfileEntry).snapshot === "function"
    ? (entry as ProfileEntry)
    : undefined;
}

/**
 * The statistics of a function or method instrumented with `@profiled`,
 * `@timed`, `profile` or `timed` (a method is read from any instance, or
 * from the prototype: the statistics are per method, across instances).
 *
 * @example
 * ```ts
 * class Service { @profiled() handle() {} }
 * const s = new Service();
 * s.handle();
 * stats(s.handle).ncalls; // 1
 * ```
 * @throws {TypeError} when `fn` is not instrumented.
 */
export function stats(fn: Function): ProfileStats {
  const entry = entryOf(fn);
  if (entry === undefined) {
    throw new TypeError(
      `stats(): ${formatValue(fn)} is not instrumented; decorate it with @profiled() or @timed(), or wrap it with profile(fn)`,
    );
  }
  return entry.snapshot();
}

/**
 * The live histogram behind a `@profiled` function's percentiles (custom
 * percentiles such as `percentile(99.9)`, fixed storage size); `undefined`
 * for `@timed` functions, which keep none.
 *
 * @example
 * ```ts
 * const h = histogramOf(add);
 * h?.percentile(99.9);
 * ```
 * @throws {TypeError} when `fn` is not instrumented.
 */
export function histogramOf(fn: Function): Histogram | undefined {
  const entry = entryOf(fn);
  if (entry === undefined) {
    throw new TypeError(`histogramOf(): ${formatValue(fn)} is not instrumented; decorate it with @profiled(), or wrap it with profile(fn)`);
  }
  return entry.histogram;
}

/** Options for registering one function or method. */
export interface RegisterOptions extends InstrumentOptions {
  log?: boolean;
  sink?: LogSink;
}

/**
 * The `sample` an entry is registered with: checked, and forced to 1 (every
 * call timed) when every call's duration is logged.
 */
export function sampleOption(options: RegisterOptions | undefined, caller: string): Sample | undefined {
  const sample = options?.sample;
  if (sample === undefined) return options?.log === true ? 1 : undefined;
  checkSample(sample, caller);
  if (options?.log === true && sample !== 1) {
    throw new RangeError(`${caller}: { log: true } prints every call's duration, so it times every call; drop sample or use sample: 1`);
  }
  return sample;
}

/** Instruments a plain function (`timed(fn)`, `profile(fn)`). */
export function instrumentFunction<F extends Function>(
  fn: F,
  kind: EntryKind,
  options: RegisterOptions | undefined,
  caller: string,
): F & Instrumented {
  if (typeof fn !== "function") throw new TypeError(`${caller}: expected a function (got ${formatValue(fn)})`);
  const p = options?.profiler ?? defaultProfiler;
  const entry = p.register(
    options?.label ?? (fn.name || "<anonymous>"),
    kind,
    options?.log === true,
    options?.sink,
    sampleOption(options, caller),
  );
  return instrument(fn, entry);
}

/** The class whose own metadata object is `metadata`, searched from `start` up its chain. */
function ownerOf(start: unknown, metadata: object): Function | undefined {
  for (let c: unknown = start; typeof c === "function" && c !== Function.prototype; c = Object.getPrototypeOf(c)) {
    if (Object.hasOwn(c, METADATA) && (c as unknown as Record<symbol, unknown>)[METADATA] === metadata) return c as Function;
  }
  return undefined;
}

/**
 * Instruments a decorated method. The entry is named `Class.method`; under
 * standard decorators the class does not exist yet when a member decorator
 * runs, so the name is completed when the first instance is constructed
 * (for a static method: when the class is defined).
 */
export function instrumentMethod(fn: Function, d: Decoration, kind: EntryKind, options: RegisterOptions): Function {
  const p = options.profiler ?? defaultProfiler;
  const member = memberName(d.name) ?? "<anonymous>";
  const name = options.label ?? (d.className !== undefined ? `${d.className}.${member}` : member);
  const entry = p.register(name, kind, options.log === true, options.sink, sampleOption(options, `@${kind}`));
  if (options.label === undefined && d.className === undefined && d.addInitializer !== undefined) {
    let resolved = false;
    const metadata = d.metadata;
    const isStatic = d.isStatic;
    d.addInitializer(function (this: unknown) {
      if (resolved) return;
      resolved = true;
      const owner = ownerOf(isStatic ? this : (this as { constructor?: unknown } | null | undefined)?.constructor, metadata);
      if (owner?.name) entry.name = `${owner.name}.${member}`;
    });
  }
  if (d.name !== undefined) setMemberData(d.metadata, d.name, PROFILE_NAMESPACE, { kind, label: name });
  return instrument(fn, entry);
}

const STATIC_SKIP = new Set<PropertyKey>(["prototype", "name", "length", "caller", "arguments"]);

/**
 * Instruments every method of a class (`@profiled()` on the class): the
 * prototype's own methods and the class's own static methods, each under
 * `Class.method`. Methods already instrumented (by a member decorator) and
 * getters/setters are left alone; inherited methods are profiled by their
 * own class's decorator, under that class's name.
 */
export function instrumentClass(ctor: Function, d: Decoration, kind: EntryKind, options: RegisterOptions): void {
  const p = options.profiler ?? defaultProfiler;
  const className = options.label ?? d.className ?? ctor.name ?? "<anonymous class>";
  const targets: Array<[object, readonly PropertyKey[]]> = [
    [ctor.prototype as object, Reflect.ownKeys(ctor.prototype as object).filter((k) => k !== "constructor")],
    [ctor, Reflect.ownKeys(ctor).filter((k) => !STATIC_SKIP.has(k))],
  ];
  for (const [target, keys] of targets) {
    for (const key of keys) {
      const desc = Object.getOwnPropertyDescriptor(target, key);
      // Methods only: a function-valued data property that is not enumerable (fields are).
      if (!desc || typeof desc.value !== "function" || desc.enumerable || !desc.configurable) continue;
      if (entryOf(desc.value) !== undefined) continue;
      const member = memberName(key) ?? "<anonymous>";
      const entry = p.register(`${className}.${member}`, kind, options.log === true, options.sink, sampleOption(options, `@${kind}`));
      setMemberData(d.metadata, key, PROFILE_NAMESPACE, { kind, label: entry.name });
      Object.defineProperty(target, key, { ...desc, value: instrument(desc.value as Function, entry) });
    }
  }
}
